"""Engine set-up and migrations (storage/db.py): the schema the migrations build is the models'."""

import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import BorrowerType, BusinessType
from postloan_desktop.domain.errors import StorageProblem
from postloan_desktop.storage import db as storage_db
from postloan_desktop.storage.db import (
    current_revision,
    head_revision,
    migrate,
    open_database,
    session_factory,
)
from postloan_desktop.storage.models import Base, Borrower, Branch


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_every_model_table_exists(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_database_is_at_the_head_revision(engine: Engine) -> None:
    head = head_revision()
    assert head is not None
    assert current_revision(engine) == head
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [head]


def test_opening_twice_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "postloan.sqlite3"
    first = open_database(path)
    with session_factory(first).begin() as session:
        session.add(Branch(code="0101", name="江汉支行"))
    first.dispose()

    second = open_database(path)
    try:
        assert current_revision(second) == head_revision()
        with session_factory(second)() as session:
            names = session.execute(select(Branch.name)).scalars().all()
        assert names == ["江汉支行"]
        with second.connect() as conn:
            rows = conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()
        assert rows == 1
    finally:
        second.dispose()


def test_migrate_at_head_does_not_run_alembic(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def upgrade(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("migrate ran an upgrade on an up-to-date database")

    import alembic.command

    monkeypatch.setattr(alembic.command, "upgrade", upgrade)
    migrate(engine)


def test_schema_revision_constant_is_alembics_head() -> None:
    # Start-up trusts SCHEMA_REVISION to skip importing Alembic: a new migration must bump it.
    assert head_revision() == storage_db.SCHEMA_REVISION


def test_a_database_from_a_newer_version_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "postloan.sqlite3"
    open_database(path).dispose()
    with storage_db.create_sqlite_engine(path).begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StorageProblem, match="newer version") as info:
        open_database(path)
    assert "'9999'" in str(info.value)
    with storage_db.create_sqlite_engine(path).connect() as conn:  # nothing was changed
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"


def test_expression_index_for_the_loans_view_exists(engine: Engine) -> None:
    # Autogenerate cannot compare expression indexes on SQLite, so check this one by hand.
    with engine.connect() as conn:
        sql = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'ix_loans_listing'")
        ).scalar_one()
    assert "next_inspection_due IS NULL" in sql and "search_text" in sql


def test_every_connection_uses_wal_and_foreign_keys(engine: Engine) -> None:
    # Two connections open at once: the settings are per connection, not per file.
    with engine.connect() as one, engine.connect() as two:
        for conn in (one, two):
            assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
            assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000


def test_foreign_key_violation_is_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(IntegrityError), sessions.begin() as session:
        session.add(
            Borrower(
                branch_id=uuid.uuid4(),
                kind=BorrowerType.INDIVIDUAL,
                name="张三",
                business_type=BusinessType.CONSUMER,
            )
        )
    with sessions() as session:
        assert session.execute(select(func.count()).select_from(Borrower)).scalar_one() == 0


def test_unique_branch_codes_are_enforced(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        session.add(Branch(code="0101", name="江汉支行"))
    with pytest.raises(IntegrityError), sessions.begin() as session:
        session.add(Branch(code="0101", name="另一个支行"))


def test_a_file_that_is_not_a_database_is_a_storage_problem(tmp_path: Path) -> None:
    path = tmp_path / "postloan.sqlite3"
    path.write_bytes(b"this is not a SQLite database " * 200)
    with pytest.raises(StorageProblem):
        open_database(path).dispose()


def test_migrating_down_and_up_keeps_every_inspection_and_answer(tmp_path: Path) -> None:
    """A laptop with work on it, migrated: no migration may lose a row. The downgrade
    recreates the inspection tables (SQLite batch mode), which with foreign keys on would
    cascade-delete every answer."""
    import datetime as dt

    from alembic import command

    from postloan_desktop.demo.portfolio import load_demo
    from postloan_desktop.storage.models import Inspection, InspectionAnswer

    path = tmp_path / "postloan.sqlite3"
    engine = open_database(path)
    sessions = session_factory(engine)
    load_demo(sessions, today=dt.date(2026, 11, 28))
    with sessions.begin() as session:  # Core: the demo's inspections are frozen for the ORM
        ids = session.execute(select(Inspection.id).limit(50)).scalars().all()
        session.execute(
            insert(InspectionAnswer),
            [{"inspection_id": i, "item_key": "opinion", "value": "好"} for i in ids],
        )

    def counts() -> tuple[int, int]:
        with engine.connect() as conn:
            return (
                conn.execute(text("SELECT count(*) FROM inspections")).scalar_one(),
                conn.execute(text("SELECT count(*) FROM inspection_answers")).scalar_one(),
            )

    before = counts()
    assert before[1] == 50
    command.downgrade(storage_db.alembic_config(engine), "0001")
    assert counts() == before
    migrate(engine)
    assert counts() == before
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    engine.dispose()
