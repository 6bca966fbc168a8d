"""Widgets are tested offscreen, in Simplified Chinese (the users' language), on the demo data."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

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
