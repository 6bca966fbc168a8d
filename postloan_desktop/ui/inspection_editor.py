"""The inspection editor: one page per inspection, every change saved as it is made.

Left, the sections with how far each is; centre, the checklist in one scrolling column; right,
what is still missing and which risk signals the answers raise, with the submit button. The
centre also has the inspection's photos (Ctrl+Shift+P) and its notes on each collateral item
of the loan (Ctrl+Shift+C; a coverage below the threshold is also shown on the right).

With a report service the right side also previews the report (Ctrl+P, ui/report_preview.py),
lists the signatures so far, and signing replaces submitting: Ctrl+Enter opens the sign dialog
(ui/sign_dialog.py) for the signature the acting user is due to give — officer A, then B, then
the supervisor's countersignature; officer A may withdraw while B has not signed. The signed
report's signatures are checked in ui/verify_panel.py.

There is no Save button. Choices and dates are saved the moment they change; typed text after
a short pause (SAVE_DELAY_MS) and at once when the field loses the focus, so a crash loses at
most what was typed in the last fraction of a second. Each answer goes to
InspectionService.answer in its own transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import uuid
from collections import Counter
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QHideEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.enums import InspectionStatus, RiskClass
from postloan_desktop.domain.errors import InvalidInput, NotAllowed, NotFound
from postloan_desktop.domain.ids import InspectionId, UserId
from postloan_desktop.services.inspection_dto import InspectionForm, ValidationReport
from postloan_desktop.services.inspections import (
    NEXT_DATE_KEY,
    NEXT_DATE_REASON_KEY,
    RISK_CLASS_KEY,
)
from postloan_desktop.ui import labels
from postloan_desktop.ui.answer_widgets import (
    AnswerInput,
    DateInput,
    FieldLineEdit,
    InputProblem,
    make_input,
)
from postloan_desktop.ui.background import Pool
from postloan_desktop.ui.collateral import CollateralNotesPanel
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.gallery import CollateralTarget, LinkTarget, PhotoGallery
from postloan_desktop.ui.key_import import KeyImportDialog
from postloan_desktop.ui.loan_detail import WARNING_STYLE
from postloan_desktop.ui.photo_import import FileDropTarget
from postloan_desktop.ui.report_preview import ReportPreviewer
from postloan_desktop.ui.sign_dialog import (
    INSPECTOR_A,
    INSPECTOR_B,
    SUPERVISOR,
    SignDialog,
    role_name,
    sign_action_text,
)
from postloan_desktop.ui.verify_panel import VerifyDialog, open_verify_dialog
from postloan_desktop.ui.widgets import title_label

if TYPE_CHECKING:  # the forms package (pydantic, YAML) loads with the first form, not at start
    from postloan_desktop.forms.engine import CollateralRef, ItemInstance, SectionInstance

SAVE_DELAY_MS = 400
REQUIRED_COLOR = "#c0392b"
# Colours by palette, not style sheets: a style sheet per row costs a second on a long form.
HELP_COLOR = QColor(labels.MUTED_COLOR)
CARRIED_BACKGROUND = QColor("#fff4d6")  # amber: an answer carried over, not yet confirmed
CARRIED_TAG = (QColor("#f0c36d"), QColor("#5a3d00"))  # background, text
PHOTO_TAG = (QColor("#e3edf9"), QColor("#1f4e8c"))
PHOTO_MISSING_TAG = (QColor("#fdecea"), QColor("#c0392b"))  # photos required, none yet
DROP_BACKGROUND = QColor("#dbe9fb")  # a row photo files are being dragged over
DONE_COLOR = QColor("#1e8449")
LEVEL_COLORS = {  # by the forms package's SignalLevel values
    "alert": QColor("#c0392b"),
    "warning": QColor("#d35400"),
    "notice": QColor("#2c3e50"),
}
KEY_ROLE = Qt.ItemDataRole.UserRole
# A supervisor's comment under the item it concerns (the revision after a return).
REVIEW_NOTE_STYLE = (
    "QLabel { background: #eef3fb; color: #1f3f73; border-left: 3px solid #3b6fb6;"
    " padding: 4px 6px; }"
)


def colored_label(text: str, color: QColor, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    label.setPalette(palette)
    return label


def tag_label(text: str, background: QColor, foreground: QColor, parent: QWidget) -> QLabel:
    """A small coloured tag such as 需拍照 or 沿用上次."""
    label = colored_label(text, foreground, parent)
    set_tag_colors(label, background, foreground)
    label.setAutoFillBackground(True)
    label.setContentsMargins(6, 1, 6, 1)
    return label


def set_tag_colors(label: QLabel, background: QColor, foreground: QColor) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.Window, background)
    palette.setColor(QPalette.ColorRole.WindowText, foreground)
    label.setPalette(palette)


class ItemRow(QFrame):
    """One checklist item: its label, help, input, note, and the carried-forward mark."""

    answer_due = Signal()  # the answer should be saved now
    note_due = Signal()  # the note should be saved now
    confirm_requested = Signal()

    def __init__(
        self,
        instance: ItemInstance,
        *,
        language: str,
        collateral: Sequence[CollateralRef],
        suggested_date: dt.date | None,
        photos: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.instance = instance
        self.key = instance.key
        item = instance.item
        self.carried = False
        self._editable = True
        self._photos = photos  # photo files dropped on the row are imported for this item
        self.photo_count = 0
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, CARRIED_BACKGROUND)
        self.setPalette(palette)  # shown only while carried (autoFillBackground)

        text = html.escape(item.label.get(language))
        if item.required:
            text += f' <span style="color:{REQUIRED_COLOR};">*</span>'
        self.label = QLabel(text, self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        help_text = item.help.get(language) if item.help else ""
        if help_text:
            self.label.setToolTip(help_text)
        if item.required:
            self.label.setAccessibleDescription(self.tr("Required"))

        self.photo_tag = tag_label(self.tr("Photos required"), *PHOTO_TAG, self)
        self.photo_tag.setToolTip(self.tr("Take photos of this during the inspection"))
        self.photo_tag.setVisible(item.photo_required)
        if photos:
            self.photo_tag.setToolTip(
                self.tr(
                    "Take photos of this during the inspection; drop the photo files on this "
                    "item to add them to it"
                )
            )
        self.carried_tag = tag_label(self.tr("From last inspection"), *CARRIED_TAG, self)
        self.carried_tag.setToolTip(
            self.tr("Carried over from the last inspection: check it, then confirm it or change it")
        )
        self.confirm_button = QPushButton(self.tr("Confirm"), self)
        self.confirm_button.setToolTip(self.tr("The answer from the last inspection still holds"))
        self.confirm_button.clicked.connect(lambda _checked=False: self.confirm_requested.emit())

        self.help = colored_label(help_text, HELP_COLOR, self)
        self.help.setWordWrap(True)
        font = self.help.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.help.setFont(font)
        self.help.setVisible(bool(help_text))

        self.input: AnswerInput = make_input(
            item,
            language=language,
            collateral=collateral,
            suggested_date=suggested_date,
            parent=self,
        )
        self.note: FieldLineEdit | None = None
        if item.note:
            self.note = FieldLineEdit(self)
            self.note.setPlaceholderText(self.tr("Note"))
            self.note.setToolTip(self.tr("A note on this item (saved automatically)"))
            self.note.setClearButtonEnabled(True)
            self.note.setMinimumWidth(80)
        self.problem = colored_label("", QColor(REQUIRED_COLOR), self)
        self.problem.setWordWrap(True)
        self.problem.hide()
        # The supervisor's comments on this item when the revision before was returned.
        self.review_note = QLabel(self)
        self.review_note.setWordWrap(True)
        self.review_note.setStyleSheet(REVIEW_NOTE_STYLE)
        self.review_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review_note.hide()

        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.photo_tag, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.carried_tag, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        answer = QHBoxLayout()
        answer.addWidget(self.input, 3)
        if self.note is not None:
            answer.addWidget(self.note, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addLayout(answer)
        layout.addWidget(self.problem)
        layout.addWidget(self.review_note)

        self._answer_timer = QTimer(self)
        self._answer_timer.setSingleShot(True)
        self._answer_timer.setInterval(SAVE_DELAY_MS)
        self._answer_timer.timeout.connect(self.answer_due)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.note_due)
        self.input.edited.connect(self._on_input_edited)
        self.input.finished.connect(self.flush_answer)
        if self.note is not None:
            self.note.textEdited.connect(lambda _text: self._note_timer.start())
            self.note.focus_lost.connect(self.flush_note)
        self.drop_target = FileDropTarget(self, self._show_drop_target)
        self.files_dropped = self.drop_target.dropped  # list[Path]: photos for this item
        self.set_carried(False)
        if photos:
            self.set_photo_count(0)

    # --- saving -------------------------------------------------------------------------------

    def _on_input_edited(self) -> None:
        if self.input.debounced:
            self._answer_timer.start()
        else:
            self._answer_timer.stop()
            self.answer_due.emit()

    def flush_answer(self) -> None:
        if self._answer_timer.isActive():
            self._answer_timer.stop()
            self.answer_due.emit()

    def flush_note(self) -> None:
        if self._note_timer.isActive():
            self._note_timer.stop()
            self.note_due.emit()

    def flush(self) -> None:
        self.flush_answer()
        self.flush_note()

    def stop_timers(self) -> None:
        self._answer_timer.stop()
        self._note_timer.stop()

    # --- showing ------------------------------------------------------------------------------

    def note_text(self) -> str:
        return self.note.text() if self.note is not None else ""

    def set_note(self, text: str) -> None:
        if self.note is not None:
            self.note.setText(text)

    def set_review_comments(self, comments: Sequence[str]) -> None:
        """The supervisor's comments on this item, to address in this revision."""
        self.review_note.setText(
            "\n".join(labels.fmt(self.tr("Supervisor's comment: %1"), text) for text in comments)
        )
        self.review_note.setVisible(bool(comments))

    def set_carried(self, carried: bool) -> None:
        self.carried = carried
        self.setAutoFillBackground(carried)  # the amber background from the palette
        self.carried_tag.setVisible(carried)
        self.confirm_button.setVisible(carried and self._editable)

    def set_photo_count(self, count: int) -> None:
        """How many photos are linked to this item: on the tag of items that need photos
        (red while there are none), and on any item that has some."""
        self.photo_count = count
        if self.instance.item.photo_required:
            self.photo_tag.setText(labels.fmt(self.tr("Photos required · %1 so far"), count))
            set_tag_colors(self.photo_tag, *(PHOTO_TAG if count else PHOTO_MISSING_TAG))
            self.photo_tag.setVisible(True)
        else:
            self.photo_tag.setText(labels.fmt(self.tr("%1 photo(s)"), count))
            set_tag_colors(self.photo_tag, *PHOTO_TAG)
            self.photo_tag.setVisible(count > 0)

    def _show_drop_target(self, on: bool) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, DROP_BACKGROUND if on else CARRIED_BACKGROUND)
        self.setPalette(palette)
        self.setAutoFillBackground(on or self.carried)

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.drop_target.enabled = editable and self._photos
        self.input.setEnabled(editable)
        if self.note is not None:
            self.note.setEnabled(editable)
        self.confirm_button.setVisible(self.carried and editable)
        self.confirm_button.setEnabled(editable)


