"""Inspection reports: gather what an inspection says into a ``ReportContent`` (in the report's
language) and lay it out as a PDF — a watermarked preview at any time, or the unsigned report
of a complete inspection, ready for signing.

The content comes from the other services' snapshots (the form, the loan's detail, the photos,
the collateral notes) plus a few facts no snapshot carries (the inspection's place, the
branch's code, who approved it). ReportLab is imported only when a PDF is made.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.collateral import (
    DEFAULT_COVERAGE_THRESHOLD,
    CollateralCondition,
    coverage_ratio,
    coverage_warning,
    current_value,
    value_change,
)
from postloan_desktop.domain.enums import BorrowerType, OfficerRank
from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.domain.ids import InspectionId
from postloan_desktop.domain.money import format_fen
from postloan_desktop.reports import labels
from postloan_desktop.reports.content import (
    CollateralRow,
    Coverage,
    ItemState,
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
from postloan_desktop.services.dto import CollateralInfo, LoanDetail
from postloan_desktop.services.inspection_dto import InspectionForm
from postloan_desktop.services.inspections import InspectionService, validation_report
from postloan_desktop.services.photos import PhotoRecord, PhotoService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import AuditEntry, Branch, Inspection, Loan, User

if TYPE_CHECKING:
    from postloan_desktop.forms.engine import CollateralRef, ItemInstance
    from postloan_desktop.reports.layout import LaidOut

CONCLUSION_SECTION = "conclusion"  # resources/checklists/conclusion.yaml
WARNINGS_HANDLING_KEY = "warnings_handling"
MATURITY_NOTICE_DAYS = 31

# The report's own wording for what the loan's records flag (zh, en).
_WARNINGS = {
    "principal": (
        "本金自 {since} 起逾期，逾期本金 {amount} 元。",
        "Principal overdue since {since}: {amount} yuan.",
    ),
    "interest": (
        "自 {since} 起欠息，欠息 {amount} 元。",
        "Interest unpaid since {since}: {amount} yuan.",
    ),
    "officers": (
        "贷款余额 {balance} 元，A、B角中须有一人为{rank}或以上，现配置不符合规定。",
        "A balance of {balance} yuan needs a {rank} or above as officer A or B; "
        "the loan's officers do not meet this.",
    ),
    "coverage": (
        "押品覆盖倍数 {ratio}，低于 {threshold} 倍的预警线。",
        "Collateral cover {ratio} is below the {threshold} threshold.",
    ),
    "maturity": (
        "贷款将于 {date} 到期，应发出提示归还到期贷款通知书。",
        "The loan matures on {date}: the maturity notice is due.",
    ),
}
_RANKS = {
    OfficerRank.VICE_PRESIDENT: ("支行副行长", "sub-branch vice-president"),
    OfficerRank.PRESIDENT: ("支行行长", "sub-branch president"),
    OfficerRank.OFFICER: ("客户经理", "loan officer"),
}
_YES_NO_NA = {"yes": ("是", "Yes"), "no": ("否", "No"), "na": ("不适用", "Not applicable")}


def write_pdf(path: Path, data: bytes) -> None:
    """All of ``data`` at ``path`` or, if writing fails (a full disk), the file as it was:
    a temp file beside it, fsynced, then renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def mask_id_number(id_number: str, kind: BorrowerType) -> str:
    """An individual's ID card number with its middle hidden (420102********1234); an
    enterprise's unified social credit code is public and printed whole."""
    text = id_number.strip()
    if kind is BorrowerType.ENTERPRISE or len(text) < 10:
        return text
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def answer_text(
    instance: ItemInstance, value: Any, collateral: Sequence[CollateralRef], language: str
) -> str:
    """An answer as the officer sees it in the editor, in the report's language."""
    from postloan_desktop.forms.schema import ItemType

    item = instance.item
    options = {o.value: o.label.get(language) for o in item.options or []}
    match item.type:
        case ItemType.YES_NO_NA:
            pair = _YES_NO_NA.get(str(value))
            return _pick(pair, language) if pair else str(value)
        case ItemType.SINGLE_CHOICE:
            return options.get(str(value), str(value))
        case ItemType.MULTIPLE_CHOICE:
            chosen = [options.get(str(v), str(v)) for v in value]
            return ("、" if language == "zh" else ", ").join(chosen)
        case ItemType.NUMBER:
            unit = item.unit.get(language) if item.unit else ""
            return f"{_number(value)} {unit}".strip()
        case ItemType.PERCENT:
            return f"{_number(value)}%"
        case ItemType.MONEY:
            return (
                f"{format_fen(int(value))} 元" if language == "zh" else f"{format_fen(value)} yuan"
            )
        case ItemType.COLLATERAL:
            return next((c.label for c in collateral if c.id == str(value)), str(value))
    return str(value)


