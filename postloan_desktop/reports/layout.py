"""The bank's 贷后检查报告 as a PDF (ReportLab), from a ``ReportContent``.

Pages, in order: the header (bank and branch, title, report number, inspection kind, date,
place, and a QR code with the report id and the content digest — see ``content``), the
borrower and loan summary, every checklist section with its answers and notes, the risk
signals raised, the open warnings with their handling, the collateral table with value
changes, the conclusion, the signature blocks (inspector A, inspector B, supervisor) and the
photo appendix, up to four photos a page. Every page says "第 x 页 / 共 y 页"; later pages carry
the report number at the top. A draft (a preview) carries a diagonal "草稿 DRAFT" watermark.

Signatures: each signature block has an empty box for the visible stamp; ``render`` returns
where each box landed (``LaidOut.signature_boxes``: page index from 0, and the rectangle in
PDF points from the page's bottom left), so signing can put its signature fields there
without touching the page content.

Photos go in as their report renditions' JPEG bytes, unchanged (DCTDecode, no ASCII85, no
re-encoding, the same photo twice stored once). A photo whose file is missing prints a
placeholder box with its SHA-256.

The text is set in one embedded TrueType Chinese font (``fonts``); headings are emboldened by
stroking the glyph outlines, as no bold face can be relied on. Lines break as Chinese text
does without cutting Latin words or numbers (``text``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from reportlab import rl_config
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from postloan_desktop.domain.money import format_fen
from postloan_desktop.reports import labels
from postloan_desktop.reports.content import (
    ItemState,
    ReportContent,
    ReportItem,
    ReportPhoto,
    SignatureRole,
    qr_payload,
    report_digest,
)
from postloan_desktop.reports.fonts import cjk_font
from postloan_desktop.reports.text import ReportParagraph, markup

PAGE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
WIDTH = PAGE[0] - 2 * MARGIN_X  # of the text frame

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8c8c8c")
SHADE = colors.HexColor("#eef1f5")
HEAD_SHADE = colors.HexColor("#dde3ea")
ACCENT = colors.HexColor("#1f3b63")  # the bank's dark blue
RED = colors.HexColor("#b3261e")
ORANGE = colors.HexColor("#b85c00")
LEVEL_COLORS = {"alert": RED, "warning": ORANGE, "notice": colors.HexColor("#2f5d8a")}

QR_SIZE = 74  # points: about 26 mm, modules of about 0.5 mm
SIGNATURE_BOX_HEIGHT = 86  # points: room for a handwritten stamp with name, role and time
PHOTO_BOX_HEIGHT = 232  # points: the image area of each photo cell
PHOTO_GAP = 10
PHOTOS_PER_PAGE = 4
PLACEHOLDER_HEIGHT = 150  # points: the box printed for a photo whose file is missing
HEADING_ROOM = 110  # points a heading needs below it, or it starts the next page


class SignatureBox(NamedTuple):
    """Where a signature's visible stamp goes: a page (from 0) and a rectangle
    ``(x1, y1, x2, y2)`` in PDF points from the bottom left of the page."""

    page_index: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class LaidOut:
    pdf: bytes
    signature_boxes: Mapping[str, SignatureBox]  # by SignatureRole value
    page_count: int
    digest: str  # report_digest(content), as in the QR code
    qr_payload: str


# --- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    font: str
    body: ParagraphStyle
    cell: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    note: ParagraphStyle
    number: ParagraphStyle
    center: ParagraphStyle
    head: ParagraphStyle
    subhead: ParagraphStyle
    title: ParagraphStyle
    bank: ParagraphStyle

    @classmethod
    def make(cls, font: str) -> _Styles:
        def style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=size,
                leading=leading,
                wordWrap="CJK",
                textColor=kw.pop("textColor", INK),
                **kw,
            )

        return cls(
            font=font,
            body=style("body", 9.5, 14.5),
            cell=style("cell", 9, 13),
            label=style("label", 9, 13, textColor=colors.HexColor("#333333")),
            small=style("small", 8, 11, textColor=MUTED),
            note=style("note", 8.5, 12, textColor=MUTED),
            number=style("number", 8.5, 12, alignment=TA_RIGHT),
            center=style("center", 8.5, 12, alignment=TA_CENTER),
            head=style("head", 12, 16, textColor=ACCENT, spaceBefore=14, spaceAfter=6),
            subhead=style("subhead", 10, 14),
            title=style("title", 20, 26, alignment=TA_CENTER, spaceAfter=2),
            bank=style("bank", 11, 15, alignment=TA_CENTER, textColor=MUTED),
        )


def _p(text: str, style: ParagraphStyle) -> ReportParagraph:
    return ReportParagraph(markup(text), style)


class _Bold(Flowable):
    """Draws a paragraph with its glyph outlines stroked as well as filled: a bold face
    from a font that has none (text render mode 2)."""

    def __init__(self, para: ReportParagraph, weight: float = 0.35) -> None:
        super().__init__()
        self._para = para
        self._weight = weight

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self._para.wrap(available_width, available_height)
        self.width, self.height = width, height
        return width, height

    def getSpaceBefore(self) -> float:
        return float(self._para.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self._para.getSpaceAfter())

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(self._weight)
        canv.setStrokeColor(self._para.style.textColor)
        mode = canv.beginText()
        mode.setTextRenderMode(2)
        canv.drawText(mode)  # "2 Tr" stays in the graphics state until restoreState
        self._para.drawOn(canv, 0, 0)
        canv.restoreState()


def _bold(text: str, style: ParagraphStyle, weight: float = 0.35) -> _Bold:
    return _Bold(_p(text, style), weight)


# --- formatting -----------------------------------------------------------------------------


def _money(fen: int | None) -> str:
    return "—" if fen is None else format_fen(fen)


def _signed_money(fen: int | None) -> str:
    if fen is None:
        return "—"
    return ("+" if fen > 0 else "") + format_fen(fen)


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{'+' if value > 0 else ''}{value:.2f}%"


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "—"


def _months(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _rate(bp: int) -> str:
    return f"{Decimal(bp) / 100:.2f}%"


# --- pages ----------------------------------------------------------------------------------


@dataclass
class _Decor:
    """What every page gets once the page count is known: header, footer, watermark."""

    content: ReportContent
    styles: _Styles

    def draw(self, canv: Canvas, page: int, pages: int) -> None:
        c = self.content
        lang = c.language
        font = self.styles.font
        width, height = PAGE
        canv.saveState()
        canv.setFont(font, 8.5)
        canv.setFillColor(MUTED)
        footer = labels.text("page", lang, page=page, pages=pages)
        canv.drawCentredString(width / 2, MARGIN_BOTTOM / 2 - 3, footer)
        canv.setFont(font, 7.5)
        canv.drawString(MARGIN_X, MARGIN_BOTTOM / 2 - 3, c.report_no)
        if page > 1:
            top = height - MARGIN_TOP / 2
            canv.drawString(
                MARGIN_X,
                top,
                f"{labels.text('title', lang)} · {c.loan.borrower_name} · {c.loan.contract_no}",
            )
            canv.drawRightString(
                width - MARGIN_X, top, f"{labels.text('report_no', lang)} {c.report_no}"
            )
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.4)
            canv.line(MARGIN_X, top - 4, width - MARGIN_X, top - 4)
        if c.draft:
            canv.setFillColor(RED)
            canv.setFillAlpha(0.13)
            canv.setFont(font, 88)
            canv.translate(width / 2, height / 2)
            canv.rotate(52)
            canv.drawCentredString(0, -30, labels.text("draft", lang))
        canv.restoreState()


def _canvas_maker(decor: _Decor) -> Callable[..., Canvas]:
    class ReportCanvas(Canvas):
        """Keeps each finished page until the end, then draws "page x of y" on it."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Its own font from the start: no reference to a non-embedded Helvetica.
            kwargs["initialFontName"] = decor.styles.font
            super().__init__(*args, **kwargs)
            self._finished: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._finished.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            pages = len(self._finished)
            for number, state in enumerate(self._finished, start=1):
                self.__dict__.update(state)
                decor.draw(self, number, pages)
                super().showPage()
            super().save()

    return ReportCanvas