class SectionBox(QGroupBox):
    """A section of the checklist: its help, a "confirm all" button, and its items."""

    confirm_all_requested = Signal()

    def __init__(self, section: SectionInstance, language: str, parent: QWidget | None = None):
        super().__init__(section.title(language), parent)
        self.key = section.key
        self.title_text = section.title(language)
        self.rows: list[ItemRow] = []
        # A section about one collateral item takes photo files dropped on it (not on a row).
        self.collateral_id = uuid.UUID(section.collateral.id) if section.collateral else None
        self.drop_target = FileDropTarget(self)
        self.files_dropped = self.drop_target.dropped
        help_text = section.section.help.get(language) if section.section.help else ""
        self.help = colored_label(help_text, HELP_COLOR, self)
        self.help.setWordWrap(True)
        self.help.setVisible(bool(help_text))
        self.confirm_all = QPushButton(self)
        self.confirm_all.setToolTip(
            self.tr(
                "Every answer carried over from the last inspection in this section still holds"
            )
        )
        self.confirm_all.clicked.connect(lambda _checked=False: self.confirm_all_requested.emit())
        self.confirm_all.hide()
        head = QHBoxLayout()
        head.addWidget(self.help, 1)
        head.addWidget(self.confirm_all, 0, Qt.AlignmentFlag.AlignTop)
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(4)
        self._layout.addLayout(head)

    def add_row(self, row: ItemRow) -> None:
        self.rows.append(row)
        self._layout.addWidget(row)

    def show_carried(self, count: int, editable: bool) -> None:
        self.confirm_all.setText(labels.fmt(self.tr("Confirm all (%1)"), count))
        self.confirm_all.setVisible(count > 0 and editable)


