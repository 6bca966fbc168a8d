"""待审批: the reports a supervisor has to review, overdue first (篇4: within 10 working days).

One row per submitted report of the branches the acting user supervises (not their own), in
the order ``ReviewService.queue`` gives: working days left (red when overdue), contract,
borrower, kind, revision (a re-submitted one says so), officers A/B, the proposed risk class
against the loan's class now, the risk signals raised (their messages in the tooltip), photos
with provenance warnings, submitted and due dates.

Enter or a double click opens the report in the review view; Ctrl+Enter opens it to approve,
Ctrl+R to return; J/K (or Ctrl+PgDn / Ctrl+PgUp) move down and up the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.ids import InspectionId
from postloan_desktop.services.review import ReviewRow
from postloan_desktop.ui import labels
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.widgets import LazyPage, title_label

translate = QCoreApplication.translate

OVERDUE = QColor(labels.OVERDUE_COLOR)
OVERDUE_BACKGROUND = QColor("#fdecea")
SOON = QColor("#d35400")  # two working days or fewer left
CHANGED = QColor("#d35400")  # a risk class other than the loan's
MUTED = QColor(labels.MUTED_COLOR)
RESUBMITTED = QColor("#1f4e8c")
SOON_DAYS = 2
ID_ROLE = Qt.ItemDataRole.UserRole

(
    COL_DAYS,
    COL_CONTRACT,
    COL_BORROWER,
    COL_KIND,
    COL_REVISION,
    COL_OFFICERS,
    COL_RISK,
    COL_SIGNALS,
    COL_PHOTOS,
    COL_SUBMITTED,
    COL_DUE,
) = range(11)

# The actions a row can be opened for: to look at it, to approve it, to return it.
OPEN, APPROVE, RETURN = "open", "approve", "return"


def days_left_text(row: ReviewRow) -> str:
    """逾期 3 天 / 今天到期 / 剩 6 个工作日."""
    if row.overdue:
        return labels.fmt(translate("Review", "%1 working day(s) overdue"), -row.days_left)
    if row.days_left == 0:
        return translate("Review", "Due today")
    return labels.fmt(translate("Review", "%1 working day(s) left"), row.days_left)


def revision_text(row: ReviewRow) -> str:
    """第 1 版 / 第 2 版 · 重新提交."""
    text = labels.fmt(translate("Review", "Revision %1"), row.revision)
    if row.resubmitted:
        text = labels.fmt(translate("Review", "%1 · re-submitted"), text)
    return text


def officers_text(row: ReviewRow) -> str:
    return f"{row.officer_a or '—'} / {row.officer_b or '—'}"


def risk_text(row: ReviewRow) -> str:
    """关注 (现为正常) when the proposal differs from the loan's class."""
    if row.proposed_risk_class is None:
        return "—"
    text = labels.label(row.proposed_risk_class)
    if row.proposed_risk_class != row.loan_risk_class:
        text = labels.fmt(
            translate("Review", "%1 (now %2)"), text, labels.label(row.loan_risk_class)
        )
    return text


def signal_messages(row: ReviewRow, language: str) -> list[str]:
    return [signal.get(language) for signal in row.signals]


def photo_warnings_text(row: ReviewRow) -> str:
    if not row.photos:
        return translate("Review", "no photos")
    return f"{row.photo_warnings}/{row.photos}"


def is_supervisor(context: AppContext) -> bool:
    """The acting user supervises some branch: the review pages are theirs."""
    user = context.user_id
    if user is None or context.review is None:
        return False
    member = next((m for m in context.inspections.staff() if m.id == user), None)
    return member is not None and Role.SUPERVISOR in member.roles


def _item(text: str, *, tip: str = "", color: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)
    if color is not None:
        item.setForeground(QBrush(color))
    return item


