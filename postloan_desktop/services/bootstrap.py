"""Open a data folder and build the services on it: the one place that wires storage up."""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.paths import DataDir
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.db import open_database, session_factory

log = logging.getLogger(__name__)

CHECKLISTS = Path(__file__).resolve().parents[2] / "resources" / "checklists"  # as forms.loader


@dataclass(frozen=True)
class Services:
    data_dir: DataDir
    portfolio: PortfolioService
    inspections: InspectionService
    photos: PhotoService


def load_rules(folder: DataDir) -> InspectionRules:
    """The bank's rules, with the settings in the data folder's postloan.toml if there is one."""
    if not folder.config.exists():
        return InspectionRules()  # without importing pydantic: start-up time counts
    from postloan_desktop.config import load_config

    return load_config(folder.root).rules.to_rules()


def open_services(data_dir: Path, *, today: dt.date | None = None, demo: bool = False) -> Services:
    """Open (and migrate) the data folder, load the demo into an empty one if asked."""
    folder = DataDir(data_dir)
    folder.create()
    sessions = session_factory(open_database(folder.database))
    clock = (lambda: today) if today is not None else dt.date.today
    rules = load_rules(folder)
    portfolio = PortfolioService(sessions, rules=rules, today=clock)
    if demo:
        # Faker is imported only when the demo is asked for: it costs start-up time.
        from postloan_desktop.demo.portfolio import is_empty, load_demo

        if is_empty(sessions):
            summary = load_demo(sessions, today=portfolio.today(), rules=portfolio.rules)
            log.info("demo portfolio loaded: %s", summary)
    if portfolio.ensure_due_dates_follow_rules():
        log.info("due dates recomputed for the rules in force: %r", portfolio.rules)
    inspections = InspectionService(sessions, rules=rules, today=clock)
    publish_shipped_templates(inspections, portfolio)
    photos = PhotoService(sessions, BlobStore(folder.blobs))
    return Services(data_dir=folder, portfolio=portfolio, inspections=inspections, photos=photos)


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