class ValidationPanel(QWidget):
    """What is still missing, the risk signals raised, and the submit button."""

    item_activated = Signal(str)  # an answer key
    submit_requested = Signal()
    collateral_requested = Signal()  # the coverage warning's link: show the collateral tab
    sign_requested = Signal()
    preview_requested = Signal()
    verify_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.missing_title = title_label(self, scale=1.05)
        self.missing = QListWidget(self)
        self.missing.setWordWrap(True)
        self.missing.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.missing.setResizeMode(QListView.ResizeMode.Adjust)
        self.signals_title = title_label(self, scale=1.05)
        self.signals = QListWidget(self)
        self.signals.setWordWrap(True)
        self.signals.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.signals.setResizeMode(QListView.ResizeMode.Adjust)
        # The collateral tab's coverage warning, here too so it is seen from every tab.
        self.coverage = QLabel(self)
        self.coverage.setWordWrap(True)
        self.coverage.setTextFormat(Qt.TextFormat.RichText)
        self.coverage.setStyleSheet(WARNING_STYLE)
        self.coverage.linkActivated.connect(lambda _link: self.collateral_requested.emit())
        self.coverage.hide()
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("Submit"), self)
        self.submit_button.setToolTip(
            self.tr("Submit the inspection for review; it can no longer be changed (Ctrl+Enter)")
        )
        font = self.submit_button.font()
        font.setBold(True)
        self.submit_button.setFont(font)
        self.submit_button.setMinimumHeight(34)
        self.submit_button.clicked.connect(lambda _checked=False: self.submit_requested.emit())
        # With a report service: the signatures so far, preview, verify, and signing instead
        # of submitting (inspector A's signature is the submission).
        self.signatures_title = title_label(self, scale=1.05)
        self.signatures_title.setText(self.tr("Signatures"))
        self.signatures = QLabel(self)
        self.signatures.setWordWrap(True)
        self.signatures.setTextFormat(Qt.TextFormat.RichText)
        self.preview_button = QPushButton(self.tr("Preview report"), self)
        self.preview_button.setToolTip(
            self.tr("The report as it stands, marked as a draft (Ctrl+P)")
        )
        self.preview_button.clicked.connect(lambda _checked=False: self.preview_requested.emit())
        self.verify_button = QPushButton(self.tr("Verify signatures"), self)
        self.verify_button.setToolTip(self.tr("Check every signature on the signed report"))
        self.verify_button.clicked.connect(lambda _checked=False: self.verify_requested.emit())
        self.sign_button = QPushButton(self.tr("Sign report"), self)
        self.sign_button.setFont(font)
        self.sign_button.setMinimumHeight(34)
        self.sign_button.clicked.connect(lambda _checked=False: self.sign_requested.emit())
        report_row = QHBoxLayout()
        report_row.addWidget(self.preview_button)
        report_row.addWidget(self.verify_button)
        for widget in (self.signatures_title, self.signatures, self.sign_button):
            widget.hide()
        self.preview_button.hide()
        self.verify_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.missing_title)
        layout.addWidget(self.missing, 3)
        layout.addWidget(self.signals_title)
        layout.addWidget(self.signals, 2)
        layout.addWidget(self.coverage)
        layout.addWidget(self.signatures_title)
        layout.addWidget(self.signatures)
        layout.addWidget(self.state)
        layout.addLayout(report_row)
        layout.addWidget(self.submit_button)
        layout.addWidget(self.sign_button)
        for view in (self.missing, self.signals):
            view.itemClicked.connect(self._on_list_item_clicked)
            view.itemActivated.connect(self._on_list_item_clicked)

    def show_report(
        self,
        report: ValidationReport,
        *,
        language: str,
        section_titles: dict[str, str],
        editable: bool,
        unconfirmed: frozenset[str] = frozenset(),
    ) -> None:
        self.missing.clear()
        section = None
        for instance in report.missing:
            if instance.section_key != section:  # a heading per section, then its items
                section = instance.section_key
                heading = QListWidgetItem(section_titles.get(section, ""), self.missing)
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
            text = "    " + instance.item.label.get(language)
            if instance.key in unconfirmed:
                text += self.tr(" (carried over, to confirm)")
            entry = QListWidgetItem(text, self.missing)
            entry.setData(KEY_ROLE, instance.key)
        self.missing_title.setText(
            labels.fmt(self.tr("Required items unanswered (%1)"), len(report.missing))
        )
        self.signals.clear()
        for signal in report.signals:
            text = f"【{labels.signal_level(signal.level)}】{signal.message.get(language)}"
            if signal.collateral is not None:
                text += f" — {signal.collateral.label}"
            entry = QListWidgetItem(text, self.signals)
            entry.setData(KEY_ROLE, signal.answer_key)
            entry.setForeground(QBrush(LEVEL_COLORS.get(str(signal.level), QColor("#2c3e50"))))
        self.signals_title.setText(
            labels.fmt(self.tr("Risk signals raised (%1)"), len(report.signals))
        )
        if not editable:
            self.state.setText(self.tr("This inspection is no longer a draft: it is read-only."))
        elif report.ready:
            self.state.setText(self.tr("Every required item is answered: ready to submit."))
        else:
            self.state.setText(self.tr("Answer every required item (F8 goes to the next one)."))
        self.submit_button.setEnabled(editable and report.ready)
        self.submit_button.setVisible(editable)

    def show_coverage_warning(self, text: str) -> None:
        """The collateral's coverage warning ('' for none), with a link to the collateral."""
        self.coverage.setText(
            f'{html.escape(text)}<br><a href="collateral">'
            + html.escape(self.tr("Go to the collateral (Ctrl+Shift+C)"))
            + "</a>"
            if text
            else ""
        )
        self.coverage.setVisible(bool(text))

    def _on_list_item_clicked(self, entry: QListWidgetItem) -> None:
        key = entry.data(KEY_ROLE)
        if isinstance(key, str):
            self.item_activated.emit(key)


