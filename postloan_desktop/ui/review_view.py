"""The review view: one submitted report as a supervisor reviews it, made for going through
forty of them on a Friday afternoon without opening a loose file.

Left, the signed PDF (loaded in the background, shown with Qt's PDF module as in
ui/report_preview.py). Right, in tabs:

- 检查内容 — the checklist's sections with each item's answer, note and the risk signals it
  raises, the supervisor's comments under the item and a 批注 button on each (C comments the
  current item: the one clicked or reached with Tab / the arrow keys), general comments on
  top;
- 本次修改 — for a re-submitted revision: the return reason given last time, the comments
  made then, and what changed since (answers and notes before → after, photos added or
  removed with their thumbnails, collateral findings);
- 照片 — the photos (read-only); Enter or a double click shows one at full size with its EXIF
  and provenance warnings (ui/photo_viewer.py);
- 押品 — the loan's collateral register with each item's history (ui/collateral.py).

退回 (Ctrl+R) asks for the reason (required) and returns the report; 审批并会签 (Ctrl+Enter)
opens the countersign dialog with the risk decision (ui/sign_dialog.py). Either way the view
moves on to the next report of the queue. J / K (or Ctrl+PgDn / Ctrl+PgUp) go to the next
and previous report without deciding, Esc goes back to the queue. A report that is not the
acting user's to review (approved, returned, their own) shows read-only.

Everything comes from the services as frozen snapshots; no session is opened here.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.collateral import CollateralCondition
from postloan_desktop.domain.enums import InspectionStatus
from postloan_desktop.domain.errors import InvalidInput, NotFound
from postloan_desktop.domain.ids import CollateralId, InspectionId, LoanId, UserId
from postloan_desktop.services.inspection_dto import InspectionForm
from postloan_desktop.services.inspections import validation_report
from postloan_desktop.services.review import (
    CollateralChange,
    CommentView,
    PhotoChange,
    ReviewRow,
    RevisionChanges,
)
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Pool, Task, run_in_background
from postloan_desktop.ui.collateral import CollateralRegisterWidget, condition_label, yes_no
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.gallery import CollateralTarget, LinkTarget, PhotoGallery
from postloan_desktop.ui.loan_detail import WARNING_STYLE
from postloan_desktop.ui.report_preview import pdf_viewer_available
from postloan_desktop.ui.review_queue import (
    days_left_text,
    officers_text,
    revision_text,
    risk_text,
)
from postloan_desktop.ui.sign_dialog import SUPERVISOR, SignDialog
from postloan_desktop.ui.widgets import title_label

if TYPE_CHECKING:
    from postloan_desktop.forms.engine import ItemInstance
    from postloan_desktop.ui.main_window import MainWindow
    from postloan_desktop.ui.report_preview import ReportViewer

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

MUTED = QColor(labels.MUTED_COLOR)
CURRENT_BACKGROUND = QColor("#eaf2fd")  # the item C comments on
LEVEL_COLORS = {"alert": "#c0392b", "warning": "#d35400", "notice": "#2c3e50"}
COMMENT_STYLE = (
    "QLabel { background: #eef3fb; color: #1f3f73; border-left: 3px solid #3b6fb6;"
    " padding: 4px 6px; }"
)
INFO_STYLE = (
    "QLabel { background: #eef3fb; color: #1f3f73; border: 1px solid #c5d5ee;"
    " border-radius: 4px; padding: 6px; }"
)
BEFORE_COLOR = "#922b21"
AFTER_COLOR = "#1e5631"
THUMB = 120  # thumbnails of photos added or removed, in pixels
TAB_ANSWERS, TAB_CHANGES, TAB_PHOTOS, TAB_COLLATERAL = range(4)


def _muted(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, MUTED)
    label.setPalette(palette)
    return label


def _bold(text: str, parent: QWidget, scale: float = 1.0) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def comment_html(comments: Sequence[CommentView], mine: str | None) -> str:
    """The comments as lines: text, author and time, and 撤回 on those by ``mine`` (the
    reviewer's name, while the report is under review; None: none may be taken back)."""
    lines = []
    for comment in comments:
        when = comment.created_at.astimezone().strftime("%m-%d %H:%M")
        line = html.escape(comment.text) + (
            f' <span style="color:#5a6b85;">— {html.escape(comment.author)} {when}</span>'
        )
        if mine is not None and comment.author == mine:
            line += (
                f' <a href="remove:{comment.id}">'
                + html.escape(translate("Review", "take back"))
                + "</a>"
            )
        lines.append(line)
    return "<br>".join(lines)


def value_text(
    instance: ItemInstance | None, value: Any, form: InspectionForm | None, language: str
) -> str:
    """An answer as the inspector saw it ('—' for none)."""
    from postloan_desktop.forms.engine import is_answered
    from postloan_desktop.services.reports import answer_text

    if not is_answered(value):
        return "—"
    if instance is None or form is None:
        return str(value)
    return answer_text(instance, value, form.context.collateral, language)


# --- dialogs ----------------------------------------------------------------------------------


class TextDialog(QDialog):
    """A text that may not be empty: a comment on an item, or why a report goes back."""

    def __init__(
        self,
        *,
        title: str,
        heading: str,
        prompt: str,
        ok_text: str,
        parent: QWidget | None = None,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.heading = _bold(heading, self, 1.1)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.editor = QPlainTextEdit(self)
        self.editor.setTabChangesFocus(True)
        self.prompt.setBuddy(self.editor)
        self.note = _muted(note, self)
        self.note.setVisible(bool(note))
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setToolTip(self.tr("Ctrl+Enter"))
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.editor.textChanged.connect(self._update)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._on_buttons_accepted)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.prompt)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(520, 300)
        self._update()
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.text()))

    def _on_buttons_accepted(self) -> None:
        if self.text():
            self.accept()


# --- the answers --------------------------------------------------------------------------------


