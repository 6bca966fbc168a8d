"""Importing photos into an inspection: a file dialog, a whole folder filtered by the day the
photos were taken, or files dropped on the window.

The work runs in the background (``ui.background``): the folder scan and the import itself,
which decodes on every core (``PhotoService.import_files``). A small window shows the count,
the file just done and a Cancel button; the main window stays usable meanwhile. When it is
over, a summary lists every file that could not be imported with the reason in plain words
and what to do about it. Dialogs here open with ``open()``/``show()`` and never block, so they
work offscreen and in tests.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QMimeData, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.errors import NotAllowed
from postloan_desktop.domain.ids import InspectionId, UserId
from postloan_desktop.services.photos import ImportProgress, ImportSummary, PhotoService
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Pool, Task, TaskControl, run_in_background
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.photo_texts import rejection_text, translate

log = logging.getLogger(__name__)

PATTERNS = ("jpg", "jpeg", "png", "heic", "heif", "webp", "tif", "tiff")
LAST_FOLDER_KEY = "photos/last_folder"
PROGRESS_DELAY_MS = 300


def file_filter() -> str:
    patterns = " ".join(f"*.{p} *.{p.upper()}" for p in PATTERNS)
    return ";;".join(
        (
            labels.fmt(translate("PhotoImport", "Photos (%1)"), patterns),
            translate("PhotoImport", "All files (*)"),
        )
    )


def local_files(mime: QMimeData | None) -> list[Path]:
    """The local files and folders a drag carries (none for text, web links and the like)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDropTarget(QObject):
    """Lets a widget take files dropped on it, including on the inputs inside it (which
    would otherwise take a file's path as text). Text drags still reach the inputs."""

    dropped = Signal(object)  # list[Path]

    def __init__(self, widget: QWidget, highlight: Callable[[bool], None] | None = None) -> None:
        super().__init__(widget)
        self.enabled = False
        self._highlight = highlight or (lambda _on: None)
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)
        for child in widget.findChildren(QWidget):
            if child.acceptDrops():
                child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)  # QDragEnterEvent and QDragMoveEvent too
            files = local_files(event.mimeData()) if self.enabled else []
            if not files:
                return False
            event.acceptProposedAction()
            self._highlight(kind != QEvent.Type.Drop)
            if kind == QEvent.Type.Drop:
                self.dropped.emit(files)
            return True
        if kind == QEvent.Type.DragLeave:
            self._highlight(False)
        return False


# --- what an import is -----------------------------------------------------------------------


@dataclass(frozen=True)
class ImportJob:
    """Files (and folders) to import, or one folder to scan for the photos of one day."""

    inspection_id: InspectionId
    actor_id: UserId
    paths: tuple[Path, ...] = ()
    folder: Path | None = None
    taken_on: dt.date | None = None  # with folder: only photos taken that day
    item_key: str | None = None
    collateral_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Scanning:
    """Progress while the folder is searched."""

    folder: Path


@dataclass(frozen=True)
class ImportOutcome:
    job: ImportJob
    summary: ImportSummary
    found: int  # files found to import (after the folder scan)
    cancelled: bool = False  # the user pressed Cancel

    @property
    def stopped_early(self) -> bool:
        return self.cancelled or bool(self.summary.not_started) or bool(self.summary.stopped_by)


def expand(paths: Sequence[Path], cancelled: Callable[[], bool]) -> list[Path]:
    """Files as given; folders replaced by the photo files in them (recursively)."""
    from postloan_desktop.photos.folder import photo_files

    files: list[Path] = []
    for n, path in enumerate(paths):
        if cancelled():
            files.extend(paths[n:])  # not looked at: they count as not started
            break
        if path.is_dir():
            files.extend(photo_files(path))
        else:
            files.append(path)
    return files


def run_import(photos: PhotoService, job: ImportJob, control: TaskControl) -> ImportOutcome:
    """Worker thread: find the files, then import them; no widgets here."""
    if job.folder is not None:
        from postloan_desktop.photos.folder import find_photos

        control.report(Scanning(job.folder))
        files = find_photos(job.folder, on=job.taken_on, cancelled=control.cancelled)
    else:
        files = expand(job.paths, control.cancelled)
    if control.cancelled():
        return ImportOutcome(job, ImportSummary(not_started=files), len(files), cancelled=True)
    summary = photos.import_files(
        inspection_id=job.inspection_id,
        paths=files,
        actor_id=job.actor_id,
        item_key=job.item_key,
        collateral_id=job.collateral_id,
        progress=control.report,
        cancelled=control.cancelled,
    )
    return ImportOutcome(job, summary, len(files), cancelled=control.cancelled())


# --- what the user reads afterwards ---------------------------------------------------------


