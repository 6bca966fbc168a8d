"""Inspections: start one, answer it item by item (each answer committed at once), carry
answers forward from the last inspection, check it, and move it through the state machine.

Every method is one transaction. The state machine and the roles are checked here, never
trusted from the caller: only drafts take answers, only the inspection's officers A and B
sign it (``services.reports.ReportService.sign``, which calls ``signing_move`` and
``apply_signature`` here inside its own transaction), only supervisors of the loan's branch
return it or countersign it.

``submit`` and ``approve`` are the same moves without a signed report: for tests and tools
only. A service made with ``signatures_required`` (the product: ``services.bootstrap``)
refuses them, so the product has one way to submit: signing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import (
    BusinessStatus,
    InspectionKind,
    InspectionStatus,
    RiskClass,
    Role,
    SignatureRole,
)
from postloan_desktop.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound
from postloan_desktop.domain.ids import BranchId, InspectionId, LoanId, UserId
from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.domain.workflow import (
    InspectionAction,
    Move,
    check_actor,
    is_editable,
    move,
    signature_for,
)
from postloan_desktop.services.inspection_dto import (
    InspectionForm,
    InspectionRow,
    StaffMember,
    ValidationReport,
)
from postloan_desktop.services.portfolio import Clock, recompute_due_dates
from postloan_desktop.storage import audit
from postloan_desktop.storage.models import (
    Borrower,
    Branch,
    ChecklistTemplateRecord,
    Collateral,
    CollateralNote,
    Inspection,
    InspectionAnswer,
    Loan,
    Photo,
    User,
    UserRole,
)
from postloan_desktop.storage.repositories import COMPLETED
from postloan_desktop.storage.types import utcnow

if TYPE_CHECKING:
    from postloan_desktop.forms.engine import FormContext
    from postloan_desktop.forms.loader import ChecklistTemplate

# The forms package (pydantic, YAML) is imported where it is used, not at start-up: the main
# window must paint within two seconds and needs none of it.


# Conclusion items the rest of the app reads (resources/checklists/conclusion.yaml).
BUSINESS_STATUS_KEY = "business_status"
NEXT_DATE_KEY = "next_inspection_date"
NEXT_DATE_REASON_KEY = "next_inspection_override_reason"
RISK_CLASS_KEY = "proposed_risk_class"
# Never carried forward: they belong to this inspection's own judgement of the date.
NOT_CARRIED = frozenset({NEXT_DATE_KEY, NEXT_DATE_REASON_KEY})


class Incomplete(InvalidInput):
    """The inspection cannot be signed (or submitted) yet: ``missing`` holds the keys of the
    required items still unanswered and of the carried-forward answers not yet confirmed."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        shown = ", ".join(self.missing[:10]) + (", …" if len(self.missing) > 10 else "")
        super().__init__(
            f"{len(self.missing)} item(s) still to answer or confirm (required, or carried "
            f"forward and not confirmed): {shown}"
        )


