"""Everything the windows need, built once in app.py and handed into constructors."""

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from postloan_desktop.domain.ids import UserId
from postloan_desktop.paths import DataDir
from postloan_desktop.services.collateral import CollateralService
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.services.reports import ReportService
from postloan_desktop.services.sync import LoggedIn, SyncService


class EventBus(QObject):
    """Application-wide broadcast of what changed, so each view refreshes only what it shows."""

    data_changed = Signal(object)  # a set of entity type names, e.g. {"loans"}
    user_changed = Signal(object)  # the UserId the program now acts as (or None)
    login_changed = Signal(object)  # the session's LoggedIn after a login (or None)


@dataclass
class AppContext:
    data_dir: DataDir
    portfolio: PortfolioService
    inspections: InspectionService
    events: EventBus
    # Who the program acts as: passed as actor_id to every service call. After a login it is
    # the logged-in account; in standalone mode the "acting as" combo in the status bar sets it.
    user_id: UserId | None = None
    # The language of checklist texts: "zh" or "en" (templates carry both).
    language: str = "zh"
    # Collateral register, notes and photo comparison (ui/collateral.py).
    collateral: CollateralService | None = None
    # Site photos (ui/gallery.py); without it the editor shows no Photos tab.
    photos: PhotoService | None = None
    # Reports: preview, signing keys, signatures and their verification (ui/sign_dialog.py,
    # ui/key_import.py, ui/report_preview.py, ui/verify_panel.py); without it the editor
    # offers submit only.
    reports: ReportService | None = None
    # Sync with head office (ui/sync_login.py, ui/sync_status.py, ui/sync_conflicts.py);
    # without it the app works standalone and shows no sync controls.
    sync: SyncService | None = None
    # The login of this session (online, or offline against the last online login's
    # verifier); None in standalone mode, when anyone may be chosen in the "acting as" combo.
    login: LoggedIn | None = None

    def set_user(self, user_id: UserId | None) -> None:
        if user_id != self.user_id:
            self.user_id = user_id
            self.events.user_changed.emit(user_id)

    def set_login(self, login: LoggedIn | None) -> None:
        """A login (again): the program acts as its account from now on."""
        self.login = login
        self.events.login_changed.emit(login)
        if login is not None:
            self.set_user(UserId(login.user_id))
