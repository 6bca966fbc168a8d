"""``postloan report sample|preview`` and ``postloan verify`` in real processes: the sample
report signed by inspector A, inspector B and the supervisor through the report service with
the demo keys, checked by ``postloan verify`` and by independent tools (poppler's pdfsig,
qpdf); and start-up staying free of ReportLab (the services import the report package; only
making a PDF loads ReportLab)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import signing_support as support
from report_support import fonts, page_count, pdf_text, squeeze

from postloan_desktop.reports.signing import SIGNING_ORDER, signature_fields
from postloan_desktop.services.bootstrap import open_services


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postloan_desktop", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """``postloan report sample`` once: the signed PDF, its data folder and what it printed."""
    folder = tmp_path_factory.mktemp("sample")
    out, data = folder / "sample.pdf", folder / "data"
    result = run("--data-dir", str(data), "report", "sample", str(out))
    assert result.returncode == 0, result.stderr
    return out, data, result.stdout


def test_report_sample_builds_a_complete_signed_report_with_photos(
    sample: tuple[Path, Path, str], tmp_path: Path
) -> None:
    out, data, stdout = sample
    pages = page_count(out)
    assert f"{out}: {pages} pages" in stdout
    assert "POSTLOAN-REPORT/1 id=" in stdout
    assert "signed by: inspector_a, inspector_b, supervisor" in stdout
    text = squeeze(pdf_text(out))
    for words in ("示范农村商业银行", "贷后检查报告", "检查结论", "附件：现场照片",
                  "照片1：借款人经营场所外景", "照片6：", "无GPS坐标", "第1页/共"):  # fmt: skip
        assert words in text, words
    assert "DRAFT" not in text
    assert all(f["emb"] == "yes" for f in fonts(out))
    assert not list(out.parent.glob(".sample.pdf.*"))  # no temp file left beside it

    # Signed in the officers' names, as the report prints them; the inspection approved.
    services = open_services(data)
    row = services.inspections.my_inspections()[0]  # the newest: the sample's
    assert row.status == "approved"
    detail = services.portfolio.loan_detail(row.loan_id)
    names = [s.signer_name for s in services.reports.signatures(row.id)]
    assert detail.officer_a is not None and detail.officer_b is not None
    assert names[:2] == [detail.officer_a.name, detail.officer_b.name]
    for name in names:
        assert name in text
    assert services.reports.report_pdf(row.id) == out.read_bytes()

    # A preview of the same inspection, from the data folder the sample left.
    preview = tmp_path / "preview.pdf"
    result = run("--data-dir", str(data), "report", "preview", str(row.id), str(preview))
    assert result.returncode == 0, result.stderr
    assert "草稿DRAFT" in squeeze(pdf_text(preview))


def test_postloan_verify_finds_three_valid_signatures(sample: tuple[Path, Path, str]) -> None:
    out, data, _ = sample
    result = run("--data-dir", str(data), "verify", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "VALID: 3 signatures intact, trusted" in result.stdout
    result = run("--data-dir", str(data), "verify", "--json", str(out))
    report = json.loads(result.stdout)
    assert report["ok"] and report["certification"] == "fill_forms"
    assert [s["role"] for s in report["signatures"]] == list(SIGNING_ORDER)
    assert report["unsigned_fields"] == []


def test_pdfsig_and_qpdf_accept_the_sample(sample: tuple[Path, Path, str], tmp_path: Path) -> None:
    out, data, _ = sample
    nss = support.nss_database(tmp_path / "nss", data / "keys" / "headoffice-ca.pem")
    signatures = support.pdfsig(out, nss)
    assert [s.field for s in signatures] == list(SIGNING_ORDER)
    for s in signatures:
        assert s.signature == "Signature is Valid.", s
        assert s.certificate == "Certificate is Trusted.", s
    assert [s.whole_document for s in signatures] == [False, False, True]
    check = support.qpdf_check(out)
    assert check.returncode == 0, check.stdout + check.stderr


def test_one_changed_byte_fails_every_check(sample: tuple[Path, Path, str], tmp_path: Path) -> None:
    out, data, _ = sample
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(support.flip_byte_in_first_page(out.read_bytes()))
    result = run("--data-dir", str(data), "verify", str(tampered))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "NOT VALID" in result.stdout
    nss = support.nss_database(tmp_path / "nss", data / "keys" / "headoffice-ca.pem")
    signatures = support.pdfsig(tampered, nss)
    assert len(signatures) == 3
    for s in signatures:
        assert s.signature == "Digest Mismatch.", s


def test_report_sample_unsigned_leaves_three_empty_fields(tmp_path: Path) -> None:
    out = tmp_path / "unsigned.pdf"
    result = run("--data-dir", str(tmp_path / "data"), "report", "sample", "--unsigned", str(out))
    assert result.returncode == 0, result.stderr
    assert "signed by" not in result.stdout
    fields = signature_fields(out.read_bytes())
    assert list(fields) == list(SIGNING_ORDER)
    assert not any(f.signed for f in fields.values())
    check = open_services(tmp_path / "data").reports.verify_pdf(out.read_bytes())
    assert not check.ok and check.problems == ("the report carries no signature",)
    assert check.unsigned_fields == tuple(SIGNING_ORDER)


def test_report_preview_of_a_bad_id_says_so(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path), "report", "preview", "not-an-id", "x.pdf")
    assert result.returncode == 2
    assert "not an inspection id: not-an-id" in result.stderr
    missing = "00000000-0000-0000-0000-000000000000"
    result = run("--data-dir", str(tmp_path), "report", "preview", missing, "x.pdf")
    assert result.returncode == 1
    assert f"inspection {missing} does not exist" in result.stderr
    assert not (Path.cwd() / "x.pdf").exists()


def test_start_up_and_the_command_line_load_no_reportlab(tmp_path: Path) -> None:
    open_services(tmp_path)  # migrate and publish first, as a second start finds it
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import postloan_desktop.cli\n"
        "from postloan_desktop.services.bootstrap import open_services\n"
        f"services = open_services(Path({str(tmp_path)!r}))\n"
        "assert services.reports is not None\n"
        "heavy = ('reportlab', 'PIL', 'pyhanko', 'cryptography', 'headoffice')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
