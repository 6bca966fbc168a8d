"""What travels between a laptop and head office: the synced record types and their wire form.

Both sides share this registry. A record on the wire is the JSON object of its table's
columns: UUIDs, dates and times as ISO strings (times in UTC with their zone), enums as their
stable codes, money as integer fen. ``to_wire`` makes it from a row; ``from_wire`` checks a
wire object against the table (unknown or missing columns, wrong types, bad codes) and turns
it back into column values, raising ``BadRecord`` with the column at fault. The server runs
every pushed record through ``from_wire`` before it keeps it: it never trusts the client.

Two kinds of records:

- **reference** data comes from head office only (the branch, its staff, borrowers, loans,
  their schedules, guarantors and collateral, checklist templates); a laptop never pushes it;
- **field** work is made on laptops and goes both ways (inspections, answers, photos,
  collateral notes, report versions, the audit log).

``ENTITIES`` lists them parents first: a laptop applies pulled records in this order, and
pushes its changes in the order it made them, so a parent always arrives before its child.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Text
from sqlalchemy.sql.schema import Column

from postloan_desktop.storage.models import (
    AuditEntry,
    Base,
    Borrower,
    Branch,
    ChecklistTemplateRecord,
    Collateral,
    CollateralNote,
    Guarantor,
    Inspection,
    InspectionAnswer,
    Loan,
    Photo,
    RepaymentInstalment,
    ReportVersion,
    ReviewComment,
    User,
    UserRole,
)
from postloan_desktop.storage.types import EnumCode, UTCDateTime

# Template records have a natural key (template id, version); on the wire every record has a
# UUID, made from the natural key in this namespace so both sides agree on it.
TEMPLATE_NAMESPACE = uuid.UUID("6f1d7a8e-4c1b-5d2e-9a37-0b5c3e2f1a90")


class BadRecord(ValueError):
    """A wire record that does not fit its table; ``column`` is the one at fault ("" for the
    record as a whole)."""

    def __init__(self, entity: str, column: str, message: str) -> None:
        where = f"{entity}.{column}" if column else entity
        super().__init__(f"{where}: {message}")
        self.entity = entity
        self.column = column


@dataclass(frozen=True)
class Entity:
    name: str  # the wire name, also the server's
    model: type[Base]
    field: bool  # made on laptops (True) or only by head office (False)
    # Columns a laptop derives itself and that never travel (the loan's due date, search text).
    local_only: frozenset[str] = frozenset()
    # Columns naming blobs (SHA-256) that must arrive for the record to be complete.
    blob_columns: tuple[str, ...] = ()
    # The column naming the parent whose branch this record belongs to, as (column, entity).
    parent: tuple[str, str] | None = None

    @property
    def columns(self) -> list[Column[Any]]:
        table: Any = self.model.__table__
        return list(table.columns)

    def wire_columns(self) -> list[Column[Any]]:
        return [c for c in self.columns if c.key not in self.local_only]

    def record_id(self, values: dict[str, Any]) -> uuid.UUID:
        if self.model is ChecklistTemplateRecord:
            return template_record_id(values["template_id"], values["version"])
        if self.model is UserRole:
            return user_role_id(values["user_id"], values["role"], values["branch_id"])
        value = values["id"]
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))

    def blobs(self, values: dict[str, Any]) -> list[str]:
        return [values[c] for c in self.blob_columns if values.get(c)]


def template_record_id(template_id: str, version: int) -> uuid.UUID:
    return uuid.uuid5(TEMPLATE_NAMESPACE, f"template:{template_id}:{version}")


def user_role_id(user_id: Any, role: Any, branch_id: Any) -> uuid.UUID:
    return uuid.uuid5(TEMPLATE_NAMESPACE, f"role:{user_id}:{role}:{branch_id}")


ENTITIES: tuple[Entity, ...] = (
    Entity("branch", Branch, field=False),
    Entity("user", User, field=False, parent=("branch_id", "branch")),
    Entity("user_role", UserRole, field=False, parent=("branch_id", "branch")),
    Entity("borrower", Borrower, field=False, parent=("branch_id", "branch")),
    Entity(
        "loan",
        Loan,
        field=False,
        local_only=frozenset(
            {
                "next_inspection_kind",
                "next_inspection_due",
                "next_inspection_reason",
                "search_text",
                "updated_at",
            }
        ),
        parent=("branch_id", "branch"),
    ),
    Entity("instalment", RepaymentInstalment, field=False, parent=("loan_id", "loan")),
    Entity("guarantor", Guarantor, field=False, parent=("loan_id", "loan")),
    Entity("collateral", Collateral, field=False, parent=("loan_id", "loan")),
    Entity("template", ChecklistTemplateRecord, field=False),
    Entity(
        "inspection",
        Inspection,
        field=True,
        # The laptop's own edit counter (the signing guard's); head office keeps versions of
        # its own, and an answer edited on one laptop must not conflict with another's.
        local_only=frozenset({"version"}),
        parent=("loan_id", "loan"),
    ),
    Entity("answer", InspectionAnswer, field=True, parent=("inspection_id", "inspection")),
    Entity(
        "photo",
        Photo,
        field=True,
        blob_columns=("sha256", "report_sha256", "thumb_sha256"),
        parent=("inspection_id", "inspection"),
    ),
    Entity(
        "collateral_note",
        CollateralNote,
        field=True,
        parent=("inspection_id", "inspection"),
    ),
    Entity(
        "report_version",
        ReportVersion,
        field=True,
        blob_columns=("sha256",),
        parent=("inspection_id", "inspection"),
    ),
    Entity(
        "review_comment",
        ReviewComment,
        field=True,
        parent=("inspection_id", "inspection"),
    ),
    Entity("audit", AuditEntry, field=True),
)

BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}
BY_MODEL: dict[type[Base], Entity] = {e.model: e for e in ENTITIES}
ORDER: dict[str, int] = {e.name: i for i, e in enumerate(ENTITIES)}


def entity(name: str) -> Entity:
    try:
        return BY_NAME[name]
    except KeyError:
        raise BadRecord(name, "", "no such record type") from None


# --- values --------------------------------------------------------------------------------


def _encode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def to_wire(row: Any) -> dict[str, Any]:
    """The wire form of an ORM row of a synced type."""
    found = BY_MODEL[type(row)]
    return {c.key: _encode(c, getattr(row, c.key)) for c in found.wire_columns()}


def values_to_wire(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The wire form of column values (as ``from_wire`` returns them, or a Core row mapping)."""
    found = entity(name)
    return {c.key: _encode(c, values.get(c.key)) for c in found.wire_columns()}


