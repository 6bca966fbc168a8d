"""The main window: a navigator on the left; the work queue, the loans view, my inspections,
a supervisor's reports to review (待审批, shown to supervisors only), a loan's page, the
inspection editor and the review view; who the program acts as and the sync with head office
in the status bar."""

import logging
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from postloan_desktop import __version__
from postloan_desktop.domain.enums import InspectionKind
from postloan_desktop.domain.errors import NotAllowed, NotFound
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.ui import labels
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.current_user import CurrentUserCombo
from postloan_desktop.ui.errors import can_show_dialogs, show_error, show_problem
from postloan_desktop.ui.inspections_view import MyInspectionsView
from postloan_desktop.ui.key_import import KeyImportDialog, choose_trust_anchor
from postloan_desktop.ui.loan_detail import LoanDetailView
from postloan_desktop.ui.loans_view import LoansView
from postloan_desktop.ui.review_queue import APPROVE, RETURN, ReviewQueueView, is_supervisor
from postloan_desktop.ui.start_inspection import StartInspectionDialog
from postloan_desktop.ui.sync_conflicts import ConflictsDialog
from postloan_desktop.ui.sync_run import SyncRunner
from postloan_desktop.ui.sync_status import SyncStatusBar
from postloan_desktop.ui.verify_panel import VerifyDialog, choose_report_file, open_verify_dialog
from postloan_desktop.ui.widgets import ElidedLabel
from postloan_desktop.ui.work_queue import WorkQueueView

if TYPE_CHECKING:
    from postloan_desktop.ui.inspection_editor import InspectionEditor
    from postloan_desktop.ui.review_view import ReviewView

