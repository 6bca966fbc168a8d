"""What the sync benchmarks (bench/sync.py, bench/load.py) share: a real head-office server
process, a throwaway PostgreSQL cluster, admin writes on the server's database, and a
large branch written in bulk. (The small bits of tests/liveserver.py and tests/pgcluster.py
they need, without pytest: benchmarks do not import from tests/.)

``Server`` migrates its database, starts ``python -m headoffice.cli serve`` (what the
``postloan-headoffice serve`` script runs) on a free port of 127.0.0.1 and waits until
``/api/v1/health`` answers with the protocol marker; its log (JSON lines, one per request
with the server-side milliseconds) goes to ``DATA_DIR/server.log``.

``PgCluster`` is made with ``initdb`` and started with ``pg_ctl``; as root it belongs to the
``postgres`` system user (PostgreSQL will not run as root).

``bulk_branch`` writes a branch of N loans (the demo portfolio generator's borrowers,
loans, recent instalments, guarantors and collateral) as ``records`` rows with one Core
insert per batch: the rows ``store.put_record`` would write (``check_like_put_record``
proves it on a sample by writing them again with ``put_record`` and comparing every
column but ``seq`` and ``updated_at``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import random
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from headoffice import accounts
from headoffice.db import create_server_engine, session_factory, upgrade
from headoffice.models import Record, RecordBlob
from headoffice.store import SeqAllocator, parent_of, put_record
from headoffice.templates import publish_templates
from postloan_desktop.domain.enums import OfficerRank, Role
from postloan_desktop.storage.types import utcnow
from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.tally import mix
from postloan_desktop.sync.wire import entity as wire_entity
from postloan_desktop.sync.wire import from_wire, values_to_wire

HOST = "127.0.0.1"
PASSWORD = "correct horse battery"
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


# --- the server process ----------------------------------------------------------------------


class Server:
    """One ``postloan-headoffice serve`` on ``database_url`` and ``data_dir``."""

    def __init__(
        self,
        database_url: str,
        data_dir: Path,
        *,
        workers: int = 1,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        self.workers = workers
        self.port = free_port()
        self.env = dict(env or {})
        self.log_path = data_dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = create_server_engine(database_url)
        upgrade(self.engine)  # what `postloan-headoffice db upgrade` does
        self.sessions = session_factory(self.engine)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}{p.API}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "headoffice.cli",
            "serve",
            "--database-url",
            self.database_url,
            "--data-dir",
            str(self.data_dir),
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]

    def start(self, timeout: float = START_TIMEOUT) -> None:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("POSTLOAN_")}
        environment.update(self.env)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
                cwd=self.data_dir,
            )
        deadline = time.monotonic() + timeout
        problem = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited while starting:\n{self.log_tail()}")
            try:
                answer = httpx.get(f"{self.api}/health", timeout=2)
                if answer.status_code == 200 and answer.json().get("protocol") == p.PROTOCOL:
                    return
                problem = f"HTTP {answer.status_code}"
            except httpx.HTTPError as exc:
                problem = repr(exc)
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer within {timeout} s ({problem})")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
        self.process = None

    def close(self) -> None:
        try:
            self.stop()
        finally:
            self.engine.dispose()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        text_ = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text_[-lines:])

    def log_offset(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def requests_since(self, offset: int) -> list[dict[str, Any]]:
        """The access-log entries written after ``offset`` (path, status, server-side ms)."""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            lines = log.read().decode("utf-8", errors="replace").splitlines()
        found = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and entry.get("msg") == "request":
                found.append(entry)
        return found

    # --- admin, directly on the database (as head-office IT does with the command line) ----

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    def create_branch(self, code: str, name: str | None = None) -> uuid.UUID:
        with self.session() as session:
            return accounts.create_branch(session, code=code, name=name or f"支行{code}").id

    def create_account(
        self,
        username: str,
        branch_code: str,
        roles: Sequence[Role] = (Role.INSPECTOR,),
        *,
        display_name: str | None = None,
    ) -> uuid.UUID:
        with self.session() as session:
            account = accounts.create_account(
                session,
                username=username,
                display_name=display_name or username,
                branch_code=branch_code,
                roles=list(roles),
                password=PASSWORD,
                rank=OfficerRank.OFFICER,
            )
            return account.id

    def publish_templates(self) -> list[str]:
        with self.session() as session:
            return publish_templates(session)

    def put(self, name: str, data: dict[str, Any], branch_id: uuid.UUID) -> None:
        """Write one record (wire form, checked with ``from_wire``) as head office does."""
        kind = wire_entity(name)
        values = from_wire(name, data)
        wire = values_to_wire(name, values)
        with self.session() as session:
            seqs = SeqAllocator(session)
            put_record(
                session,
                seqs,
                name,
                kind.record_id(values),
                branch_id,
                wire,
                blobs=kind.blobs(wire),
                force=True,
            )
            seqs.close()

    def add_loan(
        self,
        branch_id: uuid.UUID,
        *,
        officer_a: uuid.UUID,
        officer_b: uuid.UUID,
        n: int = 1,
    ) -> uuid.UUID:
        """A borrower (an enterprise) and a loan of ``branch_id``, as the portfolio import
        puts them; returns the loan's id."""
        borrower_id, loan_id = uuid.uuid4(), uuid.uuid4()
        self.put(
            "borrower",
            {
                "id": str(borrower_id),
                "branch_id": str(branch_id),
                "kind": "enterprise",
                "name": f"武汉示例商贸有限公司{n}",
                "id_number": f"91420100MA4K{n:06d}",
                "legal_representative": "赵六",
                "phone": "027-88886666",
                "address": "武汉市江汉区解放大道1号",
                "business_type": "trade_service",
                "industry": "批发零售",
                "latitude": 30.59,
                "longitude": 114.30,
            },
            branch_id,
        )
        self.put(
            "loan",
            {
                "id": str(loan_id),
                "contract_no": f"DK-{loan_id.hex[:12]}",
                "borrower_id": str(borrower_id),
                "branch_id": str(branch_id),
                "product": "流动资金贷款",
                "amount_fen": 100_000_000,
                "balance_fen": 80_000_000,
                "annual_rate_bp": 435,
                "disbursed_on": "2026-01-15",
                "matures_on": "2027-01-15",
                "repayment_method": "interest_only",
                "guarantee_method": "guarantee",
                "risk_class": "normal",
                "business_status": "good",
                "principal_overdue_since": None,
                "interest_unpaid_since": None,
                "overdue_principal_fen": 0,
                "overdue_interest_fen": 0,
                "officer_a_id": str(officer_a),
                "officer_b_id": str(officer_b),
            },
            branch_id,
        )
        return loan_id


