"""Signing in the UI, on the real services and real keys from a head-office CA made for the
test: the key import dialog (right and wrong passphrase, a foreign CA, an expired
certificate, no root certificate), then inspector A signs in the editor (a wrong passphrase
first: the dialog stays open and nothing changes), the editor turns read-only, B signs, the
supervisor approves and countersigns, and the verify panel finds three valid signatures.
Also: A withdraws a half-signed report and gets a new draft revision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from test_inspection_editor import answer_all_required
from test_main_window import make_window

from headoffice.ca import CertificateAuthority, init_ca, issue_user
from postloan_desktop.domain.enums import InspectionStatus, Role
from postloan_desktop.domain.ids import InspectionId, UserId
from postloan_desktop.services.reports import ReportService
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.inspection_editor import InspectionEditor
from postloan_desktop.ui.key_import import KeyImportDialog, install_trust_anchor
from postloan_desktop.ui.main_window import MainWindow
from postloan_desktop.ui.sign_dialog import SignDialog
from postloan_desktop.ui.signature_pad import SignaturePad

PASSPHRASE = "correct horse 1234"
CA_PASSPHRASE = "head office ca 5678"


@dataclass
class People:
    inspection: InspectionId
    officer_a: UserId
    officer_b: UserId
    supervisor: UserId
    names: dict[UserId, str]
    branch: str


@dataclass
class HeadOffice:
    ca: CertificateAuthority
    folder: Path

    def issue(self, user: UserId, name: str, role: Role, **kwargs: object) -> Path:
        """The user's .p12 file, as head office hands it out."""
        issued = issue_user(
            self.ca,
            user_id=str(user),
            name=name,
            role=role.value,
            branch="江汉支行",
            passphrase=PASSPHRASE,
            **kwargs,  # type: ignore[arg-type]
        )
        path = self.folder / f"{name}-{user}.p12"
        path.write_bytes(issued.pkcs12)
        return path


def make_ca(folder: Path, **kwargs: object) -> HeadOffice:
    ca = init_ca(folder, bank="测试农村商业银行", passphrase=CA_PASSPHRASE, **kwargs)  # type: ignore[arg-type]
    return HeadOffice(ca, folder)


@pytest.fixture
def head_office(tmp_path: Path) -> HeadOffice:
    return make_ca(tmp_path / "ca")


@pytest.fixture
def people(report_context: AppContext, photo_draft: tuple[InspectionId, UserId]) -> People:
    """The draft, its officers A and B (two inspectors of the branch) and a supervisor of
    the branch who is neither."""
    inspection, officer_a = photo_draft
    context = report_context
    form = context.inspections.form(inspection)
    staff = context.inspections.staff()
    me = next(m for m in staff if m.id == officer_a)
    branch = [m for m in staff if m.branch_name == me.branch_name]
    officer_b = form.officer_b_id
    assert officer_b is not None and officer_b != officer_a
    supervisor = next(
        m.id for m in branch if Role.SUPERVISOR in m.roles and m.id not in (officer_a, officer_b)
    )
    return People(
        inspection,
        officer_a,
        officer_b,
        supervisor,
        {m.id: m.name for m in staff},
        me.branch_name,
    )


@pytest.fixture
def keys(report_context: AppContext, people: People, head_office: HeadOffice) -> HeadOffice:
    """The root certificate installed and a key imported for A, B and the supervisor."""
    reports = report_context.reports
    assert reports is not None
    reports.install_trust_anchor(head_office.ca.certificate_path.read_bytes())
    for user, role in (
        (people.officer_a, Role.INSPECTOR),
        (people.officer_b, Role.INSPECTOR),
        (people.supervisor, Role.SUPERVISOR),
    ):
        p12 = head_office.issue(user, people.names[user], role)
        reports.import_key(user, p12.read_bytes(), PASSPHRASE)
    return head_office


def services(context: AppContext) -> ReportService:
    assert context.reports is not None
    return context.reports


