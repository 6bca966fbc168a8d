"""The supervisor's review (篇4: the credit head reviews every inspection within 10 working
days of its completion): the queue of submitted reports with their deadlines, comments on
items, and what changed in a re-submitted revision since the one that was returned.

Returning and approving go through the state machine elsewhere
(``InspectionService.return_for_revision``; ``ReportService.countersign`` with a
``RiskDecision``): this service reads, and writes only comments.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.calendar import REVIEW_WORKING_DAYS, WorkCalendar, review_deadline
from postloan_desktop.domain.enums import InspectionKind, InspectionStatus, RiskClass, Role
from postloan_desktop.domain.errors import InvalidInput, NotAllowed, NotFound
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.services.inspections import (
    InspectionService,
    get_inspection,
    require_role,
    roles_in_branch,
)
from postloan_desktop.storage.audit import record as audit
from postloan_desktop.storage.models import (
    Borrower,
    CollateralNote,
    Inspection,
    InspectionAnswer,
    Loan,
    Photo,
    ReviewComment,
    User,
    UserRole,
)
from postloan_desktop.storage.types import utcnow

if TYPE_CHECKING:
    from postloan_desktop.forms.schema import Text  # pydantic: not at start-up

SHANGHAI = dt.timezone(
    dt.timedelta(hours=8)
)  # the bank's day: a submission at 23:30 UTC is tomorrow


@dataclass(frozen=True)
class ReviewRow:
    """One line of the review queue."""

    inspection_id: InspectionId
    loan_id: LoanId
    contract_no: str
    borrower_name: str
    kind: InspectionKind
    revision: int
    officer_a: str
    officer_b: str
    proposed_risk_class: RiskClass | None
    loan_risk_class: RiskClass
    signals: tuple[Text, ...]  # the risk signals the answers raise (zh and en)
    photo_warnings: int  # photos with at least one provenance warning
    photos: int
    submitted_on: dt.date
    due_on: dt.date
    days_left: int  # working days; negative: overdue by that many

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def resubmitted(self) -> bool:
        return self.revision > 1


@dataclass(frozen=True)
class CommentView:
    id: uuid.UUID
    inspection_id: InspectionId
    item_key: str  # "" for the report as a whole
    text: str
    author: str
    created_at: dt.datetime


@dataclass(frozen=True)
class AnswerChange:
    key: str
    before: Any
    after: Any
    note_before: str
    note_after: str


@dataclass(frozen=True)
class PhotoChange:
    sha256: str
    thumb_sha256: str
    name: str
    caption: str


@dataclass(frozen=True)
class CollateralChange:
    collateral_id: uuid.UUID
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class RevisionChanges:
    """What a revision changed since the one before it (the one the supervisor returned)."""

    previous_id: InspectionId
    previous_revision: int
    returned_comment: str
    answers: tuple[AnswerChange, ...]
    photos_added: tuple[PhotoChange, ...]
    photos_removed: tuple[PhotoChange, ...]
    collateral: tuple[CollateralChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.answers or self.photos_added or self.photos_removed or self.collateral)


NOTE_FIELDS = (
    "condition",
    "estimated_value_fen",
    "valuation_basis",
    "registration_valid",
    "insurance_valid",
    "notes",
)


class ReviewService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        inspections: InspectionService,
        *,
        calendar: WorkCalendar,
        today: Callable[[], dt.date] = dt.date.today,
        days: int = REVIEW_WORKING_DAYS,
    ) -> None:
        self._sessions = sessions
        self._inspections = inspections
        self.calendar = calendar
        self._today = today
        self.days = days

    # --- the queue -------------------------------------------------------------------------

    def queue(self, supervisor_id: UserId) -> list[ReviewRow]:
        """The submitted reports of the branches ``supervisor_id`` supervises, not their own:
        overdue first, then by working days left, then oldest first."""
        today = self._today()
        with self._sessions() as session:
            branches = set(
                session.scalars(
                    select(UserRole.branch_id).where(
                        UserRole.user_id == supervisor_id, UserRole.role == Role.SUPERVISOR
                    )
                )
            )
            if not branches:
                return []
            names = {
                user_id: name
                for user_id, name in session.execute(select(User.id, User.display_name))
            }
            rows = session.execute(
                select(Inspection, Loan, Borrower)
                .join(Loan, Loan.id == Inspection.loan_id)
                .join(Borrower, Borrower.id == Loan.borrower_id)
                .where(
                    Inspection.status == InspectionStatus.SUBMITTED,
                    Loan.branch_id.in_(branches),
                )
            ).tuples()
            found = []
            for inspection, loan, borrower in rows:
                if supervisor_id in (inspection.officer_a_id, inspection.officer_b_id):
                    continue  # their own report is someone else's to review
                warnings = [
                    w
                    for w in session.scalars(
                        select(Photo.warnings).where(Photo.inspection_id == inspection.id)
                    )
                ]
                submitted = (inspection.submitted_at or utcnow()).astimezone(SHANGHAI).date()
                deadline = review_deadline(submitted, today, self.calendar, self.days)
                found.append(
                    (
                        inspection.id,
                        loan,
                        borrower,
                        inspection,
                        warnings,
                        submitted,
                        deadline,
                    )
                )
        result = []
        for inspection_id, loan, borrower, inspection, warnings, submitted, deadline in found:
            try:
                signals = self._inspections.report(InspectionId(inspection_id)).signals
            except NotFound:  # the demo's history: inspections with no checklist behind them
                signals = ()
            result.append(
                ReviewRow(
                    inspection_id=InspectionId(inspection_id),
                    loan_id=LoanId(loan.id),
                    contract_no=loan.contract_no,
                    borrower_name=borrower.name,
                    kind=inspection.kind,
                    revision=inspection.revision,
                    officer_a=_name(names, inspection.officer_a_id),
                    officer_b=_name(names, inspection.officer_b_id),
                    proposed_risk_class=inspection.proposed_risk_class,
                    loan_risk_class=loan.risk_class,
                    signals=tuple(s.message for s in signals),
                    photo_warnings=sum(1 for w in warnings if w),
                    photos=len(warnings),
                    submitted_on=submitted,
                    due_on=deadline.due_on,
                    days_left=deadline.days_left,
                )
            )
        result.sort(key=lambda r: (not r.overdue, r.days_left, r.submitted_on, r.contract_no))
        return result

    # --- comments --------------------------------------------------------------------------

    def add_comment(
        self, *, inspection_id: InspectionId, item_key: str, text: str, actor_id: UserId
    ) -> CommentView:
        """A supervisor's comment on an item (or, with ``item_key`` "", the whole report)
        of a submitted inspection they review."""
        text = text.strip()
        if not text:
            raise InvalidInput("a comment needs some text")
        with self._sessions.begin() as session:
            inspection = self._reviewable(session, inspection_id, actor_id)
            comment = ReviewComment(
                inspection_id=inspection.id, item_key=item_key, text=text, author_id=actor_id
            )
            session.add(comment)
            session.flush()
            audit(
                session,
                actor_id=actor_id,
                action="review.comment",
                entity_type="inspection",
                entity_id=inspection.id,
                details={"item": item_key},
            )
            author = session.get(User, actor_id)
            return _view(comment, author.display_name if author else "")

    def remove_comment(self, *, comment_id: uuid.UUID, actor_id: UserId) -> None:
        """Take back one's own comment while the report is still under review."""
        with self._sessions.begin() as session:
            comment = session.get(ReviewComment, comment_id)
            if comment is None:
                return
            if comment.author_id != actor_id:
                raise NotAllowed("only its author may take a comment back")
            self._reviewable(session, InspectionId(comment.inspection_id), actor_id)
            session.delete(comment)

    def comments(self, inspection_id: InspectionId) -> list[CommentView]:
        """The comments on this revision, in the order they were made."""
        with self._sessions() as session:
            return _comments(session, inspection_id)

    def comments_to_address(self, inspection_id: InspectionId) -> list[CommentView]:
        """For the inspector's revision after a return: the comments made on the revision
        the supervisor returned (shown on the items they concern)."""
        with self._sessions() as session:
            inspection = get_inspection(session, inspection_id)
            previous = inspection.previous_revision_id
            if previous is None:
                return []
            return _comments(session, InspectionId(previous))

    def _reviewable(
        self, session: Session, inspection_id: InspectionId, actor_id: UserId
    ) -> Inspection:
        inspection = get_inspection(session, inspection_id)
        if inspection.status != InspectionStatus.SUBMITTED:
            raise NotAllowed(f"a {inspection.status} inspection is not under review")
        loan = session.get(Loan, inspection.loan_id)
        assert loan is not None
        require_role(session, actor_id, loan.branch_id, Role.SUPERVISOR)
        if actor_id in (inspection.officer_a_id, inspection.officer_b_id):
            raise NotAllowed("a supervisor does not review a report they are officer A or B of")
        return inspection

    def may_review(self, inspection_id: InspectionId, actor_id: UserId) -> bool:
        with self._sessions() as session:
            inspection = get_inspection(session, inspection_id)
            loan = session.get(Loan, inspection.loan_id)
            assert loan is not None
            return (
                inspection.status == InspectionStatus.SUBMITTED
                and Role.SUPERVISOR in roles_in_branch(session, actor_id, loan.branch_id)
                and actor_id not in (inspection.officer_a_id, inspection.officer_b_id)
            )

    # --- what changed ----------------------------------------------------------------------

    def changes(self, inspection_id: InspectionId) -> RevisionChanges | None:
        """What this revision changed since the previous one (None for a first revision)."""
        with self._sessions() as session:
            inspection = get_inspection(session, inspection_id)
            previous_id = inspection.previous_revision_id
            if previous_id is None:
                return None
            previous = get_inspection(session, previous_id)
            before, after = _answers(session, previous_id), _answers(session, inspection.id)
            answers = tuple(
                AnswerChange(
                    key,
                    before.get(key, (None, ""))[0],
                    after.get(key, (None, ""))[0],
                    before.get(key, (None, ""))[1],
                    after.get(key, (None, ""))[1],
                )
                for key in sorted(set(before) | set(after))
                if before.get(key) != after.get(key)
            )
            old_photos, new_photos = _photos(session, previous_id), _photos(session, inspection.id)
            added = tuple(new_photos[s] for s in sorted(set(new_photos) - set(old_photos)))
            removed = tuple(old_photos[s] for s in sorted(set(old_photos) - set(new_photos)))
            collateral = tuple(_note_changes(session, previous_id, inspection.id))
            return RevisionChanges(
                previous_id=InspectionId(previous_id),
                previous_revision=previous.revision,
                returned_comment=previous.review_comment,
                answers=answers,
                photos_added=added,
                photos_removed=removed,
                collateral=collateral,
            )


