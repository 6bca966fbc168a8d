"""Collateral on screen: the loan's register with what the visits found, the notes an
inspection keeps on each item, and each item's photos of this visit beside earlier visits.

- :class:`CollateralRegisterWidget` — a loan's collateral with the latest condition and
  estimate, the change against the appraisal and the coverage of the outstanding balance.
- :class:`CollateralNotesPanel` — inside the inspection editor: one compact form per item,
  every change saved through CollateralService.save_note as it is made (choices at once,
  typed text and amounts after a short pause and when the field is left), the previous
  visit's findings beside it, the change against the appraisal and the coverage live.
- :class:`CollateralComparisonDialog` — a column of thumbnails per visit (this one first,
  then earlier visits, newest first) with the item's history of notes below.

Everything comes from the collateral service as frozen snapshots; no session is opened here.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QHideEvent, QPalette, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.collateral import (
    CollateralCondition,
    ValueChange,
    coverage_ratio,
    coverage_warning,
    current_value,
    known_value,
    value_change,
)
from postloan_desktop.domain.errors import InvalidInput, NotAllowed, NotFound
from postloan_desktop.domain.ids import CollateralId, InspectionId, LoanId, UserId
from postloan_desktop.domain.money import yuan_to_fen
from postloan_desktop.services.collateral import (
    MAX_BASIS_CHARS,
    CollateralNoteEntry,
    CollateralNoteInfo,
    CollateralRegister,
    CollateralService,
    ComparisonPhoto,
    HistoryEntry,
    PhotoComparison,
    VisitInfo,
    VisitPhotos,
)
from postloan_desktop.services.dto import CollateralInfo
from postloan_desktop.ui import labels
from postloan_desktop.ui.answer_widgets import (
    FieldTextEdit,
    NoWheelComboBox,
    NoWheelDoubleSpinBox,
)
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.loan_detail import WARNING_STYLE
from postloan_desktop.ui.photo_texts import warning_short, warning_text
from postloan_desktop.ui.widgets import find_data, title_label

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 400  # as the inspection editor: typed input is saved after this pause
MAX_YUAN = 9_999_999_999.99  # the estimate spin box's top (ten billion yuan)
NO_ESTIMATE = -1.0  # the spin box at this value shows "—": no estimate
THUMB_WIDTH = 240  # thumbnails in the comparison, in pixels
DOWN_COLOR = QColor(labels.OVERDUE_COLOR)  # a value that fell, a coverage too low
MUTED_COLOR = QColor(labels.MUTED_COLOR)
OK_STYLE = (
    "QLabel { background: #eaf5ea; color: #1e5631; border: 1px solid #b7dbb7;"
    " border-radius: 4px; padding: 6px; }"
)
ID_ROLE = Qt.ItemDataRole.UserRole


def collateral_service(context: AppContext) -> CollateralService:
    if context.collateral is None:
        raise RuntimeError("AppContext.collateral is not set: build the context with it")
    return context.collateral


# --- texts ---------------------------------------------------------------------------------


def condition_label(condition: CollateralCondition | None) -> str:
    if condition is None:
        return ""
    names = {
        CollateralCondition.INTACT: QCoreApplication.translate("Collateral", "Intact"),
        CollateralCondition.DAMAGED: QCoreApplication.translate("Collateral", "Damaged"),
        CollateralCondition.LOST: QCoreApplication.translate("Collateral", "Lost"),
        CollateralCondition.DISPOSED: QCoreApplication.translate("Collateral", "Disposed of"),
        CollateralCondition.OCCUPIED: QCoreApplication.translate(
            "Collateral", "Occupied / leased out"
        ),
        CollateralCondition.SEIZED: QCoreApplication.translate("Collateral", "Seized"),
        CollateralCondition.OTHER: QCoreApplication.translate("Collateral", "Other"),
    }
    return names[condition]


def valuation_bases() -> list[str]:
    """Suggestions for the basis of an estimate; the officer may type any other."""
    return [
        QCoreApplication.translate("Collateral", "Market comparison"),
        QCoreApplication.translate("Collateral", "Estate agent's quote"),
        QCoreApplication.translate("Collateral", "Appraisal report"),
        QCoreApplication.translate("Collateral", "Officer's experience"),
    ]


def yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return (
        QCoreApplication.translate("Collateral", "Yes")
        if value
        else QCoreApplication.translate("Collateral", "No")
    )


def signed_money(fen: int) -> str:
    """'+1,000.00', '-1,000.00', '0.00'."""
    return ("+" if fen > 0 else "") + labels.money(fen)


def percent_text(change: ValueChange) -> str:
    """'-9.10 %' of the appraisal ('' when the appraisal is zero)."""
    if change.percent is None:
        return ""
    return ("+" if change.percent > 0 else "") + f"{change.percent} %"


def change_text(change: ValueChange) -> str:
    """'-120,000.00 (-9.10 %)': the change in yuan and in percent of the appraisal."""
    percent = percent_text(change)
    return signed_money(change.fen) + (f" ({percent})" if percent else "")


def ratio_text(ratio: Decimal) -> str:
    """Two places, rounded down: a coverage just below the threshold never shows as equal."""
    return str(ratio.quantize(Decimal("0.01"), rounding=ROUND_FLOOR))


def visit_text(visit: VisitInfo) -> str:
    """'2026-08-01 · 定期检查 · 张三'."""
    parts = [labels.date(visit.inspected_on) or "—", labels.label(visit.kind)]
    officers = " / ".join(n for n in (visit.officer_a_name, visit.officer_b_name) if n)
    if officers:
        parts.append(officers)
    return " · ".join(parts)


def coverage_text(
    value_fen: int, balance_fen: int, ratio: Decimal | None, threshold: Decimal
) -> str:
    if ratio is None:
        return labels.fmt(
            QCoreApplication.translate(
                "Collateral", "Collateral worth %1 yuan; nothing is owed on the loan."
            ),
            labels.money(value_fen),
        )
    if coverage_warning(ratio, threshold):
        text = QCoreApplication.translate(
            "Collateral",
            "Coverage %1 is below the threshold %4: collateral worth %2 yuan against %3 yuan "
            "outstanding.",
        )
    else:
        text = QCoreApplication.translate(
            "Collateral",
            "Coverage %1 (threshold %4): collateral worth %2 yuan against %3 yuan outstanding.",
        )
    return labels.fmt(
        text, ratio_text(ratio), labels.money(value_fen), labels.money(balance_fen), str(threshold)
    )


def _colored(label: QLabel, color: QColor | None) -> None:
    """Text in ``color``, or in the usual colour again for None."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText,
        color if color is not None else QPalette().color(QPalette.ColorRole.WindowText),
    )
    label.setPalette(palette)