class ReportService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        *,
        inspections: InspectionService,
        portfolio: PortfolioService,
        photos: PhotoService,
        collateral: CollateralService | None = None,
        bank_name: str = "",
        font: str | None = None,
    ) -> None:
        self._sessions = sessions
        self._blobs = blobs
        self._inspections = inspections
        self._portfolio = portfolio
        self._photos = photos
        self._collateral = collateral
        self.bank_name = bank_name
        self.font = font  # [report] font in postloan.toml; see reports.fonts

    # --- PDFs ---------------------------------------------------------------------------------

    def preview(self, inspection_id: InspectionId, language: str = "zh") -> bytes:
        """The report as it stands, watermarked as a draft: any time, complete or not."""
        return self.layout(self.content(inspection_id, language, draft=True)).pdf

    def unsigned(self, inspection_id: InspectionId, language: str = "zh") -> LaidOut:
        """The report to sign: refused while a required answer is missing or unconfirmed."""
        form = self._inspections.form(inspection_id)
        missing = validation_report(form).missing
        if missing:
            raise InvalidInput(
                f"{len(missing)} item(s) still to answer or confirm before the report can be "
                f"made: {', '.join(i.key for i in missing[:10])}"
            )
        return self.layout(self.content(inspection_id, language, draft=False, form=form))

    def layout(self, content: ReportContent) -> LaidOut:
        from postloan_desktop.reports.layout import render

        return render(content, font=self.font)

    # --- content ------------------------------------------------------------------------------

    def content(
        self,
        inspection_id: InspectionId,
        language: str = "zh",
        *,
        draft: bool = True,
        form: InspectionForm | None = None,
    ) -> ReportContent:
        """Everything the report says, in ``language`` ("zh" or "en")."""
        from postloan_desktop.forms import engine

        if language not in labels.LANGUAGES:
            raise InvalidInput(f"reports are written in zh or en, not {language!r}")
        form = form or self._inspections.form(inspection_id)
        loan = self._portfolio.loan_detail(form.loan_id)
        facts = self._facts(inspection_id)
        ctx, answers = form.context, form.answers
        sections: list[ReportSection] = []
        conclusion: list[ReportItem] = []
        handling = ""
        for section in engine.visible_sections(form.template, ctx, answers):
            items: list[ReportItem] = []
            for instance in section.items:
                if instance.key == WARNINGS_HANDLING_KEY:
                    handling = str(answers.get(instance.key) or "")
                    continue
                item = self._item(instance, form, language)
                if item is not None:
                    items.append(item)
            if section.section.key == CONCLUSION_SECTION:
                conclusion += items
            elif items:
                sections.append(ReportSection(section.title(language), tuple(items)))
        collateral_rows, coverage = self._collateral_rows(form, loan, language)
        summary = next((i for i in loan.inspections if i.id == form.id), None)
        return ReportContent(
            report_id=uuid.UUID(str(form.id)),
            report_no=self._report_no(facts["branch_code"], form),
            language=language,
            draft=draft,
            bank_name=self.bank_name,
            branch_name=loan.branch_name,
            title=form.template.content.title.get(language),
            inspection_kind=labels.code(form.kind, language),
            inspected_on=form.inspected_on,
            place=facts["place"],
            revision=form.revision,
            loan=self._summary(loan, language),
            sections=tuple(sections),
            signals=tuple(self._signals(form, language)),
            open_warnings=tuple(self._open_warnings(loan, coverage, form, language)),
            warnings_handling=handling,
            collateral=tuple(collateral_rows),
            coverage=coverage,
            conclusion=tuple(conclusion),
            photos=tuple(self._report_photos(form, loan, language)),
            signatures=(
                SignatureSlot(SignatureRole.INSPECTOR_A, summary.officer_a_name if summary else ""),
                SignatureSlot(SignatureRole.INSPECTOR_B, summary.officer_b_name if summary else ""),
                SignatureSlot(SignatureRole.SUPERVISOR, facts["approver"]),
            ),
        )

    def _facts(self, inspection_id: InspectionId) -> dict[str, str]:
        """What no snapshot carries: the place, the branch's code, who approved it."""
        with self._sessions() as session:
            row = session.execute(
                select(Inspection.place, Branch.code)
                .join(Loan, Inspection.loan_id == Loan.id)
                .join(Branch, Loan.branch_id == Branch.id)
                .where(Inspection.id == inspection_id)
            ).one()
            approver = session.execute(
                select(User.display_name)
                .join(AuditEntry, AuditEntry.actor_id == User.id)
                .where(
                    AuditEntry.entity_id == inspection_id,
                    AuditEntry.action == "inspection.approve",
                )
                .order_by(AuditEntry.at.desc())
                .limit(1)
            ).scalar_one_or_none()
            return {"place": row.place, "branch_code": row.code, "approver": approver or ""}

    @staticmethod
    def _report_no(branch_code: str, form: InspectionForm) -> str:
        day = form.inspected_on.strftime("%Y%m%d") if form.inspected_on else "00000000"
        number = f"{branch_code}-{day}-{uuid.UUID(str(form.id)).hex[:8].upper()}"
        return f"{number}-R{form.revision}" if form.revision > 1 else number

    def _item(
        self, instance: ItemInstance, form: InspectionForm, language: str
    ) -> ReportItem | None:
        from postloan_desktop.forms.engine import is_answered

        value = form.answers.get(instance.key)
        note = form.notes.get(instance.key, "")
        question = instance.item.label.get(language)
        if is_answered(value):
            state = (
                ItemState.UNCONFIRMED
                if instance.key in form.carried_forward
                else ItemState.ANSWERED
            )
            answer = answer_text(instance, value, form.context.collateral, language)
            return ReportItem(question, answer, note, state)
        if instance.item.required:
            return ReportItem(question, "", note, ItemState.MISSING)
        if note.strip():
            return ReportItem(question, "—", note)
        return None  # an unanswered optional item is left out

    def _summary(self, loan: LoanDetail, language: str) -> LoanSummary:
        b = loan.borrower
        return LoanSummary(
            borrower_name=b.name,
            borrower_kind=labels.code(b.kind, language),
            id_number=mask_id_number(b.id_number, b.kind),
            legal_representative=b.legal_representative,
            address=b.address,
            industry=b.industry,
            business_type=labels.code(b.business_type, language),
            contract_no=loan.contract_no,
            product=loan.product,
            amount_fen=loan.amount_fen,
            balance_fen=loan.balance_fen,
            disbursed_on=loan.disbursed_on,
            matures_on=loan.matures_on,
            annual_rate_bp=loan.annual_rate_bp,
            repayment_method=labels.code(loan.repayment_method, language),
            guarantee_method=labels.code(loan.guarantee_method, language),
            risk_class=labels.code(loan.risk_class, language),
            business_status=labels.code(loan.business_status, language),
            officer_a=loan.officer_a.name if loan.officer_a else "",
            officer_b=loan.officer_b.name if loan.officer_b else "",
            overdue_principal_fen=loan.overdue_principal_fen,
            overdue_interest_fen=loan.overdue_interest_fen,
        )

    def _signals(self, form: InspectionForm, language: str) -> list[RiskSignal]:
        from postloan_desktop.forms import engine

        out = []
        for raised in engine.raised_signals(form.template, form.context, form.answers):
            instance = engine.find_item(form.template, form.context, raised.answer_key)
            source = instance.item.label.get(language)
            if raised.collateral is not None:
                source = f"{source} — {raised.collateral.label}"
            out.append(
                RiskSignal(SignalLevel(raised.level.value), raised.message.get(language), source)
            )
        return out

    def _open_warnings(
        self,
        loan: LoanDetail,
        coverage: Coverage | None,
        form: InspectionForm,
        language: str,
    ) -> list[str]:
        def say(key: str, **values: str) -> str:
            return _pick(_WARNINGS[key], language).format(**values)

        out = []
        if loan.principal_overdue_since is not None:
            out.append(
                say(
                    "principal",
                    since=loan.principal_overdue_since.isoformat(),
                    amount=format_fen(loan.overdue_principal_fen),
                )
            )
        if loan.interest_unpaid_since is not None:
            out.append(
                say(
                    "interest",
                    since=loan.interest_unpaid_since.isoformat(),
                    amount=format_fen(loan.overdue_interest_fen),
                )
            )
        if loan.officer_rule_violation is not None:
            rank = _pick(_RANKS[loan.officer_rule_violation], language)
            out.append(say("officers", balance=format_fen(loan.balance_fen), rank=rank))
        if coverage is not None and coverage.below_threshold and coverage.ratio is not None:
            out.append(
                say(
                    "coverage", ratio=f"{coverage.ratio:.2f}", threshold=f"{coverage.threshold:.2f}"
                )
            )
        day = form.inspected_on or self._portfolio.today()
        if loan.balance_fen > 0 and day <= loan.matures_on <= day + dt.timedelta(
            days=MATURITY_NOTICE_DAYS
        ):
            out.append(say("maturity", date=loan.matures_on.isoformat()))
        return out

    def _collateral_rows(
        self, form: InspectionForm, loan: LoanDetail, language: str
    ) -> tuple[list[CollateralRow], Coverage | None]:
        """The loan's collateral with this inspection's findings: the collateral note when
        the officer recorded one, else the checklist's collateral answers."""
        if not loan.collateral:
            return [], None
        notes = {}
        threshold = DEFAULT_COVERAGE_THRESHOLD
        service_coverage = None
        if self._collateral is not None:
            part = self._collateral.notes(form.id)
            notes = {e.collateral.id: e for e in part.entries}
            threshold = part.threshold
            service_coverage = part.coverage
        order = {c.id: n for n, c in enumerate(form.context.collateral)}
        items = sorted(loan.collateral, key=lambda c: order.get(str(c.id), len(order)))
        rows, values = [], []
        for info in items:
            row, value = self._collateral_row(info, notes.get(info.id), form, language)
            rows.append(row)
            values.append(value)
        if service_coverage is not None:
            coverage = Coverage(
                value_fen=service_coverage.value_fen,
                balance_fen=service_coverage.balance_fen,
                ratio=service_coverage.ratio,
                threshold=service_coverage.threshold,
                below_threshold=service_coverage.warning,
            )
        else:
            ratio = coverage_ratio(values, loan.balance_fen)
            coverage = Coverage(
                value_fen=sum(values),
                balance_fen=loan.balance_fen,
                ratio=ratio,
                threshold=threshold,
                below_threshold=coverage_warning(ratio, threshold),
            )
        return rows, coverage

    def _collateral_row(
        self, info: CollateralInfo, entry: Any, form: InspectionForm, language: str
    ) -> tuple[CollateralRow, int]:
        from postloan_desktop.forms import engine

        def answered(item_key: str) -> tuple[Any, str]:
            """The checklist answer for this item of the collateral, as value and text."""
            key = f"{item_key}{engine.REPEAT_SEPARATOR}{info.id}"
            value = form.answers.get(key)
            if not engine.is_answered(value):
                return None, ""
            try:
                instance = engine.find_item(form.template, form.context, key)
            except InvalidInput:
                return value, str(value)
            return value, answer_text(instance, value, form.context.collateral, language)

        note = entry.note if entry is not None else None
        estimate = note.estimated_value_fen if note is not None else None
        if estimate is None:
            value, _ = answered("collateral_estimated_value")
            estimate = int(value) if isinstance(value, int | float) else None
        condition_code = note.condition if note is not None else None
        condition = labels.code(condition_code, language)
        if not condition:
            raw, condition = answered("collateral_condition")
            if raw in set(CollateralCondition):
                condition_code = CollateralCondition(raw)
        basis = note.valuation_basis if note is not None else ""
        if not basis:
            _, basis = answered("collateral_value_basis")
        change = value_change(info.appraised_fen, estimate) if estimate is not None else None
        row = CollateralRow(
            kind=labels.code(info.kind, language),
            description=info.description,
            registration_no=info.registration_no,
            appraised_fen=info.appraised_fen,
            appraised_on=info.appraised_on,
            estimate_fen=estimate,
            change_fen=change.fen if change else None,
            change_percent=change.percent if change else None,
            condition=condition,
            basis=basis,
            note=note.notes.strip() if note is not None else "",
        )
        return row, current_value(info.appraised_fen, estimate, condition_code)

    def _report_photos(
        self, form: InspectionForm, loan: LoanDetail, language: str
    ) -> list[ReportPhoto]:
        from postloan_desktop.forms import engine

        collateral = {c.id: c for c in loan.collateral}
        out = []
        for photo in self._photos.photos(form.id):
            subject = ""
            if photo.collateral_id is not None and photo.collateral_id in collateral:
                c = collateral[photo.collateral_id]
                subject = f"{labels.code(c.kind, language)} · {c.description}"
            elif photo.item_key:
                try:
                    instance = engine.find_item(form.template, form.context, photo.item_key)
                    subject = instance.item.label.get(language)
                except InvalidInput:
                    subject = photo.item_key
            present = self._blobs.exists(photo.report_sha256)
            out.append(
                ReportPhoto(
                    sha256=photo.report_sha256,
                    image=self._blobs.path_for(photo.report_sha256) if present else None,
                    caption=photo.caption,
                    subject=subject,
                    captured_at=photo.captured_local,
                    gps=photo.gps,
                    warnings=tuple(self._warning(code, photo, language) for code in photo.warnings),
                    original_sha256=photo.sha256,
                )
            )
        return out

    def _warning(self, code: str, photo: PhotoRecord, language: str) -> str:
        detail = "?"
        if code == "capture_time_not_on_inspection_date" and photo.captured_local:
            detail = photo.captured_local.date().isoformat()
        elif code == "gps_far_from_site":
            detail = f"{self._photos.radius_m:,.0f}"
        elif code == "edited_by_software":
            detail = photo.software or "?"
        return labels.photo_warning(code, language, detail)
