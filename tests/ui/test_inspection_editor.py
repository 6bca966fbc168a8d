"""The inspection editor as an officer uses it: start an inspection from a loan, fill the
checklist through the widgets (every change saved at once), watch the validation panel,
submit, and find it under "My inspections"."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from postloan_desktop.domain.enums import (
    BorrowerType,
    BusinessType,
    InspectionKind,
    InspectionStatus,
    Role,
)
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.forms.schema import ItemType
from postloan_desktop.services.dto import LoanFilter
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.ui.answer_widgets import (
    ChoiceButtons,
    ComboInput,
    DateInput,
    MoneyInput,
    MultipleChoiceInput,
    NumberInput,
    PercentInput,
    TextInput,
)
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.inspection_editor import InspectionEditor, ItemRow
from postloan_desktop.ui.main_window import PAGE_EDITOR, PAGE_INSPECTIONS, MainWindow

ROOT = Path(__file__).resolve().parents[2]
CHINESE_TEXT = "经现场核实，借款人经营正常，资金按约定用途使用。"


# --- helpers ---------------------------------------------------------------------------------


def make_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.add_widget(window)
    window.resize(1280, 800)
    window.start()
    window.show()
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    return window


def inspector_of(context: AppContext, loan_id: LoanId) -> UserId:
    """The loan's officer A, who inspects it."""
    detail = context.portfolio.loan_detail(loan_id)
    assert detail.officer_a is not None
    member = next(m for m in context.inspections.staff() if m.id == detail.officer_a.id)
    assert Role.INSPECTOR in member.roles
    return member.id


def supervisor_of(context: AppContext, loan_id: LoanId) -> UserId:
    detail = context.portfolio.loan_detail(loan_id)
    return next(
        m.id
        for m in context.inspections.staff()
        if m.branch_name == detail.branch_name and Role.SUPERVISOR in m.roles
    )


def individual_loan(context: AppContext, *, kind: InspectionKind) -> LoanId:
    """An individual borrower's loan with collateral, a business, and ``kind`` due."""
    for row in context.portfolio.loan_page(LoanFilter(), offset=0, limit=1000):
        if row.next_inspection_kind is not kind or row.balance_fen <= 0:
            continue
        detail = context.portfolio.loan_detail(row.id)
        if (
            detail.borrower.kind is BorrowerType.INDIVIDUAL
            and detail.borrower.business_type is not BusinessType.CONSUMER
            and detail.collateral
            and detail.officer_a is not None
        ):
            return row.id
    raise AssertionError(f"the demo has no individual loan with a {kind} inspection due")


def missing_keys(editor: InspectionEditor) -> list[str]:
    assert editor.report is not None
    return [i.key for i in editor.report.missing]


def listed_missing(editor: InspectionEditor) -> list[str]:
    """The answer keys the validation panel lists (headings carry none)."""
    keys = []
    for n in range(editor.panel.missing.count()):
        entry = editor.panel.missing.item(n)
        key = entry.data(Qt.ItemDataRole.UserRole)
        if isinstance(key, str):
            keys.append(key)
    return keys


def stored(context: AppContext, inspection_id: InspectionId) -> dict[str, Any]:
    return dict(context.inspections.form(inspection_id).answers)


