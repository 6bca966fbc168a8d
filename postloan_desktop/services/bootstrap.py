"""Open a data folder and build the services on it: the one place that wires storage up."""

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from postloan_desktop.domain.calendar import REVIEW_WORKING_DAYS, WorkCalendar
from postloan_desktop.domain.collateral import DEFAULT_COVERAGE_THRESHOLD
from postloan_desktop.domain.ids import LoanId
from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.paths import DataDir
from postloan_desktop.services.collateral import CollateralService
from postloan_desktop.services.demo_keys import DEMO_CA_DIR, DEMO_STATE_KEY
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.services.portfolio import PortfolioService, recompute_due_dates
from postloan_desktop.services.reports import ReportService
from postloan_desktop.services.review import ReviewService
from postloan_desktop.services.sync import SyncService
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.db import open_database, session_factory
from postloan_desktop.sync import outbox

log = logging.getLogger(__name__)

KEYS_DIR = "keys"  # as reports.keys.KEYS_DIR (not imported here: it loads cryptography)

CHECKLISTS = Path(__file__).resolve().parents[2] / "resources" / "checklists"  # as forms.loader


@dataclass(frozen=True)
class Services:
    data_dir: DataDir
    portfolio: PortfolioService
    inspections: InspectionService
    photos: PhotoService
    collateral: CollateralService
    reports: ReportService
    sync: SyncService
    review: ReviewService


@dataclass(frozen=True)
class Settings:
    """What postloan.toml may change (postloan_desktop/config.py), with the bank's defaults."""

    rules: InspectionRules = field(default_factory=InspectionRules)
    coverage_threshold: Decimal = DEFAULT_COVERAGE_THRESHOLD
    gps_radius_m: float = 1000.0
    bank_name: str = ""
    report_font: str | None = None
    review_calendar: WorkCalendar = field(default_factory=WorkCalendar)
    review_days: int = REVIEW_WORKING_DAYS


def load_settings(folder: DataDir) -> Settings:
    """The settings in the data folder's postloan.toml, read once; the defaults without one
    (and then without importing pydantic: start-up time counts)."""
    if not folder.config.exists():
        return Settings()
    from postloan_desktop.config import load_config

    config = load_config(folder.root)
    return Settings(
        rules=config.rules.to_rules(),
        coverage_threshold=config.collateral.threshold(),
        gps_radius_m=config.photos.gps_radius_m,
        bank_name=config.report.bank_name,
        report_font=config.report.font,
        review_calendar=config.review.calendar(),
        review_days=config.review.days,
    )


def open_services(data_dir: Path, *, today: dt.date | None = None, demo: bool = False) -> Services:
    """Open (and migrate) the data folder, load the demo into an empty one if asked."""
    folder = DataDir(data_dir)
    folder.create()
    # Every change to field work also goes to the sync outbox, in the same transaction.
    sessions = outbox.install(session_factory(open_database(folder.database)))
    clock = (lambda: today) if today is not None else dt.date.today
    settings = load_settings(folder)
    rules = settings.rules
    portfolio = PortfolioService(sessions, rules=rules, today=clock)
    if demo:
        # Faker is imported only when the demo is asked for: it costs start-up time.
        from postloan_desktop.demo.portfolio import is_empty, load_demo

        if is_empty(sessions):
            summary = load_demo(sessions, today=portfolio.today(), rules=portfolio.rules)
            # Only a folder the demo went into gets demo signing keys (made on first use).
            portfolio.set_state(DEMO_STATE_KEY, "1")
            log.info("demo portfolio loaded: %s", summary)
    if portfolio.ensure_due_dates_follow_rules():
        log.info("due dates recomputed for the rules in force: %r", portfolio.rules)
    # The product submits and approves by signing only (ReportService.sign).
    inspections = InspectionService(sessions, rules=rules, today=clock, signatures_required=True)
    publish_shipped_templates(inspections, portfolio)
    blobs = BlobStore(folder.blobs)
    photos = PhotoService(sessions, blobs, radius_m=settings.gps_radius_m, now=_now_on(today))
    collateral = CollateralService(sessions, blobs, coverage_threshold=settings.coverage_threshold)
    reports = ReportService(
        sessions,
        blobs,
        inspections=inspections,
        portfolio=portfolio,
        photos=photos,
        collateral=collateral,
        bank_name=settings.bank_name,
        font=settings.report_font,
        keys_dir=folder.root / KEYS_DIR,
        demo_ca_dir=folder.root / DEMO_CA_DIR,
    )
    sync = SyncService(
        sessions,
        blobs,
        rules=rules,
        after_apply=lambda session, loans: _refresh_due_dates(session, rules, loans),
        is_demo=lambda: portfolio.state(DEMO_STATE_KEY) == "1",
    )
    review = ReviewService(
        sessions,
        inspections,
        calendar=settings.review_calendar,
        today=clock,
        days=settings.review_days,
    )
    return Services(
        data_dir=folder,
        sync=sync,
        review=review,
        portfolio=portfolio,
        inspections=inspections,
        photos=photos,
        collateral=collateral,
        reports=reports,
    )


def _refresh_due_dates(session: Session, rules: InspectionRules, loans: set[uuid.UUID]) -> None:
    """After a sync brought loans or inspections: their due dates follow the rules again."""
    recompute_due_dates(session, rules, [LoanId(i) for i in loans])


def _now_on(today: dt.date | None) -> Callable[[], dt.datetime]:
    """The clock photos are checked against. When a day is pretended (--today), its last
    second: a photo taken any time that day is not "in the future"."""
    if today is None:
        return dt.datetime.now
    end_of_day = dt.datetime.combine(today, dt.time(23, 59, 59))
    return lambda: end_of_day


def publish_shipped_templates(inspections: InspectionService, portfolio: PortfolioService) -> None:
    """Publish the checklists shipped in resources/checklists when the files changed.

    Reading and checking them costs start-up time, so a digest of the files' bytes is kept
    and they are only read again when it differs."""
    digest = shipped_templates_digest()
    if portfolio.state(TEMPLATES_KEY) == digest:
        return
    from postloan_desktop.forms.loader import load_directory

    published = inspections.publish(load_directory())
    portfolio.set_state(TEMPLATES_KEY, digest)
    if published:
        log.info("published checklists: %s", ", ".join(published))


TEMPLATES_KEY = "shipped_templates_digest"


def shipped_templates_digest() -> str:
    files = sorted(CHECKLISTS.glob("*.yaml"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
