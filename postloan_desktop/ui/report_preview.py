"""Previewing a report: built in the background, shown in the app or in the system's viewer.

``ReportPreviewer.preview(inspection_id)`` asks ``ReportService.preview`` for the report as it
stands (watermarked 草稿 DRAFT) in a worker thread, with a small progress window (Cancel
stops waiting; the window stays usable meanwhile). Then:

- with Qt's PDF module (``PySide6.QtPdf`` and ``QtPdfWidgets``, in PySide6-Addons), the
  report opens in ``ReportViewer``: pages one under the other, previous / next page
  (PgUp / PgDn), a page number to jump to, zoom in and out (Ctrl++ / Ctrl+-), fit the width
  or the whole page, and "open in the PDF viewer" for printing;
- without it, the PDF is written to ``DATA/previews/`` and opened with the system's PDF
  viewer (``QDesktopServices``). Previews older than a day are removed there.

``ReportViewer`` also shows any other PDF (the signed report).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPointF,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.ids import InspectionId
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Pool, Task, run_in_background
from postloan_desktop.ui.errors import can_show_dialogs, show_error, show_problem

if TYPE_CHECKING:
    from postloan_desktop.services.reports import ReportService

log = logging.getLogger(__name__)

PREVIEWS_DIR = "previews"
PREVIEW_MAX_AGE_S = 24 * 3600
PROGRESS_DELAY_MS = 300
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.25, 6.0)


@cache
def pdf_viewer_available() -> bool:
    """Qt's PDF module is installed (PySide6-Addons): the report opens in the app."""
    try:
        import PySide6.QtPdf
        import PySide6.QtPdfWidgets  # noqa: F401
    except ImportError:
        return False
    return True


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_") or "report"