class InspectionService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        rules: InspectionRules,
        today: Clock,
        signatures_required: bool = True,
    ) -> None:
        self._sessions = sessions
        self.rules = rules
        self._today = today
        self._templates: dict[tuple[str, int], ChecklistTemplate] = {}
        # False only in tests and tools: submit and approve without a signed report.
        self.signatures_required = signatures_required

    # --- templates ----------------------------------------------------------------------------

    def publish(self, templates: Sequence[ChecklistTemplate]) -> list[str]:
        """Store template versions not yet published; returns their 'id vN' names.

        A published version is never changed: the same id and version with other content
        is refused, and only a new version reaches new inspections."""
        from postloan_desktop.forms.loader import TemplateError

        published = []
        with self._sessions.begin() as session:
            for template in templates:
                row = session.get(ChecklistTemplateRecord, (template.id, template.version))
                if row is not None:
                    if row.digest != template.digest:
                        raise TemplateError(
                            [
                                f"{template.id} version {template.version} differs from the "
                                "published one: give the changed template a new version"
                            ]
                        )
                    continue
                session.add(
                    ChecklistTemplateRecord(
                        template_id=template.id,
                        version=template.version,
                        title_zh=template.content.title.zh,
                        title_en=template.content.title.en,
                        content=template.to_json(),
                        digest=template.digest,
                    )
                )
                published.append(f"{template.id} v{template.version}")
        return published

    def template(self, template_id: str, version: int) -> ChecklistTemplate:
        from postloan_desktop.forms.loader import ChecklistTemplate

        cached = self._templates.get((template_id, version))
        if cached is not None:
            return cached
        with self._sessions() as session:
            row = session.get(ChecklistTemplateRecord, (template_id, version))
            if row is None:
                raise NotFound(f"checklist {template_id} version {version} is not published")
            template = ChecklistTemplate.from_json(row.content)
        self._templates[(template_id, version)] = template
        return template

    def _template_for(self, session: Session, borrower: Borrower) -> ChecklistTemplate:
        """The newest published checklist made for this kind of borrower."""
        rows = session.execute(
            select(ChecklistTemplateRecord).order_by(ChecklistTemplateRecord.version.desc())
        ).scalars()
        for row in rows:
            template = self.template(row.template_id, row.version)
            kinds = template.content.borrower_types
            if kinds is None or borrower.kind.value in kinds:
                return template
        raise NotFound(f"no published checklist for a {borrower.kind} borrower")

    # --- people -------------------------------------------------------------------------------

    def staff(self) -> list[StaffMember]:
        with self._sessions() as session:
            roles: dict[uuid.UUID, set[Role]] = {}
            for user_id, role in session.execute(select(UserRole.user_id, UserRole.role)):
                roles.setdefault(user_id, set()).add(role)
            rows = session.execute(
                select(User, Branch.name)
                .join(Branch, User.branch_id == Branch.id)
                .where(User.active.is_(True))
                .order_by(Branch.code, User.username)
            ).tuples()
            return [
                StaffMember(
                    id=UserId(user.id),
                    name=user.display_name,
                    branch_id=BranchId(user.branch_id),
                    branch_name=branch,
                    rank=user.rank,
                    roles=frozenset(roles.get(user.id, ())),
                )
                for user, branch in rows
            ]

    # --- lifecycle ----------------------------------------------------------------------------

    def start(
        self,
        *,
        loan_id: LoanId,
        actor_id: UserId,
        kind: InspectionKind | None = None,
        officer_a_id: UserId | None = None,
        officer_b_id: UserId | None = None,
        carry_forward: bool = True,
    ) -> InspectionId:
        """A new draft for a loan. The kind defaults to what the rules say is due; the
        officers to the loan's A and B. With ``carry_forward`` the last completed
        inspection's answers are pre-filled, marked until confirmed."""
        with self._sessions.begin() as session:
            loan = session.get(Loan, loan_id)
            if loan is None:
                raise NotFound(f"loan {loan_id} does not exist")
            require_role(session, actor_id, loan.branch_id, Role.INSPECTOR)
            officer_a = officer_a_id or loan.officer_a_id
            officer_b = officer_b_id or loan.officer_b_id
            if officer_a is not None and officer_a == officer_b:
                raise InvalidInput(
                    "officers A and B are the same person: the A/B rule needs two officers"
                )
            open_draft = session.execute(
                select(Inspection.id).where(
                    Inspection.loan_id == loan_id,
                    Inspection.status == InspectionStatus.DRAFT,
                )
            ).first()
            if open_draft is not None:
                raise NotAllowed("this loan already has an inspection in progress")
            signing = session.execute(
                select(Inspection.id).where(
                    Inspection.loan_id == loan_id,
                    Inspection.status == InspectionStatus.SIGNING,
                )
            ).first()
            if signing is not None:
                raise NotAllowed(
                    "this loan's inspection is being signed: officer B signs it, or officer A "
                    "withdraws it"
                )
            reopened = select(Inspection.previous_revision_id).where(
                Inspection.previous_revision_id.is_not(None)
            )
            returned = session.execute(
                select(Inspection.id).where(
                    Inspection.loan_id == loan_id,
                    Inspection.status == InspectionStatus.RETURNED,
                    Inspection.id.not_in(reopened),
                )
            ).first()
            if returned is not None:
                raise NotAllowed(
                    "this loan's last inspection was returned: reopen it as a new revision"
                )
            borrower = session.get(Borrower, loan.borrower_id)
            assert borrower is not None
            template = self._template_for(session, borrower)
            inspection = Inspection(
                loan_id=loan.id,
                kind=kind or loan.next_inspection_kind or InspectionKind.PERIODIC,
                status=InspectionStatus.DRAFT,
                revision=1,
                template_id=template.id,
                template_version=template.version,
                officer_a_id=officer_a,
                officer_b_id=officer_b,
                due_on=loan.next_inspection_due,
                inspected_on=self._today(),
                place=borrower.address,
                started_at=utcnow(),
            )
            session.add(inspection)
            session.flush()
            if carry_forward:
                self._carry_forward(session, inspection, template, actor_id)
            _audit(
                session,
                "inspection.start",
                inspection.id,
                actor_id,
                {"loan": str(loan.id), "kind": inspection.kind.value},
            )
            return InspectionId(inspection.id)

    def _carry_forward(
        self,
        session: Session,
        inspection: Inspection,
        template: ChecklistTemplate,
        actor_id: UserId,
    ) -> None:
        previous = session.execute(
            select(Inspection)
            .where(
                Inspection.loan_id == inspection.loan_id,
                Inspection.id != inspection.id,
                Inspection.status.in_(COMPLETED),
            )
            .order_by(Inspection.inspected_on.desc(), Inspection.submitted_at.desc())
            .limit(1)
        ).scalar_one_or_none()
        if previous is None:
            return
        from postloan_desktop.forms import engine

        ctx = self._context(session, inspection)
        rows = list(
            session.execute(
                select(InspectionAnswer).where(InspectionAnswer.inspection_id == previous.id)
            ).scalars()
        )
        # Only what this inspection shows (e.g. no first-inspection compliance answers in a
        # periodic one), judged with the answers being carried.
        previous_answers = {r.item_key: r.value for r in rows}
        keys = {
            i.key for s in engine.visible_sections(template, ctx, previous_answers) for i in s.items
        }
        for old in rows:
            if old.item_key in keys and old.item_key not in NOT_CARRIED:
                session.add(
                    InspectionAnswer(
                        inspection_id=inspection.id,
                        item_key=old.item_key,
                        value=old.value,
                        note=old.note,
                        answered_by=actor_id,
                        carried_forward=True,
                    )
                )

    def _context(self, session: Session, inspection: Inspection) -> FormContext:
        from postloan_desktop.forms.engine import CollateralRef, FormContext

        loan = session.get(Loan, inspection.loan_id)
        assert loan is not None
        borrower = session.get(Borrower, loan.borrower_id)
        assert borrower is not None
        collateral = session.execute(
            select(Collateral).where(Collateral.loan_id == loan.id).order_by(Collateral.kind)
        ).scalars()
        return FormContext(
            inspection_kind=inspection.kind,
            borrower_type=borrower.kind,
            business_type=borrower.business_type,
            collateral=tuple(
                CollateralRef(id=str(c.id), label=c.description or c.kind.value) for c in collateral
            ),
        )

    def _answers(self, session: Session, inspection_id: uuid.UUID) -> dict[str, InspectionAnswer]:
        rows = session.execute(
            select(InspectionAnswer).where(InspectionAnswer.inspection_id == inspection_id)
        ).scalars()
        return {row.item_key: row for row in rows}

    def form(
        self, inspection_id: InspectionId, *, actor_id: UserId | None = None
    ) -> InspectionForm:
        """The inspection as the editor shows it. With ``actor_id``, ``editable`` also says
        whether that person may write it (an inspector of the loan's branch)."""
        with self._sessions() as session:
            inspection = get_inspection(session, inspection_id)
            loan = session.get(Loan, inspection.loan_id)
            assert loan is not None
            editable = editable_by(session, inspection, loan, actor_id)
            borrower = session.get(Borrower, loan.borrower_id)
            assert borrower is not None
            rows = self._answers(session, inspection.id)
            answers = {k: r.value for k, r in rows.items()}
            return InspectionForm(
                id=InspectionId(inspection.id),
                loan_id=LoanId(loan.id),
                contract_no=loan.contract_no,
                borrower_name=borrower.name,
                kind=inspection.kind,
                status=inspection.status,
                revision=inspection.revision,
                inspected_on=inspection.inspected_on,
                officer_a_id=UserId(inspection.officer_a_id) if inspection.officer_a_id else None,
                officer_b_id=UserId(inspection.officer_b_id) if inspection.officer_b_id else None,
                template=self.template(inspection.template_id, inspection.template_version),
                context=self._context(session, inspection),
                answers=answers,
                notes={k: r.note for k, r in rows.items() if r.note},
                carried_forward=frozenset(k for k, r in rows.items() if r.carried_forward),
                editable=editable,
                review_comment=inspection.review_comment,
                suggested_next_date=self._suggested_next_date(
                    inspection, answers.get(BUSINESS_STATUS_KEY), loan
                ),
            )

    def _suggested_next_date(
        self, inspection: Inspection, status_answer: Any, loan: Loan
    ) -> dt.date | None:
        try:
            status = BusinessStatus(status_answer) if status_answer else loan.business_status
        except ValueError:
            status = loan.business_status
        if loan.principal_overdue_since or loan.interest_unpaid_since:
            status = BusinessStatus.POOR
        day = inspection.inspected_on or self._today()
        return self.rules.periodic_interval(status).after(day)

    # --- answering (autosave) -----------------------------------------------------------------

    def _answer_row(
        self, session: Session, inspection_id: uuid.UUID, key: str
    ) -> InspectionAnswer | None:
        return session.execute(
            select(InspectionAnswer).where(
                InspectionAnswer.inspection_id == inspection_id, InspectionAnswer.item_key == key
            )
        ).scalar_one_or_none()

    def answer(self, *, inspection_id: InspectionId, key: str, value: Any, actor_id: UserId) -> Any:
        """Store one answer now (its own transaction); returns the value as stored.
        An empty value removes the answer; changing a carried-forward one confirms it."""
        from postloan_desktop.forms import engine

        with self._sessions.begin() as session:
            inspection = editable_inspection(session, inspection_id, actor_id)
            template = self.template(inspection.template_id, inspection.template_version)
            ctx = self._context(session, inspection)
            instance = engine.find_item(template, ctx, key)
            clean = engine.clean_value(instance, value, ctx)
            row = self._answer_row(session, inspection.id, key)
            if row is None:
                if clean is None:
                    return None
                row = InspectionAnswer(inspection_id=inspection.id, item_key=key)
                session.add(row)
            if clean is None and not row.note:
                session.delete(row)
                return None
            row.value = clean
            row.carried_forward = False
            row.answered_at = utcnow()
            row.answered_by = actor_id
            inspection.version += 1
            return clean

    def note(self, *, inspection_id: InspectionId, key: str, text: str, actor_id: UserId) -> None:
        from postloan_desktop.forms import engine

        with self._sessions.begin() as session:
            inspection = editable_inspection(session, inspection_id, actor_id)
            template = self.template(inspection.template_id, inspection.template_version)
            instance = engine.find_item(template, self._context(session, inspection), key)
            if not instance.item.note:
                raise InvalidInput(f"{key} takes no note")
            row = self._answer_row(session, inspection.id, key)
            if row is None:
                row = InspectionAnswer(inspection_id=inspection.id, item_key=key, value=None)
                session.add(row)
            row.note = text
            row.answered_by = actor_id
            inspection.version += 1

    def confirm(
        self, *, inspection_id: InspectionId, keys: Sequence[str], actor_id: UserId
    ) -> None:
        """The officer checked these carried-forward answers and they still hold."""
        with self._sessions.begin() as session:
            inspection = editable_inspection(session, inspection_id, actor_id)
            rows = self._answers(session, inspection.id)
            for key in keys:
                row = rows.get(key)
                if row is not None and row.carried_forward:
                    row.carried_forward = False
                    row.answered_by = actor_id
                    row.answered_at = utcnow()
            inspection.version += 1

    def report(self, inspection_id: InspectionId) -> ValidationReport:
        form = self.form(inspection_id)
        return validation_report(form)

    # --- state machine ------------------------------------------------------------------------

    def check_ready(self, form: InspectionForm) -> ValidationReport:
        """What signing as inspector A (or ``submit``) checks first: every required item
        answered and every carried-forward answer confirmed (``Incomplete`` lists the rest),
        and a next inspection date other than the rules' one explained."""
        report = validation_report(form)
        if not report.ready:
            raise Incomplete([i.key for i in report.missing])
        _next_date_choice(form)
        return report

    def signing_move(self, session: Session, inspection: Inspection, actor_id: UserId) -> Move:
        """Inside the caller's transaction: the signing move ``actor_id`` makes on this
        inspection now (its ``signature`` says which), or ``NotAllowed`` saying why not."""
        loan = session.get(Loan, inspection.loan_id)
        assert loan is not None
        return signature_for(
            inspection.status,
            actor=actor_id,
            officer_a=inspection.officer_a_id,
            officer_b=inspection.officer_b_id,
            roles=roles_in_branch(session, actor_id, loan.branch_id),
        )

    def apply_signature(
        self,
        session: Session,
        inspection: Inspection,
        step: Move,
        actor_id: UserId,
        *,
        form: InspectionForm | None = None,
        details: dict[str, Any] | None = None,
        decision: RiskDecision | None = None,
    ) -> None:
        """Inside the caller's transaction, after ``signing_move``: what the signature does
        to the records. Inspector A's (``form``: the inspection as it was checked and laid
        out) is the inspectors' sign-off: the conclusion's business status, risk class and
        next inspection date reach the loan, and its due date is derived again. B's hands
        it to the supervisor; the supervisor's approves it."""
        assert step.signature is not None and step.source == inspection.status
        now = utcnow()
        if step.signature is SignatureRole.INSPECTOR_A:
            assert form is not None
            self._sign_off(session, inspection, form, step.target)
        else:
            inspection.status = step.target
            if step.signature is SignatureRole.INSPECTOR_B:
                inspection.submitted_at = now
            else:
                inspection.reviewed_at = now
                inspection.reviewed_by = actor_id
                decided = decide_risk(inspection, decision)
                inspection.reviewed_risk_class = decided.risk_class
                inspection.risk_change_reason = decided.reason
                details = {**(details or {}), "risk_class": decided.risk_class.value}
                if decided.reason:
                    details["risk_change_reason"] = decided.reason
        inspection.version += 1
        action = (
            "inspection.approve" if step.action is InspectionAction.APPROVE else "inspection.sign"
        )
        _audit(
            session,
            action,
            inspection.id,
            actor_id,
            {"role": step.signature.value, **(details or {})},
        )

    def _sign_off(
        self,
        session: Session,
        inspection: Inspection,
        form: InspectionForm,
        target: InspectionStatus,
    ) -> None:
        """The inspectors' sign-off: the conclusion is written while the inspection is still a
        draft (its next inspection date, the officer's own with its reason or the rules', and
        the proposed risk class; the business status reaches the loan), then it moves to
        ``target`` (frozen: storage.freeze refuses content changes from then on, even in this
        transaction), and the loan's due date is derived again, counting it as done."""
        loan = session.get(Loan, inspection.loan_id)
        assert loan is not None
        override, reason = _next_date_choice(form)
        inspection.next_due_override = override
        inspection.next_due_override_reason = reason
        answers = form.answers
        status = answers.get(BUSINESS_STATUS_KEY)
        if status in set(BusinessStatus):
            loan.business_status = BusinessStatus(status)
        if answers.get(RISK_CLASS_KEY):
            inspection.proposed_risk_class = answers[RISK_CLASS_KEY]
        inspection.inspected_on = inspection.inspected_on or self._today()
        session.flush()
        inspection.status = target
        inspection.submitted_at = utcnow()
        session.flush()
        recompute_due_dates(session, self.rules, [LoanId(loan.id)])

    def _unsigned_only(self, what: str) -> None:
        if self.signatures_required:
            raise NotAllowed(
                f"an inspection is {what} by signing its report (inspector A, then inspector "
                "B, then the supervisor countersigns)"
            )

    def submit(self, *, inspection_id: InspectionId, actor_id: UserId) -> None:
        """For tests and tools: what inspector A's and B's signatures do, without a report
        (refused when signatures are required). Every required answer given, the draft
        frozen, the loan's business status and next due date updated from the conclusion."""
        self._unsigned_only("submitted")
        form = self.form(inspection_id)
        report = self.check_ready(form)
        with self._sessions.begin() as session:
            inspection = get_inspection(session, inspection_id)
            loan = session.get(Loan, inspection.loan_id)
            assert loan is not None
            require_role(session, actor_id, loan.branch_id, Role.INSPECTOR)
            first = move(inspection.status, InspectionAction.SIGN, Role.INSPECTOR)
            second = move(first.target, InspectionAction.SIGN, Role.INSPECTOR)
            self._sign_off(session, inspection, form, second.target)
            inspection.version += 1
            _audit(
                session,
                "inspection.submit",
                inspection.id,
                actor_id,
                {"signals": [s.code for s in report.signals]},
            )

    def _review(
        self,
        inspection_id: InspectionId,
        actor_id: UserId,
        action: InspectionAction,
        comment: str = "",
    ) -> None:
        with self._sessions.begin() as session:
            inspection = get_inspection(session, inspection_id)
            loan = session.get(Loan, inspection.loan_id)
            assert loan is not None
            require_role(session, actor_id, loan.branch_id, Role.SUPERVISOR)
            target = move(inspection.status, action, Role.SUPERVISOR).target
            inspection.status = target
            inspection.reviewed_at = utcnow()
            inspection.reviewed_by = actor_id
            inspection.review_comment = comment
            inspection.version += 1
            if target not in COMPLETED:  # returned: the visit no longer counts as done
                session.flush()
                recompute_due_dates(session, self.rules, [LoanId(loan.id)])
            _audit(
                session,
                f"inspection.{action.value}",
                inspection.id,
                actor_id,
                {"comment": comment} if comment else {},
            )

    def return_for_revision(
        self, *, inspection_id: InspectionId, actor_id: UserId, comment: str
    ) -> None:
        """The supervisor sends a submitted inspection back, saying why. Its signed report
        stays with it; reopening starts a new revision and, later, a new report."""
        if not comment.strip():
            raise InvalidInput("returning an inspection needs a comment saying why")
        self._review(inspection_id, actor_id, InspectionAction.RETURN, comment.strip())

    def approve(self, *, inspection_id: InspectionId, actor_id: UserId) -> None:
        """For tests and tools: approval without the supervisor's signature (refused when
        signatures are required; the product approves by ``ReportService.countersign``)."""
        self._unsigned_only("approved")
        self._review(inspection_id, actor_id, InspectionAction.APPROVE)

    def reopen(self, *, inspection_id: InspectionId, actor_id: UserId) -> InspectionId:
        """A returned inspection reopens as a new draft revision with the same answers,
        collateral notes and photos; the returned revision stays as it was (its signed
        report too), for the history. A revision is reopened once."""
        return self._new_revision(inspection_id, actor_id, InspectionAction.REOPEN)

    def withdraw(self, *, inspection_id: InspectionId, actor_id: UserId) -> InspectionId:
        """Officer A takes back an inspection that waits for B's signature: it stays, half
        signed and withdrawn, for the history, and a new draft revision carries its answers,
        collateral notes and photos. The loan's next inspection is derived again without it."""
        return self._new_revision(inspection_id, actor_id, InspectionAction.WITHDRAW)

    def _new_revision(
        self, inspection_id: InspectionId, actor_id: UserId, action: InspectionAction
    ) -> InspectionId:
        with self._sessions.begin() as session:
            old = get_inspection(session, inspection_id)
            loan = session.get(Loan, old.loan_id)
            assert loan is not None
            step = move(old.status, action, Role.INSPECTOR)
            check_actor(
                step,
                actor=actor_id,
                officer_a=old.officer_a_id,
                officer_b=old.officer_b_id,
                roles=roles_in_branch(session, actor_id, loan.branch_id),
            )
            assert step.new_revision and step.superseded is not None
            later = session.execute(
                select(Inspection.revision).where(Inspection.previous_revision_id == old.id)
            ).scalar()
            if later is not None:
                done = "withdrawn" if action is InspectionAction.WITHDRAW else "reopened"
                raise Conflict(f"this inspection was {done} already: revision {later} follows it")
            old.status = step.superseded
            new = Inspection(
                loan_id=old.loan_id,
                kind=old.kind,
                status=step.target,
                revision=old.revision + 1,
                previous_revision_id=old.id,
                template_id=old.template_id,
                template_version=old.template_version,
                officer_a_id=old.officer_a_id,
                officer_b_id=old.officer_b_id,
                due_on=old.due_on,
                inspected_on=old.inspected_on,
                place=old.place,
                started_at=utcnow(),
                review_comment=old.review_comment,
            )
            session.add(new)
            session.flush()
            for row in self._answers(session, old.id).values():
                session.add(
                    InspectionAnswer(
                        inspection_id=new.id,
                        item_key=row.item_key,
                        value=row.value,
                        note=row.note,
                        answered_by=row.answered_by,
                        answered_at=row.answered_at,
                        carried_forward=row.carried_forward,
                    )
                )
            notes = select(CollateralNote).where(CollateralNote.inspection_id == old.id)
            for note in session.execute(notes).scalars():
                session.add(
                    CollateralNote(
                        inspection_id=new.id,
                        collateral_id=note.collateral_id,
                        condition=note.condition,
                        estimated_value_fen=note.estimated_value_fen,
                        valuation_basis=note.valuation_basis,
                        registration_valid=note.registration_valid,
                        insurance_valid=note.insurance_valid,
                        notes=note.notes,
                        updated_at=note.updated_at,
                        updated_by=note.updated_by,
                    )
                )
            _copy_photos(session, old.id, new.id)
            if step.superseded not in COMPLETED:
                session.flush()
                recompute_due_dates(session, self.rules, [LoanId(loan.id)])
            _audit(
                session,
                f"inspection.{action.value}",
                new.id,
                actor_id,
                {"previous_revision": str(old.id)},
            )
            return InspectionId(new.id)

    # --- lists --------------------------------------------------------------------------------

    def my_inspections(self, *, officer_id: UserId | None = None) -> list[InspectionRow]:
        """Drafts, submitted, returned and approved inspections (newest first), the latest
        revision of each; only those where ``officer_id`` is A or B if given."""
        with self._sessions() as session:
            superseded = select(Inspection.previous_revision_id).where(
                Inspection.previous_revision_id.is_not(None)
            )
            stmt = (
                select(Inspection, Loan.contract_no, Borrower.name)
                .join(Loan, Inspection.loan_id == Loan.id)
                .join(Borrower, Loan.borrower_id == Borrower.id)
                .where(Inspection.id.not_in(superseded))
                .order_by(Inspection.started_at.desc())
            )
            if officer_id is not None:
                stmt = stmt.where(
                    (Inspection.officer_a_id == officer_id)
                    | (Inspection.officer_b_id == officer_id)
                )
            return [
                InspectionRow(
                    id=InspectionId(i.id),
                    loan_id=LoanId(i.loan_id),
                    contract_no=contract_no,
                    borrower_name=name,
                    kind=i.kind,
                    status=i.status,
                    revision=i.revision,
                    inspected_on=i.inspected_on,
                    review_comment=i.review_comment,
                )
                for i, contract_no, name in session.execute(stmt).tuples()
            ]

    def draft_for_loan(self, loan_id: LoanId) -> InspectionId | None:
        with self._sessions() as session:
            found = session.execute(
                select(Inspection.id).where(
                    Inspection.loan_id == loan_id, Inspection.status == InspectionStatus.DRAFT
                )
            ).scalar_one_or_none()
            return InspectionId(found) if found is not None else None


