"""A loan's detail page: borrower, terms, schedule, guarantors, collateral, inspections.

The collateral tab is the register (ui/collateral.py): each item with what the latest visits
found and the coverage of the balance, its history and photos one double click away.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.enums import InspectionStatus
from postloan_desktop.domain.ids import LoanId
from postloan_desktop.services.dto import LoanDetail
from postloan_desktop.ui import labels
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.widgets import title_label

if TYPE_CHECKING:  # imported where used: ui.collateral takes WARNING_STYLE from here
    from postloan_desktop.ui.collateral import CollateralRegisterWidget

WARNING_STYLE = (
    "QLabel { background: #fdecea; color: #922b21; border: 1px solid #e6b0aa;"
    " border-radius: 4px; padding: 6px; }"
)


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    parent: QWidget,
    *,
    money_columns: Sequence[int] = (),
) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in money_columns:
                item.setTextAlignment(right)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count()):
        header.resizeSection(column, header.sectionSize(column) + 16)
    header.setStretchLastSection(True)
    return table


class LoanDetailView(QWidget):
    back_requested = Signal()
    start_inspection_requested = Signal(uuid.UUID)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._portfolio = context.portfolio
        self.detail: LoanDetail | None = None
        # The collateral tab's register (None without a collateral service: a plain table).
        self.collateral: CollateralRegisterWidget | None = None
        self.back_button = QPushButton(self.tr("← Back"), self)
        self.back_button.setToolTip(self.tr("Back to the previous list (Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested)
        QShortcut(QKeySequence("Alt+Left"), self, self.back_requested.emit)
        self.start_button = QPushButton(self.tr("Start inspection"), self)
        self.start_button.setToolTip(self.tr("Start an inspection of this loan (Ctrl+N)"))
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.title = title_label(self, scale=1.4)
        self.subtitle = QLabel(self)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.tabs = QTabWidget(self)

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.warnings)
        layout.addWidget(self.tabs, 1)

    def show_loan(self, loan_id: LoanId) -> None:
        detail = self._portfolio.loan_detail(loan_id)
        self.detail = detail
        self.title.setText(f"{detail.borrower.name}  ·  {detail.contract_no}")
        self.subtitle.setText(
            f"{detail.branch_name}  ·  {detail.product}  ·  "
            + labels.fmt(
                self.tr("Next: %1 on %2"),
                labels.label(detail.next_inspection_kind) or self.tr("none"),
                labels.date(detail.next_inspection_due),
            )
        )
        has_draft = any(i.status is InspectionStatus.DRAFT for i in detail.inspections)
        self.start_button.setText(
            self.tr("Continue inspection") if has_draft else self.tr("Start inspection")
        )
        current = self.tabs.currentIndex()
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for page in pages:  # clear() only removes the tabs: the old pages must go too
            if page is not None:
                page.deleteLater()
        collateral = self._collateral(detail)
        self._show_warnings()
        self.tabs.addTab(self._overview(detail), self.tr("Overview"))
        self.tabs.addTab(self._schedule(detail), self.tr("Repayment schedule"))
        self.tabs.addTab(
            self._guarantors(detail),
            labels.fmt(self.tr("Guarantors (%1)"), str(len(detail.guarantors))),
        )
        collateral.setProperty("collateral_tab", True)
        index = self.tabs.addTab(
            collateral, labels.fmt(self.tr("Collateral (%1)"), str(len(detail.collateral)))
        )
        if self.collateral is not None:
            self.tabs.setTabToolTip(
                index,
                self.tr(
                    "The register: what the visits found, the coverage; double-click an item "
                    "for its history and photos"
                ),
            )
        self.tabs.addTab(
            self._inspections(detail),
            labels.fmt(self.tr("Inspections (%1)"), str(len(detail.inspections))),
        )
        self.tabs.setCurrentIndex(max(current, 0))

    def show_collateral(self) -> None:
        """The collateral tab."""
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and page.property("collateral_tab"):
                self.tabs.setCurrentIndex(index)
                return

    def _on_collateral_refreshed(self, register: CollateralRegisterWidget) -> None:
        if register is self.collateral:  # not a page on its way out
            self._show_warnings()

    def _on_start_button_clicked(self) -> None:
        if self.detail is not None:
            self.start_inspection_requested.emit(self.detail.id)

    def _show_warnings(self) -> None:
        if self.detail is None:
            return
        warnings = self._warnings(self.detail)
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))

    def _warnings(self, d: LoanDetail) -> list[str]:
        out = []
        if d.principal_overdue_since is not None:
            out.append(
                labels.fmt(
                    self.tr(
                        "Principal overdue since %1: %2 yuan. A special inspection is due now."
                    ),
                    labels.date(d.principal_overdue_since),
                    labels.money(d.overdue_principal_fen),
                )
            )
        if d.interest_unpaid_since is not None:
            out.append(
                labels.fmt(
                    self.tr("Interest unpaid since %1: %2 yuan."),
                    labels.date(d.interest_unpaid_since),
                    labels.money(d.overdue_interest_fen),
                )
            )
        register = self.collateral.register if self.collateral is not None else None
        coverage = register.coverage if register is not None else None
        if coverage is not None and coverage.warning:  # also on the collateral tab, in full
            from postloan_desktop.ui.collateral import coverage_text

            out.append(
                coverage_text(
                    coverage.value_fen, coverage.balance_fen, coverage.ratio, coverage.threshold
                )
            )
        if d.officer_rule_violation is not None:
            out.append(
                labels.fmt(
                    self.tr(
                        "A/B rule: for this balance one of the responsible officers must be "
                        "at least a %1."
                    ),
                    labels.label(d.officer_rule_violation),
                )
            )
        return out

    def _overview(self, d: LoanDetail) -> QWidget:
        page = QWidget(self)
        borrower = QGroupBox(self.tr("Borrower"), page)
        bf = QFormLayout(borrower)
        b = d.borrower
        bf.addRow(self.tr("Name"), QLabel(b.name))
        bf.addRow(self.tr("Type"), QLabel(labels.label(b.kind)))
        bf.addRow(self.tr("ID / credit code"), QLabel(b.id_number))
        if b.legal_representative:
            bf.addRow(self.tr("Legal representative"), QLabel(b.legal_representative))
        bf.addRow(self.tr("Business type"), QLabel(labels.label(b.business_type)))
        if b.industry:
            bf.addRow(self.tr("Industry"), QLabel(b.industry))
        bf.addRow(self.tr("Phone"), QLabel(b.phone))
        address = QLabel(b.address)
        address.setWordWrap(True)
        bf.addRow(self.tr("Address"), address)

        terms = QGroupBox(self.tr("Loan terms"), page)
        tf = QFormLayout(terms)
        tf.addRow(self.tr("Contract no."), QLabel(d.contract_no))
        tf.addRow(self.tr("Amount (yuan)"), QLabel(labels.money(d.amount_fen)))
        tf.addRow(self.tr("Balance (yuan)"), QLabel(labels.money(d.balance_fen)))
        tf.addRow(self.tr("Annual rate"), QLabel(labels.rate(d.annual_rate_bp)))
        tf.addRow(
            self.tr("Term"),
            QLabel(f"{labels.date(d.disbursed_on)} — {labels.date(d.matures_on)}"),
        )
        tf.addRow(self.tr("Repayment"), QLabel(labels.label(d.repayment_method)))
        tf.addRow(self.tr("Guarantee"), QLabel(labels.label(d.guarantee_method)))
        tf.addRow(self.tr("Risk class"), QLabel(labels.label(d.risk_class)))
        tf.addRow(self.tr("Business status"), QLabel(labels.label(d.business_status)))
        for title, officer in (
            (self.tr("Officer A"), d.officer_a),
            (self.tr("Officer B"), d.officer_b),
        ):
            text = (
                labels.fmt(self.tr("%1 (%2)"), officer.name, labels.label(officer.rank))
                if officer
                else "—"
            )
            tf.addRow(title, QLabel(text))
        next_text = (
            labels.fmt(
                self.tr("%1 on %2 (%3)"),
                labels.label(d.next_inspection_kind),
                labels.date(d.next_inspection_due),
                labels.label(d.next_inspection_reason),
            )
            if d.next_inspection_kind is not None
            else self.tr("none (repaid)")
        )
        tf.addRow(self.tr("Next inspection"), QLabel(next_text))
        row = QHBoxLayout(page)
        row.addWidget(borrower, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(terms, 1, Qt.AlignmentFlag.AlignTop)
        return page

    def _schedule(self, d: LoanDetail) -> QWidget:
        rows = [
            (
                str(i.seq),
                labels.date(i.due_on),
                labels.money(i.principal_fen),
                labels.money(i.interest_fen),
                labels.date(i.paid_on)
                if i.paid_on
                else (self.tr("Overdue") if i.due_on < self._portfolio.today() else ""),
            )
            for i in d.instalments
        ]
        table = _table(
            (
                self.tr("No."),
                self.tr("Due on"),
                self.tr("Principal (yuan)"),
                self.tr("Interest (yuan)"),
                self.tr("Paid on"),
            ),
            rows,
            self,
            money_columns=(2, 3),
        )
        today = self._portfolio.today()
        for r, instalment in enumerate(d.instalments):
            cell = table.item(r, 4)
            if cell is not None and instalment.paid_on is None and instalment.due_on < today:
                cell.setForeground(QBrush(QColor(labels.OVERDUE_COLOR)))
        return table

    def _guarantors(self, d: LoanDetail) -> QWidget:
        rows = [
            (
                g.name,
                labels.label(g.kind),
                g.id_number,
                g.phone,
                g.relationship,
                labels.money(g.guaranteed_fen),
            )
            for g in d.guarantors
        ]
        return _table(
            (
                self.tr("Name"),
                self.tr("Type"),
                self.tr("ID number"),
                self.tr("Phone"),
                self.tr("Relationship"),
                self.tr("Guaranteed (yuan)"),
            ),
            rows,
            self,
            money_columns=(5,),
        )

    def _collateral(self, d: LoanDetail) -> QWidget:
        if self._context.collateral is not None:
            from postloan_desktop.ui.collateral import CollateralRegisterWidget

            self.collateral = CollateralRegisterWidget(self._context, d.id, self)
            self.collateral.refreshed.connect(
                partial(self._on_collateral_refreshed, self.collateral)
            )
            return self.collateral
        self.collateral = None
        rows = [
            (
                labels.label(c.kind),
                c.description,
                c.registration_no,
                labels.money(c.appraised_fen),
                labels.date(c.appraised_on),
                (
                    f"{c.insurer} {labels.date(c.insurance_expires_on)}"
                    if c.insured
                    else self.tr("No")
                ),
            )
            for c in d.collateral
        ]
        return _table(
            (
                self.tr("Type"),
                self.tr("Description"),
                self.tr("Registration no."),
                self.tr("Appraised value (yuan)"),
                self.tr("Appraised on"),
                self.tr("Insurance"),
            ),
            rows,
            self,
            money_columns=(3,),
        )

    def _inspections(self, d: LoanDetail) -> QWidget:
        rows = [
            (
                labels.date(i.inspected_on),
                labels.label(i.kind),
                labels.label(i.status)
                + (labels.fmt(self.tr(" (revision %1)"), i.revision) if i.revision > 1 else ""),
                i.officer_a_name,
                i.officer_b_name,
                labels.label(i.proposed_risk_class),
            )
            for i in d.inspections
        ]
        table = _table(
            (
                self.tr("Inspected on"),
                self.tr("Kind"),
                self.tr("Status"),
                self.tr("Officer A"),
                self.tr("Officer B"),
                self.tr("Proposed risk class"),
            ),
            rows,
            self,
        )
        for r, i in enumerate(d.inspections):
            if i.status is InspectionStatus.SUBMITTED:
                item = table.item(r, 2)
                if item is not None:
                    item.setToolTip(self.tr("Waiting for the supervisor's review"))
        return table
