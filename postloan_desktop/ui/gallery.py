"""The photos of an inspection: a thumbnail grid with captions, links and warnings.

The grid is a ``QListView`` in icon mode over ``PhotoListModel``. Thumbnails are loaded
lazily: only when the view asks for the picture of a row it paints (the rows on screen), in
a background thread, into a small LRU cache, with a placeholder until they arrive. So an
inspection with 500 photos opens at once and scrolls smoothly. Every item has the same size,
so laying out the grid reads no picture at all.

Edits go through ``PhotoService`` as the user makes them: caption (F2, in place), rotate
(Ctrl+L / Ctrl+R, in the background: the renditions are rebuilt, the original is never
touched), link to a checklist item or a collateral item (Ctrl+K), unlink, remove (Delete,
after asking). Files dropped on the grid are imported. A submitted inspection is read-only.
"""

from __future__ import annotations

import uuid
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QImage,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.errors import NotAllowed
from postloan_desktop.domain.ids import InspectionId, PhotoId, UserId
from postloan_desktop.services.photos import PhotoRecord, PhotoService
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Pool, Task, TaskControl, run_in_background
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.photo_import import ImportOutcome, PhotoImporter, local_files
from postloan_desktop.ui.photo_texts import translate, warning_short, warning_text

if TYPE_CHECKING:
    import datetime as dt

    from postloan_desktop.ui.photo_viewer import PhotoViewer

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
LINK_ROLE = Qt.ItemDataRole.UserRole + 2

THUMB_EDGE = 160  # the thumbnail's longer side on screen
CELL = QSize(184, 232)
CACHE_SIZE = 300  # thumbnails kept decoded (about 100 KB each)
BATCH = 24  # thumbnails decoded per background task; the latest requests first
WARNING_COLOR = QColor("#d35400")
LINK_COLOR = QColor("#1f4e8c")
MUTED_COLOR = QColor(labels.MUTED_COLOR)
PLACEHOLDER_COLOR = QColor("#e6e6e6")


@dataclass(frozen=True)
class LinkTarget:
    """A checklist item a photo can be linked to."""

    key: str  # the answer key: item_key, or item_key@collateral_id in a repeated section
    label: str
    section: str
    photo_required: bool
    collateral_id: uuid.UUID | None = None


@dataclass(frozen=True)
class CollateralTarget:
    id: uuid.UUID
    label: str


# --- thumbnails ------------------------------------------------------------------------------


# What the gallery's Show list can choose.
ALL, WARNED, UNLINKED, ITEM, COLLATERAL = "all", "warned", "unlinked", "item", "collateral"


def _choice(kind: str, value: object = None) -> str:
    """The Show list's data for a choice: the kind, and after a colon its key or id."""
    return kind if value is None else f"{kind}:{value}"


def _unlinked(record: PhotoRecord) -> bool:
    return not record.item_key and record.collateral_id is None


def _matches(record: PhotoRecord, kind: str, value: str) -> bool:
    if kind == WARNED:
        return bool(record.warnings)
    if kind == UNLINKED:
        return _unlinked(record)
    if kind == ITEM:
        return record.item_key == value
    if kind == COLLATERAL:
        return str(record.collateral_id) == value
    return True


