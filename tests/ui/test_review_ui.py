"""The supervisor's review in the UI (issue 7), on the real services with the demo keys: the
queue (its rows in the service's order, overdue ones in red, hidden from non-supervisors),
the review view of a re-submitted revision (what changed: answers, notes, photos added and
removed), comments on items that the inspector finds in the next revision, and the keyboard
flow — Enter, J/K, C, Ctrl+R with a reason (the queue shrinks, the view moves on),
Ctrl+Enter approving with the passphrase once and the next report with none, a changed risk
class that needs a reason — and an approved report read-only everywhere.

Two reports of one branch are prepared once for the module (signed by their officers A and
B with the demo keys) in a data folder that each test copies."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from postloan_desktop.domain.enums import InspectionStatus, RiskClass, Role
from postloan_desktop.domain.errors import NotAllowed
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.services.bootstrap import Services, open_services
from postloan_desktop.services.demo_keys import DEMO_KEY_PASSPHRASE
from postloan_desktop.services.dto import LoanFilter
from postloan_desktop.services.report_sample import (
    SAMPLE_TODAY,
    _collateral_notes,
    answer_all,
    handwriting,
    prepare_sample,
    site_picture,
)
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import SynchronousPool
from postloan_desktop.ui.context import AppContext, EventBus
from postloan_desktop.ui.main_window import (
    NAV_REVIEW,
    PAGE_EDITOR,
    PAGE_QUEUE,
    PAGE_REVIEW,
    PAGE_REVIEW_QUEUE,
    MainWindow,
)
from postloan_desktop.ui.review_queue import (
    COL_DAYS,
    COL_OFFICERS,
    COL_PHOTOS,
    COL_REVISION,
    COL_SIGNALS,
    OVERDUE,
)
from postloan_desktop.ui.review_view import TAB_ANSWERS, TAB_CHANGES, ReviewItemRow, TextDialog
from postloan_desktop.ui.sign_dialog import SignDialog
from postloan_desktop.ui.signature_pad import SignaturePad

PASS = DEMO_KEY_PASSPHRASE


@dataclass(frozen=True)
class Prepared:
    """Two reports of one branch under review, their officers and the branch's supervisor."""

    first: InspectionId  # the sample's: a mortgage loan with photos and collateral notes
    second: InspectionId
    officer_a: UserId  # of the first
    officer_b: UserId
    second_a: UserId
    second_b: UserId
    supervisor: UserId


def _second_report(services: Services, first_loan: LoanId, supervisor: UserId) -> tuple[Any, ...]:
    """Another loan of the same branch whose officers A and B are two inspectors (neither the
    supervisor), inspected completely and signed by A and B."""
    from postloan_desktop.ui.sign_dialog import answer_required

    portfolio, inspections = services.portfolio, services.inspections
    branch = portfolio.loan_detail(first_loan).branch_id
    staff = {m.id: m for m in inspections.staff()}
    for row in portfolio.loan_page(LoanFilter(branch_id=branch), offset=0, limit=500):
        if row.id == first_loan or row.balance_fen <= 0:
            continue
        detail = portfolio.loan_detail(row.id)
        a, b = detail.officer_a, detail.officer_b
        if a is None or b is None or a.id == b.id or supervisor in (a.id, b.id):
            continue
        if not all(Role.INSPECTOR in staff[o.id].roles for o in (a, b)):
            continue
        if inspections.draft_for_loan(row.id) is not None:
            continue
        try:
            inspection = inspections.start(loan_id=row.id, actor_id=a.id)
        except NotAllowed:
            continue
        items = [SimpleNamespace(id=c.id, appraised_fen=c.appraised_fen) for c in detail.collateral]
        estimates = _collateral_notes(services, inspection, a.id, items)  # type: ignore[arg-type]
        answer_all(services, inspection, a.id, estimates)
        answer_required(SimpleNamespace(inspections=inspections), inspection, a.id)  # type: ignore[arg-type]
        services.reports.sign(inspection, a.id, PASS, handwriting(4))
        services.reports.sign(inspection, b.id, PASS, handwriting(5))
        return inspection, a.id, b.id
    raise AssertionError("the sample's branch has no second loan to inspect")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Prepared]:
    root = tmp_path_factory.mktemp("review-ui") / "data"
    sample = prepare_sample(root)
    sample.reports.sign(sample.inspection_id, sample.inspector_id, PASS, handwriting(1))
    sample.reports.sign(sample.inspection_id, sample.officer_b_id, PASS, handwriting(2))
    second, second_a, second_b = _second_report(
        sample.services, sample.loan_id, sample.supervisor_id
    )
    sample.services.reports.lock()
    return root, Prepared(
        first=sample.inspection_id,
        second=second,
        officer_a=sample.inspector_id,
        officer_b=sample.officer_b_id,
        second_a=second_a,
        second_b=second_b,
        supervisor=sample.supervisor_id,
    )


