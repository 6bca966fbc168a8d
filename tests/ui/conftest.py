"""Widgets are tested offscreen, in Simplified Chinese (the users' language), on the demo data."""

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.ids import InspectionId, UserId
from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.paths import DataDir
from postloan_desktop.services.collateral import CollateralService
from postloan_desktop.services.dto import LoanFilter
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.storage.blobstore import BlobStore
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
    demo_service: PortfolioService,
    demo_inspections: InspectionService,
    demo_sessions: sessionmaker[Session],
    tmp_path: Path,
) -> AppContext:
    return AppContext(
        data_dir=DataDir(tmp_path),
        portfolio=demo_service,
        inspections=demo_inspections,
        events=EventBus(),
        collateral=CollateralService(demo_sessions, BlobStore(DataDir(tmp_path).blobs)),
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
        collateral=CollateralService(demo_copy_sessions, BlobStore(DataDir(tmp_path).blobs)),
    )


@pytest.fixture
def photo_context(
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    demo_today: dt.date,
    tmp_path: Path,
) -> AppContext:
    """``writable_context`` with site photos (a PhotoService on its data folder)."""
    writable_context.photos = PhotoService(
        demo_copy_sessions,
        BlobStore(DataDir(tmp_path).blobs),
        now=lambda: dt.datetime.combine(demo_today, dt.time(23, 59)),
        workers=2,
    )
    return writable_context


@pytest.fixture
def photo_draft(photo_context: AppContext) -> tuple[InspectionId, UserId]:
    """A new draft inspection of a loan with collateral (so some items need photos), and its
    inspector, who is the acting user."""
    context = photo_context
    staff = {m.id: m for m in context.inspections.staff()}
    for row in context.portfolio.loan_page(LoanFilter(), offset=0, limit=200):
        detail = context.portfolio.loan_detail(row.id)
        officer = detail.officer_a
        if (
            row.balance_fen <= 0
            or not detail.collateral
            or officer is None
            or Role.INSPECTOR not in staff[officer.id].roles
            or context.inspections.draft_for_loan(row.id) is not None
        ):
            continue
        inspection = context.inspections.start(loan_id=row.id, actor_id=officer.id)
        context.user_id = officer.id
        return inspection, officer.id
    raise AssertionError("the demo has no loan with collateral to inspect")


@pytest.fixture
def photo_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a JPEG made with tests/photos' picture builders:
    ``photo_file("a.jpg", size=(400, 300), taken=..., gps=...)``."""
    from photos.conftest import make_exif, scene  # tests/photos: the same builders

    folder = tmp_path / "camera"
    folder.mkdir(exist_ok=True)

    def write(
        name: str = "photo.jpg",
        *,
        size: tuple[int, int] = (400, 300),
        variant: int = 0,
        **exif_fields: object,
    ) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        scene(size, variant=variant).save(path, "JPEG", quality=90, exif=make_exif(**exif_fields))
        return path

    return write


@pytest.fixture
def report_context(
    photo_context: AppContext, demo_copy_sessions: sessionmaker[Session], tmp_path: Path
) -> AppContext:
    """``photo_context`` with reports: preview, signing keys (in ``tmp_path/keys``, none
    imported, no head-office certificate installed) and signatures."""
    from postloan_desktop.services.reports import ReportService

    assert photo_context.photos is not None
    photo_context.reports = ReportService(
        demo_copy_sessions,
        BlobStore(DataDir(tmp_path).blobs),
        inspections=photo_context.inspections,
        portfolio=photo_context.portfolio,
        photos=photo_context.photos,
        collateral=photo_context.collateral,
        bank_name="测试农村商业银行",
        keys_dir=tmp_path / "keys",
    )
    return photo_context