def write_preview(folder: Path, name: str, pdf: bytes) -> Path:
    """The PDF as ``folder/NAME-TIME.pdf`` (for the system's viewer), removing previews older
    than a day; written to a temp file and renamed, so a viewer never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for old in folder.glob("*.pdf"):
        try:
            if now - old.stat().st_mtime > PREVIEW_MAX_AGE_S:
                old.unlink()
        except OSError:
            pass  # open in a viewer (Windows): next time
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{_safe_name(name)}-{stamp}.pdf"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{_safe_name(name)}-{stamp}-{n}.pdf"
    partial = path.with_suffix(".part")
    partial.write_bytes(pdf)
    partial.replace(path)
    return path


def open_externally(path: Path) -> bool:
    """Open a file with the system's application for it (never on the offscreen platform:
    tests and screenshots must not start a viewer)."""
    if not can_show_dialogs():
        log.info("not opening %s: no display", path)
        return True
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ReportViewer(QWidget):
    """A PDF in the app: pages, page number, zoom. Needs ``pdf_viewer_available()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self._data = QByteArray()
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        navigator = self.view.pageNavigator()
        navigator.currentPageChanged.connect(self._on_navigator_current_page_changed)
        self.document.statusChanged.connect(self._on_document_status_changed)
        self.view.zoomFactorChanged.connect(self._show_zoom)
        self.view.viewport().installEventFilter(self)  # the fit modes' zoom follows the size

        self.toolbar = QToolBar(self)
        self.previous_action = self._action(
            self.tr("Previous page"), "PgUp", self.previous_page, "◀"
        )
        self.page = QSpinBox(self)
        self.page.setMinimum(1)
        self.page.setKeyboardTracking(False)
        self.page.setToolTip(self.tr("Go to page"))
        self.page.valueChanged.connect(lambda value: self.go_to_page(value - 1))
        self.page_count = QLabel(self)
        self.next_action = self._action(self.tr("Next page"), "PgDown", self.next_page, "▶")
        self.toolbar.addAction(self.previous_action)
        self.toolbar.addWidget(self.page)
        self.toolbar.addWidget(self.page_count)
        self.toolbar.addAction(self.next_action)
        self.toolbar.addSeparator()
        self.zoom_out_action = self._action(
            self.tr("Zoom out"), QKeySequence.StandardKey.ZoomOut, self.zoom_out, "−"
        )
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_action = self._action(
            self.tr("Zoom in"), QKeySequence.StandardKey.ZoomIn, self.zoom_in, "+"
        )
        self.fit_width_action = self._action(
            self.tr("Fit width"), "Ctrl+0", self.fit_width, self.tr("Fit width")
        )
        self.fit_page_action = self._action(
            self.tr("Whole page"), "Ctrl+9", self.fit_page, self.tr("Whole page")
        )
        for action in (self.zoom_out_action,):
            self.toolbar.addAction(action)
        self.toolbar.addWidget(self.zoom_label)
        for action in (self.zoom_in_action, self.fit_width_action, self.fit_page_action):
            self.toolbar.addAction(action)
        # Also Ctrl+= (the + key without Shift on most keyboards).
        self.zoom_in_action.setShortcuts(
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self._show_pages()

    def _action(
        self,
        tip: str,
        keys: str | QKeySequence.StandardKey,
        slot: Callable[[], None],
        text: str,
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # --- document -------------------------------------------------------------------------------

    def load(self, pdf: bytes) -> bool:
        """Show ``pdf``; False if Qt cannot read it."""
        from PySide6.QtPdf import QPdfDocument

        self.document.close()
        self._buffer.close()
        self._data = QByteArray(pdf)
        self._buffer.setData(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        ok = self.document.status() == QPdfDocument.Status.Ready
        self._show_pages()
        return ok

    def page_count_value(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        """0-based."""
        return self.view.pageNavigator().currentPage()

    def _on_document_status_changed(self, _status: Any) -> None:
        self._show_pages()

    def _show_pages(self) -> None:
        count = self.document.pageCount()
        self.page.blockSignals(True)
        self.page.setMaximum(max(count, 1))
        self.page.setValue(self.current_page() + 1 if count else 1)
        self.page.blockSignals(False)
        self.page.setEnabled(count > 1)
        self.page_count.setText(labels.fmt(self.tr(" of %1 "), count))
        current = self.current_page()
        self.previous_action.setEnabled(current > 0)
        self.next_action.setEnabled(current < count - 1)
        self._show_zoom()

    def _on_navigator_current_page_changed(self, _page: int) -> None:
        self._show_pages()

    # --- navigation and zoom --------------------------------------------------------------------

    def go_to_page(self, page: int) -> None:
        count = self.document.pageCount()
        if not count:
            return
        page = max(0, min(page, count - 1))
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(), navigator.currentZoom())
        self._show_pages()

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def zoom(self) -> float:
        return float(self.view.zoomFactor())

    def set_zoom(self, factor: float) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        factor = max(ZOOM_RANGE[0], min(factor, ZOOM_RANGE[1]))
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self.go_to_page(page)  # stay on the page being read

    def zoom_in(self) -> None:
        self.set_zoom(self._effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._effective_zoom() / ZOOM_STEP)

    def _effective_zoom(self) -> float:
        """The zoom as shown, also in the fit modes (where zoomFactor is not updated)."""
        from PySide6.QtPdfWidgets import QPdfView

        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or not self.document.pageCount():
            return self.zoom()
        page = self.document.pagePointSize(max(self.current_page(), 0))
        if page.width() <= 0:
            return self.zoom()
        # QPdfView scales points to pixels at the screen's resolution (96 dpi / 72).
        viewport = self.view.viewport().size()
        scale = self.view.logicalDpiX() / 72.0
        width = (viewport.width() - 2 * self.view.documentMargins().left()) / (page.width() * scale)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return max(width, ZOOM_RANGE[0])
        height = (viewport.height() - 2 * self.view.documentMargins().top()) / (
            page.height() * scale
        )
        return max(min(width, height), ZOOM_RANGE[0])

    def fit_width(self) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._show_zoom()

    def fit_page(self) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._show_zoom()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._show_zoom)
        return super().eventFilter(watched, event)

    def _show_zoom(self, *_args: object) -> None:
        self.zoom_label.setText(f"{self._effective_zoom() * 100:.0f}%")


class ReportPreviewWindow(QDialog):
    """A window with a report in ``ReportViewer``; not modal, several may be open."""

    def __init__(self, title: str, pdf: bytes, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._pdf = pdf
        self._folder = folder
        self._title = title
        self.viewer = ReportViewer(self)
        self.external_button = QPushButton(self.tr("Open in the PDF viewer"), self)
        self.external_button.setToolTip(
            self.tr("Open the report in the computer's PDF viewer, to print or save it")
        )
        self.external_button.setAutoDefault(False)
        self.external_button.clicked.connect(lambda _checked=False: self.open_externally())
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(lambda _checked=False: self.close())
        buttons = QHBoxLayout()
        buttons.addWidget(self.external_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.viewer, 1)
        layout.addLayout(buttons)
        self.resize(900, 1000)
        self.viewer.load(pdf)

    def open_externally(self) -> Path | None:
        try:
            path = write_preview(self._folder, self._title, self._pdf)
        except OSError as exc:
            show_problem(
                self,
                self.tr("The report could not be written for the PDF viewer."),
                self.tr("Free some space on the disk, then try again."),
                str(exc),
            )
            return None
        if not open_externally(path):
            show_problem(
                self,
                self.tr("No PDF viewer could be started."),
                labels.fmt(self.tr("Open the file yourself: %1"), str(path)),
            )
        return path


class PreviewProgress(QDialog):
    """While the report is being built: a moving bar and Cancel. Not modal."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report"))
        self.label = QLabel(text, self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # how long ReportLab takes is not known in advance
        self.bar.setTextVisible(False)
        self.bar.setMinimumWidth(320)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(lambda _checked=False: self.reject())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(row)


class ReportPreviewer(QObject):
    """Builds a preview in the background and shows it (in the app or the system's viewer)."""

    shown = Signal(object)  # a ReportPreviewWindow, or the Path given to the system's viewer
    busy_changed = Signal(bool)

    def __init__(
        self,
        reports: ReportService,
        data_root: Path,
        parent: QWidget,
        *,
        language: Callable[[], str] = lambda: "zh",
        pool: Pool | None = None,
        in_app: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._folder = data_root / PREVIEWS_DIR
        self._parent = parent
        self._language = language
        self._pool = pool
        self.in_app = pdf_viewer_available() if in_app is None else in_app
        self.task: Task | None = None
        self.progress: PreviewProgress | None = None
        self.windows: list[ReportPreviewWindow] = []
        self.last_path: Path | None = None

    @property
    def busy(self) -> bool:
        return self.task is not None

    def preview(self, inspection_id: InspectionId, title: str) -> Task | None:
        """Build the preview of ``inspection_id`` and show it, titled ``title``."""
        if self.task is not None:
            return None  # one at a time: the one under way shows soon
        language = self._language()
        reports = self._reports
        return self._start(
            lambda: reports.preview(inspection_id, language),
            labels.fmt(self.tr("Report preview — %1"), title),
            self.tr("Building the report preview…"),
        )

    def open(self, build: Callable[[], bytes], title: str, text: str) -> Task | None:
        """Get a PDF with ``build`` in the background (the signed report) and show it."""
        if self.task is not None:
            return None
        return self._start(build, title, text)

    def _start(self, build: Callable[[], bytes], title: str, text: str) -> Task:
        progress = PreviewProgress(text, self._parent)
        progress.rejected.connect(self.cancel)
        self.progress = progress
        task = run_in_background(
            lambda _control: build(),
            on_done=lambda pdf: self._on_task_succeeded(task, pdf, title),
            on_error=lambda exc: self._on_task_failed(task, exc),
            name="report preview",
            pool=self._pool,
        )
        self.task = task
        self.busy_changed.emit(True)
        QTimer.singleShot(PROGRESS_DELAY_MS, progress, self._show_progress)
        return task

    def _show_progress(self) -> None:
        if self.task is not None and self.progress is not None:
            self.progress.show()

    def cancel(self) -> None:
        """Stop waiting: the report being built is thrown away when it arrives."""
        if self.task is not None:
            self.task.cancel()
            self._finish()

    def _finish(self) -> None:
        self.task = None
        if self.progress is not None:
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None
        self.busy_changed.emit(False)

    def _on_task_succeeded(self, task: Task, pdf: bytes, title: str) -> None:
        if task is not self.task:
            return  # cancelled
        self._finish()
        self._show(pdf, title)

    def _on_task_failed(self, task: Task, exc: BaseException) -> None:
        if task is not self.task:
            return
        self._finish()
        show_error(self._parent, exc)

    def _show(self, pdf: bytes, title: str) -> ReportPreviewWindow | Path | None:
        if self.in_app:
            window = ReportPreviewWindow(title, pdf, self._folder, self._parent)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda _obj=None, w=window: self._forget(w))
            self.windows.append(window)
            window.show()
            if can_show_dialogs():
                window.raise_()
            self.shown.emit(window)
            return window
        try:
            path = write_preview(self._folder, title, pdf)
        except OSError as exc:
            show_problem(
                self._parent,
                self.tr("The report could not be written for the PDF viewer."),
                self.tr("Free some space on the disk, then try again."),
                str(exc),
            )
            return None
        self.last_path = path
        if not open_externally(path):
            show_problem(
                self._parent,
                self.tr("No PDF viewer could be started."),
                labels.fmt(self.tr("Open the file yourself: %1"), str(path)),
            )
        self.shown.emit(path)
        return path

    def _forget(self, window: ReportPreviewWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)