@pytest.fixture
def services(prepared: tuple[Path, Prepared], tmp_path: Path) -> Iterator[Services]:
    """The prepared data folder copied, opened afresh."""
    source, _ = prepared
    root = tmp_path / "data"
    shutil.copytree(source, root)
    yield open_services(root, today=SAMPLE_TODAY)


@pytest.fixture
def people(prepared: tuple[Path, Prepared]) -> Prepared:
    return prepared[1]


@pytest.fixture
def context(services: Services) -> AppContext:
    return AppContext(
        data_dir=services.data_dir,
        portfolio=services.portfolio,
        inspections=services.inspections,
        events=EventBus(),
        collateral=services.collateral,
        photos=services.photos,
        reports=services.reports,
        review=services.review,
    )


def make_window(qtbot: QtBot, context: AppContext, user: UserId) -> MainWindow:
    window = MainWindow(context)
    qtbot.add_widget(window)
    window.resize(1280, 800)
    window.start()
    window.user_combo.select_user(user, remember=False)
    window.review_view.pool = SynchronousPool()
    window.show()
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    return window


def open_queue(qtbot: QtBot, window: MainWindow) -> None:
    """Ctrl+4, as a supervisor would."""
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait_until(lambda: window.stack.currentIndex() == PAGE_REVIEW_QUEUE)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Any = None) -> None:
    """A key where the keyboard focus is (the shortcuts of the page shown)."""
    target = QApplication.focusWidget() or window.stack.currentWidget()
    if modifier is None:
        qtbot.keyClick(target, key)
    else:
        qtbot.keyClick(target, key, modifier)


def draw(qtbot: QtBot, pad: SignaturePad) -> None:
    left = Qt.MouseButton.LeftButton
    points = [(60 + 14 * n, 110 + (25 if n % 2 else -25)) for n in range(18)]
    qtbot.mousePress(pad, left, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, left, pos=QPoint(*points[-1]))


def text_dialog(qtbot: QtBot, window: MainWindow) -> TextDialog:
    dialog = window.review_view.text_dialog
    assert dialog is not None
    qtbot.wait_until(dialog.isVisible)
    dialog.activateWindow()  # shortcuts work in the active window only
    qtbot.wait_until(dialog.isActiveWindow)
    return dialog


def back_to(qtbot: QtBot, window: MainWindow) -> None:
    """The main window active again once a dialog closed (the platform does it on a desktop,
    the offscreen one needs telling)."""
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)


def sign_dialog(qtbot: QtBot, window: MainWindow) -> SignDialog:
    dialog = window.review_view.sign_dialog
    assert dialog is not None
    qtbot.wait_until(dialog.isVisible)
    dialog.activateWindow()
    qtbot.wait_until(dialog.isActiveWindow)
    return dialog


def status_of(services: Services, inspection: InspectionId) -> InspectionStatus:
    return services.inspections.form(inspection).status


# --- the queue ---------------------------------------------------------------------------------


def test_the_queue_lists_the_reports_to_review_in_the_services_order(
    qtbot: QtBot, context: AppContext, services: Services, people: Prepared
) -> None:
    window = make_window(qtbot, context, people.supervisor)
    nav = window.nav.item(NAV_REVIEW)
    assert nav is not None and not nav.isHidden()
    open_queue(qtbot, window)
    view = window.review_queue_view
    queue = services.review.queue(people.supervisor)
    assert [r.inspection_id for r in view.rows] == [r.inspection_id for r in queue]
    assert view.table.rowCount() == len(queue) > 2
    assert nav.text() == f"待审批（{len(queue)}）"
    assert view.title.text() == "待审批报告"
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(11)]
    assert headers == [
        "剩余工作日",
        "合同编号",
        "借款人",
        "检查类型",
        "版本",
        "A角/B角",
        "建议分类",
        "风险信号",
        "照片警告",
        "提交日期",
        "截止日期",
    ]
    n = next(i for i, r in enumerate(queue) if r.inspection_id == people.first)
    row = queue[n]

    def cell(column: int) -> str:
        return view.table.item(n, column).text()

    assert cell(COL_DAYS) == f"剩 {row.days_left} 个工作日"
    assert cell(COL_REVISION) == "第 1 版"
    assert cell(COL_OFFICERS) == f"{row.officer_a} / {row.officer_b}"
    assert cell(COL_PHOTOS) == f"{row.photo_warnings}/6" and row.photo_warnings > 0
    assert cell(COL_SIGNALS) == str(len(row.signals)) and row.signals
    tip = view.table.item(n, COL_SIGNALS).toolTip()
    assert all(s.zh in tip for s in row.signals)  # the messages, in Chinese
    assert "逾期" not in cell(COL_DAYS)

    # A week after the deadline of the first row: overdue, first, in red.
    late = row.due_on + dt.timedelta(days=7)
    services.review._today = lambda: late
    view.refresh()
    first = view.rows[0]
    assert first.overdue
    days = view.table.item(0, COL_DAYS)
    assert days.text() == f"逾期 {-first.days_left} 天"
    assert days.foreground().color() == OVERDUE
    assert days.font().bold()
    assert view.table.item(0, 1).background().color() == QColor("#fdecea")
    assert "逾期" in view.summary.text()


