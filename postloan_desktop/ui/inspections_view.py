"""My inspections: the current user's inspections (as officer A or B), grouped by status."""

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.enums import InspectionStatus
from postloan_desktop.domain.ids import InspectionId
from postloan_desktop.services.inspection_dto import InspectionRow
from postloan_desktop.ui import labels
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.widgets import LazyPage, list_tree, title_label

ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
# Work first: drafts to finish and returned ones to revise, then those waiting and done.
STATUS_ORDER = (
    InspectionStatus.DRAFT,
    InspectionStatus.RETURNED,
    InspectionStatus.SIGNING,  # signed by A, waiting for B
    InspectionStatus.SUBMITTED,
    InspectionStatus.APPROVED,
)
STATUS_COLORS = {
    InspectionStatus.DRAFT: QColor("#d35400"),
    InspectionStatus.RETURNED: QColor(labels.OVERDUE_COLOR),
    InspectionStatus.SIGNING: QColor("#1f4e8c"),
    InspectionStatus.SUBMITTED: QColor("#2c3e50"),
    InspectionStatus.APPROVED: QColor("#1e8449"),
}
COMMENT_COLUMN = 6


class MyInspectionsView(LazyPage):
    inspection_activated = Signal(uuid.UUID)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.rows: list[InspectionRow] = []
        self.title = title_label(self, scale=1.3)
        self.title.setText(self.tr("My inspections"))
        self.summary = QLabel(self)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All statuses"), None)
        for status in STATUS_ORDER:
            self.status.addItem(labels.label(status), status)
        self.status.currentIndexChanged.connect(lambda _index: self.refresh())

        self.tree = list_tree(
            self,
            (
                self.tr("Contract no."),
                self.tr("Borrower"),
                self.tr("Kind"),
                self.tr("Status"),
                self.tr("Revision"),
                self.tr("Inspected on"),
                self.tr("Review comment"),
            ),
            (210, 220, 110, 90, 60, 110),
        )
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)

        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.setToolTip(self.tr("Open the selected inspection (Enter or double-click)"))
        self.open_button.clicked.connect(lambda _checked=False: self.open_current())
        self.reopen_button = QPushButton(self.tr("Reopen as a new revision"), self)
        self.reopen_button.setToolTip(
            self.tr("A returned inspection starts again as a new draft revision with its answers")
        )
        self.reopen_button.clicked.connect(lambda _checked=False: self.reopen_current())

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.open_button)
        top.addWidget(self.reopen_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self._on_tree_current_item_changed(None)

    def refresh(self) -> None:
        self._stale = False
        user_id = self._context.user_id
        self.rows = (
            self._context.inspections.my_inspections(officer_id=user_id)
            if user_id is not None
            else []
        )
        wanted = self.status.currentData()
        self.tree.clear()
        counts = {status: 0 for status in STATUS_ORDER}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        for status in STATUS_ORDER:
            if wanted is not None and status != wanted:
                continue
            rows = [r for r in self.rows if r.status is status]
            group = QTreeWidgetItem(self.tree, [f"{labels.label(status)}  ({len(rows)})"])
            group.setFirstColumnSpanned(True)
            group.setData(0, STATUS_ROLE, status)
            font = QFont(group.font(0))
            font.setBold(True)
            group.setFont(0, font)
            group.setForeground(0, QBrush(STATUS_COLORS[status]))
            for row in rows:
                item = QTreeWidgetItem(
                    group,
                    [
                        row.contract_no,
                        row.borrower_name,
                        labels.label(row.kind),
                        labels.label(row.status),
                        str(row.revision),
                        labels.date(row.inspected_on),
                        row.review_comment,
                    ],
                )
                item.setData(0, ID_ROLE, row.id)
                item.setData(0, STATUS_ROLE, row.status)
                if row.review_comment:
                    item.setToolTip(COMMENT_COLUMN, row.review_comment)
                    if row.status is InspectionStatus.RETURNED:
                        item.setForeground(COMMENT_COLUMN, QBrush(STATUS_COLORS[status]))
            group.setExpanded(True)
        self.summary.setText(
            labels.fmt(
                self.tr("%1 drafts · %2 returned · %3 submitted · %4 approved"),
                counts[InspectionStatus.DRAFT],
                counts[InspectionStatus.RETURNED],
                counts[InspectionStatus.SUBMITTED],
                counts[InspectionStatus.APPROVED],
            )
            if user_id is not None
            else self.tr("Choose who you are in the status bar to see your inspections.")
        )
        self._on_tree_current_item_changed(self.tree.currentItem())

    def item_for(self, inspection_id: InspectionId) -> QTreeWidgetItem | None:
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is None:
                continue
            for c in range(group.childCount()):
                child = group.child(c)
                if child is not None and child.data(0, ID_ROLE) == inspection_id:
                    return child
        return None

    def current_id(self) -> InspectionId | None:
        item = self.tree.currentItem()
        value = item.data(0, ID_ROLE) if item is not None else None
        return InspectionId(value) if isinstance(value, uuid.UUID) else None

    def open_current(self) -> None:
        inspection_id = self.current_id()
        if inspection_id is not None:
            self.inspection_activated.emit(inspection_id)

    def reopen_current(self) -> None:
        item = self.tree.currentItem()
        inspection_id = self.current_id()
        user_id = self._context.user_id
        if item is None or inspection_id is None or user_id is None:
            return
        if item.data(0, STATUS_ROLE) != InspectionStatus.RETURNED:
            return
        try:
            new_id = self._context.inspections.reopen(inspection_id=inspection_id, actor_id=user_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._context.events.data_changed.emit({"inspections"})
        self.inspection_activated.emit(new_id)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        value = item.data(0, ID_ROLE)
        if isinstance(value, uuid.UUID):
            self.inspection_activated.emit(InspectionId(value))

    def _on_tree_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None
    ) -> None:
        chosen = current is not None and isinstance(current.data(0, ID_ROLE), uuid.UUID)
        self.open_button.setEnabled(chosen)
        self.reopen_button.setEnabled(
            chosen
            and current is not None
            and current.data(0, STATUS_ROLE) == InspectionStatus.RETURNED
        )
