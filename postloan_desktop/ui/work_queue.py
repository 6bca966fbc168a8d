"""The work queue: inspections overdue, due today and this week, and the reminders due."""

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.ids import UserId
from postloan_desktop.services.dto import DueGroup, ReminderGroup, WorkQueue
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.ui import labels
from postloan_desktop.ui.widgets import MineCheckBox, branch_combo, list_tree, title_label

GROUP_COLORS = {
    "overdue": QColor(labels.OVERDUE_COLOR),
    "due_today": QColor("#d35400"),
    "due_this_week": QColor("#2c3e50"),
    "repayment_reminders": QColor("#2c3e50"),
    "maturity_notices": QColor("#2c3e50"),
}
LOAN_ID_ROLE = Qt.ItemDataRole.UserRole
MINE_KEY = "work_queue/mine_only"


class WorkQueueView(QWidget):
    loan_activated = Signal(uuid.UUID)

    def __init__(
        self,
        portfolio: PortfolioService,
        parent: QWidget | None = None,
        *,
        current_user: Callable[[], UserId | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._portfolio = portfolio
        self.title = title_label(self, scale=1.3)
        self.summary = QLabel(self)
        self.branch = branch_combo(portfolio.branches(), self.tr("All branches"), self)
        self.branch.currentIndexChanged.connect(lambda _index: self.refresh())
        self.mine = MineCheckBox(MINE_KEY, current_user, self)
        self.mine.toggled.connect(lambda _checked: self.refresh())
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setToolTip(self.tr("Reload the work queue (F5)"))
        self.refresh_button.clicked.connect(lambda _checked: self.refresh())

        self.tree = list_tree(
            self,
            (
                self.tr("Contract no."),
                self.tr("Borrower"),
                self.tr("Task"),
                self.tr("Date"),
                self.tr("Details"),
            ),
            (210, 220, 150, 110),
        )
        self.tree.itemActivated.connect(self._on_tree_item_activated)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.mine)
        top.addWidget(self.branch)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.queue: WorkQueue | None = None

    def refresh(self) -> None:
        queue = self._portfolio.work_queue(
            branch_id=self.branch.currentData(), officer_id=self.mine.officer()
        )
        rules = self._portfolio.rules
        self.queue = queue
        self.title.setText(labels.fmt(self.tr("Work queue — %1"), queue.today.isoformat()))
        self.tree.clear()
        self._add_due_group("overdue", self.tr("Inspections overdue"), queue.overdue)
        self._add_due_group("due_today", self.tr("Inspections due today"), queue.due_today)
        self._add_due_group(
            "due_this_week", self.tr("Inspections due this week"), queue.due_this_week
        )
        self._add_reminder_group(
            "repayment_reminders",
            self.tr(
                "Repayment reminders (instalment within %n day(s))",
                "",
                rules.repayment_reminder_days,
            ),
            queue.repayment_reminders,
        )
        self._add_reminder_group(
            "maturity_notices",
            self.tr(
                "Maturity notices (loan matures within %n month(s))",
                "",
                rules.maturity_notice.months,
            ),
            queue.maturity_notices,
        )
        self.summary.setText(
            labels.fmt(
                self.tr("%1 overdue · %2 due today · %3 due this week · %4 reminders"),
                str(queue.overdue.total),
                str(queue.due_today.total),
                str(queue.due_this_week.total),
                str(queue.repayment_reminders.total + queue.maturity_notices.total),
            )
        )

    def group_item(self, key: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, LOAN_ID_ROLE) == key:
                return item
        return None

    def _group(self, key: str, title: str, shown: int, total: int) -> QTreeWidgetItem:
        text = f"{title}  ({total})"
        if shown < total:
            text += "  " + labels.fmt(
                self.tr("— first %1 shown; use the loans view for all"), shown
            )
        group = QTreeWidgetItem(self.tree, [text])
        group.setFirstColumnSpanned(True)
        group.setData(0, LOAN_ID_ROLE, key)
        font = QFont(group.font(0))
        font.setBold(True)
        group.setFont(0, font)
        group.setForeground(0, QBrush(GROUP_COLORS[key]))
        group.setExpanded(key in ("overdue", "due_today", "due_this_week") or total <= 20)
        return group

    def _add_due_group(self, key: str, title: str, group: DueGroup) -> None:
        parent = self._group(key, title, len(group.items), group.total)
        today = self._portfolio.today()
        for due in group.items:
            details = labels.label(due.reason)
            late = (today - due.due_on).days
            if late > 0:
                details = self.tr("%n day(s) late", "", late) + " · " + details
            item = QTreeWidgetItem(
                parent,
                [
                    due.contract_no,
                    due.borrower_name,
                    labels.label(due.kind),
                    labels.date(due.due_on),
                    details,
                ],
            )
            item.setData(0, LOAN_ID_ROLE, due.loan_id)

    def _add_reminder_group(self, key: str, title: str, group: ReminderGroup) -> None:
        parent = self._group(key, title, len(group.items), group.total)
        task = (
            self.tr("Remind borrower of instalment")
            if key == "repayment_reminders"
            else self.tr("Send maturity notices")
        )
        for reminder in group.items:
            item = QTreeWidgetItem(
                parent,
                [
                    reminder.contract_no,
                    reminder.borrower_name,
                    task,
                    labels.date(reminder.on),
                    labels.fmt(self.tr("%1 yuan"), labels.money(reminder.amount_fen)),
                ],
            )
            item.setData(0, LOAN_ID_ROLE, reminder.loan_id)

    def current_loan_id(self) -> uuid.UUID | None:
        item = self.tree.currentItem()
        loan_id = item.data(0, LOAN_ID_ROLE) if item is not None else None
        return loan_id if isinstance(loan_id, uuid.UUID) else None

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        loan_id = item.data(0, LOAN_ID_ROLE)
        if isinstance(loan_id, uuid.UUID):
            self.loan_activated.emit(loan_id)
