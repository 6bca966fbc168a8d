"""What the report tests share (conftest.py registers the fixtures): an inspection of a demo
mortgage loan through the real services (``report_setting``), answered with
``answer_everything``, with photos from ``import_photos``; a small hand-made ``ReportContent``
for layout tests that need no database (``make_content``); and the PDF tools (poppler, qpdf)
the assertions read the PDFs with."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import GuaranteeMethod, Role
from postloan_desktop.domain.ids import CollateralId, InspectionId, LoanId, UserId
from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.forms.engine import ItemInstance, condition_holds, is_answered
from postloan_desktop.forms.engine import visible_sections as shown_sections
from postloan_desktop.forms.loader import load_directory
from postloan_desktop.forms.schema import ItemType
from postloan_desktop.reports.content import (
    CollateralRow,
    Coverage,
    LoanSummary,
    ReportContent,
    ReportItem,
    ReportPhoto,
    ReportSection,
    RiskSignal,
    SignalLevel,
    SignatureRole,
    SignatureSlot,
)
from postloan_desktop.services.collateral import CollateralService
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.services.reports import ReportService
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import Borrower, Collateral, Loan, UserRole

# Amounts, dates and contract numbers inside Chinese text: line breaking must keep them whole.
TOKENS = ("DK0102-2025-001", "1,234,567.89")
LONG_TEXT = (
    "贷款合同编号DK0102-2025-001的借款人于2026年11月28日归还本金1,234,567.89元，"
    "经核对银行流水，资金来源为销售回款。"
)
NOTE = "备注中的合同编号DK0102-2025-001与借据一致。"


# --- PDF tools ----------------------------------------------------------------------------


def pdf_text(pdf: Path, *, page: int | None = None, raw: bool = True, body: bool = False) -> str:
    """pdftotext's text: ``-raw`` keeps each paragraph's lines together (table cells are
    drawn one after the other); ``body`` leaves out the page headers and footers."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if raw:
        args.append("-raw")
    if body:  # A4 at 72 dpi: from below the running header to above the footer
        args += ["-x", "0", "-y", "50", "-W", "596", "-H", "745"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    result = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    """Text without any whitespace: lines broken inside a cell are joined again."""
    return re.sub(r"\s+", "", text)


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type and whether each font is embedded."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type [type…] encoding emb sub uni object ID: emb is the 5th field from the end
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- photos -------------------------------------------------------------------------------


def site_jpeg(
    number: int,
    size: tuple[int, int] = (640, 480),
    *,
    taken: dt.datetime | None = None,
    gps: tuple[float, float] | None = None,
) -> bytes:
    """A distinct made-up site photo as JPEG bytes, with capture time and GPS if given."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    w, h = size
    x = (number * 53) % (w - 60)
    draw.rectangle((x, h // 4, x + 60, h * 3 // 4), fill=(200, 40 + number * 20 % 200, 30))
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps is not None:
        lat, lon = gps
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[2] = "N", (float(int(lat)), float(int(lat % 1 * 60)), 0.0)
        ifd[3], ifd[4] = "E", (float(int(lon)), float(int(lon % 1 * 60)), 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif.tobytes())
    return out.getvalue()


# --- an inspection through the services ---------------------------------------------------


@dataclass
class ReportSetting:
    reports: ReportService
    inspections: InspectionService
    photos: PhotoService
    collateral: CollateralService
    blobs: BlobStore
    sessions: sessionmaker[Session]
    loan_id: LoanId
    inspection: InspectionId
    inspector: UserId
    collateral_ids: list[CollateralId]
    today: dt.date

    def answer(self, key: str, value: Any) -> None:
        self.inspections.answer(
            inspection_id=self.inspection, key=key, value=value, actor_id=self.inspector
        )

    def import_photos(self, tmp_path: Path, count: int) -> list[Any]:
        records = []
        for n in range(count):
            path = write(
                tmp_path,
                f"site-{n}.jpg",
                site_jpeg(
                    n,
                    (480, 640) if n % 3 == 2 else (640, 480),
                    taken=dt.datetime.combine(self.today, dt.time(9, n)),
                    gps=None if n == 1 else (30.59, 114.30),
                ),
            )
            imported = self.photos.import_file(
                inspection_id=self.inspection,
                path=path,
                actor_id=self.inspector,
                collateral_id=self.collateral_ids[0] if n == 0 else None,
            )
            self.photos.set_caption(
                photo_id=imported.photo.id, caption=f"现场照片{n + 1}号", actor_id=self.inspector
            )
            records.append(self.photos.photo(imported.photo.id))
        return records


def sample_answer(instance: ItemInstance, collateral: list[str]) -> Any:
    """An answer for any item: the first that raises no risk signal; text with numbers."""
    item = instance.item

    def quiet(values: list[Any]) -> Any:
        for value in values:
            if not any(condition_holds(r.when, value) for r in item.signals):
                return value
        return values[0]

    match item.type:
        case ItemType.YES_NO_NA:
            return quiet(["yes", "no", "na"])
        case ItemType.SINGLE_CHOICE:
            return quiet([o.value for o in item.options or []])
        case ItemType.MULTIPLE_CHOICE:
            return [item.options[0].value] if item.options else []
        case ItemType.TEXT:
            return LONG_TEXT
        case ItemType.NUMBER | ItemType.PERCENT:
            return item.min if item.min is not None and item.min > 0 else 12.5
        case ItemType.MONEY:
            return 123_456_789
        case ItemType.DATE:
            return "2027-02-28"
        case ItemType.COLLATERAL:
            return collateral[0]
    raise AssertionError(item.type)


def answer_everything(setting: ReportSetting, *, optional: bool = True) -> None:
    """Answer every shown item (or only the required ones) until nothing is left."""
    service = setting.inspections
    for _ in range(8):
        form = service.form(setting.inspection)
        ids = [c.id for c in form.context.collateral]
        todo = [
            i
            for s in shown_sections(form.template, form.context, form.answers)
            for i in s.items
            if not is_answered(form.answers.get(i.key)) and (optional or i.item.required)
        ]
        todo = [i for i in todo if i.key != "next_inspection_override_reason"]
        if not todo:
            return
        for instance in todo:
            value = sample_answer(instance, ids)
            if instance.key == "next_inspection_date" and form.suggested_next_date:
                value = form.suggested_next_date.isoformat()
            setting.answer(instance.key, value)
    raise AssertionError("the form never became complete")


@pytest.fixture
def report_setting(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date, tmp_path: Path
) -> ReportSetting:
    """A draft inspection, started today, of the first mortgage loan (by contract number)
    with one to three collateral items; nothing answered yet."""
    rules = InspectionRules()
    inspections = InspectionService(
        demo_copy_sessions, rules=rules, today=lambda: demo_today, signatures_required=False
    )
    inspections.publish(load_directory())
    portfolio = PortfolioService(demo_copy_sessions, rules=rules, today=lambda: demo_today)
    blobs = BlobStore(tmp_path / "blobs")
    photos = PhotoService(
        demo_copy_sessions, blobs, now=lambda: dt.datetime.combine(demo_today, dt.time(16))
    )
    collateral = CollateralService(demo_copy_sessions, blobs)
    with demo_copy_sessions() as session:
        rows = session.execute(
            select(Loan)
            .join(Borrower, Loan.borrower_id == Borrower.id)
            .where(Loan.balance_fen > 0, Loan.guarantee_method == GuaranteeMethod.MORTGAGE)
            .order_by(Loan.contract_no)
        ).scalars()
        for loan in rows:
            items = list(
                session.execute(
                    select(Collateral.id).where(Collateral.loan_id == loan.id)
                ).scalars()
            )
            inspector = session.execute(
                select(UserRole.user_id).where(
                    UserRole.role == Role.INSPECTOR, UserRole.branch_id == loan.branch_id
                )
            ).scalar()
            if 1 <= len(items) <= 3 and inspector is not None:
                break
        else:
            raise AssertionError("no mortgage loan in the demo")
    inspection = inspections.start(loan_id=LoanId(loan.id), actor_id=UserId(inspector))
    form = inspections.form(inspection)
    reports = ReportService(
        demo_copy_sessions,
        blobs,
        inspections=inspections,
        portfolio=portfolio,
        photos=photos,
        collateral=collateral,
        bank_name="测试农村商业银行",
    )
    return ReportSetting(
        reports=reports,
        inspections=inspections,
        photos=photos,
        collateral=collateral,
        blobs=blobs,
        sessions=demo_copy_sessions,
        loan_id=LoanId(loan.id),
        inspection=inspection,
        inspector=UserId(inspector),
        collateral_ids=[CollateralId(uuid.UUID(c.id)) for c in form.context.collateral],
        today=demo_today,
    )


# --- a report without a database ----------------------------------------------------------


def make_content(**changes: Any) -> ReportContent:
    """A small complete report; ``changes`` replace its fields."""
    loan = LoanSummary(
        borrower_name="武汉测试商贸有限公司",
        borrower_kind="企业",
        id_number="91420100MA4K000000",
        legal_representative="张三",
        address="湖北省武汉市江汉区测试路1号",
        industry="批发零售",
        business_type="商贸服务型",
        contract_no="DK0102-2025-001",
        product="小微企业流动资金贷款",
        amount_fen=500_000_000,
        balance_fen=123_456_789,
        disbursed_on=dt.date(2025, 3, 1),
        matures_on=dt.date(2027, 3, 1),
        annual_rate_bp=435,
        repayment_method="按月付息，到期还本",
        guarantee_method="抵押",
        risk_class="正常",
        business_status="好",
        officer_a="李四",
        officer_b="王五",
    )
    content = ReportContent(
        report_id=uuid.UUID("12345678-1234-5678-1234-567812345678"),
        report_no="0102-20261128-12345678",
        language="zh",
        draft=False,
        bank_name="测试农村商业银行",
        branch_name="洪山支行",
        title="小企业贷款贷后检查",
        inspection_kind="定期检查",
        inspected_on=dt.date(2026, 11, 28),
        place="湖北省武汉市江汉区测试路1号",
        revision=1,
        loan=loan,
        sections=(
            ReportSection(
                "贷款用途",
                (
                    ReportItem("贷款资金实际用途", LONG_TEXT, NOTE),
                    ReportItem("是否挪用信贷资金", "否"),
                ),
            ),
        ),
        signals=(RiskSignal(SignalLevel.WARNING, "抵(质)押物变现价值减少。", "变现价值增减情况"),),
        open_warnings=("贷款将于 2026-12-22 到期，应发出提示归还到期贷款通知书。",),
        warnings_handling="已电话提示借款人。",
        collateral=(
            CollateralRow(
                kind="住宅",
                description="江汉区测试路1号3栋501室",
                registration_no="鄂(2024)武汉市不动产权第0012345号",
                appraised_fen=200_000_000,
                appraised_on=dt.date(2024, 5, 1),
                estimate_fen=180_000_000,
                change_fen=-20_000_000,
                change_percent=Decimal("-10.00"),
                condition="完好",
                basis="市场比较",
            ),
        ),
        coverage=Coverage(
            value_fen=180_000_000,
            balance_fen=123_456_789,
            ratio=Decimal("1.458"),
            threshold=Decimal("1.2"),
            below_threshold=False,
        ),
        conclusion=(
            ReportItem("建议风险分类(五级分类)", "正常"),
            ReportItem("下次检查日期", "2027-02-28"),
        ),
        photos=(),
        signatures=(
            SignatureSlot(SignatureRole.INSPECTOR_A, "李四"),
            SignatureSlot(SignatureRole.INSPECTOR_B, "王五"),
            SignatureSlot(SignatureRole.SUPERVISOR, ""),
        ),
    )
    return dataclasses.replace(content, **changes)


def photo(number: int, **changes: Any) -> ReportPhoto:
    data = site_jpeg(number)
    base = ReportPhoto(
        sha256=hashlib.sha256(data).hexdigest(),
        image=data,
        caption=f"照片说明{number}",
        captured_at=dt.datetime(2026, 11, 28, 9, number),
        gps=(30.5928, 114.3055),
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture
def render_pdf(tmp_path: Path) -> Callable[[ReportContent], tuple[Path, Any]]:
    """Lay a content out and write it to a file: (path, LaidOut)."""
    from postloan_desktop.reports.layout import render

    counter = iter(range(1000))

    def make(content: ReportContent) -> tuple[Path, Any]:
        laid = render(content)
        return write(tmp_path, f"report-{next(counter)}.pdf", laid.pdf), laid

    return make
