"""Conflicts: changes head office could not take as they were, for a person to decide.

Two kinds (``ConflictView.kind``): a *conflict* — the record was changed at head office too
since this laptop last received it — and a *refusal* — head office refused the change (a
rule, a role, a frozen inspection). The dialog lists the open ones by what they are about
("检查 · 合同 DK… 第 2 版", "答案 · 合同 DK… · 经营是否正常"), and for the selected one shows
both versions field by field (本机 / 总行, the differing rows highlighted) and the reason.

保留本机版本 sends this laptop's version again, on top of head office's (at the next sync);
采用总行版本 takes head office's version here. A refusal can only take head office's version:
sending the same change again would be refused again. Either way both versions stay in the
conflict's record, and the conflict leaves the list.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.ids import InspectionId, LoanId
from postloan_desktop.ui import labels
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.key_import import BAD, colour
from postloan_desktop.ui.sync_texts import (
    entity_name,
    field_name,
    refusal_text,
    time_text,
    value_text,
)
from postloan_desktop.ui.widgets import title_label

if TYPE_CHECKING:
    from postloan_desktop.services.inspection_dto import InspectionForm
    from postloan_desktop.services.sync import ConflictView
    from postloan_desktop.ui.context import AppContext

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

DIFFERENT = QColor("#fde2c4")  # the rows whose two versions differ
MUTED = QColor(labels.MUTED_COLOR)
# Columns every version changes (bookkeeping): listed, never highlighted.
QUIET_COLUMNS = frozenset({"version"})


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


class ConflictTitles:
    """What a conflict is about, in words, from the records this laptop holds (each
    inspection is looked up once per listing)."""

    def __init__(self, context: AppContext) -> None:
        self._context = context
        self._forms: dict[uuid.UUID, InspectionForm | None] = {}

    def _form(self, inspection_id: uuid.UUID | None) -> InspectionForm | None:
        if inspection_id is None:
            return None
        if inspection_id not in self._forms:
            try:
                self._forms[inspection_id] = self._context.inspections.form(
                    InspectionId(inspection_id)
                )
            except Exception as exc:  # not here (yet), or no checklist: the ids say it
                log.info("no form for inspection %s: %s", inspection_id, exc)
                self._forms[inspection_id] = None
        return self._forms[inspection_id]

    def _contract(self, loan_id: uuid.UUID | None) -> str:
        if loan_id is None:
            return ""
        try:
            return self._context.portfolio.loan_detail(LoanId(loan_id)).contract_no
        except Exception:
            return ""

    def title(self, conflict: ConflictView) -> str:
        data = conflict.local or conflict.server or {}
        name = entity_name(conflict.entity)
        about = ""
        if conflict.entity == "inspection":
            contract = self._contract(_uuid(data.get("loan_id")))
            revision = data.get("revision") or 1
            about = labels.fmt(
                translate("SyncConflicts", "contract %1, revision %2"),
                contract or str(conflict.record_id)[:8],
                revision,
            )
        elif conflict.entity in ("answer", "photo", "collateral_note", "report_version"):
            form = self._form(_uuid(data.get("inspection_id")))
            contract = (
                labels.fmt(translate("SyncConflicts", "contract %1"), form.contract_no)
                if form is not None
                else ""
            )
            detail = ""
            if conflict.entity == "answer":
                detail = labels.fmt(
                    translate("SyncConflicts", "item “%1”"),
                    self.item_label(form, str(data.get("item_key", ""))),
                )
            elif conflict.entity == "photo":
                detail = str(data.get("original_name") or "")
            elif conflict.entity == "report_version":
                detail = labels.fmt(translate("SyncConflicts", "signature %1"), data.get("seq"))
            about = " · ".join(p for p in (contract, detail) if p)
        if not about:
            about = str(conflict.record_id)[:8]
        return f"{name} · {about}"

    def item_label(self, form: InspectionForm | None, key: str) -> str:
        """The checklist item's question for an answer key (the key when unknown)."""
        if form is None or not key:
            return key
        from postloan_desktop.forms import engine

        language = self._context.language
        try:
            for section in engine.layout(form.template, form.context):
                for instance in section.items:
                    if instance.key == key:
                        return instance.item.label.get(language)
        except Exception:
            log.exception("cannot lay out the checklist of %s", form.id)
        return key


