"""Everything the windows need, built once in app.py and handed into constructors."""

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from postloan_desktop.domain.ids import UserId
from postloan_desktop.paths import DataDir
from postloan_desktop.services.collateral import CollateralService
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.photos import PhotoService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.services.reports import ReportService
from postloan_desktop.services.review import ReviewService
from postloan_desktop.services.sync import LoggedIn, SyncService


class EventBus(QObject):
    """Application-wide broadcast of what changed, so each view refreshes only what it shows."""

    data_changed = Signal(object)  # a set of entity type names, e.g. {"loans"}
    user_changed = Signal(object)  # the UserId the program now acts as (or None)
    login_changed = Signal(object)  # the session's LoggedIn after a login (or None)


class SigningSession:
    """What a supervisor's session of countersigning remembers between reports: the
    handwritten stamp drawn last (``SignaturePad`` strokes), offered again for the next report
    so that forty approvals need one drawing. The signing key opened for the session stays in
    ``ReportService`` (``unlock``; ``lock`` on logout and quit), never here."""

    def __init__(self) -> None:
        self.strokes: list[Any] = []

    def clear(self) -> None:
        self.strokes = []


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
    # The supervisor's review: the queue, comments, what a re-submitted revision changed
    # (ui/review_queue.py, ui/review_view.py); without it there is no review page.
    review: ReviewService | None = None
    # A session of countersigning: the stamp drawn last (ui/sign_dialog.py).
    signing: SigningSession = field(default_factory=SigningSession)

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
