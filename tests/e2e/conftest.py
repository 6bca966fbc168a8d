"""End-to-end tests: a real head-office server on 127.0.0.1 (SQLite and PostgreSQL) and
real desktop data folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_support import Branch, Laptop, branch, make_ca
from liveserver import LiveServer


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
    return lambda name, server: Laptop(tmp_path / f"laptop-{name}", server)
