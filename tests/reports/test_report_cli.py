"""``postloan report sample|preview`` in real processes, and start-up staying free of
ReportLab (the services import the report package; only making a PDF loads ReportLab)."""

import subprocess
import sys
from pathlib import Path

from report_support import fonts, page_count, pdf_text, squeeze

from postloan_desktop.services.bootstrap import open_services


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postloan_desktop", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_report_sample_builds_a_complete_report_with_photos(tmp_path: Path) -> None:
    out = tmp_path / "sample.pdf"
    data = tmp_path / "data"
    result = run("--data-dir", str(data), "report", "sample", str(out))
    assert result.returncode == 0, result.stderr
    pages = page_count(out)
    assert f"{out}: {pages} pages" in result.stdout
    assert "POSTLOAN-REPORT/1 id=" in result.stdout
    text = squeeze(pdf_text(out))
    for words in ("示范农村商业银行", "贷后检查报告", "检查结论", "附件：现场照片",
                  "照片1：借款人经营场所外景", "照片6：", "无GPS坐标", "第1页/共"):  # fmt: skip
        assert words in text, words
    assert "DRAFT" not in text
    assert all(f["emb"] == "yes" for f in fonts(out))
    assert not list(tmp_path.glob(".sample.pdf.*"))  # no temp file left beside it

    # A preview of the same inspection, from the data folder the sample left.
    services = open_services(data)
    inspection = services.inspections.my_inspections()[0].id
    preview = tmp_path / "preview.pdf"
    result = run("--data-dir", str(data), "report", "preview", str(inspection), str(preview))
    assert result.returncode == 0, result.stderr
    assert "草稿DRAFT" in squeeze(pdf_text(preview))


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
        "print(sorted(m for m in ('reportlab', 'PIL') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
