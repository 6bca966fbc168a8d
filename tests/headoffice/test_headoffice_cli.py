"""``postloan-headoffice ca init`` and ``ca issue``, as head-office IT runs them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from headoffice import cli


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("POSTLOAN_")}
    return subprocess.run(
        [sys.executable, "-m", "headoffice.cli", *args],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_init_then_issue_with_passphrases_from_files_and_environment(tmp_path: Path) -> None:
    ca_dir = tmp_path / "ca"
    ca_pass = tmp_path / "ca-pass.txt"
    ca_pass.write_text("head office secret\n", encoding="utf-8")
    init = run(
        "ca", "init", "--dir", str(ca_dir), "--bank", "示例银行", "--passphrase-file", str(ca_pass)
    )
    assert init.returncode == 0, init.stderr
    assert f"trust anchor: {ca_dir / 'ca-cert.pem'}" in init.stdout
    assert "SHA-256:" in init.stdout
    assert "no --crl-url" in init.stdout

    out = tmp_path / "zhangsan.p12"
    issue = run(
        "ca",
        "issue",
        "--dir",
        str(ca_dir),
        "--user-id",
        "u-1",
        "--name",
        "张三",
        "--role",
        "inspector",
        "--branch",
        "江汉支行",
        "--out",
        str(out),
        "--days",
        "30",
        "--ca-passphrase-file",
        str(ca_pass),
        env={"POSTLOAN_USER_PASSPHRASE": "张三 passphrase"},
    )
    assert issue.returncode == 0, issue.stderr
    assert f"wrote {out}" in issue.stdout
    bundle = pkcs12.load_pkcs12(out.read_bytes(), "张三 passphrase".encode())
    assert bundle.cert is not None
    cert = bundle.cert.certificate
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "张三"
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days == 30
    root = x509.load_pem_x509_certificate((ca_dir / "ca-cert.pem").read_bytes())
    cert.verify_directly_issued_by(root)

    again = run(
        "ca",
        "issue",
        "--dir",
        str(ca_dir),
        "--user-id",
        "u-1",
        "--name",
        "张三",
        "--role",
        "inspector",
        "--branch",
        "江汉支行",
        "--out",
        str(out),
        env={"POSTLOAN_CA_PASSPHRASE": "head office secret", "POSTLOAN_USER_PASSPHRASE": "x" * 9},
    )
    assert again.returncode == 1
    assert "exists; refusing to overwrite" in again.stderr


def test_wrong_ca_passphrase_and_missing_passphrase_are_clear_errors(tmp_path: Path) -> None:
    ca_dir = tmp_path / "ca"
    assert (
        run(
            "ca",
            "init",
            "--dir",
            str(ca_dir),
            "--bank",
            "示例银行",
            env={"POSTLOAN_CA_PASSPHRASE": "right passphrase"},
        ).returncode
        == 0
    )
    issue_args = [
        "ca",
        "issue",
        "--dir",
        str(ca_dir),
        "--user-id",
        "u-2",
        "--name",
        "李四",
        "--role",
        "supervisor",
        "--branch",
        "洪山支行",
        "--out",
        str(tmp_path / "lisi.p12"),
    ]
    wrong = run(*issue_args, env={"POSTLOAN_CA_PASSPHRASE": "wrong passphrase"})
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        f"postloan-headoffice: error: wrong CA passphrase (or {ca_dir / 'ca-key.pem'} is damaged)"
    )
    missing = run(*issue_args)
    assert missing.returncode == 1
    assert "no passphrase" in missing.stderr and "POSTLOAN_CA_PASSPHRASE" in missing.stderr
    assert not (tmp_path / "lisi.p12").exists()
    no_ca = run(*[a if a != str(ca_dir) else str(tmp_path) for a in issue_args])
    assert no_ca.returncode == 1
    assert "holds no CA" in no_ca.stderr
    bad_role = run(*[a if a != "supervisor" else "boss" for a in issue_args])
    assert bad_role.returncode == 2
    assert "invalid choice: 'boss'" in bad_role.stderr


class Terminal:
    def isatty(self) -> bool:
        return True


def test_passphrases_are_asked_for_twice_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("POSTLOAN_CA_PASSPHRASE", raising=False)
    monkeypatch.setattr(cli.sys, "stdin", Terminal())
    answers = iter(["first passphrase", "other passphrase"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(answers))
    assert cli.main(["ca", "init", "--dir", str(tmp_path / "ca"), "--bank", "示例银行"]) == 1
    assert "the two passphrases differ" in capsys.readouterr().err
    assert not (tmp_path / "ca" / "ca-key.pem").exists()

    answers = iter(["same passphrase", "same passphrase"])
    assert cli.main(["ca", "init", "--dir", str(tmp_path / "ca"), "--bank", "示例银行"]) == 0
    assert (tmp_path / "ca" / "ca-key.pem").is_file()


def test_the_entry_point_is_installed() -> None:
    script = Path(sys.executable).parent / "postloan-headoffice"
    result = subprocess.run(
        [str(script), "ca", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "init" in result.stdout and "issue" in result.stdout
