"""Line breaking: between Chinese characters and at spaces, never inside a Latin word or a
number, never before a closing mark or after an opening one."""

import itertools

import pytest
from report_support import LONG_TEXT, TOKENS
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from postloan_desktop.reports.fonts import cjk_font
from postloan_desktop.reports.text import (
    NO_LINE_END,
    NO_LINE_START,
    ReportParagraph,
    break_points,
    line_texts,
    markup,
)


@pytest.fixture(scope="module")
def style() -> ParagraphStyle:
    return ParagraphStyle("t", fontName=cjk_font(), fontSize=10, leading=14, wordWrap="CJK")


def lines_of(text: str, width: float, style: ParagraphStyle) -> list[str]:
    para = ReportParagraph(markup(text), style)
    para.wrap(width, 10_000)
    return line_texts(para)


def token_cut(lines: list[str], token: str) -> bool:
    """Does a line end inside ``token`` (its start on one line, its rest on the next)?"""
    return any(
        first.endswith(token[:i]) and second.startswith(token[i:])
        for first, second in itertools.pairwise(lines)
        for i in range(1, len(token))
    )


@pytest.mark.parametrize("width", [100, 112, 125, 140, 163, 190, 230])
def test_numbers_and_codes_in_chinese_text_are_never_cut(
    width: float, style: ParagraphStyle
) -> None:
    lines = lines_of(LONG_TEXT, width, style)
    assert len(lines) >= 3  # narrow enough to break many times
    assert "".join(lines) == LONG_TEXT  # nothing lost, nothing added
    for token in TOKENS:
        assert not token_cut(lines, token), (token, lines)
        assert any(token in line for line in lines), (token, lines)
    for line in lines:
        assert line[0] not in NO_LINE_START, lines
        assert line[-1] not in NO_LINE_END, lines


def test_reportlab_alone_cuts_them_which_is_why_the_paragraph_exists(
    style: ParagraphStyle,
) -> None:
    """ReportLab's own CJK wrapping, for comparison: it does cut the contract number."""
    cuts = 0
    for width in (100, 112, 125, 140, 163, 190, 230):
        para = Paragraph(LONG_TEXT, style)
        para.wrap(width, 10_000)
        lines = [  # ReportLab's simple lines are (space, [text]) pairs
            "".join(line[1]) if isinstance(line, tuple) else "".join(w.text for w in line.words)
            for line in para.blPara.lines
        ]
        cuts += sum(token_cut(lines, t) for t in TOKENS)
    assert cuts > 0


def test_lines_fit_their_width(style: ParagraphStyle) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for width in (100, 140, 230):
        for line in lines_of(LONG_TEXT * 3, width, style):
            assert stringWidth(line.rstrip(), style.fontName, style.fontSize) <= width + 0.01


def test_english_breaks_at_spaces_and_chinese_anywhere(style: ParagraphStyle) -> None:
    text = "Were the funds diverted to another purpose? 是否挪用信贷资金用于其他用途"
    lines = lines_of(text, 120, style)
    words = set(text.split())
    for line in lines:
        for word in line.split():
            if word.isascii():
                assert word in words, lines  # no English word split
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_word_wider_than_the_line_is_cut_rather_than_overflowing(
    style: ParagraphStyle,
) -> None:
    digest = "9f07165fc05e1974607571ba59638f0bba6dab0ecf5969715fe1e0001df7323f"
    lines = lines_of(f"照片文件缺失 (sha256 {digest})", 120, style)
    assert "".join(lines).replace(" ", "") == f"照片文件缺失(sha256{digest})"
    assert len(lines) >= 4


def test_line_ends_and_markup_survive(style: ParagraphStyle) -> None:
    lines = lines_of("第一行<b>&\n第二行", 400, style)
    assert lines == ["第一行<b>&", "第二行"]


def test_break_points() -> None:
    assert break_points("编号DK01-2号") == [1, 2, 8]
    assert break_points("（DK01）。好") == [7]
    assert break_points("a b") == [2]
