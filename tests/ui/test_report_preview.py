"""The report preview: Ctrl+P in the editor builds the report in the background and shows
it — in the app's viewer when Qt's PDF module is installed, else in the system's viewer
(never started offscreen) from a file in the data folder."""

import os
import time
from pathlib import Path

import pytest
import signing_support as support
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_gallery import make_editor

from postloan_desktop.domain.ids import InspectionId, UserId
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.report_preview import (
    PREVIEWS_DIR,
    ReportPreviewer,
    ReportPreviewWindow,
    pdf_viewer_available,
    write_preview,
)


def pdf_text(path: Path) -> str:
    import subprocess

    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    return out.stdout.decode("utf-8")


def test_ctrl_p_builds_the_preview_in_the_background_and_opens_it(
    qtbot: QtBot, report_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, report_context, inspection)
    previewer = editor.previewer
    assert previewer is not None
    previewer.in_app = False  # the system's viewer (not started offscreen)
    assert editor.panel.preview_button.isVisible()
    assert editor.panel.preview_button.text() == "预览报告"
    with qtbot.wait_signal(previewer.shown, timeout=60_000) as shown:
        qtbot.keyClick(editor, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        assert previewer.busy  # in a worker thread: the window stays usable
        assert editor.panel.preview_button.isEnabled()
    path = shown.args[0]
    assert isinstance(path, Path) and path.parent == report_context.data_dir.root / PREVIEWS_DIR
    assert path.read_bytes().startswith(b"%PDF")
    form = report_context.inspections.form(inspection)
    text = pdf_text(path)
    assert form.borrower_name in text and form.contract_no in text
    assert "草稿" in text  # a preview is watermarked
    assert not previewer.busy and previewer.progress is None


def test_the_preview_opens_in_the_app_when_qt_pdf_is_there(
    qtbot: QtBot, report_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, report_context, inspection)
    previewer = editor.previewer
    assert previewer is not None
    assert previewer.in_app is pdf_viewer_available()
    if not previewer.in_app:
        pytest.skip("PySide6.QtPdf is not installed (PySide6-Addons): the system viewer is used")
    with qtbot.wait_signal(previewer.shown, timeout=60_000) as shown:
        editor.preview_report()
    window = shown.args[0]
    assert isinstance(window, ReportPreviewWindow) and window.isVisible()
    assert window.windowTitle().startswith("报告预览 — ")
    assert window.viewer.page_count_value() >= 2


def test_a_second_ctrl_p_while_building_starts_nothing_and_cancel_drops_the_result(
    qtbot: QtBot, report_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, report_context, inspection)
    previewer = editor.previewer
    assert previewer is not None
    previewer.in_app = False
    shown: list[object] = []
    previewer.shown.connect(shown.append)
    task = previewer.preview(inspection, "x")
    assert task is not None
    assert previewer.preview(inspection, "x") is None  # one at a time
    previewer.cancel()
    assert not previewer.busy
    with qtbot.wait_signal(task.finished, timeout=60_000):
        pass
    qtbot.wait(50)
    assert shown == []
    assert not (report_context.data_dir.root / PREVIEWS_DIR).exists()


def test_a_failing_preview_says_so_and_frees_the_previewer(
    qtbot: QtBot, report_context: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.add_widget(parent)
    assert report_context.reports is not None
    previewer = ReportPreviewer(report_context.reports, report_context.data_dir.root, parent)
    import uuid

    task = previewer.preview(InspectionId(uuid.uuid4()), "nothing")
    assert task is not None
    with qtbot.wait_signal(task.finished, timeout=30_000):
        pass
    qtbot.wait_until(lambda: not previewer.busy)
    assert "记录已不存在" in capsys.readouterr().err  # show_error, offscreen: on stderr


def test_previews_older_than_a_day_are_removed(tmp_path: Path) -> None:
    old = tmp_path / "old.pdf"
    old.write_bytes(b"%PDF-old")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (day_ago, day_ago))
    recent = tmp_path / "recent.pdf"
    recent.write_bytes(b"%PDF-recent")
    path = write_preview(tmp_path, "黄雪 · DK0101/2026 000070", b"%PDF-new")
    assert path.read_bytes() == b"%PDF-new"
    assert path.name.startswith("黄雪_DK0101_2026_000070-") and path.suffix == ".pdf"
    assert not old.exists() and recent.exists()
    assert not list(tmp_path.glob("*.part"))


def test_the_viewer_pages_and_zooms(qtbot: QtBot, tmp_path: Path) -> None:
    if not pdf_viewer_available():
        pytest.skip("PySide6.QtPdf is not installed (PySide6-Addons)")
    window = ReportPreviewWindow("报告预览 — 测试", support.report_pdf(photos=2), tmp_path)
    qtbot.add_widget(window)
    window.resize(800, 700)
    window.show()
    window.activateWindow()  # shortcuts work in the active window only
    qtbot.wait_until(window.isActiveWindow)
    viewer = window.viewer
    qtbot.wait_until(lambda: viewer.page_count_value() == 4)
    assert viewer.page_count.text().strip() == "/ 共 4 页"
    assert viewer.current_page() == 0 and not viewer.previous_action.isEnabled()
    qtbot.keyClick(viewer.view, Qt.Key.Key_PageDown)
    qtbot.wait_until(lambda: viewer.current_page() == 1)
    assert viewer.page.value() == 2 and viewer.previous_action.isEnabled()
    viewer.page.setValue(4)
    qtbot.wait_until(lambda: viewer.current_page() == 3)
    assert not viewer.next_action.isEnabled()
    before = viewer.zoom_label.text()
    viewer.zoom_in()
    assert viewer.zoom_label.text() != before
    assert viewer.current_page() == 3  # zooming stays on the page being read
    zoomed = viewer.zoom()
    viewer.zoom_out()
    assert viewer.zoom() < zoomed
    viewer.fit_page()
    assert viewer.zoom_label.text().endswith("%")
    path = window.open_externally()  # offscreen: written, not opened
    assert path is not None and path.read_bytes().startswith(b"%PDF")
