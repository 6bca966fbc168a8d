"""Collateral where the officer works: the register on the loan's page, and the notes of an
inspection in the editor's third tab — count, shortcut, autosave through the service, flushed
when the inspection changes, read-only once submitted, photos counted, the coverage warning
seen from every tab."""

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QTextCursor
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker
from test_collateral_widgets import secured_loan
from test_gallery import drop, file_mime, make_editor
from test_inspection_editor import answer_all_required
from test_main_window import make_window

from postloan_desktop.domain.collateral import CollateralCondition
from postloan_desktop.domain.enums import InspectionStatus, Role
from postloan_desktop.domain.ids import CollateralId, InspectionId, UserId
from postloan_desktop.services.dto import LoanFilter
from postloan_desktop.ui.app import take_screenshot
from postloan_desktop.ui.collateral import (
    CollateralNoteForm,
    CollateralRegisterWidget,
    collateral_service,
)
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.inspection_editor import InspectionEditor
from postloan_desktop.ui.loan_detail import WARNING_STYLE
from postloan_desktop.ui.main_window import PAGE_EDITOR, PAGE_LOAN

RED = "#c0392b"
TAKEN = dt.datetime(2026, 11, 28, 9, 30)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


# --- helpers ---------------------------------------------------------------------------------


def another_draft(context: AppContext, *, collateral: bool) -> tuple[InspectionId, UserId]:
    """A new draft of a loan with (or without) collateral, started by its officer A."""
    staff = {m.id: m for m in context.inspections.staff()}
    for row in context.portfolio.loan_page(LoanFilter(), offset=0, limit=400):
        detail = context.portfolio.loan_detail(row.id)
        officer = detail.officer_a
        if (
            row.balance_fen <= 0
            or bool(detail.collateral) != collateral
            or officer is None
            or Role.INSPECTOR not in staff[officer.id].roles
            or context.inspections.draft_for_loan(row.id) is not None
        ):
            continue
        return context.inspections.start(loan_id=row.id, actor_id=officer.id), officer.id
    raise AssertionError(f"the demo has no loan to inspect with collateral={collateral}")


def collateral_tab(editor: InspectionEditor) -> int:
    assert editor.collateral_area is not None
    return editor.tabs.indexOf(editor.collateral_area)


def notes_form(editor: InspectionEditor, n: int = 0) -> CollateralNoteForm:
    assert editor.collateral_panel is not None
    return editor.collateral_panel.forms[n]


def stored_notes(context: AppContext, inspection: InspectionId) -> list[str]:
    """Each item's notes as the service has them, in the register's order."""
    return [e.note.notes for e in collateral_service(context).notes(inspection).entries]


def no_coverage_warning(context: AppContext) -> None:
    collateral_service(context).coverage_threshold = Decimal(0)  # 0: never warn


# --- the loan's page -------------------------------------------------------------------------


