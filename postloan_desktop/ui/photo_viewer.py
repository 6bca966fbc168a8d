"""One photo large, with what is known about it: the file, when and where it was taken, the
camera and software, the rotation, the caption, what it is linked to and the provenance
warnings, each as a sentence. Page Up / Page Down (and the arrow keys outside the caption)
go through the inspection's photos; the report rendition is decoded in the background."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QModelIndex, Qt, QThread
from PySide6.QtGui import QColor, QImage, QKeySequence, QPalette, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.services.photos import PhotoRecord
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Task, run_in_background
from postloan_desktop.ui.photo_texts import coordinates, file_size, map_url, warning_text

if TYPE_CHECKING:
    from postloan_desktop.ui.gallery import PhotoGallery
    from postloan_desktop.ui.inspection_editor import InspectionEditor

log = logging.getLogger(__name__)

WARNING_COLOR = QColor("#b03a2e")


def decode_image(read: Callable[[str], bytes], sha: str) -> tuple[str, QImage]:
    """Worker thread: the report rendition as a QImage."""
    return sha, QImage.fromData(read(sha))


class ImageArea(QScrollArea):
    """The picture, scaled to fit the window or at its own size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFrameShape(QFrame.Shape.NoFrame)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
        self.setPalette(palette)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label_palette = self.label.palette()
        label_palette.setColor(QPalette.ColorRole.WindowText, QColor("#dddddd"))
        self.label.setPalette(label_palette)
        self.setWidget(self.label)
        self.pixmap: QPixmap | None = None
        self.fit = True

    def show_text(self, text: str) -> None:
        self.pixmap = None
        self.label.setPixmap(QPixmap())
        self.label.setText(text)
        self.label.resize(self.viewport().size())

    def show_pixmap(self, pixmap: QPixmap) -> None:
        self.pixmap = pixmap
        self.label.setText("")
        self._layout_picture()

    def set_fit(self, fit: bool) -> None:
        self.fit = fit
        self._layout_picture()

    def _layout_picture(self) -> None:
        if self.pixmap is None:
            self.label.resize(self.viewport().size())
            return
        if self.fit:
            area = self.viewport().size()
            shown = self.pixmap
            if self.pixmap.width() > area.width() or self.pixmap.height() > area.height():
                shown = self.pixmap.scaled(
                    area,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            self.label.setPixmap(shown)
            self.label.resize(area)
        else:
            self.label.setPixmap(self.pixmap)
            self.label.resize(self.pixmap.size())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout_picture()


class PhotoViewer(QDialog):
    def __init__(self, gallery: PhotoGallery, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gallery = gallery
        self.model = gallery.model
        self.row = -1
        self.record: PhotoRecord | None = None
        self._load_task: Task | None = None
        self._loading: str | None = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1180, 760)

        self.image = ImageArea(self)
        self.image.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.name = self._value_label()
        self.size_label = self._value_label()
        self.dimensions = self._value_label()
        self.taken = self._value_label()
        self.position = self._value_label()
        self.position.setTextFormat(Qt.TextFormat.RichText)
        self.position.setOpenExternalLinks(True)
        self.camera = self._value_label()
        self.software = self._value_label()
        self.rotation = self._value_label()
        self.link = self._value_label()
        self.caption = QLineEdit(self)
        self.caption.setMaxLength(500)
        self.caption.setPlaceholderText(self.tr("What the photo shows"))
        self.caption.editingFinished.connect(self._on_caption_editing_finished)
        self.warnings_title = QLabel(self)
        font = self.warnings_title.font()
        font.setBold(True)
        self.warnings_title.setFont(font)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        palette = self.warnings.palette()
        palette.setColor(QPalette.ColorRole.WindowText, WARNING_COLOR)
        self.warnings.setPalette(palette)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow(self.tr("File:"), self.name)
        form.addRow(self.tr("Size:"), self.size_label)
        form.addRow(self.tr("Pixels:"), self.dimensions)
        form.addRow(self.tr("Taken:"), self.taken)
        form.addRow(self.tr("Position:"), self.position)
        form.addRow(self.tr("Camera:"), self.camera)
        form.addRow(self.tr("Software:"), self.software)
        form.addRow(self.tr("Rotation:"), self.rotation)
        form.addRow(self.tr("Linked to:"), self.link)
        form.addRow(self.tr("Caption:"), self.caption)
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.addLayout(form)
        column.addSpacing(8)
        column.addWidget(self.warnings_title)
        column.addWidget(self.warnings)
        column.addStretch(1)
        side = QScrollArea(self)
        side.setWidget(panel)
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setMinimumWidth(300)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.image)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([820, 340])
        self.splitter.setChildrenCollapsible(False)

        self.previous_button = QPushButton(self.tr("← Previous"), self)
        self.previous_button.setToolTip(self.tr("The previous photo (Page Up, Left)"))
        self.previous_button.clicked.connect(lambda _checked=False: self.step(-1))
        self.next_button = QPushButton(self.tr("Next →"), self)
        self.next_button.setToolTip(self.tr("The next photo (Page Down, Right)"))
        self.next_button.clicked.connect(lambda _checked=False: self.step(1))
        self.position_label = QLabel(self)
        self.fit_button = QPushButton(self.tr("Actual size"), self)
        self.fit_button.setCheckable(True)
        self.fit_button.setToolTip(self.tr("Show the picture pixel for pixel, or fit it (Z)"))
        self.fit_button.toggled.connect(lambda checked: self.image.set_fit(not checked))
        self.rotate_left_button = QPushButton(self.tr("Rotate left"), self)
        self.rotate_left_button.setToolTip(self.tr("A quarter turn to the left (Ctrl+L)"))
        self.rotate_left_button.clicked.connect(lambda _checked=False: self.rotate(270))
        self.rotate_right_button = QPushButton(self.tr("Rotate right"), self)
        self.rotate_right_button.setToolTip(self.tr("A quarter turn to the right (Ctrl+R)"))
        self.rotate_right_button.clicked.connect(lambda _checked=False: self.rotate(90))
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.clicked.connect(lambda _checked=False: self.accept())
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.position_label)
        buttons.addWidget(self.next_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.fit_button)
        buttons.addWidget(self.rotate_left_button)
        buttons.addWidget(self.rotate_right_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

        for keys, slot in (
            # The caption field keeps the arrow keys while it has the focus (it overrides them).
            ("Left", lambda: self.step(-1)),
            ("Right", lambda: self.step(1)),
            ("PgUp", lambda: self.step(-1)),
            ("PgDown", lambda: self.step(1)),
            ("Ctrl+L", lambda: self.rotate(270)),
            ("Ctrl+R", lambda: self.rotate(90)),
            ("Z", self.fit_button.toggle),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.model.rowsRemoved.connect(lambda *_: self.show_row(min(self.row, self.count() - 1)))
        self.model.modelReset.connect(self._on_model_reset)
        self.show_row(row)

    def _value_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        return label

    def count(self) -> int:
        return self.model.rowCount()

    # --- showing ----------------------------------------------------------------------------

    def show_row(self, row: int) -> None:
        record = self.model.record(row)
        if record is None:
            if self.count() == 0:
                self.close()
            return
        self.row = row
        changed_picture = self.record is None or self.record.report_sha256 != record.report_sha256
        self.record = record
        self._show_details(record)
        if changed_picture:
            self._load_picture(record.report_sha256)
        self.gallery.select_row(row)

    def _show_details(self, record: PhotoRecord) -> None:
        editable = self.gallery.editable
        self.setWindowTitle(
            labels.fmt(
                self.tr("Photo %1 of %2 — %3"), self.row + 1, self.count(), record.original_name
            )
        )
        self.position_label.setText(f"{self.row + 1} / {self.count()}")
        self.previous_button.setEnabled(self.row > 0)
        self.next_button.setEnabled(self.row < self.count() - 1)
        self.name.setText(record.original_name)
        self.size_label.setText(file_size(record.size_bytes))
        self.dimensions.setText(f"{record.width} × {record.height}")
        self.taken.setText(
            record.captured_local.strftime("%Y-%m-%d %H:%M:%S")
            if record.captured_local is not None
            else self.tr("unknown")
        )
        if record.gps is not None:
            open_map = self.tr("Open in a map")
            self.position.setText(
                f'{coordinates(record.gps)}<br><a href="{map_url(record.gps)}">{open_map}</a>'
            )
        else:
            self.position.setText(self.tr("unknown"))
        self.camera.setText(record.camera or "—")
        self.software.setText(record.software or "—")
        self.rotation.setText(
            labels.fmt(self.tr("%1° to the right (the original is unchanged)"), record.rotation)
            if record.rotation
            else self.tr("as taken")
        )
        self.link.setText(self.gallery.link_text(record) or self.tr("nothing"))
        if not self.caption.hasFocus() or self.caption.text() != record.caption:
            self.caption.setText(record.caption)
        self.caption.setReadOnly(not editable)
        self.rotate_left_button.setEnabled(editable)
        self.rotate_right_button.setEnabled(editable)
        radius = self.gallery.service.radius_m
        if record.warnings:
            self.warnings_title.setText(labels.fmt(self.tr("Warnings (%1)"), len(record.warnings)))
            self.warnings.setText(
                "\n".join("⚠ " + warning_text(c, record, radius_m=radius) for c in record.warnings)
            )
        else:
            self.warnings_title.setText(self.tr("No warnings"))
            self.warnings.setText("")

    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.text().split("\n") if line]

    def _load_picture(self, sha: str) -> None:
        self._loading = sha
        self.image.show_text(self.tr("Loading…"))
        if self._load_task is not None:
            self._load_task.cancel()
        read = self.gallery.service.blob
        self._load_task = run_in_background(
            lambda _control: decode_image(read, sha),
            on_done=self._on_picture_loaded,
            on_error=lambda _exc: self.image.show_text(self.tr("The picture cannot be shown.")),
            name="photo viewer",
        )

    def _on_picture_loaded(self, result: tuple[str, QImage]) -> None:
        sha, image = result
        if sha != self._loading:
            return  # the user has moved on
        if image.isNull():
            self.image.show_text(self.tr("The picture cannot be shown."))
        else:
            self.image.show_pixmap(QPixmap.fromImage(image))

    @property
    def picture_loaded(self) -> bool:
        return self.image.pixmap is not None

    # --- moving and editing -----------------------------------------------------------------

    def step(self, delta: int) -> None:
        self._save_caption()
        target = self.row + delta
        if 0 <= target < self.count():
            self.show_row(target)

    def rotate(self, clockwise: int) -> None:
        if self.record is not None and self.gallery.editable:
            self.gallery.rotate([self.record.id], clockwise)

    def _save_caption(self) -> None:
        record = self.record
        if record is None or not self.gallery.editable:
            return
        text = self.caption.text().strip()
        if text != record.caption:
            self.gallery.set_caption(record.id, text)

    def _on_caption_editing_finished(self) -> None:
        self._save_caption()

    def _on_model_data_changed(self, top: QModelIndex, bottom: QModelIndex, *_: object) -> None:
        if top.row() <= self.row <= bottom.row():
            record = self.model.record(self.row)
            if record is not None and record != self.record:
                self.show_row(self.row)

    def _on_model_reset(self) -> None:
        if self.record is None:
            return
        row = self.model.row_of(self.record.id)
        if row >= 0:
            self.show_row(row)
        else:
            self.close()

    def done(self, result: int) -> None:
        self._save_caption()
        super().done(result)


def _wait(done: Callable[[], bool], seconds: float = 20.0) -> bool:
    """For screenshots: let the event loop run (background work delivers) until ``done``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if done():
            return True
        QThread.msleep(10)
    return done()


def screenshot_photos(
    window: QWidget, editor: InspectionEditor, path: Path, *, viewer: bool
) -> int:
    """``--view gallery|photo``: the editor's photos tab, or a photo with warnings in the
    viewer, saved as a PNG once the pictures have been decoded."""
    gallery = editor.gallery
    if gallery is None:
        log.error("no photo service: cannot show the gallery")
        return 1
    editor.show_photos()
    records = gallery.model.records()
    if not records:
        log.error("the inspection has no photos: add some with tools/demo_photos.py")
        return 1
    shown = records[:24]
    _wait(
        lambda: all(
            gallery.thumbnails.pixmap(r.thumb_sha256) is not None
            or gallery.thumbnails.is_broken(r.thumb_sha256)
            for r in shown
        )
    )
    # The viewer shows most with a photo that has a position, warnings and a link.
    row = max(
        range(len(records)),
        key=lambda n: (
            records[n].gps is not None,
            len(records[n].warnings),
            bool(records[n].item_key or records[n].collateral_id),
            -n,
        ),
    )
    gallery.select_row(row if viewer else min(2, len(records) - 1))
    target: QWidget = window
    if viewer:
        dialog = gallery.open_viewer(row)
        if dialog is None:
            return 1
        _wait(lambda: dialog.picture_loaded)
        target = dialog
    _wait(lambda: False, 0.3)  # the last repaints
    path.parent.mkdir(parents=True, exist_ok=True)
    if not target.grab().save(str(path)):
        log.error("cannot write the screenshot to %s", path)
        return 1
    return 0