class ReviewQueueView(LazyPage):
    """The supervisor's queue. ``review_requested(inspection_id, action)``: open it in the
    review view to look at it (``OPEN``), approve it (``APPROVE``) or return it (``RETURN``)."""

    review_requested = Signal(object, str)
    counted = Signal(int)  # reports waiting, after each refresh

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.rows: list[ReviewRow] = []
        self.title = title_label(self, scale=1.3)
        self.title.setText(self.tr("Reports to review"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Review"), self)
        self.open_button.setToolTip(self.tr("Open the selected report (Enter or double-click)"))
        self.open_button.clicked.connect(lambda _checked=False: self.request(OPEN))
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setToolTip(self.tr("Read the queue again (F5)"))
        self.refresh_button.clicked.connect(lambda _checked=False: self.refresh())

        headers = (
            self.tr("Working days left"),
            self.tr("Contract no."),
            self.tr("Borrower"),
            self.tr("Kind"),
            self.tr("Revision"),
            self.tr("Officers A/B"),
            self.tr("Proposed class"),
            self.tr("Risk signals"),
            self.tr("Photo warnings"),
            self.tr("Submitted"),
            self.tr("Due"),
        )
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        tips = {
            COL_DAYS: self.tr(
                "Working days left of the 10 a report has for its review (weekends and public "
                "holidays do not count); overdue ones first"
            ),
            COL_RISK: self.tr("The risk class the inspectors propose, and the loan's class now"),
            COL_SIGNALS: self.tr("How many risk signals the answers raise"),
            COL_PHOTOS: self.tr("Photos with a provenance warning / all photos"),
        }
        for column, tip in tips.items():
            head = self.table.horizontalHeaderItem(column)
            if head is not None:
                head.setToolTip(tip)
        self.table.cellDoubleClicked.connect(lambda row, _column: self._open_row(row))
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)  # the page shown: the keys go to the list

        context_ = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys: Sequence[tuple[str, Callable[[], object]]] = (
            ("Return", lambda: self.request(OPEN)),
            ("Enter", lambda: self.request(OPEN)),
            ("Ctrl+Return", lambda: self.request(APPROVE)),
            ("Ctrl+Enter", lambda: self.request(APPROVE)),
            ("Ctrl+R", lambda: self.request(RETURN)),
            ("J", lambda: self.step(1)),
            ("K", lambda: self.step(-1)),
            ("Ctrl+PgDown", lambda: self.step(1)),
            ("Ctrl+PgUp", lambda: self.step(-1)),
        )
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self.table)
            shortcut.setContext(context_)
            shortcut.activated.connect(slot)
        self._update_buttons()

    # --- filling ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # refreshed first if stale
        self.table.setFocus()

    def refresh(self) -> None:
        self._stale = False
        review, user = self._context.review, self._context.user_id
        try:
            rows = review.queue(user) if review is not None and user is not None else []
        except Exception as exc:
            show_error(self, exc)
            return
        self.show_rows(rows)

    def show_rows(self, rows: Sequence[ReviewRow]) -> None:
        current = self.current_id()
        self.rows = list(rows)
        language = self._context.language
        table = self.table
        table.setRowCount(len(self.rows))
        bold = QFont(table.font())
        bold.setBold(True)
        for n, row in enumerate(self.rows):
            days = _item(
                days_left_text(row),
                tip=labels.fmt(self.tr("Due on %1"), labels.date(row.due_on)),
                color=OVERDUE if row.overdue else (SOON if row.days_left <= SOON_DAYS else None),
            )
            days.setData(ID_ROLE, row.inspection_id)
            if row.overdue:
                days.setFont(bold)
            table.setItem(n, COL_DAYS, days)
            table.setItem(n, COL_CONTRACT, _item(row.contract_no))
            table.setItem(n, COL_BORROWER, _item(row.borrower_name, tip=row.borrower_name))
            table.setItem(n, COL_KIND, _item(labels.label(row.kind)))
            table.setItem(
                n,
                COL_REVISION,
                _item(revision_text(row), color=RESUBMITTED if row.resubmitted else None),
            )
            table.setItem(n, COL_OFFICERS, _item(officers_text(row)))
            changed = (
                row.proposed_risk_class is not None
                and row.proposed_risk_class != row.loan_risk_class
            )
            table.setItem(
                n,
                COL_RISK,
                _item(
                    risk_text(row),
                    tip=self.tr("The inspectors propose a class other than the loan's")
                    if changed
                    else "",
                    color=CHANGED if changed else None,
                ),
            )
            messages = signal_messages(row, language)
            table.setItem(
                n,
                COL_SIGNALS,
                _item(
                    str(len(messages)) if messages else "—",
                    tip="\n".join(f"• {m}" for m in messages),
                    color=OVERDUE if messages else MUTED,
                ),
            )
            table.setItem(
                n,
                COL_PHOTOS,
                _item(
                    photo_warnings_text(row),
                    tip=self.tr("This report has no photos")
                    if not row.photos
                    else labels.fmt(
                        self.tr("%1 of %2 photos carry a provenance warning"),
                        row.photo_warnings,
                        row.photos,
                    ),
                    color=OVERDUE if row.photo_warnings else (MUTED if not row.photos else None),
                ),
            )
            table.setItem(n, COL_SUBMITTED, _item(labels.date(row.submitted_on)))
            table.setItem(
                n,
                COL_DUE,
                _item(labels.date(row.due_on), color=OVERDUE if row.overdue else None),
            )
            for column in range(table.columnCount()):
                cell = table.item(n, column)
                if cell is not None:
                    cell.setTextAlignment(
                        (
                            Qt.AlignmentFlag.AlignCenter
                            if column in (COL_SIGNALS, COL_PHOTOS)
                            else Qt.AlignmentFlag.AlignLeft
                        )
                        | Qt.AlignmentFlag.AlignVCenter
                    )
                    if row.overdue:
                        cell.setBackground(QBrush(OVERDUE_BACKGROUND))
        self._fit_columns()
        overdue = sum(1 for r in self.rows if r.overdue)
        resubmitted = sum(1 for r in self.rows if r.resubmitted)
        if self.rows:
            self.summary.setText(
                labels.fmt(
                    self.tr(
                        "%1 report(s) to review · %2 overdue · %3 re-submitted. Enter opens "
                        "one, J/K move down and up, Ctrl+Enter approves, Ctrl+R returns."
                    ),
                    len(self.rows),
                    overdue,
                    resubmitted,
                )
            )
        else:
            self.summary.setText(self.tr("Nothing to review: every report is done."))
        if not self.select(current) and self.rows:
            table.setCurrentCell(0, COL_CONTRACT)
        self._update_buttons()
        self.counted.emit(len(self.rows))

    def _fit_columns(self) -> None:
        """Every column as wide as its texts; the borrower's takes what is left (its whole
        name is in the tooltip), so the eleven columns fit a 1280-pixel window."""
        table = self.table
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.resizeColumnsToContents()
        for column in range(header.count()):
            header.resizeSection(column, min(header.sectionSize(column) + 8, 180))
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_BORROWER, QHeaderView.ResizeMode.Stretch)

    # --- choosing -----------------------------------------------------------------------------

    def current_id(self) -> InspectionId | None:
        row = self.table.currentRow()
        return self.rows[row].inspection_id if 0 <= row < len(self.rows) else None

    def select(self, inspection_id: InspectionId | None) -> bool:
        if inspection_id is None:
            return False
        for n, row in enumerate(self.rows):
            if row.inspection_id == inspection_id:
                self.table.setCurrentCell(n, max(self.table.currentColumn(), 0))
                return True
        return False

    def step(self, delta: int) -> None:
        """J/K: the next or previous report in the list."""
        if not self.rows:
            return
        row = min(max(self.table.currentRow() + delta, 0), len(self.rows) - 1)
        self.table.setCurrentCell(row, max(self.table.currentColumn(), 0))

    def request(self, action: str) -> None:
        inspection_id = self.current_id()
        if inspection_id is not None:
            self.review_requested.emit(inspection_id, action)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.review_requested.emit(self.rows[row].inspection_id, OPEN)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.current_id() is not None)
