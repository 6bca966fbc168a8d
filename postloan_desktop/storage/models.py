"""Typed SQLAlchemy 2.0 models of the local database.

Ids are UUIDs made on the device. Money is integer fen. Times are UTC. Relationships are
``lazy="raise"``: a query says what it loads, so no view ever triggers hidden queries.
"""

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from postloan_desktop.domain.collateral import CollateralCondition
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
    Role,
    SignatureRole,
)
from postloan_desktop.domain.ids import new_id
from postloan_desktop.domain.rules import DueReason
from postloan_desktop.storage.types import EnumCode, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _id() -> Mapped[uuid.UUID]:
    return mapped_column(primary_key=True, default=new_id)


class Branch(Base):
    __tablename__ = "branches"

    id: Mapped[uuid.UUID] = _id()
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(50), default="")


class User(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = _id()
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branches.id"), index=True)
    rank: Mapped[OfficerRank] = mapped_column(EnumCode(OfficerRank), default=OfficerRank.OFFICER)
    phone: Mapped[str] = mapped_column(String(30), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    roles: Mapped[list["UserRole"]] = relationship(lazy="raise", cascade="all, delete-orphan")


class UserRole(Base):
    """A role a user holds, scoped to a branch."""

    __tablename__ = "user_roles"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(EnumCode(Role), primary_key=True)
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branches.id"), primary_key=True)


class Borrower(Base):
    __tablename__ = "borrowers"

    id: Mapped[uuid.UUID] = _id()
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branches.id"), index=True)
    kind: Mapped[BorrowerType] = mapped_column(EnumCode(BorrowerType))
    name: Mapped[str] = mapped_column(String(100))
    # 身份证号 for individuals, 统一社会信用代码 for enterprises
    id_number: Mapped[str] = mapped_column(String(32), default="")
    legal_representative: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    business_type: Mapped[BusinessType] = mapped_column(EnumCode(BusinessType))
    industry: Mapped[str] = mapped_column(String(50), default="")
    # The known location of the business or home, for photo provenance checks.
    latitude: Mapped[float | None] = mapped_column(default=None)
    longitude: Mapped[float | None] = mapped_column(default=None)


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (
        Index("ix_loans_due_contract", "next_inspection_due", "contract_no"),
        Index("ix_loans_branch_due", "branch_id", "next_inspection_due"),
        # The loans view: its order (due date, settled loans last, contract) plus the search
        # text, so a search walks this index alone and reads only the rows it shows.
        Index(
            "ix_loans_listing",
            text("next_inspection_due IS NULL"),
            "next_inspection_due",
            "contract_no",
            "search_text",
        ),
        # Counting search matches scans this narrow index instead of the table.
        Index("ix_loans_search_text", "search_text"),
        # The work queue's maturity notices: loans with a balance, by maturity date.
        Index("ix_loans_maturing", "matures_on", sqlite_where=text("balance_fen > 0")),
        # "My loans only": officer A or B (SQLite answers the OR from both indexes).
        Index("ix_loans_officer_a", "officer_a_id"),
        Index("ix_loans_officer_b", "officer_b_id"),
    )

    id: Mapped[uuid.UUID] = _id()
    contract_no: Mapped[str] = mapped_column(String(40), unique=True)
    borrower_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("borrowers.id"), index=True)
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branches.id"))
    product: Mapped[str] = mapped_column(String(50))
    amount_fen: Mapped[int] = mapped_column(Integer)
    balance_fen: Mapped[int] = mapped_column(Integer)
    # annual interest rate in basis points (1 bp = 0.01 %): 4.35 % is 435
    annual_rate_bp: Mapped[int] = mapped_column(Integer)
    disbursed_on: Mapped[dt.date] = mapped_column(Date)
    matures_on: Mapped[dt.date] = mapped_column(Date, index=True)
    repayment_method: Mapped[RepaymentMethod] = mapped_column(EnumCode(RepaymentMethod))
    guarantee_method: Mapped[GuaranteeMethod] = mapped_column(EnumCode(GuaranteeMethod))
    risk_class: Mapped[RiskClass] = mapped_column(EnumCode(RiskClass), index=True)
    business_status: Mapped[BusinessStatus] = mapped_column(EnumCode(BusinessStatus))
    # Arrears: since when principal is overdue / interest unpaid, and how much.
    principal_overdue_since: Mapped[dt.date | None] = mapped_column(Date, default=None)
    interest_unpaid_since: Mapped[dt.date | None] = mapped_column(Date, default=None)
    overdue_principal_fen: Mapped[int] = mapped_column(Integer, default=0)
    overdue_interest_fen: Mapped[int] = mapped_column(Integer, default=0)
    officer_a_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    officer_b_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    # Derived by the domain rules (services.due_dates); indexed for the work queue and filters.
    next_inspection_kind: Mapped[InspectionKind | None] = mapped_column(
        EnumCode(InspectionKind), default=None
    )
    next_inspection_due: Mapped[dt.date | None] = mapped_column(Date, default=None)
    next_inspection_reason: Mapped[DueReason | None] = mapped_column(
        EnumCode(DueReason), default=None
    )
    # Lower-cased borrower name, contract number and id number, for the search box.
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    borrower: Mapped[Borrower] = relationship(lazy="raise")
    branch: Mapped[Branch] = relationship(lazy="raise")
    officer_a: Mapped[User | None] = relationship(foreign_keys=[officer_a_id], lazy="raise")
    officer_b: Mapped[User | None] = relationship(foreign_keys=[officer_b_id], lazy="raise")
    instalments: Mapped[list["RepaymentInstalment"]] = relationship(
        lazy="raise", order_by="RepaymentInstalment.seq", cascade="all, delete-orphan"
    )
    guarantors: Mapped[list["Guarantor"]] = relationship(lazy="raise", cascade="all, delete-orphan")
    collateral: Mapped[list["Collateral"]] = relationship(
        lazy="raise", cascade="all, delete-orphan"
    )
    inspections: Mapped[list["Inspection"]] = relationship(
        lazy="raise", order_by="Inspection.started_at"
    )


class RepaymentInstalment(Base):
    __tablename__ = "repayment_instalments"
    __table_args__ = (
        UniqueConstraint("loan_id", "seq"),
        # The work queue's repayment reminders count and list unpaid instalments by due date
        # from this index alone (at 100,000 loans: 2 ms instead of 58 for a week's count).
        Index("ix_instalments_unpaid_due", "due_on", sqlite_where=text("paid_on IS NULL")),
    )

    id: Mapped[uuid.UUID] = _id()
    loan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    principal_fen: Mapped[int] = mapped_column(Integer)
    interest_fen: Mapped[int] = mapped_column(Integer)
    paid_on: Mapped[dt.date | None] = mapped_column(Date, default=None)


class Guarantor(Base):
    __tablename__ = "guarantors"

    id: Mapped[uuid.UUID] = _id()
    loan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("loans.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[BorrowerType] = mapped_column(EnumCode(BorrowerType))
    name: Mapped[str] = mapped_column(String(100))
    id_number: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    relationship_to_borrower: Mapped[str] = mapped_column(String(50), default="")
    guaranteed_fen: Mapped[int] = mapped_column(Integer)


class Collateral(Base):
    __tablename__ = "collateral"

    id: Mapped[uuid.UUID] = _id()
    loan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("loans.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[CollateralType] = mapped_column(EnumCode(CollateralType))
    description: Mapped[str] = mapped_column(String(200))
    registration_no: Mapped[str] = mapped_column(String(60), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None] = mapped_column(default=None)
    longitude: Mapped[float | None] = mapped_column(default=None)
    appraised_fen: Mapped[int] = mapped_column(Integer)
    appraised_on: Mapped[dt.date] = mapped_column(Date)
    insured: Mapped[bool] = mapped_column(Boolean, default=False)
    insurer: Mapped[str] = mapped_column(String(100), default="")
    insurance_expires_on: Mapped[dt.date | None] = mapped_column(Date, default=None)


class Inspection(Base):
    """One revision of an inspection. A returned inspection reopens as a new revision."""

    __tablename__ = "inspections"
    __table_args__ = (Index("ix_inspections_loan_status", "loan_id", "status"),)

    id: Mapped[uuid.UUID] = _id()
    loan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("loans.id"))
    kind: Mapped[InspectionKind] = mapped_column(EnumCode(InspectionKind))
    status: Mapped[InspectionStatus] = mapped_column(EnumCode(InspectionStatus))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    previous_revision_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("inspections.id"), default=None
    )
    template_id: Mapped[str] = mapped_column(String(64), default="")
    template_version: Mapped[int] = mapped_column(Integer, default=0)
    officer_a_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    officer_b_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    due_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    inspected_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    place: Mapped[str] = mapped_column(String(200), default="")
    proposed_risk_class: Mapped[RiskClass | None] = mapped_column(EnumCode(RiskClass), default=None)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    # The risk class the supervisor approved: the proposed one confirmed, or another one
    # with the reason for the change.
    reviewed_risk_class: Mapped[RiskClass | None] = mapped_column(EnumCode(RiskClass), default=None)
    risk_change_reason: Mapped[str] = mapped_column(Text, default="")
    # The next inspection date the inspector set instead of the rules' one, with a reason.
    next_due_override: Mapped[dt.date | None] = mapped_column(Date, default=None)
    next_due_override_reason: Mapped[str] = mapped_column(Text, default="")
    # Optimistic concurrency for sync: a change names the version it replaces.
    version: Mapped[int] = mapped_column(Integer, default=1)

    answers: Mapped[list["InspectionAnswer"]] = relationship(
        lazy="raise", cascade="all, delete-orphan"
    )


class InspectionAnswer(Base):
    __tablename__ = "inspection_answers"
    __table_args__ = (UniqueConstraint("inspection_id", "item_key"),)

    id: Mapped[uuid.UUID] = _id()
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE")
    )
    item_key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(JSON, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    # Pre-filled from the previous inspection and not yet confirmed or changed by the officer.
    carried_forward: Mapped[bool] = mapped_column(Boolean, default=False)


class Photo(Base):
    """A site photo of an inspection. The original is a blob never changed; the report
    rendition and the thumbnail are derived blobs that can be rebuilt from it."""

    __tablename__ = "photos"
    __table_args__ = (UniqueConstraint("inspection_id", "sha256"),)

    id: Mapped[uuid.UUID] = _id()
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # the original, untouched
    original_name: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)  # after EXIF orientation
    height: Mapped[int] = mapped_column(Integer)
    # EXIF capture time as the camera wrote it: local time, no zone.
    captured_local: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    latitude: Mapped[float | None] = mapped_column(default=None)
    longitude: Mapped[float | None] = mapped_column(default=None)
    camera: Mapped[str] = mapped_column(String(100), default="")
    software: Mapped[str] = mapped_column(String(100), default="")
    phash: Mapped[str] = mapped_column(String(16))
    report_sha256: Mapped[str] = mapped_column(String(64))
    thumb_sha256: Mapped[str] = mapped_column(String(64))
    rotation: Mapped[int] = mapped_column(Integer, default=0)  # the user's, on top of EXIF
    caption: Mapped[str] = mapped_column(Text, default="")
    item_key: Mapped[str | None] = mapped_column(String(100), default=None)
    collateral_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("collateral.id"), default=None
    )
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)