def test_the_queue_is_hidden_from_those_who_supervise_no_branch(
    qtbot: QtBot, context: AppContext, people: Prepared, services: Services
) -> None:
    staff = services.inspections.staff()
    inspector = next(m.id for m in staff if Role.SUPERVISOR not in m.roles)
    window = make_window(qtbot, context, inspector)
    nav = window.nav.item(NAV_REVIEW)
    assert nav is not None and nav.isHidden()
    assert not window.review_action.isEnabled()
    window.show_page(PAGE_REVIEW_QUEUE)
    assert window.stack.currentIndex() == PAGE_QUEUE
    # The supervisor at the same desk sees it; back to the inspector, it goes away again.
    window.user_combo.select_user(people.supervisor, remember=False)
    assert not nav.isHidden()
    open_queue(qtbot, window)
    window.user_combo.select_user(inspector, remember=False)
    assert nav.isHidden() and window.stack.currentIndex() == PAGE_QUEUE


# --- what a re-submitted revision changed ----------------------------------------------------


def test_a_resubmitted_revision_shows_what_changed_since_it_was_returned(
    qtbot: QtBot, context: AppContext, services: Services, people: Prepared, tmp_path: Path
) -> None:
    inspections, review, photos = services.inspections, services.review, services.photos
    form = inspections.form(people.first)
    key = next(k for k in sorted(form.answers) if k.startswith("funds_diverted"))
    review.add_comment(
        inspection_id=people.first, item_key=key, text="请附上凭证编号", actor_id=people.supervisor
    )
    inspections.return_for_revision(
        inspection_id=people.first, actor_id=people.supervisor, comment="凭证不全，请补充"
    )
    revision = inspections.reopen(inspection_id=people.first, actor_id=people.officer_a)
    text_key = next(k for k in sorted(form.answers) if k.startswith("present_and_future_risk"))
    inspections.answer(
        inspection_id=revision,
        key=text_key,
        value="存货周转放缓，需按月跟踪。",
        actor_id=people.officer_a,
    )
    inspections.note(
        inspection_id=revision, key=key, text="凭证编号 STZF-001 至 003", actor_id=people.officer_a
    )
    removed = photos.photos(revision)[0]
    photos.remove(photo_id=removed.id, actor_id=people.officer_a)
    picture = tmp_path / "new.jpg"
    site_picture(9).save(picture, "JPEG")
    added = photos.import_file(inspection_id=revision, path=picture, actor_id=people.officer_a)
    services.reports.sign(revision, people.officer_a, PASS, handwriting(1))
    services.reports.sign(revision, people.officer_b, PASS, handwriting(2))

    window = make_window(qtbot, context, people.supervisor)
    open_queue(qtbot, window)
    queue = window.review_queue_view
    n = next(i for i, r in enumerate(queue.rows) if r.inspection_id == revision)
    assert queue.table.item(n, COL_REVISION).text() == "第 2 版 · 重新提交"
    queue.table.setCurrentCell(n, 1)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.stack.currentIndex() == PAGE_REVIEW
    view = window.review_view
    assert view.inspection_id == revision
    assert view.tabs.currentIndex() == TAB_CHANGES  # a re-submitted one opens on its changes
    assert view.tabs.tabText(TAB_CHANGES) == "本次修改（4）"
    assert "第 2 版 · 重新提交" in view.subtitle.text()
    panel = view.changes_panel
    lines = panel.answer_lines
    assert len(lines) == 2
    assert any("存货周转放缓，需按月跟踪。" in line and "→" in line for line in lines)
    assert any("凭证编号 STZF-001 至 003" in line for line in lines)
    assert [p.sha256 for p in panel.added] == [added.photo.sha256]
    assert [p.sha256 for p in panel.removed] == [removed.sha256]
    shown = panel.findChildren(QLabel)
    texts = " ".join(w.text() for w in shown)
    assert "您上次的退回理由：凭证不全，请补充" in texts
    assert "请附上凭证编号" in texts  # the comment made on the returned revision
    assert "新增照片（1）" in texts and "删除的照片（1）" in texts
    qtbot.wait_until(lambda: view.pdf_loaded)  # the signed PDF, read in the background
    assert view.viewer is not None and view.viewer.page_count_value() > 1


