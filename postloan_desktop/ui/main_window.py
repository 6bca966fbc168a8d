"""The main window: a navigator on the left, the work queue, the loans view and a loan page."""

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
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
from postloan_desktop.domain.ids import LoanId
from postloan_desktop.ui import labels
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.loan_detail import LoanDetailView
from postloan_desktop.ui.loans_view import LoansView
from postloan_desktop.ui.work_queue import WorkQueueView

PAGE_QUEUE, PAGE_LOANS, PAGE_LOAN = 0, 1, 2


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle(self.tr("Post-loan inspection") + f"  {__version__}")
        self.queue_view = WorkQueueView(context.portfolio, self)
        self.loans_view = LoansView(context.portfolio, self)
        self.loan_view = LoanDetailView(context.portfolio, self)

        self.stack = QStackedWidget(self)
        for page in (self.queue_view, self.loans_view, self.loan_view):
            self.stack.addWidget(page)

        self.nav = QListWidget(self)
        self.nav.setFixedWidth(150)
        for text in (self.tr("Work queue"), self.tr("Loans")):
            QListWidgetItem(text, self.nav)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        # A click on the highlighted row changes no row, yet must leave a loan's page.
        self.nav.itemClicked.connect(lambda _item: self.show_page(self.nav.currentRow()))

        central = QWidget(self)
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.queue_view.loan_activated.connect(self.open_loan)
        self.loans_view.loan_activated.connect(self.open_loan)
        self.loan_view.back_requested.connect(self.go_back)
        context.events.data_changed.connect(self._on_events_data_changed)
        self._back_page = PAGE_QUEUE

        self._build_menus()
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)
        self.status_label.setText(
            labels.fmt(
                self.tr("Today %1 · data folder %2"),
                context.portfolio.today().isoformat(),
                str(context.data_dir.root),
            )
        )

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for text, shortcut, page in (
            (self.tr("Work queue"), "Ctrl+1", PAGE_QUEUE),
            (self.tr("Loans"), "Ctrl+2", PAGE_LOANS),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, p=page: self.show_page(p))
            view_menu.addAction(action)
        find = QAction(self.tr("Find loan"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        view_menu.addAction(find)
        refresh = QAction(self.tr("Refresh"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        view_menu.addAction(refresh)

        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        language_menu = settings_menu.addMenu(self.tr("Language"))
        for code, name in (("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(name, self)
            action.triggered.connect(lambda _=False, c=code: self._choose_language(c))
            language_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # --- navigation ---------------------------------------------------------------------------

    def start(self) -> None:
        """Fill the first page; called once the window is built."""
        self.refresh()
        self.nav.setCurrentRow(PAGE_QUEUE)

    def refresh(self) -> None:
        try:
            self.queue_view.refresh()
            self.loans_view.apply_filter()
            if self.stack.currentIndex() == PAGE_LOAN and self.loan_view.detail is not None:
                self.loan_view.show_loan(self.loan_view.detail.id)
        except Exception as exc:
            show_error(self, exc)

    def show_page(self, page: int) -> None:
        if page in (PAGE_QUEUE, PAGE_LOANS):
            self.nav.setCurrentRow(page)
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

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)

    def _on_events_data_changed(self, _changes: object) -> None:
        self.refresh()

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
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)

    def restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