def _name(names: dict[uuid.UUID, str], user_id: uuid.UUID | None) -> str:
    return names.get(user_id, "") if user_id is not None else ""


def _view(comment: ReviewComment, author: str) -> CommentView:
    return CommentView(
        id=comment.id,
        inspection_id=InspectionId(comment.inspection_id),
        item_key=comment.item_key,
        text=comment.text,
        author=author,
        created_at=comment.created_at,
    )


def _comments(session: Session, inspection_id: InspectionId) -> list[CommentView]:
    rows = session.execute(
        select(ReviewComment, User.display_name)
        .join(User, User.id == ReviewComment.author_id)
        .where(ReviewComment.inspection_id == inspection_id)
        .order_by(ReviewComment.created_at)
    ).tuples()
    return [_view(comment, author) for comment, author in rows]


def _answers(session: Session, inspection_id: uuid.UUID) -> dict[str, tuple[Any, str]]:
    rows = session.execute(
        select(InspectionAnswer.item_key, InspectionAnswer.value, InspectionAnswer.note).where(
            InspectionAnswer.inspection_id == inspection_id
        )
    )
    return {key: (value, note) for key, value, note in rows}


def _photos(session: Session, inspection_id: uuid.UUID) -> dict[str, PhotoChange]:
    rows = session.scalars(select(Photo).where(Photo.inspection_id == inspection_id))
    return {
        p.sha256: PhotoChange(p.sha256, p.thumb_sha256, p.original_name, p.caption) for p in rows
    }


def _note_changes(
    session: Session, before_id: uuid.UUID, after_id: uuid.UUID
) -> list[CollateralChange]:
    def notes(inspection_id: uuid.UUID) -> dict[uuid.UUID, CollateralNote]:
        rows = session.scalars(
            select(CollateralNote).where(CollateralNote.inspection_id == inspection_id)
        )
        return {n.collateral_id: n for n in rows}

    before, after = notes(before_id), notes(after_id)
    changes = []
    for collateral_id in sorted(set(before) | set(after), key=str):
        old, new = before.get(collateral_id), after.get(collateral_id)
        for field in NOTE_FIELDS:
            was = getattr(old, field) if old is not None else None
            now = getattr(new, field) if new is not None else None
            if was != now:
                changes.append(CollateralChange(collateral_id, field, was, now))
    return changes
