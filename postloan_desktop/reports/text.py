"""Line breaking for Chinese text with Latin words and numbers in it.

ReportLab's own CJK wrapping (``wordWrap='CJK'``) breaks after any character that fills the
line, so a contract number or an amount inside Chinese text can be cut in two:
"…合同编号DK0102-" / "2025-001…". A report an auditor reads years later must not do that.

``ReportParagraph`` breaks lines the way Chinese typesetting does, simplified from Unicode's
line breaking rules (UAX #14):

- between two CJK characters (ideographs, kana, hangul, fullwidth forms);
- between a CJK character and a Latin word or number, on either side;
- after a run of spaces (the spaces stay at the end of the line and take no width there);
- never inside a run of Latin letters, digits and their punctuation (``DK0102-2025-001``,
  ``1,234,567.89``, ``30.5928``, ``e-mail``), nor before a closing mark (``，。）」%``) or
  after an opening one (``（「《$¥``);
- only when a single such run is wider than the whole line is it cut between characters
  (a 64-digit hash in a narrow box), so nothing ever runs out of its column.

Everything else about the paragraph (markup, styles, splitting across pages) is ReportLab's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    FragLine,
    Paragraph,
    ParaLines,
    cjkFragSplit,
)
from reportlab.rl_config import _FUZZ

# A line may not start with these (closing punctuation, in Chinese and Latin forms) ...
NO_LINE_START = frozenset(
    "!%),.:;?]}¢°’”‰′″℃、。〉》」』】〕〗〙〛〞〟・！％），．：；？］｝～｡｣､･ー…‥–—"
)
# ... nor end with these (opening punctuation and currency signs).
NO_LINE_END = frozenset("$(£¥‘“〈《「『【〔〖〘〚〝（＄［｛￡￥")
# Spaces that do not allow a break.
NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f\u2060\ufeff")
CJK_START = 0x2E80  # CJK radicals; everything from here up is set one character at a time


def is_space(char: str) -> bool:
    if len(char) != 1 or char in NO_BREAK_SPACES:
        return False
    return char == "\t" or unicodedata.category(char) == "Zs"


def is_word_char(char: str) -> bool:
    """Part of a Latin word or a number: letters, digits and the punctuation between them."""
    return bool(char) and ord(char[0]) < CJK_START and not is_space(char)


def can_break_before(previous: str, current: str) -> bool:
    """May a line end between these two characters?"""
    if is_space(current):
        return False  # spaces stay with what comes before them
    if is_space(previous):
        return True
    if current in NO_LINE_START or previous in NO_LINE_END:
        return False
    return not (is_word_char(previous) and is_word_char(current))


def break_points(text: str) -> list[int]:
    """Indexes ``i`` where a line may start at ``text[i]`` (for tests and callers that
    lay out plain strings)."""
    return [i for i in range(1, len(text)) if can_break_before(text[i - 1], text[i])]


@dataclass
class _Segment:
    """Characters between two break opportunities: ``start:end``, trailing spaces included."""

    start: int
    end: int
    width: float  # without the trailing spaces: what must fit on the line
    full_width: float  # with them: where the next segment starts
    hard_break: bool  # a <br/> ends it


_width_tables: dict[tuple[str, float], dict[str, float]] = {}


def _char_width(font: str, size: float) -> Callable[[str], float]:
    table = _width_tables.setdefault((font, size), {})

    def width(char: str) -> float:
        found = table.get(char)
        if found is None:
            found = table[char] = float(stringWidth(char, font, size))
        return found

    return width


def _segments(chars: list[str], widths: list[float], hard: list[bool]) -> list[_Segment]:
    segments: list[_Segment] = []
    start = 0
    n = len(chars)
    width = full = 0.0
    for i in range(n):
        full += widths[i]
        if not is_space(chars[i]):
            width = full
        if i + 1 < n and not hard[i] and not can_break_before(chars[i], chars[i + 1]):
            continue
        segments.append(_Segment(start, i + 1, width, full, hard[i]))
        start, width, full = i + 1, 0.0, 0.0
    return segments


def break_lines(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool) -> Any:
    """ReportLab ``ParaLines`` (kind 1) for ``frags`` in lines no wider than ``max_widths``
    (one width per line, the last one repeated)."""
    if any(hasattr(f, "cbDefn") for f in frags):  # inline images: ReportLab's own way
        return cjkFragSplit(frags, max_widths, calc_bounds)
    chars: list[str] = []
    owners: list[Any] = []
    widths: list[float] = []
    hard: list[bool] = []
    for frag in frags:
        text = frag.text.decode("utf-8") if isinstance(frag.text, bytes) else frag.text
        if not text:  # an empty fragment carries a <br/>
            chars.append("")
            owners.append(frag)
            widths.append(0.0)
            hard.append(hasattr(frag, "lineBreak"))
            continue
        measure = _char_width(frag.fontName, frag.fontSize)
        chars.extend(text)
        owners.extend([frag] * len(text))
        widths.extend(measure(c) for c in text)
        hard.extend([False] * len(text))
    lines: list[Any] = []

    def limit() -> float:
        return float(max_widths[min(len(lines), len(max_widths) - 1)])

    line_start = 0
    used = 0.0  # content width of the current line
    advance = 0.0  # where the next segment would start (trailing spaces included)

    def emit(end: int, line_break: bool) -> None:
        nonlocal line_start, used, advance
        lines.append(_line(chars, owners, line_start, end, limit(), used, line_break))
        line_start, used, advance = end, 0.0, 0.0

    for seg in _segments(chars, widths, hard):
        if seg.start > line_start and advance + seg.width > limit() + _FUZZ:
            emit(seg.start, False)
        if seg.start == line_start and seg.width > limit() + _FUZZ:
            # One word wider than the line: cut it between characters, as little as possible.
            for i in range(seg.start, seg.end):
                over = advance + widths[i] > limit() + _FUZZ
                if i > line_start and over and not is_space(chars[i]):
                    emit(i, False)
                advance += widths[i]
                if not is_space(chars[i]):
                    used = advance
        else:
            used = advance + seg.width
            advance += seg.full_width
        if seg.hard_break:
            emit(seg.end, True)
    if line_start < len(chars) or not lines:
        emit(len(chars), False)
    return ParaLines(kind=1, lines=lines)


def _line(
    chars: list[str],
    owners: list[Any],
    start: int,
    end: int,
    max_width: float,
    used: float,
    line_break: bool,
) -> Any:
    """A ReportLab line of ``chars[start:end]``: one word per run of the same fragment."""
    words = []
    size = ascent = descent = 0.0
    i = start
    while i < end:
        frag = owners[i]
        j = i + 1
        while j < end and owners[j] is frag:
            j += 1
        word = frag.clone()
        word.text = "".join(chars[i:j])
        words.append(word)
        up, down = getAscentDescent(frag.fontName, frag.fontSize)
        size, ascent, descent = max(size, frag.fontSize), max(ascent, up), min(descent, down)
        i = j
    return FragLine(
        kind=1,
        extraSpace=max_width - used,
        wordCount=1,
        words=words,
        fontSize=size,
        ascent=ascent,
        descent=descent,
        maxWidth=max_width,
        currentWidth=used,
        lineBreak=line_break,
    )


def _join_lines(para_lines: Any, start: int, stop: int) -> list[Any]:
    """The fragments of ``lines[start:stop]``, for the second half of a paragraph split
    across pages (ReportLab's version adds a space at every line end)."""
    return [word for line in para_lines.lines[start:stop] for word in line.words]


class ReportParagraph(Paragraph):
    """A paragraph broken into lines by ``break_lines``. Give it ``wordWrap='CJK'`` styles
    (``layout`` does); text is ReportLab paragraph markup: escape user text with ``markup``."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # the first half of a split keeps the lines it was given
        style = self.style
        self.height = 0
        if not self.frags:
            return ParaLines(
                kind=0,
                fontSize=style.fontSize,
                fontName=style.fontName,
                textColor=style.textColor,
                lines=[],
                ascent=style.fontSize,
                descent=-0.2 * style.fontSize,
            )
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        key = (tuple(maxWidths), auto_leading)
        cached = getattr(self, "_lines_for", None)
        if cached is not None and cached[0] == key:
            return cached[1]  # tables wrap each cell several times at the same width
        lines = break_lines(self.frags, maxWidths, auto_leading not in ("", "off"))
        self._lines_for = (key, lines)
        return lines

    def _get_split_blParaFunc(self) -> Any:
        return _join_lines


def markup(text: str) -> str:
    """User text as paragraph markup: ``<``, ``>`` and ``&`` escaped, line ends kept."""
    return "<br/>".join(escape(line) for line in text.splitlines()) if text else ""


def line_texts(para: ReportParagraph) -> list[str]:
    """The text of each line of a wrapped paragraph (for tests)."""
    laid: Any = para
    lines = laid.blPara.lines
    return ["".join(w.text for w in line.words) for line in lines if isinstance(line, FragLine)]
