"""Engine and session set-up for the local SQLite database, and migrations at start-up."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.errors import StorageProblem
from postloan_desktop.storage import freeze

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration. Start-up compares it with the database's revision in one query and
# imports Alembic (a quarter of a second) only when there is something to migrate; a test
# checks it against Alembic's own idea of the head.
SCHEMA_REVISION = "0009"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DATABASE_FILE = "postloan.sqlite3"


def sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    """A connect listener setting every SQLite connection up: WAL, FULL sync, foreign keys,
    and how long a writer waits for another's lock (the server's wait longer)."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            # WAL: readers never block the writer; FULL: a commit survives a power cut.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        finally:
            cursor.close()

    return on_connect


_on_connect = sqlite_pragmas(5000)


def create_sqlite_engine(path: Path) -> Engine:
    """An engine on a SQLite file with WAL and foreign keys on every connection."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on ``engine`` that refuse writes to frozen inspections (storage/freeze.py)."""
    return freeze.install(sessionmaker(engine, expire_on_commit=False))


def alembic_config(engine: Engine | None = None) -> "Config":
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:  # no such table: a new database
            return None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision. Cheap when it is already there."""
    try:
        if current_revision(engine) == SCHEMA_REVISION:
            return
        from alembic import command
        from alembic.util.exc import CommandError

        try:
            command.upgrade(alembic_config(engine), "head")
        except CommandError as exc:
            raise StorageProblem(
                f"the database is at schema revision {current_revision(engine)!r}, which this "
                "version of postloan does not know: it was probably written by a newer version. "
                f"Update postloan. ({exc})"
            ) from exc
    except DBAPIError as exc:
        raise StorageProblem(f"cannot open or migrate the database: {exc.orig}") from exc


def open_database(path: Path) -> Engine:
    engine = create_sqlite_engine(path)
    migrate(engine)
    return engine