# --- the keyboard flow -------------------------------------------------------------------------


def test_comment_and_return_by_keyboard_then_the_inspector_sees_the_comments(
    qtbot: QtBot, context: AppContext, services: Services, people: Prepared
) -> None:
    window = make_window(qtbot, context, people.supervisor)
    open_queue(qtbot, window)
    queue = window.review_queue_view
    before = len(queue.rows)
    n = next(i for i, r in enumerate(queue.rows) if r.inspection_id == people.first)
    queue.table.setCurrentCell(n - 1, 1)
    press(qtbot, window, Qt.Key.Key_J)  # J and K move in the list too
    assert queue.current_id() == people.first
    press(qtbot, window, Qt.Key.Key_Return)
    view = window.review_view
    assert window.stack.currentIndex() == PAGE_REVIEW and view.inspection_id == people.first
    assert view.tabs.currentIndex() == TAB_ANSWERS
    assert view.position.text() == f"第 {n + 1} / {before} 份"
    # K goes to the report before it, J back.
    press(qtbot, window, Qt.Key.Key_K)
    assert view.inspection_id == queue.rows[n - 1].inspection_id
    press(qtbot, window, Qt.Key.Key_J)
    assert view.inspection_id == people.first
    press(qtbot, window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert view.inspection_id == queue.rows[n - 1].inspection_id
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert view.inspection_id == people.first

    # C comments on the current item: the first, then the one reached with the arrow keys.
    rows = view.answers.rows
    first_key = next(iter(rows))
    assert view.answers.current_key == first_key
    press(qtbot, window, Qt.Key.Key_C)
    dialog = text_dialog(qtbot, window)
    assert dialog.heading.text() == f"批注：{rows[first_key].question}"
    assert not dialog.ok_button.isEnabled()  # an empty comment is no comment
    dialog.editor.insertPlainText("请说明资金实际用途的依据")  # as an input method commits it
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait_until(lambda: view.text_dialog is None)
    back_to(qtbot, window)
    assert rows[first_key].comment_texts == ["请说明资金实际用途的依据"]
    assert "请说明资金实际用途的依据" in rows[first_key].comments.text()
    assert rows[first_key].hasFocus()
    press(qtbot, window, Qt.Key.Key_Down)
    second_key = list(rows)[1]
    assert view.answers.current_key == second_key
    press(qtbot, window, Qt.Key.Key_C)
    dialog = text_dialog(qtbot, window)
    dialog.editor.insertPlainText("与合同约定不一致？")  # as an input method commits it
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: view.text_dialog is None)
    back_to(qtbot, window)
    assert [c.item_key for c in services.review.comments(people.first)] == [first_key, second_key]
    # A comment on the whole report, taken back again.
    qtbot.mouseClick(view.answers.general_button, Qt.MouseButton.LeftButton)
    dialog = text_dialog(qtbot, window)
    assert dialog.heading.text() == "对整份报告批注"
    dialog.editor.insertPlainText("照片不足")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: view.text_dialog is None)
    back_to(qtbot, window)
    general = services.review.comments(people.first)[-1]
    assert general.item_key == "" and view.answers.general.isVisible()
    assert f'href="remove:{general.id}"' in view.answers.general.text()
    view.answers.general.linkActivated.emit(f"remove:{general.id}")  # its 撤回 link
    assert not view.answers.general.isVisible()
    assert len(services.review.comments(people.first)) == 2

    # Ctrl+R: a reason is required; returned, the queue is one shorter and the view moves on.
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = text_dialog(qtbot, window)
    assert "2 条意见将一并退回" in dialog.note.text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()  # nothing happens without a reason
    dialog.editor.insertPlainText("资金用途依据不足")  # as an input method commits it
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait_until(lambda: view.inspection_id != people.first)
    back_to(qtbot, window)
    assert status_of(services, people.first) is InspectionStatus.RETURNED
    assert len(view.queue) == before - 1
    assert people.first not in [r.inspection_id for r in view.queue]
    assert view.inspection_id == (
        queue.rows[n + 1].inspection_id if n + 1 < before else queue.rows[n - 1].inspection_id
    )
    assert window.statusBar().currentMessage().startswith("已退回：")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.stack.currentIndex() == PAGE_REVIEW_QUEUE
    assert len(queue.rows) == before - 1

    # The inspector reopens it: the reason on top, each comment under its item.
    window.user_combo.select_user(people.officer_a, remember=False)
    revision = services.inspections.reopen(inspection_id=people.first, actor_id=people.officer_a)
    window.open_inspection(revision)
    assert window.stack.currentIndex() == PAGE_EDITOR
    editor = window.editor
    assert editor.comment.isVisible()
    assert "信贷主管审核意见：资金用途依据不足" in editor.comment.text()
    assert "另有 2 条审批意见" in editor.comment.text()
    note = editor.rows[first_key].review_note
    assert note.isVisibleTo(editor) and note.text() == "审批意见：请说明资金实际用途的依据"
    assert editor.rows[second_key].review_note.text() == "审批意见：与合同约定不一致？"
    others = [r for k, r in editor.rows.items() if k not in (first_key, second_key)]
    assert all(not r.review_note.isVisibleTo(editor) for r in others)


