"""The main window as an officer uses it: the queue, finding a loan, opening it, going back."""

import datetime as dt

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from postloan_desktop.domain.rules import DueReason
from postloan_desktop.services.dto import DueFilter, LoanFilter
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.main_window import PAGE_LOAN, PAGE_LOANS, PAGE_QUEUE, MainWindow
from postloan_desktop.ui.work_queue import MINE_KEY


def make_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.add_widget(window)
    window.resize(1280, 800)
    window.start()
    window.show()
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    return window


def test_window_opens_on_the_work_queue_in_chinese(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    assert window.stack.currentIndex() == PAGE_QUEUE
    assert window.windowTitle().startswith("贷后检查")
    assert window.queue_view.title.text() == "工作台 — 2026-11-28"
    groups = [window.queue_view.tree.topLevelItem(i).text(0) for i in range(5)]
    assert groups[0].startswith("逾期未检查")
    assert groups[1].startswith("今日到期检查")
    assert groups[3].startswith("还款提醒")
    assert groups[4].startswith("到期提示")


def test_queue_shows_what_the_service_computed(
    qtbot: QtBot, context: AppContext, demo_today: dt.date
) -> None:
    window = make_window(qtbot, context)
    queue = context.portfolio.work_queue()
    overdue = window.queue_view.group_item("overdue")
    assert overdue is not None
    assert overdue.childCount() == len(queue.overdue.items) > 0
    first = overdue.child(0)
    assert first.text(0) == queue.overdue.items[0].contract_no
    assert dt.date.fromisoformat(first.text(3)) < demo_today
    # A loan in arrears is listed with the reason in Chinese.
    reasons = {overdue.child(i).text(4).split(" · ")[-1] for i in range(overdue.childCount())}
    assert {"欠息", "本金逾期"} & reasons
    assert any(i.reason is not DueReason.PERIODIC for i in queue.overdue.items)


def test_activating_a_queue_item_opens_the_loan_and_back_returns(
    qtbot: QtBot, context: AppContext
) -> None:
    window = make_window(qtbot, context)
    tree = window.queue_view.tree
    item = window.queue_view.group_item("due_today").child(0)
    tree.setCurrentItem(item)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == PAGE_LOAN
    assert window.loan_view.detail is not None
    assert window.loan_view.detail.contract_no == item.text(0)
    assert item.text(0) in window.loan_view.title.text()
    qtbot.mouseClick(window.loan_view.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentIndex() == PAGE_QUEUE


def test_typing_in_search_filters_the_loans(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    qtbot.keyClick(window.queue_view.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    view = window.loans_view
    assert window.stack.currentIndex() == PAGE_LOANS
    assert view.search.hasFocus()
    total = view.model.rowCount()
    assert total == context.portfolio.count_loans(LoanFilter())
    qtbot.keyClicks(view.search, "dk0102-")  # typed on the keyboard: case does not matter
    qtbot.wait_until(lambda: view.model.loan_filter.text == "dk0102-")
    shown = view.model.rowCount()
    assert 0 < shown < total
    assert all(view.model.row_at(r).contract_no.startswith("DK0102-") for r in range(shown))
    assert view.count_label.text() == f"共 {shown} 笔贷款"
    # Chinese arrives from the input method as committed text, not as key presses.
    surname = view.model.row_at(0).borrower_name[0]
    view.search.clear()
    view.search.insert(surname)
    qtbot.wait_until(lambda: view.model.loan_filter.text == surname)
    shown = view.model.rowCount()
    assert 0 < shown < total
    assert all(surname in view.model.row_at(r).borrower_name for r in range(shown))
    assert view.count_label.text() == f"共 {shown} 笔贷款"


def test_search_by_contract_number_then_open_with_enter(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    window.show_page(PAGE_LOANS)
    view = window.loans_view
    target = context.portfolio.loan_page(LoanFilter(), offset=100, limit=1)[0]
    view.search.setText(target.contract_no)
    view.apply_filter()
    assert view.model.rowCount() == 1
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == PAGE_LOAN
    detail = window.loan_view.detail
    assert detail is not None and detail.id == target.id
    tabs = [window.loan_view.tabs.tabText(i) for i in range(window.loan_view.tabs.count())]
    assert tabs[0] == "概况" and tabs[1] == "还款计划"
    assert tabs[4] == f"检查记录 ({len(detail.inspections)})"
    schedule = window.loan_view.tabs.widget(1)
    assert schedule.rowCount() == len(detail.instalments)
    qtbot.keyClick(window.loan_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentIndex() == PAGE_LOANS


def test_combo_filters_narrow_the_list(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    view = window.loans_view
    view.show_due(DueFilter.OVERDUE)
    overdue = view.model.rowCount()
    assert overdue == context.portfolio.count_loans(LoanFilter(due=DueFilter.OVERDUE))
    view.arrears.setChecked(True)
    assert 0 < view.model.rowCount() <= overdue
    for r in range(view.model.rowCount()):
        assert view.model.row_at(r).in_arrears
    index = view.model.index(0, 0)
    assert view.model.data(index, Qt.ItemDataRole.FontRole).bold()
    due_cell = view.model.index(0, 8)
    assert view.model.data(due_cell, Qt.ItemDataRole.ForegroundRole) is not None


def test_large_balance_breaking_the_ab_rule_shows_a_warning(
    qtbot: QtBot, context: AppContext
) -> None:
    window = make_window(qtbot, context)
    violating = [
        row
        for row in context.portfolio.loan_page(LoanFilter(), offset=0, limit=1000)
        if row.balance_fen >= 50_000_000 * 100
        and context.portfolio.loan_detail(row.id).officer_rule_violation is not None
    ]
    assert violating
    window.open_loan(violating[0].id)
    warning = window.loan_view.warnings
    assert not warning.isHidden()
    assert "A/B 角规定" in warning.text()
    compliant = context.portfolio.loan_page(LoanFilter(text="DK"), offset=0, limit=1)[0]
    detail = context.portfolio.loan_detail(compliant.id)
    window.open_loan(compliant.id)
    assert warning.isHidden() == (
        detail.officer_rule_violation is None
        and detail.principal_overdue_since is None
        and detail.interest_unpaid_since is None
    )


def test_status_bar_names_today_and_the_data_folder(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    text = window.status_label.text()
    assert "2026-11-28" in text and str(context.data_dir.root) in text
    assert isinstance(window.status_label, QLabel)


def test_queue_branch_choice_narrows_the_queue(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    view = window.queue_view
    everything = view.queue
    assert everything is not None
    view.branch.setCurrentIndex(1)
    branch_id = view.branch.currentData()
    assert view.queue is not None and view.queue is not everything
    assert (
        view.queue.overdue.total == context.portfolio.work_queue(branch_id=branch_id).overdue.total
    )
    assert view.queue.overdue.total < everything.overdue.total
    prefix = "DK" + next(b.code for b in context.portfolio.branches() if b.id == branch_id)
    overdue = view.group_item("overdue")
    assert all(overdue.child(i).text(0).startswith(prefix) for i in range(overdue.childCount()))


def test_overdue_items_say_how_late_they_are(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    overdue = window.queue_view.group_item("overdue")
    first = overdue.child(0)
    late = (context.portfolio.today() - dt.date.fromisoformat(first.text(3))).days
    assert first.text(4).startswith(f"逾期 {late} 天")
    today = window.queue_view.group_item("due_today").child(0)
    assert "逾期" not in today.text(4)


def test_clicking_the_highlighted_nav_entry_leaves_a_loan_page(
    qtbot: QtBot, context: AppContext
) -> None:
    window = make_window(qtbot, context)
    item = window.queue_view.group_item("overdue").child(0)
    window.queue_view.tree.itemActivated.emit(item, 0)
    assert window.stack.currentIndex() == PAGE_LOAN
    nav_item = window.nav.item(PAGE_QUEUE)
    rect = window.nav.visualItemRect(nav_item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentIndex() == PAGE_QUEUE


def test_opening_many_loans_does_not_pile_up_widgets(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    rows = context.portfolio.loan_page(LoanFilter(), offset=0, limit=12)
    window.open_loan(rows[0].id)
    qtbot.wait(1)
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    baseline = len(window.loan_view.findChildren(QLabel))
    for row in rows[1:]:
        window.open_loan(row.id)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(window.loan_view.findChildren(QLabel)) < baseline * 2


def test_f5_refreshes_the_queue(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    before = window.queue_view.queue
    qtbot.keyClick(window.queue_view.tree, Qt.Key.Key_F5)
    assert window.queue_view.queue is not before


def test_my_inspections_is_filled_when_first_shown_not_at_start(
    qtbot: QtBot, context: AppContext
) -> None:
    from postloan_desktop.domain.enums import OfficerRank, Role
    from postloan_desktop.ui.main_window import PAGE_INSPECTIONS

    officer = next(
        m
        for m in context.inspections.staff()
        if Role.INSPECTOR in m.roles and m.rank is OfficerRank.OFFICER
    )
    context.set_user(officer.id)
    window = make_window(qtbot, context)
    assert window.inspections_view.rows == []  # start-up did not wait for it
    window.show_page(PAGE_INSPECTIONS)
    assert window.inspections_view.rows  # the demo officer has completed inspections


def test_my_loans_only_narrows_the_queue_to_whoever_is_at_the_keyboard(
    qtbot: QtBot, context: AppContext
) -> None:
    window = make_window(qtbot, context)
    view = window.queue_view
    everything = view.queue
    assert everything is not None and not view.mine.isChecked()
    officers = []
    for item in everything.overdue.items:
        a = context.portfolio.loan_detail(item.loan_id).officer_a
        if a is not None and a.id not in officers:
            officers.append(a.id)
    first, second = officers[:2]
    window.user_combo.select_user(first, remember=False)
    qtbot.wait_until(lambda: context.user_id == first)

    qtbot.mouseClick(view.mine, Qt.MouseButton.LeftButton)
    assert view.mine.isChecked() and view.mine.text() == "只看我负责的(&M)"
    assert QKeySequence.mnemonic(view.mine.text()).toString() == "Alt+M"
    mine = context.portfolio.work_queue(officer_id=first)
    assert view.queue is not None and view.queue.overdue == mine.overdue
    assert 0 < mine.overdue.total < everything.overdue.total
    assert QSettings().value(MINE_KEY, type=bool) is True  # kept for the next start

    window.user_combo.select_user(second, remember=False)  # another person: their loans
    qtbot.wait_until(lambda: context.user_id == second)
    assert view.queue.overdue == context.portfolio.work_queue(officer_id=second).overdue
    view.mine.setChecked(False)
    assert view.queue.overdue.total == everything.overdue.total


def test_my_loans_only_in_the_loans_view(qtbot: QtBot, context: AppContext) -> None:
    window = make_window(qtbot, context)
    window.show_page(PAGE_LOANS)
    view = window.loans_view
    everyone = view.model.rowCount()
    first = view.model.row_at(0)
    assert first is not None
    officer = context.portfolio.loan_detail(first.id).officer_a
    assert officer is not None
    window.user_combo.select_user(officer.id, remember=False)
    qtbot.wait_until(lambda: context.user_id == officer.id)
    qtbot.mouseClick(view.mine, Qt.MouseButton.LeftButton)
    expected = context.portfolio.count_loans(LoanFilter(officer_id=officer.id))
    assert 0 < view.model.rowCount() == expected < everyone
    assert view.count_label.text() == f"共 {expected} 笔贷款"
    assert QSettings().value("loans_view/mine_only", type=bool) is True
    view.mine.setChecked(False)
    assert view.model.rowCount() == everyone
