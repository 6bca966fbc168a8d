"""A complete sample report from the demo portfolio, for the README and for checks
(``postloan report sample OUT.pdf``).

In a data folder of its own: the demo portfolio, a mortgage loan inspected today by its
officer A, every shown item answered (numbers, contract numbers and amounts in the Chinese
text, notes on some items, one collateral item found worth less), collateral notes, and site
photos made on the fly with capture time and GPS (one without GPS, one linked to the
collateral) imported through the photo service. Then signed through the real report service
(``sign_sample``): officer A certifies it, officer B signs, a supervisor of the branch who is
neither approves and countersigns — with the demo keys the demo folder makes on first use
(``services.demo_keys``: certificates in the officers' own names), and a handwritten scribble
for each.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from postloan_desktop.domain.enums import GuaranteeMethod, Role, SignatureRole
from postloan_desktop.domain.errors import NotAllowed
from postloan_desktop.domain.ids import CollateralId, InspectionId, LoanId, UserId
from postloan_desktop.reports.content import qr_payload
from postloan_desktop.services.bootstrap import Services, open_services
from postloan_desktop.services.demo_keys import DEMO_KEY_PASSPHRASE
from postloan_desktop.services.reports import ReportService, write_pdf
from postloan_desktop.storage.models import Borrower, Collateral, Loan, UserRole

if TYPE_CHECKING:
    from PIL import Image

    from postloan_desktop.forms.engine import ItemInstance

SAMPLE_TODAY = dt.date(2026, 11, 28)
SAMPLE_BANK = "示范农村商业银行"  # the demo's bank: a made-up name

# Free-text answers, by item key; others get a generic sentence. Amounts, dates and contract
# numbers inside Chinese sentences are what the line breaking must keep whole.
TEXTS = {
    "present_and_future_risk": (
        "借款人经营稳定，2026年1-10月销售收入约1,234.56万元，较上年同期增长8.5%；"
        "主要风险为原材料价格波动及应收账款回收周期延长（平均约95天）。"
    ),
    "opinion": (
        "建议维持现有授信额度，按月跟踪借款人银行流水（账号6217-0000-1234-5678）"
        "及贷款合同编号DK0102-2025-001项下还款情况，下次检查重点核实存货及抵押物状况。"
    ),
    "warnings_handling": "无未解除的CM2006风险预警信息。",
}
NOTES = {
    "funds_diverted": "已核对受托支付凭证3笔，合计金额1,200,000.00元，与合同约定用途一致。",
    "collateral_present": "现场核实抵押物位置与权证记载一致。",
}


@dataclass(frozen=True)
class Sample:
    services: Services
    reports: ReportService
    inspection_id: InspectionId
    inspector_id: UserId  # officer A
    loan_id: LoanId
    officer_b_id: UserId
    supervisor_id: UserId  # of the loan's branch, neither A nor B


@dataclass(frozen=True)
class SampleReport:
    sample: Sample
    pdf: bytes
    page_count: int
    qr_payload: str  # what the report's QR code holds
    signed_by: tuple[str, ...]  # the signatures made: inspector_a, inspector_b, supervisor


def _pick_loan(
    services: Services,
) -> tuple[LoanId, UserId, UserId, UserId, list[Collateral], Borrower]:
    """A mortgage loan with one to three collateral items whose officers A and B are
    inspectors of its branch, and a supervisor of the branch who is neither; its new draft
    (started by officer A)."""
    sessions = services.portfolio._sessions  # the sample reaches in for one lookup
    with sessions() as session:
        rows = session.execute(
            select(Loan, Borrower)
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .where(
                Loan.balance_fen > 0,
                Loan.guarantee_method == GuaranteeMethod.MORTGAGE,
                Borrower.latitude.is_not(None),
            )
            .order_by(Loan.contract_no)
        ).tuples()
        for loan, borrower in rows:
            collateral = list(
                session.execute(select(Collateral).where(Collateral.loan_id == loan.id)).scalars()
            )
            if not 1 <= len(collateral) <= 3:
                continue
            holders: dict[Role, set[uuid.UUID]] = {}
            for user_id, role in session.execute(
                select(UserRole.user_id, UserRole.role).where(UserRole.branch_id == loan.branch_id)
            ):
                holders.setdefault(role, set()).add(user_id)
            inspectors = holders.get(Role.INSPECTOR, set())
            a, b = loan.officer_a_id, loan.officer_b_id
            supervisors = sorted(holders.get(Role.SUPERVISOR, set()) - {a, b} - inspectors)
            if a not in inspectors or b not in inspectors or a == b or not supervisors:
                continue
            assert a is not None and b is not None
            try:
                services.inspections.start(loan_id=LoanId(loan.id), actor_id=UserId(a))
            except NotAllowed:  # a draft in progress, or a returned one to reopen
                continue
            session.expunge_all()
            return (
                LoanId(loan.id),
                UserId(a),
                UserId(b),
                UserId(supervisors[0]),
                collateral,
                borrower,
            )
    raise LookupError("the demo portfolio has no mortgage loan to inspect")


def _quiet(instance: ItemInstance, candidates: list[Any]) -> Any:
    """The first candidate answer that raises none of the item's risk signals."""
    from postloan_desktop.forms.engine import condition_holds

    for value in candidates:
        if not any(condition_holds(rule.when, value) for rule in instance.item.signals):
            return value
    return candidates[0] if candidates else None


