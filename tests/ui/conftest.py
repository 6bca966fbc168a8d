"""Widgets are tested offscreen, in Simplified Chinese (the users' language), on the demo data."""

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.paths import DataDir
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.ui.app import install_translators
from postloan_desktop.ui.context import AppContext, EventBus
from postloan_desktop.ui.labels import reset_labels

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = install_translators(qapp, "zh_CN")
    assert translators, "the zh_CN translation must load"
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    reset_labels()


@pytest.fixture
def context(
    demo_service: PortfolioService, demo_inspections: InspectionService, tmp_path: Path
) -> AppContext:
    return AppContext(
        data_dir=DataDir(tmp_path),
        portfolio=demo_service,
        inspections=demo_inspections,
        events=EventBus(),
    )


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """QSettings in a fresh folder per test: never the developer's own settings."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture
def writable_context(
    demo_copy_sessions: sessionmaker[Session],
    inspections: InspectionService,
    demo_today: dt.date,
    tmp_path: Path,
) -> AppContext:
    """An AppContext on a private copy of the demo database, for tests that change data."""
    portfolio = PortfolioService(
        demo_copy_sessions, rules=InspectionRules(), today=lambda: demo_today
    )
    return AppContext(
        data_dir=DataDir(tmp_path),
        portfolio=portfolio,
        inspections=inspections,
        events=EventBus(),
    )