def test_the_loan_page_shows_the_register_with_its_coverage(
    qtbot: QtBot, context: AppContext, demo_sessions: sessionmaker[Session]
) -> None:
    loan_id = secured_loan(demo_sessions)
    window = make_window(qtbot, context)
    window.open_loan(loan_id)
    assert window.stack.currentIndex() == PAGE_LOAN
    page = window.loan_view
    register = collateral_service(context).register(loan_id)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs[3] == "抵质押物 (2)"
    page.show_collateral()
    widget = page.tabs.currentWidget()
    assert isinstance(widget, CollateralRegisterWidget) and widget is page.collateral
    assert widget.isVisible()
    # what the plain table showed, and what the visits found
    table = widget.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[:5] == ["类型", "描述", "登记号", "评估价值（元）", "评估日期"]
    assert "保险" in headers and "检查现状" in headers and "较评估价值变化" in headers
    assert table.rowCount() == len(register.items) == 2
    for row, standing in enumerate(register.items):
        c = standing.collateral
        assert table.item(row, 1).text() == c.description
        assert table.item(row, 2).text() == c.registration_no
        assert table.item(row, 3).text() == f"{c.appraised_fen / 100:,.2f}"
        assert table.item(row, 4).text() == c.appraised_on.isoformat()
    # the columns fit the page: no sideways scrolling at the default window size
    qtbot.wait_until(lambda: table.horizontalHeader().length() <= table.viewport().width())
    assert widget.summary.isVisible() and widget.summary.text().startswith("抵(质)押物覆盖率")
    assert widget.summary.styleSheet() != WARNING_STYLE
    assert "覆盖率" not in page.warnings.text()

    # below the threshold: the register warns, and so does the page above every tab
    ratio = register.coverage.ratio  # type: ignore[union-attr]
    assert ratio is not None
    collateral_service(context).coverage_threshold = ratio + Decimal("0.01")
    context.events.data_changed.emit({"collateral"})
    page = window.loan_view
    assert page.collateral is not None
    assert page.collateral.summary.styleSheet() == WARNING_STYLE
    assert "低于警戒值" in page.warnings.text() and page.warnings.isVisible()

    # double-click (or the button): the item's history and photos
    page.show_collateral()
    page.collateral.table.cellDoubleClicked.emit(1, 0)
    dialog = page.collateral.dialog
    assert dialog is not None
    qtbot.wait_exposed(dialog)
    assert dialog.comparison.collateral.id == register.items[1].collateral.id
    dialog.close()
    page.collateral.table.selectRow(0)
    qtbot.mouseClick(page.collateral.history_button, Qt.MouseButton.LeftButton)
    assert page.collateral.dialog is not None
    assert page.collateral.dialog.comparison.collateral.id == register.items[0].collateral.id
    page.collateral.dialog.close()


def test_a_loan_without_collateral_says_so_on_its_page(qtbot: QtBot, context: AppContext) -> None:
    loan = next(
        row
        for row in context.portfolio.loan_page(LoanFilter(), offset=0, limit=200)
        if not context.portfolio.loan_detail(row.id).collateral
    )
    window = make_window(qtbot, context)
    window.open_loan(loan.id)
    page = window.loan_view
    assert page.tabs.tabText(3) == "抵质押物 (0)"
    page.show_collateral()
    assert page.collateral is not None
    assert page.collateral.empty.isVisible()
    assert page.collateral.empty.text() == "该贷款没有抵(质)押物。"


# --- the editor's collateral tab ---------------------------------------------------------------


