"""What services hand to the UI: frozen snapshots, never ORM objects."""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from postloan_desktop.domain.enums import (
    BorrowerType,
    BusinessStatus,
    BusinessType,
    CollateralType,
    GuaranteeMethod,
    InspectionKind,
    InspectionStatus,
    OfficerRank,
    RepaymentMethod,
    RiskClass,
)
from postloan_desktop.domain.ids import (
    BorrowerId,
    BranchId,
    CollateralId,
    InspectionId,
    LoanId,
    UserId,
)
from postloan_desktop.domain.rules import DueBucket, DueReason


class DueFilter(StrEnum):
    ANY = "any"
    OVERDUE = "overdue"  # due before today
    WITHIN_WEEK = "within_week"  # due before today + 7 days, overdue included
    WITHIN_MONTH = "within_month"  # due before today + 30 days, overdue included


@dataclass(frozen=True)
class LoanFilter:
    text: str = ""
    branch_id: BranchId | None = None
    risk_class: RiskClass | None = None
    business_status: BusinessStatus | None = None
    due: DueFilter = DueFilter.ANY
    in_arrears_only: bool = False
    officer_id: UserId | None = None  # the loans this person is officer A or B of


@dataclass(frozen=True)
class BranchInfo:
    id: BranchId
    code: str
    name: str


@dataclass(frozen=True)
class LoanRow:
    id: LoanId
    contract_no: str
    borrower_name: str
    branch_name: str
    product: str
    balance_fen: int
    risk_class: RiskClass
    business_status: BusinessStatus
    next_inspection_kind: InspectionKind | None
    next_inspection_due: dt.date | None
    in_arrears: bool


@dataclass(frozen=True)
class OfficerInfo:
    id: UserId
    name: str
    rank: OfficerRank


@dataclass(frozen=True)
class BorrowerInfo:
    id: BorrowerId
    kind: BorrowerType
    name: str
    id_number: str
    legal_representative: str
    phone: str
    address: str
    business_type: BusinessType
    industry: str


@dataclass(frozen=True)
class InstalmentInfo:
    seq: int
    due_on: dt.date
    principal_fen: int
    interest_fen: int
    paid_on: dt.date | None


@dataclass(frozen=True)
class GuarantorInfo:
    kind: BorrowerType
    name: str
    id_number: str
    phone: str
    relationship: str
    guaranteed_fen: int


@dataclass(frozen=True)
class CollateralInfo:
    id: CollateralId
    kind: CollateralType
    description: str
    registration_no: str
    location: str
    appraised_fen: int
    appraised_on: dt.date
    insured: bool
    insurer: str
    insurance_expires_on: dt.date | None


@dataclass(frozen=True)
class InspectionSummary:
    id: InspectionId
    kind: InspectionKind
    status: InspectionStatus
    revision: int
    inspected_on: dt.date | None
    officer_a_name: str
    officer_b_name: str
    proposed_risk_class: RiskClass | None


@dataclass(frozen=True)
class LoanDetail:
    id: LoanId
    contract_no: str
    branch_id: BranchId
    branch_name: str
    product: str
    amount_fen: int
    balance_fen: int
    annual_rate_bp: int
    disbursed_on: dt.date
    matures_on: dt.date
    repayment_method: RepaymentMethod
    guarantee_method: GuaranteeMethod
    risk_class: RiskClass
    business_status: BusinessStatus
    principal_overdue_since: dt.date | None
    interest_unpaid_since: dt.date | None
    overdue_principal_fen: int
    overdue_interest_fen: int
    officer_a: OfficerInfo | None
    officer_b: OfficerInfo | None
    # The rank one of A/B must hold for this balance and does not (篇4), or None.
    officer_rule_violation: OfficerRank | None
    next_inspection_kind: InspectionKind | None
    next_inspection_due: dt.date | None
    next_inspection_reason: DueReason | None
    borrower: BorrowerInfo
    instalments: tuple[InstalmentInfo, ...]
    guarantors: tuple[GuarantorInfo, ...]
    collateral: tuple[CollateralInfo, ...]
    inspections: tuple[InspectionSummary, ...]


@dataclass(frozen=True)
class DueItem:
    loan_id: LoanId
    contract_no: str
    borrower_name: str
    kind: InspectionKind
    due_on: dt.date
    reason: DueReason
    bucket: DueBucket


class ReminderKind(StrEnum):
    REPAYMENT = "repayment"  # 还款提醒, 3 days before an instalment
    MATURITY = "maturity"  # 到期提示, one month before maturity


@dataclass(frozen=True)
class ReminderItem:
    loan_id: LoanId
    contract_no: str
    borrower_name: str
    kind: ReminderKind
    on: dt.date  # the instalment or maturity date
    amount_fen: int


@dataclass(frozen=True)
class DueGroup:
    """Inspections due in one bucket: the first items (by due date) and how many in all."""

    items: tuple[DueItem, ...]
    total: int


@dataclass(frozen=True)
class ReminderGroup:
    items: tuple[ReminderItem, ...]
    total: int


@dataclass(frozen=True)
class WorkQueue:
    today: dt.date
    overdue: DueGroup
    due_today: DueGroup
    due_this_week: DueGroup
    repayment_reminders: ReminderGroup
    maturity_notices: ReminderGroup
