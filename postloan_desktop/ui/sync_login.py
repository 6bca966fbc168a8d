"""Logging in to head office: the server address, username and password.

The first login enrols the laptop with the head office at that address (it is bound to it
from then on: the address is shown read-only afterwards). Later logins check the password at
head office, or, when head office cannot be reached, against the verifier the last online
login left on this laptop ("offline login"). Before enrolment a laptop may also work
standalone, with no head office at all (demos, training).

The login runs in a worker thread (the network and Argon2 take a moment): a busy bar shows
and the fields are disabled meanwhile. Failures come back as a sentence under the fields
(``sync_texts.problem_text``) and the dialog stays open. The password is never logged and is
cleared once used.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.sync.errors import SyncProblem
from postloan_desktop.ui.background import Pool, Task, run_in_background
from postloan_desktop.ui.key_import import BAD, colour
from postloan_desktop.ui.sync_texts import problem_text
from postloan_desktop.ui.widgets import title_label

if TYPE_CHECKING:
    from postloan_desktop.services.sync import LoggedIn, SyncService

log = logging.getLogger(__name__)

USERNAME_KEY = "sync/username"  # the last username that logged in, offered next time
SCHEMES = ("http://", "https://")


def normalized_url(text: str) -> str:
    """The address as typed, without spaces and a trailing slash."""
    return text.strip().rstrip("/")


class LoginDialog(QDialog):
    """Log in (``logged_in``), or choose to work standalone (``standalone_chosen``)."""

    logged_in = Signal(object)  # LoggedIn
    standalone_chosen = Signal()

    def __init__(
        self,
        sync: SyncService,
        parent: QWidget | None = None,
        *,
        allow_standalone: bool = True,
        username: str = "",
        fixed_username: bool = False,
        require_online: bool = False,
        reason: str = "",
        demo_data: bool = False,
        quit_text: str = "",
        pool: Pool | None = None,
    ) -> None:
        super().__init__(parent)
        self._sync = sync
        self._pool = pool
        self.require_online = require_online
        self.task: Task | None = None
        self.login: LoggedIn | None = None
        self.standalone = False
        self.enrolled = sync.enrolled()
        self.demo_data = demo_data and not self.enrolled
        self.setWindowTitle(self.tr("Log in — post-loan inspection"))

        self.heading = title_label(self, scale=1.2)
        self.heading.setText(
            self.tr("Log in to head office")
            if self.enrolled
            else self.tr("Connect this laptop to head office")
        )
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        if reason:
            intro = reason
        elif self.enrolled:
            intro = self.tr(
                "Log in with your head-office account. Without a network connection, the "
                "password of your last online login on this laptop lets you in offline."
            )
        else:
            intro = self.tr(
                "This laptop is not yet enrolled. Enter head office's server address and log "
                "in once with your account, while online: the laptop is then enrolled and "
                "receives your branch's loans. Afterwards you can also log in offline."
            )
        self.intro.setText(intro)

        self.server = QLineEdit(self)
        self.server.setPlaceholderText("https://headoffice.example.cn")
        self.server.setClearButtonEnabled(not self.enrolled)
        if self.enrolled:
            self.server.setText(sync.server_url())
            self.server.setReadOnly(True)
            self.server.setToolTip(
                self.tr(
                    "This laptop is enrolled with this head office and syncs with it only: "
                    "the address cannot be changed here (IT can move a laptop)"
                )
            )
            self.server.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        else:
            self.server.setText(str(QSettings().value("sync/server_url", "") or ""))
            self.server.setToolTip(
                self.tr("The address head office's IT gave you, e.g. https://headoffice.example.cn")
            )
        self.username = QLineEdit(self)
        self.username.setText(username or str(QSettings().value(USERNAME_KEY, "") or ""))
        self.username.setReadOnly(fixed_username)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.start_login)
        self.username.returnPressed.connect(self.password.setFocus)
        self.server.returnPressed.connect(self.username.setFocus)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.server_label = QLabel(self.tr("Head office server:"), self)
        self.server_label.setBuddy(self.server)
        form.addRow(self.server_label, self.server)
        self.server_note = QLabel(self)
        self.server_note.setWordWrap(True)
        if self.enrolled:
            self.server_note.setText(self.tr("This laptop is enrolled with this head office."))
            form.addRow("", self.server_note)
        username_label = QLabel(self.tr("Username:"), self)
        username_label.setBuddy(self.username)
        password_label = QLabel(self.tr("Password:"), self)
        password_label.setBuddy(self.password)
        form.addRow(username_label, self.username)
        form.addRow(password_label, self.password)

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        colour(self.problem, BAD)
        self.problem.hide()
        self.demo_note = QLabel(
            self.tr(
                "This data folder holds the demo portfolio: its made-up data must not go to "
                "head office. Work standalone here, and log in from a new data folder."
            ),
            self,
        )
        self.demo_note.setWordWrap(True)
        self.demo_note.setVisible(self.demo_data)
        self.status = QLabel(self.tr("Logging in…"), self)
        self.status.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()

        self.buttons = QDialogButtonBox(self)
        self.login_button = self.buttons.addButton(
            self.tr("Log in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.login_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        if quit_text:
            self.cancel_button.setText(quit_text)
        self.standalone_button = QPushButton(self.tr("Work standalone"), self)
        self.standalone_button.setAutoDefault(False)
        self.standalone_button.setToolTip(
            self.tr(
                "Work on this laptop's data only, without head office (demos, training). "
                "Nothing is sent anywhere."
            )
        )
        self.standalone_button.setVisible(allow_standalone and not self.enrolled)
        self.login_button.clicked.connect(lambda _checked=False: self.start_login())
        self.cancel_button.clicked.connect(self.reject)
        self.standalone_button.clicked.connect(lambda _checked=False: self.choose_standalone())
        for field in (self.server, self.username, self.password):
            field.textChanged.connect(self._update_buttons)

        bottom = QHBoxLayout()
        bottom.addWidget(self.standalone_button)
        bottom.addWidget(self.buttons, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self.setMinimumWidth(520)
        self._update_buttons()
        if not self.enrolled and not self.server.text():
            self.server.setFocus()
        elif not self.username.text():
            self.username.setFocus()
        else:
            self.password.setFocus()

    # --- state ------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.task is not None

    def _update_buttons(self, *_args: object) -> None:
        busy = self.busy
        ready = bool(self.username.text().strip() and self.password.text())
        if not self.enrolled:
            ready = ready and bool(normalized_url(self.server.text()))
        self.login_button.setEnabled(not busy and ready and not self.demo_data)
        self.cancel_button.setEnabled(not busy)
        self.standalone_button.setEnabled(not busy)
        self.server.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    # --- logging in -------------------------------------------------------------------------------

    def start_login(self) -> Task | None:
        """Log in in the background with what the fields hold."""
        if self.busy or not self.login_button.isEnabled():
            return None
        username = self.username.text().strip()
        password = self.password.text()
        server_url: str | None = None
        if not self.enrolled:
            server_url = normalized_url(self.server.text())
            if not server_url.lower().startswith(SCHEMES):
                self.show_problem(
                    self.tr(
                        "The server address starts with http:// or https://, e.g. "
                        "https://headoffice.example.cn"
                    )
                )
                self.server.setFocus()
                return None
        sync = self._sync
        log.info("logging in as %s%s", username, f" at {server_url}" if server_url else "")

        def work(_control: Any) -> object:
            # Enrolled: no address, so that an unreachable head office falls back to the
            # offline check. Not enrolled: the address typed, and only online.
            return sync.login(username, password, server_url=server_url)

        self.show_problem("")
        self.status.show()
        self.progress.show()
        self.task = run_in_background(
            work,
            on_done=self._on_task_succeeded,
            on_error=self._on_task_failed,
            name="login",
            pool=self._pool,
        )
        self._update_buttons()
        return self.task

    def _end_task(self) -> None:
        self.task = None
        self.status.hide()
        self.progress.hide()
        self._update_buttons()

    def _on_task_succeeded(self, result: object) -> None:
        self._end_task()
        login: LoggedIn = result  # type: ignore[assignment]
        if self.require_online and not login.online:
            log.info("login as %s offline only: head office still out of reach", login.username)
            self.show_problem(problem_text(SyncProblem("unreachable", ""), during="sync"))
            return
        log.info("logged in as %s (%s)", login.username, "online" if login.online else "offline")
        self.password.clear()
        settings = QSettings()
        settings.setValue(USERNAME_KEY, login.username)
        if not self.enrolled:
            settings.setValue("sync/server_url", normalized_url(self.server.text()))
        self.login = login
        self.logged_in.emit(login)
        self.accept()

    def _on_task_failed(self, exc: BaseException) -> None:
        self._end_task()
        code = exc.code if isinstance(exc, SyncProblem) else type(exc).__name__
        log.info("login refused or failed: %s (%s)", code, exc)
        self.show_problem(problem_text(exc, during="login", enrolled=self.enrolled))
        if isinstance(exc, SyncProblem) and exc.code == "login_refused":
            self.password.selectAll()
            self.password.setFocus()
        elif not self.enrolled and isinstance(exc, SyncProblem):
            self.server.setFocus()  # the address is the first thing to check

    def choose_standalone(self) -> None:
        if self.busy:
            return
        log.info("working standalone, without head office")
        self.password.clear()
        self.standalone = True
        self.standalone_chosen.emit()
        self.accept()

    def reject(self) -> None:
        if self.busy:
            return  # the login finishes in a moment (or times out); it cannot be half done
        self.password.clear()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.busy and event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)
