"""Photos for the tests are made here with Pillow; the one binary fixture is
``data/iphone.heic`` (Pillow cannot write HEIC). Also the setting for tests through
``PhotoService``: an inspection of a demo loan on a private database copy and blob store."""

import datetime as dt
import io
import struct
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.ids import CollateralId, InspectionId, LoanId, UserId
from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.forms.loader import ChecklistTemplate, load_directory
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import Borrower, Collateral, Loan, Photo, UserRole

ExifMaker = Callable[..., Image.Exif]


def scene(size: tuple[int, int] = (400, 300), *, variant: int = 0) -> Image.Image:
    """A picture with structure a perceptual hash can see: shapes on a gradient."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    if variant:
        image = image.transpose(Image.Transpose.ROTATE_90).resize(size)
    draw = ImageDraw.Draw(image)
    w, h = size
    if variant == 0:
        draw.rectangle((w // 8, h // 4, w // 2, h * 3 // 4), fill=(200, 30, 30))
        draw.ellipse((w * 5 // 8, h // 8, w * 7 // 8, h // 2), fill=(20, 20, 220))
    else:
        for i in range(0, w, w // 6):
            draw.rectangle((i, 0, i + w // 12, h), fill=(250, 250, 0))
    return image


def dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return Fraction(degrees), Fraction(minutes), Fraction(seconds, 100)


def make_exif(
    *,
    orientation: int | None = None,
    taken: dt.datetime | None = None,
    gps: tuple[float, float] | None = None,
    gps_raw: dict[int, object] | None = None,
    software: str | None = None,
    make: str | None = None,
    model: str | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if software is not None:
        exif[0x0131] = software
    if make is not None:
        exif[0x010F] = make
    if model is not None:
        exif[0x0110] = model
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps is not None:
        lat, lon = gps
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[0] = b"\x02\x03\x00\x00"
        gps_ifd[1] = "N" if lat >= 0 else "S"
        gps_ifd[2] = dms(abs(lat))
        gps_ifd[3] = "E" if lon >= 0 else "W"
        gps_ifd[4] = dms(abs(lon))
    if gps_raw is not None:
        exif.get_ifd(0x8825).update(gps_raw)
    return exif


@pytest.fixture
def jpeg(tmp_path: Path) -> Callable[..., Path]:
    def write(
        name: str = "photo.jpg",
        *,
        size: tuple[int, int] = (400, 300),
        variant: int = 0,
        **exif_fields: Any,
    ) -> Path:
        path = tmp_path / name
        scene(size, variant=variant).save(path, "JPEG", quality=90, exif=make_exif(**exif_fields))
        return path

    return write


# --- photos whose orientation can be checked by looking ------------------------------------

RED = (220, 20, 20)
GREEN = (20, 180, 40)
GREY = (128, 128, 128)


def marked(size: tuple[int, int] = (96, 64)) -> Image.Image:
    """An upright picture: grey, a red block top-left and a green block top-right (two
    markers tell all eight orientations apart, mirrors included)."""
    w, h = size
    image = Image.new("RGB", size, GREY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, w // 4 - 1, h // 4 - 1), fill=RED)
    draw.rectangle((w - w // 4, 0, w - 1, h // 4 - 1), fill=GREEN)
    return image


def stored_as(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores for ``upright`` with this EXIF orientation, built from the
    EXIF definition of where stored row 0 and column 0 are on the visual image (not from
    Pillow's transpose operations, which the code under test uses)."""
    vw, vh = upright.size
    sw, sh = (vh, vw) if orientation >= 5 else (vw, vh)

    def visual(c: int, r: int) -> tuple[int, int]:
        return {
            1: (c, r),  # row 0 top, column 0 left
            2: (vw - 1 - c, r),  # row 0 top, column 0 right
            3: (vw - 1 - c, vh - 1 - r),  # row 0 bottom, column 0 right
            4: (c, vh - 1 - r),  # row 0 bottom, column 0 left
            5: (r, c),  # row 0 left, column 0 top
            6: (vw - 1 - r, c),  # row 0 right, column 0 top
            7: (vw - 1 - r, vh - 1 - c),  # row 0 right, column 0 bottom
            8: (r, vh - 1 - c),  # row 0 left, column 0 bottom
        }[orientation]

    source = upright.load()
    stored = Image.new("RGB", (sw, sh))
    target = stored.load()
    assert source is not None and target is not None
    for r in range(sh):
        for c in range(sw):
            target[c, r] = source[visual(c, r)]
    return stored


