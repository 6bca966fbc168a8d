"""Head office's own tables (SQLAlchemy 2.0), for SQLite and PostgreSQL alike.

Accounts, branches, devices and tokens are head office's own. Everything that travels to
laptops is a ``Record``: one row per synced record (``postloan_desktop.sync.wire``), its
data as JSON, its version, and ``seq``, the sync sequence number of its last change. A laptop
pulls "every record of my branch with a ``seq`` after my cursor". Sequence numbers come
from the ``counters`` row, taken as the last step of the writing transaction: the row lock is
held until commit, so records become visible in ``seq`` order and no cursor skips one that
committed late.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from postloan_desktop.domain.enums import OfficerRank, Role
from postloan_desktop.storage.models import NAMING  # the same constraint names
from postloan_desktop.storage.types import EnumCode, UTCDateTime, utcnow

# Records every branch receives (checklist templates) carry this branch id.
ALL_BRANCHES = uuid.UUID(int=0)

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ServerFact(Base):
    """Small facts about this head-office database (its id, made once)."""

    __tablename__ = "server_facts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Counter(Base):
    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class Branch(Base):
    __tablename__ = "branches"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(50), default="")


class Account(Base):
    """A person who logs in. Its id is the user id laptops know (``users.id``)."""

    __tablename__ = "accounts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branches.id"), index=True)
    rank: Mapped[OfficerRank] = mapped_column(EnumCode(OfficerRank), default=OfficerRank.OFFICER)
    phone: Mapped[str] = mapped_column(String(30), default="")
    password_hash: Mapped[str] = mapped_column(String(200))  # Argon2id, PHC string
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginThrottle(Base):
    """Failed logins by username, kept whether or not such an account exists (so that being
    locked out says nothing about who exists). Too many in a row lock the name for a while."""

    __tablename__ = "login_throttle"

    username: Mapped[str] = mapped_column(String(50), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class AccountRole(Base):
    __tablename__ = "account_roles"

    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(EnumCode(Role), primary_key=True)
    branch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("branches.id"), primary_key=True)


class Device(Base):
    """A laptop, registered at its first login under the id it made for itself."""

    __tablename__ = "devices"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # Who logged in on it first; two officers may share a laptop.
    registered_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Token(Base):
    """A login's bearer token, kept only as its SHA-256; it expires."""

    __tablename__ = "tokens"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), index=True)
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"))
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class Record(Base):
    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_branch_seq", "branch_id", "seq"),
        Index("ix_records_branch_entity", "branch_id", "entity"),
        Index("ix_records_entity_parent", "entity", "parent_id"),
    )

    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    branch_id: Mapped[uuid.UUID] = mapped_column()
    # The record it belongs to (an answer's inspection, a loan's branch…): sync.wire's parent.
    parent_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    # The blobs the record names (JSON list of SHA-256), and its share of the tally digest.
    blobs: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    mix: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(default=None)


class AppliedChange(Base):
    """Every change a laptop sent that was applied, by the id the laptop gave it: the same
    change sent again is answered "already applied" from here."""

    __tablename__ = "applied_changes"

    change_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"))
    device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[uuid.UUID] = mapped_column()
    version: Mapped[int] = mapped_column(Integer)
    applied_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecordBlob(Base):
    """Which record names which blob: a blob is downloaded only by a branch that has a
    record naming it."""

    __tablename__ = "record_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    branch_id: Mapped[uuid.UUID] = mapped_column()


class Blob(Base):
    """A blob head office holds whole, checked against its SHA-256."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    stored_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
