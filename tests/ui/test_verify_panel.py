"""The verify panel: a row per signature with ✓/✗ and a verdict in words, in Chinese, for
reports signed with the reports package's own signing (three demo signers)."""

import datetime as dt
from pathlib import Path

import pytest
import signing_support as support
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from postloan_desktop.reports.keys import DemoSigners, demo_signers
from postloan_desktop.reports.signing import SIGNING_ORDER, add_signature_fields, sign_report
from postloan_desktop.reports.verify import ReportCheck, verify_report
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.verify_panel import BAD, GOOD, VerifyPanel

WHEN = {
    "inspector_a": support.NOW + dt.timedelta(minutes=5),
    "inspector_b": support.NOW + dt.timedelta(minutes=20),
    "supervisor": support.NOW + dt.timedelta(hours=3),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSigners:
    return demo_signers(tmp_path_factory.mktemp("demo"), now=lambda: support.NOW)


@pytest.fixture(scope="module")
def signed(demo: DemoSigners) -> dict[str, bytes]:
    """The report after each signature."""
    pdf = add_signature_fields(support.report_pdf(), support.BOXES)
    after = {}
    for role in SIGNING_ORDER:
        pdf = sign_report(
            pdf,
            role=role,
            signer=demo.keys[role],
            handwriting_png=support.handwriting_png(),
            when=WHEN[role],
            font=support.font(),
        )
        after[role] = pdf
    return after


def check(pdf: bytes, demo: DemoSigners) -> ReportCheck:
    return verify_report(pdf, trust=[demo.trust_anchor])


def make_panel(qtbot: QtBot) -> VerifyPanel:
    panel = VerifyPanel()
    qtbot.add_widget(panel)
    panel.resize(900, 400)
    panel.show()
    return panel


def cells(panel: VerifyPanel, row: int) -> list[str]:
    return [panel.table.item(row, c).text() for c in range(panel.table.columnCount())]


def verdict_color(panel: VerifyPanel) -> QColor:
    return panel.verdict.palette().color(panel.verdict.foregroundRole())


def test_three_valid_signatures_and_a_green_verdict(
    qtbot: QtBot, demo: DemoSigners, signed: dict[str, bytes]
) -> None:
    panel = make_panel(qtbot)
    panel.show_check(check(signed["supervisor"], demo))
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers == ["签署人", "角色", "签署时间", "完整", "可信", "签署后的改动", "允许"]
    assert panel.table.rowCount() == 3
    rows = [cells(panel, r) for r in range(3)]
    assert [r[0] for r in rows] == ["张三", "李四", "王五"]
    assert [r[1] for r in rows] == ["检查人A角", "检查人B角", "审批人"]
    local = WHEN["inspector_a"].astimezone().strftime("%Y-%m-%d %H:%M:%S")
    assert rows[0][2] == local
    assert [r[3:5] for r in rows] == [["✓", "✓"]] * 3
    assert [r[5] for r in rows] == ["填写表单（后续签名）", "填写表单（后续签名）", "无"]
    assert [r[6] for r in rows] == ["✓"] * 3
    assert panel.table.item(0, 3).foreground().color() == GOOD
    assert panel.verdict.text().startswith("✓ 有效：3 个签名")
    assert verdict_color(panel) == GOOD
    assert "张三（检查人A角）" in panel.certification.text()
    assert "仅允许填写其余签名栏" in panel.certification.text()
    assert "尚未签署" not in panel.details.text()


def test_a_report_waiting_for_the_supervisor_is_valid_so_far(
    qtbot: QtBot, demo: DemoSigners, signed: dict[str, bytes]
) -> None:
    panel = make_panel(qtbot)
    panel.show_check(check(signed["inspector_b"], demo))
    assert panel.table.rowCount() == 2
    assert verdict_color(panel) == GOOD
    assert "尚未签署：审批人" in panel.verdict.text()
    assert "尚未签署：审批人" in panel.details.text()


def test_a_changed_byte_breaks_every_signature_and_turns_the_verdict_red(
    qtbot: QtBot, demo: DemoSigners, signed: dict[str, bytes]
) -> None:
    panel = make_panel(qtbot)
    panel.show_check(check(support.flip_byte_in_first_page(signed["supervisor"]), demo))
    assert panel.table.rowCount() == 3
    assert [cells(panel, r)[3] for r in range(3)] == ["✗"] * 3
    assert panel.table.item(0, 3).foreground().color() == BAD
    assert panel.verdict.text().startswith("✗ 无效。")
    assert "签名后内容被改动" in panel.verdict.text()
    assert verdict_color(panel) == BAD
    assert "检查人A角 张三" in panel.details.text()


def test_a_foreign_ca_is_not_trusted(
    qtbot: QtBot, demo: DemoSigners, signed: dict[str, bytes], tmp_path: Path
) -> None:
    other = demo_signers(tmp_path / "other", now=lambda: support.NOW)
    panel = make_panel(qtbot)
    panel.show_check(verify_report(signed["supervisor"], trust=[other.trust_anchor]))
    rows = [cells(panel, r) for r in range(3)]
    assert [r[3] for r in rows] == ["✓"] * 3  # intact …
    assert [r[4] for r in rows] == ["✗"] * 3  # … but not from our head office
    assert "不是总行认证中心签发的" in panel.verdict.text()
    assert verdict_color(panel) == BAD


def test_a_file_that_is_no_pdf_or_carries_no_signature(qtbot: QtBot, demo: DemoSigners) -> None:
    panel = make_panel(qtbot)
    panel.show_check(check(b"not a pdf at all", demo))
    assert panel.table.rowCount() == 0
    assert "不是可读取的 PDF" in panel.verdict.text()
    assert verdict_color(panel) == BAD
    panel.show_check(check(support.report_pdf(), demo))
    assert "没有任何签名" in panel.verdict.text()
    assert panel.certification.text() == "报告未经认证签名。"


def test_file_verify_report_checks_a_pdf_chosen_on_disk(
    qtbot: QtBot,
    report_context: AppContext,
    demo: DemoSigners,
    signed: dict[str, bytes],
    tmp_path: Path,
) -> None:
    from test_main_window import make_window

    good = tmp_path / "报告.pdf"
    good.write_bytes(signed["supervisor"])
    bad = tmp_path / "changed.pdf"
    bad.write_bytes(support.flip_byte_in_first_page(signed["supervisor"]))
    window = make_window(qtbot, report_context)
    assert window.verify_action.text() == "验证报告(&V)…"

    # No head-office certificate installed: nothing to check against, and it says so.
    window.verify_action.trigger()
    assert window.file_dialog is not None and window.file_dialog.isVisible()
    window.file_dialog.fileSelected.emit(str(good))
    dialog = window.verify_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.wait_until(lambda: dialog.task is None, timeout=30_000)
    assert dialog.file_label.text() == (
        "报告.pdf\n本机尚未安装总行根证书：请先安装（设置 → 安装总行根证书…）。"
    )
    assert dialog.panel.check is None
    dialog.close()

    assert report_context.reports is not None
    report_context.reports.install_trust_anchor(demo.trust_anchor_path.read_bytes())
    window.verify_action.trigger()
    assert window.file_dialog is not None
    window.file_dialog.fileSelected.emit(str(good))
    dialog = window.verify_dialog
    assert dialog is not None
    qtbot.wait_until(lambda: dialog.panel.check is not None, timeout=30_000)
    assert dialog.file_label.text() == "报告：报告.pdf"
    assert dialog.panel.table.rowCount() == 3
    assert verdict_color(dialog.panel) == GOOD

    # Another file from the same dialog: a changed byte.
    chooser = dialog.choose_file()
    chooser.fileSelected.emit(str(bad))
    qtbot.wait_until(lambda: dialog.task is None and dialog.panel.check is not None, timeout=30_000)
    assert dialog.file_label.text() == "报告：changed.pdf"
    assert verdict_color(dialog.panel) == BAD
    assert [cells(dialog.panel, r)[3] for r in range(3)] == ["✗"] * 3

    dialog.verify_file(tmp_path / "missing.pdf")
    assert dialog.file_label.text().startswith("无法读取")
