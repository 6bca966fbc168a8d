"""The collateral_notes table (migration 0004): one note per item per inspection, gone with
its inspection, and a migration that goes down and up again without touching other rows."""

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from postloan_desktop.demo.portfolio import load_demo
from postloan_desktop.domain.collateral import CollateralCondition
from postloan_desktop.storage import db as storage_db
from postloan_desktop.storage.db import (
    current_revision,
    head_revision,
    migrate,
    open_database,
    session_factory,
)
from postloan_desktop.storage.models import Collateral, CollateralNote, Inspection


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notes") / "postloan.sqlite3"
    engine = open_database(path)
    load_demo(session_factory(engine), today=dt.date(2026, 11, 28))
    engine.dispose()
    return path


def _copy(demo_file: Path, tmp_path: Path) -> Path:
    import sqlite3

    target = tmp_path / "copy.sqlite3"
    src, dst = sqlite3.connect(demo_file), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def test_the_demo_has_notes_of_its_past_inspections(demo_file: Path) -> None:
    engine = open_database(demo_file)
    try:
        with session_factory(engine)() as session:
            pairs = session.execute(
                select(CollateralNote.inspection_id, CollateralNote.collateral_id)
            ).all()
            expected = session.execute(
                select(Inspection.id, Collateral.id).join(
                    Collateral, Collateral.loan_id == Inspection.loan_id
                )
            ).all()
            assert sorted(pairs) == sorted(expected)  # every item at every past visit
            conditions = set(session.execute(select(CollateralNote.condition)).scalars())
            assert CollateralCondition.INTACT in conditions and len(conditions) >= 3
    finally:
        engine.dispose()


def test_one_note_per_item_per_inspection_and_gone_with_its_inspection(
    demo_file: Path, tmp_path: Path
) -> None:
    engine = open_database(_copy(demo_file, tmp_path))
    sessions = session_factory(engine)
    try:
        with sessions() as session:
            note = session.execute(select(CollateralNote).limit(1)).scalar_one()
            inspection_id, collateral_id = note.inspection_id, note.collateral_id
        # A Core insert, as a sync would write (the ORM's flush refuses any write to a
        # frozen inspection before the database could: storage/freeze.py).
        with pytest.raises(IntegrityError), sessions.begin() as session:
            session.execute(
                insert(CollateralNote),
                [{"inspection_id": inspection_id, "collateral_id": collateral_id, "notes": "x"}],
            )
        with engine.begin() as conn:  # as a sync would: plain SQL, foreign keys on
            conn.execute(text("DELETE FROM inspections WHERE id = :id"), {"id": inspection_id.hex})
        with sessions() as session:
            left = session.execute(
                select(func.count())
                .select_from(CollateralNote)
                .where(CollateralNote.inspection_id == inspection_id)
            ).scalar_one()
            assert left == 0
    finally:
        engine.dispose()


def test_migrating_down_and_up_keeps_everything_else(demo_file: Path, tmp_path: Path) -> None:
    engine = open_database(_copy(demo_file, tmp_path))
    try:

        def counts() -> tuple[int, int]:
            with engine.connect() as conn:
                return (
                    conn.execute(text("SELECT count(*) FROM inspections")).scalar_one(),
                    conn.execute(text("SELECT count(*) FROM collateral")).scalar_one(),
                )

        before = counts()
        command.downgrade(storage_db.alembic_config(engine), "0003")
        assert "collateral_notes" not in inspect(engine).get_table_names()
        assert counts() == before
        migrate(engine)
        assert current_revision(engine) == head_revision() == storage_db.SCHEMA_REVISION
        assert "collateral_notes" in inspect(engine).get_table_names()
        assert counts() == before
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        engine.dispose()
