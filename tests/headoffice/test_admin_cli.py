"""``postloan-headoffice`` admin commands on the embedded SQLite database: branches,
accounts, passwords, templates and an account's signing certificate."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from headoffice.accounts import LoginLocked, LoginRefused, Throttle, login, record_failure
from headoffice.cli import main
from headoffice.db import create_server_engine
from headoffice.models import Account, Record
from postloan_desktop.reports.keys import open_pkcs12


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POSTLOAN_PASSWORD", "first password 1")
    monkeypatch.setenv("POSTLOAN_CA_PASSPHRASE", "ca passphrase 1")
    monkeypatch.setenv("POSTLOAN_USER_PASSPHRASE", "key passphrase 1")
    folder = tmp_path / "ho"
    assert main(["db", "upgrade", "--data-dir", str(folder)]) == 0
    assert (
        main(["branch", "add", "--data-dir", str(folder), "--code", "0102", "--name", "江汉支行"])
        == 0
    )
    return folder


def session(folder: Path) -> Session:
    return Session(create_server_engine(f"sqlite:///{folder / 'headoffice.sqlite3'}"))


def add_user(folder: Path, username: str, *roles: str) -> int:
    args = ["user", "add", "--data-dir", str(folder), "--username", username]
    args += ["--name", "张三", "--branch", "0102"]
    for role in roles:
        args += ["--role", role]
    return main(args)


def test_accounts_are_made_once_and_mirrored_for_the_laptops(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add_user(data_dir, "zhang", "inspector") == 0
    assert add_user(data_dir, "zhang", "inspector") == 1
    assert "taken" in capsys.readouterr().err
    with session(data_dir) as s:
        account = s.scalar(select(Account).where(Account.username == "zhang"))
        assert account is not None and account.password_hash.startswith("$argon2id$")
        users = s.scalars(select(Record).where(Record.entity == "user")).all()
        assert [u.data["username"] for u in users] == ["zhang"]
        roles = s.scalars(select(Record).where(Record.entity == "user_role")).all()
        assert [r.data["role"] for r in roles] == ["inspector"]


def test_a_new_password_ends_the_old_one_and_a_disabled_account_cannot_log_in(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import uuid

    add_user(data_dir, "zhang", "inspector")
    monkeypatch.setenv("POSTLOAN_PASSWORD", "second password 2")
    assert main(["user", "password", "--data-dir", str(data_dir), "zhang"]) == 0

    def try_login(password: str) -> None:
        with session(data_dir) as s, s.begin():
            login(
                s,
                username="zhang",
                password=password,
                device_id=uuid.uuid4(),
                device_name="t",
                lifetime=dt.timedelta(hours=1),
            )

    with pytest.raises(LoginRefused):
        try_login("first password 1")
    try_login("second password 2")
    assert main(["user", "disable", "--data-dir", str(data_dir), "zhang"]) == 0
    with pytest.raises(LoginRefused):
        try_login("second password 2")


def test_unlock_lets_a_locked_username_log_in_at_once(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt
    import uuid

    add_user(data_dir, "zhang", "inspector")
    throttle = Throttle()
    with session(data_dir) as s, s.begin():
        for _ in range(throttle.max_failures):
            until = record_failure(s, "zhang", throttle)
    assert until is not None

    def try_login() -> None:
        with session(data_dir) as s, s.begin():
            login(
                s,
                username="zhang",
                password="first password 1",
                device_id=uuid.uuid4(),
                device_name="t",
                lifetime=dt.timedelta(hours=1),
            )

    with pytest.raises(LoginLocked):
        try_login()
    assert main(["user", "unlock", "--data-dir", str(data_dir), "zhang"]) == 0
    assert "unlocked zhang" in capsys.readouterr().out
    try_login()
    assert main(["user", "unlock", "--data-dir", str(data_dir), "zhang"]) == 0
    assert "was not locked" in capsys.readouterr().out


def test_templates_are_published_once(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "publish", "--data-dir", str(data_dir)]) == 0
    assert "published" in capsys.readouterr().out
    assert main(["template", "publish", "--data-dir", str(data_dir)]) == 0
    assert "nothing new" in capsys.readouterr().out


def test_an_accounts_certificate_carries_its_id_name_role_and_branch(data_dir: Path) -> None:
    add_user(data_dir, "wang", "supervisor")
    ca = data_dir / "ca"
    assert main(["ca", "init", "--dir", str(ca), "--bank", "示范银行"]) == 0
    out = data_dir / "wang.p12"
    args = ["user", "cert", "wang", "--data-dir", str(data_dir), "--ca-dir", str(ca)]
    assert main([*args, "--out", str(out)]) == 0
    info = open_pkcs12(out.read_bytes(), "key passphrase 1").info
    with session(data_dir) as s:
        account = s.scalar(select(Account).where(Account.username == "wang"))
        assert account is not None
    assert info.user_id == str(account.id)
    assert info.name == "张三"
    assert main([*args, "--out", str(out)]) == 1  # never overwrites a key file
    assert (
        main(
            [
                "user",
                "cert",
                "nobody",
                "--data-dir",
                str(data_dir),
                "--ca-dir",
                str(ca),
                "--out",
                str(data_dir / "x.p12"),
            ]
        )
        == 1
    )
