"""Sync as the user sees it: the login dialog, the status bar's figures, sync by hand with its
progress window and Cancel, the quiet sync's back-off, the conflicts dialog, and the login
screenshot. Network behaviour is tested against a real head-office server (tests/liveserver.py,
on SQLite here: the server's database is not what these tests are about), a closed port and a
captive-portal-like web server."""

from __future__ import annotations

import datetime as dt
import http.server
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from liveserver import PASSWORD, LiveServer
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import delete
from sync_support import Branch, Laptop
from test_app import run_app

from headoffice.models import Token
from postloan_desktop.domain.ids import UserId
from postloan_desktop.services.bootstrap import Services
from postloan_desktop.services.sync import ConflictView, LoggedIn, SyncStatus
from postloan_desktop.sync.client import SyncClient
from postloan_desktop.sync.errors import SyncProblem
from postloan_desktop.ui.app import build_context, needs_login
from postloan_desktop.ui.context import AppContext, EventBus
from postloan_desktop.ui.main_window import MainWindow
from postloan_desktop.ui.sync_conflicts import DIFFERENT, ConflictsDialog
from postloan_desktop.ui.sync_login import LoginDialog
from postloan_desktop.ui.sync_schedule import AutoSyncSchedule, backoff_delays
from postloan_desktop.ui.sync_status import SyncStatusBar, differences_text, figures_text
from postloan_desktop.ui.sync_texts import problem_text

SQLITE_ONLY = pytest.mark.parametrize("server_database_url", ["sqlite"], indirect=True)
WAIT = 60_000  # ms: a login (Argon2) or a sync against the live server


def app_context(services: Services) -> AppContext:
    """The context app.build_context makes, on services a test already holds."""
    return AppContext(
        data_dir=services.data_dir,
        portfolio=services.portfolio,
        inspections=services.inspections,
        events=EventBus(),
        collateral=services.collateral,
        photos=services.photos,
        reports=services.reports,
        sync=services.sync,
    )


def log_in(laptop: Laptop, username: str) -> LoggedIn:
    return laptop.services.sync.login(username, PASSWORD, server_url=laptop.server.url)


