"""A throwaway PostgreSQL cluster for the tests (a pytest plugin, see ``conftest.py``).

The cluster is made with ``initdb`` and started with ``pg_ctl`` on a free port the first time
a test asks for it (``postgres_cluster``), and stopped at the end of the session. Nothing runs
without such a test: ``server_database_url`` starts it only for its ``postgresql`` case.

Fixtures:

``server_database_url``
    A SQLAlchemy URL of a fresh, empty database, once for SQLite and once for PostgreSQL.
``postgres_url_factory``
    A callable making a fresh PostgreSQL database per call and returning its URL; all are
    dropped at the end of the session.
``postgres_cluster``
    The running cluster itself.

PostgreSQL will not run as root, and the tests do here and in CI: as root the cluster
belongs to the ``postgres`` system user, and ``initdb`` and ``pg_ctl`` run as that user.
Missing binaries fail the tests that need them, never skip them: ``./dev.sh setup``
installs them.
"""

import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

SUPERUSER = "postgres"  # the cluster's superuser, and as root the system user running it
HOST = "127.0.0.1"
# Durability is worth nothing in a cluster that is thrown away at the end of the session.
SERVER_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
START_ATTEMPTS = 3  # the free port may be taken between finding it and starting on it
PG_CTL_TIMEOUT = 60  # seconds