def test_the_editor_has_a_collateral_tab_counting_the_loans_items(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    no_coverage_warning(photo_context)
    loan = photo_context.portfolio.loan_detail(photo_context.inspections.form(inspection).loan_id)
    editor = make_editor(qtbot, photo_context, inspection)
    index = collateral_tab(editor)
    assert index == 2  # after the checklist and the photos
    assert editor.tabs.isTabVisible(index)
    assert editor.tabs.tabText(index) == f"抵质押物（{len(loan.collateral)}）"
    assert "Ctrl+Shift+C" in editor.tabs.tabToolTip(index)
    assert editor.collateral_panel is not None
    assert [f.collateral_id for f in editor.collateral_panel.forms] == [
        c.id for c in loan.collateral
    ]
    assert not editor.panel.coverage.isVisible()

    # Ctrl+Shift+C: to the collateral, the focus on the first item; again: back
    editor.show_first_section()
    qtbot.keyClick(editor.focusWidget() or editor, Qt.Key.Key_C, CTRL_SHIFT)
    assert editor.tabs.currentWidget() is editor.collateral_area
    assert editor.focusWidget() is notes_form(editor).condition
    qtbot.keyClick(editor.focusWidget() or editor, Qt.Key.Key_C, CTRL_SHIFT)
    assert editor.tabs.currentWidget() is editor.scroll_area
    # from the photos too
    editor.show_photos()
    qtbot.keyClick(editor.focusWidget() or editor, Qt.Key.Key_C, CTRL_SHIFT)
    assert editor.tabs.currentWidget() is editor.collateral_area


def test_a_loan_without_collateral_has_no_collateral_tab(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    with_items, _inspector = photo_draft
    without, officer = another_draft(photo_context, collateral=False)
    editor = make_editor(qtbot, photo_context, with_items)
    editor.show_collateral()
    assert editor.tabs.currentWidget() is editor.collateral_area
    photo_context.user_id = officer
    editor.load(without)  # while the collateral tab is shown
    index = collateral_tab(editor)
    assert not editor.tabs.isTabVisible(index)
    assert editor.tabs.tabText(index) == "抵质押物（0）"
    assert editor.tabs.currentWidget() is editor.scroll_area
    qtbot.keyClick(editor.focusWidget() or editor, Qt.Key.Key_C, CTRL_SHIFT)
    assert editor.tabs.currentWidget() is editor.scroll_area  # nothing to go to
    assert not editor.panel.coverage.isVisible()


def test_notes_typed_in_the_tab_are_saved_through_the_service(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    editor.show_collateral()
    form = notes_form(editor)
    form.condition.setCurrentIndex(form.condition.findText("受损"))  # a choice: at once
    (entry, *_rest) = collateral_service(photo_context).notes(inspection).entries
    assert entry.note.condition is CollateralCondition.DAMAGED
    assert editor.saved_label.text().startswith("已自动保存")
    form.notes.setFocus()
    form.notes.insertPlainText("东侧外墙开裂")  # text: after a pause
    qtbot.wait_until(lambda: stored_notes(photo_context, inspection)[0] == "东侧外墙开裂")

    # typed and not yet saved: going to the checklist saves it
    form.notes.insertPlainText("，已拍照")
    editor.show_checklist()
    assert stored_notes(photo_context, inspection)[0] == "东侧外墙开裂，已拍照"


def test_a_note_typed_then_another_inspection_opened_is_saved(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    first, inspector = photo_draft
    other, _officer = another_draft(photo_context, collateral=True)
    window = make_window(qtbot, photo_context)
    window.user_combo.select_user(inspector)
    window.open_inspection(first)
    assert window.stack.currentIndex() == PAGE_EDITOR
    editor = window.editor
    editor.show_collateral()
    form = notes_form(editor)
    form.notes.setFocus()
    form.notes.insertPlainText("刚输入就切换")  # no pause, the field not left
    window.open_inspection(other)
    assert editor.form is not None and editor.form.id == other
    assert editor.collateral_panel is not None
    assert editor.collateral_panel.inspection_id == other
    assert stored_notes(photo_context, first)[0] == "刚输入就切换"
    assert stored_notes(photo_context, other)[0] == ""  # not written into the other one

    # and when the editor is left for another page
    window.open_inspection(first)
    form = notes_form(editor)
    assert form.notes.toPlainText() == "刚输入就切换"
    form.notes.moveCursor(QTextCursor.MoveOperation.End)
    form.notes.insertPlainText("，再返回")
    editor.back_button.click()
    assert stored_notes(photo_context, first)[0] == "刚输入就切换，再返回"


def test_a_refused_note_is_among_the_unsaved_items(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    form = notes_form(editor)
    form.notes.setPlainText("字" * 10_001)  # pasted: longer than a note may be
    editor.flush()
    assert form.problem.text().startswith("未保存")
    assert editor.unsaved_items() == [form.title()]


def test_the_tab_is_read_only_once_submitted(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    form = notes_form(editor)
    assert form.condition.isEnabled() and not form.same_button.isHidden()
    form.condition.setCurrentIndex(form.condition.findText("完好"))
    answer_all_required(photo_context.inspections, inspection, inspector)
    editor.refresh_state()
    editor.submit()
    assert editor.form is not None and editor.form.status is InspectionStatus.SUBMITTED
    panel = editor.collateral_panel
    assert panel is not None and not panel.editable
    editor.show_collateral()
    for form in panel.forms:
        assert not form.condition.isEnabled() and not form.notes.isEnabled()
        assert not form.estimate.isEnabled() and not form.same_button.isVisible()
        assert form.photos_button.isEnabled()  # looking is allowed
    assert panel.forms[0].condition.currentText() == "完好"  # the note as submitted
    assert editor.focusWidget() is panel.forms[0].photos_button


def test_compare_photos_opens_the_items_photos_for_this_inspection(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    editor.show_collateral()
    panel = editor.collateral_panel
    assert panel is not None
    form = panel.forms[-1]
    assert form.photos_button.text() == "对比照片（0）"
    qtbot.mouseClick(form.photos_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None
    qtbot.wait_exposed(dialog)
    assert dialog.comparison.collateral.id == form.collateral_id
    this = dialog.comparison.visits[0]
    assert this.current and this.visit.inspection_id == inspection
    dialog.close()


def test_photos_linked_to_an_item_are_counted_on_its_compare_button(
    qtbot: QtBot,
    photo_context: AppContext,
    photo_draft: tuple[InspectionId, UserId],
    photo_file: Callable[..., Path],
) -> None:
    inspection, _inspector = photo_draft
    editor = make_editor(qtbot, photo_context, inspection)
    gallery = editor.gallery
    assert gallery is not None
    box = next(b for b in editor.sections if b.collateral_id is not None)
    assert editor.collateral_panel is not None
    form = editor.collateral_panel.form(CollateralId(box.collateral_id))
    assert form.photos_button.text() == "对比照片（0）"
    # dropped on the checklist's section of the item
    with qtbot.wait_signal(gallery.importer.imported, timeout=30_000) as blocker:
        assert drop(box, file_mime([photo_file("IMG_1.jpg", taken=TAKEN)]))
    (added,) = blocker.args[0].summary.imported
    assert form.photos_button.text() == "对比照片（1）"
    # unlinked, then linked again in the gallery
    gallery.link([added.id], None, None)
    assert form.photos_button.text() == "对比照片（0）"
    gallery.link([added.id], None, uuid.UUID(str(form.collateral_id)))
    assert form.photos_button.text() == "对比照片（1）"
    others = [f for f in editor.collateral_panel.forms if f is not form]
    assert all(f.photos_button.text() == "对比照片（0）" for f in others)


def test_a_coverage_below_the_threshold_is_seen_from_every_tab(
    qtbot: QtBot, photo_context: AppContext, photo_draft: tuple[InspectionId, UserId]
) -> None:
    inspection, _inspector = photo_draft
    service = collateral_service(photo_context)
    data = service.notes(inspection)
    total = sum(e.value_fen for e in data.entries)
    service.coverage_threshold = Decimal(total) / Decimal(data.balance_fen)  # just enough
    editor = make_editor(qtbot, photo_context, inspection)
    index = collateral_tab(editor)
    count = len(data.entries)
    assert editor.tabs.tabText(index) == f"抵质押物（{count}）"
    assert not editor.panel.coverage.isVisible()

    # an estimate one fen too low, typed and not yet saved: the warning at once
    form = notes_form(editor)
    form.estimate.setValue(form.value_fen() / 100 - 0.01)
    assert editor.tabs.tabText(index) == f"⚠ 抵质押物（{count}）"
    assert editor.tabs.tabBar().tabTextColor(index).name() == RED
    assert "低于警戒值" in editor.tabs.tabToolTip(index)
    assert editor.panel.coverage.isVisible()
    assert "低于警戒值" in editor.panel.coverage.text()
    assert editor.panel.coverage.styleSheet() == WARNING_STYLE
    editor.panel.coverage.linkActivated.emit("collateral")  # the link under the warning
    assert editor.tabs.currentWidget() is editor.collateral_area

    # back above the threshold: the warning goes
    form.estimate.setValue(form.estimate.maximum())
    assert editor.tabs.tabText(index) == f"抵质押物（{count}）"
    assert not editor.panel.coverage.isVisible()


def test_screenshots_of_the_register_and_the_collateral_tab(
    qtbot: QtBot,
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    loan_id = secured_loan(demo_copy_sessions)
    contract = writable_context.portfolio.loan_detail(loan_id).contract_no
    window = make_window(qtbot, writable_context)
    shot = tmp_path / "loan.png"
    assert take_screenshot(window, shot, "loan-collateral", contract) == 0
    assert window.loan_view.tabs.currentWidget() is window.loan_view.collateral
    shot = tmp_path / "notes.png"
    assert take_screenshot(window, shot, "inspection-collateral", contract) == 0
    assert window.editor.tabs.currentWidget() is window.editor.collateral_area
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