def field_rows(
    conflict: ConflictView, people: Mapping[str, str] | None = None
) -> list[tuple[str, str, str, bool]]:
    """(field, here, at head office, differs) for every field either version holds, the
    differing ones first. ``people``: staff names by id, shown instead of the ids."""
    local, server = conflict.local, conflict.server
    people = people or {}

    def shown(value: Any) -> str:
        if isinstance(value, str) and value in people:
            return people[value]
        return value_text(value)

    rows = []
    for key in sorted(set(local or {}) | set(server or {})):
        mine = shown(local.get(key)) if local is not None else ""
        theirs = shown(server.get(key)) if server is not None else ""
        differs = (
            local is None
            or server is None
            or (key not in QUIET_COLUMNS and local.get(key) != server.get(key))
        )
        rows.append((field_name(key), mine, theirs, differs))
    rows.sort(key=lambda row: not row[3])  # stable: alphabetical within each group
    return rows


class ConflictsDialog(QDialog):
    """The open conflicts; decide each one."""

    resolved = Signal(object, str)  # conflict id, "mine" | "theirs"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert context.sync is not None
        self._context = context
        self._sync = context.sync
        self.conflicts: list[ConflictView] = []
        self._titles = ConflictTitles(context)
        self._names: dict[str, str] | None = None
        self.setWindowTitle(self.tr("Sync conflicts"))

        self.list = QListWidget(self)
        self.list.setMinimumWidth(280)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.empty = QLabel(self.tr("No open conflicts: everything went to head office."), self)
        self.empty.setWordWrap(True)
        self.empty.hide()

        self.heading = title_label(self, scale=1.1)
        self.heading.setWordWrap(True)
        self.kind = QLabel(self)
        self.kind.setWordWrap(True)
        self.reason = QLabel(self)
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.server_detail = QLabel(self)  # head office's own words, for IT
        self.server_detail.setWordWrap(True)
        self.server_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        colour(self.server_detail, MUTED)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("This laptop"), self.tr("Head office")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # wrapped values take the height they need at the width the columns have now
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)

        self.keep_mine = QPushButton(self.tr("Keep this laptop's version"), self)
        self.keep_mine.setToolTip(
            self.tr(
                "Send this laptop's version to head office again, on top of head office's "
                "(at the next sync)"
            )
        )
        self.take_theirs = QPushButton(self.tr("Take head office's version"), self)
        self.take_theirs.setToolTip(
            self.tr("Replace this laptop's version with head office's; yours stays on record")
        )
        for button in (self.keep_mine, self.take_theirs):
            button.setAutoDefault(False)  # a decision is clicked, never an Enter by the way
        self.keep_mine.clicked.connect(lambda _c=False: self.resolve("mine"))
        self.take_theirs.clicked.connect(lambda _c=False: self.resolve("theirs"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        detail = QWidget(self)
        right = QVBoxLayout(detail)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.kind)
        right.addWidget(self.reason)
        right.addWidget(self.server_detail)
        right.addWidget(self.table, 1)
        right.addWidget(self.explanation)
        choice = QHBoxLayout()
        choice.addStretch(1)
        choice.addWidget(self.keep_mine)
        choice.addWidget(self.take_theirs)
        right.addLayout(choice)
        self.detail = detail
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(980, 560)
        self.refresh()

    # --- showing ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the open conflicts again; keep the selection on the same one if it is open."""
        current = self.current()
        try:
            self.conflicts = self._sync.conflicts()
        except Exception as exc:
            show_error(self, exc)
            self.conflicts = []
        titles = ConflictTitles(self._context)
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self.conflicts:
            item = QListWidgetItem(titles.title(conflict), self.list)
            item.setData(Qt.ItemDataRole.UserRole, conflict.id)
            item.setToolTip(time_text(conflict.detected_at))
            if conflict.kind == "rejected":
                item.setForeground(QBrush(BAD))
        self.list.blockSignals(False)
        self.empty.setVisible(not self.conflicts)
        self.list.setVisible(bool(self.conflicts))
        self.detail.setVisible(bool(self.conflicts))
        row = 0
        if current is not None:
            row = next((n for n, c in enumerate(self.conflicts) if c.id == current.id), 0)
        self._titles = titles
        if self.conflicts:
            self.list.setCurrentRow(row)
            self.show_conflict(self.conflicts[row])

    def current(self) -> ConflictView | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _on_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.conflicts):
            self.show_conflict(self.conflicts[row])

    def show_conflict(self, conflict: ConflictView) -> None:
        self.heading.setText(self._titles.title(conflict))
        rejected = conflict.kind == "rejected"
        if rejected:
            self.kind.setText(self.tr("Head office refused this change."))
            colour(self.kind, BAD)
        else:
            self.kind.setText(
                self.tr(
                    "This record was also changed at head office (by another laptop) since "
                    "this laptop last received it. Nothing was overwritten: decide which "
                    "version counts."
                )
            )
            self.kind.setPalette(self.palette())
        # A refusal says why; a conflict's reason is what the sentence above says already.
        reason = refusal_text(conflict.code) if rejected and conflict.code else ""
        self.reason.setText(labels.fmt(self.tr("Reason: %1"), reason) if reason else "")
        self.reason.setVisible(bool(reason))
        detail = conflict.detail if rejected else ""
        self.server_detail.setText(
            labels.fmt(self.tr("Head office's words: %1"), detail) if detail else ""
        )
        self.server_detail.setVisible(bool(detail))
        self.kind.setToolTip(conflict.detail)
        headers = [
            self.tr("Field"),
            self.tr("This laptop (deleted)") if conflict.local is None else self.tr("This laptop"),
            self.tr("Head office (no such record)")
            if conflict.server is None
            else labels.fmt(self.tr("Head office (version %1)"), conflict.server_version),
        ]
        self.table.setHorizontalHeaderLabels(headers)
        rows = field_rows(conflict, self._people())
        self.table.setRowCount(len(rows))
        for n, (name, mine, theirs, differs) in enumerate(rows):
            for column, text in enumerate((name, mine, theirs)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if differs:
                    cell.setBackground(QBrush(DIFFERENT))
                self.table.setItem(n, column, cell)
        self.table.resizeRowsToContents()
        self.keep_mine.setEnabled(not rejected)
        self.take_theirs.setEnabled(True)
        if rejected:
            text = self.tr(
                "Only head office's version can be taken: sending this change again would be "
                "refused again. This laptop's version stays on record with the conflict."
            )
            if conflict.server is None:
                text += " " + self.tr(
                    "Head office has no such record: taking its version removes it here."
                )
        else:
            text = self.tr(
                "Keep this laptop's version: it goes to head office at the next sync, on top of "
                "head office's. Take head office's version: this laptop's is replaced. Either "
                "way both versions stay on record."
            )
        self.explanation.setText(text)

    def _people(self) -> dict[str, str]:
        if self._names is None:
            try:
                self._names = {str(m.id): m.name for m in self._context.inspections.staff()}
            except Exception:
                log.exception("cannot read the staff")
                self._names = {}
        return self._names

    # --- deciding ---------------------------------------------------------------------------------

    def resolve(self, keep: str) -> bool:
        """Decide the selected conflict: ``keep`` "mine" or "theirs"."""
        conflict = self.current()
        if conflict is None:
            return False
        try:
            self._sync.resolve(conflict.id, keep=keep)
        except Exception as exc:
            show_error(self, exc)
            self.refresh()
            return False
        log.info("conflict %s resolved: %s", conflict.id, keep)
        self._context.events.data_changed.emit({"sync", "inspections"})
        self.resolved.emit(conflict.id, keep)
        self.refresh()
        return True
