"""Signing inspection reports (ARCHITECTURE.md, "Signed PDFs"; issue 5).

The report is laid out once with three empty signature fields: inspector A (检查人A角),
inspector B (检查人B角) and the supervisor (审批人). Each signer adds a PAdES signature
(``/ETSI.CAdES.detached``, SHA-256) to their field by incremental update: the bytes signed
before stay byte for byte, so every earlier signature stays valid.

- ``add_signature_fields`` puts the empty fields on the laid-out PDF (one incremental update,
  before anyone signs). The supervisor's field carries a lock: once it is signed, nothing may
  change any more (DocMDP P=1 via ``/Lock``).
- ``sign_report`` signs one field. Inspector A's signature *certifies* the document with
  DocMDP "fill forms and sign" (P=2): the only change allowed afterwards is filling the
  remaining signature fields. Order is A, then B, then the supervisor, three different
  people; the signer's certificate must be valid at the signing time and allowed to sign
  (digitalSignature, nonRepudiation).
- The visible stamp in each field: the handwritten signature (a PNG with transparency, from
  the signature pad), the name, the role and the time, drawn by ReportLab in the report's
  embedded Chinese font and placed as the field's appearance.
- ``sign_in_order`` signs as A, B and the supervisor in turn (the sample report, the
  benchmark); ``signature_fields`` says which fields a report has and which are signed.

Signing a 9 MB report three times takes about 0.3 s (``sign_in_order``, fonts loaded). It
runs ``asyncio.run`` inside: call it from a worker thread, never from a running event loop.

The signing time is the laptop's clock, stated in the signature (``/M``). There is no
timestamp authority offline, so the signatures are PAdES B-B: no RFC 3161 timestamp, no
embedded revocation data. (Head office could add a document timestamp at sync.)

Boxes are ``(page, (x1, y1, x2, y2))``: a 0-based page index and the rectangle in PDF points
with the origin at the bottom left of the page, as ``LaidOut.signature_boxes`` gives them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import io
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from postloan_desktop.domain.errors import Conflict, InvalidInput, NotAllowed
from postloan_desktop.reports.keys import (
    CertificateRefused,
    LoadedKey,
    check_signing_certificate,
)

if TYPE_CHECKING:
    from pyhanko.pdf_utils.content import PdfContent
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.layout import SimpleBoxLayoutRule
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers import PdfSigner, SimpleSigner

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in points, origin bottom left
SignatureBox = tuple[int, Box]  # 0-based page index, box

INSPECTOR_A = "inspector_a"
INSPECTOR_B = "inspector_b"
SUPERVISOR = "supervisor"
# The signing order; also the names of the signature fields.
SIGNING_ORDER = (INSPECTOR_A, INSPECTOR_B, SUPERVISOR)
ROLE_LABELS = {INSPECTOR_A: "检查人A角", INSPECTOR_B: "检查人B角", SUPERVISOR: "审批人"}
ROLE_LABELS_EN = {INSPECTOR_A: "Inspector A", INSPECTOR_B: "Inspector B", SUPERVISOR: "Supervisor"}
_ALIASES = {"a": INSPECTOR_A, "b": INSPECTOR_B}


def normalise_role(role: str) -> str:
    """``inspector_a``, ``inspector_b`` or ``supervisor`` (``a`` and ``b`` are accepted)."""
    name = _ALIASES.get(role, role)
    if name not in ROLE_LABELS:
        raise InvalidInput(f"unknown signature role {role!r}: one of {', '.join(SIGNING_ORDER)}")
    return name


def _reader(pdf: bytes) -> PdfFileReader:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        reader.root  # noqa: B018 - parses the catalogue: a broken file fails here
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        raise InvalidInput(f"the report is not a readable PDF ({exc})") from exc
    return reader


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        writer.root  # noqa: B018
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        raise InvalidInput(f"the report is not a readable PDF ({exc})") from exc
    return writer


@dataclass(frozen=True)
class SignatureField:
    name: str
    signed: bool
    page: int | None
    box: Box | None


def signature_fields(pdf: bytes) -> dict[str, SignatureField]:
    """The report's signature fields by name, and whether each is signed."""
    return _fields(_reader(pdf))


def _page_numbers(reader: PdfFileReader) -> dict[object, int]:
    """Page object reference → page index, in one walk of the page tree."""
    numbers: dict[object, int] = {}

    def walk(node_ref: Any, depth: int) -> None:
        node = node_ref.get_object()
        if "/Kids" in node and depth < 64:
            for kid in node.raw_get("/Kids"):
                walk(kid, depth + 1)
        else:
            numbers[node_ref.reference] = len(numbers)

    walk(reader.root.raw_get("/Pages"), 0)
    return numbers


