"""Alembic environment for head office's database (SQLite or PostgreSQL).

``headoffice.db.upgrade`` hands the engine in through ``config.attributes``; on the command
line use ``postloan-headoffice db upgrade`` (it reads the same settings as the server).
"""

from alembic import context
from sqlalchemy import Engine

from headoffice.models import Base
from postloan_desktop.storage.types import render_type

target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes.get("engine")
    if not isinstance(engine, Engine):
        raise SystemExit("run migrations through `postloan-headoffice db upgrade`")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=render_type,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