def _copy_photos(session: Session, old_id: uuid.UUID, new_id: uuid.UUID) -> None:
    """The new revision shows the same photos: new records naming the same blobs (nothing is
    copied on disk), with their captions, links, rotation and warnings."""
    columns = [c.key for c in Photo.__table__.columns if c.key not in ("id", "inspection_id")]
    for photo in session.execute(select(Photo).where(Photo.inspection_id == old_id)).scalars():
        session.add(Photo(inspection_id=new_id, **{c: getattr(photo, c) for c in columns}))


def roles_in_branch(session: Session, actor_id: UserId, branch_id: uuid.UUID) -> frozenset[Role]:
    return frozenset(
        session.execute(
            select(UserRole.role).where(
                UserRole.user_id == actor_id, UserRole.branch_id == branch_id
            )
        ).scalars()
    )


def _next_date_choice(form: InspectionForm) -> tuple[dt.date | None, str]:
    """The next inspection date the officer chose instead of the rules' one, with the
    reason; ``InvalidInput`` when the reason is missing. (None, "") when the rules' stands."""
    chosen = form.answers.get(NEXT_DATE_KEY)
    reason = str(form.answers.get(NEXT_DATE_REASON_KEY) or "").strip()
    suggested = form.suggested_next_date
    if not chosen or not suggested or chosen == suggested.isoformat():
        return None, ""
    if not reason:
        raise InvalidInput(
            f"the next inspection date differs from the rules' {suggested.isoformat()}: "
            "give a reason"
        )
    return dt.date.fromisoformat(chosen), reason