def _fields(reader: PdfFileReader, *, pages: bool = True) -> dict[str, SignatureField]:
    """The signature fields; their pages only if ``pages`` (a walk of the page tree)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    page_numbers = _page_numbers(reader) if pages else {}
    found = {}
    for name, value, field_ref in enumerate_sig_fields(reader):
        field = field_ref.get_object()
        widget = field
        if "/Rect" not in field and "/Kids" in field:
            widget = field["/Kids"][0].get_object()
        box: Box | None = None
        page: int | None = None
        if "/Rect" in widget:
            x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
            box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        page_ref = widget.raw_get("/P") if "/P" in widget else None
        if page_ref is not None and hasattr(page_ref, "reference"):
            page = page_numbers.get(page_ref.reference)
        found[str(name)] = SignatureField(str(name), value is not None, page, box)
    return found


def add_signature_fields(pdf: bytes, boxes: Mapping[str, SignatureBox]) -> bytes:
    """The laid-out report with an empty signature field for each role in ``boxes``, added
    by one incremental update (the laid-out bytes stay as they were, at the start)."""
    from pyhanko.sign.fields import (
        FieldMDPAction,
        FieldMDPSpec,
        MDPPerm,
        SigFieldSpec,
        append_signature_field,
    )

    writer = _writer(pdf)
    existing = _fields(writer.prev, pages=False)
    if any(field.signed for field in existing.values()):
        raise Conflict("the report is signed already: signature fields can no longer be added")
    pages = int(writer.root["/Pages"]["/Count"])
    for given_role, (page, (x1, y1, x2, y2)) in boxes.items():
        role = normalise_role(given_role)
        if role in existing:
            raise Conflict(f"the report has a {ROLE_LABELS[role]} signature field already")
        if not 0 <= page < pages:
            raise InvalidInput(f"page {page} is not in the report (it has {pages} pages)")
        if x2 - x1 < 20 or y2 - y1 < 10:
            raise InvalidInput(
                f"the {ROLE_LABELS[role]} signature box is too small: {x1, y1, x2, y2}"
            )
        lock = {}
        if role == SUPERVISOR:
            # The last signature closes the report: nothing may change after it.
            lock = {
                "field_mdp_spec": FieldMDPSpec(FieldMDPAction.ALL),
                "doc_mdp_update_value": MDPPerm.NO_CHANGES,
            }
        append_signature_field(
            writer,
            SigFieldSpec(
                sig_field_name=role,
                on_page=page,
                box=(round(x1), round(y1), round(x2), round(y2)),
                readable_field_name=f"{ROLE_LABELS[role]} {ROLE_LABELS_EN[role]}",
                **lock,  # type: ignore[arg-type]
            ),
        )
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def _check_png(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise InvalidInput("the handwritten signature must be a PNG image")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput(f"the handwritten signature is not a readable PNG ({exc})") from exc


def _fit_size(text: str, font: str, size: float, width: float, minimum: float = 4.0) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    natural = stringWidth(text, font, size)
    if natural <= width:
        return size
    return max(minimum, size * width / natural)


def stamp_pdf(
    width: float,
    height: float,
    *,
    name: str,
    role_label: str,
    when: dt.datetime,
    handwriting_png: bytes | None,
    font: str,
) -> bytes:
    """The visible signature as a one-page PDF of the field's size: the handwriting (or the
    name written large when there is none) above a line with the name and role and a line
    with the time. ``font`` is a ReportLab font name that covers Chinese."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    try:
        pdfmetrics.getFont(font)
    except KeyError as exc:
        raise ValueError(f"font {font!r} is not registered with ReportLab") from exc
    margin = 2.0
    inner = width - 2 * margin
    line1 = f"{name}  {role_label}"
    local = when.astimezone()
    offset = local.strftime("%z")
    line2 = f"{local:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"
    size1 = _fit_size(line1, font, min(8.0, height / 6), inner)
    size2 = _fit_size(line2, font, min(6.5, height / 7.5), inner)
    text_height = size1 * 1.2 + size2 * 1.25 + margin
    art_height = height - text_height - margin

    out = io.BytesIO()
    # (types-reportlab has initialFontName as a number; it is the font's name.)
    page = canvas.Canvas(
        out,
        pagesize=(width, height),
        initialFontName=font,  # type: ignore[arg-type]
        invariant=True,
    )
    if art_height > 4:
        if handwriting_png is not None:
            image = ImageReader(io.BytesIO(handwriting_png))
            image_width, image_height = image.getSize()
            scale = min(inner / image_width, art_height / image_height)
            drawn_width, drawn_height = image_width * scale, image_height * scale
            page.drawImage(
                image,
                margin + (inner - drawn_width) / 2,
                text_height + (art_height - drawn_height) / 2,
                drawn_width,
                drawn_height,
                mask="auto",
            )
        else:
            size = _fit_size(name, font, min(22.0, art_height * 0.8), inner)
            page.setFont(font, size)
            page.setFillColorRGB(0.05, 0.1, 0.45)
            page.drawCentredString(width / 2, text_height + (art_height - size * 0.8) / 2, name)
    page.setFillColorRGB(0.1, 0.1, 0.1)
    page.setFont(font, size1)
    page.drawString(margin, margin + size2 * 1.25 + size1 * 0.25, line1)
    page.setFillColorRGB(0.3, 0.3, 0.3)
    page.setFont(font, size2)
    page.drawString(margin, margin + size2 * 0.3, line2)
    page.showPage()
    page.save()
    return out.getvalue()