def _value(
    instance: ItemInstance, form: Any, collateral_ids: list[str], estimates: dict[str, int]
) -> Any:
    from postloan_desktop.forms.schema import ItemType

    item = instance.item
    key = instance.key.split("@")[0]
    options = [o.value for o in item.options or []]
    if key == "next_inspection_date":
        return form.suggested_next_date.isoformat() if form.suggested_next_date else None
    if key in ("next_inspection_override_reason", "measures"):
        return None  # the rules' date is kept; no measures needed
    if key == "recommendation":
        return "keep"
    if instance.collateral is not None:
        if key == "collateral_value_change":  # the first item is worth less than at approval
            return "decreased" if instance.collateral.id == collateral_ids[0] else "unchanged"
        if key == "collateral_estimated_value":
            return estimates.get(instance.collateral.id)
    match item.type:
        case ItemType.YES_NO_NA:
            return _quiet(instance, ["yes", "no", "na"])
        case ItemType.SINGLE_CHOICE:
            return _quiet(instance, options)
        case ItemType.MULTIPLE_CHOICE:
            return None  # optional lists are left empty
        case ItemType.TEXT:
            return TEXTS.get(key, "经现场核实，情况正常，与上次检查相比无重大变化。")
        case ItemType.NUMBER | ItemType.PERCENT:
            return item.min if item.min is not None and item.min > 0 else 12
        case ItemType.MONEY:
            return 1_000_000
        case ItemType.DATE:
            return SAMPLE_TODAY.isoformat()
        case ItemType.COLLATERAL:
            return collateral_ids[0]
    return None


def answer_all(
    services: Services, inspection: InspectionId, actor: UserId, estimates: dict[str, int]
) -> None:
    """Answer every shown item (visibility can change with the answers: a few rounds)."""
    from postloan_desktop.forms import engine

    service = services.inspections
    for _ in range(6):
        form = service.form(inspection)
        ids = [c.id for c in form.context.collateral]
        pending = [
            i
            for s in engine.visible_sections(form.template, form.context, form.answers)
            for i in s.items
            if not engine.is_answered(form.answers.get(i.key))
        ]
        given = 0
        for instance in pending:
            value = _value(instance, form, ids, estimates)
            if value is None:
                continue
            service.answer(inspection_id=inspection, key=instance.key, value=value, actor_id=actor)
            given += 1
        if not given:
            break
    form = service.form(inspection)
    for key, text in NOTES.items():
        for instance_key in form.answers:
            if instance_key.split("@")[0] == key:
                service.note(inspection_id=inspection, key=instance_key, text=text, actor_id=actor)