def window_for(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.add_widget(window)
    window.refresh()
    window.refresh_sync_status()
    window.show()
    return window


def click_login(qtbot: QtBot, dialog: LoginDialog) -> None:
    assert dialog.login_button.isEnabled()
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.busy and not dialog.password.isEnabled()  # fields locked meanwhile
    qtbot.wait_until(lambda: not dialog.busy, timeout=WAIT)


def sync_by_hand(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.sync_bar
    assert bar is not None
    with qtbot.wait_signal(window.sync_runner.synced, timeout=WAIT):
        qtbot.mouseClick(bar.sync_button, Qt.MouseButton.LeftButton)
        dialog = window.sync_runner.dialog
        assert dialog is not None and dialog.isVisible()


@pytest.fixture
def captive_portal() -> Iterator[str]:
    """A web server answering every request with a 200 HTML login page, as a hotel's Wi-Fi
    does before you accept its terms."""

    class Portal(http.server.BaseHTTPRequestHandler):
        def _page(self) -> None:
            body = b"<html><body>Welcome! Accept the terms to use the Wi-Fi.</body></html>"
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._page()

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            self.rfile.read(length)
            self._page()

        def log_message(self, *_args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- login ---------------------------------------------------------------------------------------


@SQLITE_ONLY
def test_first_login_enrols_the_laptop_and_acts_as_the_account(
    qtbot: QtBot,
    office: tuple[LiveServer, Branch],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    server, setup = office
    context = build_context(tmp_path / "laptop", today=dt.date(2026, 11, 28))
    assert context.sync is not None and not context.sync.enrolled()
    assert needs_login(context, demo=False) and not needs_login(context, demo=True)
    dialog = LoginDialog(context.sync)
    qtbot.add_widget(dialog)
    dialog.show()
    # a new laptop: the address can be typed, and standalone work is offered
    assert not dialog.server.isReadOnly()
    assert dialog.standalone_button.isVisible() and dialog.standalone_button.text() == "单机模式"
    assert not dialog.login_button.isEnabled()
    qtbot.keyClicks(dialog.server, server.url + "/")
    qtbot.keyClicks(dialog.username, setup.a.username)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.wait_signal(dialog.logged_in, timeout=WAIT):
        click_login(qtbot, dialog)
    login = dialog.login
    assert login is not None and login.online and login.username == setup.a.username
    assert dialog.password.text() == ""  # not kept in the widget
    assert context.sync.enrolled() and context.sync.server_url() == server.url
    assert needs_login(context, demo=True)  # an enrolled laptop always logs in
    assert "logging in as a0102" in caplog.text and PASSWORD not in caplog.text

    context.set_login(login)
    window = window_for(qtbot, context)
    assert context.user_id == setup.a.id
    combo = window.user_combo
    assert combo.locked and not combo.isEnabled() and combo.count() == 1
    assert not combo.isVisible() and window.user_label.isVisible()
    assert window.user_label.text() == "张三"  # the account's name until the first sync
    assert window.acting_label.text() == "登录用户："
    bar = window.sync_bar
    assert bar is not None and bar.isVisible()
    assert "从未同步" in bar.figures.text() and not bar.mode.isVisible()

    # the first sync brings the staff: the combo names the account as the other views do
    sync_by_hand(qtbot, window)
    assert "张三" in window.user_label.text() and "江汉支行0102" in window.user_label.text()
    assert combo.count() == 1 and context.user_id == setup.a.id


def new_laptop_login(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> tuple[AppContext, LoginDialog]:
    """The login dialog of a new laptop, head office's address and officer A's name typed."""
    server, setup = office
    context = build_context(tmp_path / "laptop")
    assert context.sync is not None
    dialog = LoginDialog(context.sync)
    qtbot.add_widget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.server, server.url)
    qtbot.keyClicks(dialog.username, setup.a.username)
    return context, dialog


@SQLITE_ONLY
def test_a_wrong_password_says_so_and_keeps_the_dialog_open(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> None:
    context, dialog = new_laptop_login(qtbot, office, tmp_path)
    qtbot.keyClicks(dialog.password, "not the password")
    click_login(qtbot, dialog)
    assert dialog.login is None and dialog.isVisible()
    assert dialog.problem.isVisible() and "用户名或密码不对" in dialog.problem.text()
    assert dialog.password.hasSelectedText()  # typed again over the selection
    assert not context.sync.enrolled()


@SQLITE_ONLY
def test_repeated_wrong_passwords_say_the_account_is_locked_and_for_how_long(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> None:
    context, dialog = new_laptop_login(qtbot, office, tmp_path)
    for _ in range(5):
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, "not the password")
        click_login(qtbot, dialog)
    assert "锁定" in dialog.problem.text() and "15 分钟" in dialog.problem.text()
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, PASSWORD)  # the right one waits too
    click_login(qtbot, dialog)
    assert dialog.login is None and "锁定" in dialog.problem.text()
    assert not context.sync.enrolled()


@SQLITE_ONLY
def test_unreachable_head_office_lets_the_last_online_login_in_offline(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> None:
    server, setup = office
    laptop = Laptop(tmp_path / "laptop", server)
    log_in(laptop, setup.a.username)  # online once: the verifier is kept
    laptop.sync()
    server.stop()  # its port is closed now
    context = app_context(laptop.services)
    assert context.sync is not None

    dialog = LoginDialog(context.sync)
    qtbot.add_widget(dialog)
    dialog.show()
    # enrolled: the address is shown but fixed, and standalone work is no longer offered
    assert dialog.server.isReadOnly() and dialog.server.text() == server.url
    assert not dialog.standalone_button.isVisible()
    dialog.username.setText(setup.a.username)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.wait_signal(dialog.logged_in, timeout=WAIT):
        click_login(qtbot, dialog)
    login = dialog.login
    assert login is not None and not login.online and login.user_id == setup.a.id

    context.set_login(login)
    window = window_for(qtbot, context)
    bar = window.sync_bar
    assert bar is not None
    assert bar.mode.isVisible() and bar.mode.text() == "离线登录"
    assert window.acting_label.text() == "登录用户："
    assert context.user_id == setup.a.id and not window.user_combo.isVisible()

    # Offline, but the kept online login is A's own and still valid: A may sync as it is.
    assert window.sync_runner.online()
    # Once that login has run out, an online login is asked for first, and a head office
    # still out of reach keeps the dialog open with the sentence saying so.
    laptop.services.sync._set(**{"sync.token_expires": "2000-01-01T00:00:00+00:00"})
    assert not window.sync_runner.online()
    window.sync_now()
    relogin = window.sync_runner.login_dialog
    assert relogin is not None and relogin.isVisible()
    assert relogin.username.text() == setup.a.username and relogin.username.isReadOnly()
    qtbot.keyClicks(relogin.password, PASSWORD)
    click_login(qtbot, relogin)
    assert relogin.isVisible() and "连接不上总行服务器" in relogin.problem.text()
    assert context.login is login

    # Another officer who never logged in online here cannot log in offline.
    other = LoginDialog(context.sync)
    qtbot.add_widget(other)
    other.username.setText(setup.b.username)
    other.password.setText(PASSWORD)
    click_login(qtbot, other)
    assert other.login is None
    assert "从未在这台电脑上在线登录过" in other.problem.text()


def test_a_captive_portal_is_named_and_does_not_log_in(
    qtbot: QtBot, captive_portal: str, tmp_path: Path
) -> None:
    context = build_context(tmp_path / "laptop")
    assert context.sync is not None
    dialog = LoginDialog(context.sync)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.server.setText(captive_portal)
    dialog.username.setText("a0102")
    dialog.password.setText(PASSWORD)
    click_login(qtbot, dialog)
    assert dialog.login is None and dialog.isVisible()
    text = dialog.problem.text()
    assert "Wi-Fi" in text and "浏览器" in text
    assert not context.sync.enrolled()


def test_a_closed_port_on_a_new_laptop_says_check_the_address(qtbot: QtBot, tmp_path: Path) -> None:
    from liveserver import free_port

    context = build_context(tmp_path / "laptop")
    assert context.sync is not None
    dialog = LoginDialog(context.sync)
    qtbot.add_widget(dialog)
    dialog.server.setText(f"http://127.0.0.1:{free_port()}")
    dialog.username.setText("a0102")
    dialog.password.setText(PASSWORD)
    click_login(qtbot, dialog)
    assert dialog.login is None
    assert "连接不上总行服务器" in dialog.problem.text() and "单机模式" in dialog.problem.text()


def test_an_address_without_a_scheme_is_explained(qtbot: QtBot, tmp_path: Path) -> None:
    context = build_context(tmp_path / "laptop")
    assert context.sync is not None
    dialog = LoginDialog(context.sync)
    qtbot.add_widget(dialog)
    dialog.server.setText("headoffice.example.cn")
    dialog.username.setText("a0102")
    dialog.password.setText(PASSWORD)
    assert dialog.start_login() is None
    assert "http://" in dialog.problem.text() and not dialog.busy


def test_standalone_is_offered_only_before_enrolment(qtbot: QtBot, tmp_path: Path) -> None:
    context = build_context(tmp_path / "laptop")
    assert context.sync is not None
    dialog = LoginDialog(context.sync)
    qtbot.add_widget(dialog)
    dialog.show()
    with qtbot.wait_signal(dialog.standalone_chosen):
        qtbot.mouseClick(dialog.standalone_button, Qt.MouseButton.LeftButton)
    assert dialog.standalone and dialog.login is None and not dialog.isVisible()
    # standalone: the combo chooses anyone, and the status bar says 单机模式
    window = window_for(qtbot, context)
    assert window.user_combo.isVisible() and window.user_combo.isEnabled()
    assert window.acting_label.text() == "当前用户：" and not window.user_label.isVisible()
    bar = window.sync_bar
    assert bar is not None and bar.figures.text() == "单机模式"
    assert not bar.sync_button.isVisible()


def test_a_demo_folder_cannot_be_enrolled(qtbot: QtBot, tmp_path: Path) -> None:
    context = build_context(tmp_path / "demo", demo=True, today=dt.date(2026, 11, 28))
    assert context.sync is not None
    dialog = LoginDialog(context.sync, demo_data=True)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.server.setText("http://127.0.0.1:9")
    dialog.username.setText("a0102")
    dialog.password.setText(PASSWORD)
    assert dialog.demo_note.isVisible() and not dialog.login_button.isEnabled()
    assert dialog.standalone_button.isEnabled()


# --- sync by hand -------------------------------------------------------------------------------


@SQLITE_ONLY
def test_sync_button_shows_progress_and_the_figures_follow(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> None:
    server, setup = office
    laptop = Laptop(tmp_path / "laptop", server)
    login = log_in(laptop, setup.a.username)
    laptop.sync()
    context = app_context(laptop.services)
    context.set_login(login)
    window = window_for(qtbot, context)
    bar = window.sync_bar
    assert bar is not None and "已全部上传" in bar.figures.text()

    # Work done here: the figures count it after the edit's event.
    inspection = context.inspections.start(loan_id=setup.loan, actor_id=UserId(setup.a.id))
    context.events.data_changed.emit({"inspections"})
    status = bar.status
    assert status is not None and status.pending_changes > 0
    assert f"待上传 {status.pending_changes} 项" in bar.figures.text()

    phases: list[str] = []
    window.sync_runner.activity.connect(phases.append)
    sync_by_hand(qtbot, window)
    assert any("推送修改" in p for p in phases), phases
    assert window.sync_runner.dialog is None  # closed when done
    status = bar.status
    assert status is not None and status.pending_changes == 0 and status.last_sync_at is not None
    assert "已全部上传" in bar.figures.text()
    assert f"上次同步 {status.last_sync_at.astimezone():%H:%M}" in bar.figures.text()
    assert bar.note.isVisible() and bar.note.text().startswith("已同步：发送 ")
    assert server.record("inspection", inspection) is not None
    # the same from the menu's shortcut
    assert window.sync_action.shortcut().toString() == "Ctrl+Shift+S"


class SlowUploads(httpx.HTTPTransport):
    """A real transport that takes its time over each uploaded chunk (a slow line)."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            time.sleep(0.4)
        return super().handle_request(request)


@SQLITE_ONLY
def test_cancel_mid_upload_then_the_next_sync_completes(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> None:
    server, setup = office
    laptop = Laptop(tmp_path / "laptop", server)
    login = log_in(laptop, setup.a.username)
    laptop.sync()
    laptop.fill_inspection(setup.loan, setup.a, photos=2)
    sync = laptop.services.sync
    sync.client_factory = lambda url, token: SyncClient(url, token=token, transport=SlowUploads())
    context = app_context(laptop.services)
    context.set_login(login)
    window = window_for(qtbot, context)
    bar = window.sync_bar
    assert bar is not None and bar.status is not None and bar.status.pending_bytes > 0
    assert " MB" in bar.figures.text() or " KB" in bar.figures.text()

    runner = window.sync_runner
    task = runner.sync_now()
    dialog = runner.dialog
    assert task is not None and dialog is not None
    assert runner.sync_now(quiet=True) is task and runner.tick() is None  # one at a time
    qtbot.wait_until(lambda: dialog.phase.text() == "上传照片", timeout=WAIT)
    assert bar.activity.text().startswith("正在同步… 上传照片 ")
    assert "/" in dialog.amount.text()  # bytes sent of bytes to send
    with qtbot.wait_signal(task.finished, timeout=WAIT):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert runner.task is None and runner.dialog is None
    assert bar.note.text() == "同步已取消" and "下次同步从这次停下的地方继续" in bar.note.toolTip()
    left = sync.status()
    assert left.pending_bytes > 0 and left.pending_changes == 0  # the records went first

    sync.client_factory = lambda url, token: SyncClient(url, token=token)
    sync_by_hand(qtbot, window)
    done = sync.status()
    assert done.pending_bytes == 0 and done.pending_changes == 0
    assert not done.differences
    assert not bar.warning.isVisible()


@SQLITE_ONLY
def test_an_expired_login_asks_for_the_password_then_syncs(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> None:
    server, setup = office
    laptop = Laptop(tmp_path / "laptop", server)
    login = log_in(laptop, setup.a.username)
    laptop.sync()
    with server.session() as session:
        session.execute(delete(Token))  # head office ended every login
    context = app_context(laptop.services)
    context.set_login(login)
    window = window_for(qtbot, context)
    runner = window.sync_runner
    task = window.sync_runner.sync_now()
    assert task is not None
    qtbot.wait_signal(task.finished, timeout=WAIT).wait()
    relogin = runner.login_dialog
    assert relogin is not None and relogin.isVisible()
    assert "登录已过期" in relogin.intro.text()
    qtbot.keyClicks(relogin.password, PASSWORD)
    with qtbot.wait_signal(runner.synced, timeout=WAIT):
        click_login(qtbot, relogin)
    assert context.login is not None and context.login.online
    assert runner.login_dialog is None


@SQLITE_ONLY
def test_a_quiet_sync_backs_off_without_a_dialog_while_head_office_is_away(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> None:
    server, setup = office
    laptop = Laptop(tmp_path / "laptop", server)
    login = log_in(laptop, setup.a.username)
    laptop.sync()
    context = app_context(laptop.services)
    context.set_login(login)
    window = window_for(qtbot, context)
    runner = window.sync_runner
    now = [1000.0]
    runner._clock = lambda: now[0]
    server.stop()
    context.inspections.start(loan_id=setup.loan, actor_id=UserId(setup.a.id))

    task = runner.tick()  # something to send: a quiet sync starts
    assert task is not None and runner.dialog is None
    bar = window.sync_bar
    assert bar is not None and bar.activity.text().startswith("正在同步")
    qtbot.wait_signal(task.finished, timeout=WAIT).wait()
    assert runner.dialog is None and runner.login_dialog is None
    assert bar.note.text() == "未同步：30 秒后自动重试"
    assert "连接不上总行服务器" in bar.note.toolTip()
    assert runner.tick() is None  # backing off
    now[0] += 31
    server.start()
    task = runner.tick()
    assert task is not None
    qtbot.wait_signal(task.finished, timeout=WAIT).wait()
    assert runner.schedule.failures == 0 and bar.note.text().startswith("已同步")
    assert laptop.services.sync.status().pending_changes == 0


# --- conflicts ----------------------------------------------------------------------------------


@SQLITE_ONLY
def test_conflicts_dialog_shows_both_sides_and_resolves(
    qtbot: QtBot, office: tuple[LiveServer, Branch], tmp_path: Path
) -> None:
    server, setup = office
    field_a = Laptop(tmp_path / "a", server)
    log_in(field_a, setup.a.username)
    field_a.sync()
    inspection = field_a.fill_inspection(setup.loan, setup.a, photos=0)
    field_a.sync()
    field_b = Laptop(tmp_path / "b", server)
    login_b = log_in(field_b, setup.b.username)
    field_b.sync()
    key = sorted(field_a.services.inspections.form(inspection).answers)[0]
    field_a.services.inspections.note(
        inspection_id=inspection, key=key, text="A：复核后无异常", actor_id=UserId(setup.a.id)
    )
    field_b.services.inspections.note(
        inspection_id=inspection, key=key, text="B：经营场所已搬迁", actor_id=UserId(setup.b.id)
    )
    field_a.sync()
    assert field_b.sync().conflicts == 1

    context = app_context(field_b.services)
    context.set_login(login_b)
    window = window_for(qtbot, context)
    bar = window.sync_bar
    assert bar is not None
    assert bar.conflicts_button.isVisible() and bar.conflicts_button.text() == "冲突 1"
    qtbot.mouseClick(bar.conflicts_button, Qt.MouseButton.LeftButton)
    dialog = window.conflicts_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.count() == 1
    title = dialog.list.item(0).text()
    assert title.startswith("答案 · 合同 DK-") and "项目「" in title
    table = dialog.table
    header = [table.horizontalHeaderItem(c).text() for c in range(3)]
    assert header[1] == "本机" and header[2].startswith("总行（第 ")
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    note_row = rows["备注 (note)"]
    assert note_row < rows["检查项 (item_key)"]  # what differs comes first
    by = rows["回答人 (answered_by)"]
    assert (table.item(by, 1).text(), table.item(by, 2).text()) == ("李四", "张三")
    assert not dialog.reason.isVisible()  # a conflict's kind says it all
    assert table.item(note_row, 1).text() == "B：经营场所已搬迁"
    assert table.item(note_row, 2).text() == "A：复核后无异常"
    assert table.item(note_row, 1).background().color() == DIFFERENT
    same = rows["检查项 (item_key)"]
    assert table.item(same, 1).background().color() != DIFFERENT
    assert dialog.keep_mine.isEnabled() and dialog.take_theirs.isEnabled()
    assert "本机上次接收这条记录之后" in dialog.kind.text()

    qtbot.mouseClick(dialog.take_theirs, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 0 and dialog.empty.isVisible()
    assert not bar.conflicts_button.isVisible()
    form = field_b.services.inspections.form(inspection)
    assert form.notes[key] == "A：复核后无异常"
    assert field_b.services.sync.conflicts() == []
    # both versions stay on record: nothing disappeared
    assert field_b.services.sync.status().open_conflicts == 0


class StubSync:
    """Just enough of SyncService for the dialog: one refusal, and what was resolved."""

    def __init__(self, conflict: ConflictView) -> None:
        self.open = [conflict]
        self.resolved: list[tuple[uuid.UUID, str]] = []

    def conflicts(self) -> list[ConflictView]:
        return list(self.open)

    def resolve(self, conflict_id: uuid.UUID, *, keep: str) -> None:
        self.resolved.append((conflict_id, keep))
        self.open = [c for c in self.open if c.id != conflict_id]


def test_a_refused_change_can_only_take_head_offices_version(
    qtbot: QtBot, context: AppContext
) -> None:
    refusal = ConflictView(
        id=uuid.uuid4(),
        entity="inspection",
        record_id=uuid.uuid4(),
        kind="rejected",
        code="role",
        detail="this needs the supervisor role in the loan's branch",
        local={"status": "approved", "revision": 2, "loan_id": None, "version": 3},
        server={"status": "submitted", "revision": 2, "loan_id": None, "version": 3},
        server_version=3,
        detected_at=dt.datetime.now(dt.UTC),
    )
    stub = StubSync(refusal)
    context.sync = stub  # type: ignore[assignment]
    dialog = ConflictsDialog(context)
    qtbot.add_widget(dialog)
    dialog.show()
    assert (
        dialog.list.item(0).text().endswith("第 2 版")
        and "检查 · 合同" in dialog.list.item(0).text()
    )
    assert dialog.kind.text() == "总行拒绝了这项修改。"
    assert "角色不允许" in dialog.reason.text() and "supervisor role" in dialog.server_detail.text()
    assert not dialog.keep_mine.isEnabled() and dialog.take_theirs.isEnabled()
    assert "只能采用总行版本" in dialog.explanation.text()
    with qtbot.wait_signal(dialog.resolved):
        qtbot.mouseClick(dialog.take_theirs, Qt.MouseButton.LeftButton)
    assert stub.resolved == [(refusal.id, "theirs")]
    assert dialog.list.count() == 0 and dialog.empty.isVisible()


# --- the status bar's texts ----------------------------------------------------------------------


def status(**changes: Any) -> SyncStatus:
    values: dict[str, Any] = {
        "enrolled": True,
        "server_url": "https://ho.example.cn",
        "last_sync_at": None,
        "pending_changes": 0,
        "pending_bytes": 0,
        "open_conflicts": 0,
        "missing_files": 0,
        "login_expires_at": None,
        "differences": [],
    }
    values.update(changes)
    return SyncStatus(**values)


def test_figures_say_what_waits_and_when_it_last_went() -> None:
    today = dt.date(2026, 11, 28)
    at = dt.datetime(2026, 11, 28, 14, 5).astimezone()
    assert figures_text(status(), today) == "从未同步 · 已全部上传"
    text = figures_text(
        status(last_sync_at=at, pending_changes=12, pending_bytes=int(36.4 * 1024 * 1024)), today
    )
    assert text == "上次同步 14:05 · 待上传 12 项 / 36.4 MB"
    assert figures_text(status(enrolled=False), today) == "单机模式"
    assert "待下载 3 个文件" in figures_text(status(missing_files=3), today)


def test_a_difference_after_sync_shows_a_warning_that_nothing_was_overwritten(
    qtbot: QtBot,
) -> None:
    bar = SyncStatusBar()
    qtbot.add_widget(bar)
    bar.show()
    found = status(
        open_conflicts=1,
        differences=[{"entity": "photo", "local_count": 3, "server_count": 4}],
    )
    bar.show_status(found, login=None)
    assert bar.warning.isVisible()
    tip = bar.warning.toolTip()
    assert "没有被覆盖" in tip and "照片：本机 3 条，总行 4 条" in tip
    assert tip == differences_text(found)
    same = status(differences=[{"entity": "answer", "local_count": 30, "server_count": 30}])
    assert "答案：两边都是 30 条，但版本不一致" in differences_text(same)
    assert bar.conflicts_button.text() == "冲突 1"
    bar.show_status(status(), login=None)
    assert not bar.warning.isVisible() and not bar.conflicts_button.isVisible()


def test_every_problem_code_has_its_own_sentence() -> None:
    codes = (
        "unreachable",
        "not_our_server",
        "login_required",
        "login_refused",
        "login_locked",
        "refused",
        "server_error",
        "cancelled",
        "hash_mismatch",
        "other_server",
        "not_enrolled",
    )
    texts = {problem_text(SyncProblem(code, "detail")) for code in codes}
    assert len(texts) == len(codes)
    assert all("detail" not in t or "（detail）" in t for t in texts)
    assert "另一个总行" in problem_text(SyncProblem("other_server", ""), during="login")
    assert "离线" in problem_text(SyncProblem("unreachable", ""))


# --- the automatic sync's schedule (no Qt, no timers) --------------------------------------------


def test_backoff_doubles_from_30_seconds_to_15_minutes() -> None:
    assert backoff_delays() == [30, 60, 120, 240, 480, 900]
    schedule = AutoSyncSchedule()
    waits = [schedule.failed(0.0, "unreachable") for _ in range(8)]
    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]


def test_success_resets_the_backoff() -> None:
    schedule = AutoSyncSchedule()
    schedule.failed(0.0, "unreachable")
    schedule.failed(0.0, "not_our_server")
    assert schedule.failures == 2
    schedule.succeeded(100.0)
    assert schedule.failures == 0
    assert schedule.failed(200.0, "unreachable") == 30


def test_no_attempt_before_the_backoff_ends() -> None:
    schedule = AutoSyncSchedule()
    assert schedule.due(0.0, pending=1, last_sync_age=None)
    schedule.started(0.0)
    assert schedule.failed(0.0, "unreachable") == 30
    assert not schedule.due(29.0, pending=5, last_sync_age=None)
    assert schedule.due(30.0, pending=5, last_sync_age=None)


def test_the_retry_after_a_backoff_is_not_held_back_by_the_gap_between_syncs() -> None:
    schedule = AutoSyncSchedule()
    schedule.started(0.0)
    schedule.failed(0.0, "unreachable")
    assert schedule.due(31.0, pending=1, last_sync_age=60)


def test_a_quiet_sync_is_due_for_pending_work_or_an_old_last_sync() -> None:
    schedule = AutoSyncSchedule()
    assert not schedule.due(0.0, pending=0, last_sync_age=60)  # nothing to do
    assert schedule.due(0.0, pending=0, last_sync_age=15 * 60)  # 15 minutes old
    assert schedule.due(0.0, pending=3, last_sync_age=60)
    schedule.started(0.0)
    schedule.succeeded(10.0)
    assert not schedule.due(60.0, pending=3, last_sync_age=50)  # not again so soon
    assert schedule.due(130.0, pending=3, last_sync_age=120)


def test_failures_no_retry_can_mend_wait_for_a_person() -> None:
    schedule = AutoSyncSchedule()
    assert schedule.failed(0.0, "login_required") is None
    assert not schedule.due(10_000.0, pending=5, last_sync_age=None)
    schedule.resume()
    assert schedule.due(10_000.0, pending=5, last_sync_age=None)
    assert schedule.failed(0.0, "cancelled") == 0 and schedule.failures == 0


# --- the screenshot ---------------------------------------------------------------------------


def test_screenshot_of_the_login_dialog(tmp_path: Path) -> None:
    shot = tmp_path / "login.png"
    result = run_app(
        "--data-dir", str(tmp_path / "data"), "--screenshot", str(shot), "--view", "login"
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert image.width() >= 500 and image.height() >= 200
