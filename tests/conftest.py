"""Fixtures shared by the tests below ``ui``: fresh migrated databases and the demo portfolio.

The demo portfolio is built once per test session and only read; a test that writes works on
its own copy (``demo_copy_sessions``), made with SQLite's backup API so the WAL comes along.
"""

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.demo.portfolio import DemoSummary, load_demo
from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.forms.loader import load_directory
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.storage.db import open_database, session_factory

# A throwaway PostgreSQL cluster for the server tests (tests/ is on sys.path, like *_support).
pytest_plugins = ["pgcluster", "liveserver", "sync_support"]

DEMO_TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated, empty database file."""
    eng = open_database(tmp_path / "postloan.sqlite3")
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture(scope="session")
def demo_today() -> dt.date:
    return DEMO_TODAY


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo") / "postloan.sqlite3"


@pytest.fixture(scope="session")
def demo_engine(demo_path: Path) -> Iterator[Engine]:
    eng = open_database(demo_path)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def demo_summary(demo_engine: Engine, demo_today: dt.date) -> DemoSummary:
    return load_demo(session_factory(demo_engine), today=demo_today)


@pytest.fixture(scope="session")
def demo_sessions(demo_engine: Engine, demo_summary: DemoSummary) -> sessionmaker[Session]:
    """Sessions on the demo portfolio as of DEMO_TODAY. Shared by many tests: never write."""
    return session_factory(demo_engine)


@pytest.fixture(scope="session")
def demo_service(demo_sessions: sessionmaker[Session], demo_today: dt.date) -> PortfolioService:
    return PortfolioService(demo_sessions, rules=InspectionRules(), today=lambda: demo_today)


@pytest.fixture
def demo_copy_sessions(
    demo_path: Path, demo_summary: DemoSummary, tmp_path: Path
) -> Iterator[sessionmaker[Session]]:
    """A private copy of the demo database that a test may change."""
    target = tmp_path / "demo-copy.sqlite3"
    src = sqlite3.connect(demo_path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    eng = open_database(target)
    yield session_factory(eng)
    eng.dispose()


@pytest.fixture(scope="session")
def demo_inspections(
    demo_sessions: sessionmaker[Session], demo_today: dt.date
) -> InspectionService:
    """Inspections on the shared demo database, with the shipped checklists published.
    Read-only like the demo itself: tests that write use ``inspections`` below. (Both may
    submit and approve without signed reports, as tests do; the product signs.)"""
    service = InspectionService(
        demo_sessions,
        rules=InspectionRules(),
        today=lambda: demo_today,
        signatures_required=False,
    )
    service.publish(load_directory())
    return service


@pytest.fixture
def inspections(
    demo_copy_sessions: sessionmaker[Session], demo_today: dt.date
) -> InspectionService:
    """Inspections on a private copy of the demo database, checklists published."""
    service = InspectionService(
        demo_copy_sessions,
        rules=InspectionRules(),
        today=lambda: demo_today,
        signatures_required=False,
    )
    service.publish(load_directory())
    return service
