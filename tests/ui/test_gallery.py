"""The photos of an inspection in the editor: thumbnails loaded lazily, captions, rotation,
links to checklist items and collateral, removal, the viewer, drops, and read-only once the
inspection is submitted."""

import datetime as dt
import io
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from test_inspection_editor import answer_all_required

from postloan_desktop.domain.enums import InspectionStatus
from postloan_desktop.domain.ids import CollateralId, InspectionId, PhotoId, UserId
from postloan_desktop.services.photos import PhotoRecord
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.gallery import (
    ALL,
    COLLATERAL,
    ITEM,
    UNLINKED,
    PhotoDelegate,
    PhotoGridView,
    PhotoListModel,
    ThumbnailCache,
)
from postloan_desktop.ui.inspection_editor import InspectionEditor, ItemRow
from postloan_desktop.ui.photo_import import ImportOutcome

TAKEN = dt.datetime(2026, 11, 28, 9, 30)
ROOT = Path(__file__).resolve().parents[2]


# --- helpers ---------------------------------------------------------------------------------


def make_editor(qtbot: QtBot, context: AppContext, inspection: InspectionId) -> InspectionEditor:
    editor = InspectionEditor(context)
    qtbot.add_widget(editor)
    editor.resize(1200, 800)
    editor.load(inspection)
    editor.show()
    editor.activateWindow()  # shortcuts work in the active window only
    qtbot.wait_until(editor.isActiveWindow)
    assert editor.gallery is not None
    return editor


def file_mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(widget: QWidget, mime: QMimeData) -> bool:
    """Drag ``mime`` onto the middle of ``widget`` and drop it; True if the drop was taken."""
    pos = widget.rect().center()
    enter = QDragEnterEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        QPointF(pos),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def import_into(qtbot: QtBot, editor: InspectionEditor, paths: list[Path]) -> ImportOutcome:
    assert editor.gallery is not None
    with qtbot.wait_signal(editor.gallery.importer.imported, timeout=30_000) as blocker:
        assert editor.gallery.importer.import_paths(paths) is not None
    outcome = blocker.args[0]
    assert isinstance(outcome, ImportOutcome)
    return outcome


def photo_required_row(editor: InspectionEditor, *, collateral: bool) -> ItemRow:
    return next(
        row
        for row in editor.rows.values()
        if row.instance.item.photo_required and (row.instance.collateral is not None) == collateral
    )


def thumbnail_of(editor: InspectionEditor, row: int) -> QPixmap | None:
    assert editor.gallery is not None
    record = editor.gallery.model.record(row)
    assert record is not None
    return editor.gallery.thumbnails.pixmap(record.thumb_sha256)


def fake_record(n: int) -> PhotoRecord:
    return PhotoRecord(
        id=PhotoId(uuid.uuid4()),
        inspection_id=InspectionId(uuid.uuid4()),
        sha256=f"{n:064x}",
        original_name=f"IMG_{n:04}.jpg",
        size_bytes=1000,
        width=400,
        height=300,
        captured_local=TAKEN,
        gps=None,
        camera="",
        software="",
        thumb_sha256=f"thumb{n:059x}",
        report_sha256=f"report{n:058x}",
        rotation=0,
        caption="",
        item_key=None,
        collateral_id=None,
        warnings=("gps_missing",) if n % 3 == 0 else (),
    )


# --- thumbnails ------------------------------------------------------------------------------


def test_thumbnails_are_decoded_only_for_the_photos_on_screen(qtbot: QtBot) -> None:
    """500 photos: the grid lays out without reading a picture; only the rows on screen get
    decoded, then the ones scrolled to."""
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (120, 160, 200)).save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    read: list[str] = []

    def read_blob(sha: str) -> bytes:
        read.append(sha)
        return jpeg

    cache = ThumbnailCache(read_blob)
    model = PhotoListModel(cache, lambda _record: "")
    records = [fake_record(n) for n in range(500)]
    model.set_records(records)
    view = PhotoGridView()
    qtbot.add_widget(view)
    view.setItemDelegate(PhotoDelegate(view))
    view.setModel(model)
    view.resize(620, 520)  # three columns, two rows and a bit
    view.show()
    qtbot.wait_exposed(view)

    def on_screen() -> set[str]:
        area = view.viewport().rect()
        return {
            r.thumb_sha256
            for n, r in enumerate(records)
            if view.visualRect(model.index(n)).intersects(area)
        }

    first_screen = on_screen()
    assert 3 <= len(first_screen) <= 12
    qtbot.wait_until(lambda: all(cache.pixmap(sha) is not None for sha in first_screen))
    assert set(read) == first_screen
    assert set(cache.requested) == first_screen

    view.scrollToBottom()
    last_screen = on_screen()
    qtbot.wait_until(lambda: all(cache.pixmap(sha) is not None for sha in last_screen))
    assert set(read) == first_screen | last_screen  # nothing in between
    assert len(read) < 30