def draw(qtbot: QtBot, pad: SignaturePad) -> None:
    left = Qt.MouseButton.LeftButton
    points = [(60 + 14 * n, 110 + (25 if n % 2 else -25)) for n in range(18)]
    qtbot.mousePress(pad, left, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, left, pos=QPoint(*points[-1]))


def open_sign_dialog(qtbot: QtBot, editor: InspectionEditor) -> SignDialog:
    """Ctrl+Enter in the editor, as the user would after the last answer."""
    window = editor.window()
    window.activateWindow()  # shortcuts work in the active window only
    qtbot.wait_until(window.isActiveWindow)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = editor.sign_dialog
    assert dialog is not None
    qtbot.wait_until(dialog.isVisible)
    return dialog


def sign(qtbot: QtBot, dialog: SignDialog, passphrase: str) -> None:
    """Write the signature if the pad is empty, type the passphrase, press Enter and wait."""
    if dialog.pad.is_empty():
        draw(qtbot, dialog.pad)
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    assert dialog.sign_button.isEnabled()
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.busy and not dialog.sign_button.isEnabled() and dialog.progress.isVisible()
    qtbot.wait_until(lambda: not dialog.busy, timeout=60_000)


def act_as(qtbot: QtBot, window: MainWindow, user: UserId) -> InspectionEditor:
    window.user_combo.select_user(user, remember=False)
    qtbot.wait_until(lambda: window.context.user_id == user)
    return window.editor


# --- key import --------------------------------------------------------------------------------


def import_dialog(qtbot: QtBot, context: AppContext, user: UserId) -> KeyImportDialog:
    dialog = KeyImportDialog(services(context), user)
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


def try_import(qtbot: QtBot, dialog: KeyImportDialog, path: Path, passphrase: str) -> None:
    dialog.path.setText(str(path))
    dialog.passphrase.setText(passphrase)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: dialog.task is None, timeout=30_000)


def test_the_key_import_dialog_says_why_a_key_is_refused_and_whose_key_it_took(
    qtbot: QtBot, report_context: AppContext, people: People, head_office: HeadOffice
) -> None:
    user, name = people.officer_a, people.names[people.officer_a]
    p12 = head_office.issue(user, name, Role.INSPECTOR)
    dialog = import_dialog(qtbot, report_context, user)
    assert dialog.windowTitle() == "导入签名证书"
    assert dialog.passphrase.echoMode() is dialog.passphrase.EchoMode.Password
    assert dialog.current.text() == "尚未导入签名证书。"
    assert dialog.anchor_note.isVisible() and dialog.anchor_button.text() == "安装总行根证书…"

    try_import(qtbot, dialog, p12, PASSPHRASE)  # no root certificate yet
    assert "尚未安装总行根证书" in dialog.result_label.text()
    assert install_trust_anchor(services(report_context), dialog, head_office.ca.certificate_path)
    dialog.refresh()
    assert not dialog.anchor_note.isVisible()

    try_import(qtbot, dialog, p12, "wrong passphrase")
    assert dialog.result_label.text().startswith("口令不正确")
    assert not services(report_context).key_status(user).imported
    assert dialog.passphrase.hasFocus() and dialog.passphrase.selectedText() == "wrong passphrase"

    other = make_ca(head_office.folder.parent / "other")
    try_import(qtbot, dialog, other.issue(user, name, Role.INSPECTOR), PASSPHRASE)
    assert "不是总行认证中心签发的" in dialog.result_label.text()

    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    old = make_ca(head_office.folder.parent / "old", now=long_ago)
    services(report_context).install_trust_anchor(old.ca.certificate_path.read_bytes())
    expired = old.issue(user, name, Role.INSPECTOR, days=30, now=long_ago)
    try_import(qtbot, dialog, expired, PASSPHRASE)
    end = (long_ago - dt.timedelta(hours=1) + dt.timedelta(days=30)).astimezone()
    assert f"该证书已于 {end:%Y-%m-%d} 过期" in dialog.result_label.text()
    services(report_context).install_trust_anchor(head_office.ca.certificate_path.read_bytes())

    someone_else = head_office.issue(
        people.officer_b, people.names[people.officer_b], Role.INSPECTOR
    )
    try_import(qtbot, dialog, someone_else, PASSPHRASE)
    assert "属于其他人" in dialog.result_label.text()

    try_import(qtbot, dialog, p12.with_name("missing.p12"), PASSPHRASE)
    assert dialog.result_label.text().startswith("无法读取")
    try_import(qtbot, dialog, head_office.ca.certificate_path, PASSPHRASE)
    assert dialog.result_label.text().startswith("这不是签名密钥文件")
    assert not services(report_context).key_status(user).imported

    with qtbot.wait_signal(dialog.imported):
        try_import(qtbot, dialog, p12, PASSPHRASE)
    status = services(report_context).key_status(user)
    assert status.imported and status.subject == name and status.not_after is not None
    day = status.not_after.astimezone().strftime("%Y-%m-%d")
    assert (
        dialog.result_label.text() == f"已导入：{name} 的证书，有效期至 {day}。现在可以签署报告。"
    )
    assert dialog.current.text() == f"{name}，有效期至 {day}"
    assert dialog.passphrase.text() == ""  # not kept in the dialog either