# The navigator's rows show these pages, in this order (the review queue for supervisors only).
PAGE_QUEUE, PAGE_LOANS, PAGE_INSPECTIONS, PAGE_LOAN, PAGE_EDITOR, PAGE_REVIEW_QUEUE, PAGE_REVIEW = (
    range(7)
)
NAV_PAGES = (PAGE_QUEUE, PAGE_LOANS, PAGE_INSPECTIONS, PAGE_REVIEW_QUEUE)
NAV_REVIEW = NAV_PAGES.index(PAGE_REVIEW_QUEUE)

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.context = context
        self.setWindowTitle(self.tr("Post-loan inspection") + f"  {__version__}")
        self.queue_view = WorkQueueView(
            context.portfolio, self, current_user=lambda: context.user_id
        )
        self.loans_view = LoansView(context.portfolio, self, current_user=lambda: context.user_id)
        self.inspections_view = MyInspectionsView(context, self)
        self.loan_view = LoanDetailView(context, self)
        self.review_queue_view = ReviewQueueView(context, self)
        # The editor and the review view (with their photo, collateral, signing and PDF
        # modules) are built when first opened: start-up neither imports nor builds them.
        # Until then an empty page holds their place in the stack.
        self._editor: InspectionEditor | None = None
        self._review_view: ReviewView | None = None
        self._editor_slot = QWidget(self)
        self._review_slot = QWidget(self)
        self.start_dialog: StartInspectionDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.key_dialog: KeyImportDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.sync_runner = SyncRunner(context, self, before_sync=self._flush_editor)

        self.stack = QStackedWidget(self)
        for page in (
            self.queue_view,
            self.loans_view,
            self.inspections_view,
            self.loan_view,
            self._editor_slot,
            self.review_queue_view,
            self._review_slot,
        ):
            self.stack.addWidget(page)

        self.nav = QListWidget(self)
        self.nav.setFixedWidth(150)
        for text in (
            self.tr("Work queue"),
            self.tr("Loans"),
            self.tr("My inspections"),
            self.tr("To review"),
        ):
            QListWidgetItem(text, self.nav)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        # A click on the highlighted row changes no row, yet must leave a loan's page.
        self.nav.itemClicked.connect(
            lambda _item: self.show_page(NAV_PAGES[max(self.nav.currentRow(), 0)])
        )

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.queue_view.loan_activated.connect(self.open_loan)
        self.loans_view.loan_activated.connect(self.open_loan)
        self.loan_view.back_requested.connect(self.go_back)
        self.loan_view.start_inspection_requested.connect(self.request_inspection)
        self.inspections_view.inspection_activated.connect(self.open_inspection)
        self.review_queue_view.review_requested.connect(self.open_review)
        self.review_queue_view.counted.connect(self._on_review_queue_counted)
        context.events.data_changed.connect(self._on_events_data_changed)
        context.events.user_changed.connect(self._on_events_user_changed)
        self._back_page = PAGE_QUEUE
        self._editor_back_page = PAGE_INSPECTIONS

        self._build_menus()
        self.user_combo = CurrentUserCombo(context, self)
        self.acting_label = QLabel(self)
        self.acting_label.setBuddy(self.user_combo)
        # Logged in, the acting user is the account: a name, not a choice.
        self.user_label = QLabel(self)
        self.statusBar().addWidget(self.acting_label)
        self.statusBar().addWidget(self.user_combo)
        self.statusBar().addWidget(self.user_label)
        self.sync_bar: SyncStatusBar | None = None
        if context.sync is not None:
            self.sync_bar = SyncStatusBar(self)
            self.statusBar().addPermanentWidget(self.sync_bar)
            self.sync_bar.sync_requested.connect(self.sync_now)
            self.sync_bar.conflicts_requested.connect(self.open_conflicts)
            self.sync_runner.activity.connect(self.sync_bar.show_activity)
            self.sync_runner.noted.connect(self._on_sync_runner_noted)
        self.sync_runner.status_changed.connect(self.refresh_sync_status)
        self.sync_runner.synced.connect(self._on_sync_runner_synced)
        context.events.login_changed.connect(self._on_events_login_changed)
        self._show_login()
        self.status_label = ElidedLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        self.status_label.setText(
            labels.fmt(
                self.tr("Today %1 · data folder %2"),
                context.portfolio.today().isoformat(),
                str(context.data_dir.root),
            )
        )

    @property
    def editor(self) -> "InspectionEditor":
        """The inspection editor, built on first use."""
        if self._editor is None:
            from postloan_desktop.ui.inspection_editor import InspectionEditor

            editor = InspectionEditor(self._context, self)
            editor.back_requested.connect(self._on_editor_back_requested)
            self._place(editor, self._editor_slot, PAGE_EDITOR)
            self._editor = editor
        return self._editor

    @property
    def review_view(self) -> "ReviewView":
        """The review view, built on first use."""
        if self._review_view is None:
            from postloan_desktop.ui.review_view import ReviewView

            view = ReviewView(self._context, self)
            view.back_requested.connect(self.show_review_queue)
            view.emptied.connect(self.show_review_queue)
            view.noted.connect(lambda text: self.statusBar().showMessage(text, 10_000))
            view.counted.connect(self._on_review_queue_counted)
            self._place(view, self._review_slot, PAGE_REVIEW)
            self._review_view = view
        return self._review_view

    def _place(self, page: QWidget, slot: QWidget, index: int) -> None:
        """Put a page built late where its empty stand-in was (the page shown stays)."""
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(slot)
        slot.deleteLater()

    def _flush_editor(self) -> None:
        if self._editor is not None:
            self._editor.flush()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.verify_action = QAction(self.tr("&Verify report…"), self)
        self.verify_action.setToolTip(self.tr("Check the signatures of a signed PDF report"))
        self.verify_action.triggered.connect(self.choose_report_to_verify)
        self.verify_action.setEnabled(self._context.reports is not None)
        file_menu.addAction(self.verify_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for text, shortcut, page in (
            (self.tr("Work queue"), "Ctrl+1", PAGE_QUEUE),
            (self.tr("Loans"), "Ctrl+2", PAGE_LOANS),
            (self.tr("My inspections"), "Ctrl+3", PAGE_INSPECTIONS),
            (self.tr("To review"), "Ctrl+4", PAGE_REVIEW_QUEUE),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, p=page: self.show_page(p))
            view_menu.addAction(action)
            if page == PAGE_REVIEW_QUEUE:
                self.review_action = action
        find = QAction(self.tr("Find loan"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        view_menu.addAction(find)
        refresh = QAction(self.tr("Refresh"), self)
        # Not Ctrl+R (GNOME's second key for Refresh): it returns a report under review.
        refresh.setShortcuts(
            [
                key
                for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Refresh)
                if key != QKeySequence("Ctrl+R")
            ]
        )
        refresh.triggered.connect(self.refresh)
        view_menu.addAction(refresh)

        inspection_menu = self.menuBar().addMenu(self.tr("&Inspection"))
        self.start_action = QAction(self.tr("Start inspection"), self)
        self.start_action.setShortcut(QKeySequence("Ctrl+N"))
        self.start_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.start_action.setToolTip(
            self.tr("Start (or continue) an inspection of the selected loan")
        )
        self.start_action.triggered.connect(self._on_start_action_triggered)
        inspection_menu.addAction(self.start_action)
        # The same action on the lists' context menus, for the selected loan.
        for view in (self.queue_view.tree, self.loans_view.table):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addAction(self.start_action)

        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        language_menu = settings_menu.addMenu(self.tr("Language"))
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(name, self)
            action.triggered.connect(lambda _=False, c=code: self._choose_language(c))
            language_menu.addAction(action)
        settings_menu.addSeparator()
        self.import_key_action = QAction(self.tr("Import signing certificate…"), self)
        self.import_key_action.setToolTip(
            self.tr("Import the key and certificate head office issued to you (.p12, .pfx)")
        )
        self.import_key_action.triggered.connect(self.open_key_import)
        settings_menu.addAction(self.import_key_action)
        self.trust_anchor_action = QAction(self.tr("Install head-office root certificate…"), self)
        self.trust_anchor_action.setToolTip(
            self.tr("The head office's CA certificate, which every signature must chain to")
        )
        self.trust_anchor_action.triggered.connect(self.choose_trust_anchor)
        settings_menu.addAction(self.trust_anchor_action)
        for action in (self.import_key_action, self.trust_anchor_action):
            action.setEnabled(self._context.reports is not None)

        sync_menu = self.menuBar().addMenu(self.tr("S&ync"))
        self.sync_action = QAction(self.tr("&Sync now"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_action.setToolTip(self.tr("Send your work to head office and receive theirs"))
        self.sync_action.triggered.connect(self.sync_now)
        sync_menu.addAction(self.sync_action)
        self.conflicts_action = QAction(self.tr("&Conflicts…"), self)
        self.conflicts_action.setToolTip(
            self.tr("Changes head office could not take as they are: decide each one")
        )
        self.conflicts_action.triggered.connect(self.open_conflicts)
        sync_menu.addAction(self.conflicts_action)
        sync_menu.addSeparator()
        self.login_action = QAction(self.tr("&Log in to head office…"), self)
        self.login_action.setToolTip(
            self.tr("Log in online (after an offline login), or enrol a standalone laptop")
        )
        self.login_action.triggered.connect(self.request_login)
        sync_menu.addAction(self.login_action)
        for action in (self.sync_action, self.conflicts_action, self.login_action):
            action.setEnabled(self._context.sync is not None)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # --- navigation ---------------------------------------------------------------------------

    def start(self) -> None:
        """Fill the first page and begin syncing; called once the window is built."""
        self.refresh()
        self._show_review_pages()
        self.nav.setCurrentRow(PAGE_QUEUE)
        self.refresh_sync_status()
        self.sync_runner.start()

    def refresh(self) -> None:
        try:
            self.queue_view.refresh()
            self.loans_view.apply_filter()
            self.inspections_view.mark_stale()
            if self.nav_review_shown():
                self.review_queue_view.mark_stale()
            if self.loan_view.detail is not None:
                self.loan_view.show_loan(self.loan_view.detail.id)
        except Exception as exc:
            show_error(self, exc)

    def show_page(self, page: int) -> None:
        if page == PAGE_REVIEW_QUEUE and not self.nav_review_shown():
            return  # not a supervisor: no reports to review
        if page in NAV_PAGES:
            self.nav.setCurrentRow(NAV_PAGES.index(page))
        self.stack.setCurrentIndex(page)
        current = self.stack.currentWidget()
        if current is not None:
            current.setFocus()

    def focus_search(self) -> None:
        self.show_page(PAGE_LOANS)
        self.loans_view.search.setFocus()
        self.loans_view.search.selectAll()

    def open_loan(self, loan_id: LoanId) -> None:
        try:
            self.loan_view.show_loan(loan_id)
        except Exception as exc:
            show_error(self, exc)
            return
        if self.stack.currentIndex() != PAGE_LOAN:
            self._back_page = self.stack.currentIndex()
        self.stack.setCurrentIndex(PAGE_LOAN)

    def go_back(self) -> None:
        self.show_page(self._back_page)

    # --- inspections --------------------------------------------------------------------------

    def selected_loan(self) -> uuid.UUID | None:
        """The loan the current page is about or has selected."""
        page = self.stack.currentIndex()
        if page == PAGE_QUEUE:
            return self.queue_view.current_loan_id()
        if page == PAGE_LOANS:
            return self.loans_view.current_loan_id()
        if page == PAGE_LOAN and self.loan_view.detail is not None:
            return self.loan_view.detail.id
        return None

    def request_inspection(self, loan_id: uuid.UUID) -> None:
        """Open the loan's draft if it has one; otherwise ask for kind and officers first."""
        loan = LoanId(loan_id)
        try:
            draft = self._context.inspections.draft_for_loan(loan)
            if draft is not None:
                self.open_inspection(draft)
                return
            detail = self._context.portfolio.loan_detail(loan)
            staff = self._context.inspections.staff()
        except Exception as exc:
            show_error(self, exc)
            return
        dialog = StartInspectionDialog(detail, staff, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_start_dialog_accepted(dialog))
        self.start_dialog = dialog
        dialog.open()

    def _on_start_dialog_accepted(self, dialog: StartInspectionDialog) -> None:
        officer_a, officer_b = dialog.chosen_officers()
        self.activateWindow()  # the keyboard goes back to the window, into the editor
        self.start_inspection(
            dialog.loan_id, kind=dialog.chosen_kind(), officer_a=officer_a, officer_b=officer_b
        )
        self.start_dialog = None

    def start_inspection(
        self,
        loan_id: LoanId,
        *,
        kind: InspectionKind | None = None,
        officer_a: UserId | None = None,
        officer_b: UserId | None = None,
    ) -> InspectionId | None:
        """Start a new draft as the current user and open it in the editor."""
        actor = self._context.user_id
        try:
            if actor is None:
                raise NotAllowed("no current user: choose who you are in the status bar")
            inspection_id = self._context.inspections.start(
                loan_id=loan_id,
                actor_id=actor,
                kind=kind,
                officer_a_id=officer_a,
                officer_b_id=officer_b,
            )
        except Exception as exc:
            show_error(self, exc)
            return None
        self._context.events.data_changed.emit({"inspections"})
        self.open_inspection(inspection_id)
        return inspection_id

    def open_inspection(self, inspection_id: uuid.UUID) -> None:
        try:
            self.editor.load(InspectionId(inspection_id))
        except NotFound as exc:
            # Inspections recorded before the electronic checklists (the demo's history)
            # name no published checklist: there is no form to show.
            log.warning("cannot open inspection %s: %s", inspection_id, exc)
            show_problem(
                self,
                self.tr("This inspection has no electronic checklist to show."),
                self.tr(
                    "It was recorded before checklists were kept in this program; its "
                    "summary is on the loan's page under Inspections."
                ),
                str(exc),
            )
            return
        except Exception as exc:
            show_error(self, exc)
            return
        if self.stack.currentIndex() != PAGE_EDITOR:
            self._editor_back_page = self.stack.currentIndex()
        self.stack.setCurrentIndex(PAGE_EDITOR)
        self.editor.show_first_section()

    def _on_editor_back_requested(self) -> None:
        if self._editor_back_page == PAGE_LOAN:
            self.stack.setCurrentIndex(PAGE_LOAN)
        else:
            self.show_page(self._editor_back_page)

    def _on_start_action_triggered(self) -> None:
        loan_id = self.selected_loan()
        if loan_id is not None:
            self.request_inspection(loan_id)
        else:
            self.statusBar().showMessage(self.tr("Select a loan first."), 4000)

    def _on_events_user_changed(self, _user_id: object) -> None:
        # Another person at the keyboard: the key opened for a session of approvals locks,
        # and the stamp drawn last is forgotten.
        if self._context.reports is not None:
            self._context.reports.lock()
        self._context.signing.clear()
        self._show_review_pages()
        try:
            self.inspections_view.mark_stale()
            if self.queue_view.mine.isChecked():
                self.queue_view.refresh()  # another person's loans
            if self.loans_view.mine.isChecked():
                self.loans_view.apply_filter()
            editor = self._editor
            if editor is not None and editor.form is not None:  # may the new user write it?
                editor.load(editor.form.id)
        except Exception as exc:
            show_error(self, exc)

    def _on_nav_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(NAV_PAGES):
            self.stack.setCurrentIndex(NAV_PAGES[row])

    def _on_events_data_changed(self, _changes: object) -> None:
        self.refresh()
        self.refresh_sync_status()

    # --- review -------------------------------------------------------------------------------

    def nav_review_shown(self) -> bool:
        item = self.nav.item(NAV_REVIEW)
        return item is not None and not item.isHidden()

    def _show_review_pages(self) -> None:
        """待审批 for supervisors only: others never see the page nor its shortcut."""
        try:
            shown = is_supervisor(self._context)
        except Exception:
            log.exception("cannot read the acting user's roles")
            shown = False
        item = self.nav.item(NAV_REVIEW)
        if item is not None:
            item.setHidden(not shown)
        self.review_action.setEnabled(shown)
        if shown:
            self.review_queue_view.mark_stale()
        elif self.stack.currentIndex() in (PAGE_REVIEW_QUEUE, PAGE_REVIEW):
            self.show_page(PAGE_QUEUE)

    def show_review_queue(self) -> None:
        """The reports to review, the one reviewed last selected."""
        current = self._review_view.inspection_id if self._review_view is not None else None
        self.show_page(PAGE_REVIEW_QUEUE)
        if self.stack.currentIndex() == PAGE_REVIEW_QUEUE:
            self.review_queue_view.refresh()
            self.review_queue_view.select(current)
            self.review_queue_view.table.setFocus()

    def open_review(self, inspection_id: uuid.UUID, action: str = "open") -> None:
        """Show a report in the review view; ``action`` "approve" or "return" goes on to
        the countersign dialog or the return reason."""
        if not self.nav_review_shown():
            return
        try:
            queue = self.review_queue_view
            self.review_view.open(InspectionId(inspection_id), None if queue.stale else queue.rows)
        except Exception as exc:
            show_error(self, exc)
            return
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(NAV_REVIEW)
        self.nav.blockSignals(False)
        self.stack.setCurrentIndex(PAGE_REVIEW)
        self.review_view.setFocus()
        if action == APPROVE:
            self.review_view.request_approve()
        elif action == RETURN:
            self.review_view.request_return()

    def _on_review_queue_counted(self, count: int) -> None:
        item = self.nav.item(NAV_REVIEW)
        if item is not None:
            item.setText(
                labels.fmt(self.tr("To review (%1)"), count) if count else self.tr("To review")
            )

    # --- sync ---------------------------------------------------------------------------------

    def _show_login(self) -> None:
        login = self._context.login
        if login is None:
            self.acting_label.setText(self.tr("Acting as:"))
        else:  # an offline login says so in the sync part of the status bar
            self.acting_label.setText(self.tr("Logged in:"))
        self.user_combo.setVisible(login is None)
        self.user_label.setVisible(login is not None)
        self.user_label.setText(self.user_combo.currentText())
        self.user_label.setToolTip(self.user_combo.toolTip())

    def refresh_sync_status(self) -> None:
        """The status bar's sync figures (a few queries: cheap)."""
        sync, bar = self._context.sync, self.sync_bar
        if sync is None or bar is None:
            return
        try:
            status = sync.status()
        except Exception:
            log.exception("cannot read the sync status")
            return
        bar.show_status(status, login=self._context.login)
        self.conflicts_action.setEnabled(status.enrolled)
        self.sync_action.setEnabled(status.enrolled)
        login = self._context.login
        self.login_action.setEnabled(
            (status.enrolled and login is not None and not login.online)
            or (not status.enrolled and login is None)
        )

    def sync_now(self) -> None:
        """Sync → Sync now, and the status bar's button."""
        self.sync_runner.sync_now(quiet=False)

    def request_login(self) -> None:
        """Sync → Log in to head office…"""
        login = self._context.login
        self.sync_runner.request_login(username=login.username if login is not None else "")

    def open_conflicts(self) -> ConflictsDialog | None:
        """The conflicts dialog (Sync → Conflicts…, or the status bar's conflict count)."""
        if self._context.sync is None:
            return None
        if self.conflicts_dialog is not None:
            self.conflicts_dialog.refresh()
            self.conflicts_dialog.activateWindow()
            return self.conflicts_dialog
        self._flush_editor()
        dialog = ConflictsDialog(self._context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(self._on_conflicts_dialog_resolved)
        dialog.finished.connect(lambda _result: setattr(self, "conflicts_dialog", None))
        self.conflicts_dialog = dialog
        dialog.show()
        return dialog

    def _on_conflicts_dialog_resolved(self, _conflict_id: object, keep: str) -> None:
        if self.sync_bar is not None:
            self.sync_bar.show_note(
                self.tr("Your version goes to head office at the next sync.")
                if keep == "mine"
                else self.tr("Head office's version taken.")
            )
        if keep == "theirs":
            self._reload_editor()

    def _on_sync_runner_noted(self, text: str, problem: bool, details: str) -> None:
        if self.sync_bar is not None:
            self.sync_bar.show_note(text, problem=problem, tooltip=details)

    def _on_sync_runner_synced(self, report: object) -> None:
        try:
            self.user_combo.reload()  # the first sync brings the staff
        except Exception:
            log.exception("cannot reload the staff")
        self._show_login()
        applied = getattr(getattr(report, "applied", None), "applied", 0)
        if applied:
            self._reload_editor()
        if self.conflicts_dialog is not None:
            self.conflicts_dialog.refresh()

    def _reload_editor(self) -> None:
        """Show head office's changes to the inspection open in the editor, if any."""
        if self._editor is None:
            return
        try:
            self._editor.reload_if_changed()
        except Exception as exc:
            show_error(self, exc)

    def _on_events_login_changed(self, _login: object) -> None:
        self._show_login()
        self.refresh_sync_status()

    # --- reports and keys ----------------------------------------------------------------------

    def choose_report_to_verify(self) -> QFileDialog | None:
        """File → Verify report…: choose a PDF, then see its signatures."""
        reports = self._context.reports
        if reports is None:
            return None
        dialog = choose_report_file(self, self.verify_file)
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        return dialog

    def verify_file(self, path: Path) -> VerifyDialog | None:
        reports = self._context.reports
        if reports is None:
            return None
        dialog = open_verify_dialog(reports, self, path=path)
        dialog.finished.connect(lambda _result: setattr(self, "verify_dialog", None))
        self.verify_dialog = dialog
        return dialog

    def open_key_import(self) -> KeyImportDialog | None:
        """Settings → Import signing certificate… for the acting user."""
        reports, actor = self._context.reports, self._context.user_id
        if reports is None:
            return None
        if actor is None:
            show_error(self, NotAllowed("choose who you are in the status bar first"))
            return None
        dialog = KeyImportDialog(reports, actor, self, install_anchor=self.choose_trust_anchor)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "key_dialog", None))
        self.key_dialog = dialog
        dialog.open()
        return dialog

    def choose_trust_anchor(self) -> QFileDialog | None:
        """Settings → Install head-office root certificate…"""
        reports = self._context.reports
        if reports is None:
            return None
        dialog = choose_trust_anchor(reports, self, on_installed=self._on_trust_anchor_installed)
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        return dialog

    def _on_trust_anchor_installed(self, path: Path) -> None:
        self.statusBar().showMessage(
            labels.fmt(self.tr("Head-office root certificate installed from %1"), path.name),
            8000,
        )
        if self.key_dialog is not None:
            self.key_dialog.refresh()

    # --- settings -----------------------------------------------------------------------------

    def _choose_language(self, code: str) -> None:
        QSettings().setValue("language", code)
        QMessageBox.information(
            self,
            self.tr("Language"),
            self.tr("The new language takes effect the next time the program starts."),
        )

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            labels.fmt(
                self.tr("Post-loan inspection %1\nData folder: %2"),
                __version__,
                str(self._context.data_dir.root),
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._flush_editor()
        unsaved = self._editor.unsaved_items() if self._editor is not None else []
        if unsaved and can_show_dialogs():
            answer = QMessageBox.warning(
                self,
                self.tr("Unsaved answers"),
                labels.fmt(
                    self.tr(
                        "%1 answer(s) were not saved because they are not valid:\n%2\n\n"
                        "Quit anyway and lose them?"
                    ),
                    len(unsaved),
                    "\n".join(unsaved[:5]),
                ),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        if self._context.reports is not None:
            self._context.reports.lock()  # no signing key stays open after quitting
        self._context.signing.clear()
        self.sync_runner.stop()  # a sync under way stops; the next one goes on from there
        super().closeEvent(event)

    def restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