# --- photos ---------------------------------------------------------------------------------


def _jpeg_size(data: bytes) -> tuple[int, int, int] | None:
    """(width, height, components) from a JPEG's frame header, None if it is not one."""
    if not data.startswith(b"\xff\xd8"):
        return None
    try:
        info: Any = readJPEGInfo(io.BytesIO(data))  # the stubs say None
        width, height, components, _dpi = info
    except Exception:  # ReportLab raises bare Exceptions and struct errors on bad files
        return None
    if width <= 0 or height <= 0 or components not in (1, 3, 4):
        return None
    return int(width), int(height), int(components)


def draw_jpeg(canv: Canvas, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Place JPEG bytes as they are (DCTDecode, no ASCII85): what ``drawImage`` does for a
    ``.jpg`` file when ASCII85 is off, without decoding the picture to name it."""
    size = _jpeg_size(data)
    if size is None:
        raise ValueError("not a JPEG")
    c: Any = canv  # ReportLab's image registry is not in its public interface
    name = "jpeg" + hashlib.sha256(data).hexdigest()[:32]
    reg_name = c._doc.getXObjectName(name)
    if not c._doc.idToObject.get(reg_name):
        image: Any = PDFImageXObject(name)
        image.width, image.height, components = size
        image.bitsPerComponent = 8
        image.colorSpace = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}[components]
        if components == 4:
            image._dotrans = 1  # Adobe's inverted CMYK, as ReportLab does
        image.streamContent = data
        image._filters = ("DCTDecode",)
        image.mask = None
        c._setXObjects(image)
        c._doc.Reference(image, reg_name)
        c._doc.addForm(name, image)
    c._currentPageHasImages = 1
    canv.saveState()
    canv.translate(x, y)
    canv.scale(width, height)
    canv.doForm(name)  # draws it and lists it in the page's resources
    canv.restoreState()


def _photo_bytes(photo: ReportPhoto) -> bytes | None:
    if isinstance(photo.image, bytes):
        return photo.image
    if isinstance(photo.image, Path):
        try:
            return photo.image.read_bytes()
        except OSError:
            return None
    return None


class _PhotoCell(Flowable):
    """One photo: the picture fitted in its box (or a placeholder), then its caption,
    subject, capture time, position and provenance warnings."""

    def __init__(self, photo: ReportPhoto, number: int, styles: _Styles, language: str) -> None:
        super().__init__()
        self.photo = photo
        self.data = _photo_bytes(photo)
        self.size = _jpeg_size(self.data) if self.data is not None else None
        self.styles = styles
        lang = language
        title = f"{labels.text('photo', lang)} {number}"
        if photo.caption:
            title += f"：{photo.caption}" if lang == "zh" else f": {photo.caption}"
        self.title = _p(title, styles.cell)
        facts = []
        if photo.subject:
            facts.append(photo.subject)
        taken = (
            f"{labels.text('taken', lang)}：{photo.captured_at:%Y-%m-%d %H:%M:%S}"
            if photo.captured_at
            else labels.text("taken_unknown", lang)
        )
        gps = (
            f"{labels.text('gps', lang)}：{photo.gps[0]:.5f}, {photo.gps[1]:.5f}"
            if photo.gps
            else labels.text("gps_unknown", lang)
        )
        facts.append(f"{taken}　{gps}")
        self.facts = [_p(line, styles.small) for line in facts]
        warn_style = ParagraphStyle("warn", parent=styles.small, textColor=ORANGE)
        self.warnings = [_p(f"※ {w}", warn_style) for w in photo.warnings]
        if self.size is None:
            key = "photo_missing" if self.data is None else "photo_unreadable"
            self.placeholder: ReportParagraph | None = _p(
                f"{labels.text(key, lang)}\n(sha256 {photo.sha256})",
                ParagraphStyle("missing", parent=styles.center, textColor=RED),
            )
        else:
            self.placeholder = None

    def _texts(self) -> list[ReportParagraph]:
        return [self.title, *self.facts, *self.warnings]

    def _picture_size(self, width: float) -> tuple[float, float]:
        """The picture fitted to the cell's width and at most PHOTO_BOX_HEIGHT high."""
        if self.size is None:
            return width, PLACEHOLDER_HEIGHT
        pixel_w, pixel_h, _ = self.size
        scale = min(width / pixel_w, PHOTO_BOX_HEIGHT / pixel_h)
        return pixel_w * scale, pixel_h * scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        text_height = sum(p.wrap(available_width, 10_000)[1] + 1.5 for p in self._texts())
        self.height = self._picture_size(available_width)[1] + 5 + text_height
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        w, h = self._picture_size(self.width)
        box_y = self.height - h
        if self.size is not None and self.data is not None:
            draw_jpeg(canv, self.data, (self.width - w) / 2, box_y, w, h)
        else:
            assert self.placeholder is not None
            canv.saveState()
            canv.setStrokeColor(RED)
            canv.setDash(4, 3)
            canv.setLineWidth(0.8)
            canv.rect(0, box_y, self.width, h)
            canv.restoreState()
            _, ph = self.placeholder.wrap(self.width - 24, h)
            self.placeholder.drawOn(canv, 12, box_y + (h - ph) / 2)
        y = box_y - 5
        for para in self._texts():
            _, h = para.wrap(self.width, 10_000)
            y -= h
            para.drawOn(canv, 0, y)
            y -= 1.5


# --- signatures -----------------------------------------------------------------------------


class _SignatureBlock(Flowable):
    """A role, a name and an empty box for the signature's visible stamp; records where the
    box lands on the page."""

    def __init__(
        self, role: str, name: str, styles: _Styles, language: str, found: dict[str, SignatureBox]
    ) -> None:
        super().__init__()
        self.role = role
        self.found = found
        self.heading = _bold(labels.signature_role(role, language), styles.cell, 0.3)
        self.name = _p(name or "\u00a0", styles.cell)  # an empty line keeps the boxes level
        self.hint = _p(labels.text("sign_here", language), styles.small)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.heights = [p.wrap(available_width, 1000)[1] for p in (self.heading, self.name)]
        self.hint_height = self.hint.wrap(available_width, 1000)[1]
        self.height = sum(self.heights) + 4 + self.hint_height + 2 + SIGNATURE_BOX_HEIGHT
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        y = self.height
        for para, h in zip((self.heading, self.name), self.heights, strict=True):
            y -= h
            para.drawOn(canv, 0, y)
        y -= 4 + self.hint_height
        self.hint.drawOn(canv, 0, y)
        y -= 2 + SIGNATURE_BOX_HEIGHT
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.rect(0, y, self.width, SIGNATURE_BOX_HEIGHT)
        canv.restoreState()
        x1, y1 = canv.absolutePosition(0, y)
        x2, y2 = canv.absolutePosition(self.width, y + SIGNATURE_BOX_HEIGHT)
        box = (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2))
        self.found[self.role] = SignatureBox(canv.getPageNumber() - 1, box)