def fill_through_widget(qtbot: QtBot, row: ItemRow, *, typed: bool) -> None:
    """Answer one item the way a person does: click, type, pick a date."""
    widget = row.input
    key = row.instance.item.key
    match widget:
        case ChoiceButtons() if row.instance.item.type is ItemType.YES_NO_NA:
            choice = "no" if key == "funds_diverted" or key.endswith("_changed") else "yes"
            qtbot.mouseClick(widget.buttons[choice], Qt.MouseButton.LeftButton)
        case ChoiceButtons():
            qtbot.mouseClick(next(iter(widget.buttons.values())), Qt.MouseButton.LeftButton)
        case ComboInput():
            widget.combo.setFocus()
            qtbot.keyClick(widget.combo, Qt.Key.Key_Down)
        case MultipleChoiceInput():
            qtbot.mouseClick(next(iter(widget.boxes.values())), Qt.MouseButton.LeftButton)
        case TextInput():
            widget.edit.setFocus()
            if typed:
                qtbot.keyClicks(widget.edit, "Checked on site, all normal.")
            else:  # Chinese arrives from the input method as committed text
                widget.edit.insertPlainText(CHINESE_TEXT)
        case MoneyInput():
            widget.edit.setFocus()
            qtbot.keyClicks(widget.edit, "1234567.8")
        case NumberInput():
            widget.edit.setFocus()
            qtbot.keyClicks(widget.edit, "12")
        case PercentInput():
            widget.spin.setValue(35)
        case DateInput():
            if widget.suggest_button.isVisible():
                qtbot.mouseClick(widget.suggest_button, Qt.MouseButton.LeftButton)
            else:
                widget.edit.setDate(QDate(2027, 2, 28))
        case _:
            raise AssertionError(f"no way to fill {type(widget).__name__}")


def start_from_loan_page(qtbot: QtBot, window: MainWindow, loan_id: LoanId) -> InspectionEditor:
    window.open_loan(loan_id)
    qtbot.mouseClick(window.loan_view.start_button, Qt.MouseButton.LeftButton)
    dialog = window.start_dialog
    assert dialog is not None and dialog.isVisible()
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.stack.currentIndex() == PAGE_EDITOR)
    return window.editor


def answer_all_required(service: InspectionService, inspection_id: InspectionId, actor: UserId):
    """Through the service: what a finished earlier inspection would have answered."""
    values = {
        ItemType.YES_NO_NA: "yes",
        ItemType.TEXT: "上次检查：情况正常。",
        ItemType.MONEY: 50_000_000,
        ItemType.NUMBER: 1,
        ItemType.PERCENT: 10,
    }
    for _ in range(10):
        report = service.report(inspection_id)
        if report.ready:
            return
        form = service.form(inspection_id)
        for missing in report.missing:
            item = missing.item
            value: Any = values.get(item.type)
            if item.type is ItemType.SINGLE_CHOICE:
                value = item.options[0].value  # type: ignore[index]
            elif item.type is ItemType.MULTIPLE_CHOICE:
                value = [item.options[0].value]  # type: ignore[index]
            elif item.type is ItemType.DATE:
                value = (form.suggested_next_date or dt.date(2027, 1, 1)).isoformat()
            elif item.type is ItemType.COLLATERAL:
                value = form.context.collateral[0].id
            service.answer(
                inspection_id=inspection_id, key=missing.key, value=value, actor_id=actor
            )
    raise AssertionError("the form never became complete")


# --- tests -----------------------------------------------------------------------------------


