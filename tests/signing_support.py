"""Helpers for the signature tests (tests/reports/test_keys.py, test_signing.py,
test_verify.py and tests/headoffice/): a report-like PDF to sign, a handwritten signature,
the Chinese font registered with ReportLab, and the independent checkers — poppler's
``pdfsig`` with an NSS database that trusts a given CA, and ``qpdf --check``.

(Plain functions, not fixtures: importable from any test folder, since ``tests/`` is on
``sys.path`` through its conftest.)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Certificates are issued "now" so that pdfsig, which checks them at the current time,
# accepts them; every signing time in the tests is a little after this.
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # fonts-wqy-zenhei (dev.sh)
FONT_NAME = "SigningTestCJK"
# Three boxes on the last page, as the layout's signature block would give them.
BOXES: dict[str, tuple[int, tuple[float, float, float, float]]] = {
    "inspector_a": (1, (60.0, 120.0, 220.0, 180.0)),
    "inspector_b": (1, (230.0, 120.0, 390.0, 180.0)),
    "supervisor": (1, (400.0, 120.0, 560.0, 180.0)),
}


def font() -> str:
    """The ReportLab name of WenQuanYi Zen Hei, registered once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        pdfmetrics.getFont(FONT_NAME)
    except KeyError:
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE), subfontIndex=0))
    return FONT_NAME


def report_pdf(*, photos: int = 0, photo_size: tuple[int, int] = (400, 300)) -> bytes:
    """A two-page report-like PDF (Chinese text in an embedded font) with ``photos`` JPEG
    photos of ``photo_size`` pixels on extra pages before the signature page."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    name = font()
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(595, 842), invariant=True)
    page.setFont(name, 16)
    page.drawString(60, 780, "贷后检查报告 Post-loan inspection report")
    page.setFont(name, 10)
    page.drawString(60, 750, "借款人：武汉示例商贸有限公司  合同编号：DK0101-2026-000123")
    page.showPage()
    for index in range(photos):
        image = Image.effect_noise(photo_size, 60 + index % 40).convert("RGB")
        jpeg = io.BytesIO()
        image.save(jpeg, "JPEG", quality=90)
        page.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 40, 200, 515, 386)
        page.setFont(name, 9)
        page.drawString(40, 180, f"照片 {index + 1}")
        page.showPage()
    page.setFont(name, 10)
    page.drawString(60, 200, "签字 Signatures")
    page.showPage()
    page.save()
    return out.getvalue()


def boxes_on_last_page(pdf_pages: int) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    return {role: (pdf_pages - 1, box) for role, (_page, box) in BOXES.items()}


def handwriting_png(colour: tuple[int, int, int] = (20, 30, 120)) -> bytes:
    """A scribble on a transparent background, as the signature pad gives it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (480, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line(
        [(20, 120), (70, 40), (120, 130), (190, 30), (260, 120), (330, 50), (400, 110)],
        fill=(*colour, 255),
        width=7,
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def flip_byte_in_first_page(pdf: bytes) -> bytes:
    """The PDF with one byte changed in the middle of its first page's content stream (in the
    first revision: every signature covers it)."""
    page = re.search(rb"/Type /Page\b(?!s)", pdf)
    assert page is not None
    start = pdf.rindex(b" obj", 0, page.start())
    end = pdf.index(b"endobj", page.end())
    contents = re.search(rb"/Contents (\d+) 0 R", pdf[start:end])
    assert contents is not None, "the first page's /Contents is not a single stream"
    obj = re.search(rb"\n" + contents.group(1) + rb" 0 obj\b", pdf)
    assert obj is not None
    data_start = re.compile(rb"stream\r?\n").search(pdf, obj.end())
    assert data_start is not None
    data_end = pdf.index(b"endstream", data_start.end())
    position = (data_start.end() + data_end) // 2
    changed = bytearray(pdf)
    changed[position] ^= 0x01
    return bytes(changed)


@dataclass(frozen=True)
class PdfsigSignature:
    field: str
    signature: str  # "Signature is Valid." …
    certificate: str  # "Certificate is Trusted." …
    whole_document: bool


def nss_database(folder: Path, ca_pem: Path) -> Path:
    """An NSS database (``certutil``, from libnss3-tools) trusting ``ca_pem`` for signing."""
    certutil = shutil.which("certutil")
    assert certutil is not None, "certutil is missing: install libnss3-tools (./dev.sh setup)"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [certutil, "-N", "-d", f"sql:{folder}", "--empty-password"], check=True, timeout=60
    )
    subprocess.run(
        [certutil, "-A", "-d", f"sql:{folder}", "-n", "headoffice", "-t", "C,C,C", "-i", ca_pem],
        check=True,
        timeout=60,
    )
    return folder


def pdfsig(pdf_path: Path, nss: Path) -> list[PdfsigSignature]:
    """poppler's reading of every signature, without network (no OCSP)."""
    tool = shutil.which("pdfsig")
    assert tool is not None, "pdfsig is missing: install poppler-utils (./dev.sh setup)"
    result = subprocess.run(
        [tool, "-nssdir", f"sql:{nss}", "-no-ocsp", str(pdf_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    signatures = []
    for block in re.split(r"^Signature #\d+:\n", result.stdout, flags=re.M)[1:]:
        values = dict(
            line.strip().removeprefix("- ").split(": ", 1)
            for line in block.splitlines()
            if ": " in line
        )
        signatures.append(
            PdfsigSignature(
                field=values.get("Signature Field Name", ""),
                signature=values.get("Signature Validation", ""),
                certificate=values.get("Certificate Validation", ""),
                whole_document="Total document signed" in block,
            )
        )
    return signatures


def qpdf_check(pdf_path: Path) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("qpdf")
    assert tool is not None, "qpdf is missing: install qpdf (./dev.sh setup)"
    return subprocess.run(
        [tool, "--check", str(pdf_path)], capture_output=True, text=True, timeout=60, check=False
    )
