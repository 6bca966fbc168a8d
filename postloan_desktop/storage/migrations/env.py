"""Alembic environment for the desktop's local database.

Migrations run from code (``storage.db.migrate``), which hands the engine in through
``config.attributes``; ``alembic`` on the command line works too with ``-x url=sqlite:///FILE``.
"""

import warnings

from alembic import context
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import SAWarning

from postloan_desktop.storage.models import Base
from postloan_desktop.storage.types import render_type

target_metadata = Base.metadata


def _engine() -> Engine:
    engine = context.config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("pass -x url=sqlite:///path/to/postloan.sqlite3")
    return create_engine(url)


def run_migrations_online() -> None:
    with _engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration recreates tables: with foreign keys on, dropping the old
            # table would cascade-delete the rows that point at it. Off while migrating,
            # then checked. (The pragma only takes effect outside a transaction.)
            connection.commit()
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            render_item=render_type,
            compare_type=True,
        )
        with context.begin_transaction(), warnings.catch_warnings():
            # Batch steps reflect the tables that point at loans; SQLAlchemy cannot reflect
            # the loans view's expression index and says so on the console of every new
            # laptop. The migrations never recreate loans, so the index stays as it is.
            warnings.filterwarnings(
                "ignore", "Skipped unsupported reflection of expression-based index", SAWarning
            )
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        if sqlite:
            connection.commit()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


run_migrations_online()
