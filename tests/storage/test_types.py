"""Column types (storage/types.py): UTC-only datetimes and enums stored by their code."""

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, create_engine, insert, select, text
from sqlalchemy.exc import StatementError

from postloan_desktop.domain.enums import BusinessStatus, RiskClass
from postloan_desktop.storage.types import EnumCode, UTCDateTime, utcnow

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=True),
    Column("status", EnumCode(BusinessStatus), nullable=True),
    Column("risk", EnumCode(RiskClass), nullable=True),
)

BEIJING = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def memory_engine() -> Iterator[Engine]:
    eng = create_engine("sqlite://")
    metadata.create_all(eng)
    yield eng
    eng.dispose()


def _store_and_load(engine: Engine, **values: object) -> dict[str, object]:
    with engine.begin() as conn:
        conn.execute(insert(things).values(id=1, **values))
    with engine.connect() as conn:
        return dict(conn.execute(select(things).where(things.c.id == 1)).mappings().one())


def test_naive_datetime_is_refused(memory_engine: Engine) -> None:
    with pytest.raises(StatementError) as info, memory_engine.begin() as conn:
        conn.execute(insert(things).values(id=1, at=dt.datetime(2026, 11, 28, 9, 30)))
    assert isinstance(info.value.orig, ValueError)
    assert "naive" in str(info.value.orig)


def test_aware_datetime_comes_back_as_the_same_instant_in_utc(memory_engine: Engine) -> None:
    local = dt.datetime(2026, 11, 28, 9, 30, 15, 123456, tzinfo=BEIJING)
    row = _store_and_load(memory_engine, at=local)
    at = row["at"]
    assert isinstance(at, dt.datetime)
    assert at == local
    assert at.tzinfo is dt.UTC
    assert at == dt.datetime(2026, 11, 28, 1, 30, 15, 123456, tzinfo=dt.UTC)


def test_datetime_is_stored_as_utc_wall_clock(memory_engine: Engine) -> None:
    _store_and_load(memory_engine, at=dt.datetime(2026, 11, 28, 9, 30, tzinfo=BEIJING))
    with memory_engine.connect() as conn:
        raw = conn.execute(text("SELECT at FROM things")).scalar_one()
    assert str(raw).startswith("2026-11-28 01:30:00")


def test_null_values_stay_null(memory_engine: Engine) -> None:
    row = _store_and_load(memory_engine, at=None, status=None, risk=None)
    assert row["at"] is None
    assert row["status"] is None
    assert row["risk"] is None


def test_utcnow_is_aware_utc() -> None:
    now = utcnow()
    assert now.tzinfo is dt.UTC


@pytest.mark.parametrize("status", list(BusinessStatus))
def test_enum_round_trips(memory_engine: Engine, status: BusinessStatus) -> None:
    row = _store_and_load(memory_engine, status=status, risk=RiskClass.SPECIAL_MENTION)
    assert row["status"] is status
    assert row["risk"] is RiskClass.SPECIAL_MENTION


def test_enum_is_stored_as_its_code(memory_engine: Engine) -> None:
    _store_and_load(memory_engine, status=BusinessStatus.AVERAGE, risk=RiskClass.LOSS)
    with memory_engine.connect() as conn:
        raw = conn.execute(text("SELECT status, risk FROM things")).one()
    assert tuple(raw) == ("average", "loss")


def test_enum_accepts_its_code_as_text(memory_engine: Engine) -> None:
    row = _store_and_load(memory_engine, status="poor")
    assert row["status"] is BusinessStatus.POOR


def test_enum_refuses_unknown_codes(memory_engine: Engine) -> None:
    with pytest.raises(StatementError) as info, memory_engine.begin() as conn:
        conn.execute(insert(things).values(id=1, status="excellent"))
    assert isinstance(info.value.orig, ValueError)