def test_approving_asks_for_the_passphrase_once_then_the_next_report_needs_none(
    qtbot: QtBot, context: AppContext, services: Services, people: Prepared
) -> None:
    reports = services.reports
    window = make_window(qtbot, context, people.supervisor)
    open_queue(qtbot, window)
    queue = window.review_queue_view
    order = [r.inspection_id for r in queue.rows]
    ours = sorted((people.first, people.second), key=order.index)
    assert order.index(ours[1]) == order.index(ours[0]) + 1  # one after the other
    queue.table.setCurrentCell(order.index(ours[0]), 1)
    # Ctrl+Enter in the queue: the report opens with the countersign dialog on top.
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    view = window.review_view
    assert window.stack.currentIndex() == PAGE_REVIEW and view.inspection_id == ours[0]
    dialog = sign_dialog(qtbot, window)
    row = next(r for r in queue.rows if r.inspection_id == ours[0])
    assert dialog.risk_class.currentText() == f"{labels.label(row.proposed_risk_class)}（建议）"
    assert dialog.passphrase.isVisible() and dialog.remember.isChecked()
    assert dialog.remember.text() == "本次登录期间记住口令（30 分钟无操作后锁定）"
    assert not dialog.reuse.isVisible()  # nothing drawn yet in this session
    draw(qtbot, dialog.pad)
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: not dialog.busy)
    assert dialog.problem.text().startswith("口令不正确")
    assert not dialog.pad.is_empty()  # the stamp drawn is kept
    assert not reports.is_unlocked(people.supervisor)
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASS)
    with qtbot.wait_signal(dialog.signed, timeout=60_000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: view.inspection_id == ours[1], timeout=10_000)
    assert status_of(services, ours[0]) is InspectionStatus.APPROVED
    assert reports.is_unlocked(people.supervisor)
    assert window.statusBar().currentMessage().startswith("已审批并会签：")

    # The next one: no passphrase field, the stamp of the last report offered again.
    qtbot.wait_until(lambda: view.sign_dialog is None)
    back_to(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = sign_dialog(qtbot, window)
    assert not dialog.passphrase.isVisible() and not dialog.remember.isVisible()
    assert dialog.unlocked_label.isVisible()
    assert dialog.unlocked_label.text().startswith("签名密钥已解锁")
    assert dialog.reuse.isVisible() and dialog.reuse.isChecked() and not dialog.pad.is_empty()
    assert dialog.sign_button.isEnabled()
    with qtbot.wait_signal(dialog.signed, timeout=60_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait_until(lambda: view.inspection_id not in ours, timeout=10_000)
    assert status_of(services, ours[1]) is InspectionStatus.APPROVED
    assert [s.role.value for s in reports.signatures(ours[1])] == [
        "inspector_a",
        "inspector_b",
        "supervisor",
    ]
    remaining = [r.inspection_id for r in view.queue]
    assert ours[0] not in remaining and ours[1] not in remaining

    # Approved: read-only in the review view and in the editor; the service agrees.
    view.open(ours[0])
    assert not view.approve_button.isEnabled() and not view.return_button.isEnabled()
    assert view.notice.text() == "已审批并会签：报告已定稿，只读。"
    assert view.request_approve() is None and view.request_return() is None
    assert view.comment_current() is None
    assert all(not r.comment_button.isVisible() for r in view.answers.rows.values())
    assert not view.answers.general_button.isVisible()
    with pytest.raises(NotAllowed):
        services.review.add_comment(
            inspection_id=ours[0], item_key="", text="x", actor_id=people.supervisor
        )
    window.open_inspection(ours[0])
    form = window.editor.form
    assert form is not None and form.status is InspectionStatus.APPROVED and not form.editable
    assert all(not r.input.isEnabled() for r in window.editor.rows.values())

    # Logging out (another user at the desk) locks the key again.
    window.user_combo.select_user(people.officer_a, remember=False)
    assert not reports.is_unlocked(people.supervisor)


def test_another_risk_class_needs_a_reason_before_signing(
    qtbot: QtBot, context: AppContext, services: Services, people: Prepared
) -> None:
    window = make_window(qtbot, context, people.supervisor)
    window.open_review(people.first)
    view = window.review_view
    dialog = view.request_approve()
    assert dialog is not None
    qtbot.wait_until(dialog.isVisible)
    draw(qtbot, dialog.pad)
    qtbot.keyClicks(dialog.passphrase, PASS)
    assert dialog.sign_button.isEnabled() and not dialog.reason.isVisible()
    proposed = view.row.proposed_risk_class if view.row else None
    other = RiskClass.SUBSTANDARD if proposed is not RiskClass.SUBSTANDARD else RiskClass.NORMAL
    dialog.risk_class.setCurrentIndex(list(RiskClass).index(other))
    assert dialog.reason.isVisible()
    assert not dialog.sign_button.isEnabled()
    assert dialog.sign_button.toolTip() == "请填写改变建议风险分类的理由"
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.busy  # Ctrl+Enter signs nothing either
    dialog.reason.insert("应收账款逾期增加")
    assert dialog.sign_button.isEnabled()
    with qtbot.wait_signal(dialog.signed, timeout=60_000):
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    with services.portfolio._sessions() as session:
        from postloan_desktop.storage.models import Inspection

        inspection = session.get(Inspection, people.first)
        assert inspection is not None
        assert inspection.reviewed_risk_class is other
        assert inspection.risk_change_reason == "应收账款逾期增加"


def test_the_photos_open_at_full_size_with_their_warnings(
    qtbot: QtBot, context: AppContext, people: Prepared
) -> None:
    window = make_window(qtbot, context, people.supervisor)
    window.open_review(people.first)
    view = window.review_view
    assert view.tabs.tabText(2).startswith("照片（6 · ⚠")
    gallery = view.gallery
    assert gallery is not None and not gallery.editable
    row = next(n for n, r in enumerate(gallery.model.records()) if r.warnings)
    viewer = gallery.open_viewer(row)
    assert viewer is not None
    qtbot.wait_until(lambda: viewer.picture_loaded, timeout=10_000)
    assert viewer.warning_lines() and viewer.warnings_title.text().startswith("警告")
    assert viewer.caption.isReadOnly()
    viewer.close()


@pytest.fixture(autouse=True)
def _no_leftover_dialogs() -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, SignDialog | TextDialog) and widget.isVisible():
            widget.done(0)


def test_screenshots_of_the_queue_and_a_resubmitted_report(tmp_path: Path) -> None:
    """``--view review-queue`` and ``--view review`` on a fresh demo folder: a re-submitted
    report is prepared once (signed, returned, changed, signed again) and found again."""
    from test_app import screenshot_views

    data = tmp_path / "data"
    screenshot_views(data, tmp_path, "review-queue", "review")
    services = open_services(data, today=SAMPLE_TODAY)
    supervisors = [m.id for m in services.inspections.staff() if Role.SUPERVISOR in m.roles]
    resubmitted = [r for s in supervisors for r in services.review.queue(s) if r.resubmitted]
    assert len({r.inspection_id for r in resubmitted}) == 1  # made once, not twice


def test_an_item_left_unanswered_says_so_in_chinese(qtbot: QtBot) -> None:
    row = ReviewItemRow("actual_use", "贷款资金实际用途", None, "", [])
    qtbot.add_widget(row)
    assert "未填写" in row.body.text()  # (it was hidden from the translators in an f-string)
