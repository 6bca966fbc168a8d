"""Small widgets shared by several views."""

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHeaderView, QLabel, QTreeWidget, QWidget

from postloan_desktop.domain.ids import UserId
from postloan_desktop.services.dto import BranchInfo


def branch_combo(branches: Sequence[BranchInfo], all_text: str, parent: QWidget) -> QComboBox:
    """A branch chooser whose first entry (data None) means every branch."""
    combo = QComboBox(parent)
    combo.addItem(all_text, None)
    for branch in branches:
        combo.addItem(branch.name, branch.id)
    return combo


class LazyPage(QWidget):
    """A page that reads its data when it is shown: marked stale while hidden, it refreshes
    when next shown, so start-up does not wait for a page nobody is looking at. Subclasses
    fill it in ``refresh``, which starts with ``self._stale = False``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = True

    @property
    def stale(self) -> bool:
        """The rows shown may be out of date (data changed while the page was hidden)."""
        return self._stale

    def mark_stale(self) -> None:
        """Read the data now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


class MineCheckBox(QCheckBox):
    """只看我负责的 (Alt+M): narrow a view to the loans the person at the keyboard is officer
    A or B of. Its state is remembered under ``settings_key``."""

    def __init__(
        self, settings_key: str, current_user: Callable[[], UserId | None], parent: QWidget
    ) -> None:
        super().__init__(QCoreApplication.translate("Widgets", "&My loans only"), parent)
        self.setToolTip(
            QCoreApplication.translate(
                "Widgets", "Only the loans the current user is officer A or B of (Alt+M)"
            )
        )
        self._settings_key = settings_key
        self._current_user = current_user
        self.setChecked(bool(QSettings().value(settings_key, False, type=bool)))
        self.toggled.connect(lambda checked: QSettings().setValue(settings_key, checked))

    def officer(self) -> UserId | None:
        """The officer to narrow to: the current user while checked, else None (everyone)."""
        return self._current_user() if self.isChecked() else None


def title_label(parent: QWidget, *, scale: float = 1.3) -> QLabel:
    """A bold heading, ``scale`` times the normal font size."""
    label = QLabel(parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def find_data(combo: QComboBox, value: object) -> int:
    """The index of the entry whose data equals ``value``, or -1.

    QComboBox.findData compares Python objects (UUIDs) by identity; this compares values."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            return index
    return -1


def list_tree(parent: QWidget, headers: Sequence[str], widths: Sequence[int]) -> QTreeWidget:
    """A grouped list: one row per record under bold group rows, columns sized by hand."""
    tree = QTreeWidget(parent)
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(list(headers))
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)
    return tree


class ElidedLabel(QLabel):
    """A one-line label that gives up space when the window is short of it, shortening its
    text in the middle (…); the whole text is in its tooltip. ``text()`` is the whole text."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(
            min(hint.width(), self.fontMetrics().horizontalAdvance("x" * 12)), hint.height()
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideMiddle, rect.width()
        )
        painter = QPainter(self)
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()