def summary_headline(outcome: ImportOutcome, separator: str = " ") -> str:
    """What happened, in a sentence or a few (joined by ``separator``)."""
    summary = outcome.summary
    job = outcome.job
    if outcome.cancelled and outcome.found == 0:
        return translate("PhotoImport", "Import cancelled: no photo was imported.")
    if job.folder is not None and outcome.found == 0:
        if job.taken_on is not None:
            return labels.fmt(
                translate("PhotoImport", "No photos taken on %1 were found in %2."),
                job.taken_on.isoformat(),
                str(job.folder),
            )
        return labels.fmt(translate("PhotoImport", "No photos were found in %1."), str(job.folder))
    parts = [labels.fmt(translate("PhotoImport", "%1 photo(s) imported."), len(summary.imported))]
    if summary.duplicates:
        parts.append(
            labels.fmt(
                translate(
                    "PhotoImport", "%1 were already in this inspection and were not added again."
                ),
                len(summary.duplicates),
            )
        )
    if outcome.cancelled or summary.cancelled:
        parts.append(
            labels.fmt(
                translate("PhotoImport", "Import cancelled: %1 file(s) were not imported."),
                len(summary.not_started),
            )
        )
    elif summary.stopped_by is not None:
        parts.append(
            labels.fmt(
                translate("PhotoImport", "The import stopped early: %1 file(s) were not imported."),
                len(summary.not_started),
            )
        )
    if summary.rejected:  # last: the list of files follows it
        parts.append(
            labels.fmt(
                translate("PhotoImport", "%1 file(s) could not be imported:"), len(summary.rejected)
            )
        )
    return separator.join(parts)


def problem_lines(summary: ImportSummary) -> list[tuple[str, str, str]]:
    """(file name, what is wrong, what to do) per rejected file."""
    lines = []
    for problem in summary.rejected:
        what, advice = rejection_text(problem.reason)
        lines.append((problem.path.name, what, advice))
    return lines


def summary_text(outcome: ImportOutcome) -> str:
    """The whole summary as plain text, one line per rejected file."""
    lines = [summary_headline(outcome)]
    lines += [f"{name} — {what} {advice}" for name, what, advice in problem_lines(outcome.summary)]
    return "\n".join(lines)


def needs_summary(outcome: ImportOutcome) -> bool:
    """True when the import went other than planned: something for the user to read."""
    return bool(outcome.summary.rejected or outcome.stopped_early or outcome.found == 0)


# --- dialogs ---------------------------------------------------------------------------------