@dataclass(frozen=True)
class RiskDecision:
    """The supervisor's five-level classification on approval: the proposed one confirmed
    (``reason`` may stay empty) or another one, which needs a reason."""

    risk_class: RiskClass
    reason: str = ""


def decide_risk(inspection: Inspection, decision: RiskDecision | None) -> RiskDecision:
    """The decision approval records; refuses a changed class without a reason."""
    proposed = inspection.proposed_risk_class
    if decision is None:
        if proposed is None:
            raise InvalidInput("the report proposes no risk class: choose one to approve")
        return RiskDecision(proposed)
    reason = decision.reason.strip()
    if decision.risk_class != proposed and not reason:
        raise InvalidInput(
            "changing the proposed risk class needs a reason (篇4: the supervisor's opinion)"
        )
    return RiskDecision(decision.risk_class, reason)


def require_role(session: Session, actor_id: UserId, branch_id: uuid.UUID, role: Role) -> None:
    held = session.execute(
        select(UserRole).where(
            UserRole.user_id == actor_id,
            UserRole.role == role,
            UserRole.branch_id == branch_id,
        )
    ).first()
    if held is None:
        raise NotAllowed(f"this needs the {role} role in the loan's branch")


def editable_by(
    session: Session, inspection: Inspection, loan: Loan, actor_id: UserId | None
) -> bool:
    """Whether the inspection takes edits — and, given ``actor_id``, from that person (an
    inspector of the loan's branch)."""
    if not is_editable(inspection.status):
        return False
    if actor_id is None:
        return True
    try:
        require_role(session, actor_id, loan.branch_id, Role.INSPECTOR)
    except NotAllowed:
        return False
    return True


