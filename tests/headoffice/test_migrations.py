"""Head office's Alembic migrations make exactly the schema its models describe, on SQLite and
on PostgreSQL, and ``db upgrade`` is safe to run again."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from headoffice.db import (
    SEQ,
    create_server_engine,
    current_revision,
    head_revision,
    server_id,
    session_factory,
    upgrade,
)
from headoffice.models import Base, Counter


def test_the_migrated_schema_matches_the_models(server_database_url: str) -> None:
    engine = create_server_engine(server_database_url)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_upgrading_again_keeps_the_server_id_and_the_counter(server_database_url: str) -> None:
    engine = create_server_engine(server_database_url)
    try:
        upgrade(engine)
        sessions = session_factory(engine)
        with sessions.begin() as session:
            first = server_id(session)
            counter = session.get(Counter, SEQ)
            assert counter is not None
            counter.value = 41
        upgrade(engine)
        with sessions() as session:
            assert server_id(session) == first
            assert session.get(Counter, SEQ).value == 41  # type: ignore[union-attr]
    finally:
        engine.dispose()