def _decode(name: str, column: Column[Any], value: Any) -> Any:
    if value is None:
        if not column.nullable and not column.primary_key:
            raise BadRecord(name, column.key, "may not be empty")
        if column.primary_key:
            raise BadRecord(name, column.key, "the key may not be empty")
        return None
    kind = column.type
    try:
        if isinstance(kind, EnumCode):
            return kind.enum_cls(value)
        if isinstance(kind, UTCDateTime):
            if not isinstance(value, str):
                raise TypeError
            parsed = dt.datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise BadRecord(name, column.key, "a time needs its zone (UTC)")
            return parsed.astimezone(dt.UTC)
        if isinstance(kind, DateTime):
            if not isinstance(value, str):
                raise TypeError
            parsed = dt.datetime.fromisoformat(value)
            if parsed.tzinfo is not None:
                raise BadRecord(name, column.key, "a camera's local time has no zone")
            return parsed
        if isinstance(kind, Date):
            if not isinstance(value, str) or len(value) != 10:
                raise TypeError
            return dt.date.fromisoformat(value)
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise TypeError
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError
            if not -(2**63) <= value < 2**63:
                raise BadRecord(name, column.key, "number out of range")
            return value
        if isinstance(kind, Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError
            if not math.isfinite(value):
                raise BadRecord(name, column.key, "not a finite number")
            return float(value)
        if isinstance(kind, String | Text):
            if not isinstance(value, str):
                raise TypeError
            length = getattr(kind, "length", None)
            if length is not None and len(value) > length:
                raise BadRecord(name, column.key, f"longer than {length} characters")
            return value
        if isinstance(kind, JSON):
            return value
        if column.type.python_type is uuid.UUID:
            if not isinstance(value, str):
                raise TypeError
            return uuid.UUID(value)
    except BadRecord:
        raise
    except (TypeError, ValueError):
        raise BadRecord(name, column.key, f"not a valid value: {value!r:.60}") from None
    raise BadRecord(name, column.key, f"unsupported column type {kind!r}")


def from_wire(name: str, data: Any) -> dict[str, Any]:
    """Column values from a wire record of type ``name``, checked against its table."""
    found = entity(name)
    if not isinstance(data, dict):
        raise BadRecord(name, "", "a record is a JSON object")
    columns = {c.key: c for c in found.wire_columns()}
    unknown = sorted(set(data) - set(columns))
    if unknown:
        raise BadRecord(name, unknown[0], "no such column")
    values: dict[str, Any] = {}
    for key, column in columns.items():
        if key not in data:
            raise BadRecord(name, key, "missing")
        values[key] = _decode(name, column, data[key])
    return values