class InspectionEditor(QWidget):
    back_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._service = context.inspections
        self.form: InspectionForm | None = None
        self.report: ValidationReport | None = None
        self.rows: dict[str, ItemRow] = {}
        self.sections: list[SectionBox] = []
        self._answers: dict[str, Any] = {}
        self._notes: dict[str, str] = {}
        self._carried: set[str] = set()
        self.confirm_box: QMessageBox | None = None
        self.review_comments: list[Any] = []  # CommentView: the supervisor's, to address
        self._scrolling = False  # True while the editor itself scrolls to a section

        self.back_button = QPushButton(self.tr("← Back"), self)
        self.back_button.setToolTip(self.tr("Back to the previous page (Alt+Left)"))
        self.back_button.clicked.connect(lambda _checked=False: self.back_requested.emit())
        self.title = title_label(self, scale=1.3)
        self.subtitle = QLabel(self)
        self.saved_label = colored_label("", HELP_COLOR, self)
        self.reopen_button = QPushButton(self.tr("Reopen as a new revision"), self)
        self.reopen_button.setToolTip(
            self.tr("Start a new draft revision with these answers, to address the review")
        )
        self.reopen_button.clicked.connect(lambda _checked=False: self.reopen())
        self.reopen_button.hide()
        self.withdraw_button = QPushButton(self.tr("Withdraw signature"), self)
        self.withdraw_button.setToolTip(
            self.tr(
                "Take the report back before inspector B signs: your signature is withdrawn and "
                "a new draft revision opens with these answers"
            )
        )
        self.withdraw_button.clicked.connect(lambda _checked=False: self.request_withdraw())
        self.withdraw_button.hide()
        self.comment = QLabel(self)
        self.comment.setWordWrap(True)
        self.comment.setStyleSheet(WARNING_STYLE)
        self.comment.hide()

        self.nav = QListWidget(self)
        self.nav.setWordWrap(True)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.nav.setResizeMode(QListView.ResizeMode.Adjust)  # rewrap the titles on resize
        self.nav.setSpacing(1)
        self.nav.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.nav.itemClicked.connect(self._on_nav_item_clicked)
        self.nav.itemActivated.connect(self._on_nav_item_clicked)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)
        self.panel = ValidationPanel(self)
        self.panel.item_activated.connect(self.focus_item)
        self.panel.submit_requested.connect(self.request_submit)
        self.panel.collateral_requested.connect(self.show_collateral)
        self.panel.sign_requested.connect(self.request_sign)
        self.panel.preview_requested.connect(self.preview_report)
        self.panel.verify_requested.connect(self.verify_report)
        # Reports: preview (Ctrl+P), signing instead of submitting, verification.
        self.previewer: ReportPreviewer | None = None
        self.sign_dialog: SignDialog | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.key_dialog: KeyImportDialog | None = None
        self.signing_role: str | None = None  # the signature the acting user is due to give
        self.signatures: list[Any] = []  # SignatureInfo: the signatures so far
        self.report_pool: Pool | None = None  # tests: a SynchronousPool
        if context.reports is not None:
            self.previewer = ReportPreviewer(
                context.reports,
                context.data_dir.root,
                self,
                language=lambda: self._context.language,
            )

        # The checklist and, when there is a photo service, the inspection's photos.
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)
        self.tabs.addTab(self.scroll_area, self.tr("Checklist"))
        self.gallery: PhotoGallery | None = None
        if context.photos is not None:
            self.gallery = PhotoGallery(context.photos, lambda: self._context.user_id, self)
            self.gallery.photos_changed.connect(self._refresh_photo_counts)
            self.tabs.addTab(self.gallery, self.tr("Photos"))
            self.tabs.setTabToolTip(1, self.tr("The inspection's photos (Ctrl+Shift+P)"))
            self.addAction(self.gallery.add_action)  # Ctrl+O anywhere in the editor
        # And, when there is a collateral service, the notes on each collateral item of the
        # loan (the tab is hidden for a loan without collateral).
        self.collateral_area: QScrollArea | None = None
        self.collateral_panel: CollateralNotesPanel | None = None
        if context.collateral is not None:
            self.collateral_area = QScrollArea(self)
            self.collateral_area.setWidgetResizable(True)
            self.collateral_area.setFrameShape(QFrame.Shape.NoFrame)
            index = self.tabs.addTab(self.collateral_area, self.tr("Collateral"))
            self.tabs.setTabVisible(index, False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([200, 660, 270])
        self.splitter.setChildrenCollapsible(False)

        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addWidget(self.title, 1)
        head.addWidget(self.saved_label)
        head.addWidget(self.reopen_button)
        head.addWidget(self.withdraw_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.comment)
        layout.addWidget(self.splitter, 1)

        context_ = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+PgDown", self.next_section),
            ("Ctrl+PgUp", self.previous_section),
            ("F8", self.next_missing),
            ("Ctrl+Return", self.request_submit),
            ("Ctrl+Enter", self.request_submit),
            ("Alt+Left", self.back_requested.emit),
            ("Ctrl+Shift+P", self.toggle_photos),
            ("Ctrl+Shift+C", self.toggle_collateral),
            ("Ctrl+P", self.preview_report),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context_)
            shortcut.activated.connect(slot)

    # --- loading ------------------------------------------------------------------------------

    @property
    def inspection_id(self) -> InspectionId | None:
        return self.form.id if self.form is not None else None

    @property
    def _language(self) -> str:
        """'zh' or 'en': which of the checklist's texts to show."""
        return self._context.language

    def load(self, inspection_id: InspectionId) -> None:
        """Show an inspection (saving whatever is pending for the one shown before)."""
        self.flush()
        form = self._service.form(inspection_id, actor_id=self._context.user_id)
        self._build(form)

    def _build(self, form: InspectionForm) -> None:
        from postloan_desktop.forms import engine

        for row in self.rows.values():
            row.stop_timers()
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.form = form
        self._answers = dict(form.answers)
        self._notes = dict(form.notes)
        self._carried = set(form.carried_forward)
        self.rows = {}
        self.sections = []

        container = QWidget()
        column = QVBoxLayout(container)
        column.setSpacing(10)
        for section in engine.layout(form.template, form.context):
            box = SectionBox(section, self._language, container)
            box.confirm_all_requested.connect(partial(self._on_section_confirm_all, box))
            for instance in section.items:
                row = ItemRow(
                    instance,
                    language=self._language,
                    collateral=form.context.collateral,
                    suggested_date=(
                        form.suggested_next_date if instance.item.key == NEXT_DATE_KEY else None
                    ),
                    photos=self.gallery is not None,
                    parent=box,
                )
                row.input.set_value(self._answers.get(row.key))
                row.set_note(self._notes.get(row.key, ""))
                row.set_carried(row.key in self._carried)
                row.answer_due.connect(partial(self._save_answer, row))
                row.note_due.connect(partial(self._save_note, row))
                row.confirm_requested.connect(partial(self._confirm, [row.key]))
                row.files_dropped.connect(partial(self._on_row_files_dropped, row))
                box.add_row(row)
                self.rows[row.key] = row
            box.drop_target.enabled = (
                box.collateral_id is not None and form.editable and self.gallery is not None
            )
            box.files_dropped.connect(partial(self._on_section_files_dropped, box))
            column.addWidget(box)
            self.sections.append(box)
        column.addStretch(1)
        self.scroll_area.setWidget(container)

        self.nav.clear()
        for box in self.sections:
            QListWidgetItem(box.title_text, self.nav)

        self.title.setText(f"{form.borrower_name}  ·  {form.contract_no}")
        status = labels.label(form.status)
        if not form.editable:
            status = labels.fmt(self.tr("%1 (read-only)"), status)
        names = {m.id: m.name for m in self._service.staff()}
        parts = [
            labels.label(form.kind),
            status,
            labels.fmt(self.tr("revision %1"), form.revision),
            labels.fmt(self.tr("inspected on %1"), labels.date(form.inspected_on) or "—"),
            labels.fmt(
                self.tr("officers A %1, B %2"),
                names.get(form.officer_a_id, "—") if form.officer_a_id else "—",
                names.get(form.officer_b_id, "—") if form.officer_b_id else "—",
            ),
            form.template.content.title.get(self._language),
        ]
        self.subtitle.setText("  ·  ".join(parts))
        self._show_review_comments(form)
        self.reopen_button.setVisible(form.status is InspectionStatus.RETURNED)
        self._load_signing_state(form)
        self.saved_label.setText("")
        for row in self.rows.values():
            row.set_editable(form.editable)
        self._show_collateral(form)
        self._show_photos(form)
        self.refresh_state()
        first = next((n for n, box in enumerate(self.sections) if not box.isHidden()), 0)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(first)
        self.nav.blockSignals(False)
        self.scroll_area.verticalScrollBar().setValue(0)

    def _show_review_comments(self, form: InspectionForm) -> None:
        """The banner with the supervisor's return reason and general comments, and each
        item's comments under it (for the revision that follows a return)."""
        comments = []
        review = self._context.review
        if review is not None:
            try:
                comments = review.comments_to_address(form.id)
            except Exception as exc:
                show_error(self, exc)
        by_item: dict[str, list[str]] = {}
        for comment in comments:
            by_item.setdefault(comment.item_key, []).append(comment.text)
        for key, row in self.rows.items():
            row.set_review_comments(by_item.get(key, []))
        lines = []
        if form.review_comment:
            lines.append(
                labels.fmt(self.tr("Supervisor's review comment: %1"), form.review_comment)
            )
        lines += [
            labels.fmt(self.tr("Supervisor's general comment: %1"), text)
            for text in by_item.get("", [])
        ]
        on_items = sum(len(v) for k, v in by_item.items() if k and k in self.rows)
        if on_items:
            lines.append(
                labels.fmt(
                    self.tr("%1 comment(s) on items: shown under the items they concern."),
                    on_items,
                )
            )
        self.comment.setText("\n".join(lines))
        self.comment.setVisible(bool(lines))
        self.review_comments = comments

    # --- state after every change --------------------------------------------------------------

    def refresh_state(self) -> None:
        """Show what the stored answers mean: visible sections and items, progress, missing
        items and risk signals."""
        form = self.form
        if form is None:
            return
        report = self._service.report(form.id)
        self.report = report
        shown = {p.section.key: {i.key for i in p.section.items} for p in report.progress}
        progress = {p.section.key: p for p in report.progress}
        for n, box in enumerate(self.sections):
            keys = shown.get(box.key)
            box.setHidden(keys is None)
            carried = 0
            for row in box.rows:
                row.setHidden(keys is None or row.key not in keys)
                carried += row.carried and not row.isHidden()
            box.show_carried(carried, form.editable)
            entry = self.nav.item(n)
            if entry is None:
                continue
            entry.setHidden(keys is None)
            p = progress.get(box.key)
            if p is None:
                continue
            done = p.complete
            count = labels.fmt(self.tr("Answered %1/%2"), p.answered, p.visible_items)
            entry.setText(f"{'✓ ' if done else ''}{box.title_text}\n{count}")
            entry.setForeground(QBrush(DONE_COLOR) if done else QBrush())
            entry.setToolTip(
                labels.fmt(
                    self.tr("%1 of %2 required items answered"),
                    p.required_answered,
                    p.required,
                )
            )
        self.panel.show_report(
            report,
            language=self._language,
            section_titles={box.key: box.title_text for box in self.sections},
            editable=form.editable,
            unconfirmed=frozenset(self._carried),
        )
        self._show_signing_state()

    def _actor(self) -> UserId | None:
        if self._context.user_id is None:
            show_error(self, NotAllowed("choose who you are in the status bar first"))
        return self._context.user_id

    def _saved(self) -> None:
        self.saved_label.setText(
            labels.fmt(self.tr("Saved automatically %1"), dt.datetime.now().strftime("%H:%M:%S"))
        )

    def _save_answer(self, row: ItemRow) -> None:
        form = self.form
        if form is None or not form.editable or self.rows.get(row.key) is not row:
            return
        try:
            value = row.input.value()
        except InputProblem as problem:
            row.show_problem(problem.message)
            return
        if value == self._answers.get(row.key):
            row.show_problem("")
            return
        actor = self._actor()
        if actor is None:
            return
        try:
            clean = self._service.answer(
                inspection_id=form.id, key=row.key, value=value, actor_id=actor
            )
        except InvalidInput as exc:
            row.show_problem(labels.fmt(self.tr("Not saved: %1"), str(exc)))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        if clean is None:
            self._answers.pop(row.key, None)
        else:
            self._answers[row.key] = clean
        self._carried.discard(row.key)
        row.set_carried(False)
        row.show_problem("")
        self._saved()
        if row.instance.item.key == "business_status":
            self._refresh_suggested_date()
        self.refresh_state()

    def _save_note(self, row: ItemRow) -> None:
        form = self.form
        if form is None or not form.editable or self.rows.get(row.key) is not row:
            return
        text = row.note_text()
        if text == self._notes.get(row.key, ""):
            return
        actor = self._actor()
        if actor is None:
            return
        try:
            self._service.note(inspection_id=form.id, key=row.key, text=text, actor_id=actor)
        except Exception as exc:
            show_error(self, exc)
            return
        self._notes[row.key] = text
        self._saved()

    def _confirm(self, keys: Sequence[str]) -> None:
        form = self.form
        if form is None or not form.editable:
            return
        self.flush()
        actor = self._actor()
        if actor is None:
            return
        keys = [k for k in keys if k in self._carried]
        if not keys:
            return
        try:
            self._service.confirm(inspection_id=form.id, keys=keys, actor_id=actor)
        except Exception as exc:
            show_error(self, exc)
            return
        for key in keys:
            self._carried.discard(key)
            self.rows[key].set_carried(False)
        self._saved()
        self.refresh_state()

    def _on_section_confirm_all(self, box: SectionBox) -> None:
        self._confirm([row.key for row in box.rows if row.carried and not row.isHidden()])

    def _refresh_suggested_date(self) -> None:
        if self.form is None:
            return
        suggested = self._service.form(
            self.form.id, actor_id=self._context.user_id
        ).suggested_next_date
        for row in self.rows.values():
            if row.instance.item.key == NEXT_DATE_KEY and isinstance(row.input, DateInput):
                row.input.set_suggestion(suggested)

    def unsaved_items(self) -> list[str]:
        """Labels of the items whose last input was refused and so is not stored."""
        language = self._language
        unsaved = [
            row.instance.item.label.get(language)
            for row in self.rows.values()
            if not row.problem.isHidden()
        ]
        if self.collateral_panel is not None:
            unsaved += [f.title() for f in self.collateral_panel.forms if not f.problem.isHidden()]
        return unsaved

    def flush(self) -> None:
        """Save every answer and note still waiting for its pause to end."""
        for row in list(self.rows.values()):
            row.flush()
        if self.collateral_panel is not None:
            self.collateral_panel.flush()

    def reload_if_changed(self) -> bool:
        """After a sync: show the inspection again if what is stored differs from what is
        shown (head office's changes arrived). Pending input is saved first."""
        form = self.form
        if form is None:
            return False
        self.flush()
        fresh = self._service.form(form.id, actor_id=self._context.user_id)
        if (
            fresh.status == form.status
            and fresh.editable == form.editable
            and dict(fresh.answers) == self._answers
            and dict(fresh.notes) == self._notes
            and set(fresh.carried_forward) == self._carried
        ):
            return False
        self._build(fresh)
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    # --- collateral ---------------------------------------------------------------------------

    def _show_collateral(self, form: InspectionForm) -> None:
        """The collateral tab for this inspection: one note form per item of the loan."""
        area = self.collateral_area
        if area is None:
            return
        panel = self.collateral_panel
        try:
            if panel is None:
                panel = CollateralNotesPanel(self._context, form.id)
                panel.setContentsMargins(8, 8, 8, 8)
                panel.saved.connect(self._saved)
                panel.coverage_changed.connect(self._show_collateral_state)
                area.setWidget(panel)
                self.collateral_panel = panel
            else:
                panel.show_inspection(form.id)
        except Exception as exc:
            if panel is not None:
                panel.setEnabled(False)  # what it shows is not this inspection's
            self.tabs.setTabVisible(self.tabs.indexOf(area), False)
            show_error(self, exc)
            return
        panel.setEnabled(True)
        self._show_collateral_state()

    def _show_collateral_state(self) -> None:
        """The tab's count, visibility and warning; the warning on the right too."""
        area, panel = self.collateral_area, self.collateral_panel
        if area is None:
            return
        index = self.tabs.indexOf(area)
        count = len(panel.forms) if panel is not None and panel.isEnabled() else 0
        warning = count > 0 and panel is not None and panel.coverage_warning
        text = labels.fmt(self.tr("Collateral (%1)"), count)
        tooltip = self.tr(
            "The notes on each collateral item: condition, estimated value, registration and "
            "insurance (Ctrl+Shift+C)"
        )
        coverage = panel.coverage.text() if warning and panel is not None else ""
        self.tabs.setTabText(index, f"⚠ {text}" if warning else text)
        self.tabs.setTabToolTip(index, f"{coverage}\n{tooltip}" if warning else tooltip)
        self.tabs.tabBar().setTabTextColor(index, QColor(REQUIRED_COLOR) if warning else QColor())
        if not count and self.tabs.currentWidget() is area:
            self.show_checklist()
        self.tabs.setTabVisible(index, count > 0)
        self.panel.show_coverage_warning(coverage)

    def show_collateral(self) -> None:
        """The collateral tab (if the loan has collateral), the focus on its first item."""
        area, panel = self.collateral_area, self.collateral_panel
        if area is None or panel is None or not self.tabs.isTabVisible(self.tabs.indexOf(area)):
            return
        self.tabs.setCurrentWidget(area)
        if panel.forms:
            first = panel.forms[0]
            target = first.condition if first.condition.isEnabled() else first.photos_button
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_collateral(self) -> None:
        """Ctrl+Shift+C: from the checklist (or the photos) to the collateral and back."""
        area = self.collateral_area
        if (
            area is not None
            and self.tabs.isTabVisible(self.tabs.indexOf(area))
            and self.tabs.currentWidget() is not area
        ):
            self.show_collateral()
        else:
            self.show_checklist()
            self.show_section(max(self.current_section(), 0))

    # --- photos -------------------------------------------------------------------------------

    def _show_photos(self, form: InspectionForm) -> None:
        if self.gallery is None:
            return
        targets = []
        for box in self.sections:
            for row in box.rows:
                collateral = row.instance.collateral
                targets.append(
                    LinkTarget(
                        key=row.key,
                        label=row.instance.item.label.get(self._language),
                        section=box.title_text,
                        photo_required=row.instance.item.photo_required,
                        collateral_id=uuid.UUID(collateral.id) if collateral else None,
                    )
                )
        self.gallery.show_inspection(
            form.id,
            editable=form.editable,
            inspected_on=form.inspected_on,
            targets=targets,
            collateral=[
                CollateralTarget(uuid.UUID(c.id), c.label) for c in form.context.collateral
            ],
        )
        self._refresh_photo_counts()

    def _refresh_photo_counts(self) -> None:
        """The number of photos on each item's tag and on the Photos tab."""
        if self.gallery is None or self.form is None or self._context.photos is None:
            return
        try:
            counts = self._context.photos.counts_by_item(self.form.id)
        except Exception as exc:
            show_error(self, exc)
            return
        for row in self.rows.values():
            row.set_photo_count(counts.get(row.key, 0))
        if self.collateral_panel is not None:
            self.collateral_panel.set_photo_counts(
                Counter(
                    r.collateral_id
                    for r in self.gallery.model.records()
                    if r.collateral_id is not None
                )
            )
        total = self.gallery.model.rowCount()
        self.tabs.setTabText(
            self.tabs.indexOf(self.gallery), labels.fmt(self.tr("Photos (%1)"), total)
        )

    def _on_row_files_dropped(self, row: ItemRow, paths: list[Any]) -> None:
        if self.gallery is None:
            return
        collateral = row.instance.collateral
        self.gallery.importer.import_paths(
            paths,
            item_key=row.key,
            collateral_id=uuid.UUID(collateral.id) if collateral else None,
        )

    def _on_section_files_dropped(self, box: SectionBox, paths: list[Any]) -> None:
        if self.gallery is not None and box.collateral_id is not None:
            self.gallery.importer.import_paths(paths, collateral_id=box.collateral_id)

    def show_photos(self) -> None:
        if self.gallery is not None:
            self.tabs.setCurrentWidget(self.gallery)
            self.gallery.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_checklist(self) -> None:
        self.tabs.setCurrentWidget(self.scroll_area)

    def toggle_photos(self) -> None:
        """Ctrl+Shift+P: from the checklist to the photos and back."""
        if self.gallery is not None and self.tabs.currentWidget() is not self.gallery:
            self.show_photos()
        else:
            self.show_checklist()
            self.show_section(max(self.current_section(), 0))

    # --- navigation ---------------------------------------------------------------------------

    def visible_sections(self) -> list[SectionBox]:
        return [box for box in self.sections if not box.isHidden()]

    def current_section(self) -> int:
        return self.nav.currentRow()

    def show_section(self, index: int, *, focus: bool = True) -> None:
        if not 0 <= index < len(self.sections):
            return
        box = self.sections[index]
        self.show_checklist()
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(index)
        self.nav.blockSignals(False)
        self._scroll_to(box)
        if focus:
            first = next((r for r in box.rows if not r.isHidden() and r.input.isEnabled()), None)
            if first is not None:
                first.input.focus_target().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _settle_layout(self) -> None:
        """Lay out what visibility changes left pending, so positions and the scroll range
        are those of the form as it is now shown."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _scroll_to(self, widget: QWidget) -> None:
        container = self.scroll_area.widget()
        if container is None:
            return
        self._settle_layout()
        top = widget.mapTo(container, widget.rect().topLeft()).y()
        self._scrolling = True
        self.scroll_area.verticalScrollBar().setValue(max(top - 6, 0))
        self._scrolling = False

    def show_first_section(self) -> None:
        """The first section shown, with the focus on its first item."""
        first = next((n for n, box in enumerate(self.sections) if not box.isHidden()), None)
        if first is not None:
            self.show_section(first)

    def _step_section(self, step: int) -> None:
        index = self.current_section()
        n = index + step
        while 0 <= n < len(self.sections):
            if not self.sections[n].isHidden():
                self.show_section(n)
                return
            n += step

    def next_section(self) -> None:
        self._step_section(1)

    def previous_section(self) -> None:
        self._step_section(-1)

    def focus_item(self, key: str) -> None:
        """Scroll to an item and put the keyboard focus on its input."""
        row = self.rows.get(key)
        if row is None or row.isHidden():
            return
        index = next((n for n, box in enumerate(self.sections) if row in box.rows), -1)
        self.show_checklist()
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(index)
        self.nav.blockSignals(False)
        self._settle_layout()
        self.scroll_area.ensureWidgetVisible(row, 20, 40)
        row.input.focus_target().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _row_with_focus(self) -> ItemRow | None:
        widget: QWidget | None = self.focusWidget()
        while widget is not None and not isinstance(widget, ItemRow):
            widget = widget.parentWidget()
        return widget

    def next_missing(self) -> None:
        """F8: the next required item still unanswered after the one with the focus."""
        self.flush()
        if self.report is None or not self.report.missing:
            return
        order = {key: n for n, key in enumerate(self.rows)}
        current = self._row_with_focus()
        position = order.get(current.key, -1) if current is not None else -1
        missing = sorted(self.report.missing, key=lambda i: order.get(i.key, 0))
        target = next((i for i in missing if order.get(i.key, 0) > position), missing[0])
        self.focus_item(target.key)

    def _on_nav_item_clicked(self, entry: QListWidgetItem) -> None:
        self.show_section(self.nav.row(entry), focus=False)

    def _on_scroll_value_changed(self, value: int) -> None:
        if self._scrolling:
            return
        container = self.scroll_area.widget()
        if container is None:
            return
        current = -1
        for n, box in enumerate(self.sections):
            if box.isHidden():
                continue
            if box.mapTo(container, box.rect().topLeft()).y() <= value + 20:
                current = n
        if current >= 0:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(current)
            self.nav.blockSignals(False)

    # --- submit and reopen --------------------------------------------------------------------

    def request_submit(self) -> None:
        """Ctrl+Enter or the button: check, ask, then submit (with a report service: sign,
        which is how an inspection is submitted)."""
        if self._context.reports is not None:
            self.request_sign()
            return
        form = self.form
        if form is None or not form.editable:
            return
        self.flush()
        if self.report is None or not self.report.ready:
            return
        if self._next_date_needs_reason():
            return
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per attempt, then gone
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Submit inspection"))
        box.setText(self.tr("Submit this inspection for review?"))
        box.setInformativeText(
            self.tr("Once submitted it can no longer be changed unless the supervisor returns it.")
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        if yes is not None:
            yes.setText(self.tr("Submit"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(partial(self._on_confirm_box_button_clicked, box))
        self.confirm_box = box
        box.finished.connect(self._on_confirm_box_finished)
        box.open()

    def _on_confirm_box_finished(self, _result: int) -> None:
        self.confirm_box = None

    def _next_date_needs_reason(self) -> bool:
        """A next inspection date other than the suggested one needs a reason (the service
        refuses it otherwise): say so next to the reason and go there."""
        form = self.form
        if form is None:
            return False
        suggested = self._service.form(form.id, actor_id=self._context.user_id).suggested_next_date
        chosen = self._answers.get(NEXT_DATE_KEY)
        reason = str(self._answers.get(NEXT_DATE_REASON_KEY) or "").strip()
        if not chosen or suggested is None or chosen == suggested.isoformat() or reason:
            return False
        key = next(
            (k for k, r in self.rows.items() if r.instance.item.key == NEXT_DATE_REASON_KEY), None
        )
        if key is None:
            return False
        self.rows[key].show_problem(
            labels.fmt(
                self.tr("The next inspection date differs from the suggested %1: give a reason."),
                suggested.isoformat(),
            )
        )
        self.focus_item(key)
        return True

    def _on_confirm_box_button_clicked(self, box: QMessageBox, button: QAbstractButton) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self.submit()

    def submit(self) -> None:
        form = self.form
        if form is None:
            return
        actor = self._actor()
        if actor is None:
            return
        try:
            self._service.submit(inspection_id=form.id, actor_id=actor)
        except Exception as exc:
            show_error(self, exc)
            return
        try:
            self.load(form.id)  # now frozen: every input read-only
        except Exception as exc:
            self._set_read_only()
            show_error(self, exc)
            return
        self.saved_label.setText(
            labels.fmt(self.tr("Submitted %1"), dt.datetime.now().strftime("%H:%M:%S"))
        )
        self._context.events.data_changed.emit({"inspections", "loans"})

    def _set_read_only(self) -> None:
        for row in self.rows.values():
            row.set_editable(False)
        for box in self.sections:
            box.drop_target.enabled = False
        self.panel.submit_button.setEnabled(False)
        if self.gallery is not None:
            self.gallery.set_editable(False)
        if self.collateral_panel is not None:
            self.collateral_panel.editable = False
            for note in self.collateral_panel.forms:
                note.set_editable(False)

    def reopen(self) -> None:
        form = self.form
        if form is None or form.status is not InspectionStatus.RETURNED:
            return
        actor = self._actor()
        if actor is None:
            return
        try:
            new_id = self._service.reopen(inspection_id=form.id, actor_id=actor)
            self.load(new_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self._context.events.data_changed.emit({"inspections"})

    # --- reports: preview, signatures, verification -------------------------------------------

    def _load_signing_state(self, form: InspectionForm) -> None:
        """Which signature the acting user is due to give on this inspection, and the
        signatures it carries so far (from the report service)."""
        reports = self._context.reports
        self.signing_role = None
        self.signatures = []
        if reports is None:
            return
        try:
            if self._context.user_id is not None:
                self.signing_role = reports.next_signature(form.id, self._context.user_id)
            self.signatures = list(reports.signatures(form.id))
        except Exception as exc:
            show_error(self, exc)

    def _show_signing_state(self) -> None:
        """The right panel's signing part: signatures so far, what is next, the buttons."""
        form, report, reports = self.form, self.report, self._context.reports
        panel = self.panel
        if form is None or reports is None:
            return
        role = self.signing_role
        status = form.status
        signing = status is InspectionStatus.SIGNING
        names = {m.id: m.name for m in self._service.staff()}
        officer_a = names.get(form.officer_a_id, "—") if form.officer_a_id else "—"
        officer_b = names.get(form.officer_b_id, "—") if form.officer_b_id else "—"

        panel.submit_button.hide()
        panel.preview_button.show()
        panel.verify_button.setVisible(bool(self.signatures))
        lines = []
        for signature in self.signatures:
            lines.append(
                "✓ "
                + html.escape(
                    f"{role_name(signature.role)}  {signature.signer_name}  "
                    f"{_local_time(signature.signed_at)}"
                )
            )
        signed = {str(s.role) for s in self.signatures}
        if signed and status not in (InspectionStatus.RETURNED, InspectionStatus.WITHDRAWN):
            for pending, who in (
                (INSPECTOR_A, officer_a),
                (INSPECTOR_B, officer_b),
                (SUPERVISOR, self.tr("the supervisor")),
            ):
                if pending not in signed:
                    lines.append(
                        f'<span style="color:{HELP_COLOR.name()};">○ '
                        + html.escape(
                            labels.fmt(self.tr("%1  %2 (to sign)"), role_name(pending), who)
                        )
                        + "</span>"
                    )
        panel.signatures.setText("<br>".join(lines))
        panel.signatures_title.setVisible(bool(lines))
        panel.signatures.setVisible(bool(lines))

        panel.sign_button.setText(sign_action_text(role or INSPECTOR_A))
        ready = report is not None and report.ready
        can_sign = role is not None and (role != INSPECTOR_A or ready)
        panel.sign_button.setVisible(role is not None or form.editable)
        panel.sign_button.setEnabled(can_sign)
        if role == INSPECTOR_A:
            tip = self.tr(
                "Sign the report as inspector A: the inspection is frozen and goes to "
                "inspector B (Ctrl+Enter)"
            )
        elif role == INSPECTOR_B:
            tip = self.tr("Sign the report as inspector B: it goes to the supervisor (Ctrl+Enter)")
        elif role == SUPERVISOR:
            tip = self.tr("Approve the inspection and countersign its report (Ctrl+Enter)")
        else:
            tip = labels.fmt(self.tr("Officer A (%1) signs first"), officer_a)
        panel.sign_button.setToolTip(tip)

        if status is InspectionStatus.DRAFT and form.editable and role is None:
            panel.state.setText(
                labels.fmt(
                    self.tr("Officer A (%1) signs the report first, then officer B (%2)."),
                    officer_a,
                    officer_b,
                )
            )
        elif status is InspectionStatus.DRAFT and form.editable and ready:
            panel.state.setText(self.tr("Every required item is answered: ready to sign."))
        elif signing:
            panel.state.setText(
                labels.fmt(
                    self.tr("Signed by inspector A; waiting for inspector B (%1). Read-only."),
                    officer_b,
                )
            )
        elif status is InspectionStatus.SUBMITTED:
            panel.state.setText(
                self.tr("Signed by both inspectors; waiting for the supervisor's approval.")
            )
        elif status is InspectionStatus.APPROVED:
            panel.state.setText(self.tr("Approved and countersigned: the report is final."))
        self.withdraw_button.setVisible(
            signing
            and self._context.user_id is not None
            and self._context.user_id == form.officer_a_id
        )

    def preview_report(self) -> None:
        """Ctrl+P: the report as it stands (a draft) or, once signed, the signed report."""
        form, previewer, reports = self.form, self.previewer, self._context.reports
        if form is None or previewer is None or reports is None:
            return
        self.flush()
        title = f"{form.borrower_name} · {form.contract_no}"
        if self.signatures:
            inspection = form.id
            previewer.open(
                lambda: _signed_report(reports, inspection),
                labels.fmt(self.tr("Signed report — %1"), title),
                self.tr("Opening the signed report…"),
            )
        else:
            previewer.preview(form.id, title)

    def request_sign(self) -> SignDialog | None:
        """Ctrl+Enter or the button: the sign dialog for the signature the user is due to
        give (inspector A's only once every required item is answered)."""
        form, reports = self.form, self._context.reports
        if form is None or reports is None:
            return None
        self.flush()
        actor = self._actor()
        if actor is None:
            return None
        if self.sign_dialog is not None:
            self.sign_dialog.raise_()
            self.sign_dialog.activateWindow()
            return self.sign_dialog
        role = self.signing_role
        if role is None or not self.panel.sign_button.isEnabled():
            return None
        if role == INSPECTOR_A and self._next_date_needs_reason():
            return None
        name = next((m.name for m in self._service.staff() if m.id == actor), "")
        proposed, current = None, None
        if role == SUPERVISOR:
            with contextlib.suppress(ValueError):
                proposed = RiskClass(str(form.answers.get(RISK_CLASS_KEY) or ""))
            try:
                current = self._context.portfolio.loan_detail(form.loan_id).risk_class
            except Exception as exc:
                show_error(self, exc)
                return None
        dialog = SignDialog(
            reports,
            inspection_id=form.id,
            actor_id=actor,
            role=role,
            signer_name=name,
            title=f"{form.borrower_name} · {form.contract_no} · "
            + labels.fmt(self.tr("revision %1"), form.revision),
            parent=self,
            pool=self.report_pool,
            proposed_risk_class=proposed,
            loan_risk_class=current,
            session=self._context.signing,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed.connect(self._on_sign_dialog_signed)
        dialog.preview_requested.connect(self.preview_report)
        dialog.import_key_requested.connect(lambda: self.open_key_import(dialog))
        dialog.finished.connect(self._on_sign_dialog_finished)
        self.sign_dialog = dialog
        dialog.open()
        return dialog

    def _on_sign_dialog_finished(self, _result: int) -> None:
        self.sign_dialog = None
        # After Qt has given the focus back to the field the dialog opened over.
        QTimer.singleShot(0, self._keep_keyboard)

    def _keep_keyboard(self) -> None:
        """Keep the keyboard in the editor, where its shortcuts work (Ctrl+Enter for the next
        signature): signing turned the field it was in read-only, and Qt would otherwise
        hand it to the next widget of the window, the navigator."""
        if not self.isVisible():
            return
        focus = self.window().focusWidget()  # the window's, even while it is not active
        if focus is not None and focus.isEnabled() and self.isAncestorOf(focus):
            return
        button = self.panel.sign_button
        target = button if button.isVisible() and button.isEnabled() else self.nav
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_key_import(self, parent: QWidget | None = None) -> KeyImportDialog | None:
        reports, actor = self._context.reports, self._actor()
        if reports is None or actor is None:
            return None
        dialog = KeyImportDialog(reports, actor, parent or self, pool=self.report_pool)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.sign_dialog is not None:
            dialog.imported.connect(self.sign_dialog.refresh_key)
        dialog.finished.connect(lambda _result: setattr(self, "key_dialog", None))
        self.key_dialog = dialog
        dialog.open()
        return dialog

    def _on_sign_dialog_signed(self, result: Any) -> None:
        form = self.form
        if form is None:
            return
        try:
            self.load(form.id)  # frozen now: every input read-only
        except Exception as exc:
            self._set_read_only()
            show_error(self, exc)
            return
        self.saved_label.setText(
            labels.fmt(
                self.tr("Signed as %1 at %2"),
                role_name(getattr(result, "role", None)),
                dt.datetime.now().strftime("%H:%M:%S"),
            )
        )
        self._context.events.data_changed.emit({"inspections", "loans"})

    def verify_report(self) -> VerifyDialog | None:
        """Check the signatures of this inspection's signed report."""
        form, reports = self.form, self._context.reports
        if form is None or reports is None:
            return None
        inspection = form.id
        dialog = open_verify_dialog(
            reports,
            self,
            pdf=lambda: _signed_report(reports, inspection),
            name=f"{form.borrower_name} · {form.contract_no}",
            pool=self.report_pool,
        )
        dialog.finished.connect(lambda _result: setattr(self, "verify_dialog", None))
        self.verify_dialog = dialog
        return dialog

    def request_withdraw(self) -> None:
        """Officer A takes back a report B has not signed yet: ask, then withdraw."""
        form = self.form
        if form is None or form.status is not InspectionStatus.SIGNING:
            return
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Withdraw signature"))
        box.setText(self.tr("Withdraw your signature and reopen the inspection?"))
        box.setInformativeText(
            self.tr(
                "The signed report is kept for the history; a new draft revision opens with "
                "these answers, to be signed again."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        if yes is not None:
            yes.setText(self.tr("Withdraw"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(partial(self._on_withdraw_box_button_clicked, box))
        self.confirm_box = box
        box.finished.connect(self._on_confirm_box_finished)
        box.open()

    def _on_withdraw_box_button_clicked(self, box: QMessageBox, button: QAbstractButton) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self.withdraw()

    def withdraw(self) -> None:
        form, reports = self.form, self._context.reports
        if form is None or reports is None:
            return
        actor = self._actor()
        if actor is None:
            return
        try:
            new_id = reports.withdraw(inspection_id=form.id, actor_id=actor)
            self.load(new_id)
        except Exception as exc:
            show_error(self, exc)
            return
        self.saved_label.setText(
            labels.fmt(self.tr("Withdrawn: revision %1 is a draft again"), self.form.revision)
            if self.form is not None
            else ""
        )
        self._context.events.data_changed.emit({"inspections", "loans"})


def _local_time(moment: dt.datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def _signed_report(reports: Any, inspection_id: InspectionId) -> bytes:
    """The inspection's signed report (in a worker thread)."""
    pdf = reports.report_pdf(inspection_id)
    if pdf is None:
        raise NotFound("the inspection has no signed report yet")
    return bytes(pdf)