# --- the story ------------------------------------------------------------------------------


def _grid(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    font: str,
    label_columns: Sequence[int] = (),
    header: bool = False,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    table = Table(
        [list(r) for r in rows],
        colWidths=list(widths),
        repeatRows=1 if header else 0,
        splitInRow=30,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4.5),
    ]
    commands += [("BACKGROUND", (c, 0), (c, -1), SHADE) for c in label_columns]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_SHADE))
    table.setStyle(TableStyle([*commands, *extra]))
    return table


class _Story:
    def __init__(self, content: ReportContent, styles: _Styles) -> None:
        self.c = content
        self.s = styles
        self.lang = content.language
        self.flow: list[Any] = []
        self.signature_boxes: dict[str, SignatureBox] = {}

    def grid(self, rows: Sequence[Sequence[Any]], widths: Sequence[float], **kw: Any) -> Table:
        return _grid(rows, widths, font=self.s.font, **kw)

    def t(self, key: str, **values: object) -> str:
        return labels.text(key, self.lang, **values)

    def colon(self, label: str, value: str) -> str:
        return f"{label}：{value}" if self.lang == "zh" else f"{label}: {value}"

    def heading(self, text: str, room: float = HEADING_ROOM) -> None:
        """A block's heading, on a new page unless ``room`` points are left below it."""
        self.flow.append(CondPageBreak(room))
        self.flow.append(_bold(text, self.s.head, 0.4))

    def build(self, payload: str) -> list[Any]:
        self.header(payload)
        self.summary()
        self.checklist()
        self.signals()
        self.warnings()
        self.collateral()
        self.conclusion()
        self.signatures()
        self.photos()
        return self.flow

    def header(self, payload: str) -> None:
        c, s = self.c, self.s
        bank = "　".join(part for part in (c.bank_name, c.branch_name) if part)
        if bank:
            self.flow.append(_p(bank, s.bank))
        self.flow.append(_bold(self.t("title"), s.title, 0.6))
        self.flow.append(Spacer(1, 8))
        place = c.place or "—"
        info_w = WIDTH - QR_SIZE - 10
        label_w = 58 if self.lang == "zh" else 70
        value_w = (info_w - 2 * label_w) / 2
        revision = str(c.revision) if self.lang == "en" else f"第 {c.revision} 版"
        info = self.grid(
            [
                [
                    _p(self.t("report_no"), s.label),
                    _p(c.report_no, s.cell),
                    _p(self.t("kind"), s.label),
                    _p(c.inspection_kind, s.cell),
                ],
                [
                    _p(self.t("date"), s.label),
                    _p(_date(c.inspected_on), s.cell),
                    _p(self.t("revision"), s.label),
                    _p(revision, s.cell),
                ],
                [_p(self.t("place"), s.label), _p(place, s.cell), "", ""],
                [_p(self.t("checklist"), s.label), _p(c.title, s.cell), "", ""],
            ],
            [label_w, value_w, label_w, value_w],
            label_columns=(0,),
            extra=[
                ("SPAN", (1, 2), (3, 2)),
                ("SPAN", (1, 3), (3, 3)),
                ("BACKGROUND", (2, 0), (2, 1), SHADE),
            ],
        )
        qr = QrCode(payload, width=QR_SIZE, height=QR_SIZE, qrBorder=0, qrLevel="M")
        qr_cell = [qr, Spacer(1, 2), _p(self.t("scan"), s.center)]
        outer = Table(
            [[info, qr_cell]],
            colWidths=[info_w + 10, QR_SIZE],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.s.font),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (0, 0), 10),
                    ("RIGHTPADDING", (1, 0), (1, 0), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
            hAlign="LEFT",
        )
        self.flow.append(outer)
        if c.draft:
            self.flow.append(Spacer(1, 4))
            notice = ParagraphStyle("notice", parent=s.small, textColor=RED)
            self.flow.append(_p(self.t("draft_notice"), notice))

    def summary(self) -> None:
        s, loan = self.s, self.c.loan
        self.heading(self.t("summary"))

        def money(fen: int) -> str:
            return f"{format_fen(fen)} {self.t('yuan')}"

        months = _months(loan.disbursed_on, loan.matures_on)
        span = f"{_date(loan.disbursed_on)} {self.t('term_to')} {_date(loan.matures_on)}"
        term = (
            f"{span}（{months} {self.t('months')}）"
            if self.lang == "zh"
            else f"{span} ({months} {self.t('months')})"
        )
        arrears = self.t("none")
        if loan.overdue_principal_fen or loan.overdue_interest_fen:
            arrears = (
                f"{self.t('overdue_principal')} {money(loan.overdue_principal_fen)}"
                f"{'，' if self.lang == 'zh' else ', '}"
                f"{self.t('overdue_interest')} {money(loan.overdue_interest_fen)}"
            )
        pairs: list[tuple[str, str]] = [
            (self.t("borrower"), loan.borrower_name),
            (self.t("borrower_kind"), loan.borrower_kind),
            (self.t("id_number"), loan.id_number or "—"),
            (self.t("legal_rep"), loan.legal_representative or "—"),
            (self.t("industry"), loan.industry or "—"),
            (self.t("business_type"), loan.business_type),
            (self.t("contract_no"), loan.contract_no),
            (self.t("product"), loan.product),
            (self.t("amount"), money(loan.amount_fen)),
            (self.t("balance"), money(loan.balance_fen)),
            (self.t("rate"), _rate(loan.annual_rate_bp)),
            (self.t("repayment"), loan.repayment_method),
            (self.t("guarantee"), loan.guarantee_method),
            (self.t("risk_class"), loan.risk_class),
            (self.t("business_status"), loan.business_status),
            (self.t("arrears"), arrears),
            (self.t("officer_a"), loan.officer_a or "—"),
            (self.t("officer_b"), loan.officer_b or "—"),
        ]
        wide = [(self.t("address"), loan.address or "—"), (self.t("term"), term)]
        label_w = 74 if self.lang == "zh" else 88
        value_w = (WIDTH - 2 * label_w) / 2
        rows: list[list[Any]] = []
        for i in range(0, len(pairs), 2):
            (label1, value1), (label2, value2) = pairs[i : i + 2]
            rows.append(
                [_p(label1, s.label), _p(value1, s.cell), _p(label2, s.label), _p(value2, s.cell)]
            )
        paired = len(rows)
        for label, value in wide:
            rows.append([_p(label, s.label), _p(value, s.cell), "", ""])
        extra: list[tuple[Any, ...]] = [("BACKGROUND", (2, 0), (2, paired - 1), SHADE)]
        extra += [("SPAN", (1, r), (3, r)) for r in range(paired, len(rows))]
        self.flow.append(
            self.grid(rows, [label_w, value_w, label_w, value_w], label_columns=(0,), extra=extra)
        )

    def items_table(self, items: Sequence[ReportItem], title: str | None = None) -> Table:
        """Question and answer (with its note) per row; ``title`` as a header row that is
        repeated when the table goes on to the next page."""
        s = self.s
        rows: list[list[Any]] = []
        if title is not None:
            rows.append([_bold(title, s.subhead, 0.3), ""])
        for item in items:
            answer: list[Any] = []
            if item.state is ItemState.MISSING:
                missing = ParagraphStyle("missing", parent=s.cell, textColor=RED)
                answer.append(_p(f"【{self.t('missing')}】", missing))
            else:
                answer.append(_p(item.answer, s.cell))
            if item.state is ItemState.UNCONFIRMED:
                style = ParagraphStyle("u", parent=s.small, textColor=ORANGE)
                answer.append(_p(f"（{self.t('unconfirmed')}）", style))
            if item.note:
                answer.append(_p(self.colon(self.t("note"), item.note), s.note))
            rows.append([_p(item.question, s.label), answer])
        question_w = round(WIDTH * 0.42)
        if title is None:
            return self.grid(rows, [question_w, WIDTH - question_w], label_columns=(0,))
        return self.grid(
            rows,
            [question_w, WIDTH - question_w],
            label_columns=(0,),
            header=True,
            extra=[("SPAN", (0, 0), (1, 0))],
        )

    def checklist(self) -> None:
        if not self.c.sections:
            return
        self.heading(self.c.title)
        for n, section in enumerate(self.c.sections):
            if n:
                self.flow.append(Spacer(1, 8))
                self.flow.append(CondPageBreak(60))
            self.flow.append(self.items_table(section.items, section.title))

    def signals(self) -> None:
        s = self.s
        self.heading(self.t("signals"))
        if not self.c.signals:
            self.flow.append(_p(self.t("no_signals"), s.body))
            return
        rows: list[list[Any]] = [
            [
                _p(self.t("level"), s.label),
                _p(self.t("signal"), s.label),
                _p(self.t("source"), s.label),
            ]
        ]
        for signal in self.c.signals:
            colour = LEVEL_COLORS.get(signal.level.value, INK)
            level = ParagraphStyle("lvl", parent=s.cell, textColor=colour)
            rows.append(
                [
                    _bold(labels.signal_level(signal.level.value, self.lang), level, 0.3),
                    _p(signal.message, s.cell),
                    _p(signal.source, s.note),
                ]
            )
        level_w = 44 if self.lang == "zh" else 60
        rest = WIDTH - level_w
        self.flow.append(self.grid(rows, [level_w, 0.55 * rest, 0.45 * rest], header=True))

    def warnings(self) -> None:
        s = self.s
        self.heading(self.t("warnings"))
        listed: list[Any] = [_p(f"{n}. {w}", s.cell) for n, w in enumerate(self.c.open_warnings, 1)]
        question_w = round(WIDTH * 0.42)
        self.flow.append(
            self.grid(
                [
                    [_p(self.t("open_warnings"), s.label), listed or _p(self.t("none"), s.cell)],
                    [_p(self.t("handling"), s.label), _p(self.c.warnings_handling or "—", s.cell)],
                ],
                [question_w, WIDTH - question_w],
                label_columns=(0,),
            )
        )

    def collateral(self) -> None:
        s = self.s
        self.heading(self.t("collateral"))
        if not self.c.collateral:
            self.flow.append(_p(self.t("no_collateral"), s.body))
            return
        head_style = ParagraphStyle("h", parent=s.label, fontSize=8.5, leading=12)
        head = [
            _p(self.t(k), head_style)
            for k in (
                "col_no",
                "col_item",
                "col_appraised",
                "col_estimate",
                "col_change",
                "col_percent",
                "col_condition",
            )
        ]
        rows: list[list[Any]] = [head]
        red_number = ParagraphStyle("rn", parent=s.number, textColor=RED)
        for n, row in enumerate(self.c.collateral, start=1):
            details = [
                _p(f"{row.kind} · {row.description}", s.cell),
                _p(
                    f"{self.t('registration')} {row.registration_no or '—'} · "
                    f"{self.t('appraised_on')} {_date(row.appraised_on)}",
                    s.small,
                ),
            ]
            if row.basis:
                details.append(_p(self.colon(self.t("basis"), row.basis), s.small))
            if row.note:
                details.append(_p(self.colon(self.t("note"), row.note), s.small))
            down = row.change_fen is not None and row.change_fen < 0
            rows.append(
                [
                    _p(str(n), s.center),
                    details,
                    _p(_money(row.appraised_fen), s.number),
                    _p(
                        _money(row.estimate_fen)
                        if row.estimate_fen is not None
                        else self.t("not_estimated"),
                        s.number,
                    ),
                    _p(_signed_money(row.change_fen), red_number if down else s.number),
                    _p(_percent(row.change_percent), red_number if down else s.number),
                    _p(row.condition or "—", s.cell),
                ]
            )
        widths: list[float] = [30, 0, 70, 70, 68, 50, 54]
        widths[1] = WIDTH - sum(widths)
        self.flow.append(self.grid(rows, widths, header=True))
        cover = self.c.coverage
        if cover is not None:
            if cover.ratio is None:
                line = self.t("coverage_none")
            else:
                line = self.t(
                    "coverage_text",
                    value=format_fen(cover.value_fen),
                    balance=format_fen(cover.balance_fen),
                    ratio=f"{cover.ratio:.2f}",
                ) + (
                    self.t("coverage_low", threshold=f"{cover.threshold:.2f}")
                    if cover.below_threshold
                    else self.t("coverage_ok")
                )
            style = (
                ParagraphStyle("cov", parent=s.body, textColor=RED)
                if (cover.below_threshold)
                else s.body
            )
            self.flow.append(Spacer(1, 4))
            self.flow.append(_p(self.colon(self.t("coverage"), line), style))

    def conclusion(self) -> None:
        if not self.c.conclusion:
            return
        self.heading(self.t("conclusion"))
        self.flow.append(self.items_table(self.c.conclusion))

    def signatures(self) -> None:
        s = self.s
        by_role = {slot.role.value: slot.name for slot in self.c.signatures}
        roles = [r.value for r in SignatureRole]
        gap = 12
        box_w = (WIDTH - 2 * gap) / 3
        cells = [
            _SignatureBlock(role, by_role.get(role, ""), s, self.lang, self.signature_boxes)
            for role in roles
        ]
        table = Table(
            [cells],
            colWidths=[box_w + gap, box_w + gap, box_w],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.s.font),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (1, 0), gap),
                    ("RIGHTPADDING", (2, 0), (2, 0), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
            hAlign="LEFT",
        )
        self.flow.append(KeepTogether([_bold(self.t("signatures"), s.head, 0.4), table]))

    def photos(self) -> None:
        s = self.s
        self.flow.append(PageBreak())
        self.flow.append(_bold(self.t("photos"), s.head, 0.4))
        if not self.c.photos:
            self.flow.append(_p(self.t("no_photos"), s.body))
            return
        cells: list[Any] = [
            _PhotoCell(photo, n, s, self.lang) for n, photo in enumerate(self.c.photos, start=1)
        ]
        col_w = (WIDTH - PHOTO_GAP) / 2
        for first in range(0, len(cells), PHOTOS_PER_PAGE):
            if first:
                self.flow.append(PageBreak())
            page = cells[first : first + PHOTOS_PER_PAGE]
            rows = [[*page[i : i + 2], *[""] * (2 - len(page[i : i + 2]))] for i in (0, 2)]
            self.flow.append(
                Table(
                    [r for r in rows if any(r)],
                    colWidths=[col_w + PHOTO_GAP, col_w],
                    style=TableStyle(
                        [
                            ("FONTNAME", (0, 0), (-1, -1), self.s.font),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (0, -1), PHOTO_GAP),
                            ("RIGHTPADDING", (1, 0), (1, -1), 0),
                            ("TOPPADDING", (0, 0), (-1, -1), 6),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 16),
                        ]
                    ),
                    hAlign="LEFT",
                )
            )