def colour_at(image: Image.Image, fx: float, fy: float) -> str:
    """'red', 'green', 'grey' or 'other' at a fraction of the width and height."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    r, g, b = rgb.getpixel((min(w - 1, int(w * fx)), min(h - 1, int(h * fy))))  # type: ignore[misc]
    for name, (er, eg, eb) in (("red", RED), ("green", GREEN), ("grey", GREY)):
        if abs(r - er) < 40 and abs(g - eg) < 40 and abs(b - eb) < 40:
            return name
    return "other"


def corners(image: Image.Image) -> tuple[str, str, str, str]:
    """Colours near the top-left, top-right, bottom-left and bottom-right corners."""
    return (
        colour_at(image, 0.08, 0.08),
        colour_at(image, 0.92, 0.08),
        colour_at(image, 0.08, 0.92),
        colour_at(image, 0.92, 0.92),
    )


UPRIGHT = ("red", "green", "grey", "grey")


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def numbered(number: int, size: tuple[int, int] = (160, 120)) -> Image.Image:
    """A distinct site picture per ``number``: different pixels, so different renditions."""
    image = scene(size, variant=number % 2)
    draw = ImageDraw.Draw(image)
    w, h = size
    step = max(4, w // 16)
    x = (number * step) % (w - step)
    y = ((number * 7) % 5) * (h // 6)
    draw.rectangle((x, y, x + step, y + h // 6), fill=(0, 0, 0))
    return image


# --- raw EXIF, for values Pillow's writer would never produce -------------------------------

ASCII, SHORT, LONG, RATIONAL, UNDEFINED, DOUBLE = 2, 3, 4, 5, 7, 12
_TYPE_SIZES = {1: 1, ASCII: 1, SHORT: 2, LONG: 4, RATIONAL: 8, UNDEFINED: 1, DOUBLE: 8}
Entry = tuple[int, int, int, bytes]  # tag, type, count, payload (little-endian)


def ascii_entry(tag: int, text: bytes) -> Entry:
    return (tag, ASCII, len(text), text)


def rational_entry(tag: int, *pairs: tuple[int, int]) -> Entry:
    payload = b"".join(struct.pack("<II", n, d) for n, d in pairs)
    return (tag, RATIONAL, len(pairs), payload)


def raw_exif(
    ifd0: Sequence[Entry] = (), *, exif_ifd: Sequence[Entry] = (), gps_ifd: Sequence[Entry] = ()
) -> bytes:
    """An APP1 EXIF payload (``Exif\\0\\0`` + little-endian TIFF) written entry by entry: any
    type, count and payload, right or wrong."""

    def block(entries: Sequence[Entry], start: int) -> bytes:
        entries = sorted(entries)
        data_at = start + 2 + 12 * len(entries) + 4
        table, extra = b"", b""
        for tag, kind, count, payload in entries:
            if len(payload) <= 4:
                table += struct.pack("<HHI", tag, kind, count) + payload.ljust(4, b"\0")
            else:
                table += struct.pack("<HHII", tag, kind, count, data_at + len(extra))
                extra += payload + b"\0" * (len(payload) % 2)
        return struct.pack("<H", len(entries)) + table + b"\0\0\0\0" + extra

    def size(entries: Sequence[Entry]) -> int:
        return len(block(entries, 0))

    top = list(ifd0)
    if exif_ifd:
        top.append((0x8769, LONG, 1, b"\0\0\0\0"))
    if gps_ifd:
        top.append((0x8825, LONG, 1, b"\0\0\0\0"))
    at = 8 + size(top)
    pointers = {}
    if exif_ifd:
        pointers[0x8769] = at
        at += size(exif_ifd)
    if gps_ifd:
        pointers[0x8825] = at
    top = [
        (tag, kind, count, struct.pack("<I", pointers[tag]) if tag in pointers else payload)
        for tag, kind, count, payload in top
    ]
    tiff = b"II*\0" + struct.pack("<I", 8) + block(top, 8)
    if exif_ifd:
        tiff += block(exif_ifd, pointers[0x8769])
    if gps_ifd:
        tiff += block(gps_ifd, pointers[0x8825])
    return b"Exif\0\0" + tiff


def write_jpeg(path: Path, image: Image.Image, exif: bytes | Image.Exif = b"") -> Path:
    image.save(path, "JPEG", quality=92, exif=exif)
    return path


def sof_claiming(data: bytes, width: int, height: int) -> bytes:
    """A JPEG whose frame header (SOF0) claims ``width`` x ``height`` pixels."""
    at = data.index(b"\xff\xc0")
    return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9 :]


# --- an inspection to import photos into ---------------------------------------------------

NOW = dt.datetime(2026, 11, 28, 16, 0)  # the demo's today, afternoon
HEIC = Path(__file__).parent / "data" / "iphone.heic"


@dataclass
class Setting:
    service: PhotoService
    inspections: InspectionService
    sessions: sessionmaker[Session]
    blobs: BlobStore
    loan_id: LoanId
    inspection: InspectionId
    inspector: UserId  # an inspector (not a supervisor) of the loan's branch
    supervisor: UserId  # a supervisor (not an inspector) of the loan's branch
    site: tuple[float, float]  # the borrower's location
    collateral_id: CollateralId  # one of the loan's collateral items, far from the borrower
    collateral_site: tuple[float, float]

    def photo_rows(self) -> list[Photo]:
        with self.sessions() as session:
            return list(session.execute(select(Photo)).scalars())

    def named_blobs(self) -> set[str]:
        """Every blob some photo record names (of any inspection)."""
        return {
            digest
            for photo in self.photo_rows()
            for digest in (photo.sha256, photo.report_sha256, photo.thumb_sha256)
        }

    def assert_consistent(self) -> None:
        """No photo record without its blobs, no blob that no record names, every blob whole."""
        stored = set(self.blobs)
        assert stored == self.named_blobs()
        assert all(self.blobs.verify(digest) for digest in stored)
        assert not list((self.blobs.root / "tmp").iterdir())  # no half-written blob either


@pytest.fixture(scope="session")
def checklists() -> list[ChecklistTemplate]:
    return load_directory()


def holder(session: Session, branch_id: uuid.UUID, role: Role) -> UserId | None:
    """Someone holding ``role`` in the branch and not the other of inspector/supervisor."""
    other = Role.SUPERVISOR if role is Role.INSPECTOR else Role.INSPECTOR
    both = select(UserRole.user_id).where(UserRole.role == other, UserRole.branch_id == branch_id)
    found = (
        session.execute(
            select(UserRole.user_id).where(
                UserRole.role == role,
                UserRole.branch_id == branch_id,
                UserRole.user_id.not_in(both),
            )
        )
        .scalars()
        .first()
    )
    return UserId(found) if found is not None else None


@pytest.fixture
def photo_setting(
    demo_copy_sessions: sessionmaker[Session],
    demo_today: dt.date,
    checklists: list[ChecklistTemplate],
    tmp_path: Path,
) -> Setting:
    """A draft inspection, started today by an inspector of the loan's branch, of the first
    loan (by contract number) with a collateral item more than 5 km from its borrower."""
    from postloan_desktop.photos.provenance import haversine_m

    inspections = InspectionService(
        demo_copy_sessions,
        rules=InspectionRules(),
        today=lambda: demo_today,
        signatures_required=False,  # the tests submit without signing
    )
    inspections.publish(checklists)
    with demo_copy_sessions() as session:
        rows = session.execute(
            select(Loan, Borrower, Collateral)
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .join(Collateral, Collateral.loan_id == Loan.id)
            .where(
                Loan.balance_fen > 0,
                Borrower.latitude.is_not(None),
                Collateral.latitude.is_not(None),
            )
            .order_by(Loan.contract_no, Collateral.id)
        ).tuples()
        for loan, borrower, collateral in rows:
            site = (borrower.latitude, borrower.longitude)
            collateral_site = (collateral.latitude, collateral.longitude)
            if haversine_m(site, collateral_site) < 5000:  # type: ignore[arg-type]
                continue
            inspector = holder(session, loan.branch_id, Role.INSPECTOR)
            supervisor = holder(session, loan.branch_id, Role.SUPERVISOR)
            if inspector is not None and supervisor is not None:
                break
        else:
            raise AssertionError("the demo has no loan with far-away collateral")
    inspection = inspections.start(loan_id=LoanId(loan.id), actor_id=inspector, carry_forward=False)
    blobs = BlobStore(tmp_path / "blobs")
    return Setting(
        service=PhotoService(demo_copy_sessions, blobs, now=lambda: NOW),
        inspections=inspections,
        sessions=demo_copy_sessions,
        blobs=blobs,
        loan_id=LoanId(loan.id),
        inspection=inspection,
        inspector=inspector,
        supervisor=supervisor,
        site=site,  # type: ignore[arg-type]
        collateral_id=CollateralId(collateral.id),
        collateral_site=collateral_site,  # type: ignore[arg-type]
    )


def other_loans_inspection(setting: Setting) -> tuple[InspectionId, UserId]:
    """A draft inspection of a loan of another branch, and its inspector."""
    with setting.sessions() as session:
        ours = session.get(Loan, setting.loan_id)
        assert ours is not None
        for loan in session.execute(
            select(Loan)
            .where(Loan.balance_fen > 0, Loan.branch_id != ours.branch_id)
            .order_by(Loan.contract_no)
        ).scalars():
            inspector = holder(session, loan.branch_id, Role.INSPECTOR)
            if inspector is not None:
                break
        else:
            raise AssertionError("no loan in another branch")
    inspection = setting.inspections.start(
        loan_id=LoanId(loan.id), actor_id=inspector, carry_forward=False
    )
    return inspection, inspector


def answer_everything(setting: Setting, inspection: InspectionId) -> None:
    """Answer what the inspection still requires, so that it can be submitted."""
    from postloan_desktop.forms.schema import ItemType

    service = setting.inspections
    for _ in range(10):
        report = service.report(inspection)
        if report.ready:
            return
        form = service.form(inspection)
        collateral = [c.id for c in form.context.collateral]
        for missing in report.missing:
            item = missing.item
            value: object
            match item.type:
                case ItemType.YES_NO_NA:
                    positive = missing.key.endswith(("_signed", "_present", "_valid"))
                    value = "yes" if positive else "no"
                case ItemType.SINGLE_CHOICE:
                    value = item.options[0].value  # type: ignore[index]
                case ItemType.MULTIPLE_CHOICE:
                    value = [item.options[0].value]  # type: ignore[index]
                case ItemType.TEXT:
                    value = "经现场核实，情况正常。"
                case ItemType.NUMBER | ItemType.PERCENT:
                    value = item.min if item.min is not None else 1
                case ItemType.MONEY:
                    value = 1_000_000
                case ItemType.DATE:
                    value = "2027-02-28"
                case ItemType.COLLATERAL:
                    value = collateral[0]
                case _:
                    raise AssertionError(item.type)
            if missing.key == "next_inspection_date" and form.suggested_next_date:
                value = form.suggested_next_date.isoformat()
            service.answer(
                inspection_id=inspection, key=missing.key, value=value, actor_id=setting.inspector
            )
    raise AssertionError("the form never became complete")
