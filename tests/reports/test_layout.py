"""The PDF itself, read back with independent tools (poppler's pdftotext, pdffonts and
pdftoppm, qpdf): what a reader, an auditor or a signing tool finds in it."""

import dataclasses
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from report_support import (
    LONG_TEXT,
    TOKENS,
    ReportSetting,
    answer_everything,
    fonts,
    make_content,
    page_count,
    pdf_text,
    photo,
    squeeze,
    write,
)

from postloan_desktop.reports.content import ReportContent, ReportItem, ReportSection, report_digest
from postloan_desktop.reports.layout import LaidOut, render

Render = Callable[[ReportContent], tuple[Path, LaidOut]]


def assert_sound_pdf(path: Path, laid: LaidOut, *, language: str = "zh") -> None:
    """qpdf finds nothing wrong; every font is embedded; every page says which it is."""
    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    found = fonts(path)
    assert found, "no font at all?"
    assert all(f["emb"] == "yes" for f in found), [f["line"] for f in found]
    assert all("WenQuanYi" in f["name"] for f in found), [f["line"] for f in found]
    pages = page_count(path)
    assert pages == laid.page_count
    for page in range(1, pages + 1):
        footer = f"第{page}页/共{pages}页" if language == "zh" else f"Page{page}of{pages}"
        assert footer in squeeze(pdf_text(path, page=page)), page


def test_a_complete_report_prints_every_answer_in_chinese(
    report_setting: ReportSetting, tmp_path: Path
) -> None:
    s = report_setting
    answer_everything(s)
    records = s.import_photos(tmp_path, 5)
    laid = s.reports.unsigned(s.inspection, "zh")
    path = write(tmp_path, "report.pdf", laid.pdf)
    content = s.reports.content(s.inspection, "zh", draft=False)
    text = squeeze(pdf_text(path))

    items = [i for section in content.sections for i in section.items] + list(content.conclusion)
    assert len(items) > 40
    for item in items:
        assert squeeze(item.question) in text, item.question
        assert squeeze(item.answer) in text, item.answer
    for section in content.sections:
        assert squeeze(section.title) in text, section.title
    for words in ("贷后检查报告", "报告编号", content.report_no, "检查类型", "定期检查",
                  "检查日期", "检查地点", content.loan.contract_no, content.loan.borrower_name,
                  "风险预警信号", "未解除的风险预警及处理情况", "抵（质）押物", "检查结论",
                  "检查人（A角）", "检查人（B角）", "审批人（信贷主管）", "附件：现场照片",
                  "现场照片1号", "现场照片5号", "拍摄时间：2026-11-28"):  # fmt: skip
        assert squeeze(words) in text, words
    assert "DRAFT" not in text and "草稿" not in text
    assert laid.digest == report_digest(content)
    assert_sound_pdf(path, laid)
    # The photos' report renditions are in the file byte for byte.
    for record in records:
        assert laid.pdf.count(s.blobs.read(record.report_sha256)) == 1


def test_previews_carry_the_draft_watermark_and_reports_do_not(render_pdf: Render) -> None:
    draft_path, draft = render_pdf(make_content(draft=True))
    final_path, _ = render_pdf(make_content(draft=False))
    for page in range(1, draft.page_count + 1):
        assert "草稿DRAFT" in squeeze(pdf_text(draft_path, page=page)), page
    assert "草稿预览" in squeeze(pdf_text(draft_path))
    assert "DRAFT" not in pdf_text(final_path) and "草稿" not in pdf_text(final_path)
    assert_sound_pdf(draft_path, draft)


def test_english_reports_use_english_labels(render_pdf: Render) -> None:
    path, laid = render_pdf(make_content(language="en", draft=True))
    text = squeeze(pdf_text(path))
    for words in ("Post-loan inspection report", "Report no.", "Borrower and loan",
                  "Risk signals raised", "Open warnings and their handling", "Collateral",
                  "Conclusion", "Inspector A", "Inspector B", "Supervisor", "DRAFT"):  # fmt: skip
        assert squeeze(words) in text, words
    for chinese in ("报告编号", "检查地点", "借款人及贷款概况", "签名", "第1页"):
        assert chinese not in text, chinese
    assert_sound_pdf(path, laid, language="en")


def test_numbers_and_contract_numbers_stay_whole_on_the_page(render_pdf: Render) -> None:
    path, _ = render_pdf(make_content())
    lines = pdf_text(path).splitlines()
    for token in TOKENS:
        whole = sum(line.count(token) for line in lines)
        assert whole == squeeze(pdf_text(path)).count(token), token  # never across two lines
        assert whole >= 2


def test_a_long_answer_runs_on_to_the_next_pages(render_pdf: Render) -> None:
    long = "".join(f"第{n}段：{LONG_TEXT}" for n in range(60))
    section = ReportSection("长文本", (ReportItem("检查意见及后续管理建议", long, LONG_TEXT),))
    _, short = render_pdf(make_content())
    path, laid = render_pdf(make_content(sections=(section,)))
    assert laid.page_count >= short.page_count + 2
    text = squeeze(pdf_text(path, body=True))
    assert text.count("长文本") >= 3  # the section's title is repeated on every page it spans
    assert squeeze(long) in text.replace("长文本", "")
    assert_sound_pdf(path, laid)


