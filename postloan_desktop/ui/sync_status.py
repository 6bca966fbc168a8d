"""The sync figures in the main window's status bar:

    离线登录 ⚠ 上次同步 14:05 · 待上传 12 项 / 36.4 MB · [冲突 1] [同步]

what ``SyncService.status()`` holds ("从未同步" before the first sync; "单机模式" when the
laptop has no head office), a warning sign when the count-and-hash comparison after a sync
found a difference (its tooltip lists them: nothing was overwritten), the open conflicts as
a link to the conflicts dialog, and the 同步 button. While a sync runs, what it is doing
replaces the figures; afterwards its outcome shows for a while beside them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from postloan_desktop.ui import labels
from postloan_desktop.ui.key_import import BAD, colour
from postloan_desktop.ui.sync_texts import entity_name, size_text, time_text

if TYPE_CHECKING:
    from postloan_desktop.services.sync import LoggedIn, SyncStatus

OFFLINE_COLOR = QColor("#b35c00")
NOTE_MS = 15_000  # how long a sync's outcome stays beside the figures


def figures_text(status: SyncStatus, today: dt.date | None = None) -> str:
    """上次同步 14:05 · 待上传 12 项 / 36.4 MB (· 待下载 3 项)."""
    if not status.enrolled:
        return QCoreApplication.translate("SyncStatus", "Standalone")
    parts = [
        labels.fmt(
            QCoreApplication.translate("SyncStatus", "Last sync %1"),
            time_text(status.last_sync_at, today),
        )
        if status.last_sync_at is not None
        else QCoreApplication.translate("SyncStatus", "Never synced")
    ]
    if status.pending_changes or status.pending_bytes:
        pending = labels.fmt(
            QCoreApplication.translate("SyncStatus", "%1 item(s) to send"),
            status.pending_changes,
        )
        if status.pending_bytes:
            pending += " / " + size_text(status.pending_bytes)
        parts.append(pending)
    else:
        parts.append(QCoreApplication.translate("SyncStatus", "all sent"))
    if status.missing_files:
        parts.append(
            labels.fmt(
                QCoreApplication.translate("SyncStatus", "%1 file(s) to receive"),
                status.missing_files,
            )
        )
    return " · ".join(parts)


def differences_text(status: SyncStatus) -> str:
    """The tooltip of the warning sign: what differs, and that nothing was overwritten."""
    lines = [
        QCoreApplication.translate(
            "SyncStatus",
            "After the last sync, this laptop and head office do not hold the same records. "
            "Nothing was overwritten on either side. Tell head office's IT desk:",
        )
    ]
    for difference in status.differences:
        name = entity_name(str(difference.get("entity", "?")))
        here, there = difference.get("local_count", "?"), difference.get("server_count", "?")
        if here == there:
            line = labels.fmt(
                QCoreApplication.translate(
                    "SyncStatus", "%1: %2 on both sides, but not the same versions"
                ),
                name,
                here,
            )
        else:
            line = labels.fmt(
                QCoreApplication.translate("SyncStatus", "%1: %2 here, %3 at head office"),
                name,
                here,
                there,
            )
        lines.append(line)
    return "\n".join(lines)


class SyncStatusBar(QWidget):
    """The sync part of the status bar. It only shows: ``show_status`` with what the service
    says, ``show_activity`` while a sync runs, ``show_note`` for an outcome."""

    sync_requested = Signal()
    conflicts_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: SyncStatus | None = None
        self.mode = QLabel(self)  # 离线登录
        colour(self.mode, OFFLINE_COLOR)
        font = self.mode.font()
        font.setBold(True)
        self.mode.setFont(font)
        self.mode.hide()
        self.warning = QLabel(self)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.warning.setPixmap(icon.pixmap(16, 16))
        self.warning.hide()
        self.figures = QLabel(self)
        self.activity = QLabel(self)  # 正在同步… while a sync runs
        self.activity.hide()
        self.note = QLabel(self)  # the last outcome, for a while
        self.note.hide()
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.timeout.connect(self.note.hide)
        self.conflicts_button = QToolButton(self)
        self.conflicts_button.setAutoRaise(True)
        self.conflicts_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts_button.setToolTip(
            self.tr("Changes head office could not take as they are: decide each one")
        )
        palette = self.conflicts_button.palette()
        palette.setColor(self.conflicts_button.foregroundRole(), BAD)
        palette.setColor(palette.ColorRole.ButtonText, BAD)
        self.conflicts_button.setPalette(palette)
        self.conflicts_button.hide()
        self.conflicts_button.clicked.connect(lambda _c=False: self.conflicts_requested.emit())
        self.sync_button = QToolButton(self)
        self.sync_button.setText(self.tr("Sync"))
        self.sync_button.setToolTip(self.tr("Sync with head office now (Ctrl+Shift+S)"))
        self.sync_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.sync_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.sync_button.clicked.connect(lambda _c=False: self.sync_requested.emit())

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.mode)
        row.addWidget(self.warning)
        row.addWidget(self.figures)
        row.addWidget(self.activity)
        row.addWidget(self.note)
        row.addWidget(self.conflicts_button)
        row.addWidget(self.sync_button)

    def show_status(self, status: SyncStatus, *, login: LoggedIn | None) -> None:
        self.status = status
        enrolled = status.enrolled
        self.figures.setText(figures_text(status))
        self.figures.setToolTip(
            labels.fmt(self.tr("Head office: %1"), status.server_url)
            if enrolled
            else self.tr("No head office: the data stays on this laptop")
        )
        offline = enrolled and login is not None and not login.online
        self.mode.setText(self.tr("Offline login"))
        self.mode.setToolTip(
            self.tr(
                "Head office could not be reached at login: you were let in by the password "
                "of your last online login. Press Sync to log in online and send your work."
            )
        )
        self.mode.setVisible(offline)
        self.warning.setVisible(enrolled and bool(status.differences))
        self.warning.setToolTip(differences_text(status) if status.differences else "")
        conflicts = status.open_conflicts if enrolled else 0
        self.conflicts_button.setText(
            labels.fmt(self.tr("Conflicts %1"), conflicts) if conflicts else ""
        )
        self.conflicts_button.setVisible(conflicts > 0)
        self.sync_button.setVisible(enrolled)

    def show_activity(self, text: str) -> None:
        """What a running sync is doing; '' when it is over. (The button stays enabled:
        pressed meanwhile, it shows the running sync's progress window.)"""
        self.activity.setText(text)
        self.activity.setVisible(bool(text))
        self.figures.setVisible(not text)
        if text:
            self.note.hide()

    def show_note(self, text: str, *, problem: bool = False, tooltip: str = "") -> None:
        """A sync's outcome, beside the figures for a while."""
        self.note.setText(text)
        self.note.setToolTip(tooltip)
        if problem:
            colour(self.note, BAD)
        else:
            self.note.setPalette(self.palette())
        self.note.setVisible(bool(text))
        if text:
            self._note_timer.start(NOTE_MS)