class ReviewItemRow(QFrame):
    """One checklist item: question, answer, note, the signals it raises, the comments."""

    comment_requested = Signal(str)  # the item's answer key
    remove_requested = Signal(object)  # a comment's id
    focused = Signal(str)

    def __init__(
        self,
        key: str,
        question: str,
        answer: str | None,
        note: str,
        signals: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        """``answer``: as text; None for an item left unanswered."""
        super().__init__(parent)
        self.key = key
        self.question = question
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, CURRENT_BACKGROUND)
        self.setPalette(palette)  # shown while current (autoFillBackground)
        text = html.escape(question) + "<br>"
        if answer is not None:
            text += f"<b>{html.escape(answer)}</b>"
        else:
            missing = html.escape(self.tr("not answered"))
            text += f'<span style="color:{labels.MUTED_COLOR};">{missing}</span>'
        self.answer = answer
        if note:
            text += (
                '<br><span style="color:#505a66;">'
                + html.escape(labels.fmt(self.tr("Note: %1"), note))
                + "</span>"
            )
        for level, message in signals:
            colour = LEVEL_COLORS.get(level, "#2c3e50")
            text += (
                f'<br><span style="color:{colour};">⚑ '
                + html.escape(f"【{labels.signal_level(level)}】{message}")
                + "</span>"
            )
        self.body = QLabel(text, self)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.comment_button = QToolButton(self)
        self.comment_button.setText(self.tr("Comment"))
        self.comment_button.setToolTip(self.tr("Comment on this item (C)"))
        self.comment_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.comment_button.setAutoRaise(True)
        policy = self.comment_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # shown on the current item only: no re-wrapping
        self.comment_button.setSizePolicy(policy)
        self.comment_button.clicked.connect(lambda _checked=False: self.comment_requested.emit(key))
        self._may_comment = False
        self._current = False
        self._hovered = False
        self.comments = QLabel(self)
        self.comments.setTextFormat(Qt.TextFormat.RichText)
        self.comments.setWordWrap(True)
        self.comments.setStyleSheet(COMMENT_STYLE)
        self.comments.linkActivated.connect(self._on_comments_link_activated)
        self.comments.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.body, 1)
        top.addWidget(self.comment_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 6, 4)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.comments)
        self.comment_texts: list[str] = []

    def show_comments(self, comments: Sequence[CommentView], mine: str | None) -> None:
        """``mine``: the reviewer's name while they may comment (None: read-only)."""
        may_comment = mine is not None
        self.comment_texts = [c.text for c in comments]
        self.comments.setText(comment_html(comments, mine))
        self.comments.setVisible(bool(comments))
        self._may_comment = may_comment
        self._show_button()

    def set_current(self, current: bool) -> None:
        self._current = current
        self.setAutoFillBackground(current)
        self._show_button()

    def _show_button(self) -> None:
        """批注 on the current item and the one under the mouse: forty buttons a page would
        be noise."""
        self.comment_button.setVisible(self._may_comment and (self._current or self._hovered))

    def enterEvent(self, event: QEnterEvent) -> None:
        self._hovered = True
        self._show_button()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hovered = False
        self._show_button()
        super().leaveEvent(event)

    def _on_comments_link_activated(self, link: str) -> None:
        if link.startswith("remove:"):
            self.remove_requested.emit(uuid.UUID(link.removeprefix("remove:")))

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit(self.key)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.focusNextChild()
        elif event.key() == Qt.Key.Key_Up:
            self.focusPreviousChild()
        else:
            super().keyPressEvent(event)


class AnswersPanel(QWidget):
    """The report's answers, item by item, with the supervisor's comments."""

    comment_requested = Signal(str)  # an answer key; "" for the report as a whole
    remove_requested = Signal(object)  # a comment's id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[str, ReviewItemRow] = {}
        self.current_key: str | None = None
        self._content: QWidget | None = None
        self.general_title = _bold(self.tr("General comments"), self)
        self.general = QLabel(self)
        self.general.setTextFormat(Qt.TextFormat.RichText)
        self.general.setWordWrap(True)
        self.general.setStyleSheet(COMMENT_STYLE)
        self.general.linkActivated.connect(self._on_general_link_activated)
        self.general_button = QPushButton(self.tr("Comment on the whole report…"), self)
        self.general_button.setToolTip(
            self.tr("A comment on the report as a whole, not on one item")
        )
        self.general_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.general_button.clicked.connect(lambda _checked=False: self.comment_requested.emit(""))
        self.signals_label = QLabel(self)
        self.signals_label.setTextFormat(Qt.TextFormat.RichText)
        self.signals_label.setWordWrap(True)
        self.empty = _muted("", self)
        self.empty.hide()
        head = QHBoxLayout()
        head.addWidget(self.general_title, 1)
        head.addWidget(self.general_button)
        self._column = QVBoxLayout()
        self._column.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.general)
        layout.addWidget(self.signals_label)
        layout.addWidget(self.empty)
        layout.addLayout(self._column)
        layout.addStretch(1)

    def show_form(self, form: InspectionForm | None, language: str) -> None:
        """Lay out the items of ``form`` (None: a report with no checklist to show)."""
        from postloan_desktop.forms import engine

        if self._content is not None:
            self._column.removeWidget(self._content)
            self._content.deleteLater()
            self._content = None
        self.rows = {}
        self.current_key = None
        if form is None:
            self.empty.setText(
                self.tr(
                    "This inspection was recorded before checklists were kept in this "
                    "program: there are no answers to show. It can only be returned."
                )
            )
            self.empty.show()
            self.signals_label.hide()
            return
        self.empty.hide()
        report = validation_report(form)
        signals: dict[str, list[tuple[str, str]]] = {}
        for raised in report.signals:
            signals.setdefault(raised.answer_key, []).append(
                (str(raised.level), raised.message.get(language))
            )
        lines = [
            f'<span style="color:{LEVEL_COLORS.get(str(s.level), "#2c3e50")};">⚑ '
            + html.escape(f"【{labels.signal_level(str(s.level))}】{s.message.get(language)}")
            + (html.escape(f" — {s.collateral.label}") if s.collateral else "")
            + "</span>"
            for s in report.signals
        ]
        self.signals_label.setText(
            "<b>"
            + html.escape(labels.fmt(self.tr("Risk signals raised (%1)"), len(lines)))
            + "</b>"
            + ("<br>" + "<br>".join(lines) if lines else "")
        )
        self.signals_label.show()
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for section in engine.visible_sections(form.template, form.context, form.answers):
            heading = _bold(section.title(language), content, 1.05)
            heading.setContentsMargins(0, 10, 0, 2)
            column.addWidget(heading)
            for instance in section.items:
                value = form.answers.get(instance.key)
                row = ReviewItemRow(
                    instance.key,
                    instance.item.label.get(language),
                    value_text(instance, value, form, language)
                    if engine.is_answered(value)
                    else None,
                    form.notes.get(instance.key, ""),
                    signals.get(instance.key, []),
                    content,
                )
                row.comment_requested.connect(self.comment_requested)
                row.remove_requested.connect(self.remove_requested)
                row.focused.connect(self.set_current)
                column.addWidget(row)
                self.rows[row.key] = row
        self._column.addWidget(content)
        self._content = content
        if self.rows:
            self.set_current(next(iter(self.rows)))

    def show_comments(self, comments: Sequence[CommentView], mine: str | None) -> None:
        """The comments under their items; ``mine``: the reviewer's name while they may
        comment (their own comments may be taken back), None when read-only."""
        may_comment = mine is not None
        by_key: dict[str, list[CommentView]] = {}
        for comment in comments:
            by_key.setdefault(comment.item_key, []).append(comment)
        for key, row in self.rows.items():
            row.show_comments(by_key.get(key, []), mine)
        general = [c for k, cs in by_key.items() if k == "" or k not in self.rows for c in cs]
        self.general.setText(comment_html(general, mine))
        self.general.setVisible(bool(general))
        self.general_title.setVisible(bool(general) or may_comment)
        self.general_button.setVisible(may_comment)

    def set_current(self, key: str) -> None:
        """The item C comments on."""
        if key not in self.rows:
            return
        if self.current_key in self.rows:
            self.rows[self.current_key].set_current(False)
        self.current_key = key
        self.rows[key].set_current(True)

    def _on_general_link_activated(self, link: str) -> None:
        if link.startswith("remove:"):
            self.remove_requested.emit(uuid.UUID(link.removeprefix("remove:")))