def test_first_inspection_filled_through_the_widgets_and_submitted(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    officer = inspector_of(context, loan_id)
    window = make_window(qtbot, context)
    window.user_combo.select_user(officer)
    assert context.user_id == officer
    assert "（客户经理）" in window.user_combo.currentText()

    window.open_loan(loan_id)
    assert window.loan_view.start_button.text() == "开始检查"
    qtbot.mouseClick(window.loan_view.start_button, Qt.MouseButton.LeftButton)
    dialog = window.start_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.kind.currentText() == "首次检查"  # proposed by the rules
    detail = context.portfolio.loan_detail(loan_id)
    assert detail.officer_a is not None and detail.officer_b is not None
    assert dialog.officer_a.currentText().startswith(detail.officer_a.name)
    assert dialog.officer_b.currentText().startswith(detail.officer_b.name)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.stack.currentIndex() == PAGE_EDITOR)

    editor = window.editor
    form = editor.form
    assert form is not None and form.kind is InspectionKind.FIRST and form.editable
    assert detail.borrower.name in editor.title.text()
    assert "首次检查" in editor.subtitle.text() and "草稿" in editor.subtitle.text()
    first_visible = next(box for box in editor.sections if not box.isHidden())
    assert first_visible.title() == "一、操作合规性检查情况"
    assert editor.nav.item(0).text().endswith("已答 0/5")
    assert editor.panel.missing_title.text().startswith("未填必答项")
    assert not editor.panel.submit_button.isEnabled()
    # The collateral check is repeated for each collateral item of the loan.
    collateral_boxes = [b for b in editor.sections if b.key.startswith("collateral_items@")]
    assert len(collateral_boxes) == len(detail.collateral)

    typed_once = False
    answered: set[str] = set()
    for _ in range(200):
        keys = missing_keys(editor)
        assert listed_missing(editor) == keys  # the panel lists what the service says
        if not keys:
            break
        assert not editor.panel.submit_button.isEnabled()
        key = keys[0]
        assert key not in answered, f"{key} was answered and is still missing"
        row = editor.rows[key]
        assert not row.isHidden()
        fill_through_widget(qtbot, row, typed=not typed_once)
        typed_once = typed_once or isinstance(row.input, TextInput)
        qtbot.wait_until(lambda key=key: key not in missing_keys(editor), timeout=3000)
        answered.add(key)
    assert missing_keys(editor) == [] and editor.panel.missing.count() == 0
    assert editor.panel.submit_button.isEnabled()
    assert editor.panel.state.text() == "必答项已全部填写，可以提交。"
    assert editor.saved_label.text().startswith("已自动保存")
    assert all(
        editor.nav.item(n).text().startswith("✓")
        for n in range(editor.nav.count())
        if not editor.nav.item(n).isHidden()
    )

    answers = stored(context, form.id)
    assert answers["facilities"] == "Checked on site, all normal."  # typed key by key
    assert answers["actual_use"] == CHINESE_TEXT
    money_key = next(k for k in answers if k.startswith("collateral_estimated_value@"))
    assert answers[money_key] == 123456780  # 1,234,567.80 yuan in fen
    assert answers["next_inspection_date"] == form.suggested_next_date.isoformat()

    with qtbot.wait_signal(context.events.data_changed) as changed:
        qtbot.keyClick(
            editor.rows["opinion"].input.focus_target(),
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier,
        )
        box = editor.confirm_box
        assert box is not None and box.isVisible()
        assert box.text() == "提交本次检查，送信贷主管审核？"
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert changed.args == [{"inspections", "loans"}]

    submitted = context.inspections.form(form.id)
    assert submitted.status is InspectionStatus.SUBMITTED and not submitted.editable
    assert editor.form is not None and not editor.form.editable
    assert "已提交（只读）" in editor.subtitle.text()
    assert all(not row.input.isEnabled() for row in editor.rows.values())
    assert all(row.note is None or not row.note.isEnabled() for row in editor.rows.values())
    assert editor.panel.submit_button.isHidden()
    assert window.loan_view.start_button.text() == "开始检查"  # no draft any more
    # The first inspection is done: the loan's next one is periodic.
    assert context.portfolio.loan_detail(loan_id).next_inspection_kind is InspectionKind.PERIODIC