def test_photos_are_embedded_as_they_are(render_pdf: Render) -> None:
    photos = [photo(n) for n in range(6)]
    jpegs: list[bytes] = [p.image for p in photos]  # type: ignore[misc]
    _, bare = render_pdf(make_content())
    path, laid = render_pdf(make_content(photos=(*photos, photos[0])))  # one shown twice
    for data in jpegs:
        assert laid.pdf.count(data) == 1  # verbatim, and stored once when shown twice
    assert b"/DCTDecode" in laid.pdf
    assert b"ASCII85" not in laid.pdf
    added = len(laid.pdf) - len(bare.pdf)
    assert sum(map(len, jpegs)) < added < sum(map(len, jpegs)) + 7 * 2000
    assert_sound_pdf(path, laid)
    text = squeeze(pdf_text(path))
    assert "照片7：照片说明0" in text and "坐标：30.59280,114.30550" in text
    # 2 to 4 photos a page
    pages = [squeeze(pdf_text(path, page=p)) for p in range(1, laid.page_count + 1)]
    per_page = [sum(f"照片{n}：" in page for n in range(1, 8)) for page in pages]
    assert [n for n in per_page if n] == [4, 3]


def test_a_photo_whose_file_is_missing_prints_a_placeholder(
    render_pdf: Render, tmp_path: Path
) -> None:
    gone = photo(1, image=None)
    moved = photo(2, image=tmp_path / "no-such-file.jpg")
    broken = photo(3, image=b"\xff\xd8 this is not a JPEG")
    path, laid = render_pdf(make_content(photos=(gone, moved, broken, photo(4))))
    text = squeeze(pdf_text(path))
    assert text.count("照片文件缺失") == 2
    assert f"(sha256{gone.sha256})" in text and f"(sha256{moved.sha256})" in text
    assert f"照片文件无法读取(sha256{broken.sha256})" in text
    assert "照片4：照片说明4" in text
    assert_sound_pdf(path, laid)


def white_inside(png: Path, box: tuple[float, float, float, float], page_height: float) -> bool:
    """Every pixel a few points inside the box is white (rendered at 72 dpi: 1 px = 1 pt)."""
    x1, y1, x2, y2 = box
    with Image.open(png) as image:
        region = image.convert("L").crop(
            (int(x1) + 3, int(page_height - y2) + 3, int(x2) - 3, int(page_height - y1) - 3)
        )
        return bool(region.getextrema()[0] >= 250)


def test_signature_boxes_are_empty_spaces_on_the_signature_page(
    render_pdf: Render, tmp_path: Path
) -> None:
    content = make_content(photos=tuple(photo(n) for n in range(5)))
    path, laid = render_pdf(content)
    boxes = laid.signature_boxes
    assert set(boxes) == {"inspector_a", "inspector_b", "supervisor"}
    pages = {box.page_index for box in boxes.values()}
    assert len(pages) == 1  # side by side on one page
    page = pages.pop()
    assert 0 <= page < laid.page_count
    text = squeeze(pdf_text(path, page=page + 1))
    assert "检查人（A角）" in text and "李四" in text and "审批人（信贷主管）" in text
    width, height = 595.28, 841.89
    ordered = [boxes[r].box for r in ("inspector_a", "inspector_b", "supervisor")]
    for x1, y1, x2, y2 in ordered:
        assert 0 < x1 < x2 < width and 0 < y1 < y2 < height
        assert x2 - x1 >= 150 and y2 - y1 >= 80  # room for a stamp: image, name, role, time
    assert ordered[0][2] < ordered[1][0] and ordered[1][2] < ordered[2][0]  # no overlap
    assert len({(b[1], b[3]) for b in ordered}) == 1  # level
    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-f", str(page + 1), "-l", str(page + 1),
         str(path), str(tmp_path / "sig")],
        check=True,
    )  # fmt: skip
    png = next(tmp_path.glob("sig*.png"))
    assert all(white_inside(png, box, height) for box in ordered)
    x1, y1, x2, y2 = ordered[0]
    assert not white_inside(png, (x1, y1, x2, y2 + 40), height)  # the check sees the label


def test_the_qr_code_holds_the_report_id_and_digest(render_pdf: Render) -> None:
    content = make_content()
    _, laid = render_pdf(content)
    assert laid.qr_payload == (
        f"POSTLOAN-REPORT/1 id={content.report_id} sha256={report_digest(content)}"
    )
    changed = dataclasses.replace(content, warnings_handling="另作说明")
    _, other = render_pdf(changed)
    assert other.digest != laid.digest


def test_rendering_is_repeatable_in_layout(render_pdf: Render) -> None:
    content = make_content(photos=(photo(1),))
    _, first = render_pdf(content)
    _, second = render_pdf(content)
    assert first.signature_boxes == second.signature_boxes
    assert first.page_count == second.page_count


@pytest.mark.parametrize("language", ["de", ""])
def test_unknown_languages_are_refused(language: str) -> None:
    with pytest.raises(ValueError, match="zh or en"):
        render(make_content(language=language))
