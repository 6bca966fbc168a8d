"""Who the program acts as: an "acting as" combo in the status bar, and every service call
names that person. After a login (ui/sync_login.py) it shows the logged-in account and is
locked to it; in standalone mode it chooses any staff member, remembered in the settings."""

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QComboBox, QWidget

from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.ids import UserId
from postloan_desktop.services.inspection_dto import StaffMember
from postloan_desktop.ui import labels
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.widgets import find_data

SETTINGS_KEY = "current_user"


def staff_label(member: StaffMember) -> str:
    """ "name（rank）· branch", the way the combos show a person."""
    return labels.fmt(
        QCoreApplication.translate("CurrentUser", "%1 (%2) · %3"),
        member.name,
        labels.label(member.rank),
        member.branch_name,
    )


def default_user(staff: Sequence[StaffMember]) -> UserId | None:
    """The first staff member who may inspect, else the first at all."""
    for member in staff:
        if Role.INSPECTOR in member.roles:
            return member.id
    return staff[0].id if staff else None


def saved_user(staff: Sequence[StaffMember]) -> UserId | None:
    """The user remembered in the settings if they are still on the staff, else the default."""
    text = QSettings().value(SETTINGS_KEY)
    try:
        remembered = uuid.UUID(str(text)) if text else None
    except ValueError:
        remembered = None
    known = {m.id for m in staff}
    if remembered is not None and remembered in known:
        return UserId(remembered)
    return default_user(staff)


class CurrentUserCombo(QComboBox):
    """The "acting as" chooser: sets ``context.user_id`` and remembers the choice."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._remember = True
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reload()
        self.currentIndexChanged.connect(self._on_self_current_index_changed)
        context.events.login_changed.connect(self._on_events_login_changed)

    @property
    def locked(self) -> bool:
        """Locked to the logged-in account: nobody else may be chosen."""
        return self._context.login is not None

    def reload(self) -> None:
        staff = self._context.inspections.staff()
        login = self._context.login
        self.blockSignals(True)
        self.clear()
        if login is not None:
            member = next((m for m in staff if m.id == login.user_id), None)
            # Before the first sync the account is not among the staff here yet.
            text = staff_label(member) if member else (login.display_name or login.username)
            self.addItem(text, UserId(login.user_id))
            self.setCurrentIndex(0)
            self.blockSignals(False)
            self.setEnabled(False)
            self.setToolTip(
                labels.fmt(
                    self.tr("You are logged in as %1: the program acts in your name"),
                    login.username,
                )
            )
            self._context.set_user(UserId(login.user_id))
            return
        self.setEnabled(True)
        self.setToolTip(
            self.tr(
                "The program acts as this person: inspections are started and submitted "
                "in their name"
            )
        )
        for member in staff:
            self.addItem(staff_label(member), member.id)
        chosen = self._context.user_id or saved_user(staff)
        index = find_data(self, chosen)
        self.setCurrentIndex(index)
        self.blockSignals(False)
        self._context.set_user(chosen if index >= 0 else None)

    def select_user(self, user_id: UserId, *, remember: bool = True) -> None:
        """Act as this user; ``remember`` keeps the choice for the next start. Locked to a
        login, only the logged-in account can be chosen."""
        index = find_data(self, user_id)
        if index < 0:
            return
        self._remember = remember
        try:
            self.setCurrentIndex(index)
        finally:
            self._remember = True

    def _on_events_login_changed(self, _login: object) -> None:
        self.reload()

    def _on_self_current_index_changed(self, index: int) -> None:
        user_id = self.itemData(index)
        if isinstance(user_id, uuid.UUID):
            if self._remember:
                QSettings().setValue(SETTINGS_KEY, str(user_id))
            self._context.set_user(UserId(user_id))