def test_answer_shows_and_hides_the_items_that_depend_on_it(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    window = make_window(qtbot, context)
    window.user_combo.select_user(inspector_of(context, loan_id))
    editor = start_from_loan_page(qtbot, window, loan_id)
    diverted = editor.rows["funds_diverted"]
    details = editor.rows["diversion_details"]
    assert details.isHidden() and "diversion_details" not in missing_keys(editor)
    assert editor.panel.signals.count() == 0

    diverted.input.focus_target().setFocus()
    qtbot.mouseClick(diverted.input.buttons["yes"], Qt.MouseButton.LeftButton)
    assert stored(context, editor.form.id)["funds_diverted"] == "yes"  # saved at once
    assert not details.isHidden() and details.isVisible()
    assert "diversion_details" in listed_missing(editor)
    assert details.label.text().startswith("挪用的金额和去向")
    assert "*" in details.label.text()  # required
    signal = editor.panel.signals.item(0)
    assert signal.text() == "【预警】信贷资金被挪用。"
    assert diverted.input.buttons["yes"].hasFocus()  # the focus stays where it was

    qtbot.mouseClick(diverted.input.buttons["no"], Qt.MouseButton.LeftButton)
    assert details.isHidden() and "diversion_details" not in listed_missing(editor)
    assert editor.panel.signals.count() == 0

    # Clicking a missing item in the panel goes to it.
    qtbot.mouseClick(diverted.input.buttons["yes"], Qt.MouseButton.LeftButton)
    panel = editor.panel.missing
    entry = next(
        panel.item(n)
        for n in range(panel.count())
        if panel.item(n).data(Qt.ItemDataRole.UserRole) == "diversion_details"
    )
    panel.scrollToItem(entry)
    qtbot.mouseClick(
        panel.viewport(), Qt.MouseButton.LeftButton, pos=panel.visualItemRect(entry).center()
    )
    assert details.input.focus_target().hasFocus()


def test_a_chosen_answer_is_cleared_by_clicking_it_again_or_delete(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    window = make_window(qtbot, context)
    window.user_combo.select_user(inspector_of(context, loan_id))
    editor = start_from_loan_page(qtbot, window, loan_id)
    diverted = editor.rows["funds_diverted"]
    assert isinstance(diverted.input, ChoiceButtons)
    yes = diverted.input.buttons["yes"]
    assert "再点一次" in yes.toolTip()

    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert stored(context, editor.form.id)["funds_diverted"] == "yes"
    assert "funds_diverted" not in listed_missing(editor)
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)  # the chosen one again: no answer
    assert not any(b.isChecked() for b in diverted.input.buttons.values())
    assert "funds_diverted" not in stored(context, editor.form.id)
    assert "funds_diverted" in listed_missing(editor)

    qtbot.mouseClick(diverted.input.buttons["no"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)  # another one: changed, not cleared
    assert stored(context, editor.form.id)["funds_diverted"] == "yes"
    yes.setFocus()
    qtbot.keyClick(yes, Qt.Key.Key_Delete)
    assert "funds_diverted" not in stored(context, editor.form.id)
    assert diverted.input.value() is None


def test_text_is_saved_after_a_pause_and_when_the_field_is_left(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    window = make_window(qtbot, context)
    window.user_combo.select_user(inspector_of(context, loan_id))
    editor = start_from_loan_page(qtbot, window, loan_id)
    inspection_id = editor.form.id
    facilities = editor.rows["facilities"].input
    assert isinstance(facilities, TextInput)

    facilities.edit.setFocus()
    qtbot.keyClicks(facilities.edit, "ICBC 500k")
    assert "facilities" not in stored(context, inspection_id)  # still typing
    qtbot.wait_until(lambda: stored(context, inspection_id).get("facilities") == "ICBC 500k")
    assert editor.saved_label.text().startswith("已自动保存 ")

    # Leaving the field saves at once, without waiting for the pause.
    qtbot.keyClicks(facilities.edit, ", ours 300k")
    editor.rows["actual_use"].input.focus_target().setFocus()
    assert stored(context, inspection_id)["facilities"] == "ICBC 500k, ours 300k"

    # A note is saved the same way.
    note = editor.rows["funds_diverted"].note
    assert note is not None and note.placeholderText() == "备注"
    note.setFocus()
    note.insert("用于进货")
    note.textEdited.emit(note.text())
    editor.rows["facilities"].input.focus_target().setFocus()
    assert context.inspections.form(inspection_id).notes["funds_diverted"] == "用于进货"

    # An answer the service cannot take is explained next to the item, and kept as typed.
    share = editor.rows["settlement_share"]
    assert isinstance(share.input, PercentInput)
    share.input.spin.setValue(-0.5)
    qtbot.wait_until(lambda: share.problem.isVisible())
    assert share.problem.text() == "-0.5 % 小于最小值 0。"
    assert share.input.spin.value() == -0.5
    assert "settlement_share" not in stored(context, inspection_id)
    share.input.spin.setValue(40)
    qtbot.wait_until(lambda: stored(context, inspection_id).get("settlement_share") == 40)
    assert share.problem.isHidden()

    # Money is typed in yuan and stored in fen; leaving the field formats it.
    money = editor.rows["monthly_avg_deposit"].input
    assert isinstance(money, MoneyInput) and money.unit.text() == "元"
    money.edit.setFocus()
    qtbot.keyClicks(money.edit, "2500.5")
    editor.rows["facilities"].input.focus_target().setFocus()
    assert stored(context, inspection_id)["monthly_avg_deposit"] == 250050
    assert money.edit.text() == "2,500.50"


def test_carried_forward_answers_are_marked_until_confirmed(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    service = context.inspections
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    officer = inspector_of(context, loan_id)
    first = service.start(loan_id=loan_id, actor_id=officer)
    answer_all_required(service, first, officer)
    service.submit(inspection_id=first, actor_id=officer)

    window = make_window(qtbot, context)
    window.user_combo.select_user(officer)
    editor = start_from_loan_page(qtbot, window, loan_id)
    form = editor.form
    assert form is not None and form.kind is InspectionKind.PERIODIC and form.carried_forward
    actual_use = editor.rows["actual_use"]
    assert actual_use.carried and not actual_use.carried_tag.isHidden()
    assert actual_use.carried_tag.text() == "沿用上次"
    assert actual_use.autoFillBackground()  # amber
    assert actual_use.palette().window().color().name() == "#fff4d6"
    assert actual_use.input.value() == "上次检查：情况正常。"
    assert "actual_use" in listed_missing(editor)  # not counted until confirmed

    qtbot.mouseClick(actual_use.confirm_button, Qt.MouseButton.LeftButton)
    assert actual_use.carried_tag.isHidden() and actual_use.confirm_button.isHidden()
    assert not actual_use.autoFillBackground()
    assert "actual_use" not in service.form(form.id).carried_forward
    assert "actual_use" not in listed_missing(editor)

    # Changing a carried answer confirms it too.
    repayment = editor.rows["repayment_normal"]
    assert repayment.carried
    qtbot.mouseClick(repayment.input.buttons["no"], Qt.MouseButton.LeftButton)
    assert not repayment.carried and repayment.carried_tag.isHidden()
    current = service.form(form.id)
    assert current.answers["repayment_normal"] == "no"
    assert "repayment_normal" not in current.carried_forward

    # "Confirm all" confirms every carried answer shown in its section.
    box = next(b for b in editor.sections if b.key == "borrower_changes")
    assert box.confirm_all.isVisible() and box.confirm_all.text().startswith("全部确认")
    qtbot.mouseClick(box.confirm_all, Qt.MouseButton.LeftButton)
    carried = service.form(form.id).carried_forward
    assert not any(row.key in carried for row in box.rows)
    assert all(not row.carried for row in box.rows) and box.confirm_all.isHidden()
    progress = next(p for p in service.report(form.id).progress if p.section.key == box.key)
    assert progress.complete


def test_keyboard_moves_between_sections_and_to_the_next_missing_item(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    window = make_window(qtbot, context)
    window.user_combo.select_user(inspector_of(context, loan_id))
    editor = start_from_loan_page(qtbot, window, loan_id)
    visible = [n for n, box in enumerate(editor.sections) if not box.isHidden()]
    assert editor.nav.currentRow() == visible[0]
    first_input = editor.rows["contract_signed"].input.focus_target()
    assert first_input.hasFocus()  # opening the editor puts the focus on the first item

    qtbot.keyClick(first_input, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.nav.currentRow() == visible[1]
    second = editor.sections[visible[1]]
    focused = QApplication.focusWidget()
    assert focused is not None and second.isAncestorOf(focused)
    assert editor.rows["facilities"].input.focus_target().hasFocus()
    # From inside a text field too.
    qtbot.keyClick(focused, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.nav.currentRow() == visible[2]
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier
    )
    assert editor.nav.currentRow() == visible[1]

    # F8: the next unanswered required item after the one with the focus.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    assert editor.rows["actual_use"].input.focus_target().hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    assert editor.rows["funds_diverted"].input.focus_target().hasFocus()
    # Answering with the keyboard: Space picks the focused radio button, "是" here, which
    # shows the item asking where the money went: F8 goes there next.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert "funds_diverted" not in missing_keys(editor)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    assert editor.rows["diversion_details"].input.focus_target().hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    assert editor.rows["repayment_normal"].input.focus_target().hasFocus()

    # Tab goes through the form in order: the radio group, then the item's note.
    note = editor.rows["repayment_normal"].note
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert note is not None and note.hasFocus()
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert editor.rows["drawdown_conditions_met"].isAncestorOf(QApplication.focusWidget())

    # Clicking a section in the navigator scrolls to it.
    last = visible[-1]
    entry = editor.nav.item(last)
    editor.nav.scrollToItem(entry)
    qtbot.mouseClick(
        editor.nav.viewport(),
        Qt.MouseButton.LeftButton,
        pos=editor.nav.visualItemRect(entry).center(),
    )
    assert editor.nav.currentRow() == last
    assert editor.scroll_area.verticalScrollBar().value() > 0


def test_ctrl_n_on_the_work_queue_opens_the_draft_without_asking_again(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    window = make_window(qtbot, context)
    tree = window.queue_view.tree
    item = window.queue_view.group_item("due_today").child(0)
    loan_id = item.data(0, Qt.ItemDataRole.UserRole)
    window.user_combo.select_user(inspector_of(context, loan_id))
    tree.setCurrentItem(item)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.start_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "开始检查"
    dialog.kind.setCurrentIndex(dialog.kind.findText("专项检查"))
    dialog.officer_b.setCurrentIndex(dialog.officer_a.currentIndex())
    assert not dialog.ok_button.isEnabled()  # A and B must be two people
    assert dialog.problem.text() == "A 角和 B 角不能是同一人。"
    dialog.officer_b.setCurrentIndex((dialog.officer_a.currentIndex() + 1) % 2)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: window.stack.currentIndex() == PAGE_EDITOR)
    form = window.editor.form
    assert form is not None and form.kind is InspectionKind.SPECIAL
    assert context.inspections.draft_for_loan(loan_id) == form.id

    qtbot.mouseClick(window.editor.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == 0
    window.start_dialog = None
    tree.setCurrentItem(window.queue_view.group_item("due_today").child(0))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.start_dialog is None  # the draft opens, nothing is asked
    assert window.stack.currentIndex() == PAGE_EDITOR
    assert window.editor.form is not None and window.editor.form.id == form.id


def test_my_inspections_lists_submitted_and_returned_ones_and_reopens(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    service = context.inspections
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    officer = inspector_of(context, loan_id)
    inspection_id = service.start(loan_id=loan_id, actor_id=officer)
    answer_all_required(service, inspection_id, officer)
    service.submit(inspection_id=inspection_id, actor_id=officer)

    window = make_window(qtbot, context)
    window.user_combo.select_user(officer)
    nav_item = window.nav.item(PAGE_INSPECTIONS)
    assert nav_item.text() == "我的检查"
    qtbot.mouseClick(
        window.nav.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.nav.visualItemRect(nav_item).center(),
    )
    view = window.inspections_view
    assert window.stack.currentWidget() is view
    item = view.item_for(inspection_id)
    assert item is not None
    assert item.parent().text(0).startswith("已提交")
    assert item.text(3) == "已提交" and item.text(2) == "首次检查"

    # Only drafts: the submitted one is filtered out.
    view.status.setCurrentIndex(view.status.findText("草稿"))
    assert view.item_for(inspection_id) is None
    view.status.setCurrentIndex(0)

    # Double-click opens it read-only.
    item = view.item_for(inspection_id)
    view.tree.scrollToItem(item)
    center = view.tree.visualItemRect(item).center()
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert view.open_button.isEnabled() and not view.reopen_button.isEnabled()
    qtbot.mouseDClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert window.stack.currentIndex() == PAGE_EDITOR
    assert not window.editor.form.editable
    assert all(not row.input.isEnabled() for row in window.editor.rows.values())
    qtbot.mouseClick(window.editor.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is view

    # The supervisor returns it with a comment: it shows, and it reopens as revision 2.
    service.return_for_revision(
        inspection_id=inspection_id,
        actor_id=supervisor_of(context, loan_id),
        comment="请补充资金用途说明",
    )
    context.events.data_changed.emit({"inspections"})
    item = view.item_for(inspection_id)
    assert item is not None and item.parent().text(0).startswith("已退回")
    assert item.text(6) == "请补充资金用途说明"
    view.tree.setCurrentItem(item)
    assert view.reopen_button.isEnabled()
    window.open_inspection(inspection_id)  # the returned revision itself: read-only
    assert window.editor.reopen_button.isVisible() and not window.editor.form.editable
    assert "请补充资金用途说明" in window.editor.comment.text()
    window.show_page(PAGE_INSPECTIONS)
    view.tree.setCurrentItem(view.item_for(inspection_id))
    qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == PAGE_EDITOR
    editor = window.editor
    assert editor.form is not None and editor.form.revision == 2 and editor.form.editable
    assert "第 2 版" in editor.subtitle.text()
    assert editor.comment.isVisible() and "请补充资金用途说明" in editor.comment.text()
    revised = view.item_for(editor.form.id)
    assert revised is not None and revised.parent().text(0).startswith("草稿")
    assert view.item_for(inspection_id) is None  # only the latest revision is listed


def test_checklist_texts_follow_the_language(qtbot: QtBot, writable_context: AppContext) -> None:
    context = writable_context
    context.language = "en"  # as with --lang en
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    officer = inspector_of(context, loan_id)
    editor = InspectionEditor(context)
    qtbot.add_widget(editor)
    context.user_id = officer
    editor.load(context.inspections.start(loan_id=loan_id, actor_id=officer))
    assert (
        editor.rows["funds_diverted"].label.text().startswith("Have the loan funds been diverted?")
    )
    assert editor.sections[0].title() == "1. Operation compliance"


def test_acting_user_is_remembered(qtbot: QtBot, writable_context: AppContext) -> None:
    context = writable_context
    staff = context.inspections.staff()
    window = make_window(qtbot, context)
    default = next(m for m in staff if Role.INSPECTOR in m.roles)
    assert context.user_id == default.id  # no setting yet: the first inspector
    assert (
        window.user_combo.currentText()
        == f"{default.name}（{_rank(default)}）· {default.branch_name}"
    )
    other = staff[-1]
    window.user_combo.select_user(other.id)
    window.close()

    context.user_id = None
    again = make_window(qtbot, context)
    assert context.user_id == other.id
    assert again.user_combo.currentText().startswith(other.name)


def _rank(member: Any) -> str:
    from postloan_desktop.ui.labels import label

    return label(member.rank)


@pytest.mark.slow
def test_screenshots_of_the_editor_and_my_inspections(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for view in ("inspection", "inspections"):
        shot = tmp_path / f"{view}.png"
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                *("--data-dir", str(data), "--demo", "--today", "2026-11-28"),
                *("--screenshot", str(shot), "--view", view),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 800)


def test_editor_widgets_follow_the_item_types(qtbot: QtBot) -> None:
    """Every shipped item type gets its input, with the unit and the choices."""
    from postloan_desktop.forms.loader import load_directory
    from postloan_desktop.ui.answer_widgets import make_input

    checklist = next(t for t in load_directory() if t.id == "small_business")
    seen: dict[ItemType, QWidget] = {}
    for section in checklist.sections:
        for item in section.items:
            if item.type not in seen:
                seen[item.type] = make_input(item, language="zh")
                qtbot.add_widget(seen[item.type])
    number = seen[ItemType.NUMBER]
    assert isinstance(number, NumberInput) and number.unit.text() in ("万元", "天")
    percent = seen[ItemType.PERCENT]
    assert isinstance(percent, PercentInput) and percent.spin.suffix() == " %"
    assert percent.value() is None and percent.spin.text() == "—"
    yes_no = seen[ItemType.YES_NO_NA]
    assert isinstance(yes_no, ChoiceButtons)
    assert [b.text() for b in yes_no.buttons.values()] == ["是", "否", "不适用"]


def test_text_typed_then_another_inspection_opened_is_saved(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    """The officer types and, without pausing or leaving the field, opens another of their
    drafts (from My inspections): the typed text is saved, not dropped."""
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    inspector = inspector_of(context, loan_id)
    other_loan = next(
        row.id
        for row in context.portfolio.loan_page(LoanFilter(), offset=0, limit=1000)
        if row.id != loan_id
        and row.balance_fen > 0
        and (detail := context.portfolio.loan_detail(row.id)).officer_a is not None
        and detail.officer_a.id == inspector
    )
    other = context.inspections.start(loan_id=other_loan, actor_id=inspector)
    window = make_window(qtbot, context)
    window.user_combo.select_user(inspector)
    editor = start_from_loan_page(qtbot, window, loan_id)
    first = editor.form.id
    facilities = editor.rows["facilities"].input
    assert isinstance(facilities, TextInput)
    facilities.edit.setFocus()
    qtbot.keyClicks(facilities.edit, "typed just before switching")
    window.open_inspection(other)
    assert editor.form.id == other
    assert stored(context, first).get("facilities") == "typed just before switching"


def test_a_date_without_an_answer_steps_from_today_not_1900(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    window = make_window(qtbot, context)
    window.user_combo.select_user(inspector_of(context, loan_id))
    editor = start_from_loan_page(qtbot, window, loan_id)
    date = editor.rows["next_inspection_date"].input
    assert isinstance(date, DateInput)
    date.edit.setFocus()
    qtbot.keyClick(date.edit, Qt.Key.Key_Up)
    value = stored(context, editor.form.id).get("next_inspection_date")
    assert value is None or value >= "2026-01-01", value


def test_numbers_keep_all_their_digits() -> None:
    from postloan_desktop.ui.answer_widgets import plain_number

    assert plain_number(12345.67) == "12345.67"  # {:g} would show and save 12345.7
    assert plain_number(3) == "3"
    assert plain_number(1234567.25) == "1234567.25"


def test_the_editor_is_read_only_for_someone_who_may_not_write_it(
    qtbot: QtBot, writable_context: AppContext
) -> None:
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    window = make_window(qtbot, context)
    window.user_combo.select_user(inspector_of(context, loan_id))
    editor = start_from_loan_page(qtbot, window, loan_id)
    assert editor.rows["facilities"].input.isEnabled()
    branch = context.portfolio.loan_detail(loan_id).branch_id
    credit_head = next(  # 信贷主管: supervises, does not inspect
        m.id
        for m in context.inspections.staff()
        if m.branch_id == branch and m.roles == {Role.SUPERVISOR}
    )
    window.user_combo.select_user(credit_head)
    qtbot.wait_until(lambda: not editor.rows["facilities"].input.isEnabled())
    assert not editor.panel.submit_button.isVisible()


def test_quitting_with_a_refused_answer_asks_first(
    qtbot: QtBot, writable_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = writable_context
    loan_id = individual_loan(context, kind=InspectionKind.FIRST)
    window = make_window(qtbot, context)
    window.user_combo.select_user(inspector_of(context, loan_id))
    editor = start_from_loan_page(qtbot, window, loan_id)
    share = editor.rows["settlement_share"]
    assert isinstance(share.input, PercentInput)
    share.input.spin.setValue(-0.5)
    qtbot.wait_until(lambda: share.problem.isVisible())
    assert editor.unsaved_items() == [share.instance.item.label.zh]
    asked: list[str] = []

    def cancel(*args: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    import postloan_desktop.ui.main_window as main_window_module

    monkeypatch.setattr(main_window_module, "can_show_dialogs", lambda: True)
    monkeypatch.setattr(QMessageBox, "warning", cancel)
    assert not window.close()  # cancelled: the window stays, the typed value with it
    assert asked and share.instance.item.label.zh in asked[0]
    assert share.input.spin.value() == -0.5
