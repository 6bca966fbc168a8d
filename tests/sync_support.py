"""End-to-end sync: a real head-office server (tests/liveserver.py) and real desktop data
folders, each opened with ``open_services`` as the app opens them.

``Branch`` sets up a branch at head office: inspectors A and B, a supervisor, a loan of
theirs, the published checklists, and a CA whose certificate the server checks report
signatures against. ``Laptop`` is one desktop: log in, sync, fill and sign an inspection.

A pytest plugin (tests/conftest.py): fixtures ``office`` (a running server with branch 0102
set up, on SQLite and PostgreSQL) and ``laptop`` (``laptop(name, server)``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from liveserver import PASSWORD, LiveServer
from sqlalchemy import func, select

from headoffice.ca import CertificateAuthority, init_ca, issue_user
from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.services.bootstrap import Services, open_services
from postloan_desktop.services.report_sample import answer_all, handwriting, site_picture
from postloan_desktop.storage.models import Base
from postloan_desktop.sync.engine import SyncReport

TODAY = dt.date(2026, 11, 28)
CA_PASSPHRASE = "head-office-ca-passphrase"
KEY_PASSPHRASE = "officer-key-passphrase"


@dataclass
class Person:
    username: str
    name: str
    id: uuid.UUID
    p12: bytes = b""


@dataclass
class Branch:
    code: str
    id: uuid.UUID
    a: Person
    b: Person
    supervisor: Person
    loan: LoanId
    ca_pem: bytes
    others: dict[str, Person] = field(default_factory=dict)


def make_ca(server: LiveServer) -> CertificateAuthority:
    """The head-office CA, in the server's data folder where it finds the certificate."""
    return init_ca(
        server.data_dir / "ca",
        bank="示范农村商业银行",
        passphrase=CA_PASSPHRASE,
        crl_url="http://ca.headoffice.example/postloan.crl",  # as `ca init` recommends
    )


def branch(
    server: LiveServer, ca: CertificateAuthority, code: str = "0102", *, loans: int = 1
) -> Branch:
    branch_id = server.create_branch(code, f"江汉支行{code}")
    people = {}
    for key, name, role in (
        ("a", "张三", Role.INSPECTOR),
        ("b", "李四", Role.INSPECTOR),
        ("s", "王五", Role.SUPERVISOR),
    ):
        username = f"{key}{code}"
        account = server.create_account(username, code, (role,), display_name=name)
        issued = issue_user(
            ca,
            user_id=str(account),
            name=name,
            role=role.value,
            branch=f"江汉支行{code}",
            passphrase=KEY_PASSPHRASE,
        )
        people[key] = Person(username, name, account, issued.pkcs12)
    server.publish_templates()
    refs = [
        server.add_loan(branch_id, officer_a=people["a"].id, officer_b=people["b"].id)
        for _ in range(loans)
    ]
    ca_pem = ca.certificate_path.read_bytes()
    return Branch(
        code, branch_id, people["a"], people["b"], people["s"], LoanId(refs[0].loan_id), ca_pem
    )


class Laptop:
    def __init__(self, root: Path, server: LiveServer) -> None:
        self.root = root
        self.server = server
        self.services: Services = open_services(root, today=TODAY)
        self.user: UserId | None = None

    def reopen(self) -> None:
        """Start the app again on the same folder (after a crash, say)."""
        self.services = open_services(self.root, today=TODAY)

    def login(self, person: Person) -> None:
        logged = self.services.sync.login(person.username, PASSWORD, server_url=self.server.url)
        self.user = UserId(logged.user_id)

    def sync(self) -> SyncReport:
        return self.services.sync.sync()

    def take_keys(self, branch: Branch, *people: Person) -> None:
        reports = self.services.reports
        reports.install_trust_anchor(branch.ca_pem)
        for person in people:
            reports.import_key(UserId(person.id), person.p12, KEY_PASSPHRASE)

    def fill_inspection(self, loan: LoanId, actor: Person, *, photos: int = 2) -> InspectionId:
        services = self.services
        inspection = services.inspections.draft_for_loan(loan) or services.inspections.start(
            loan_id=loan, actor_id=UserId(actor.id)
        )
        answer_all(services, inspection, UserId(actor.id), {})
        folder = self.root / "camera"
        folder.mkdir(exist_ok=True)
        paths = []
        for n in range(photos):
            path = folder / f"IMG_{uuid.uuid4().hex[:8]}_{n}.jpg"
            site_picture(n + 3, (800, 600)).save(path, "JPEG", quality=85)
            paths.append(path)
        if paths:
            summary = services.photos.import_files(
                inspection_id=inspection, paths=paths, actor_id=UserId(actor.id)
            )
            assert not summary.rejected, summary.rejected
        return inspection

    def sign(self, inspection: InspectionId, person: Person, seed: int = 1) -> None:
        self.services.reports.sign(inspection, UserId(person.id), KEY_PASSPHRASE, handwriting(seed))

    def count(self, model: type[Base], **where: Any) -> int:
        with self.services.portfolio._sessions() as session:
            query = select(func.count()).select_from(model)
            for column, value in where.items():
                query = query.where(getattr(model, column) == value)
            return session.scalar(query) or 0


@pytest.fixture
def office(
    live_server_factory: Callable[..., LiveServer], server_database_url: str, tmp_path: Path
) -> tuple[LiveServer, Branch]:
    """A running server whose CA checks signatures, with branch 0102 set up."""
    server = live_server_factory(server_database_url, tmp_path / "headoffice", start=False)
    ca = make_ca(server)
    setup = branch(server, ca)
    server.start()
    return server, setup


@pytest.fixture
def laptop(tmp_path: Path) -> Callable[[str, LiveServer], Laptop]:
    """``laptop(name, server)``: a desktop data folder of its own."""
    return lambda name, server: Laptop(tmp_path / f"laptop-{name}", server)
