"""Column types that keep the storage honest: enums by their stable code, times in UTC."""

import datetime as dt
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from sqlalchemy import DateTime, Dialect, String
from sqlalchemy.types import TypeDecorator

E = TypeVar("E", bound=StrEnum)


class EnumCode(TypeDecorator[E], Generic[E]):
    """A StrEnum stored as its value in a short text column (no database enum type to migrate)."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_cls: type[E], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enum_cls = enum_cls

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum_cls(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum_cls(value)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, stored as naive UTC, aware UTC out. Naive input is a bug."""

    impl = DateTime()
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def render_type(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    """Alembic's ``render_item`` for both databases' migrations: our TypeDecorators are
    written into a migration as the plain column types they store."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        if isinstance(obj, UTCDateTime):
            return "sa.DateTime()"
        if isinstance(obj.impl, String):
            return f"sa.String(length={obj.impl.length})"
    return False