class ImportProgressDialog(QDialog):
    """Count, the file just done, and Cancel. Not modal: the window stays usable."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Importing photos"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.status = QLabel(self.tr("Starting…"), self)
        self.file_label = QLabel(self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setMinimumWidth(380)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(
            self.tr("Stop after the photos being read now; those already imported are kept")
        )
        self.cancel_button.clicked.connect(lambda _checked=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.file_label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)

    def show_scanning(self, folder: Path) -> None:
        self.status.setText(self.tr("Looking for photos…"))
        self.file_label.setText(str(folder))
        self.bar.setRange(0, 0)

    def show_progress(self, progress: ImportProgress) -> None:
        self.status.setText(labels.fmt(self.tr("Imported %1 of %2"), progress.done, progress.total))
        metrics = self.file_label.fontMetrics()
        self.file_label.setText(
            metrics.elidedText(
                progress.path.name, Qt.TextElideMode.ElideMiddle, self.file_label.width()
            )
        )
        self.bar.setRange(0, max(progress.total, 1))
        self.bar.setValue(progress.done)

    def reject(self) -> None:
        """Escape, the close box and Cancel ask the import to stop; it closes when it has."""
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Stopping…"))
        self.cancel_requested.emit()


class ImportSummaryDialog(QDialog):
    """What was imported and, for each file that was not, why and what to do."""

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome = outcome
        self.rows = problem_lines(outcome.summary)
        self.setWindowTitle(self.tr("Photo import"))
        self.headline = QLabel(summary_headline(outcome, "\n"), self)
        self.headline.setWordWrap(True)
        self.problems = QTextBrowser(self)
        self.problems.setOpenLinks(False)
        cells = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{html.escape(what)}</td>"
            f"<td>{html.escape(advice)}</td></tr>"
            for name, what, advice in self.rows
        )
        heads = (self.tr("File"), self.tr("Problem"), self.tr("What to do"))
        self.problems.setHtml(
            '<table width="100%" cellspacing="0" cellpadding="4" border="1" '
            'style="border-collapse: collapse; border-color: #c8c8c8;">'
            "<tr>" + "".join(f"<th align=left>{h}</th>" for h in heads) + "</tr>"
            f"{cells}</table>"
        )
        self.problems.setHidden(not self.rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
        self.resize(780, 420 if self.rows else 160)

    def text(self) -> str:
        return summary_text(self.outcome)


class FolderImportDialog(QDialog):
    """A folder (a camera card, a phone's DCIM) and the day whose photos to import."""

    def __init__(self, inspected_on: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import a folder"))
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText(self.tr("A memory card, a phone or a folder"))
        self.folder.setMinimumWidth(360)
        last = QSettings().value(LAST_FOLDER_KEY)
        if isinstance(last, str):
            self.folder.setText(last)
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.clicked.connect(lambda _checked=False: self.browse())
        self.browse_dialog: QFileDialog | None = None
        self.on_day = QRadioButton(self.tr("Only photos taken on"), self)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(QDate(inspected_on.year, inspected_on.month, inspected_on.day))
        self.all_days = QRadioButton(self.tr("All dates"), self)
        group = QButtonGroup(self)
        group.addButton(self.on_day)
        group.addButton(self.all_days)
        self.on_day.setChecked(True)
        self.all_days.toggled.connect(lambda checked: self.day.setEnabled(not checked))
        hint = QLabel(
            self.tr(
                "Sub-folders are searched too. A photo's day is its capture time, or the "
                "file's date when it has none."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(self.tr("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.folder.textChanged.connect(lambda _text: self._update_ok())

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)
        day_row = QHBoxLayout()
        day_row.addWidget(self.on_day)
        day_row.addWidget(self.day)
        day_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Folder:"), folder_row)
        form.addRow(self.tr("Photos:"), day_row)
        form.addRow("", self.all_days)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._update_ok()

    def browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose the folder with the photos"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if self.folder.text():
            dialog.setDirectory(self.folder.text())
        dialog.fileSelected.connect(self.folder.setText)
        self.browse_dialog = dialog
        dialog.open()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            text = self.folder.text().strip()
            ok.setEnabled(bool(text) and Path(text).is_dir())

    def chosen_folder(self) -> Path:
        return Path(self.folder.text().strip())

    def chosen_day(self) -> dt.date | None:
        if self.all_days.isChecked():
            return None
        day = self.day.date()
        return dt.date(day.year(), day.month(), day.day())


# --- the importer ----------------------------------------------------------------------------


class PhotoImporter(QObject):
    """Imports photos into the inspection shown. One import runs at a time; photos added
    meanwhile (dropped, chosen, a folder) wait in a queue and follow, each into the
    inspection and with the link it was given when it was added."""

    progressed = Signal(object)  # ImportProgress or Scanning
    imported = Signal(object)  # ImportOutcome, whatever happened
    notice = Signal(str)  # a line for a status bar

    def __init__(
        self,
        photos: PhotoService,
        current_user: Callable[[], UserId | None],
        parent: QWidget,
        *,
        pool: Pool | None = None,
    ) -> None:
        super().__init__(parent)
        self._photos = photos
        self._current_user = current_user
        self._parent = parent
        self._pool = pool
        self.inspection_id: InspectionId | None = None
        self.inspected_on: dt.date = dt.date.today()
        self.editable = False
        self.task: Task | None = None
        self.queue: list[ImportJob] = []  # added while an import ran: they come next
        self.last_outcome: ImportOutcome | None = None
        self.progress_dialog: ImportProgressDialog | None = None
        self.summary_dialog: ImportSummaryDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.folder_dialog: FolderImportDialog | None = None

    def set_inspection(
        self, inspection_id: InspectionId | None, inspected_on: dt.date | None, editable: bool
    ) -> None:
        self.inspection_id = inspection_id
        self.inspected_on = inspected_on or dt.date.today()
        self.editable = editable

    @property
    def busy(self) -> bool:
        return self.task is not None

    @property
    def can_import(self) -> bool:
        return self.inspection_id is not None and self.editable

    # --- asking for files -------------------------------------------------------------------

    def choose_files(
        self, *, item_key: str | None = None, collateral_id: uuid.UUID | None = None
    ) -> QFileDialog | None:
        """The file dialog (several files at once); the import starts when files are chosen."""
        if not self.can_import:
            return None
        dialog = QFileDialog(self._parent, self.tr("Add photos"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(file_filter())
        last = QSettings().value(LAST_FOLDER_KEY)
        if isinstance(last, str) and Path(last).is_dir():
            dialog.setDirectory(last)

        def chosen(files: list[str]) -> None:
            if files:
                QSettings().setValue(LAST_FOLDER_KEY, str(Path(files[0]).parent))
            self.import_paths(
                [Path(f) for f in files], item_key=item_key, collateral_id=collateral_id
            )

        dialog.filesSelected.connect(chosen)
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def choose_folder(self) -> FolderImportDialog | None:
        """A folder and a day (the inspection's, by default); then scan it and import."""
        if not self.can_import:
            return None
        dialog = FolderImportDialog(self.inspected_on, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            folder = dialog.chosen_folder()
            QSettings().setValue(LAST_FOLDER_KEY, str(folder))
            self.import_folder(folder, taken_on=dialog.chosen_day())

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _result: setattr(self, "folder_dialog", None))
        self.folder_dialog = dialog
        dialog.open()
        return dialog

    # --- importing --------------------------------------------------------------------------

    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        item_key: str | None = None,
        collateral_id: uuid.UUID | None = None,
    ) -> Task | None:
        """Import files and folders (dropped or chosen), linked to an item or a collateral."""
        if not paths:
            return None
        return self._start(
            lambda inspection, actor: ImportJob(
                inspection,
                actor,
                paths=tuple(paths),
                item_key=item_key,
                collateral_id=collateral_id,
            )
        )

    def import_folder(self, folder: Path, *, taken_on: dt.date | None) -> Task | None:
        """Import the photos under ``folder`` taken on ``taken_on`` (every one if None)."""
        return self._start(
            lambda inspection, actor: ImportJob(inspection, actor, folder=folder, taken_on=taken_on)
        )

    def _start(self, make_job: Callable[[InspectionId, UserId], ImportJob]) -> Task | None:
        """Start the import now, or queue it behind the one running (then None)."""
        if self.inspection_id is None or not self.editable:
            return None
        actor = self._current_user()
        if actor is None:
            show_error(self._parent, NotAllowed("choose who you are in the status bar first"))
            return None
        job = make_job(self.inspection_id, actor)
        if self.busy:
            self.queue.append(job)
            self.notice.emit(
                labels.fmt(
                    self.tr("Photos are being imported; %1 more import(s) will follow."),
                    len(self.queue),
                )
            )
            return None
        return self._run(job)

    def _run(self, job: ImportJob) -> Task:
        photos = self._photos
        dialog = ImportProgressDialog(self._parent)
        dialog.cancel_requested.connect(self.cancel)
        self.progress_dialog = dialog
        self.task = run_in_background(
            lambda control: run_import(photos, job, control),
            on_progress=self._on_task_progressed,
            on_done=self._on_task_succeeded,
            on_error=self._on_task_failed,
            name="photo import",
            pool=self._pool,
        )
        # Shown only if the import takes a moment: one dropped photo should not flash a window.
        QTimer.singleShot(PROGRESS_DELAY_MS, dialog, self._show_progress_dialog)
        return self.task

    def _show_progress_dialog(self) -> None:
        if self.task is not None and self.progress_dialog is not None:
            self.progress_dialog.show()

    def cancel(self) -> None:
        """Stop the import under way after the photos being read, and drop the queued ones."""
        if self.queue:
            self.notice.emit(labels.fmt(self.tr("%1 queued import(s) cancelled."), len(self.queue)))
            self.queue.clear()
        if self.task is not None:
            self.task.cancel()
            if self.progress_dialog is not None:
                self.progress_dialog.cancel_button.setEnabled(False)

    def _on_task_progressed(self, value: object) -> None:
        if isinstance(value, ImportProgress | Scanning):
            self.progressed.emit(value)
        if self.progress_dialog is None:
            return
        if isinstance(value, Scanning):
            self.progress_dialog.show_scanning(value.folder)
        elif isinstance(value, ImportProgress):
            self.progress_dialog.show_progress(value)

    def _finish(self) -> None:
        self.task = None
        if self.progress_dialog is not None:
            self.progress_dialog.hide()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _next(self) -> None:
        if self.queue and self.task is None:
            self._run(self.queue.pop(0))

    def _on_task_succeeded(self, outcome: ImportOutcome) -> None:
        self._finish()
        self.last_outcome = outcome
        summary = outcome.summary
        log.info(
            "photo import: %d imported, %d duplicates, %d rejected, %d not started",
            len(summary.imported),
            len(summary.duplicates),
            len(summary.rejected),
            len(summary.not_started),
        )
        for problem in summary.rejected:
            log.info("not imported: %s (%s)", problem.message, problem.reason)
        self.notice.emit(summary_headline(outcome))
        self.imported.emit(outcome)
        if needs_summary(outcome):
            self.show_summary(outcome)
        if outcome.summary.stopped_by is not None:  # a full disk, say: the rest would fail too
            self.queue.clear()
        self._next()

    def _on_task_failed(self, exc: BaseException) -> None:
        self._finish()
        self.queue.clear()
        show_error(self._parent, exc)

    def show_summary(self, outcome: ImportOutcome) -> ImportSummaryDialog:
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        dialog = ImportSummaryDialog(outcome, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._on_summary_dialog_finished(dialog))
        self.summary_dialog = dialog
        dialog.open()
        return dialog

    def _on_summary_dialog_finished(self, dialog: ImportSummaryDialog) -> None:
        if self.summary_dialog is dialog:
            self.summary_dialog = None