def test_settings_menu_opens_the_key_import_for_the_acting_user(
    qtbot: QtBot, report_context: AppContext, people: People
) -> None:
    window = make_window(qtbot, report_context)
    act_as(qtbot, window, people.officer_a)
    assert window.import_key_action.text() == "导入签名证书…"
    assert window.trust_anchor_action.text() == "安装总行根证书…"
    window.import_key_action.trigger()
    dialog = window.key_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    window.trust_anchor_action.trigger()
    assert window.file_dialog is not None and window.file_dialog.isVisible()
    window.file_dialog.close()
    window.verify_action.trigger()
    assert window.file_dialog is not None and "PDF" in window.file_dialog.nameFilters()[0]
    window.file_dialog.close()


# --- signing -----------------------------------------------------------------------------------


def test_a_signs_b_signs_the_supervisor_countersigns_and_three_signatures_verify(
    qtbot: QtBot, report_context: AppContext, people: People, keys: HeadOffice
) -> None:
    context, reports = report_context, services(report_context)
    answer_all_required(context.inspections, people.inspection, people.officer_a)
    window = make_window(qtbot, context)
    editor = act_as(qtbot, window, people.officer_a)
    window.open_inspection(people.inspection)
    panel = editor.panel
    assert not panel.submit_button.isVisible()  # signing is how an inspection is submitted
    assert panel.sign_button.text() == "签署报告" and panel.sign_button.isEnabled()
    assert panel.state.text() == "必填项均已填写，可以签署。"
    assert not panel.verify_button.isVisible() and not panel.signatures.isVisible()

    # Inspector A: a wrong passphrase first. The dialog stays, nothing is lost or changed.
    dialog = open_sign_dialog(qtbot, editor)
    name_a = people.names[people.officer_a]
    assert dialog.heading.text() == f"{name_a} 以检查人A角身份签署"
    assert dialog.sign_button.text() == "签署报告"
    assert dialog.key_label.text().startswith(f"签名证书：{name_a}，有效期至 ")
    assert not dialog.sign_button.isEnabled()  # nothing written yet
    sign(qtbot, dialog, "not my passphrase")
    assert dialog.isVisible() and editor.sign_dialog is dialog
    assert dialog.problem.text().startswith("口令不正确")
    assert not dialog.pad.is_empty()  # the signature is still there
    assert dialog.passphrase.hasFocus()
    assert context.inspections.form(people.inspection).status is InspectionStatus.DRAFT
    assert reports.signatures(people.inspection) == []
    assert reports.report_pdf(people.inspection) is None

    with qtbot.wait_signal(dialog.signed, timeout=60_000):
        sign(qtbot, dialog, PASSPHRASE)
    qtbot.wait_until(lambda: editor.sign_dialog is None)
    # The field the keyboard was in is read-only now: the keyboard stays in the editor,
    # where Ctrl+Enter works for the next signature.
    qtbot.wait_until(lambda: editor.isAncestorOf(editor.window().focusWidget()))
    form = editor.form
    assert form is not None and form.status is InspectionStatus.SIGNING and not form.editable
    assert "待B角签署（只读）" in editor.subtitle.text()
    assert all(not row.input.isEnabled() for row in editor.rows.values())
    assert editor.saved_label.text().startswith("已以检查人A角身份签署")
    assert f"✓ 检查人A角  {name_a}" in panel.signatures.text()
    assert "检查人B角" in panel.signatures.text() and "（待签）" in panel.signatures.text()
    assert panel.state.text().startswith("A角已签署，待B角")
    assert not panel.sign_button.isVisible()  # A has nothing more to sign
    assert editor.withdraw_button.isVisible()  # but may take it back
    assert panel.verify_button.isVisible()

    # Inspector B.
    editor = act_as(qtbot, window, people.officer_b)
    qtbot.wait_until(lambda: editor.panel.sign_button.text() == "签署(B角)")
    assert panel.sign_button.isEnabled() and not editor.withdraw_button.isVisible()
    dialog = open_sign_dialog(qtbot, editor)
    assert dialog.heading.text() == f"{people.names[people.officer_b]} 以检查人B角身份签署"
    with qtbot.wait_signal(dialog.signed, timeout=60_000):
        sign(qtbot, dialog, PASSPHRASE)
    qtbot.wait_until(
        lambda: editor.form is not None and editor.form.status is InspectionStatus.SUBMITTED
    )
    assert panel.state.text() == "A、B角均已签署，待信贷主管审批。"

    # The supervisor approves and countersigns.
    editor = act_as(qtbot, window, people.supervisor)
    qtbot.wait_until(lambda: editor.panel.sign_button.text() == "审批并会签")
    dialog = open_sign_dialog(qtbot, editor)
    assert dialog.heading.text() == f"{people.names[people.supervisor]} 以审批人身份签署"
    with qtbot.wait_signal(dialog.signed, timeout=60_000):
        sign(qtbot, dialog, PASSPHRASE)
    qtbot.wait_until(
        lambda: editor.form is not None and editor.form.status is InspectionStatus.APPROVED
    )
    assert panel.state.text() == "已审批并会签，报告已定稿。"
    assert panel.signatures.text().count("✓") == 3 and "待签" not in panel.signatures.text()

    # The signature check, in the editor.
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    verify = editor.verify_dialog
    assert verify is not None
    qtbot.wait_until(lambda: verify.panel.check is not None, timeout=60_000)
    table = verify.panel.table
    assert table.rowCount() == 3
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(3)]
    assert [r[0] for r in rows] == [
        people.names[people.officer_a],
        people.names[people.officer_b],
        people.names[people.supervisor],
    ]
    assert [r[1] for r in rows] == ["检查人A角", "检查人B角", "审批人"]
    assert all(r[3] == r[4] == r[6] == "✓" for r in rows)
    assert verify.panel.verdict.text().startswith("✓ 有效：3 个签名")
    verify.close()

    # Preview now shows the signed report itself.
    previewer = editor.previewer
    assert previewer is not None
    previewer.in_app = False
    with qtbot.wait_signal(previewer.shown, timeout=60_000) as shown:
        qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    assert shown.args[0].read_bytes() == reports.report_pdf(people.inspection)


