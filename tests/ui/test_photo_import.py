"""Importing photos as an officer does: the work runs in the background with progress and
Cancel, and bad files each get a line in plain Chinese in the summary."""

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QThread
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from postloan_desktop.domain.ids import InspectionId, UserId
from postloan_desktop.services.photos import ImportProgress
from postloan_desktop.ui.background import (
    Cancelled,
    SynchronousPool,
    TaskControl,
    run_in_background,
)
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.gallery import PhotoGallery
from postloan_desktop.ui.photo_import import ImportOutcome, Scanning, summary_text

DAY = dt.date(2026, 11, 28)  # the demo's today: the day the drafts are inspected


def make_gallery(qtbot: QtBot, context: AppContext, inspection: InspectionId) -> PhotoGallery:
    assert context.photos is not None
    gallery = PhotoGallery(context.photos, lambda: context.user_id)
    qtbot.add_widget(gallery)
    gallery.resize(700, 500)
    gallery.show_inspection(inspection, editable=True, inspected_on=DAY)
    gallery.show()
    return gallery


def import_and_wait(qtbot: QtBot, gallery: PhotoGallery, paths: list[Path]) -> ImportOutcome:
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000) as blocker:
        assert gallery.importer.import_paths(paths) is not None
    outcome = blocker.args[0]
    assert isinstance(outcome, ImportOutcome)
    return outcome


# --- the background helper -------------------------------------------------------------------


def test_progress_and_result_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = QThread.currentThread()
    worker_threads: list[bool] = []
    seen: list[tuple[str, object, bool]] = []

    def work(control: TaskControl) -> str:
        worker_threads.append(QThread.currentThread() == gui)
        for n in range(3):
            control.report(n)
        return "done"

    task = run_in_background(
        work,
        on_progress=lambda v: seen.append(("progress", v, QThread.currentThread() == gui)),
        on_done=lambda v: seen.append(("done", v, QThread.currentThread() == gui)),
    )
    with qtbot.wait_signal(task.finished, timeout=10_000):
        pass
    assert worker_threads == [False]  # the work ran off the GUI thread
    assert seen == [
        ("progress", 0, True),
        ("progress", 1, True),
        ("progress", 2, True),
        ("done", "done", True),
    ]
    assert not task.running


def test_cancel_is_seen_by_the_work(qtbot: QtBot) -> None:
    started = threading.Event()

    def work(control: TaskControl) -> int:
        started.set()
        steps = 0
        while not control.cancelled():
            steps += 1
            threading.Event().wait(0.001)  # a slice of work
        control.check()  # raises Cancelled
        return steps

    errors: list[BaseException] = []
    task = run_in_background(work, on_error=errors.append)
    assert started.wait(10)
    assert task.running
    with qtbot.wait_signal(task.finished, timeout=10_000):
        task.cancel()
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert task.cancel_requested and not task.running


def test_errors_are_delivered_and_a_synchronous_pool_runs_at_once(qtbot: QtBot) -> None:
    ran: list[str] = []
    errors: list[BaseException] = []

    def work(_control: TaskControl) -> None:
        ran.append("ran")
        raise ValueError("bad")

    task = run_in_background(work, on_error=errors.append, pool=SynchronousPool())
    assert ran == ["ran"]  # before run_in_background returned
    with qtbot.wait_signal(task.finished, timeout=5_000):
        pass
    assert [str(e) for e in errors] == ["bad"]


# --- importing -------------------------------------------------------------------------------