class CollateralNote(Base):
    """What an inspection found of one collateral item: the structured register record
    (condition, value now and its basis, registration and insurance) beside the checklist's
    narrative answers. One per item per inspection revision; every column may still be
    empty while the officer fills it in."""

    __tablename__ = "collateral_notes"
    __table_args__ = (UniqueConstraint("inspection_id", "collateral_id"),)

    id: Mapped[uuid.UUID] = _id()
    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE")
    )
    collateral_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("collateral.id"), index=True)
    condition: Mapped[CollateralCondition | None] = mapped_column(
        EnumCode(CollateralCondition), default=None
    )
    estimated_value_fen: Mapped[int | None] = mapped_column(Integer, default=None)
    valuation_basis: Mapped[str] = mapped_column(String(100), default="")  # e.g. 市场比较
    registration_valid: Mapped[bool | None] = mapped_column(Boolean, default=None)
    insurance_valid: Mapped[bool | None] = mapped_column(Boolean, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)


class ReportVersion(Base):
    """One version of an inspection revision's report PDF, kept in the blob store: the report
    laid out with its empty signature fields (``seq`` 0, no signer), then the report after
    each signature (1: inspector A, 2: inspector B, 3: the supervisor), each an incremental
    update of the one before. The current PDF is the highest ``seq``. Append-only: a version
    is never changed or deleted (``storage.freeze``); a revision reopened or withdrawn keeps
    its versions for the history."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("inspection_id", "seq"),)

    id: Mapped[uuid.UUID] = _id()
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"))
    seq: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # the PDF's blob
    size_bytes: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))  # zh or en
    # The report's content digest, as in its QR code (reports.content.report_digest).
    content_digest: Mapped[str] = mapped_column(String(64))
    role: Mapped[SignatureRole | None] = mapped_column(EnumCode(SignatureRole), default=None)
    signer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    signer_name: Mapped[str] = mapped_column(String(100), default="")  # the certificate's CN
    certificate_sha256: Mapped[str] = mapped_column(String(64), default="")
    signed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReviewComment(Base):
    """A supervisor's comment on a submitted inspection: on one checklist item (its instance
    key), or on the report as a whole (``item_key`` empty). The inspector sees them on the
    items of the revision that follows a return."""

    __tablename__ = "review_comments"
    __table_args__ = (Index("ix_review_comments_inspection", "inspection_id", "item_key"),)

    id: Mapped[uuid.UUID] = _id()
    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"))
    item_key: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChecklistTemplateRecord(Base):
    """A published checklist version, fragments expanded. Never changed once published."""

    __tablename__ = "checklist_templates"

    template_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)  # the template as JSON
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the content
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AppState(Base):
    """Small facts the app keeps about its own database, by key (e.g. the rules in force)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only record of who did what to which record, and when."""

    __tablename__ = "audit_log"

    id: Mapped[uuid.UUID] = _id()
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    action: Mapped[str] = mapped_column(String(50))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# --- sync bookkeeping (postloan_desktop.sync) -----------------------------------------------


class SyncOutbox(Base):
    """A local change waiting for head office's acknowledgement: the record as it was when
    the change was made. Rows go in the order changes were made (``seq``); ``sent`` rows are
    never rewritten, so a retried push sends exactly what the first try did."""

    __tablename__ = "sync_outbox"
    __table_args__ = (Index("ix_sync_outbox_record", "entity", "record_id"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[uuid.UUID] = mapped_column()
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    sent: Mapped[bool] = mapped_column(Boolean, default=False)
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncRecord(Base):
    """The version of each record head office has acknowledged, and its tally share."""

    __tablename__ = "sync_records"

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    mix: Mapped[int] = mapped_column(Integer)


class SyncInbox(Base):
    """A record pulled from head office and not applied yet (stored with the cursor in one
    transaction, applied parents first once the pull is complete)."""

    __tablename__ = "sync_inbox"

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class SyncConflict(Base):
    """A change head office did not take (a stale version, or refused), with both sides,
    for a person to decide. Nothing of either side is thrown away."""

    __tablename__ = "sync_conflicts"

    id: Mapped[uuid.UUID] = _id()
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(16))  # conflict | rejected
    code: Mapped[str] = mapped_column(String(32), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    local_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    local_data: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    server_version: Mapped[int] = mapped_column(Integer, default=0)
    server_deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    server_data: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    resolution: Mapped[str] = mapped_column(String(16), default="")  # mine | theirs


class SyncBlob(Base):
    """A blob to send to head office (``up``) or to fetch from it (``down``)."""

    __tablename__ = "sync_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    direction: Mapped[str] = mapped_column(String(4), primary_key=True)
    # Report PDFs go first: head office checks their signatures before it takes the record.
    priority: Mapped[int] = mapped_column(Integer, default=1)
    size: Mapped[int] = mapped_column(Integer, default=0)