def _muted_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    _colored(label, MUTED_COLOR)
    return label


def _show_coverage(label: QLabel, text: str, warning: bool) -> None:
    label.setText(text)
    label.setStyleSheet(WARNING_STYLE if warning else OK_STYLE)
    label.setProperty("warning", warning)


def _item(text: str, *, right: bool = False, color: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if color is not None:
        item.setForeground(QBrush(color))
    return item


def _read_only_table(headers: Sequence[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def _fit_columns(table: QTableWidget, *, max_width: int = 320) -> None:
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count()):
        header.resizeSection(column, min(header.sectionSize(column) + 16, max_width))
    header.setStretchLastSection(True)


# --- the register ----------------------------------------------------------------------------


class CollateralRegisterWidget(QWidget):
    """A loan's collateral: what each item was appraised at, what the latest visits found,
    and whether together they still cover the balance. Double-click an item (or the button)
    for its history of notes and its photos by visit."""

    COLUMNS = 10
    # column: widest, in pixels
    WRAPPED_COLUMNS: ClassVar[Mapping[int, int]] = {1: 170, 2: 140, 7: 110, 8: 130}
    refreshed = Signal()  # the register was read again (the coverage may differ)

    def __init__(self, context: AppContext, loan_id: LoanId, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._service = collateral_service(context)
        self.loan_id = loan_id
        self.register: CollateralRegister | None = None
        self.dialog: CollateralComparisonDialog | None = None
        self._shown_once = False

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = _read_only_table(
            (
                self.tr("Type"),
                self.tr("Description"),
                self.tr("Registration no."),
                self.tr("Appraised (yuan)"),
                self.tr("Appraised on"),
                self.tr("Condition found"),
                self.tr("Latest estimate (yuan)"),
                self.tr("Change vs appraisal"),
                self.tr("Insurance"),
                self.tr("Photos"),
            ),
            self,
        )
        self.table.setWordWrap(True)
        self.table.cellDoubleClicked.connect(self._on_table_cell_double_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.history_button = QPushButton(self.tr("History and photos…"), self)
        self.history_button.setToolTip(
            self.tr("The item's notes from every visit and its photos side by side")
        )
        self.history_button.clicked.connect(self._on_history_button_clicked)
        self.empty = _muted_label(self.tr("This loan has no collateral."), self)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        context.events.data_changed.connect(self._on_events_data_changed)
        self.refresh()

    def refresh(self) -> None:
        register = self._service.register(self.loan_id)
        self.register = register
        selected = self.selected_id()
        table = self.table
        table.setRowCount(len(register.items))
        for row, standing in enumerate(register.items):
            c = standing.collateral
            first = _item(labels.label(c.kind))
            first.setData(ID_ROLE, c.id)
            table.setItem(row, 0, first)
            description = _item(c.description)
            description.setToolTip(c.location or c.description)
            table.setItem(row, 1, description)
            table.setItem(row, 2, _item(c.registration_no))
            table.setItem(row, 3, _item(labels.money(c.appraised_fen), right=True))
            table.setItem(row, 4, _item(labels.date(c.appraised_on)))
            condition = standing.condition
            found = _item(
                condition_label(condition) or "—",
                color=DOWN_COLOR if condition is not None and condition.impaired else None,
            )
            if standing.latest_visit is not None:
                found.setToolTip(
                    labels.fmt(self.tr("Latest visit: %1"), visit_text(standing.latest_visit))
                )
            table.setItem(row, 5, found)
            estimate = _item(
                labels.money(standing.estimate_fen) if standing.estimate_fen is not None else "—",
                right=True,
            )
            if standing.estimate_on is not None:
                basis = standing.latest.valuation_basis if standing.latest else ""
                estimate.setToolTip(
                    labels.fmt(
                        self.tr("Estimated on %1 %2"), labels.date(standing.estimate_on), basis
                    )
                )
            table.setItem(row, 6, estimate)
            change = standing.change
            table.setItem(
                row,
                7,
                _item(
                    change_text(change) if change is not None else "—",
                    right=True,
                    color=DOWN_COLOR if change is not None and change.down else None,
                ),
            )
            table.setItem(row, 8, self._insurance_item(c, standing.latest))
            table.setItem(row, 9, _item(str(standing.photo_count), right=True))
        _fit_columns(table, max_width=220)
        # Ten columns fit a 1280-pixel window only with the long texts wrapped: narrower
        # description, registration, change and insurance columns, taller rows.
        header = table.horizontalHeader()
        metrics = header.fontMetrics()
        for column, widest in self.WRAPPED_COLUMNS.items():
            title = table.horizontalHeaderItem(column)
            # never narrower than its title (longer in English)
            title_width = metrics.horizontalAdvance(title.text()) + 20 if title else 0
            header.resizeSection(column, min(header.sectionSize(column), max(widest, title_width)))
        table.resizeRowsToContents()
        for row in range(table.rowCount()):  # a little air around the wrapped lines
            table.setRowHeight(row, table.rowHeight(row) + 8)
        if selected is not None:
            self.select(selected)
        elif register.items:
            table.selectRow(0)
        self.table.setVisible(bool(register.items))
        self.empty.setVisible(not register.items)
        coverage = register.coverage
        if coverage is None:
            self.summary.hide()
        else:
            self.summary.show()
            _show_coverage(
                self.summary,
                coverage_text(
                    coverage.value_fen, coverage.balance_fen, coverage.ratio, coverage.threshold
                ),
                coverage.warning,
            )
        self._on_table_item_selection_changed()
        self.refreshed.emit()

    def _insurance_item(
        self, c: CollateralInfo, latest: CollateralNoteInfo | None
    ) -> QTableWidgetItem:
        if not c.insured:
            return _item(self.tr("Not insured"))
        text = f"{c.insurer} {labels.date(c.insurance_expires_on)}".strip()
        if latest is not None and latest.insurance_valid is False:
            item = _item(
                labels.fmt(self.tr("%1 (lapsed at the last visit)"), text), color=DOWN_COLOR
            )
            return item
        return _item(text)

    def selected_id(self) -> CollateralId | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(ID_ROLE) if item is not None else None

    def select(self, collateral_id: CollateralId) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(ID_ROLE) == collateral_id:
                self.table.selectRow(row)
                return

    def open_history(self, collateral_id: CollateralId) -> CollateralComparisonDialog:
        inspection = self.register.latest_inspection_id if self.register else None
        dialog = CollateralComparisonDialog(self._context, collateral_id, inspection, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _on_table_cell_double_clicked(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_history(item.data(ID_ROLE))

    def _on_history_button_clicked(self) -> None:
        selected = self.selected_id()
        if selected is not None:
            self.open_history(selected)

    def _on_table_item_selection_changed(self) -> None:
        self.history_button.setEnabled(self.selected_id() is not None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._shown_once:
            with contextlib.suppress(NotFound):  # notes saved since it was last shown
                self.refresh()
        self._shown_once = True

    def _on_events_data_changed(self, changes: object) -> None:
        if isinstance(changes, set | frozenset) and changes & {"collateral", "inspections"}:
            with contextlib.suppress(NotFound):  # the loan is gone: its page moves on
                self.refresh()


# --- the notes in an inspection --------------------------------------------------------------


class CollateralNoteForm(QGroupBox):
    """One collateral item in the inspection: its note, the previous visit's, the change."""

    save_due = Signal()  # something differs from what is stored: save it now
    values_changed = Signal()  # the estimate or the condition changed (not yet saved)
    photos_requested = Signal()

    def __init__(self, entry: CollateralNoteEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.collateral_id = entry.collateral.id
        self.stored: CollateralNoteInfo = entry.note
        self._setting = False
        c = entry.collateral
        self.setTitle(f"{labels.label(c.kind)} — {c.description}")

        facts = [
            labels.fmt(
                self.tr("Appraised %1 yuan on %2"),
                labels.money(c.appraised_fen),
                labels.date(c.appraised_on),
            )
        ]
        if c.registration_no:
            facts.append(c.registration_no)
        facts.append(
            labels.fmt(
                self.tr("insured by %1 until %2"), c.insurer, labels.date(c.insurance_expires_on)
            )
            if c.insured
            else self.tr("not insured")
        )
        self.facts = _muted_label(" · ".join(facts), self)

        self.condition = NoWheelComboBox(self)
        self.condition.addItem(self.tr("— choose —"), None)
        for condition in CollateralCondition:
            self.condition.addItem(condition_label(condition), condition.value)
        self.estimate = NoWheelDoubleSpinBox(self)
        self.estimate.setDecimals(2)
        self.estimate.setRange(NO_ESTIMATE, MAX_YUAN)
        self.estimate.setSingleStep(10_000)
        self.estimate.setGroupSeparatorShown(True)
        self.estimate.setSpecialValueText("—")
        self.estimate.setSuffix(self.tr(" yuan"))
        self.estimate.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.estimate.setMinimumWidth(170)
        self.estimate.setValue(NO_ESTIMATE)
        self.estimate.setToolTip(
            self.tr("The value the item would fetch now; ↓ from 0 shows — (not estimated)")
        )
        self.change = QLabel(self)
        self.change.setWordWrap(True)
        self.basis = NoWheelComboBox(self)
        self.basis.setEditable(True)
        self.basis.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.basis.addItem("")
        self.basis.addItems(valuation_bases())
        self.basis.setMinimumWidth(150)
        line = self.basis.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("basis of the estimate"))
        line.setMaxLength(MAX_BASIS_CHARS)
        self.registration = self._tri_state(self.tr("Valid"), self.tr("Not valid"))
        self.insurance = self._tri_state(self.tr("Valid"), self.tr("Not valid"))
        if not c.insured:
            self.insurance.setToolTip(self.tr("The register has no insurance for this item"))
        self.notes = FieldTextEdit(self)
        self.notes.setPlaceholderText(
            self.tr("What you saw: changes, damage, who uses it, why the value changed")
        )
        self.previous = _muted_label("", self)
        self.previous.setTextFormat(Qt.TextFormat.PlainText)
        self.same_button = QPushButton(self.tr("Same as last visit"), self)
        self.same_button.setToolTip(
            self.tr("Take the condition, estimate, basis and validity from the last visit")
        )
        self.same_button.setEnabled(entry.previous is not None)
        self.same_button.clicked.connect(self._on_same_button_clicked)
        self.photos_button = QPushButton(self.tr("Compare photos"), self)
        self.photos_button.setToolTip(
            self.tr(
                "This visit's photos of the item beside those of earlier visits, with its "
                "notes from every visit"
            )
        )
        self.photos_button.clicked.connect(lambda _checked=False: self.photos_requested.emit())
        self.photo_count: int | None = None  # this visit's photos of the item, if known
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        _colored(self.problem, DOWN_COLOR)
        self.problem.hide()

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        # Two pairs to a row at most, so the form fits the editor's centre column (about
        # 600 pixels at 1280) in English too: the validity checks on the right, the value
        # with its change on a row of its own, its basis below it.
        grid.addWidget(QLabel(self.tr("Condition"), self), 0, 0)
        grid.addWidget(self.condition, 0, 1)
        grid.addWidget(QLabel(self.tr("Registration"), self), 0, 2)
        grid.addWidget(self.registration, 0, 3)
        grid.addWidget(QLabel(self.tr("Estimated value"), self), 1, 0)
        estimate_row = QHBoxLayout()
        estimate_row.setSpacing(10)
        estimate_row.addWidget(self.estimate)
        estimate_row.addWidget(self.change, 1)
        grid.addLayout(estimate_row, 1, 1, 1, 4)
        grid.addWidget(QLabel(self.tr("Basis"), self), 2, 0)
        grid.addWidget(self.basis, 2, 1)
        grid.addWidget(QLabel(self.tr("Insurance"), self), 2, 2)
        grid.addWidget(self.insurance, 2, 3)
        grid.addWidget(QLabel(self.tr("Notes"), self), 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.notes, 3, 1, 1, 4)
        grid.setColumnStretch(4, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous, 1)
        buttons.addWidget(self.same_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.photos_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.facts)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_due)
        for combo in (self.condition, self.registration, self.insurance):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        self.basis.activated.connect(self._on_choice_changed)
        line.textEdited.connect(self._on_text_edited)
        line.editingFinished.connect(self.flush)
        self.estimate.valueChanged.connect(self._on_estimate_value_changed)
        self.estimate.editingFinished.connect(self.flush)
        self.notes.textChanged.connect(self._on_text_edited)
        self.notes.focus_lost.connect(self.flush)

        self._show_previous()
        self.show_note(entry.note)

    def _tri_state(self, yes: str, no: str) -> QComboBox:
        combo = NoWheelComboBox(self)
        combo.addItem(self.tr("— not checked —"), None)
        combo.addItem(yes, True)
        combo.addItem(no, False)
        return combo

    # --- values ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The note as the form shows it, in the service's terms."""
        value = self.estimate.value()
        line = self.basis.lineEdit()
        condition = self.condition.currentData()
        return {
            "condition": CollateralCondition(condition) if condition else None,
            "estimated_value_fen": None if value <= NO_ESTIMATE else yuan_to_fen(f"{value:.2f}"),
            "valuation_basis": (line.text() if line is not None else "").strip(),
            "registration_valid": self.registration.currentData(),
            "insurance_valid": self.insurance.currentData(),
            "notes": self.notes.toPlainText(),
        }

    def changes(self) -> dict[str, Any]:
        stored = self.stored
        return {
            name: value
            for name, value in self.values().items()
            if value != getattr(stored, name)
            and not (name == "notes" and not value.strip() and not stored.notes.strip())
        }

    def value_fen(self) -> int:
        """What the item counts for in the coverage, as the form stands."""
        values = self.values()
        return current_value(
            self.entry.collateral.appraised_fen,
            known_value(
                [
                    (values["estimated_value_fen"], values["condition"]),
                    (self.entry.earlier_value_fen, None),
                ]
            ),
        )

    def show_note(self, note: CollateralNoteInfo) -> None:
        """Show a stored note (without saving anything)."""
        self.stored = note
        self._fill(note)

    def _fill(self, note: CollateralNoteInfo) -> None:
        self._setting = True
        try:
            index = find_data(self.condition, note.condition.value if note.condition else None)
            self.condition.setCurrentIndex(max(index, 0))
            self.estimate.setValue(
                note.estimated_value_fen / 100
                if note.estimated_value_fen is not None
                else NO_ESTIMATE
            )
            self.basis.setEditText(note.valuation_basis)
            for combo, value in (
                (self.registration, note.registration_valid),
                (self.insurance, note.insurance_valid),
            ):
                combo.setCurrentIndex(max(find_data(combo, value), 0))
            if self.notes.toPlainText() != note.notes:
                self.notes.setPlainText(note.notes)
        finally:
            self._setting = False
        self._show_change()

    def saved(self, note: CollateralNoteInfo) -> None:
        """The service stored ``note``: remember it, keep what is typed since."""
        self.stored = note
        self.show_problem("")

    def set_editable(self, editable: bool) -> None:
        for widget in (
            self.condition,
            self.estimate,
            self.basis,
            self.registration,
            self.insurance,
            self.notes,
        ):
            widget.setEnabled(editable)
        self.same_button.setVisible(editable)
        self.same_button.setEnabled(editable and self.entry.previous is not None)

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def set_photo_count(self, count: int | None) -> None:
        """How many of this visit's photos show the item, on its compare button (None:
        not known, e.g. without a photo service)."""
        self.photo_count = count
        self.photos_button.setText(
            self.tr("Compare photos")
            if count is None
            else labels.fmt(self.tr("Compare photos (%1)"), count)
        )

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
        if not self._setting and self.changes():
            self.save_due.emit()

    def stop_timer(self) -> None:
        self._timer.stop()

    # --- showing ---------------------------------------------------------------------------

    def _show_change(self) -> None:
        fen = self.values()["estimated_value_fen"]
        if fen is None:
            self.change.setText("")
            return
        change = value_change(self.entry.collateral.appraised_fen, fen)
        percent = percent_text(change)
        self.change.setText(
            labels.fmt(
                self.tr("%1 yuan (%2) against the appraisal"), signed_money(change.fen), percent
            )
            if percent
            else labels.fmt(self.tr("%1 yuan against the appraisal"), signed_money(change.fen))
        )
        _colored(self.change, DOWN_COLOR if change.down else None)

    def _show_previous(self) -> None:
        entry = self.entry
        previous, visit = entry.previous, entry.previous_visit
        if previous is None or visit is None:
            self.previous.setText(self.tr("No earlier visit recorded this item."))
            return
        found = [condition_label(previous.condition)] if previous.condition else []
        if previous.estimated_value_fen is not None:
            estimate = labels.fmt(self.tr("%1 yuan"), labels.money(previous.estimated_value_fen))
            if previous.valuation_basis:
                estimate += f" ({previous.valuation_basis})"
            found.append(estimate)
        if previous.registration_valid is not None:
            found.append(
                self.tr("registration valid")
                if previous.registration_valid
                else self.tr("registration not valid")
            )
        if previous.insurance_valid is not None:
            found.append(
                self.tr("insurance valid")
                if previous.insurance_valid
                else self.tr("insurance not valid")
            )
        text = labels.fmt(self.tr("Last visit %1: %2"), visit_text(visit), " · ".join(found) or "—")
        if previous.notes.strip():
            text += f"\n“{previous.notes.strip()}”"
        self.previous.setText(text)

    # --- reacting --------------------------------------------------------------------------

    def _on_choice_changed(self, *_args: object) -> None:
        if self._setting:
            return
        self.values_changed.emit()
        self._timer.stop()
        self.flush()

    def _on_text_edited(self, *_args: object) -> None:
        if not self._setting:
            self._timer.start()

    def _on_estimate_value_changed(self, _value: float) -> None:
        if self._setting:
            return
        self._show_change()
        self.values_changed.emit()
        self._timer.start()

    def _on_same_button_clicked(self) -> None:
        previous = self.entry.previous
        if previous is None:
            return
        self._fill(
            CollateralNoteInfo(
                inspection_id=self.stored.inspection_id,
                collateral_id=self.collateral_id,
                condition=previous.condition,
                estimated_value_fen=previous.estimated_value_fen,
                valuation_basis=previous.valuation_basis,
                registration_valid=previous.registration_valid,
                insurance_valid=previous.insurance_valid,
                notes=self.notes.toPlainText(),
            )
        )
        self.values_changed.emit()
        self.flush()


class CollateralNotesPanel(QWidget):
    """The collateral notes of one inspection, for the inspection editor."""

    saved = Signal()  # a change was stored
    refused = Signal(str)  # a change was not stored: why
    coverage_changed = Signal()  # the coverage shown changed (saved or only typed)

    def __init__(
        self, context: AppContext, inspection_id: InspectionId, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._service = collateral_service(context)
        self.inspection_id = inspection_id
        self.forms: list[CollateralNoteForm] = []
        self.editable = False
        self.dialog: CollateralComparisonDialog | None = None
        self._balance_fen = 0
        self._threshold = Decimal(0)
        self._actor: UserId | None = None
        self._photo_counts: Mapping[CollateralId, int] | None = None

        self.coverage = QLabel(self)
        self.coverage.setWordWrap(True)
        self.empty = _muted_label(self.tr("This loan has no collateral."), self)
        self._forms_layout = QVBoxLayout()
        self._forms_layout.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.coverage)
        layout.addWidget(self.empty)
        layout.addLayout(self._forms_layout)
        layout.addStretch(1)
        context.events.user_changed.connect(self._on_events_user_changed)
        self.reload()

    def show_inspection(self, inspection_id: InspectionId) -> None:
        """Show another inspection's notes, saving what is typed for this one first."""
        self.flush()
        if inspection_id != self.inspection_id:
            self._photo_counts = None  # another visit's photos: the editor says how many
        self.inspection_id = inspection_id
        self.reload()

    def reload(self) -> None:
        """Show the inspection's notes as stored (anything pending is saved first)."""
        self.flush()
        # Edits are saved as the person who made them: whoever was working when shown.
        self._actor = self._context.user_id
        data = self._service.notes(self.inspection_id, actor_id=self._actor)
        for form in self.forms:
            form.stop_timer()
            self._forms_layout.removeWidget(form)
            form.deleteLater()
        self.forms = []
        self.editable = data.editable
        self._balance_fen = data.balance_fen
        self._threshold = data.threshold
        for entry in data.entries:
            form = CollateralNoteForm(entry, self)
            form.set_editable(data.editable)
            if self._photo_counts is not None:
                form.set_photo_count(self._photo_counts.get(form.collateral_id, 0))
            form.save_due.connect(partial(self._save, form))
            form.values_changed.connect(self.update_coverage)
            form.photos_requested.connect(partial(self.open_photos, form.collateral_id))
            self._forms_layout.addWidget(form)
            self.forms.append(form)
        self.empty.setVisible(not self.forms)
        self.coverage.setVisible(bool(self.forms))
        self.update_coverage()

    def form(self, collateral_id: CollateralId) -> CollateralNoteForm:
        return next(f for f in self.forms if f.collateral_id == collateral_id)

    def set_photo_counts(self, counts: Mapping[CollateralId, int] | None) -> None:
        """This visit's photos of each item (None: not known)."""
        self._photo_counts = counts
        for form in self.forms:
            form.set_photo_count(None if counts is None else counts.get(form.collateral_id, 0))

    def update_coverage(self) -> None:
        """The coverage as the forms stand, saved or not."""
        if not self.forms:
            _show_coverage(self.coverage, "", False)
            self.coverage_changed.emit()
            return
        values = [f.value_fen() for f in self.forms]
        ratio = coverage_ratio(values, self._balance_fen)
        warning = coverage_warning(ratio, self._threshold)
        text = coverage_text(sum(values), self._balance_fen, ratio, self._threshold)
        _show_coverage(self.coverage, text, warning)
        self.coverage.setToolTip(
            self.tr(
                "Each item counts with this visit's estimate; without one, with the last "
                "visit's, else its appraisal; a lost or disposed item counts nothing."
            )
        )
        self.coverage_changed.emit()

    @property
    def coverage_warning(self) -> bool:
        return bool(self.coverage.property("warning"))

    def flush(self) -> None:
        """Save whatever is typed and not yet saved."""
        for form in self.forms:
            form.flush()

    def open_photos(self, collateral_id: CollateralId) -> CollateralComparisonDialog:
        self.flush()
        dialog = CollateralComparisonDialog(self._context, collateral_id, self.inspection_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def _save(self, form: CollateralNoteForm) -> None:
        if not self.editable or form not in self.forms:
            return
        changes = form.changes()
        if not changes:
            return
        actor = self._actor
        if actor is None:
            show_error(self, NotAllowed("choose who you are in the status bar first"))
            return
        # All changed fields at once; if one is refused, each on its own, so one bad value
        # never holds the others back.
        batches = [changes] + ([{k: v} for k, v in changes.items()] if len(changes) > 1 else [])
        problems: list[str] = []
        saved = None
        for batch in batches:
            try:
                saved = self._service.save_note(
                    inspection_id=self.inspection_id,
                    collateral_id=form.collateral_id,
                    actor_id=actor,
                    **batch,
                )
            except InvalidInput as exc:
                problems.append(str(exc))
                continue
            except Exception as exc:
                show_error(self, exc)
                return
            if batch is changes:
                break
        if saved is not None:
            form.saved(saved)
            self.update_coverage()
            # Not broadcast on the event bus: the main window reloads every view on it, far
            # too much for each pause in typing (the editor's answers are not broadcast either).
            self.saved.emit()
        if len(problems) > 1:
            problems = problems[1:]  # the batch's refusal is repeated by its field's
        if problems:
            message = labels.fmt(self.tr("Not saved: %1"), "; ".join(problems))
            form.show_problem(message)
            self.refused.emit(message)

    def _on_events_user_changed(self, _user_id: object) -> None:
        self.reload()


# --- photos side by side -------------------------------------------------------------------


class CollateralComparisonDialog(QDialog):
    """A collateral item's photos by visit, side by side, with its history of notes."""

    def __init__(
        self,
        context: AppContext,
        collateral_id: CollateralId,
        inspection_id: InspectionId | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = collateral_service(context)
        self.comparison: PhotoComparison = self._service.photo_comparison(
            collateral_id, inspection_id
        )
        c = self.comparison.collateral
        self.setWindowTitle(labels.fmt(self.tr("Collateral: %1"), c.description))
        self.resize(1200, 780)

        self.title = title_label(self)
        self.title.setText(f"{labels.label(c.kind)} — {c.description}")
        self.title.setWordWrap(True)
        facts = [
            labels.fmt(
                self.tr("Appraised %1 yuan on %2"),
                labels.money(c.appraised_fen),
                labels.date(c.appraised_on),
            )
        ]
        if c.registration_no:
            facts.append(c.registration_no)
        if c.location:
            facts.append(c.location)
        self.facts = _muted_label(" · ".join(facts), self)

        self.columns: list[QFrame] = []
        strip = QWidget(self)
        row = QHBoxLayout(strip)
        row.setSpacing(10)
        visits = self.comparison.visits
        # As many thumbnails to a row as the visits leave room for, at most three.
        room = (self.width() - 60) // max(len(visits), 1)
        per_row = max(1, min(3, room // (THUMB_WIDTH + 12)))
        for visit in visits:
            column = self._column(visit, strip, per_row)
            self.columns.append(column)
            row.addWidget(column, 0, Qt.AlignmentFlag.AlignTop)
        if not any(not v.current for v in self.comparison.visits):
            row.addWidget(
                _muted_label(self.tr("No photos of this item from earlier visits."), strip),
                0,
                Qt.AlignmentFlag.AlignTop,
            )
        row.addStretch(1)
        self.photos = QScrollArea(self)
        self.photos.setWidget(strip)
        self.photos.setWidgetResizable(True)
        self.photos.setFrameShape(QFrame.Shape.NoFrame)

        self.history = self._history_table(self.comparison.history)
        history_box = QWidget(self)
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(
            labels.fmt(self.tr("Notes from every visit (%1)"), len(self.comparison.history)), self
        )
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        history_layout.addWidget(heading)
        history_layout.addWidget(self.history, 1)
        # Room for up to five notes before the table scrolls.
        rows = min(max(len(self.comparison.history), 2), 5)
        self.history.setMinimumHeight(
            self.history.horizontalHeader().sizeHint().height()
            + rows * self.history.verticalHeader().defaultSectionSize()
            + 2 * self.history.frameWidth()
            + 4
        )

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.photos)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

    def _column(self, visit: VisitPhotos, parent: QWidget, per_row: int) -> QFrame:
        """One visit: its date and officers, then its photos, ``per_row`` to a row."""
        frame = QFrame(parent)
        frame.setObjectName("visit")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setFixedWidth(per_row * (THUMB_WIDTH + 12) + 12)
        if visit.current:
            frame.setStyleSheet("QFrame#visit { background: #f3f8fd; }")
        layout = QVBoxLayout(frame)
        layout.setSpacing(4)
        info = visit.visit
        day = f"{labels.date(info.inspected_on) or '—'} {labels.label(info.kind)}"
        heading = QLabel(
            labels.fmt(self.tr("This visit: %1"), day) if visit.current else day, frame
        )
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        officers = " / ".join(n for n in (info.officer_a_name, info.officer_b_name) if n)
        status = labels.label(info.status)
        if info.revision > 1:
            status += labels.fmt(self.tr(" (revision %1)"), info.revision)
        layout.addWidget(_muted_label(" · ".join(t for t in (officers, status) if t), frame))
        if not visit.photos:
            layout.addWidget(_muted_label(self.tr("No photos of this item yet."), frame))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        for n, photo in enumerate(visit.photos):
            grid.addWidget(
                self._photo(photo, frame), n // per_row, n % per_row, Qt.AlignmentFlag.AlignTop
            )
        layout.addLayout(grid)
        layout.addStretch(1)
        return frame

    def _photo(self, photo: ComparisonPhoto, parent: QWidget) -> QWidget:
        """A thumbnail with its caption, capture time and warnings."""
        cell = QWidget(parent)
        cell.setFixedWidth(THUMB_WIDTH)
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        image = QLabel(cell)
        image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        image.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        pixmap = QPixmap()
        try:
            loaded = pixmap.loadFromData(self._service.thumbnail(photo.thumb_sha256))
        except NotFound:
            loaded = False
        if loaded:
            pixmap = pixmap.scaledToWidth(THUMB_WIDTH, Qt.TransformationMode.SmoothTransformation)
            image.setPixmap(pixmap)
            image.setFixedSize(pixmap.size())
        else:
            image.setText(self.tr("Thumbnail missing"))
            image.setFixedSize(THUMB_WIDTH, THUMB_WIDTH * 3 // 4)
            image.setFrameShape(QFrame.Shape.Box)
        layout.addWidget(image)
        if photo.caption:
            caption = QLabel(photo.caption, cell)
            caption.setWordWrap(True)
            layout.addWidget(caption)
        taken = (
            labels.fmt(self.tr("Taken %1"), photo.captured_local.strftime("%Y-%m-%d %H:%M"))
            if photo.captured_local is not None
            else self.tr("No capture time")
        )
        layout.addWidget(_muted_label(taken, cell))
        if photo.warnings:
            warnings = QLabel(
                "\n".join(f"⚠ {warning_short(code)}" for code in photo.warnings), cell
            )
            warnings.setToolTip("\n".join(warning_text(code) for code in photo.warnings))
            warnings.setWordWrap(True)
            _colored(warnings, DOWN_COLOR)
            layout.addWidget(warnings)
        return cell

    def _history_table(self, history: Sequence[HistoryEntry]) -> QTableWidget:
        table = _read_only_table(
            (
                self.tr("Visit"),
                self.tr("Kind"),
                self.tr("Officers"),
                self.tr("Condition"),
                self.tr("Estimate (yuan)"),
                self.tr("Change vs appraisal"),
                self.tr("Basis"),
                self.tr("Registration valid"),
                self.tr("Insurance valid"),
                self.tr("Notes"),
            ),
            self,
        )
        table.setRowCount(len(history))
        for row, entry in enumerate(history):
            visit, note = entry.visit, entry.note
            day = labels.date(visit.inspected_on)
            if visit.revision > 1:
                day += labels.fmt(self.tr(" (revision %1)"), visit.revision)
            table.setItem(row, 0, _item(day))
            table.setItem(row, 1, _item(labels.label(visit.kind)))
            table.setItem(
                row,
                2,
                _item(" / ".join(n for n in (visit.officer_a_name, visit.officer_b_name) if n)),
            )
            condition = note.condition
            table.setItem(
                row,
                3,
                _item(
                    condition_label(condition) or "—",
                    color=DOWN_COLOR if condition is not None and condition.impaired else None,
                ),
            )
            table.setItem(
                row,
                4,
                _item(
                    labels.money(note.estimated_value_fen)
                    if note.estimated_value_fen is not None
                    else "—",
                    right=True,
                ),
            )
            change = entry.change
            table.setItem(
                row,
                5,
                _item(
                    change_text(change) if change is not None else "—",
                    right=True,
                    color=DOWN_COLOR if change is not None and change.down else None,
                ),
            )
            table.setItem(row, 6, _item(note.valuation_basis))
            table.setItem(row, 7, _item(yes_no(note.registration_valid)))
            table.setItem(row, 8, _item(yes_no(note.insurance_valid)))
            text = _item(note.notes.replace("\n", " "))
            text.setToolTip(note.notes)
            table.setItem(row, 9, text)
        _fit_columns(table, max_width=220)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        return table


# --- screenshots ---------------------------------------------------------------------------


def screenshot_comparison(context: AppContext, loan_id: LoanId, path: Path) -> int:
    """``--screenshot FILE --view collateral``: the photo comparison of the loan's first
    collateral item with photos (or its first item), for its draft or its latest visit."""
    service = collateral_service(context)
    register = service.register(loan_id)
    if not register.items:
        log.error("loan %s has no collateral: choose another with --loan", register.contract_no)
        return 1
    chosen = next((s for s in register.items if s.photo_count), register.items[0])
    inspection = context.inspections.draft_for_loan(loan_id) or register.latest_inspection_id
    dialog = CollateralComparisonDialog(context, chosen.collateral.id, inspection)
    dialog.resize(1280, 800)
    dialog.show()
    for _ in range(5):
        QCoreApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = dialog.grab().save(str(path))
    dialog.close()
    if not ok:
        log.error("cannot write the screenshot to %s", path)
        return 1
    return 0