def test_bad_files_each_get_a_line_saying_why_and_what_to_do(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    good = [photo_file("IMG_1.jpg", taken=dt.datetime(2026, 11, 28, 9, 30))]
    good.append(photo_file("IMG_2.jpg", variant=1, taken=dt.datetime(2026, 11, 28, 9, 31)))
    folder = good[0].parent
    empty = folder / "EMPTY.jpg"
    empty.write_bytes(b"")
    text = folder / "notes.jpg"
    text.write_text("这不是照片", encoding="utf-8")
    truncated = folder / "cut.jpg"
    truncated.write_bytes(good[0].read_bytes()[:1500])
    progress: list[ImportProgress] = []
    gallery.importer.progressed.connect(progress.append)

    outcome = import_and_wait(qtbot, gallery, [*good, empty, text, truncated])

    assert [p.done for p in progress] == [1, 2, 3, 4, 5]
    assert {p.total for p in progress} == {5}
    assert len(outcome.summary.imported) == 2
    assert gallery.model.rowCount() == 2
    dialog = gallery.importer.summary_dialog
    assert dialog is not None and dialog.isVisible()
    rows = {name: what for name, what, _advice in dialog.rows}
    assert rows == {
        "EMPTY.jpg": "文件为空（0 字节）。",
        "notes.jpg": "不是图片文件。",
        "cut.jpg": "图片已损坏或不完整。",
    }
    assert dialog.headline.text().splitlines() == ["已导入 2 张照片。", "3 个文件未能导入："]
    shown = dialog.problems.toPlainText()  # the table the officer reads
    for name, what, advice in dialog.rows:
        assert name in shown and what in shown and advice in shown
    text_lines = summary_text(outcome).splitlines()
    assert sorted(line.split(" — ")[0] for line in text_lines[1:]) == sorted(rows)
    assert any("从相机或手机重新复制" in line for line in text_lines)  # what to do
    assert not gallery.importer.busy and gallery.add_action.isEnabled()


def test_the_same_photos_again_are_not_added_twice(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    paths = [photo_file("a.jpg"), photo_file("b.jpg", variant=1)]
    import_and_wait(qtbot, gallery, paths)
    again = import_and_wait(qtbot, gallery, paths)
    assert len(again.summary.duplicates) == 2 and not again.summary.imported
    assert gallery.model.rowCount() == 2
    assert gallery.importer.summary_dialog is None  # nothing went wrong: a line suffices
    assert gallery.notice_label.text() == "已导入 0 张照片。 2 张已在本次检查中，未重复添加。"


def test_cancel_stops_the_import_and_keeps_what_was_done(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    assert photo_context.photos is not None
    photo_context.photos.workers = 1  # one file at a time, two in flight
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    paths = [photo_file(f"IMG_{n:02}.jpg", size=(800 + n, 600)) for n in range(12)]
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000) as blocker:
        gallery.importer.import_paths(paths)
        dialog = gallery.importer.progress_dialog
        assert dialog is not None
        dialog.cancel_button.click()  # at once: at most the files in flight get done
        assert not dialog.cancel_button.isEnabled()
    outcome = blocker.args[0]
    summary = outcome.summary
    assert outcome.cancelled and summary.cancelled
    assert len(summary.not_started) >= 10
    assert len(summary.imported) + len(summary.not_started) == 12
    assert gallery.model.rowCount() == len(summary.imported)
    assert gallery.importer.progress_dialog is None
    summary_dialog = gallery.importer.summary_dialog
    assert summary_dialog is not None
    assert (
        f"导入已取消：{len(summary.not_started)} 个文件未导入。" in summary_dialog.headline.text()
    )


def test_a_folder_is_imported_for_one_day_or_all_days(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    photo_file("DCIM/100/IMG_today1.jpg", taken=dt.datetime(2026, 11, 28, 9, 0))
    photo_file("DCIM/101/IMG_today2.jpg", variant=1, taken=dt.datetime(2026, 11, 28, 10, 0))
    before = photo_file("DCIM/100/IMG_before.jpg", size=(300, 300), taken=dt.datetime(2026, 11, 2))
    card = before.parent.parent

    dialog = gallery.importer.choose_folder()
    assert dialog is not None and dialog.isVisible()
    assert dialog.day.date() == QDate(2026, 11, 28)  # the inspection's day
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()  # no folder yet
    dialog.folder.setText(str(card))
    assert ok.isEnabled()
    scanning: list[object] = []
    gallery.importer.progressed.connect(scanning.append)
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000) as blocker:
        ok.click()
    assert isinstance(scanning[0], Scanning)
    assert sorted(r.original_name for r in gallery.model.records()) == [
        "IMG_today1.jpg",
        "IMG_today2.jpg",
    ]
    assert blocker.args[0].found == 2

    dialog = gallery.importer.choose_folder()
    assert dialog is not None and dialog.folder.text() == str(card)  # remembered
    dialog.all_days.setChecked(True)
    assert not dialog.day.isEnabled()
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000):
        dialog.accept()
    assert gallery.model.rowCount() == 3


def test_a_folder_without_photos_of_the_day_says_so(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    old = photo_file("old/IMG_1.jpg", taken=dt.datetime(2026, 10, 1, 9, 0))
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000):
        gallery.importer.import_folder(old.parent, taken_on=DAY)
    dialog = gallery.importer.summary_dialog
    assert dialog is not None
    assert dialog.headline.text() == f"在 {old.parent} 中没有找到 2026-11-28 拍摄的照片。"
    assert gallery.model.rowCount() == 0


def test_the_file_dialog_offers_photos_and_imports_what_is_chosen(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    chosen = [str(photo_file("x.jpg")), str(photo_file("y.jpg", variant=1))]
    gallery.add_action.trigger()
    dialog = gallery.importer.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.fileMode() is QFileDialog.FileMode.ExistingFiles
    patterns = dialog.nameFilters()[0]
    for extension in ("*.jpg", "*.JPG", "*.jpeg", "*.png", "*.heic", "*.heif", "*.webp", "*.tif"):
        assert extension in patterns.split("(")[1]
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000):
        dialog.filesSelected.emit(chosen)
    assert gallery.model.rowCount() == 2


def test_nothing_is_imported_into_an_inspection_that_is_not_editable(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    gallery.set_editable(False)
    assert not gallery.add_action.isEnabled() and not gallery.folder_action.isEnabled()
    assert gallery.importer.import_paths([photo_file()]) is None
    assert gallery.importer.choose_files() is None


def test_photos_added_during_an_import_are_queued_and_follow(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    first = [photo_file(f"IMG_{n}.jpg", size=(400 + n, 300)) for n in range(4)]
    outcomes: list[object] = []
    gallery.importer.imported.connect(outcomes.append)
    assert gallery.importer.import_paths(first) is not None
    assert gallery.importer.busy
    assert gallery.add_action.isEnabled()  # more may be added meanwhile
    assert gallery.importer.import_paths([photo_file("late.jpg", variant=1)]) is None
    assert gallery.notice_label.text() == "正在导入照片，之后还有 1 次导入。"
    assert len(gallery.importer.queue) == 1
    qtbot.wait_until(lambda: len(outcomes) == 2, timeout=30_000)
    assert not gallery.importer.busy and gallery.importer.queue == []
    assert gallery.model.rowCount() == 5


def test_cancel_drops_the_queued_imports_too(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    gallery = make_gallery(qtbot, photo_context, inspection)
    first = [photo_file(f"IMG_{n}.jpg", size=(400 + n, 300)) for n in range(6)]
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000):
        assert gallery.importer.import_paths(first) is not None
        gallery.importer.import_paths([photo_file("late.jpg", variant=1)])
        gallery.importer.cancel()
        assert gallery.importer.queue == []
    qtbot.wait(200)
    assert not gallery.importer.busy
    names = {r.original_name for r in gallery.model.records()}
    assert "late.jpg" not in names
