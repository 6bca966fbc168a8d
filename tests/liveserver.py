"""A real head-office server for the tests: ``postloan-headoffice serve`` as a subprocess on
127.0.0.1 (a pytest plugin, see ``conftest.py``).

``LiveServer`` migrates its database, starts ``python -m headoffice.cli serve`` on a free
port and waits until ``/api/v1/health`` answers with the protocol marker. It stops
(``stop``: SIGTERM, then wait), dies (``kill``: SIGKILL) and starts again on the same port,
database and data folder (``start``), for restart tests. The server's log goes to
``DATA_DIR/server.log``; a failing test that used a live server gets the end of that log in
its report, and so do the start-up failures.

Admin helpers work directly on the database, as head-office IT does with the command line:
branches, accounts, templates, a borrower with a loan (``add_loan``), any record (``put``,
columns not given at their defaults: ``wire_record``). HTTP helpers: ``client`` (an
``httpx.Client`` on ``/api/v1``) and ``login``.

Fixtures:

``live_server``
    A started server on a fresh database, once on SQLite and once on PostgreSQL
    (``server_database_url``).
``live_server_factory``
    ``factory(database_url, data_dir, env=..., start=True)``: more servers, or one with
    settings in the environment (``POSTLOAN_HO_TOKEN_HOURS``…) or files in its data folder
    (a CA in ``DATA_DIR/ca``) before it starts. Every server made is stopped at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
from sqlalchemy.orm import Session

from headoffice import accounts
from headoffice.db import create_server_engine, session_factory, upgrade
from headoffice.models import Record
from headoffice.store import SeqAllocator, put_record
from headoffice.templates import publish_templates
from postloan_desktop.domain.enums import OfficerRank, Role
from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.wire import entity as wire_entity
from postloan_desktop.sync.wire import from_wire, values_to_wire

HOST = "127.0.0.1"
START_TIMEOUT = 60.0  # seconds until /health must answer
STOP_TIMEOUT = 30.0
PASSWORD = "correct horse battery"
LOG_LINES = 60  # of the server's log shown with a failure

SERVERS = pytest.StashKey[list["LiveServer"]]()
# Argon2 takes a third of a second a password: accounts made with the same password share
# one real hash (made once by accounts.hash_password, checked by the server at each login).
_HASHES: dict[str, str] = {}
_hash_password = accounts.hash_password


def _hash_once(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = _hash_password(password)
    return _HASHES[password]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def wire_record(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The wire form of a record of type ``name`` from column values (Python or wire form),
    columns not given at their defaults, checked with ``from_wire``: test data that keeps
    up with columns added to the tables later."""
    given = dict(values)
    for column in wire_entity(name).wire_columns():
        if column.key in given:
            continue
        default = column.default
        if default is not None and default.is_scalar:
            given[column.key] = default.arg  # type: ignore[attr-defined]
        elif column.nullable:
            given[column.key] = None
        else:
            raise ValueError(f"{name}.{column.key} has no default: give it")
    data = values_to_wire(name, given)
    return values_to_wire(name, from_wire(name, data))


@dataclass(frozen=True)
class LoanRefs:
    loan_id: uuid.UUID
    borrower_id: uuid.UUID
    branch_id: uuid.UUID
    contract_no: str