def test_a_thumbnail_that_cannot_be_read_stays_a_placeholder(qtbot: QtBot) -> None:
    def read_blob(_sha: str) -> bytes:
        raise FileNotFoundError("gone")

    cache = ThumbnailCache(read_blob)
    with qtbot.wait_signal(cache.loaded, timeout=10_000) as blocker:
        assert cache.pixmap("missing") is None
    assert blocker.args == ["missing"]
    assert cache.is_broken("missing") and cache.pixmap("missing") is None
    assert cache.requested == ["missing"]  # not asked again


# --- the gallery in the editor ---------------------------------------------------------------


def test_caption_typed_in_place_is_saved(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None
    import_into(qtbot, editor, [photo_file("IMG_1.jpg", taken=TAKEN)])
    editor.show_photos()
    gallery.select_row(0)
    qtbot.keyClick(gallery.view, Qt.Key.Key_F2)
    line = gallery.view.findChild(QLineEdit)
    assert isinstance(line, QLineEdit) and line.isVisible()
    line.setText("  经营场所门面，正常营业 ")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    assert photo_context.photos is not None
    record = gallery.model.record(0)
    assert record is not None
    service = photo_context.photos
    qtbot.wait_until(lambda: service.photo(record.id).caption == "经营场所门面，正常营业")
    assert gallery.model.index(0).data() == "经营场所门面，正常营业"


def test_rotate_turns_the_thumbnail_and_keeps_the_original(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None and photo_context.photos is not None
    path = photo_file("IMG_1.jpg", size=(400, 300), taken=TAKEN)
    import_into(qtbot, editor, [path])
    editor.show_photos()
    qtbot.wait_until(lambda: thumbnail_of(editor, 0) is not None)
    before = thumbnail_of(editor, 0)
    assert before is not None and before.width() > before.height()
    gallery.select_row(0)
    qtbot.keyClick(gallery.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait_until(lambda: gallery.rotate_task is None)
    record = gallery.model.record(0)
    assert record is not None
    assert record.rotation == 90 and (record.width, record.height) == (300, 400)
    assert photo_context.photos.photo(record.id).rotation == 90
    qtbot.wait_until(lambda: thumbnail_of(editor, 0) is not None)
    after = thumbnail_of(editor, 0)
    assert after is not None and after.height() > after.width()
    assert photo_context.photos.blob(record.sha256) == path.read_bytes()  # untouched
    gallery.rotate_left_action.trigger()
    qtbot.wait_until(lambda: gallery.rotate_task is None)
    turned_back = gallery.model.record(0)
    assert turned_back is not None and turned_back.rotation == 0


def test_link_and_unlink_update_the_photo_count_of_the_item(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None and photo_context.photos is not None
    row = photo_required_row(editor, collateral=True)
    assert not row.photo_tag.isHidden()
    assert row.photo_tag.text() == "需拍照 · 已有 0 张"
    import_into(qtbot, editor, [photo_file("IMG_1.jpg"), photo_file("IMG_2.jpg", variant=1)])
    gallery.view.selectAll()
    dialog = gallery.link_selected()
    assert dialog is not None and dialog.isVisible()
    index = next(
        n for n in range(dialog.item_combo.count()) if dialog.item_combo.itemData(n) == row.key
    )
    assert "（需拍照）" in dialog.item_combo.itemText(index)
    dialog.item_combo.setCurrentIndex(index)
    assert row.instance.collateral is not None
    collateral = uuid.UUID(row.instance.collateral.id)
    assert dialog.collateral_combo.currentData() == collateral  # follows the item
    dialog.accept()
    assert row.photo_tag.text() == "需拍照 · 已有 2 张"
    for record in photo_context.photos.photos(inspection):
        assert (record.item_key, record.collateral_id) == (row.key, CollateralId(collateral))
    assert gallery.link_text(gallery.model.records()[0]) == row.instance.item.label.zh

    gallery.select_row(0)
    gallery.unlink_action.trigger()
    assert row.photo_tag.text() == "需拍照 · 已有 1 张"
    unlinked = gallery.model.record(0)
    assert unlinked is not None and unlinked.item_key is None and unlinked.collateral_id is None
    assert gallery.link_text(unlinked) == ""


def test_show_narrows_the_grid_and_only_what_is_shown_is_acted_on(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None and photo_context.photos is not None
    paths = [photo_file(f"IMG_{n}.jpg", variant=n % 2, make=f"cam{n}") for n in range(3)]
    import_into(qtbot, editor, paths)
    row = photo_required_row(editor, collateral=False)
    first = gallery.model.records()[0]
    photo_context.photos.link(
        photo_id=first.id, actor_id=inspector, item_key=row.key, collateral_id=None
    )
    gallery.reload()
    combo = gallery.filter_combo
    qtbot.wait_until(lambda: combo.count() == 4)
    texts = [combo.itemText(n) for n in range(combo.count())]
    assert texts == [
        "全部照片（3）",
        "有警告（3）",  # no capture time nor GPS in these files
        "未关联（2）",
        f"{row.instance.item.label.zh}（1）",
    ]
    assert gallery.filter_label.text() == "显示(&S)："

    assert gallery.show_only(ITEM, row.key)
    assert gallery.shown_count() == 1 and gallery.view.isRowHidden(1)
    assert gallery.count_label.text().endswith("显示 1 张")
    gallery.view.selectAll()
    assert [r.id for r in gallery.selected_records()] == [first.id]  # not the hidden ones

    assert gallery.show_only(UNLINKED) and gallery.shown_count() == 2
    assert not gallery.show_only(COLLATERAL, uuid.uuid4())  # no photo of it: nothing changes
    assert gallery.shown_count() == 2

    gallery.show_only(ITEM, row.key)
    gallery.select_row(0)
    gallery.unlink_action.trigger()  # the item has no photo left: all are shown again
    qtbot.wait_until(lambda: combo.currentData() == ALL)
    assert gallery.shown_count() == 3 and combo.count() == 2
    assert not gallery.empty_label.isVisible()


def test_thumbnails_arriving_leave_the_filter_alone(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    """A pass over every photo per thumbnail batch would make a 500-photo grid stutter."""
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None
    import_into(qtbot, editor, [photo_file("IMG_1.jpg")])
    qtbot.wait_until(lambda: gallery.filter_combo.itemText(0) == "全部照片（1）")  # filtered
    passes: list[int] = []
    real = gallery._apply_filter
    gallery._apply_filter = lambda: (passes.append(1), real())[1]  # type: ignore[method-assign]
    record = gallery.model.record(0)
    assert record is not None
    gallery.model._on_thumbnails_loaded(record.thumb_sha256)
    gallery.model.refresh_links()
    qtbot.wait(50)
    assert passes == []
    gallery.model.replace(record)  # a photo changed: its kind may have
    qtbot.wait_until(lambda: passes == [1])


def test_remove_asks_first(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None and photo_context.photos is not None
    import_into(qtbot, editor, [photo_file("IMG_1.jpg"), photo_file("IMG_2.jpg", variant=1)])
    assert editor.tabs.tabText(editor.tabs.indexOf(gallery)) == "照片（2）"
    editor.show_photos()
    gallery.select_row(0)
    doomed = gallery.current_record()
    assert doomed is not None
    qtbot.keyClick(gallery.view, Qt.Key.Key_Delete)
    box = gallery.confirm_box
    assert box is not None and box.isVisible()
    assert box.text() == f"删除照片 {doomed.original_name}？"
    cancel = box.button(QMessageBox.StandardButton.Cancel)
    assert cancel is not None
    cancel.click()
    assert len(photo_context.photos.photos(inspection)) == 2  # nothing happened

    qtbot.keyClick(gallery.view, Qt.Key.Key_Delete)
    box = gallery.confirm_box
    assert box is not None
    yes = box.button(QMessageBox.StandardButton.Yes)
    assert yes is not None and yes.text() == "删除"
    yes.click()
    assert [r.id for r in photo_context.photos.photos(inspection)] != []
    assert doomed.id not in [r.id for r in photo_context.photos.photos(inspection)]
    assert gallery.model.rowCount() == 1
    assert editor.tabs.tabText(editor.tabs.indexOf(gallery)) == "照片（1）"
    assert gallery.count_label.text().startswith("共 1 张照片")


def test_files_dropped_on_the_gallery_are_imported(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None
    editor.show_photos()
    paths = [photo_file("a.jpg", taken=TAKEN), photo_file("b.jpg", variant=1, taken=TAKEN)]
    text = QMimeData()
    text.setText("not files")
    assert not drop(gallery.view.viewport(), text)
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000):
        assert drop(gallery.view.viewport(), file_mime(paths))
    assert sorted(r.original_name for r in gallery.model.records()) == ["a.jpg", "b.jpg"]
    assert all(r.item_key is None for r in gallery.model.records())


def test_a_photo_dropped_on_an_item_is_linked_to_it_and_counted(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None
    row = photo_required_row(editor, collateral=True)
    editor.focus_item(row.key)
    assert row.photo_tag.text() == "需拍照 · 已有 0 张"
    red = row.photo_tag.palette().color(row.photo_tag.foregroundRole())
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000):
        # onto the item's input: the file is a photo for the item, not text for the input
        target = row.input.focus_target()
        assert drop(target, file_mime([photo_file("IMG_1.jpg", taken=TAKEN)]))
    assert row.photo_tag.text() == "需拍照 · 已有 1 张"
    assert row.photo_tag.palette().color(row.photo_tag.foregroundRole()) != red
    record = gallery.model.record(0)
    assert record is not None and record.item_key == row.key
    assert row.instance.collateral is not None
    assert record.collateral_id == uuid.UUID(row.instance.collateral.id)
    assert editor.tabs.tabText(editor.tabs.indexOf(gallery)) == "照片（1）"

    other = photo_required_row(editor, collateral=False)
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000):
        assert drop(other, file_mime([photo_file("IMG_2.jpg", variant=1, taken=TAKEN)]))
    assert other.photo_tag.text() == "需拍照 · 已有 1 张"
    assert row.photo_tag.text() == "需拍照 · 已有 1 张"

    # onto a collateral section itself (not one of its items): linked to the collateral only
    box = next(b for b in editor.sections if b.collateral_id is not None)
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000) as blocker:
        assert drop(box, file_mime([photo_file("IMG_3.jpg", size=(300, 300), taken=TAKEN)]))
    (added,) = blocker.args[0].summary.imported
    assert (added.item_key, added.collateral_id) == (None, box.collateral_id)
    assert gallery.link_text(added) == row.instance.collateral.label


def test_the_viewer_shows_the_details_and_warnings_and_steps_through(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None
    import_into(
        qtbot,
        editor,
        [
            photo_file("IMG_1.jpg", taken=TAKEN, gps=(30.59, 114.31), make="HUAWEI", model="P60"),
            photo_file("IMG_2.jpg", variant=1, taken=TAKEN.replace(minute=40), software="GIMP"),
        ],
    )
    editor.show_photos()
    gallery.select_row(0)
    qtbot.keyClick(gallery.view, Qt.Key.Key_Return)
    viewer = gallery.viewer
    assert viewer is not None and viewer.isVisible()
    qtbot.wait_until(lambda: viewer.picture_loaded)
    assert viewer.name.text() == "IMG_1.jpg"
    assert viewer.dimensions.text() == "400 × 300"
    assert viewer.taken.text() == "2026-11-28 09:30:00"
    assert viewer.position.text().startswith("北纬 30.59000°，东经 114.31000°")
    assert "在地图中打开" in viewer.position.text()
    assert viewer.camera.text() == "HUAWEI P60"
    assert viewer.record is not None
    assert set(viewer.record.warnings) <= {"gps_far_from_site"}  # the demo's site decides

    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    assert viewer.name.text() == "IMG_2.jpg"
    assert gallery.current_record() == viewer.record  # the grid follows
    lines = viewer.warning_lines()
    assert "⚠ 没有 GPS 位置：拍摄时定位未开启，或文件是转存的。" in lines
    assert "⚠ 经过软件编辑（GIMP）。" in lines
    assert viewer.warnings_title.text() == f"警告（{len(lines)}）"
    qtbot.wait_until(lambda: viewer.picture_loaded)

    viewer.caption.setFocus()
    viewer.caption.setText("库存")
    viewer.caption.editingFinished.emit()
    assert photo_context.photos is not None and viewer.record is not None
    assert photo_context.photos.photo(viewer.record.id).caption == "库存"
    viewer.rotate_right_button.click()
    qtbot.wait_until(lambda: viewer.record is not None and viewer.record.rotation == 90)
    assert viewer.rotation.text() == "向右 90°（原图未改动）"
    qtbot.keyClick(viewer.previous_button, Qt.Key.Key_Left)
    assert viewer.name.text() == "IMG_1.jpg"
    viewer.close()
    qtbot.wait_until(lambda: gallery.viewer is None)


def test_a_submitted_inspection_shows_its_photos_read_only(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None
    import_into(qtbot, editor, [photo_file("IMG_1.jpg", taken=TAKEN)])
    answer_all_required(photo_context.inspections, inspection, inspector)
    photo_context.inspections.submit(inspection_id=inspection, actor_id=inspector)
    editor.load(inspection)
    assert editor.form is not None and editor.form.status is InspectionStatus.SUBMITTED
    editor.show_photos()
    assert gallery.model.rowCount() == 1
    gallery.select_row(0)
    for action in (
        gallery.add_action,
        gallery.folder_action,
        gallery.rotate_left_action,
        gallery.rotate_right_action,
        gallery.caption_action,
        gallery.link_action,
        gallery.unlink_action,
        gallery.remove_action,
    ):
        assert not action.isEnabled(), action.text()
    assert gallery.view_action.isEnabled()
    assert not gallery.model.flags(gallery.model.index(0)) & Qt.ItemFlag.ItemIsEditable
    assert gallery.remove_selected() is None and gallery.link_selected() is None
    assert not drop(gallery.view.viewport(), file_mime([photo_file("IMG_2.jpg", variant=1)]))
    row = photo_required_row(editor, collateral=True)
    assert not drop(row, file_mime([photo_file("IMG_3.jpg", size=(300, 300))]))
    viewer = gallery.open_viewer(0)
    assert viewer is not None
    assert viewer.caption.isReadOnly() and not viewer.rotate_right_button.isEnabled()
    assert gallery.empty_label.isHidden()
    assert photo_context.photos is not None
    assert len(photo_context.photos.photos(inspection)) == 1


def test_ctrl_shift_p_switches_between_checklist_and_photos(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    editor.show_first_section()
    assert editor.tabs.currentWidget() is editor.scroll_area
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.focusWidget() or editor, Qt.Key.Key_P, ctrl_shift)
    assert editor.tabs.currentWidget() is editor.gallery
    assert editor.gallery is not None and editor.gallery.empty_label.isVisible()
    assert editor.gallery.empty_label.text().startswith("还没有照片")
    qtbot.keyClick(editor.gallery.view, Qt.Key.Key_P, ctrl_shift)
    assert editor.tabs.currentWidget() is editor.scroll_area
    editor.show_photos()
    editor.focus_item(next(iter(editor.rows)))  # going to an item shows the checklist
    assert editor.tabs.currentWidget() is editor.scroll_area


@pytest.mark.slow
def test_demo_photos_and_the_screenshots_of_the_gallery_and_the_viewer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
            check=False,
        )

    made = run(str(ROOT / "tools" / "demo_photos.py"), "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    contract = made.stdout.strip().splitlines()[-1]
    assert "rejected" not in made.stderr
    for view, size in (("gallery", (1280, 800)), ("photo", None)):
        shot = tmp_path / f"{view}.png"
        result = run(
            str(ROOT / "main.py"),
            *("--data-dir", str(data), "--today", "2026-11-28", "--loan", contract),
            *("--screenshot", str(shot), "--view", view),
        )
        assert result.returncode == 0, result.stderr
        image = QImage(str(shot))
        assert not image.isNull()
        if size is not None:
            assert (image.width(), image.height()) == size