def _signer_fingerprint(certificate: x509.Certificate) -> bytes:
    return certificate.fingerprint(hashes.SHA256())


def sign_report(
    pdf: bytes,
    *,
    role: str,
    signer: LoadedKey,
    name: str | None = None,
    handwriting_png: bytes | None = None,
    when: dt.datetime | None = None,
    font: str | None = None,
    reason: str | None = None,
    location: str | None = None,
) -> bytes:
    """The report with ``role``'s signature added by incremental update; the caller writes
    the bytes (atomically). ``name`` defaults to the certificate's name; ``when`` to now (an
    aware datetime); ``font`` is a ReportLab font name that covers Chinese (default:
    ``reports.fonts.cjk_font()``). Inspector A's signature certifies the report.

    Refused: an unknown role; a field that is missing or signed already; signing out of
    order (A, B, supervisor); the same person twice; a certificate not valid at ``when`` or
    not allowed to sign (``CertificateRefused``, with the dates); a handwriting that is not
    a PNG; a file that is not a PDF."""
    from pyhanko.sign import fields as pdf_fields
    from pyhanko.sign import signers
    from pyhanko.sign.general import SigningError
    from pyhanko.stamp import StaticStampStyle

    role = normalise_role(role)
    label = ROLE_LABELS[role]
    when = when or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        raise ValueError("the signing time must be timezone-aware")
    check_signing_certificate(signer.certificate, at=when)
    info = signer.info
    name = (name or info.name).strip() or info.name
    if handwriting_png is not None:
        _check_png(handwriting_png)
    if font is None:
        from postloan_desktop.reports.fonts import cjk_font

        font = cjk_font()

    writer = _writer(pdf)
    fields = _fields(writer.prev, pages=False)
    field = fields.get(role)
    if field is None or field.box is None:
        raise InvalidInput(f"the report has no {label} signature field")
    if field.signed:
        raise Conflict(f"the report is signed by the {label} already")
    for earlier in SIGNING_ORDER[: SIGNING_ORDER.index(role)]:
        if earlier not in fields:
            raise InvalidInput(f"the report has no {ROLE_LABELS[earlier]} signature field")
        if not fields[earlier].signed:
            raise NotAllowed(f"the {ROLE_LABELS[earlier]} must sign before the {label}")
    if role == INSPECTOR_A and any(f.signed for f in fields.values()):
        raise NotAllowed(f"the {label} signs first: the report carries another signature")
    mine = _signer_fingerprint(signer.certificate)
    for embedded in writer.prev.embedded_signatures:
        theirs = x509.load_der_x509_certificate(embedded.signer_cert.dump())
        if _signer_fingerprint(theirs) == mine:
            raise NotAllowed(
                f"{name} has signed this report already ({embedded.field_name}); the "
                f"{label} must be another person"
            )

    x1, y1, x2, y2 = field.box
    stamp = stamp_pdf(
        x2 - x1,
        y2 - y1,
        name=name,
        role_label=label,
        when=when,
        handwriting_png=handwriting_png,
        font=font,
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=role,
        md_algorithm="sha256",
        subfilter=pdf_fields.SigSeedSubFilter.PADES,
        certify=role == INSPECTOR_A,
        docmdp_permissions=(
            pdf_fields.MDPPerm.NO_CHANGES if role == SUPERVISOR else pdf_fields.MDPPerm.FILL_FORMS
        ),
        name=name,
        reason=reason or f"{label}签字",
        location=location,
    )
    pyhanko_signer = _pyhanko_signer(signer)

    def attempt(writer: IncrementalPdfFileWriter, reserve: int | None) -> bytes:
        style = StaticStampStyle(
            background=_imported_stamp_class()(stamp),
            background_opacity=1.0,
            border_width=0,
            background_layout=_full_box_layout(),
        )
        pdf_signer = signers.PdfSigner(metadata, pyhanko_signer, stamp_style=style)
        output = asyncio.run(_sign(pdf_signer, writer, when, reserve))
        return output.getvalue()

    try:
        try:
            return attempt(writer, _reserve(signer))
        except SigningError as exc:
            if "larger than expected" not in str(exc):
                raise
            return attempt(_writer(pdf), None)  # let pyHanko measure a trial signature
    except SigningError as exc:
        raise Conflict(f"the report cannot take the {label} signature: {exc}") from exc


