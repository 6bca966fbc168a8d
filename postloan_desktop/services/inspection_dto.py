"""What the inspection service hands to the UI: frozen snapshots, never ORM objects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from postloan_desktop.domain.enums import (
    InspectionKind,
    InspectionStatus,
    OfficerRank,
    Role,
)
from postloan_desktop.domain.ids import BranchId, InspectionId, LoanId, UserId

if TYPE_CHECKING:  # the forms package is loaded only when a form is opened
    from postloan_desktop.forms.engine import (
        FormContext,
        ItemInstance,
        RaisedSignal,
        SectionProgress,
    )
    from postloan_desktop.forms.loader import ChecklistTemplate


@dataclass(frozen=True)
class StaffMember:
    id: UserId
    name: str
    branch_id: BranchId
    branch_name: str
    rank: OfficerRank
    roles: frozenset[Role]


@dataclass(frozen=True)
class InspectionForm:
    """An inspection as the editor shows it."""

    id: InspectionId
    loan_id: LoanId
    contract_no: str
    borrower_name: str
    kind: InspectionKind
    status: InspectionStatus
    revision: int
    inspected_on: dt.date | None
    officer_a_id: UserId | None
    officer_b_id: UserId | None
    template: ChecklistTemplate
    context: FormContext
    answers: Mapping[str, Any]
    notes: Mapping[str, str]
    carried_forward: frozenset[str]  # answer keys pre-filled and not yet confirmed
    editable: bool
    review_comment: str
    suggested_next_date: dt.date | None  # from the rules and the business status answered


@dataclass(frozen=True)
class ValidationReport:
    missing: tuple[ItemInstance, ...]  # required, shown and unanswered (or unconfirmed)
    signals: tuple[RaisedSignal, ...]
    progress: tuple[SectionProgress, ...]

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class InspectionRow:
    """One line of "My inspections"."""

    id: InspectionId
    loan_id: LoanId
    contract_no: str
    borrower_name: str
    kind: InspectionKind
    status: InspectionStatus
    revision: int
    inspected_on: dt.date | None
    review_comment: str