# --- rendering ------------------------------------------------------------------------------

# ReportLab keeps global state (its font registry, the ASCII85 setting read while a document
# is written): one report is built at a time, and ASCII85 is off only while it is.
_build_lock = threading.Lock()


def render(content: ReportContent, *, font: str | None = None) -> LaidOut:
    """Lay the report out. ``font`` is the configured font (``[report] font``), if any."""
    if content.language not in labels.LANGUAGES:
        raise ValueError(f"reports are written in zh or en, not {content.language!r}")
    font_name = cjk_font(font)
    styles = _Styles.make(font_name)
    digest = report_digest(content)
    payload = qr_payload(content, digest)
    story = _Story(content, styles)
    flow = story.build(payload)
    out = io.BytesIO()
    lang = content.language
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{labels.text('title', lang)} {content.report_no}",
        author=" ".join(p for p in (content.bank_name, content.branch_name) if p),
        subject=f"{content.loan.borrower_name} {content.loan.contract_no}",
        creator="postloan",
        lang="en" if lang == "en" else "zh-CN",
    )
    decor = _Decor(content, styles)
    with _build_lock:
        saved_a85 = rl_config.useA85
        rl_config.useA85 = 0
        try:
            doc.build(flow, canvasmaker=_canvas_maker(decor))
        finally:
            rl_config.useA85 = saved_a85
    pdf = out.getvalue()
    pages = doc.page
    return LaidOut(
        pdf=pdf,
        signature_boxes=dict(story.signature_boxes),
        page_count=pages,
        digest=digest,
        qr_payload=payload,
    )