@dataclass
class PostgresCluster:
    """A running cluster accepting anyone as ``postgres`` over TCP on ``HOST``:``port``."""

    bindir: Path
    base: Path  # data/, the socket and server.log are in here
    port: int
    startup_seconds: float  # initdb and start

    @property
    def datadir(self) -> Path:
        return self.base / "data"

    @property
    def logfile(self) -> Path:
        return self.base / "server.log"

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` in this cluster."""
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host=HOST, port=self.port, user=SUPERUSER, dbname=database, autocommit=True
        )

    def create_database(self) -> str:
        """Create a new, empty database with a name of its own and return the name."""
        name = f"postloan_test_{uuid.uuid4().hex[:16]}"
        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        """Drop ``name``, ending any connection a test left open to it."""
        with self.connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def find_bindir() -> Path | None:
    """The directory with ``initdb`` and ``pg_ctl``: ``pg_config --bindir``, else the newest
    ``/usr/lib/postgresql/*/bin`` (Debian keeps them off PATH), else PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            )
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass

    def version(bindir: Path) -> tuple[int, ...]:
        try:
            return tuple(int(part) for part in bindir.parent.name.split("."))
        except ValueError:
            return (-1,)

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for bindir in candidates:
        if all(os.access(bindir / tool, os.X_OK) for tool in ("initdb", "pg_ctl")):
            return bindir
    return None


def _as_owner(cmd: list[str]) -> list[str]:
    """``cmd`` run as the cluster's owner: ourselves, or as root the ``postgres`` user."""
    if os.geteuid() != 0:
        return cmd
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", SUPERUSER, "--", *cmd]
    if setpriv := shutil.which("setpriv"):
        return [setpriv, f"--reuid={SUPERUSER}", f"--regid={SUPERUSER}", "--init-groups", *cmd]
    if su := shutil.which("su"):
        return [su, "-s", "/bin/sh", SUPERUSER, "-c", shlex.join(cmd)]
    pytest.fail("running as root and found none of runuser, setpriv, su to run PostgreSQL as")


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # cwd: the owner may not be allowed into ours (pg_ctl wants to know where it is).
    # stdin/stdout: pg_ctl's server must not hold our pipes (it logs to server.log anyway).
    return subprocess.run(
        _as_owner(cmd),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PG_CTL_TIMEOUT + 30,
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _make_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bool]:
    """An empty directory the cluster's owner may write in, with a path short enough for a
    Unix socket in it, and whether it is ours to remove (pytest tidies its own).
    As root not under pytest's tmp_path: that is root's alone (mode 700)."""
    if os.geteuid() != 0:
        base = tmp_path_factory.mktemp("postgres")
        if len(str(base)) <= 80:  # sun_path holds 107 bytes; the socket's name is 17 more
            return base, False
    base = Path(tempfile.mkdtemp(prefix="postloan-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SUPERUSER)
        except KeyError:
            shutil.rmtree(base)
            pytest.fail(
                f"running as root and there is no {SUPERUSER!r} user to run PostgreSQL as: "
                "run ./dev.sh setup (it installs PostgreSQL, which makes that user)"
            )
        os.chown(base, owner.pw_uid, owner.pw_gid)
    return base, True


def _failure(what: str, proc: subprocess.CompletedProcess[str], log: Path | None = None) -> str:
    text = f"{what} failed ({proc.returncode}): {shlex.join(proc.args)}\n{proc.stdout}{proc.stderr}"
    if log is not None and log.exists():
        text += f"\n--- {log} (end) ---\n" + "\n".join(log.read_text().splitlines()[-30:])
    return text


def _initdb(bindir: Path, base: Path) -> None:
    datadir = base / "data"
    common = [str(bindir / "initdb"), "-D", str(datadir), "-A", "trust", "-U", SUPERUSER]
    common += ["--encoding=UTF8"]
    proc = _run([*common, "--locale=C.UTF-8"], cwd=base)
    if proc.returncode != 0 and "locale" in (proc.stdout + proc.stderr).lower():
        shutil.rmtree(datadir, ignore_errors=True)  # this system has no C.UTF-8
        proc = _run([*common, "--no-locale"], cwd=base)
    if proc.returncode != 0:
        pytest.fail(_failure("initdb", proc))


def _start(bindir: Path, base: Path) -> int:
    """Start the cluster in ``base`` on a free port and return the port."""
    proc: subprocess.CompletedProcess[str] | None = None
    for _ in range(START_ATTEMPTS):
        port = _free_port()
        options = ["-k", str(base), "-p", str(port), "-c", f"listen_addresses={HOST}"]
        for setting in SERVER_SETTINGS:
            options += ["-c", setting]
        cmd = [str(bindir / "pg_ctl"), "start", "-w", "-t", str(PG_CTL_TIMEOUT)]
        cmd += ["-D", str(base / "data"), "-l", str(base / "server.log")]
        cmd += ["-o", shlex.join(options)]
        proc = _run(cmd, cwd=base)
        if proc.returncode == 0:
            return port
    assert proc is not None
    pytest.fail(_failure("pg_ctl start", proc, base / "server.log"))


def _stop(cluster: PostgresCluster) -> None:
    pg_ctl = str(cluster.bindir / "pg_ctl")
    for mode in ("fast", "immediate"):
        cmd = [pg_ctl, "stop", "-w", "-t", str(PG_CTL_TIMEOUT), "-m", mode]
        if _run([*cmd, "-D", str(cluster.datadir)], cwd=cluster.base).returncode == 0:
            return


@pytest.fixture(scope="session")
def postgres_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster for the session, started on first use."""
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(
            "PostgreSQL's initdb and pg_ctl were not found (pg_config --bindir, "
            "/usr/lib/postgresql/*/bin, PATH): run ./dev.sh setup, which installs the "
            "postgresql package; the server tests run against PostgreSQL as well as SQLite"
        )
    started = time.monotonic()
    base, ours = _make_base(tmp_path_factory)
    try:
        _initdb(bindir, base)
        port = _start(bindir, base)
        cluster = PostgresCluster(bindir, base, port, time.monotonic() - started)
        try:
            yield cluster
        finally:
            _stop(cluster)
    finally:
        # The data is some 40 MB. Under pytest's temporary directory server.log stays for a
        # look after the run; a directory of our own (as root) goes altogether.
        shutil.rmtree(base if ours else base / "data", ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url_factory(postgres_cluster: PostgresCluster) -> Iterator[Callable[[], str]]:
    """Call it for the URL of a new, empty PostgreSQL database; all are dropped at the end
    of the session (with the cluster)."""
    made: list[str] = []

    def make() -> str:
        made.append(postgres_cluster.create_database())
        return postgres_cluster.url(made[-1])

    yield make
    for name in made:
        postgres_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"], ids=["sqlite", "postgresql"])
def server_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The SQLAlchemy URL of a fresh, empty database for the head-office server: the test
    runs once on SQLite and once on PostgreSQL (whose cluster starts only then)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/headoffice.sqlite3"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    name = cluster.create_database()
    try:
        yield cluster.url(name)
    finally:
        cluster.drop_database(name)