def login(api: str, username: str, *, device_id: uuid.UUID | None = None) -> str:
    """A bearer token for ``username`` (plain httpx)."""
    answer = httpx.post(
        f"{api}/login",
        json={
            "username": username,
            "password": PASSWORD,
            "device_id": str(device_id or uuid.uuid4()),
            "device_name": "bench",
        },
        timeout=60,
    )
    answer.raise_for_status()
    token: str = answer.json()["token"]
    return token


# --- a large branch, written in bulk ------------------------------------------------------------

# The record types of a branch's portfolio, parents first, and the generator's rows of each.
PORTFOLIO = (
    ("borrower", "borrowers"),
    ("loan", "loans"),
    ("instalment", "instalments"),
    ("guarantor", "guarantors"),
    ("collateral", "collateral"),
)


def portfolio_records(
    branch_id: uuid.UUID,
    officers: Sequence[uuid.UUID],
    *,
    loans: int,
    borrowers: int,
    today: dt.date,
    seed: int = 20261128,
) -> list[tuple[str, uuid.UUID, dict[str, Any]]]:
    """(entity, id, wire data) of a realistic portfolio of ``loans`` loans in one branch:
    the demo generator's rows (Faker names, schedules' recent part, guarantors, collateral)
    moved into ``branch_id``, with ``officers`` (at least two) as officers A and B."""
    from postloan_desktop.demo.portfolio import PortfolioGenerator

    gen = PortfolioGenerator(today=today, seed=seed, full_schedules=False)
    rows = gen.build(borrowers=borrowers, loans=loans, large_balances=False)
    pick = random.Random(seed)
    out: list[tuple[str, uuid.UUID, dict[str, Any]]] = []
    for name, attribute in PORTFOLIO:
        kind = wire_entity(name)
        for row in getattr(rows, attribute):
            values = dict(row)
            if "branch_id" in values:
                values["branch_id"] = branch_id
            if name == "loan":
                values["officer_a_id"], values["officer_b_id"] = pick.sample(list(officers), 2)
            data = values_to_wire(name, values)
            checked = from_wire(name, data)  # what the server and the laptops check it with
            out.append((name, kind.record_id(checked), data))
    return out