def sign_in_order(
    pdf: bytes,
    signers: Mapping[str, LoadedKey],
    *,
    handwriting: Mapping[str, bytes | None] | None = None,
    when: dt.datetime | None = None,
    font: str | None = None,
) -> bytes:
    """Sign as inspector A, inspector B and the supervisor, in that order (the sample report,
    the benchmark): the report with its three signatures."""
    for role in SIGNING_ORDER:
        pdf = sign_report(
            pdf,
            role=role,
            signer=signers[role],
            handwriting_png=(handwriting or {}).get(role),
            when=when,
            font=font,
        )
    return pdf


# --- pyHanko plumbing ------------------------------------------------------------------------


def _pyhanko_signer(key: LoadedKey) -> SimpleSigner:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    return SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(key.certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [asn1_x509.Certificate.load(ca.public_bytes(der)) for ca in key.chain]
        ),
    )


def _reserve(key: LoadedKey) -> int:
    """Room for the signature (in hex digits, as ``/Contents`` holds it): the signer's and
    the CA's certificates plus 1 KiB for the signed attributes and the signature itself (about
    600 bytes with EC keys, 800 with RSA-2048). Kept tight: every later signer reads it."""
    der = serialization.Encoding.DER
    certificates = sum(len(c.public_bytes(der)) for c in (key.certificate, *key.chain))
    return 2 * (certificates + 1024)


def _full_box_layout() -> SimpleBoxLayoutRule:
    from pyhanko.pdf_utils import layout

    return layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MIN,
        y_align=layout.AxisAlignment.ALIGN_MIN,
        margins=layout.Margins(0, 0, 0, 0),
        inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
    )


async def _sign(
    pdf_signer: PdfSigner,
    writer: IncrementalPdfFileWriter,
    when: dt.datetime,
    reserve: int | None,
) -> io.BytesIO:
    """``PdfSigner.async_sign_pdf`` with the signing time set to ``when`` and, when
    ``reserve`` is given, that many bytes reserved for the signature instead of pyHanko's
    estimate (which builds and signs a throw-away signature: a third of the time).

    Returns the buffer, not its bytes: on the main thread ``asyncio.run`` puts the task in a
    SIGINT handler, and restoring the handler formats ``repr(task)`` — with a whole report as
    its result that costs 0.1 s per megabyte."""
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    session = pdf_signer.init_signing_session(writer, existing_fields_only=True)
    session.system_time = when
    validation = await session.perform_presign_validation(writer)
    reserved = reserve or await session.estimate_signature_container_size(validation)
    document = session.prepare_tbs_document(validation_info=validation, bytes_reserved=reserved)
    output = io.BytesIO()
    digest, _ = document.digest_tbs_document(output=output)
    signed = await document.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=when),
    )
    await signed.post_signature_processing(output)
    return output


@functools.cache
def _imported_stamp_class() -> Callable[[bytes], PdfContent]:
    """Defined on first use: pyHanko is loaded only when a report is signed."""
    from pyhanko.pdf_utils.content import PdfContent
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader

    class ImportedStamp(PdfContent):
        """A one-page PDF (the stamp ReportLab drew) as a form XObject."""

        def __init__(self, data: bytes) -> None:
            super().__init__()
            self._data = data

        def render(self) -> bytes:
            writer = self._ensure_writer
            xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self._data)))
            resource = "/Stamp" + uuid.uuid4().hex
            self.resources.xobject[resource] = xobject
            x1, y1, x2, y2 = (float(v) for v in xobject.get_object()["/BBox"])
            self.box = BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
            return resource.encode("ascii") + b" Do"

    return ImportedStamp


__all__ = [
    "INSPECTOR_A",
    "INSPECTOR_B",
    "ROLE_LABELS",
    "ROLE_LABELS_EN",
    "SIGNING_ORDER",
    "SUPERVISOR",
    "Box",
    "CertificateRefused",
    "SignatureBox",
    "SignatureField",
    "add_signature_fields",
    "normalise_role",
    "sign_in_order",
    "sign_report",
    "signature_fields",
    "stamp_pdf",
]
