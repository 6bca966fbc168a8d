"""The loans view: a filter bar over a paged model that stays responsive at 100,000 loans.

The model never loads everything: it asks the service for the row count and fetches pages of
rows as the view scrolls to them, keeping a bounded number of pages in memory.
"""

import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.enums import BusinessStatus, RiskClass
from postloan_desktop.domain.ids import UserId
from postloan_desktop.services.dto import DueFilter, LoanFilter, LoanRow
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.ui import labels
from postloan_desktop.ui.widgets import MineCheckBox, branch_combo

PAGE_SIZE = 200
MAX_PAGES = 40
FILTER_DELAY_MS = 150
COLUMN_PADDING = 12
MINE_KEY = "loans_view/mine_only"
BORROWER_COLUMN = 1
OVERDUE_COLOR = QColor(labels.OVERDUE_COLOR)


class LoansTableModel(QAbstractTableModel):
    COLUMNS = (
        "contract_no",
        "borrower",
        "branch",
        "product",
        "balance",
        "risk_class",
        "business_status",
        "next_kind",
        "next_due",
    )

    def __init__(self, portfolio: PortfolioService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._portfolio = portfolio
        self._filter = LoanFilter()
        self._count = 0
        self._pages: OrderedDict[int, list[LoanRow]] = OrderedDict()
        self._today = portfolio.today()
        self._headers = (
            self.tr("Contract no."),
            self.tr("Borrower"),
            self.tr("Branch"),
            self.tr("Product"),
            self.tr("Balance (yuan)"),
            self.tr("Risk class"),
            self.tr("Business status"),
            self.tr("Next inspection"),
            self.tr("Inspection due"),
        )
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def loan_filter(self) -> LoanFilter:
        return self._filter

    def set_filter(self, loan_filter: LoanFilter) -> None:
        """Apply a filter: one query for the first page, a count only if there are more."""
        first = self._portfolio.loan_page(loan_filter, offset=0, limit=PAGE_SIZE)
        count = len(first) if len(first) < PAGE_SIZE else self._portfolio.count_loans(loan_filter)
        self.beginResetModel()
        self._filter = loan_filter
        self._today = self._portfolio.today()
        self._pages.clear()
        self._pages[0] = first
        self._count = count
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._filter)

    def row_at(self, row: int) -> LoanRow | None:
        if not 0 <= row < self._count:
            return None
        page_no, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._portfolio.loan_page(
                self._filter, offset=page_no * PAGE_SIZE, limit=PAGE_SIZE
            )
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def loaded_pages(self) -> int:
        return len(self._pages)

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        loan = self.row_at(index.row())
        if loan is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(loan, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "balance":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == "next_due":
            due = loan.next_inspection_due
            if due is not None and due < self._today:
                return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.FontRole and loan.in_arrears:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole and loan.in_arrears:
            return self.tr("Principal overdue or interest unpaid")
        if role == Qt.ItemDataRole.UserRole:
            return loan.id
        return None

    def _display(self, loan: LoanRow, column: str) -> str:
        values = {
            "contract_no": loan.contract_no,
            "borrower": loan.borrower_name,
            "branch": loan.branch_name,
            "product": loan.product,
            "balance": labels.money(loan.balance_fen),
            "risk_class": labels.label(loan.risk_class),
            "business_status": labels.label(loan.business_status),
            "next_kind": labels.label(loan.next_inspection_kind),
            "next_due": labels.date(loan.next_inspection_due),
        }
        return values[column]


class LoansView(QWidget):
    """Search and filter the portfolio; double-click or Enter opens a loan."""

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
        self.model = LoansTableModel(portfolio, self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            self.tr("Search borrower, contract no. or ID number  (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.branch = branch_combo(portfolio.branches(), self.tr("All branches"), self)
        self.risk = QComboBox(self)
        self.risk.addItem(self.tr("All risk classes"), None)
        for rc in RiskClass:
            self.risk.addItem(labels.label(rc), rc)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("All business statuses"), None)
        for st in BusinessStatus:
            self.status.addItem(labels.label(st), st)
        self.due = QComboBox(self)
        for value, text in (
            (DueFilter.ANY, self.tr("Any due date")),
            (DueFilter.OVERDUE, self.tr("Inspection overdue")),
            (DueFilter.WITHIN_WEEK, self.tr("Due within 7 days")),
            (DueFilter.WITHIN_MONTH, self.tr("Due within 30 days")),
        ):
            self.due.addItem(text, value)
        self.arrears = QCheckBox(self.tr("In arrears only"), self)
        self.mine = MineCheckBox(MINE_KEY, current_user, self)
        self.count_label = QLabel(self)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for widget in (self.branch, self.risk, self.status, self.due, self.arrears, self.mine):
            bar.addWidget(widget)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Fit the columns to what is on screen once, in whichever language: never to all rows.
        header.setResizeContentsPrecision(0)
        self._columns_fitted = False
        self.table.activated.connect(self._on_table_activated)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.branch, self.risk, self.status, self.due):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.arrears.toggled.connect(self.apply_filter)
        self.mine.toggled.connect(lambda _checked: self.apply_filter())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._columns_fitted and self.model.rowCount():
            self._columns_fitted = True
            QTimer.singleShot(0, self._fit_columns)  # once the layout has its final size

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(header.count()):
            header.resizeSection(column, header.sectionSize(column) + COLUMN_PADDING)
        spare = self.table.viewport().width() - header.length()
        if spare > 0:  # the borrower's name takes what is left over
            header.resizeSection(BORROWER_COLUMN, header.sectionSize(BORROWER_COLUMN) + spare)

    def current_filter(self) -> LoanFilter:
        return LoanFilter(
            text=self.search.text(),
            branch_id=self.branch.currentData(),
            risk_class=self.risk.currentData(),
            business_status=self.status.currentData(),
            due=self.due.currentData(),
            in_arrears_only=self.arrears.isChecked(),
            officer_id=self.mine.officer(),
        )

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.current_filter())
        self.count_label.setText(self.tr("%n loan(s)", "", self.model.rowCount()))

    def show_due(self, due: DueFilter) -> None:
        index = self.due.findData(due)
        if index >= 0:
            self.due.setCurrentIndex(index)

    def current_loan_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        loan = self.model.row_at(index.row()) if index.isValid() else None
        return loan.id if loan is not None else None

    def _on_table_activated(self, index: QModelIndex) -> None:
        loan = self.model.row_at(index.row())
        if loan is not None:
            self.loan_activated.emit(loan.id)
