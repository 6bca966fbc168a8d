"""Everything the windows need, built once in app.py and handed into constructors."""

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from postloan_desktop.paths import DataDir
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.portfolio import PortfolioService


class EventBus(QObject):
    """Application-wide broadcast of what changed, so each view refreshes only what it shows."""

    data_changed = Signal(object)  # a set of entity type names, e.g. {"loans"}


@dataclass
class AppContext:
    data_dir: DataDir
    portfolio: PortfolioService
    inspections: InspectionService
    events: EventBus