def bulk_put(
    session: Session,
    branch_id: uuid.UUID,
    records: Sequence[tuple[str, uuid.UUID, dict[str, Any]]],
    *,
    batch: int = 5000,
) -> None:
    """Insert new records as ``put_record`` would write them (version 1, the next ``seq``
    under the counter's lock, parent, mix, no blobs), one Core insert per batch."""
    seqs = SeqAllocator(session)
    now = utcnow()
    rows = []
    for name, record_id, data in records:
        kind = wire_entity(name)
        if kind.blobs(data):
            raise ValueError(f"{name} names blobs: write it with put_record")
        rows.append(
            {
                "entity": name,
                "id": record_id,
                "branch_id": branch_id,
                "parent_id": parent_of(name, data),
                "version": 1,
                "seq": seqs.take(),
                "deleted": False,
                "data": data,
                "blobs": [],
                "mix": mix(name, record_id, 1),
                "updated_at": now,
                "updated_by": None,
            }
        )
    table: Any = Record.__table__  # Core, not the ORM's bulk path
    for start in range(0, len(rows), batch):
        session.execute(insert(table), rows[start : start + batch])
    seqs.close()


COMPARED = ("entity", "id", "branch_id", "parent_id", "version", "deleted", "blobs", "mix")


def check_like_put_record(
    server: Server, sample: Sequence[tuple[str, uuid.UUID, dict[str, Any]]]
) -> int:
    """Write each sampled record again with ``put_record`` (after deleting the bulk row) in a
    transaction that is rolled back, and compare the rows: every column but ``seq`` and
    ``updated_at``, the data also as the database holds it (JSON text on SQLite). Returns
    how many were compared; raises AssertionError on a difference."""
    raw = text("SELECT data FROM records WHERE entity = :e AND id = :i")
    with server.sessions() as session:
        session.begin()
        try:
            for name, record_id, data in sample:
                bulk = session.get(Record, (name, record_id))
                assert bulk is not None, (name, record_id)
                before = {c: getattr(bulk, c) for c in COMPARED}
                before["data"] = bulk.data
                ident = {"e": name, "i": _db_uuid(session, record_id)}
                before_raw = session.execute(raw, ident).scalar_one()
                links = session.scalars(
                    select(RecordBlob.sha256).where(RecordBlob.record_id == record_id)
                ).all()
                session.delete(bulk)
                session.flush()
                seqs = SeqAllocator(session)
                kind = wire_entity(name)
                again = put_record(
                    session,
                    seqs,
                    name,
                    record_id,
                    before["branch_id"],
                    data,
                    blobs=kind.blobs(data),
                )
                seqs.close()
                assert again is not None
                after = {c: getattr(again, c) for c in COMPARED}
                after["data"] = again.data
                assert after == before, (name, record_id, before, after)
                assert session.execute(raw, ident).scalar_one() == before_raw, (name, record_id)
                assert (
                    not links
                    and not session.scalars(
                        select(RecordBlob.sha256).where(RecordBlob.record_id == record_id)
                    ).all()
                )
        finally:
            session.rollback()
    return len(sample)