def decode_thumbnails(
    read_blob: Callable[[str], bytes], shas: Sequence[str], edge: int, control: TaskControl
) -> None:
    """Worker thread: read and decode each thumbnail, report (sha, QImage or None)."""
    for sha in shas:
        if control.cancelled():
            return
        try:
            image = QImage.fromData(read_blob(sha))
        except Exception:  # a blob gone missing: a broken picture, not a broken gallery
            image = QImage()
        if not image.isNull() and max(image.width(), image.height()) > edge:
            image = image.scaled(
                edge,
                edge,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        control.report((sha, None if image.isNull() else image))


class ThumbnailCache(QObject):
    """Decoded thumbnails by blob hash: asked for one at a time as rows are painted, decoded
    in batches off the GUI thread, the least recently shown let go first."""

    loaded = Signal(str)  # a thumbnail's sha256, now available (or known to be broken)

    def __init__(
        self,
        read_blob: Callable[[str], bytes],
        parent: QObject | None = None,
        *,
        edge: int = THUMB_EDGE,
        capacity: int = CACHE_SIZE,
        pool: Pool | None = None,
    ) -> None:
        super().__init__(parent)
        self._read_blob = read_blob
        self._edge = edge
        self._capacity = capacity
        self._pool = pool
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._broken: set[str] = set()
        self._wanted: OrderedDict[str, None] = OrderedDict()  # asked for, not yet decoding
        self._decoding: set[str] = set()
        self._task: Task | None = None
        self.requested: list[str] = []  # every hash sent to decoding, in order (for tests)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)

    def pixmap(self, sha: str) -> QPixmap | None:
        """The thumbnail if it is decoded; otherwise ask for it and return None for now."""
        pixmap = self._pixmaps.get(sha)
        if pixmap is not None:
            self._pixmaps.move_to_end(sha)
            return pixmap
        if sha not in self._broken and sha not in self._decoding:
            self._wanted[sha] = None
            self._wanted.move_to_end(sha)
            if self._task is None:
                self._flush_timer.start()
        return None

    def is_broken(self, sha: str) -> bool:
        return sha in self._broken

    def __len__(self) -> int:
        return len(self._pixmaps)

    def _flush(self) -> None:
        if self._task is not None or not self._wanted:
            return
        batch = list(reversed(self._wanted))[:BATCH]  # what was asked last is on screen now
        self._wanted.clear()  # rows scrolled past are asked for again when painted again
        self._decoding.update(batch)
        self.requested.extend(batch)
        read_blob, edge = self._read_blob, self._edge
        self._task = run_in_background(
            lambda control: decode_thumbnails(read_blob, batch, edge, control),
            on_progress=self._on_task_progressed,
            name="thumbnails",
            pool=self._pool,
        )
        self._task.finished.connect(self._on_task_finished)

    def _on_task_progressed(self, value: tuple[str, QImage | None]) -> None:
        sha, image = value
        self._decoding.discard(sha)
        if image is None:
            self._broken.add(sha)
        else:
            self._pixmaps[sha] = QPixmap.fromImage(image)
            while len(self._pixmaps) > self._capacity:
                self._pixmaps.popitem(last=False)
        self.loaded.emit(sha)

    def _on_task_finished(self) -> None:
        self._task = None
        self._decoding.clear()
        if self._wanted:
            self._flush_timer.start()

    def clear(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._pixmaps.clear()
        self._broken.clear()
        self._wanted.clear()


# --- the model -------------------------------------------------------------------------------


class PhotoListModel(QAbstractListModel):
    """The photos of one inspection, in the order they were taken."""

    caption_edited = Signal(object, str)  # PhotoRecord, the new caption

    def __init__(
        self,
        thumbnails: ThumbnailCache,
        link_text: Callable[[PhotoRecord], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._records: list[PhotoRecord] = []
        self._rows_by_thumb: dict[str, list[int]] = {}
        self.thumbnails = thumbnails
        self._link_text = link_text
        self.editable = False
        thumbnails.loaded.connect(self._on_thumbnails_loaded)

    # --- contents ---------------------------------------------------------------------------

    def set_records(self, records: Sequence[PhotoRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._index_thumbs()
        self.endResetModel()

    def _index_thumbs(self) -> None:
        self._rows_by_thumb = {}
        for row, record in enumerate(self._records):
            self._rows_by_thumb.setdefault(record.thumb_sha256, []).append(row)

    def records(self) -> list[PhotoRecord]:
        return list(self._records)

    def record(self, row: int) -> PhotoRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, photo_id: uuid.UUID) -> int:
        return next((n for n, r in enumerate(self._records) if r.id == photo_id), -1)

    def replace(self, record: PhotoRecord) -> None:
        row = self.row_of(record.id)
        if row < 0:
            return
        self._records[row] = record
        self._index_thumbs()
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def remove(self, photo_id: uuid.UUID) -> None:
        row = self.row_of(photo_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._records[row]
        self._index_thumbs()
        self.endRemoveRows()

    def refresh_links(self) -> None:
        if self._records:
            self.dataChanged.emit(self.index(0), self.index(len(self._records) - 1), [LINK_ROLE])

    def _on_thumbnails_loaded(self, sha: str) -> None:
        for row in self._rows_by_thumb.get(sha, ()):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    # --- Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return record.caption or record.original_name
        if role == Qt.ItemDataRole.EditRole:
            return record.caption
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.pixmap(record.thumb_sha256)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record)
        if role == RECORD_ROLE:
            return record
        if role == LINK_ROLE:
            return self._link_text(record)
        return None

    def tooltip(self, record: PhotoRecord) -> str:
        lines = [record.original_name]
        if record.captured_local is not None:
            lines.append(
                labels.fmt(self.tr("Taken %1"), record.captured_local.strftime("%Y-%m-%d %H:%M"))
            )
        if record.caption:
            lines.append(record.caption)
        link = self._link_text(record)
        if link:
            lines.append(labels.fmt(self.tr("Linked to %1"), link))
        lines += ["⚠ " + warning_text(code, record) for code in record.warnings]
        return "\n".join(lines)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        record = self.record(index.row()) if index.isValid() else None
        if record is None or role != Qt.ItemDataRole.EditRole or not self.editable:
            return False
        text = str(value).strip()
        if text != record.caption:
            self.caption_edited.emit(record, text)  # the gallery saves it and replaces the row
        return True


# --- painting --------------------------------------------------------------------------------


class PhotoDelegate(QStyledItemDelegate):
    """A thumbnail (or its placeholder), the warning badge, the caption and the link."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._small = QFont()
        self._small.setPointSizeF(self._small.pointSizeF() * 0.85)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(CELL)  # the same for every item: no picture is read to lay out the grid

    @staticmethod
    def thumb_rect(cell: QRect) -> QRect:
        return QRect(
            cell.x() + (cell.width() - THUMB_EDGE) // 2, cell.y() + 6, THUMB_EDGE, THUMB_EDGE
        )

    @staticmethod
    def caption_rect(cell: QRect) -> QRect:
        return QRect(cell.x() + 6, cell.y() + THUMB_EDGE + 10, cell.width() - 12, 20)

    @staticmethod
    def link_rect(cell: QRect) -> QRect:
        return QRect(cell.x() + 6, cell.y() + THUMB_EDGE + 30, cell.width() - 12, 18)

    @staticmethod
    def warnings_rect(cell: QRect) -> QRect:
        return QRect(cell.x() + 6, cell.y() + THUMB_EDGE + 48, cell.width() - 12, 18)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        record = index.data(RECORD_ROLE)
        if not isinstance(record, PhotoRecord):
            return
        cell: QRect = option.rect
        state = option.state
        palette: QPalette = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:
            highlight = palette.color(QPalette.ColorRole.Highlight)
            fill = QColor(highlight)
            fill.setAlpha(60)
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(fill)
            painter.drawRoundedRect(cell.adjusted(2, 2, -2, -2), 6, 6)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(cell.adjusted(2, 2, -2, -2), 6, 6)

        box = self.thumb_rect(cell)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            size = pixmap.deviceIndependentSize().toSize()
            size.scale(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                box.x() + (box.width() - size.width()) // 2,
                box.y() + (box.height() - size.height()) // 2,
                size.width(),
                size.height(),
            )
            painter.drawPixmap(target, pixmap)
            picture = target
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(PLACEHOLDER_COLOR)
            picture = box.adjusted(10, 20, -10, -20)
            painter.drawRoundedRect(picture, 4, 4)
            painter.setPen(MUTED_COLOR)
            painter.drawText(picture, Qt.AlignmentFlag.AlignCenter, "…")

        if record.warnings:
            self._paint_badge(painter, picture, len(record.warnings))

        text_color = palette.color(QPalette.ColorRole.Text)
        caption = record.caption or record.original_name
        painter.setPen(text_color if record.caption else MUTED_COLOR)
        painter.setFont(option.font)
        rect = self.caption_rect(cell)
        elided = painter.fontMetrics().elidedText(
            caption, Qt.TextElideMode.ElideRight, rect.width()
        )
        centred = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(rect, centred, elided)
        link = index.data(LINK_ROLE)
        if link:
            painter.setFont(self._small)
            painter.setPen(LINK_COLOR)
            rect = self.link_rect(cell)
            elided = painter.fontMetrics().elidedText(
                "↳ " + link, Qt.TextElideMode.ElideRight, rect.width()
            )
            painter.drawText(rect, centred, elided)
        if record.warnings:
            painter.setFont(self._small)
            painter.setPen(WARNING_COLOR)
            rect = self.warnings_rect(cell)
            elided = painter.fontMetrics().elidedText(
                "⚠ " + warning_summary(record), Qt.TextElideMode.ElideRight, rect.width()
            )
            painter.drawText(rect, centred, elided)
        painter.restore()

    def _paint_badge(self, painter: QPainter, picture: QRect, count: int) -> None:
        """An orange triangle with "!" (and the count) at the picture's top right corner."""
        size = 24
        x = picture.right() - size - 3
        y = picture.top() + 3
        path = QPainterPath()
        path.moveTo(x + size / 2, y)
        path.lineTo(x + size, y + size - 2)
        path.lineTo(x, y + size - 2)
        path.closeSubpath()
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(WARNING_COLOR)
        painter.drawPath(path)
        font = QFont(self._small)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(
            QRect(x, y + 5, size, size - 6),
            Qt.AlignmentFlag.AlignCenter,
            "!" if count == 1 else str(count),
        )

    # --- the caption, edited in place ------------------------------------------------------

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setMaxLength(500)
        editor.setPlaceholderText(self.tr("Caption"))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self,
        editor: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect = self.caption_rect(option.rect)
        editor.setGeometry(rect.adjusted(-2, -2, 2, 4))


# --- the grid --------------------------------------------------------------------------------


class PhotoGridView(QListView):
    """Thumbnails in rows that wrap; files dropped on it are imported."""

    files_dropped = Signal(object)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.setDragEnabled(False)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)  # drags arrive at the viewport of a scroll area
        self.setDropIndicatorShown(False)
        self.drops_allowed = False

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return self.drops_allowed and bool(local_files(event.mimeData()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accepts(event):
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(local_files(event.mimeData()))


# --- linking ---------------------------------------------------------------------------------


class LinkDialog(QDialog):
    """Choose the checklist item and/or the collateral item the photos show."""

    def __init__(
        self,
        targets: Sequence[LinkTarget],
        collateral: Sequence[CollateralTarget],
        *,
        item_key: str | None,
        collateral_id: uuid.UUID | None,
        count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Link photos"))
        self.item_combo = QComboBox(self)
        self.item_combo.setMinimumWidth(420)
        self.item_combo.addItem(self.tr("(no checklist item)"), None)
        self._targets = {t.key: t for t in targets}
        required = [t for t in targets if t.photo_required]
        for target in required:
            self.item_combo.addItem(
                labels.fmt(self.tr("%1 (photos required)"), target.label), target.key
            )
            self.item_combo.setItemData(
                self.item_combo.count() - 1, target.section, Qt.ItemDataRole.ToolTipRole
            )
        if required:
            self.item_combo.insertSeparator(self.item_combo.count())
        for target in targets:
            if not target.photo_required:
                self.item_combo.addItem(f"{target.section} › {target.label}", target.key)
        self.collateral_combo = QComboBox(self)
        self.collateral_combo.addItem(self.tr("(no collateral item)"), None)
        for item in collateral:
            self.collateral_combo.addItem(item.label, item.id)
        self.collateral_combo.setEnabled(bool(collateral))
        self._select(self.item_combo, item_key)
        self._select(self.collateral_combo, collateral_id)
        self.item_combo.currentIndexChanged.connect(self._on_item_combo_current_index_changed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Checklist item:"), self.item_combo)
        form.addRow(self.tr("Collateral item:"), self.collateral_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(labels.fmt(self.tr("What do the %1 selected photo(s) show?"), count), self)
        )
        layout.addLayout(form)
        layout.addWidget(buttons)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        for n in range(combo.count()):
            if value is not None and combo.itemData(n) == value:
                combo.setCurrentIndex(n)
                return

    def _on_item_combo_current_index_changed(self, _index: int) -> None:
        target = self._targets.get(self.item_combo.currentData())
        if target is not None and target.collateral_id is not None:
            self._select(self.collateral_combo, target.collateral_id)

    def chosen(self) -> tuple[str | None, uuid.UUID | None]:
        key = self.item_combo.currentData()
        collateral = self.collateral_combo.currentData()
        return (key if isinstance(key, str) else None), (
            collateral if isinstance(collateral, uuid.UUID) else None
        )


# --- the gallery -----------------------------------------------------------------------------


class PhotoGallery(QWidget):
    """The photos tab of the inspection editor."""

    photos_changed = Signal()  # photos added, linked or removed: counts may have changed

    def __init__(
        self,
        photos: PhotoService,
        current_user: Callable[[], UserId | None],
        parent: QWidget | None = None,
        *,
        pool: Pool | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = photos
        self._current_user = current_user
        self._pool = pool
        self.inspection_id: InspectionId | None = None
        self.editable = False
        self._targets: dict[str, LinkTarget] = {}
        self._target_list: list[LinkTarget] = []
        self._collateral: dict[uuid.UUID, CollateralTarget] = {}
        self._rotations: list[tuple[PhotoId, int]] = []
        self.rotate_task: Task | None = None
        self.confirm_box: QMessageBox | None = None
        self.link_dialog: LinkDialog | None = None
        self.viewer: PhotoViewer | None = None

        self.thumbnails = ThumbnailCache(photos.blob, self, pool=pool)
        self.model = PhotoListModel(self.thumbnails, self.link_text, self)
        self.model.caption_edited.connect(self._on_model_caption_edited)
        self.view = PhotoGridView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(PhotoDelegate(self.view))
        self.view.files_dropped.connect(self._on_view_files_dropped)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())

        self.importer = PhotoImporter(photos, current_user, self, pool=pool)
        self.importer.imported.connect(self._on_importer_imported)
        self.importer.notice.connect(self._on_importer_notice)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(
            self.tr("Add photos…"),
            self.tr("Choose photo files to add to this inspection (Ctrl+O)"),
            "Ctrl+O",
            lambda: self.importer.choose_files(),
        )
        self.folder_action = self._action(
            self.tr("Import folder…"),
            self.tr("Import the photos of one day from a memory card, a phone or a folder"),
            None,
            lambda: self.importer.choose_folder(),
        )
        self.toolbar.addSeparator()
        self.rotate_left_action = self._action(
            self.tr("Rotate left"),
            self.tr("Turn the selected photos a quarter turn to the left (Ctrl+L)"),
            "Ctrl+L",
            lambda: self.rotate_selected(270),
        )
        self.rotate_right_action = self._action(
            self.tr("Rotate right"),
            self.tr("Turn the selected photos a quarter turn to the right (Ctrl+R)"),
            "Ctrl+R",
            lambda: self.rotate_selected(90),
        )
        self.caption_action = self._action(
            self.tr("Caption"),
            self.tr("Write what the photo shows (F2)"),
            "F2",
            self.edit_caption,
        )
        self.link_action = self._action(
            self.tr("Link…"),
            self.tr("Link the selected photos to a checklist item or a collateral item (Ctrl+K)"),
            "Ctrl+K",
            self.link_selected,
        )
        self.unlink_action = self._action(
            self.tr("Unlink"),
            self.tr("Link the selected photos to nothing"),
            None,
            self.unlink_selected,
        )
        self.remove_action = self._action(
            self.tr("Remove"),
            self.tr("Take the selected photos out of this inspection (Delete)"),
            QKeySequence.StandardKey.Delete,
            self.remove_selected,
        )
        self.view_action = self._action(  # Enter and a double click do it: not on the toolbar
            self.tr("View"),
            self.tr("Show the photo large, with its details and warnings (Enter)"),
            None,
            self.open_viewer,
            toolbar=False,
        )
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (
            self.view_action,
            self.caption_action,
            self.rotate_left_action,
            self.rotate_right_action,
            self.link_action,
            self.unlink_action,
            self.remove_action,
            self.add_action,
        ):
            self.view.addAction(action)

        # Which photos the grid shows: all, those with warnings, those linked to nothing, or
        # those of one checklist item or collateral item (each with its count).
        self.filter_combo = QComboBox(self)
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_combo.setToolTip(self.tr("Show only some of the photos (Alt+S)"))
        self.filter_label = QLabel(self.tr("&Show:"), self)
        self.filter_label.setBuddy(self.filter_combo)
        self.filter_combo.currentIndexChanged.connect(lambda _index: self._apply_filter())
        self._filter_timer = QTimer(self)  # one pass after a burst of model changes
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self._refilter)
        for signal in (self.model.modelReset, self.model.rowsRemoved, self.model.rowsInserted):
            signal.connect(lambda *_args: self._filter_timer.start())
        self.model.dataChanged.connect(self._on_model_data_changed)

        self.count_label = QLabel(self)
        self.notice_label = QLabel(self)
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        palette = self.notice_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, MUTED_COLOR)
        self.notice_label.setPalette(palette)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setPalette(palette)

        status = QHBoxLayout()
        status.addWidget(self.filter_label)
        status.addWidget(self.filter_combo)
        status.addSpacing(12)
        status.addWidget(self.count_label)
        status.addWidget(self.notice_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addLayout(status)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.view, 1)
        self._update_actions()

    def _action(
        self,
        text: str,
        tip: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object],
        *,
        toolbar: bool = True,
    ) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    # --- what is shown ----------------------------------------------------------------------

    def show_inspection(
        self,
        inspection_id: InspectionId,
        *,
        editable: bool,
        inspected_on: dt.date | None = None,
        targets: Sequence[LinkTarget] = (),
        collateral: Sequence[CollateralTarget] = (),
    ) -> None:
        if inspection_id != self.inspection_id:
            self.thumbnails.clear()
            self.notice_label.clear()
            self.filter_combo.clear()  # another inspection: all its photos
        self.inspection_id = inspection_id
        self._target_list = list(targets)
        self._targets = {t.key: t for t in targets}
        self._collateral = {c.id: c for c in collateral}
        self.importer.set_inspection(inspection_id, inspected_on, editable)
        self.set_editable(editable)
        self.reload()

    def set_editable(self, editable: bool) -> None:
        """Whether photos may be added and changed (only in a draft)."""
        self.editable = editable
        self.model.editable = editable
        self.view.drops_allowed = editable
        self.importer.editable = editable
        self._update_actions()

    def reload(self) -> None:
        """Read the inspection's photos again, keeping the selection."""
        if self.inspection_id is None:
            return
        selected = {r.id for r in self.selected_records()}
        current = self.current_record()
        self.model.set_records(self.service.photos(self.inspection_id))
        selection = self.view.selectionModel()
        for row, record in enumerate(self.model.records()):
            if record.id in selected:
                selection.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Select)
        if current is not None and (row := self.model.row_of(current.id)) >= 0:
            selection.setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        self._update_status()
        self._update_actions()

    def _update_status(self) -> None:
        records = self.model.records()
        warned = sum(1 for r in records if r.warnings)
        text = labels.fmt(self.tr("%1 photo(s)"), len(records))
        if warned:
            text += labels.fmt(self.tr(" · %1 with warnings"), warned)
        shown = self.shown_count()
        if shown != len(records):
            text += labels.fmt(self.tr(" · %1 shown"), shown)
        self.count_label.setText(text)
        if records and not shown:
            self.empty_label.setText(self.tr("No photo matches what is chosen under Show."))
            self.empty_label.setVisible(True)
            return
        if self.editable:
            self.empty_label.setText(
                self.tr(
                    "No photos yet. Drag photo files here or onto a checklist item, "
                    "or use Add photos… or Import folder…."
                )
            )
        else:
            self.empty_label.setText(self.tr("This inspection has no photos."))
        self.empty_label.setVisible(not records)

    # --- the filter -----------------------------------------------------------------------

    def _filter_choices(self) -> list[tuple[str, str]]:
        """The Show list: (text with count, what it shows), kinds with no photo left out."""
        records = self.model.records()
        choices = [(labels.fmt(self.tr("All photos (%1)"), len(records)), ALL)]
        warned = sum(1 for r in records if r.warnings)
        if warned:
            choices.append((labels.fmt(self.tr("With warnings (%1)"), warned), WARNED))
        unlinked = sum(1 for r in records if _unlinked(r))
        if unlinked and unlinked != len(records):
            choices.append((labels.fmt(self.tr("Linked to nothing (%1)"), unlinked), UNLINKED))
        by_item = Counter(r.item_key for r in records if r.item_key)
        by_collateral = Counter(r.collateral_id for r in records if r.collateral_id is not None)
        labelled = [(t.label, t.key) for t in self._target_list if t.key in by_item]  # in order
        labelled += [(key, key) for key in sorted(by_item) if key not in self._targets]
        for label, key in labelled:
            text = labels.fmt(self.tr("%1 (%2)"), label, by_item[key])
            choices.append((text, _choice(ITEM, key)))
        for collateral_id, count in by_collateral.items():
            item = self._collateral.get(collateral_id)
            label = item.label if item is not None else self.tr("a collateral item")
            text = labels.fmt(self.tr("%1 (%2)"), label, count)
            choices.append((text, _choice(COLLATERAL, collateral_id)))
        return choices

    def _on_model_data_changed(self, _top: object, _bottom: object, roles: object = ()) -> None:
        # Thumbnails arriving and link labels change no photo's kind: the grid stays as it is
        # (a pass over 500 photos per thumbnail batch would make scrolling stutter).
        quiet = {int(Qt.ItemDataRole.DecorationRole), int(LINK_ROLE)}
        if isinstance(roles, list | tuple) and roles and {int(r) for r in roles} <= quiet:
            return
        self._filter_timer.start()

    def _refilter(self) -> None:
        """Rebuild the Show list (counts change as photos are linked or removed), keep the
        choice if it still has photos, and apply it."""
        chosen = self.filter_combo.currentData()
        choices = self._filter_choices()
        current = [
            (self.filter_combo.itemText(n), self.filter_combo.itemData(n))
            for n in range(self.filter_combo.count())
        ]
        if choices != current:
            self.filter_combo.blockSignals(True)
            self.filter_combo.clear()
            for text, data in choices:
                self.filter_combo.addItem(text, data)
            index = self.filter_combo.findData(chosen) if isinstance(chosen, str) else -1
            self.filter_combo.setCurrentIndex(max(index, 0))
            self.filter_combo.blockSignals(False)
        self._apply_filter()

    def show_only(self, kind: str, value: object = None) -> bool:
        """Choose what the grid shows (ALL, WARNED, UNLINKED, ITEM and an answer key,
        COLLATERAL and an id); False when no photo is of that kind."""
        self._refilter()
        index = self.filter_combo.findData(_choice(kind, value))
        if index < 0:
            return False
        self.filter_combo.setCurrentIndex(index)
        return True

    def _apply_filter(self) -> None:
        kind, _, value = str(self.filter_combo.currentData() or ALL).partition(":")
        selection = self.view.selectionModel()
        for row, record in enumerate(self.model.records()):
            hidden = not _matches(record, kind, value)
            if self.view.isRowHidden(row) != hidden:  # each change lays the grid out again
                self.view.setRowHidden(row, hidden)
            if hidden:  # what cannot be seen is not acted on
                selection.select(self.model.index(row), QItemSelectionModel.SelectionFlag.Deselect)
        self._update_status()
        self._update_actions()

    def shown_count(self) -> int:
        return sum(1 for row in range(self.model.rowCount()) if not self.view.isRowHidden(row))

    def _update_actions(self) -> None:
        selected = bool(self.view.selectionModel().selectedIndexes())
        can_import = self.editable and self.inspection_id is not None
        self.add_action.setEnabled(can_import)
        self.folder_action.setEnabled(can_import)
        for action in (
            self.rotate_left_action,
            self.rotate_right_action,
            self.link_action,
            self.unlink_action,
            self.remove_action,
        ):
            action.setEnabled(self.editable and selected)
        self.caption_action.setEnabled(self.editable and self.view.currentIndex().isValid())
        self.view_action.setEnabled(self.view.currentIndex().isValid())

    def link_text(self, record: PhotoRecord) -> str:
        """What the photo is linked to, in words ('' when nothing)."""
        parts = []
        if record.item_key:
            target = self._targets.get(record.item_key)
            parts.append(target.label if target is not None else record.item_key)
        if record.collateral_id is not None:
            item = self._collateral.get(record.collateral_id)
            item_target = self._targets.get(record.item_key or "")
            if item is not None and (
                item_target is None or item_target.collateral_id != record.collateral_id
            ):
                parts.append(item.label)
            elif item is None:
                parts.append(self.tr("a collateral item"))
        return " · ".join(parts)

    # --- selection --------------------------------------------------------------------------

    def selected_records(self) -> list[PhotoRecord]:
        """The selected photos the grid shows (Select all takes hidden rows too)."""
        rows = sorted(
            i.row()
            for i in self.view.selectionModel().selectedIndexes()
            if not self.view.isRowHidden(i.row())
        )
        return [r for r in (self.model.record(row) for row in rows) if r is not None]

    def current_record(self) -> PhotoRecord | None:
        return self.model.record(self.view.currentIndex().row())

    def select_row(self, row: int) -> None:
        index = self.model.index(row)
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(index)

    def _actor(self) -> UserId | None:
        actor = self._current_user()
        if actor is None:
            show_error(self, NotAllowed("choose who you are in the status bar first"))
        return actor

    # --- captions ---------------------------------------------------------------------------

    def edit_caption(self) -> None:
        index = self.view.currentIndex()
        if self.editable and index.isValid():
            self.view.edit(index)

    def set_caption(self, photo_id: PhotoId, caption: str) -> PhotoRecord | None:
        actor = self._actor()
        if actor is None or not self.editable:
            return None
        try:
            record = self.service.set_caption(photo_id=photo_id, caption=caption, actor_id=actor)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.model.replace(record)
        return record

    def _on_model_caption_edited(self, record: PhotoRecord, caption: str) -> None:
        self.set_caption(record.id, caption)

    # --- rotating ---------------------------------------------------------------------------

    def rotate_selected(self, clockwise: int) -> None:
        self.rotate([r.id for r in self.selected_records()], clockwise)

    def rotate(self, photo_ids: Sequence[PhotoId], clockwise: int) -> None:
        """Turn photos in the background, one after the other; each shows as it is done."""
        if not self.editable or not photo_ids:
            return
        actor = self._actor()
        if actor is None:
            return
        self._rotations += [(photo_id, clockwise) for photo_id in photo_ids]
        if self.rotate_task is None:
            self._start_rotations(actor)

    def _start_rotations(self, actor: UserId) -> None:
        work, self._rotations = self._rotations, []
        service = self.service

        def turn(control: TaskControl) -> None:
            for photo_id, clockwise in work:
                if control.cancelled():
                    return
                control.report(
                    service.rotate(photo_id=photo_id, actor_id=actor, clockwise=clockwise)
                )

        self.rotate_task = run_in_background(
            turn,
            on_progress=self.model.replace,
            on_error=partial(show_error, self),
            name="rotate photos",
            pool=self._pool,
        )
        self.rotate_task.finished.connect(self._on_rotate_task_finished)
        self.notice_label.setText(self.tr("Turning the photos…"))

    def _on_rotate_task_finished(self) -> None:
        self.rotate_task = None
        self.notice_label.clear()
        if self._rotations:
            actor = self._current_user()
            if actor is not None:
                self._start_rotations(actor)

    # --- linking ----------------------------------------------------------------------------

    def link_selected(self) -> LinkDialog | None:
        records = self.selected_records()
        if not self.editable or not records:
            return None
        first = records[0]
        dialog = LinkDialog(
            self._target_list,
            list(self._collateral.values()),
            item_key=first.item_key,
            collateral_id=first.collateral_id,
            count=len(records),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = [r.id for r in records]
        dialog.accepted.connect(lambda: self.link(ids, *dialog.chosen()))
        dialog.finished.connect(lambda _result: setattr(self, "link_dialog", None))
        self.link_dialog = dialog
        dialog.open()
        return dialog

    def unlink_selected(self) -> None:
        self.link([r.id for r in self.selected_records()], None, None)

    def link(
        self, photo_ids: Sequence[PhotoId], item_key: str | None, collateral_id: uuid.UUID | None
    ) -> None:
        if not self.editable or not photo_ids:
            return
        actor = self._actor()
        if actor is None:
            return
        try:
            for photo_id in photo_ids:
                record = self.service.link(
                    photo_id=photo_id,
                    actor_id=actor,
                    item_key=item_key,
                    collateral_id=collateral_id,
                )
                self.model.replace(record)
        except Exception as exc:
            show_error(self, exc)
        self.photos_changed.emit()

    # --- removing ---------------------------------------------------------------------------

    def remove_selected(self) -> QMessageBox | None:
        """Ask first (without blocking), then remove."""
        records = self.selected_records()
        if not self.editable or not records:
            return None
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Remove photos"))
        if len(records) == 1:
            box.setText(labels.fmt(self.tr("Remove the photo %1?"), records[0].original_name))
        else:
            box.setText(labels.fmt(self.tr("Remove these %1 photos?"), len(records)))
        box.setInformativeText(
            self.tr(
                "They are taken out of this inspection; the files on your disk are not touched."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        if yes is not None:
            yes.setText(self.tr("Remove"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        ids = [r.id for r in records]
        box.accepted.connect(lambda: self.remove(ids))
        box.finished.connect(lambda _result: setattr(self, "confirm_box", None))
        self.confirm_box = box
        box.open()
        return box

    def remove(self, photo_ids: Sequence[PhotoId]) -> None:
        if not self.editable:
            return
        actor = self._actor()
        if actor is None:
            return
        try:
            for photo_id in photo_ids:
                self.service.remove(photo_id=photo_id, actor_id=actor)
                self.model.remove(photo_id)
        except Exception as exc:
            show_error(self, exc)
        self._update_status()
        self._update_actions()
        self.photos_changed.emit()

    # --- viewing ----------------------------------------------------------------------------

    def open_viewer(self, row: int | None = None) -> PhotoViewer | None:
        from postloan_desktop.ui.photo_viewer import PhotoViewer

        if row is None:
            row = self.view.currentIndex().row()
        if self.model.record(row) is None:
            return None
        if self.viewer is not None:
            self.viewer.show_row(row)
            self.viewer.raise_()
            return self.viewer
        viewer = PhotoViewer(self, row, self.window())
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _result: setattr(self, "viewer", None))
        self.viewer = viewer
        viewer.show()
        return viewer

    def _on_view_activated(self, index: QModelIndex) -> None:
        self.open_viewer(index.row())

    # --- importing --------------------------------------------------------------------------

    def _on_view_files_dropped(self, paths: list[Any]) -> None:
        self.importer.import_paths(paths)

    def _on_importer_imported(self, outcome: ImportOutcome) -> None:
        self.reload()
        if outcome.summary.imported:
            first = self.model.row_of(outcome.summary.imported[0].id)
            if first >= 0:
                self.view.scrollTo(self.model.index(first))
        self.photos_changed.emit()

    def _on_importer_notice(self, text: str) -> None:
        self.notice_label.setText(text)


def warning_summary(record: PhotoRecord) -> str:
    """The warnings of a photo in a few words each (under the thumbnail)."""
    words = dict.fromkeys(warning_short(code) for code in record.warnings)  # once each
    return translate("Photos", ", ").join(words)