def test_a_withdraws_before_b_signs_and_gets_a_new_draft(
    qtbot: QtBot, report_context: AppContext, people: People, keys: HeadOffice
) -> None:
    context = report_context
    answer_all_required(context.inspections, people.inspection, people.officer_a)
    window = make_window(qtbot, context)
    editor = act_as(qtbot, window, people.officer_a)
    window.open_inspection(people.inspection)
    dialog = open_sign_dialog(qtbot, editor)
    with qtbot.wait_signal(dialog.signed, timeout=60_000):
        sign(qtbot, dialog, PASSPHRASE)
    qtbot.wait_until(lambda: editor.withdraw_button.isVisible())
    assert editor.withdraw_button.text() == "撤回签署"
    qtbot.mouseClick(editor.withdraw_button, Qt.MouseButton.LeftButton)
    box = editor.confirm_box
    assert box is not None and box.isVisible()
    yes = box.button(QMessageBox.StandardButton.Yes)
    assert yes is not None and yes.text() == "撤回"
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    form = editor.form
    assert form is not None and form.id != people.inspection
    assert form.status is InspectionStatus.DRAFT and form.editable and form.revision == 2
    assert editor.saved_label.text() == "已撤回：第 2 版重新成为草稿"
    assert editor.panel.sign_button.text() == "签署报告"
    assert not editor.withdraw_button.isVisible() and not editor.panel.signatures.isVisible()


