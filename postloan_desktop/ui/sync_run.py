"""Running a sync: by hand (menu 同步, Ctrl+Shift+S, the status bar's button) with a progress
window, or quietly by a timer (``sync_schedule``) with only the status bar saying so.

``SyncRunner`` owns the one sync that may run at a time. ``SyncService.sync`` runs in a
worker thread on its own database sessions; the editor's pending input is saved first
(``before_sync``), so nothing typed is lost. A sync asked for by hand shows its phases,
counts and bytes and can be cancelled (the next sync goes on from where it stopped); its
failures come as a message box with what happened and what to do. A login that expired
opens the login dialog, then the sync runs again. A quiet sync shows no window at all:
"正在同步…" and the outcome in the status bar, and it backs off while head office is out of
reach (30 s, 1 min, 2 min … 15 min).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.services.demo_keys import DEMO_STATE_KEY
from postloan_desktop.sync.errors import SyncProblem
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Pool, Task, TaskControl, run_in_background
from postloan_desktop.ui.errors import show_error, show_problem
from postloan_desktop.ui.sync_login import LoginDialog
from postloan_desktop.ui.sync_schedule import TICK, AutoSyncSchedule
from postloan_desktop.ui.sync_texts import phase_text, problem_text, size_text
from postloan_desktop.ui.widgets import title_label

if TYPE_CHECKING:
    from postloan_desktop.services.sync import LoggedIn, SyncService
    from postloan_desktop.sync.engine import SyncReport
    from postloan_desktop.ui.context import AppContext

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

# What a sync may have changed: every view refreshes after one.
SYNCED = frozenset({"sync", "loans", "inspections", "photos", "collateral", "users"})


def amount_text(phase: str, done: int, total: int) -> str:
    """12.3 MB / 36.4 MB for transfers, 12 / 50 for records and files."""
    if phase.startswith("upload"):
        return f"{size_text(done)} / {size_text(total)}"
    if total:
        return f"{done} / {total}"
    return str(done) if done else ""


def delay_text(seconds: float) -> str:
    """30 秒, 2 分钟."""
    if seconds < 60:
        return labels.fmt(translate("SyncRun", "%1 s"), round(seconds))
    return labels.fmt(translate("SyncRun", "%1 min"), round(seconds / 60))


def report_text(report: SyncReport) -> str:
    """已同步：发送 12 项，接收 30 项 (，冲突 1 项)."""
    text = labels.fmt(
        translate("SyncRun", "Synced: %1 sent, %2 received"), report.pushed, report.pulled
    )
    problems = report.conflicts + report.rejected
    if problems:
        text += labels.fmt(translate("SyncRun", ", %1 new conflict(s) to decide"), problems)
    return text


class SyncProgressDialog(QDialog):
    """The phases of a sync by hand, a bar, the amount, Cancel; "In the background" hides it
    while the sync goes on (the status bar keeps saying what it does)."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sync with head office"))
        self.heading = title_label(self, scale=1.1)
        self.heading.setText(self.tr("Syncing with head office…"))
        self.phase = QLabel(phase_text(""), self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.amount = QLabel(self)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.hint = QLabel(
            self.tr("You can keep working meanwhile: what you change now goes at the next sync."),
            self,
        )
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.background_button = QPushButton(self.tr("In the background"), self)
        self.buttons.addButton(self.background_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setToolTip(
            self.tr("Stop the sync: what was sent stays sent, the next sync goes on from there")
        )
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.background_button.clicked.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.phase)
        layout.addWidget(self.bar)
        layout.addWidget(self.amount)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def show_progress(self, phase: str, done: int, total: int) -> None:
        self.phase.setText(phase_text(phase))
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        self.amount.setText(amount_text(phase, done, total))

    def _on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.phase.setText(self.tr("Stopping…"))
        self.cancel_requested.emit()

    def reject(self) -> None:
        self.hide()  # Esc or the close box: the sync goes on in the background


class SyncRunner(QObject):
    """The sync of the main window: one at a time, by hand or by the timer."""

    activity = Signal(str)  # what the running sync does ('' when it is over)
    noted = Signal(str, bool, str)  # an outcome: text, whether a problem, details
    synced = Signal(object)  # the SyncReport of a sync that went through
    status_changed = Signal()  # the figures may have changed: ask the service again

    def __init__(
        self,
        context: AppContext,
        window: QWidget,
        *,
        before_sync: Callable[[], None] = lambda: None,
        pool: Pool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._context = context
        self._window = window
        self._before_sync = before_sync
        self.pool = pool
        self._clock = clock
        self.schedule = AutoSyncSchedule()
        self.task: Task | None = None
        self.quiet = True
        self.dialog: SyncProgressDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self.last_problem = ""  # the last failure's sentence (what the message box said)
        self._last_progress: tuple[str, int, int] | None = None
        self._retried = False
        self.timer = QTimer(self)
        self.timer.setInterval(int(TICK * 1000))
        self.timer.timeout.connect(self._on_timer_timeout)

    # --- state ------------------------------------------------------------------------------------

    @property
    def sync(self) -> SyncService | None:
        return self._context.sync

    @property
    def running(self) -> bool:
        return self.task is not None

    def enrolled(self) -> bool:
        return self.sync is not None and self.sync.enrolled()

    def online(self) -> bool:
        """Logged in online, or offline by the person whose online login is still valid."""
        login = self._context.login
        if login is None:
            return False
        return login.online or (self.sync is not None and self.sync.online_login_of(login.username))

    def is_demo(self) -> bool:
        try:
            return self._context.portfolio.state(DEMO_STATE_KEY) == "1"
        except Exception:
            return False

    def start(self) -> None:
        """Begin automatic syncing (when logged in online); the first sync of a newly
        enrolled laptop shows its progress."""
        if self.sync is None:
            return
        self.timer.start()
        if not (self.enrolled() and self.online()):
            return
        try:
            never = self.sync.status().last_sync_at is None
        except Exception:
            log.exception("cannot read the sync status")
            return
        if never:
            QTimer.singleShot(0, lambda: self.sync_now(quiet=False))
        else:
            QTimer.singleShot(0, self.tick)

    def stop(self) -> None:
        """Stop the timer and ask a running sync to stop (it resumes next time)."""
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()

    # --- automatic --------------------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        self.tick()

    def tick(self) -> Task | None:
        """The timer's look: the figures, then a quiet sync if one is due."""
        self.status_changed.emit()  # answers autosave without an event: refresh the figures
        sync = self.sync
        if sync is None or self.running or not self.online():
            return None
        try:
            status = sync.status()
        except Exception:
            log.exception("cannot read the sync status")
            return None
        if not status.enrolled:
            return None
        age = None
        if status.last_sync_at is not None:
            age = (dt.datetime.now(dt.UTC) - status.last_sync_at).total_seconds()
        pending = status.pending_changes + (1 if status.pending_bytes else 0)
        if self.schedule.due(self._clock(), pending=pending, last_sync_age=age):
            return self.sync_now(quiet=True)
        return None

    # --- by hand ----------------------------------------------------------------------------------

    def sync_now(self, *, quiet: bool = False, after_login: bool = False) -> Task | None:
        """Start a sync (or, by hand, show the one running). Returns its task, or None when
        none could start (standalone, or a login is asked for first). ``after_login``: the
        retry after a login the last sync asked for (which asks for no second one)."""
        sync = self.sync
        if self.task is not None:
            if not quiet:
                self.quiet = False
                self._show_dialog()
            return self.task
        if sync is None:
            return None
        if not sync.enrolled():
            if not quiet:
                self.request_login(
                    reason=translate(
                        "SyncRun",
                        "This laptop works standalone. To sync, enrol it with head office: "
                        "enter the server address and log in.",
                    )
                )
            return None
        if not self.online():
            if not quiet:
                login = self._context.login
                self.request_login(
                    reason=translate(
                        "SyncRun",
                        "You logged in offline. To sync, log in to head office online first.",
                    ),
                    username=login.username if login is not None else "",
                )
            return None
        self.quiet = quiet
        self._retried = after_login
        if not quiet:
            self.schedule.resume()
        try:
            self._before_sync()  # the editor's input waiting for its pause goes in now
        except Exception as exc:  # it was shown where it happened; the sync waits
            log.warning("not syncing: pending input could not be saved (%s)", exc)
            return None
        self._last_progress = None
        self.schedule.started(self._clock())

        def work(control: TaskControl) -> object:
            return sync.sync(
                progress=lambda phase, done, total: control.report((phase, done, total)),
                cancelled=control.cancelled,
            )

        log.info("sync started (%s)", "quiet" if quiet else "by hand")
        self.task = run_in_background(
            work,
            on_progress=self._on_task_progressed,
            on_done=self._on_task_succeeded,
            on_error=self._on_task_failed,
            name="sync",
            pool=self.pool if self.pool is not None else QThreadPool.globalInstance(),
        )
        self.activity.emit(translate("SyncRun", "Syncing…"))
        if not quiet:
            self._show_dialog()
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _show_dialog(self) -> None:
        if self.dialog is None:
            self.dialog = SyncProgressDialog(self._window)
            self.dialog.cancel_requested.connect(self.cancel)
        if self._last_progress is not None:
            phase, done, total = self._last_progress
            self.dialog.show_progress(phase, done, total)
        self.dialog.cancel_button.setEnabled(True)
        self.dialog.show()
        self.dialog.activateWindow()

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    # --- outcomes ---------------------------------------------------------------------------------

    def _on_task_progressed(self, value: Any) -> None:
        phase, done, total = value
        self._last_progress = (phase, done, total)
        text = phase_text(phase)
        if total:
            text += f" {amount_text(phase, done, total)}"
        self.activity.emit(labels.fmt(translate("SyncRun", "Syncing… %1"), text))
        if self.dialog is not None:
            self.dialog.show_progress(phase, done, total)

    def _end(self) -> None:
        self.task = None
        self._close_dialog()
        self.activity.emit("")

    def _on_task_succeeded(self, result: object) -> None:
        report: SyncReport = result  # type: ignore[assignment]
        self._end()
        self.schedule.succeeded(self._clock())
        self.last_problem = ""
        log.info(
            "sync done: %s pushed, %s pulled, %s conflicts, %s rejected",
            report.pushed,
            report.pulled,
            report.conflicts,
            report.rejected,
        )
        self.noted.emit(report_text(report), bool(report.conflicts + report.rejected), "")
        self.synced.emit(report)
        self._context.events.data_changed.emit(set(SYNCED))
        self.status_changed.emit()

    def _on_task_failed(self, exc: BaseException) -> None:
        quiet = self.quiet
        self._end()
        self.status_changed.emit()
        if not isinstance(exc, SyncProblem):
            self.last_problem = str(exc)
            self.noted.emit(translate("SyncRun", "The sync failed"), True, str(exc))
            if not quiet:
                show_error(self._window, exc)
            return
        code = exc.code
        sentence = problem_text(exc, during="sync")
        self.last_problem = sentence
        delay = self.schedule.failed(self._clock(), code)
        log.info("sync stopped: %s (%s)", code, exc.detail)
        if code == "cancelled":
            self.noted.emit(translate("SyncRun", "Sync cancelled"), False, sentence)
            return
        if code == "login_required":
            self.noted.emit(
                translate("SyncRun", "Login expired: press Sync to log in again"), True, sentence
            )
            if not quiet and not self._retried:
                login = self._context.login
                self.request_login(
                    reason=sentence, username=login.username if login is not None else ""
                )
            return
        if delay:
            note = labels.fmt(translate("SyncRun", "Not synced: retrying in %1"), delay_text(delay))
        else:
            note = translate("SyncRun", "Not synced")
        self.noted.emit(note, True, sentence)
        if not quiet:
            show_problem(
                self._window, translate("SyncRun", "The sync did not complete."), sentence, str(exc)
            )

    # --- login ------------------------------------------------------------------------------------

    def request_login(self, *, reason: str = "", username: str = "") -> LoginDialog | None:
        """The login dialog, opened without blocking; a sync follows a login online."""
        sync = self.sync
        if sync is None:
            return None
        if self.login_dialog is not None:
            self.login_dialog.activateWindow()
            return self.login_dialog
        enrolled = sync.enrolled()
        dialog = LoginDialog(
            sync,
            self._window,
            allow_standalone=False,
            username=username,
            fixed_username=bool(username) and enrolled,
            require_online=True,
            reason=reason,
            demo_data=self.is_demo(),
            pool=self.pool,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged_in.connect(self._on_login_dialog_logged_in)
        dialog.finished.connect(self._on_login_dialog_finished)
        self.login_dialog = dialog
        dialog.open()
        return dialog

    def _on_login_dialog_finished(self, _result: int) -> None:
        self.login_dialog = None

    def _on_login_dialog_logged_in(self, login: LoggedIn) -> None:
        self._context.set_login(login)
        self.schedule.resume()
        self.status_changed.emit()
        self.noted.emit(
            labels.fmt(translate("SyncRun", "Logged in as %1"), login.username), False, ""
        )
        QTimer.singleShot(0, lambda: self.sync_now(quiet=False, after_login=True))
