"""Open a data folder and build the services on it: the one place that wires storage up."""

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.paths import DataDir
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.storage.db import open_database, session_factory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    data_dir: DataDir
    portfolio: PortfolioService


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
    portfolio = PortfolioService(
        sessions,
        rules=load_rules(folder),
        today=(lambda: today) if today is not None else dt.date.today,
    )
    if demo:
        # Faker is imported only when the demo is asked for: it costs start-up time.
        from postloan_desktop.demo.portfolio import is_empty, load_demo

        if is_empty(sessions):
            summary = load_demo(sessions, today=portfolio.today(), rules=portfolio.rules)
            log.info("demo portfolio loaded: %s", summary)
    if portfolio.ensure_due_dates_follow_rules():
        log.info("due dates recomputed for the rules in force: %r", portfolio.rules)
    return Services(data_dir=folder, portfolio=portfolio)