def test_without_a_key_the_sign_dialog_says_what_to_do(
    qtbot: QtBot, report_context: AppContext, people: People, head_office: HeadOffice
) -> None:
    context = report_context
    answer_all_required(context.inspections, people.inspection, people.officer_a)
    window = make_window(qtbot, context)
    editor = act_as(qtbot, window, people.officer_a)
    window.open_inspection(people.inspection)
    dialog = open_sign_dialog(qtbot, editor)
    assert "尚未安装总行根证书" in dialog.key_label.text()
    services(context).install_trust_anchor(head_office.ca.certificate_path.read_bytes())
    dialog.refresh_key()
    assert "还没有您的签名证书" in dialog.key_label.text()
    assert dialog.import_button.isVisible()
    draw(qtbot, dialog.pad)
    dialog.passphrase.setText(PASSPHRASE)
    assert not dialog.sign_button.isEnabled()  # no key: nothing to sign with

    # Import from the sign dialog; it can sign at once.
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    importer = editor.key_dialog
    assert importer is not None
    p12 = head_office.issue(people.officer_a, people.names[people.officer_a], Role.INSPECTOR)
    with qtbot.wait_signal(importer.imported, timeout=30_000):
        try_import(qtbot, importer, p12, PASSPHRASE)
    assert dialog.key_ready and dialog.sign_button.isEnabled()
    importer.close()
    dialog.reject()


def test_an_incomplete_inspection_cannot_be_signed_yet(
    qtbot: QtBot, report_context: AppContext, people: People, keys: HeadOffice
) -> None:
    window = make_window(qtbot, report_context)
    editor = act_as(qtbot, window, people.officer_a)
    window.open_inspection(people.inspection)
    assert editor.panel.sign_button.isVisible() and not editor.panel.sign_button.isEnabled()
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.sign_dialog is None
    # The service refuses it too, and the dialog would say so in words.
    dialog = SignDialog(
        services(report_context),
        inspection_id=people.inspection,
        actor_id=people.officer_a,
        role="inspector_a",
        signer_name="x",
        title="x",
    )
    qtbot.add_widget(dialog)
    dialog.show()
    draw(qtbot, dialog.pad)
    sign(qtbot, dialog, PASSPHRASE)
    assert dialog.isVisible()
    assert "项必填项未填写或未确认" in dialog.problem.text()
    form = report_context.inspections.form(people.inspection)
    assert form.status is InspectionStatus.DRAFT and form.editable


def test_handwriting_from_the_pad_is_what_the_report_carries(
    qtbot: QtBot, report_context: AppContext, people: People, keys: HeadOffice, tmp_path: Path
) -> None:
    """The PNG the pad gives is the stamp's image: in the signed report at its pixel size,
    with its transparency (a soft mask)."""
    import io
    import subprocess

    from PIL import Image

    context = report_context
    answer_all_required(context.inspections, people.inspection, people.officer_a)
    pad = SignaturePad()
    qtbot.add_widget(pad)
    pad.resize(560, 200)
    pad.show()
    draw(qtbot, pad)
    png = pad.png()
    width, height = Image.open(io.BytesIO(png)).size
    result = services(context).sign(people.inspection, people.officer_a, PASSPHRASE, png)
    assert result.status is InspectionStatus.SIGNING
    pdf = services(context).report_pdf(people.inspection)
    assert pdf is not None
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    sizes = {(int(line.split()[3]), int(line.split()[4]), line.split()[2]) for line in listing}
    assert (width, height, "image") in sizes and (width, height, "smask") in sizes
