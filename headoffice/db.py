"""Engine, sessions and migrations of head office's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from headoffice.models import Counter, ServerFact
from postloan_desktop.storage.db import sqlite_pragmas

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SEQ = "seq"


class DatabaseProblem(Exception):
    """The database cannot be used as it is; the message says what to do."""


def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_server_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", sqlite_pragmas(30_000))
        # The embedded server may run as several processes on one file: every transaction
        # takes the write lock when it begins (pysqlite would wait until the first write,
        # and a reader turning writer then fails with "database is locked" instead of
        # queueing behind the busy timeout).
        event.listen(engine, "connect", _no_driver_transactions)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str | None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision and make this database's id and counters."""
    command.upgrade(alembic_config(engine), "head")
    with Session(engine) as session, session.begin():
        if session.get(ServerFact, "server_id") is None:
            session.add(ServerFact(key="server_id", value=str(uuid.uuid4())))
        if session.get(Counter, SEQ) is None:
            session.add(Counter(name=SEQ, value=0))


def require_current(engine: Engine) -> None:
    """Refuse to serve a database whose schema is not this version's."""
    found, wanted = current_revision(engine), head_revision()
    if found != wanted:
        raise DatabaseProblem(
            f"the database is at schema revision {found!r}, this server needs {wanted!r}: "
            "run `postloan-headoffice db upgrade` first"
        )


def server_id(session: Session) -> uuid.UUID:
    value = session.scalar(select(ServerFact.value).where(ServerFact.key == "server_id"))
    if value is None:
        raise DatabaseProblem("the database has no server id: run `postloan-headoffice db upgrade`")
    return uuid.UUID(value)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
