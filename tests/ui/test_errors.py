"""Errors reach a person as one translated message with what to do next, and the log file."""

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from postloan_desktop.domain.errors import (
    ConfigurationError,
    DiskFull,
    InvalidInput,
    NotFound,
    PostloanError,
    StorageProblem,
)
from postloan_desktop.logs import setup_logging
from postloan_desktop.ui import errors


@pytest.mark.parametrize(
    ("exc", "summary"),
    [
        (DiskFull("x"), "磁盘已满。"),
        (StorageProblem("x"), "无法读写本地数据库。"),
        (NotFound("x"), "该记录已不存在。"),
        (InvalidInput("x"), "输入内容无效。"),
        (PostloanError("x"), "操作未能完成。"),
        (RuntimeError("x"), "发生了意外错误。"),
    ],
)
def test_each_kind_of_error_has_a_chinese_message_and_advice(
    exc: BaseException, summary: str
) -> None:
    text, advice = errors.describe(exc)
    assert text == summary
    assert advice and advice != text


def test_show_error_puts_the_details_behind_a_button(
    qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(errors, "can_show_dialogs", lambda: True)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    errors.show_error(None, DiskFull("ENOSPC on /home"))
    (box,) = shown
    assert box.text() == "磁盘已满。"
    assert "已保存的数据没有丢失" in box.informativeText()
    assert box.detailedText() == "ENOSPC on /home"
    assert box.windowTitle() == "贷后检查"


def test_uncaught_exceptions_are_logged_and_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(exc))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    log_file = setup_logging(tmp_path)
    errors.install_excepthook()
    try:
        raise ValueError("boom in a slot")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert [str(e) for e in shown] == ["boom in a slot"]
    text = log_file.read_text(encoding="utf-8")
    assert "uncaught exception" in text and "ValueError: boom in a slot" in text
    assert (tmp_path / "crash.log").exists()


def test_offscreen_errors_go_to_stderr_instead_of_a_dialog_that_would_wait_forever(
    qtbot: object, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("a modal box offscreen"))
    assert not errors.can_show_dialogs()
    errors.show_error(None, ConfigurationError("postloan.toml: rules.first_inspection_days"))
    err = capsys.readouterr().err
    assert "设置文件无效。" in err and "first_inspection_days" in err
