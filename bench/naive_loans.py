"""The naive baseline for bench/startup.py: every loan in a QStandardItemModel."""

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QMainWindow, QTableView

from postloan_desktop.services.dto import LoanFilter
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.ui import labels


class NaiveLoansWindow(QMainWindow):
    def __init__(self, portfolio: PortfolioService) -> None:
        super().__init__()
        rows = portfolio.loan_page(LoanFilter(), offset=0, limit=10**9)
        self.model = QStandardItemModel(0, 9, self)
        for loan in rows:
            self.model.appendRow(
                [
                    QStandardItem(text)
                    for text in (
                        loan.contract_no,
                        loan.borrower_name,
                        loan.branch_name,
                        loan.product,
                        labels.money(loan.balance_fen),
                        labels.label(loan.risk_class),
                        labels.label(loan.business_status),
                        labels.label(loan.next_inspection_kind),
                        labels.date(loan.next_inspection_due),
                    )
                ]
            )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.setCentralWidget(self.table)

    def apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