class LiveServer:
    """One head-office server process on ``database_url`` and ``data_dir``."""

    def __init__(
        self,
        database_url: str,
        data_dir: Path,
        *,
        env: Mapping[str, str] | None = None,
        port: int | None = None,
    ) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        self.port = port or free_port()
        self.env = dict(env or {})
        self.log_path = data_dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        data_dir.mkdir(parents=True, exist_ok=True)
        self.engine = create_server_engine(database_url)
        upgrade(self.engine)  # what `postloan-headoffice db upgrade` does
        self.sessions = session_factory(self.engine)

    # --- the process -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}{p.API}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

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
        ]

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the server (again) and wait until it answers."""
        if self.running:
            raise RuntimeError("the server is running already")
        environment = {k: v for k, v in os.environ.items() if not k.startswith("POSTLOAN_")}
        environment.update(self.env)
        with self.log_path.open("ab") as log:
            log.write(f"--- start {dt.datetime.now(dt.UTC).isoformat()} ---\n".encode())
            log.flush()
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
                self.fail(f"the server exited with {self.process.returncode} while starting")
            try:
                answer = httpx.get(f"{self.api}/health", timeout=2)
                if answer.status_code == 200 and answer.json().get("protocol") == p.PROTOCOL:
                    return
                problem = f"HTTP {answer.status_code}: {answer.text[:200]}"
            except httpx.HTTPError as exc:
                problem = repr(exc)
            time.sleep(0.1)
        self.kill()
        self.fail(f"the server did not answer /health within {timeout} s ({problem})")

    def stop(self) -> None:
        """End the server as a service manager does (SIGTERM) and wait for it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_TIMEOUT)
                self.fail(f"the server did not stop within {STOP_TIMEOUT} s of SIGTERM")
        self.process = None

    def kill(self) -> None:
        """Kill the server (SIGKILL): no shutdown, as in a power cut."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(STOP_TIMEOUT)
        self.process = None

    def close(self) -> None:
        try:
            self.stop()
        finally:
            self.engine.dispose()

    def log_tail(self, lines: int = LOG_LINES) -> str:
        if not self.log_path.exists():
            return "(no log)"
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def fail(self, message: str) -> None:
        pytest.fail(
            f"{message}\n{' '.join(self.command())}\n"
            f"--- {self.log_path} (end) ---\n{self.log_tail()}",
            pytrace=False,
        )

    # --- HTTP ----------------------------------------------------------------------------------

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.api, headers=headers, timeout=60)

    def login(
        self,
        username: str,
        password: str = PASSWORD,
        *,
        device_id: uuid.UUID | None = None,
    ) -> str:
        """A token for ``username``; fails the test (with the log) when login is refused."""
        with self.client() as http:
            answer = http.post(
                "/login",
                json={
                    "username": username,
                    "password": password,
                    "device_id": str(device_id or uuid.uuid4()),
                    "device_name": f"{username}'s laptop",
                },
            )
        if answer.status_code != 200:
            self.fail(f"login as {username} answered {answer.status_code}: {answer.text}")
        token: str = answer.json()["token"]
        return token

    # --- admin, directly on the database --------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction on the server's database, committed at the end."""
        with self.sessions.begin() as session:
            yield session

    def create_branch(self, code: str, name: str | None = None) -> uuid.UUID:
        with self.session() as session:
            branch = accounts.create_branch(session, code=code, name=name or f"支行{code}")
            return branch.id

    def create_account(
        self,
        username: str,
        branch_code: str,
        roles: Sequence[Role] = (Role.INSPECTOR,),
        *,
        password: str = PASSWORD,
        display_name: str | None = None,
        account_id: uuid.UUID | None = None,
    ) -> uuid.UUID:
        with (
            self.session() as session,
            mock.patch.object(accounts, "hash_password", _hash_once),
        ):
            account = accounts.create_account(
                session,
                username=username,
                display_name=display_name or username,
                branch_code=branch_code,
                roles=list(roles),
                password=password,
                rank=OfficerRank.OFFICER,
                account_id=account_id,
            )
            return account.id

    def set_active(self, username: str, active: bool) -> None:
        with self.session() as session:
            accounts.set_active(session, username=username, active=active)

    def reset_password(self, username: str, password: str) -> None:
        with self.session() as session:
            accounts.reset_password(session, username=username, password=password)

    def publish_templates(self) -> list[str]:
        with self.session() as session:
            return publish_templates(session)

    def put(
        self,
        name: str,
        data: dict[str, Any],
        branch_id: uuid.UUID,
        *,
        record_id: uuid.UUID | None = None,
    ) -> Record:
        """Write a record (wire form, checked with ``from_wire``; columns not given at their
        defaults) as head office does."""
        kind = wire_entity(name)
        wire = wire_record(name, data)
        values = from_wire(name, wire)
        with self.session() as session:
            seqs = SeqAllocator(session)
            written = put_record(
                session,
                seqs,
                name,
                record_id or kind.record_id(values),
                branch_id,
                wire,
                blobs=kind.blobs(wire),
                force=True,
            )
            seqs.close()
            assert written is not None
            session.expunge(written)
            return written

    def record(self, name: str, record_id: uuid.UUID) -> Record | None:
        with self.session() as session:
            found = session.get(Record, (name, record_id))
            if found is not None:
                session.expunge(found)
            return found

    def add_loan(
        self,
        branch_id: uuid.UUID,
        *,
        officer_a: uuid.UUID | None = None,
        officer_b: uuid.UUID | None = None,
        contract_no: str | None = None,
    ) -> LoanRefs:
        """A borrower and a loan of ``branch_id``, as the portfolio import puts them."""
        borrower_id, loan_id = uuid.uuid4(), uuid.uuid4()
        contract_no = contract_no or f"DK-{loan_id.hex[:12]}"
        borrower = {
            "id": str(borrower_id),
            "branch_id": str(branch_id),
            "kind": "enterprise",
            "name": "武汉示例商贸有限公司",
            "id_number": "91420100MA4K000000",
            "legal_representative": "赵六",
            "phone": "027-88886666",
            "address": "武汉市江汉区解放大道1号",
            "business_type": "trade_service",
            "industry": "批发零售",
            "latitude": 30.59,
            "longitude": 114.30,
        }
        loan = {
            "id": str(loan_id),
            "contract_no": contract_no,
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
            "officer_a_id": str(officer_a) if officer_a else None,
            "officer_b_id": str(officer_b) if officer_b else None,
        }
        self.put("borrower", borrower, branch_id)
        self.put("loan", loan, branch_id)
        return LoanRefs(loan_id, borrower_id, branch_id, contract_no)


# --- fixtures -------------------------------------------------------------------------------------

Factory = Callable[..., LiveServer]


@pytest.fixture
def live_server_factory(request: pytest.FixtureRequest) -> Iterator[Factory]:
    """Make servers: ``factory(database_url, data_dir, *, env=None, start=True)``."""
    made = request.node.stash.setdefault(SERVERS, [])

    def make(
        database_url: str,
        data_dir: Path,
        *,
        env: Mapping[str, str] | None = None,
        start: bool = True,
    ) -> LiveServer:
        server = LiveServer(database_url, data_dir, env=env)
        made.append(server)
        if start:
            server.start()
        return server

    yield make
    for server in made:
        server.close()


@pytest.fixture
def live_server(
    live_server_factory: Factory, server_database_url: str, tmp_path: Path
) -> LiveServer:
    """A running head-office server on a fresh database (SQLite, then PostgreSQL)."""
    return live_server_factory(server_database_url, tmp_path / "headoffice")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Put the end of each live server's log into a failing test's report."""
    outcome: Any = yield
    report = outcome.get_result()
    if report.failed:
        for server in item.stash.get(SERVERS, []):
            report.sections.append((f"head-office server log {server.log_path}", server.log_tail()))