def _collateral_notes(
    services: Services, inspection: InspectionId, actor: UserId, items: list[Collateral]
) -> dict[str, int]:
    """Each item found intact; the first worth 8 % less than appraised. The estimates."""
    estimates = {}
    for n, item in enumerate(items):
        estimate = item.appraised_fen * (92 if n == 0 else 103) // 100 // 100 * 100
        services.collateral.save_note(
            inspection_id=inspection,
            collateral_id=CollateralId(item.id),
            actor_id=actor,
            condition="intact",
            estimated_value_fen=estimate,
            valuation_basis="市场比较",
            registration_valid=True,
            notes="近三个月同类押品市场成交价下降约8%。" if n == 0 else "",
        )
        estimates[str(item.id)] = estimate
    return estimates


def site_picture(number: int, size: tuple[int, int] = (1600, 1200)) -> Image.Image:
    """A made-up site photo: sky, ground, a building with windows, a number plate."""
    from PIL import Image, ImageDraw, ImageOps

    width, height = size
    sky = ImageOps.colorize(
        Image.linear_gradient("L").resize((width, height // 2)), (90, 140, 210), (205, 225, 245)
    )
    ground = ImageOps.colorize(
        Image.linear_gradient("L").resize((width, height - height // 2)),
        (130, 120, 95),
        (70, 80, 60),
    )
    image = Image.new("RGB", size)
    image.paste(sky, (0, 0))
    image.paste(ground, (0, height // 2))
    draw = ImageDraw.Draw(image)
    x = 120 + (number * 173) % (width // 2)
    w = width // 3
    top = height // 5 + (number * 37) % (height // 5)
    shade = 120 + (number * 29) % 90
    draw.rectangle((x, top, x + w, height * 3 // 4), fill=(shade, shade - 25, shade - 45))
    for wy in range(top + 40, height * 3 // 4 - 60, 90):
        for wx in range(x + 30, x + w - 60, 80):
            draw.rectangle((wx, wy, wx + 40, wy + 55), fill=(235, 225, 170))
    draw.rectangle(
        (x + w // 2 - 50, height * 3 // 4 - 120, x + w // 2 + 50, height * 3 // 4),
        fill=(60, 45, 35),
    )
    return image


def _photos(
    services: Services,
    inspection: InspectionId,
    actor: UserId,
    borrower: Borrower,
    items: list[Collateral],
    folder: Path,
) -> None:
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    captions = [
        "借款人经营场所外景",
        "生产车间内部，设备运转正常",
        "仓库存货，约1,200件成品",
        "抵押物外观（房产证号 鄂(2024)武汉市不动产权第0012345号）",
        "抵押物周边环境",
        "借款人提供的2026年10月银行流水（复印件）",
    ]
    lat, lon = borrower.latitude or 30.59, borrower.longitude or 114.30
    for n, caption in enumerate(captions):
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = "HUAWEI", "P60 Pro"
        taken = dt.datetime.combine(SAMPLE_TODAY, dt.time(9, 12)) + dt.timedelta(minutes=7 * n)
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
        if n != 5:  # a copy of a document: no GPS
            gps = exif.get_ifd(0x8825)
            gps[1], gps[2] = "N", _dms(lat + n * 0.0002)
            gps[3], gps[4] = "E", _dms(lon)
        path = folder / f"IMG_{n + 1:04d}.jpg"
        size = (1200, 1600) if n == 1 else (1600, 1200)
        site_picture(n, size).save(path, "JPEG", quality=88, exif=exif.tobytes())
        on_collateral = n in (3, 4) and items
        imported = services.photos.import_file(
            inspection_id=inspection,
            path=path,
            actor_id=actor,
            item_key=None,
            collateral_id=items[0].id if on_collateral else None,
        )
        services.photos.set_caption(photo_id=imported.photo.id, caption=caption, actor_id=actor)


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return float(degrees), float(minutes), seconds


def prepare_sample(data_dir: Path, *, photo_files: Sequence[Path] | None = None) -> Sample:
    """The demo portfolio in ``data_dir`` with one complete inspection, photos included:
    made-up ones, or ``photo_files`` imported as they are (the benchmark's)."""
    services = open_services(data_dir, today=SAMPLE_TODAY, demo=True)
    loan_id, inspector, officer_b, supervisor, items, borrower = _pick_loan(services)
    inspection = services.inspections.draft_for_loan(loan_id)
    assert inspection is not None
    estimates = _collateral_notes(services, inspection, inspector, items)
    answer_all(services, inspection, inspector, estimates)
    if photo_files is None:
        _photos(services, inspection, inspector, borrower, items, data_dir / "sample-photos")
    else:
        summary = services.photos.import_files(
            inspection_id=inspection, paths=photo_files, actor_id=inspector
        )
        if summary.rejected:
            raise ValueError(f"photos refused: {summary.rejected[:3]}")
    reports = services.reports
    reports.bank_name = reports.bank_name or SAMPLE_BANK
    return Sample(services, reports, inspection, inspector, loan_id, officer_b, supervisor)


def handwriting(seed: int) -> bytes:
    """A made-up handwritten signature: a few strokes of ink on a transparent PNG, as the
    signature pad gives it."""
    import io
    import math
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (20 + rng.randrange(30), 30 + rng.randrange(30), 110 + rng.randrange(60), 255)
    x = 30.0
    for _stroke in range(3):
        points = []
        width = rng.uniform(120, 170)
        loops = rng.uniform(2.0, 3.5)
        for step in range(60):
            t = step / 59
            points.append(
                (
                    x + t * width + 14 * math.sin(t * loops * 2 * math.pi + seed),
                    100 + 55 * math.sin(t * loops * math.pi) * math.cos(t * 5 + seed),
                )
            )
        draw.line(points, fill=ink, width=6, joint="curve")
        x += width + rng.uniform(10, 30)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def sign_sample(sample: Sample, *, language: str = "zh") -> bytes:
    """Sign the sample's inspection as officer A, officer B and the supervisor through the
    report service, with their demo keys: the report with its three signatures."""
    reports = sample.reports
    signers = (
        (sample.inspector_id, SignatureRole.INSPECTOR_A),
        (sample.officer_b_id, SignatureRole.INSPECTOR_B),
        (sample.supervisor_id, SignatureRole.SUPERVISOR),
    )
    for n, (user, role) in enumerate(signers):
        if reports.next_signature(sample.inspection_id, user) is not role:
            raise LookupError(f"the sample's {role} cannot sign its report")
        if role is SignatureRole.SUPERVISOR:
            reports.countersign(sample.inspection_id, user, DEMO_KEY_PASSPHRASE, handwriting(n))
        else:
            reports.sign(
                sample.inspection_id, user, DEMO_KEY_PASSPHRASE, handwriting(n), language=language
            )
    pdf = reports.report_pdf(sample.inspection_id)
    assert pdf is not None
    return pdf


def _page_count(pdf: bytes) -> int:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def build_sample(
    out: Path,
    data_dir: Path,
    *,
    language: str = "zh",
    draft: bool = False,
    unsigned: bool = False,
) -> SampleReport:
    """Write the sample report to ``out``: signed by A, B and the supervisor; or with
    ``unsigned`` laid out with its three empty signature fields; or with ``draft`` a
    watermarked preview."""
    sample = prepare_sample(data_dir)
    reports = sample.reports
    content = reports.content(sample.inspection_id, language, draft=draft)
    payload = qr_payload(content)
    signed: tuple[str, ...] = ()
    if draft:
        laid = reports.layout(content)
        pdf, pages = laid.pdf, laid.page_count
    elif unsigned:
        pdf = reports.unsigned_pdf(sample.inspection_id, language)
        pages = _page_count(pdf)
    else:
        pdf = sign_sample(sample, language=language)
        pages = _page_count(pdf)
        signed = tuple(s.role.value for s in reports.signatures(sample.inspection_id))
    write_pdf(out, pdf)
    return SampleReport(sample, pdf, pages, payload, signed)