def get_inspection(session: Session, inspection_id: uuid.UUID) -> Inspection:
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFound(f"inspection {inspection_id} does not exist")
    return inspection


def editable_inspection(session: Session, inspection_id: uuid.UUID, actor_id: UserId) -> Inspection:
    """The inspection, if it is a draft and ``actor_id`` is an inspector of its branch:
    the one check before anything is written to an inspection (answers, notes, photos)."""
    inspection = get_inspection(session, inspection_id)
    if not is_editable(inspection.status):
        raise NotAllowed(f"a {inspection.status} inspection is frozen and takes no edits")
    loan = session.get(Loan, inspection.loan_id)
    assert loan is not None
    require_role(session, actor_id, loan.branch_id, Role.INSPECTOR)
    return inspection


def _audit(
    session: Session,
    action: str,
    inspection_id: uuid.UUID,
    actor_id: UserId,
    details: dict[str, Any],
) -> None:
    audit.record(
        session,
        action=action,
        entity_type="inspection",
        entity_id=inspection_id,
        actor_id=actor_id,
        details=details,
    )


def validation_report(form: InspectionForm) -> ValidationReport:
    """What is missing and what the answers raise, for a form as it stands."""
    from postloan_desktop.forms import engine

    answers = form.answers
    sections = engine.visible_sections(form.template, form.context, answers)
    required = {
        i.key
        for i in engine.missing_required(
            form.template, form.context, answers, unconfirmed=form.carried_forward
        )
    }
    # A carried-forward answer the officer never looked at must not reach a report as this
    # visit's finding, required or not: it has to be confirmed or changed first.
    missing = tuple(
        i for s in sections for i in s.items if i.key in required or i.key in form.carried_forward
    )
    return ValidationReport(
        missing=missing,
        signals=tuple(engine.raised_signals(form.template, form.context, answers)),
        progress=tuple(
            engine.progress(form.template, form.context, answers, unconfirmed=form.carried_forward)
        ),
    )