# --- what changed -----------------------------------------------------------------------------


def field_name(field: str) -> str:
    names = {
        "condition": translate("Review", "Condition"),
        "estimated_value_fen": translate("Review", "Estimated value"),
        "valuation_basis": translate("Review", "Basis of the estimate"),
        "registration_valid": translate("Review", "Registration valid"),
        "insurance_valid": translate("Review", "Insurance valid"),
        "notes": translate("Review", "Notes"),
    }
    return names.get(field, field)


def field_value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field == "condition":
        try:
            return condition_label(CollateralCondition(value))
        except ValueError:
            return str(value)
    if field == "estimated_value_fen":
        return labels.fmt(translate("Review", "%1 yuan"), labels.money(int(value)))
    if field in ("registration_valid", "insurance_valid"):
        return yes_no(bool(value))
    return str(value)


def _before_after(before: str, after: str) -> str:
    return (
        f'<span style="color:{BEFORE_COLOR};"><s>{html.escape(before)}</s></span>'
        f" → "
        f'<span style="color:{AFTER_COLOR};"><b>{html.escape(after)}</b></span>'
    )


class ChangesPanel(QWidget):
    """What a re-submitted revision changed since the one the supervisor returned."""

    def __init__(self, thumbnail: Callable[[str], bytes] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self._thumbnail = thumbnail
        self._content: QWidget | None = None
        self.answer_lines: list[str] = []  # plain text, for tests and the tab's tooltip
        self.added: list[PhotoChange] = []
        self.removed: list[PhotoChange] = []
        self.collateral_lines: list[str] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)

    def show_changes(
        self,
        changes: RevisionChanges | None,
        form: InspectionForm | None,
        previous_comments: Sequence[CommentView],
        language: str,
    ) -> None:
        if self._content is not None:
            self._layout.removeWidget(self._content)
            self._content.deleteLater()
            self._content = None
        self.answer_lines, self.added, self.removed, self.collateral_lines = [], [], [], []
        if changes is None:
            return
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(
            _bold(
                labels.fmt(
                    self.tr("Changed since revision %1, which you returned"),
                    changes.previous_revision,
                ),
                content,
                1.1,
            )
        )
        if changes.returned_comment:
            reason = QLabel(
                labels.fmt(self.tr("Your reason for returning it: %1"), changes.returned_comment),
                content,
            )
            reason.setWordWrap(True)
            reason.setStyleSheet(WARNING_STYLE)
            column.addWidget(reason)
        if previous_comments:
            labels_by_key = self._labels(form, language)
            lines = []
            for comment in previous_comments:
                where = (
                    labels_by_key.get(comment.item_key, comment.item_key)
                    if comment.item_key
                    else self.tr("the whole report")
                )
                lines.append(f"<b>{html.escape(where)}</b>: {html.escape(comment.text)}")
            asked = QLabel(
                "<b>"
                + html.escape(
                    labels.fmt(self.tr("Your comments then (%1)"), len(previous_comments))
                )
                + "</b><br>"
                + "<br>".join(lines),
                content,
            )
            asked.setTextFormat(Qt.TextFormat.RichText)
            asked.setWordWrap(True)
            asked.setStyleSheet(COMMENT_STYLE)
            column.addWidget(asked)
        if changes.empty:
            nothing = QLabel(
                self.tr(
                    "Nothing changed: the answers, notes, photos and collateral findings are "
                    "those of the returned revision."
                ),
                content,
            )
            nothing.setWordWrap(True)
            nothing.setStyleSheet(WARNING_STYLE)
            column.addWidget(nothing)
        if changes.answers:
            column.addWidget(self._answers(changes, form, language, content))
        if changes.photos_added or changes.photos_removed:
            column.addWidget(self._photos(changes, content))
        if changes.collateral:
            column.addWidget(self._collateral(changes.collateral, form, content))
        column.addStretch(1)
        self._layout.addWidget(content)
        self._content = content

    @staticmethod
    def _labels(form: InspectionForm | None, language: str) -> dict[str, str]:
        from postloan_desktop.forms import engine

        if form is None:
            return {}
        return {
            i.key: i.item.label.get(language) + (f" — {i.collateral.label}" if i.collateral else "")
            for s in engine.layout(form.template, form.context)
            for i in s.items
        }

    def _answers(
        self,
        changes: RevisionChanges,
        form: InspectionForm | None,
        language: str,
        parent: QWidget,
    ) -> QWidget:
        from postloan_desktop.forms import engine

        box = QWidget(parent)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 6, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(
            _bold(labels.fmt(self.tr("Answers and notes (%1)"), len(changes.answers)), box),
            0,
            0,
            1,
            2,
        )
        names = self._labels(form, language)
        for n, change in enumerate(changes.answers, start=1):
            instance = None
            if form is not None:
                try:
                    instance = engine.find_item(form.template, form.context, change.key)
                except InvalidInput:
                    instance = None
            question = names.get(change.key, change.key)
            parts = []
            plain = []
            if change.before != change.after:
                before = value_text(instance, change.before, form, language)
                after = value_text(instance, change.after, form, language)
                parts.append(_before_after(before, after))
                plain.append(f"{before} → {after}")
            if change.note_before != change.note_after:
                parts.append(
                    html.escape(self.tr("Note:"))
                    + " "
                    + _before_after(change.note_before or "—", change.note_after or "—")
                )
                plain.append(f"{change.note_before or '—'} → {change.note_after or '—'}")
            name = QLabel(html.escape(question), box)
            name.setWordWrap(True)
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            what = QLabel("<br>".join(parts), box)
            what.setTextFormat(Qt.TextFormat.RichText)
            what.setWordWrap(True)
            grid.addWidget(name, n, 0)
            grid.addWidget(what, n, 1)
            self.answer_lines.append(f"{question}: " + "; ".join(plain))
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        return box

    def _photos(self, changes: RevisionChanges, parent: QWidget) -> QWidget:
        """Added and removed photos side by side, with their thumbnails and captions."""
        box = QWidget(parent)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 6, 0, 0)
        row.setSpacing(24)
        self.added = list(changes.photos_added)
        self.removed = list(changes.photos_removed)
        for title, photos, colour in (
            (self.tr("Photos added (%1)"), changes.photos_added, AFTER_COLOR),
            (self.tr("Photos removed (%1)"), changes.photos_removed, BEFORE_COLOR),
        ):
            if not photos:
                continue
            column = QVBoxLayout()
            column.setSpacing(4)
            heading = _bold(labels.fmt(title, len(photos)), box)
            heading.setWordWrap(False)
            heading.setStyleSheet(f"color: {colour};")
            column.addWidget(heading)
            grid = QGridLayout()
            grid.setSpacing(10)
            for n, photo in enumerate(photos):
                grid.addWidget(self._thumb(photo, box), n // 2, n % 2, Qt.AlignmentFlag.AlignTop)
            column.addLayout(grid)
            column.addStretch(1)
            row.addLayout(column)
        row.addStretch(1)
        return box

    def _thumb(self, photo: PhotoChange, parent: QWidget) -> QWidget:
        cell = QWidget(parent)
        cell.setFixedWidth(THUMB + 8)
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        image = QLabel(cell)
        image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        loaded = False
        if self._thumbnail is not None:
            try:
                loaded = pixmap.loadFromData(self._thumbnail(photo.thumb_sha256))
            except Exception:  # a thumbnail not (yet) here: its name says enough
                loaded = False
        if loaded:
            scaled = pixmap.scaled(
                THUMB,
                THUMB,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            image.setPixmap(scaled)
            image.setFixedSize(scaled.size())
        else:
            image.setText(self.tr("no thumbnail"))
            image.setFixedSize(THUMB, THUMB * 3 // 4)
            image.setFrameShape(QFrame.Shape.Box)
        layout.addWidget(image)
        caption = QLabel(photo.caption or photo.name, cell)
        caption.setWordWrap(True)
        caption.setToolTip(photo.name)
        layout.addWidget(caption)
        return cell

    def _collateral(
        self, changes: Sequence[CollateralChange], form: InspectionForm | None, parent: QWidget
    ) -> QWidget:
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 6, 0, 0)
        column.addWidget(_bold(labels.fmt(self.tr("Collateral findings (%1)"), len(changes)), box))
        names = {c.id: c.label for c in form.context.collateral} if form is not None else {}
        for change in changes:
            item = names.get(str(change.collateral_id), str(change.collateral_id)[:8])
            before = field_value(change.field, change.before)
            after = field_value(change.field, change.after)
            where = labels.fmt(self.tr("%1 · %2:"), item, field_name(change.field))
            line = QLabel(html.escape(where) + " " + _before_after(before, after), box)
            line.setTextFormat(Qt.TextFormat.RichText)
            line.setWordWrap(True)
            column.addWidget(line)
            self.collateral_lines.append(f"{item} · {field_name(change.field)}: {before} → {after}")
        return box


# --- the view ---------------------------------------------------------------------------------


class ReviewView(QWidget):
    """One report under review, and the moves through the queue."""

    back_requested = Signal()  # Esc: to the queue
    emptied = Signal()  # the last report of the queue was decided
    noted = Signal(str)  # a sentence for the status bar
    counted = Signal(int)  # the reports in the queue, each time it is read

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.inspection_id: InspectionId | None = None
        self.queue: list[ReviewRow] = []
        self.row: ReviewRow | None = None
        self.form: InspectionForm | None = None
        self.comments: list[CommentView] = []
        self.changes: RevisionChanges | None = None
        self.may_review = False
        self.signing_role: str | None = None
        self.status: InspectionStatus | None = None
        self.pdf_task: Task | None = None
        self.pdf_loaded = False
        self.pool: Pool | None = None  # tests: a SynchronousPool
        self.sign_dialog: SignDialog | None = None
        self.text_dialog: TextDialog | None = None
        self._loan_id: LoanId | None = None
        self._deciding = False

        self.back_button = QPushButton(self.tr("← Queue"), self)
        self.back_button.setToolTip(self.tr("Back to the reports to review (Esc)"))
        self.back_button.clicked.connect(lambda _checked=False: self.back_requested.emit())
        self.title = title_label(self, scale=1.25)
        self.position = QLabel(self)
        self.previous_button = QPushButton(self.tr("◀ Previous"), self)
        self.previous_button.setToolTip(self.tr("The previous report in the queue (K, Ctrl+PgUp)"))
        self.previous_button.clicked.connect(lambda _checked=False: self.step(-1))
        self.next_button = QPushButton(self.tr("Next ▶"), self)
        self.next_button.setToolTip(self.tr("The next report in the queue (J, Ctrl+PgDown)"))
        self.next_button.clicked.connect(lambda _checked=False: self.step(1))
        self.return_button = QPushButton(self.tr("Return…"), self)
        self.return_button.setToolTip(
            self.tr("Send the report back to the inspectors with a reason (Ctrl+R)")
        )
        self.return_button.clicked.connect(lambda _checked=False: self.request_return())
        self.approve_button = QPushButton(self.tr("Approve and countersign…"), self)
        self.approve_button.setToolTip(
            self.tr("Confirm the risk class and countersign the report (Ctrl+Enter)")
        )
        font = self.approve_button.font()
        font.setBold(True)
        self.approve_button.setFont(font)
        self.approve_button.clicked.connect(lambda _checked=False: self.request_approve())
        for button in (
            self.back_button,
            self.previous_button,
            self.next_button,
            self.return_button,
            self.approve_button,
        ):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(WARNING_STYLE)
        self.notice.hide()

        # Left: the signed report.
        self.viewer: ReportViewer | None = None
        self.pdf_stack = QWidget(self)
        pdf_layout = QVBoxLayout(self.pdf_stack)
        pdf_layout.setContentsMargins(0, 0, 0, 0)
        self.pdf_message = _muted("", self.pdf_stack)
        self.pdf_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pdf_layout.addWidget(self.pdf_message, 1)
        if pdf_viewer_available():
            from postloan_desktop.ui.report_preview import ReportViewer

            self.viewer = ReportViewer(self.pdf_stack)
            pdf_layout.addWidget(self.viewer, 1)
            self.viewer.hide()

        # Right: answers, changes, photos, collateral.
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.answers = AnswersPanel()
        self.answers.comment_requested.connect(self.request_comment)
        self.answers.remove_requested.connect(self.remove_comment)
        self.answers_area = self._scroll(self.answers)
        self.tabs.addTab(self.answers_area, self.tr("Answers"))
        thumbnail = context.photos.blob if context.photos is not None else None
        self.changes_panel = ChangesPanel(thumbnail)
        self.changes_area = self._scroll(self.changes_panel)
        self.tabs.addTab(self.changes_area, self.tr("Changes"))
        self.gallery: PhotoGallery | None = None
        if context.photos is not None:
            self.gallery = PhotoGallery(context.photos, lambda: self._context.user_id, self)
            self.gallery.toolbar.hide()  # nothing to add, turn or link: the report is signed
            self.tabs.addTab(self.gallery, self.tr("Photos"))
        else:
            self.tabs.addTab(_muted("", self), self.tr("Photos"))
        self.collateral_box = QWidget(self)
        self._collateral_layout = QVBoxLayout(self.collateral_box)
        self._collateral_layout.setContentsMargins(0, 0, 0, 0)
        self.collateral: CollateralRegisterWidget | None = None
        self.tabs.addTab(self.collateral_box, self.tr("Collateral"))
        for tab in (TAB_CHANGES, TAB_PHOTOS, TAB_COLLATERAL):
            self.tabs.setTabVisible(tab, False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.pdf_stack)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([540, 560])
        self.splitter.setChildrenCollapsible(False)

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addWidget(self.title, 1)
        head.addWidget(self.position)
        head.addWidget(self.previous_button)
        head.addWidget(self.next_button)
        head.addSpacing(12)
        head.addWidget(self.return_button)
        head.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

        context_ = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys: Sequence[tuple[str, Callable[[], object]]] = (
            ("J", lambda: self.step(1)),
            ("K", lambda: self.step(-1)),
            ("Ctrl+PgDown", lambda: self.step(1)),
            ("Ctrl+PgUp", lambda: self.step(-1)),
            ("Ctrl+Return", self.request_approve),
            ("Ctrl+Enter", self.request_approve),
            ("Ctrl+R", self.request_return),
            ("C", self.comment_current),
            ("Esc", self.back_requested.emit),
        )
        self.shortcuts: dict[str, QShortcut] = {}
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(context_)
            shortcut.activated.connect(slot)
            self.shortcuts[sequence] = shortcut
        context.events.data_changed.connect(self._on_events_data_changed)

    def _scroll(self, widget: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidget(widget)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        return area

    # --- showing a report -------------------------------------------------------------------------

    @property
    def actor(self) -> UserId | None:
        return self._context.user_id

    def open(self, inspection_id: InspectionId, queue: Sequence[ReviewRow] | None = None) -> None:
        """Show ``inspection_id``; ``queue`` is the order J/K go through (default: the
        acting user's queue as it stands)."""
        self.queue = list(queue) if queue is not None else self._read_queue()
        self.load(inspection_id)

    def _read_queue(self) -> list[ReviewRow]:
        review, actor = self._context.review, self.actor
        if review is None or actor is None:
            return []
        rows = review.queue(actor)
        self.counted.emit(len(rows))
        return rows

    def load(self, inspection_id: InspectionId, *, keep_tab: bool = False) -> None:
        """Read everything about the report (the PDF in the background) and show it."""
        review = self._context.review
        if review is None:
            return
        actor = self.actor
        first_time = inspection_id != self.inspection_id
        self.inspection_id = inspection_id
        self.row = next((r for r in self.queue if r.inspection_id == inspection_id), None)
        try:
            self.form = self._context.inspections.form(inspection_id)
        except NotFound:  # the demo's history: no checklist behind it
            self.form = None
        except Exception as exc:
            show_error(self, exc)
            self.form = None
        try:
            self.may_review = actor is not None and review.may_review(inspection_id, actor)
            self.comments = review.comments(inspection_id)
            self.changes = review.changes(inspection_id)
            previous = review.comments(self.changes.previous_id) if self.changes is not None else []
            reports = self._context.reports
            self.signing_role = (
                reports.next_signature(inspection_id, actor)
                if reports is not None and actor is not None
                else None
            )
        except Exception as exc:
            show_error(self, exc)
            return
        self.status = self.form.status if self.form is not None else None
        language = self._context.language
        self._show_head()
        self.answers.show_form(self.form, language)
        self.answers.show_comments(self.comments, self._commenter())
        self.changes_panel.show_changes(self.changes, self.form, previous, language)
        self._show_changes_tab()
        self._show_photos()
        self._show_collateral()
        if first_time or not self.pdf_loaded:
            self._load_pdf(inspection_id)
        if not keep_tab or first_time:
            resubmitted = self.changes is not None
            self.tabs.setCurrentIndex(TAB_CHANGES if resubmitted else TAB_ANSWERS)
            self.answers_area.verticalScrollBar().setValue(0)
            self.changes_area.verticalScrollBar().setValue(0)
        self._keep_focus()

    def _keep_focus(self) -> None:
        """The keys stay with the view when the item that had the focus was replaced."""
        focus = QApplication.focusWidget() if self.isVisible() else None
        if self.isVisible() and (focus is None or not self.isAncestorOf(focus)):
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_head(self) -> None:
        row, form = self.row, self.form
        borrower = row.borrower_name if row else (form.borrower_name if form else "")
        contract = row.contract_no if row else (form.contract_no if form else "")
        self.title.setText(f"{borrower}  ·  {contract}")
        parts: list[str] = []
        if row is not None:
            parts = [
                labels.label(row.kind),
                revision_text(row),
                labels.fmt(self.tr("officers A/B %1"), officers_text(row)),
                labels.fmt(self.tr("submitted %1"), labels.date(row.submitted_on)),
                labels.fmt(self.tr("due %1 (%2)"), labels.date(row.due_on), days_left_text(row)),
                labels.fmt(self.tr("proposed class %1"), risk_text(row)),
            ]
        elif form is not None:
            parts = [
                labels.label(form.kind),
                labels.fmt(self.tr("revision %1"), form.revision),
                labels.label(form.status),
            ]
        text = html.escape("  ·  ".join(parts))
        if row is not None and row.overdue:
            text = f'<span style="color:{labels.OVERDUE_COLOR};"><b>{text}</b></span>'
        self.subtitle.setText(text)
        index = self._index()
        self.position.setText(
            labels.fmt(self.tr("%1 of %2"), index + 1, len(self.queue)) if index >= 0 else ""
        )
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(0 <= index < len(self.queue) - 1)
        can_approve = self.may_review and self.signing_role == SUPERVISOR
        self.approve_button.setEnabled(can_approve)
        self.return_button.setEnabled(self.may_review)
        notice = ""
        if not self.may_review:
            status = self.status
            if status is InspectionStatus.APPROVED:
                notice = self.tr("Approved and countersigned: the report is final and read-only.")
            elif status is InspectionStatus.RETURNED:
                notice = self.tr("Returned to the inspectors: read-only until they re-submit it.")
            else:
                notice = self.tr(
                    "Not yours to review (your own report, or another branch's): read-only."
                )
        elif not can_approve:
            notice = self.tr(
                "This report was submitted without a signed PDF (before reports were signed): "
                "it cannot be countersigned, only returned (Ctrl+R)."
            )
            self.approve_button.setToolTip(notice)
        else:
            self.approve_button.setToolTip(
                self.tr("Confirm the risk class and countersign the report (Ctrl+Enter)")
            )
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    def _show_changes_tab(self) -> None:
        changes = self.changes
        self.tabs.setTabVisible(TAB_CHANGES, changes is not None)
        if changes is None:
            return
        count = (
            len(changes.answers)
            + len(changes.photos_added)
            + len(changes.photos_removed)
            + len(changes.collateral)
        )
        self.tabs.setTabText(TAB_CHANGES, labels.fmt(self.tr("Changes (%1)"), count))
        self.tabs.setTabToolTip(
            TAB_CHANGES,
            labels.fmt(
                self.tr("What revision %1 changed since revision %2, which you returned"),
                self.form.revision if self.form is not None else "?",
                changes.previous_revision,
            ),
        )

    def _targets(self) -> tuple[list[LinkTarget], list[CollateralTarget]]:
        from postloan_desktop.forms import engine

        form = self.form
        if form is None:
            return [], []
        language = self._context.language
        targets = [
            LinkTarget(
                key=i.key,
                label=i.item.label.get(language),
                section=s.title(language),
                photo_required=i.item.photo_required,
                collateral_id=uuid.UUID(i.collateral.id) if i.collateral else None,
            )
            for s in engine.layout(form.template, form.context)
            for i in s.items
        ]
        collateral = [CollateralTarget(uuid.UUID(c.id), c.label) for c in form.context.collateral]
        return targets, collateral

    def _show_photos(self) -> None:
        gallery = self.gallery
        if gallery is None or self.inspection_id is None:
            return
        targets, collateral = self._targets()
        try:
            gallery.show_inspection(
                self.inspection_id,
                editable=False,
                inspected_on=self.form.inspected_on if self.form is not None else None,
                targets=targets,
                collateral=collateral,
            )
        except Exception as exc:
            show_error(self, exc)
            return
        records = gallery.model.records()
        warned = sum(1 for r in records if r.warnings)
        text = labels.fmt(self.tr("Photos (%1)"), len(records))
        if warned:
            text = labels.fmt(self.tr("Photos (%1 · ⚠%2)"), len(records), warned)
        self.tabs.setTabText(TAB_PHOTOS, text)
        self.tabs.setTabToolTip(
            TAB_PHOTOS,
            self.tr(
                "The report's photos; Enter or a double click shows one at full size with its "
                "EXIF data and warnings"
            ),
        )
        self.tabs.setTabVisible(TAB_PHOTOS, True)

    def _show_collateral(self) -> None:
        loan_id = (
            self.row.loan_id
            if self.row is not None
            else (self.form.loan_id if self.form is not None else None)
        )
        if self._context.collateral is None or loan_id is None:
            self.tabs.setTabVisible(TAB_COLLATERAL, False)
            return
        if loan_id != self._loan_id or self.collateral is None:
            if self.collateral is not None:
                self._collateral_layout.removeWidget(self.collateral)
                self.collateral.deleteLater()
                self.collateral = None
            try:
                self.collateral = CollateralRegisterWidget(
                    self._context, loan_id, self.collateral_box
                )
            except Exception as exc:
                show_error(self, exc)
                self.tabs.setTabVisible(TAB_COLLATERAL, False)
                return
            self._collateral_layout.addWidget(self.collateral)
            self._loan_id = loan_id
        register = self.collateral.register
        count = len(register.items) if register is not None else 0
        self.tabs.setTabText(TAB_COLLATERAL, labels.fmt(self.tr("Collateral (%1)"), count))
        self.tabs.setTabToolTip(
            TAB_COLLATERAL,
            self.tr("The loan's collateral; double-click an item for its history and photos"),
        )
        self.tabs.setTabVisible(TAB_COLLATERAL, True)

    # --- the PDF ------------------------------------------------------------------------------

    def _load_pdf(self, inspection_id: InspectionId) -> None:
        self.pdf_loaded = False
        reports = self._context.reports
        if self.viewer is not None:
            self.viewer.hide()
        self.pdf_message.show()
        if reports is None:
            self.pdf_message.setText(self.tr("No reports on this computer."))
            return
        self.pdf_message.setText(self.tr("Opening the signed report…"))
        if self.pdf_task is not None:
            self.pdf_task.cancel()
        self.pdf_task = run_in_background(
            lambda _control: reports.report_pdf(inspection_id),
            on_done=lambda pdf: self._on_pdf_loaded(inspection_id, pdf),
            on_error=lambda exc: self._on_pdf_failed(inspection_id, exc),
            name="review report",
            pool=self.pool,
        )

    def _on_pdf_loaded(self, inspection_id: InspectionId, pdf: bytes | None) -> None:
        if inspection_id != self.inspection_id:
            return  # the supervisor has moved on
        self.pdf_task = None
        if pdf is None:
            self.pdf_message.setText(
                self.tr(
                    "This report has no signed PDF: it was submitted before reports were signed."
                )
            )
            return
        if self.viewer is None:
            self.pdf_message.setText(
                self.tr("Qt's PDF module is not installed: the signed report cannot be shown here.")
            )
            return
        if not self.viewer.load(bytes(pdf)):
            self.pdf_message.setText(self.tr("The signed report cannot be read."))
            return
        self.pdf_message.hide()
        self.viewer.show()
        self.pdf_loaded = True

    def _on_pdf_failed(self, inspection_id: InspectionId, exc: BaseException) -> None:
        if inspection_id != self.inspection_id:
            return
        self.pdf_task = None
        self.pdf_message.setText(self.tr("The signed report cannot be read."))
        log.warning("cannot read the report of %s: %s", inspection_id, exc)

    # --- moving through the queue -----------------------------------------------------------

    def _index(self) -> int:
        return next(
            (n for n, r in enumerate(self.queue) if r.inspection_id == self.inspection_id), -1
        )

    def step(self, delta: int) -> None:
        """J / K: the next or previous report, nothing decided."""
        index = self._index()
        target = index + delta
        if index < 0 or not 0 <= target < len(self.queue):
            self.noted.emit(
                self.tr("This is the last report in the queue.")
                if delta > 0
                else self.tr("This is the first report in the queue.")
            )
            return
        self.load(self.queue[target].inspection_id)

    def _after_decision(self, done: InspectionId, sentence: str) -> None:
        """After approving or returning ``done``: the next report of the queue as it is now
        (the one that followed it, else the one before), or back to the queue when none is
        left."""
        old = [r.inspection_id for r in self.queue]
        try:
            self.queue = self._read_queue()
        except Exception as exc:
            show_error(self, exc)
            self.queue = [r for r in self.queue if r.inspection_id != done]
        remaining = {r.inspection_id for r in self.queue}
        position = old.index(done) if done in old else len(old)
        following = [i for i in old[position + 1 :] if i in remaining]
        before = [i for i in reversed(old[:position]) if i in remaining]
        fresh = [r.inspection_id for r in self.queue if r.inspection_id not in old]
        candidates: list[InspectionId | None] = [*following, *before, *fresh, None]
        target = candidates[0]
        self._deciding = True  # the view moves on by itself: no reload of the one decided
        try:
            self._context.events.data_changed.emit({"inspections", "loans"})
        finally:
            self._deciding = False
        if target is None:
            self.noted.emit(labels.fmt(self.tr("%1 Nothing more to review."), sentence))
            self.emptied.emit()
            return
        self.load(target)
        row = self.row
        self.noted.emit(
            labels.fmt(self.tr("%1 Next: %2."), sentence, row.borrower_name if row else "")
        )

    def _on_events_data_changed(self, _changes: object) -> None:
        """A sync (or another view) changed data: the queue's order and this report's state."""
        if self._deciding or self.inspection_id is None or not self.isVisible():
            return
        review, actor = self._context.review, self.actor
        if review is None or actor is None:
            return
        try:
            self.queue = self._read_queue()
            may = review.may_review(self.inspection_id, actor)
        except Exception:
            log.exception("cannot read the review queue")
            return
        if may != self.may_review:
            self.load(self.inspection_id, keep_tab=True)
        else:
            self._show_head()

    # --- deciding -----------------------------------------------------------------------------

    def _dialog_open(self) -> bool:
        return self.sign_dialog is not None or self.text_dialog is not None

    def _subject(self) -> str:
        row, form = self.row, self.form
        if row is not None:
            return f"{row.borrower_name} · {row.contract_no} · {revision_text(row)}"
        if form is not None:
            return f"{form.borrower_name} · {form.contract_no}"
        return ""

    def request_approve(self) -> SignDialog | None:
        """Ctrl+Enter: the countersign dialog (risk decision, stamp, passphrase if the key is
        locked); approved, the view moves on."""
        reports, actor, inspection = self._context.reports, self.actor, self.inspection_id
        if reports is None or actor is None or inspection is None or self._dialog_open():
            return None
        if not self.approve_button.isEnabled():
            if self.notice.text():
                self.noted.emit(self.notice.text())
            return None
        name = next((m.name for m in self._context.inspections.staff() if m.id == actor), "")
        row = self.row
        dialog = SignDialog(
            reports,
            inspection_id=inspection,
            actor_id=actor,
            role=SUPERVISOR,
            signer_name=name,
            title=self._subject(),
            parent=self,
            pool=self.pool,
            proposed_risk_class=row.proposed_risk_class if row is not None else None,
            loan_risk_class=row.loan_risk_class if row is not None else None,
            session=self._context.signing,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed.connect(lambda _result: self._on_approved(inspection))
        dialog.finished.connect(lambda _result: setattr(self, "sign_dialog", None))
        self.sign_dialog = dialog
        dialog.open()
        return dialog

    def _on_approved(self, inspection: InspectionId) -> None:
        row = next((r for r in self.queue if r.inspection_id == inspection), None)
        name = row.borrower_name if row is not None else ""
        self._after_decision(
            inspection, labels.fmt(self.tr("Approved and countersigned: %1."), name)
        )

    def request_return(self) -> TextDialog | None:
        """Ctrl+R: ask why (required), then return the report to the inspectors."""
        inspection = self.inspection_id
        if inspection is None or self.actor is None or self._dialog_open():
            return None
        if not self.return_button.isEnabled():
            if self.notice.text():
                self.noted.emit(self.notice.text())
            return None
        note = (
            labels.fmt(
                self.tr(
                    "Your %1 comment(s) go back with it: the inspectors see each one on the "
                    "item it concerns in their new revision."
                ),
                len(self.comments),
            )
            if self.comments
            else self.tr("Tip: comment on the items to change (C) before returning the report.")
        )
        dialog = TextDialog(
            title=self.tr("Return the report"),
            heading=labels.fmt(self.tr("Return %1"), self._subject()),
            prompt=self.tr(
                "Why does it go back? The inspectors read this first in their new revision "
                "(required)."
            ),
            ok_text=self.tr("Return"),
            parent=self,
            note=note,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.return_report(inspection, dialog.text()))
        dialog.finished.connect(lambda _result: setattr(self, "text_dialog", None))
        self.text_dialog = dialog
        dialog.open()
        return dialog

    def return_report(self, inspection: InspectionId, reason: str) -> bool:
        actor = self.actor
        if actor is None:
            return False
        try:
            self._context.inspections.return_for_revision(
                inspection_id=inspection, actor_id=actor, comment=reason
            )
        except Exception as exc:
            show_error(self, exc)
            return False
        row = next((r for r in self.queue if r.inspection_id == inspection), None)
        name = row.borrower_name if row is not None else ""
        self._after_decision(inspection, labels.fmt(self.tr("Returned: %1."), name))
        return True

    # --- comments -----------------------------------------------------------------------------

    def comment_current(self) -> TextDialog | None:
        """C: comment on the current item (the whole report when there are no items)."""
        key = self.answers.current_key if self.answers.rows else ""
        if self.tabs.currentIndex() != TAB_ANSWERS and key:
            self.tabs.setCurrentIndex(TAB_ANSWERS)
            row = self.answers.rows.get(key)
            if row is not None:
                self.answers_area.ensureWidgetVisible(row, 20, 40)
        return self.request_comment(key or "")

    def request_comment(self, key: str) -> TextDialog | None:
        inspection = self.inspection_id
        if inspection is None or not self.may_review or self._dialog_open():
            return None
        row = self.answers.rows.get(key)
        if key and row is not None:
            self.answers.set_current(key)
            heading = labels.fmt(self.tr("Comment on: %1"), row.question)
        else:
            heading = self.tr("Comment on the whole report")
        dialog = TextDialog(
            title=self.tr("Comment"),
            heading=heading,
            prompt=self.tr(
                "What should the inspectors check or change? They see it on this item if "
                "you return the report."
            ),
            ok_text=self.tr("Add comment"),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_comment(inspection, key, dialog.text()))
        dialog.finished.connect(lambda _result: self._on_text_dialog_finished(key))
        self.text_dialog = dialog
        dialog.open()
        return dialog

    def _on_text_dialog_finished(self, key: str) -> None:
        self.text_dialog = None
        row = self.answers.rows.get(key)
        if row is not None and self.tabs.currentIndex() == TAB_ANSWERS:
            row.setFocus(Qt.FocusReason.OtherFocusReason)  # C again comments the same item

    def add_comment(self, inspection: InspectionId, key: str, text: str) -> CommentView | None:
        review, actor = self._context.review, self.actor
        if review is None or actor is None:
            return None
        try:
            comment = review.add_comment(
                inspection_id=inspection, item_key=key, text=text, actor_id=actor
            )
        except Exception as exc:
            show_error(self, exc)
            return None
        if inspection == self.inspection_id:
            self.comments.append(comment)
            self.answers.show_comments(self.comments, self._commenter())
        return comment

    def _commenter(self) -> str | None:
        """The reviewer's name while they may comment on this report, else None."""
        if not self.may_review or self.actor is None:
            return None
        staff = self._context.inspections.staff()
        return next((m.name for m in staff if m.id == self.actor), "")

    def remove_comment(self, comment_id: uuid.UUID) -> None:
        review, actor = self._context.review, self.actor
        if review is None or actor is None or self.inspection_id is None:
            return
        try:
            review.remove_comment(comment_id=comment_id, actor_id=actor)
            self.comments = review.comments(self.inspection_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.answers.show_comments(self.comments, self._commenter())


# --- screenshots (--view review-queue, --view review) ---------------------------------------------


def _wait(done: Callable[[], bool], seconds: float = 30.0) -> bool:
    from postloan_desktop.ui.sign_dialog import _wait as wait

    return wait(done, seconds)


def _exif_picture(path: Path, number: int, taken: dt.datetime, lat: float, lon: float) -> None:
    """A made-up site photo with its capture time and GPS, as a phone writes them."""
    from PIL import Image

    from postloan_desktop.services.report_sample import site_picture

    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "HUAWEI", "P60 Pro"
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    gps = exif.get_ifd(0x8825)

    def dms(value: float) -> tuple[float, float, float]:
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        return float(degrees), float(minutes), round(((value - degrees) * 60 - minutes) * 60, 2)

    gps[1], gps[2], gps[3], gps[4] = "N", dms(lat), "E", dms(lon)
    site_picture(number).save(path, "JPEG", quality=88, exif=exif.tobytes())


def prepare_review_demo(context: AppContext) -> tuple[UserId, InspectionId] | None:
    """For screenshots in a demo folder: a report that was signed by officers A and B,
    returned by the supervisor with comments, changed by the inspector (an answer, a note,
    a photo removed and one added, a collateral estimate) and signed again — a re-submitted
    revision in its supervisor's queue. Made once; found again on the next run. Returns
    (the supervisor, the revision)."""
    from postloan_desktop.domain.enums import RiskClass
    from postloan_desktop.services import report_sample
    from postloan_desktop.services.bootstrap import Services
    from postloan_desktop.services.demo_keys import DEMO_KEY_PASSPHRASE
    from postloan_desktop.services.inspections import RISK_CLASS_KEY

    review, reports = context.review, context.reports
    if review is None or reports is None or context.photos is None or context.collateral is None:
        return None
    if reports.demo_passphrase() is None:
        log.error("the data folder has no demo keys: use --demo on an empty folder")
        return None
    staff = context.inspections.staff()
    from postloan_desktop.domain.enums import Role

    for member in staff:  # made before?
        if Role.SUPERVISOR not in member.roles or Role.INSPECTOR in member.roles:
            continue
        for row in review.queue(member.id):
            if row.resubmitted and reports.next_signature(row.inspection_id, member.id):
                return member.id, row.inspection_id
    services = Services(
        data_dir=context.data_dir,
        portfolio=context.portfolio,
        inspections=context.inspections,
        photos=context.photos,
        collateral=context.collateral,
        reports=reports,
        sync=context.sync,  # type: ignore[arg-type]  # not used here
        review=review,
    )
    loan_id, officer_a, officer_b, supervisor, items, borrower = report_sample._pick_loan(services)
    inspection = context.inspections.draft_for_loan(loan_id)
    assert inspection is not None
    estimates = report_sample._collateral_notes(services, inspection, officer_a, items)
    report_sample.answer_all(services, inspection, officer_a, estimates)
    folder = context.data_dir.root / "sample-photos"
    report_sample._photos(services, inspection, officer_a, borrower, items, folder)
    passphrase = DEMO_KEY_PASSPHRASE
    reports.sign(inspection, officer_a, passphrase, report_sample.handwriting(1))
    reports.sign(inspection, officer_b, passphrase, report_sample.handwriting(2))

    # The supervisor comments and returns it.
    form = context.inspections.form(inspection)
    use_key = next((k for k in form.answers if k.startswith("funds_diverted")), None)
    stock_key = next(
        (k for k in sorted(form.answers) if k.startswith("collateral_estimated_value")), None
    )
    for key, text in (
        (use_key, "请附上受托支付凭证的编号，并说明三笔支付的收款方。"),
        (stock_key, "估值依据不足：请补充近期同类房产成交案例。"),
        ("", "银行流水为复印件且无定位信息，请补拍原件。"),
    ):
        if key is not None:
            review.add_comment(
                inspection_id=inspection, item_key=key, text=text, actor_id=supervisor
            )
    context.inspections.return_for_revision(
        inspection_id=inspection,
        actor_id=supervisor,
        comment="资金用途凭证和抵押物估值依据不充分，请补充后重新提交。",
    )

    # The inspector reopens it and answers the comments.
    revision = context.inspections.reopen(inspection_id=inspection, actor_id=officer_a)
    if use_key is not None:
        context.inspections.note(
            inspection_id=revision,
            key=use_key,
            text="受托支付凭证3笔（编号 STZF-2611-001 至 003），收款方均为原材料供应商。",
            actor_id=officer_a,
        )
    if stock_key is not None:
        value = form.answers.get(stock_key)
        if isinstance(value, int):
            context.inspections.answer(
                inspection_id=revision,
                key=stock_key,
                value=value * 97 // 100 // 100 * 100,
                actor_id=officer_a,
            )
    context.inspections.answer(  # the lower estimate: the inspectors now propose 关注
        inspection_id=revision,
        key=RISK_CLASS_KEY,
        value=RiskClass.SPECIAL_MENTION.value,
        actor_id=officer_a,
    )
    photos = context.photos.photos(revision)
    copy = next((p for p in photos if "复印件" in p.caption), photos[-1] if photos else None)
    if copy is not None:
        context.photos.remove(photo_id=copy.id, actor_id=officer_a)
    lat, lon = borrower.latitude or 30.59, borrower.longitude or 114.30
    path = folder / "IMG_0007.jpg"
    taken = dt.datetime.combine(report_sample.SAMPLE_TODAY, dt.time(10, 5))
    _exif_picture(path, 7, taken, lat, lon)
    added = context.photos.import_file(inspection_id=revision, path=path, actor_id=officer_a)
    context.photos.set_caption(
        photo_id=added.photo.id, caption="银行流水原件（2026年10月）", actor_id=officer_a
    )
    if items:
        first = CollateralId(items[0].id)
        entry = next(
            (e for e in context.collateral.notes(revision).entries if e.collateral.id == first),
            None,
        )
        estimate = entry.note.estimated_value_fen if entry and entry.note else None
        changed: dict[str, object] = {"valuation_basis": "市场比较（近三个月同小区成交3例）"}
        if estimate:
            changed["estimated_value_fen"] = estimate * 97 // 100 // 100 * 100
        context.collateral.save_note(
            inspection_id=revision, collateral_id=first, actor_id=officer_a, **changed
        )
    reports.sign(revision, officer_a, passphrase, report_sample.handwriting(1))
    reports.sign(revision, officer_b, passphrase, report_sample.handwriting(2))
    return supervisor, revision


def screenshot_review(window: MainWindow, path: Path, *, queue: bool) -> int:
    """``--view review-queue``: the supervisor's queue; ``--view review``: a re-submitted
    report in the review view (its changes tab), its signed PDF on the left."""
    context = window.context
    try:
        prepared = prepare_review_demo(context)
    except Exception:
        log.exception("cannot prepare a report to review")
        return 1
    if prepared is None:
        log.error("no report to review: use --demo on an empty data folder")
        return 1
    supervisor, inspection = prepared
    window.user_combo.select_user(supervisor, remember=False)
    window.refresh()
    if queue:
        window.show_review_queue()
        window.review_queue_view.select(inspection)
        _wait(lambda: False, 0.3)
        target: QWidget = window
    else:
        window.open_review(inspection)
        view = window.review_view
        _wait(lambda: view.pdf_loaded or view.pdf_task is None, 30)
        _wait(lambda: False, 0.5)
        target = window
    path.parent.mkdir(parents=True, exist_ok=True)
    if not target.grab().save(str(path)):
        log.error("cannot write the screenshot to %s", path)
        return 1
    return 0