def _db_uuid(session: Session, value: uuid.UUID) -> Any:
    """A UUID as a textual query's parameter: SQLite keeps UUIDs as 32 hex digits."""
    return value.hex if session.get_bind().dialect.name == "sqlite" else value


# --- a throwaway PostgreSQL cluster ---------------------------------------------------------------

SUPERUSER = "postgres"
PG_CTL_TIMEOUT = 60


def find_pg_bindir() -> Path | None:
    """The directory with ``initdb`` and ``pg_ctl`` (``pg_config --bindir``, the newest
    ``/usr/lib/postgresql/*/bin``, PATH)."""
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
    if os.geteuid() != 0:
        return cmd
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", SUPERUSER, "--", *cmd]
    if setpriv := shutil.which("setpriv"):
        return [setpriv, f"--reuid={SUPERUSER}", f"--regid={SUPERUSER}", "--init-groups", *cmd]
    if su := shutil.which("su"):
        return [su, "-s", "/bin/sh", SUPERUSER, "-c", shlex.join(cmd)]
    raise RuntimeError("running as root and found none of runuser, setpriv, su")


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _as_owner(cmd),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=PG_CTL_TIMEOUT + 30,
    )


@dataclass
class PgCluster:
    """A running cluster accepting anyone as ``postgres`` over TCP on 127.0.0.1:``port``."""

    bindir: Path
    base: Path
    port: int
    settings: tuple[str, ...]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self.port}/{database}"

    def create_database(self, name: str = "") -> str:
        import psycopg

        name = name or f"bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            host=HOST, port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def stop(self) -> None:
        pg_ctl = str(self.bindir / "pg_ctl")
        for mode in ("fast", "immediate"):
            cmd = [pg_ctl, "stop", "-w", "-t", str(PG_CTL_TIMEOUT), "-m", mode]
            if _run([*cmd, "-D", str(self.base / "data")], cwd=self.base).returncode == 0:
                break
        shutil.rmtree(self.base, ignore_errors=True)


def start_pg_cluster(*, durable: bool = True) -> PgCluster:
    """initdb and start a cluster in a new temporary directory. ``durable``: PostgreSQL's
    defaults (fsync, synchronous_commit on), as in production; else the tests' settings
    (fsync, synchronous_commit and full_page_writes off)."""
    bindir = find_pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL's initdb and pg_ctl were not found: run ./dev.sh setup")
    base = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam(SUPERUSER)
        os.chown(base, owner.pw_uid, owner.pw_gid)
    datadir = base / "data"
    common = [str(bindir / "initdb"), "-D", str(datadir), "-A", "trust", "-U", SUPERUSER]
    common += ["--encoding=UTF8"]
    proc = _run([*common, "--locale=C.UTF-8"], cwd=base)
    if proc.returncode != 0 and "locale" in (proc.stdout + proc.stderr).lower():
        shutil.rmtree(datadir, ignore_errors=True)
        proc = _run([*common, "--no-locale"], cwd=base)
    if proc.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {proc.stdout}{proc.stderr}")
    settings: tuple[str, ...] = ("max_connections=200",)
    if not durable:
        settings += ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
    for _ in range(3):
        port = free_port()
        options = ["-k", str(base), "-p", str(port), "-c", f"listen_addresses={HOST}"]
        for setting in settings:
            options += ["-c", setting]
        cmd = [str(bindir / "pg_ctl"), "start", "-w", "-t", str(PG_CTL_TIMEOUT)]
        cmd += ["-D", str(datadir), "-l", str(base / "server.log"), "-o", shlex.join(options)]
        proc = _run(cmd, cwd=base)
        if proc.returncode == 0:
            return PgCluster(bindir, base, port, settings)
    log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
    shutil.rmtree(base, ignore_errors=True)
    raise RuntimeError(f"pg_ctl start failed: {proc.stdout}{proc.stderr}\n{log[-2000:]}")
