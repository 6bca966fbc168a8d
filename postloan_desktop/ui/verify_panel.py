"""Checking the signatures of a report: one row per signature and a verdict in words.

``VerifyPanel`` shows a ``reports.verify.ReportCheck``: for each signature who signed, in
which role, when, whether it is intact, trusted (chains to the head-office CA), what changed
in the file after it and whether that was allowed; the fields still unsigned; and the verdict
— green when every signature holds, red with the first reason when one does not.

``VerifyDialog`` checks a PDF in the background (``ReportService.verify_pdf``) and shows the
panel: File → 验证报告… for any PDF on disk (``choose_and_verify``), and the editor's
签名验证 for the inspection's own signed report.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Pool, Task, run_in_background
from postloan_desktop.ui.errors import describe, show_error

if TYPE_CHECKING:
    from postloan_desktop.reports.verify import ReportCheck, SignatureCheck
    from postloan_desktop.services.reports import ReportService

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

GOOD = QColor("#1e8449")
BAD = QColor("#c0392b")
LAST_FOLDER_KEY = "verify/last_folder"
COLUMNS = 7  # signer, role, time, intact, trusted, changes after, allowed


def role_name(role: str | None) -> str:
    """检查人A角 / 检查人B角 / 审批人 for a signature field's role."""
    names = {
        "inspector_a": translate("Signatures", "Inspector A"),
        "inspector_b": translate("Signatures", "Inspector B"),
        "supervisor": translate("Signatures", "Supervisor"),
    }
    return names.get(role or "", role or translate("Signatures", "(other field)"))


def change_name(code: str) -> str:
    names = {
        "none": translate("Signatures", "None"),
        "form_filling": translate("Signatures", "Form filling (later signatures)"),
        "annotations": translate("Signatures", "Annotations"),
        "other": translate("Signatures", "Other changes"),
    }
    return names.get(code, code)


def permission_name(code: str) -> str:
    names = {
        "no_changes": translate("Signatures", "no changes"),
        "fill_forms": translate("Signatures", "filling the remaining signature fields only"),
        "annotate": translate("Signatures", "form filling and annotations"),
    }
    return names.get(code, code)


def local_time(moment: dt.datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else "—"


def signature_problems(signature: SignatureCheck) -> list[str]:
    """What is wrong with a signature, in the user's language."""
    from postloan_desktop.reports.verify import TRUST_PROBLEMS

    out = []
    if not signature.intact:
        broken = next((p for p in signature.problems if "cannot be checked" in p), None)
        out.append(
            translate("Signatures", "The signature cannot be checked: it is damaged.")
            if broken
            else translate(
                "Signatures",
                "The signed content was changed after signing, or the signature is broken.",
            )
        )
    elif not signature.trusted:
        reasons = {
            TRUST_PROBLEMS["NO_CERTIFICATE_CHAIN_FOUND"]: translate(
                "Signatures", "The certificate was not issued by the head-office CA."
            ),
            TRUST_PROBLEMS["CERTIFICATE_CHAIN_GENERAL_FAILURE"]: translate(
                "Signatures", "The certificate was not issued by the head-office CA."
            ),
            TRUST_PROBLEMS["EXPIRED"]: translate(
                "Signatures", "The certificate was not valid at the signing time."
            ),
            TRUST_PROBLEMS["NOT_YET_VALID"]: translate(
                "Signatures", "The certificate was not yet valid at the signing time."
            ),
            TRUST_PROBLEMS["SIG_CONSTRAINTS_FAILURE"]: translate(
                "Signatures", "The certificate may not sign documents."
            ),
            TRUST_PROBLEMS["REVOKED"]: translate("Signatures", "The certificate is revoked."),
        }
        reason = next(
            (
                text
                for problem in signature.problems
                for english, text in reasons.items()
                if problem.endswith(english)
            ),
            translate("Signatures", "The certificate does not chain to the head-office CA."),
        )
        out.append(reason)
    if not signature.changes_allowed:
        out.append(
            labels.fmt(
                translate("Signatures", "Changed after this signature in a way not allowed: %1."),
                change_name(signature.changes_after.value),
            )
        )
    return out


def file_problems(check: ReportCheck) -> list[str]:
    """What is wrong with the file as a whole, in the user's language."""
    out = []
    for problem in check.problems:
        if problem.startswith("not a readable PDF"):
            out.append(translate("Signatures", "The file is not a readable PDF."))
        elif problem == "the report carries no signature":
            out.append(translate("Signatures", "The file carries no signature."))
        elif "bytes were added after the last signature" in problem:
            out.append(
                translate(
                    "Signatures",
                    "Data was appended after the last signature: the file is not the one "
                    "that was signed.",
                )
            )
        else:
            out.append(problem)
    return out


def verdict(check: ReportCheck) -> tuple[bool, str]:
    """(valid, the verdict in words)."""
    count = len(check.signatures)
    if check.ok:
        text = labels.fmt(
            translate(
                "Signatures",
                "Valid: %1 signature(s), each intact and trusted, with nothing but allowed "
                "changes after it.",
            ),
            count,
        )
        pending = [role_name(f) for f in check.unsigned_fields]
        if pending:
            text += " " + labels.fmt(
                translate("Signatures", "Not signed yet: %1."), "、".join(pending)
            )
        return True, text
    reasons = file_problems(check)
    for signature in check.signatures:
        for problem in signature_problems(signature):
            reasons.append(f"{role_name(signature.role)} {signature.signer}：{problem}")
    text = translate("Signatures", "NOT valid.")
    if reasons:
        text += " " + reasons[0]
    return False, text


def _mark(ok: bool) -> QTableWidgetItem:
    item = QTableWidgetItem("✓" if ok else "✗")
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    item.setForeground(QBrush(GOOD if ok else BAD))
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    item.setToolTip(translate("Signatures", "Yes") if ok else translate("Signatures", "No"))
    return item


class VerifyPanel(QWidget):
    """A report's signatures and the verdict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check: ReportCheck | None = None
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setMargin(8)
        self.verdict.setAutoFillBackground(True)
        font = self.verdict.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.verdict.setFont(font)
        self.certification = QLabel(self)
        self.certification.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Signer"),
                self.tr("Role"),
                self.tr("Signed at"),
                self.tr("Intact"),
                self.tr("Trusted"),
                self.tr("Changes after"),
                self.tr("Allowed"),
            ]
        )
        for column, tip in (
            (2, self.tr("As stated by the signer's computer (local time)")),
            (3, self.tr("The signed content is exactly as it was signed")),
            (4, self.tr("The certificate was issued by the head-office CA and may sign")),
            (5, self.tr("What was changed in the file after this signature")),
        ):
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.verdict)
        layout.addWidget(self.certification)
        layout.addWidget(self.table)
        layout.addWidget(self.details)
        layout.addStretch(1)

    def clear(self) -> None:
        self.check = None
        self.table.setRowCount(0)
        self.verdict.setText("")
        self.certification.setText("")
        self.details.setText("")

    def show_check(self, check: ReportCheck) -> None:
        self.check = check
        ok, text = verdict(check)
        self.verdict.setText(("✓ " if ok else "✗ ") + text)
        palette = self.verdict.palette()
        palette.setColor(self.verdict.backgroundRole(), QColor("#e8f6ee" if ok else "#fdecea"))
        palette.setColor(self.verdict.foregroundRole(), GOOD if ok else BAD)
        self.verdict.setPalette(palette)

        if check.certification:
            certifier = next((s for s in check.signatures if s.certifies), None)
            self.certification.setText(
                labels.fmt(
                    self.tr("Certified by %1 (%2); changes allowed after it: %3."),
                    certifier.signer if certifier else "?",
                    role_name(certifier.role) if certifier else "?",
                    permission_name(check.certification),
                )
            )
        else:
            self.certification.setText(self.tr("The report is not certified."))

        self.table.setRowCount(len(check.signatures))
        for row, signature in enumerate(check.signatures):
            problems = signature_problems(signature)
            cells = [
                QTableWidgetItem(signature.signer),
                QTableWidgetItem(role_name(signature.role)),
                QTableWidgetItem(local_time(signature.signed_at)),
                _mark(signature.intact),
                _mark(signature.trusted),
                QTableWidgetItem(change_name(signature.changes_after.value)),
                _mark(signature.changes_allowed),
            ]
            cells[0].setToolTip(signature.signer_subject)
            if problems:
                cells[0].setForeground(QBrush(BAD))
            for column, cell in enumerate(cells):
                if problems and not cell.toolTip():
                    cell.setToolTip("\n".join(problems))
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.setCurrentCell(-1, -1)

        lines = []
        pending = [role_name(f) for f in check.unsigned_fields]
        if pending:
            lines.append(html.escape(labels.fmt(self.tr("Not signed yet: %1"), "、".join(pending))))
        for problem in file_problems(check):
            lines.append(f'<span style="color:{BAD.name()};">{html.escape(problem)}</span>')
        for signature in check.signatures:
            for problem in signature_problems(signature):
                lines.append(
                    f'<span style="color:{BAD.name()};">'
                    f"{html.escape(role_name(signature.role))} {html.escape(signature.signer)}："
                    f"{html.escape(problem)}</span>"
                )
        lines.append(
            html.escape(
                self.tr(
                    "Trust is checked at each signature's stated time against the head-office "
                    "CA installed on this computer; revocation is not checked offline."
                )
            )
        )
        self.details.setText("<br>".join(lines))


class VerifyDialog(QDialog):
    """Checks a report in the background, then shows its signatures."""

    checked = Signal(object)  # the ReportCheck

    def __init__(
        self,
        reports: ReportService,
        parent: QWidget | None = None,
        *,
        pool: Pool | None = None,
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._pool = pool
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Verify report signatures"))
        self.file_label = QLabel(self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.file_label.font()
        font.setBold(True)
        self.file_label.setFont(font)
        self.file_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.panel = VerifyPanel(self)
        self.open_button = QPushButton(self.tr("Open another report…"), self)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(lambda _checked=False: self.choose_file())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.file_dialog: QFileDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.buttons)
        self.resize(920, 380)

    def verify(self, pdf: bytes | Callable[[], bytes], name: str) -> Task:
        """Check ``pdf`` (called ``name`` on screen) in the background; ``pdf`` may be a
        function that gets the bytes (in the worker thread)."""
        if self.task is not None:
            self.task.cancel()
        self.panel.clear()
        self.file_label.setText(labels.fmt(self.tr("Checking %1…"), name))
        self.progress.show()
        reports = self._reports

        def work(_control: object) -> object:
            data = pdf() if callable(pdf) else pdf
            return reports.verify_pdf(data)

        task = run_in_background(
            work,
            on_done=lambda check: self._on_task_succeeded(task, name, check),
            on_error=lambda exc: self._on_task_failed(task, name, exc),
            name="verify report",
            pool=self._pool,
        )
        self.task = task
        return task

    def verify_file(self, path: Path) -> Task | None:
        try:
            pdf = path.read_bytes()
        except OSError as exc:
            self.file_label.setText(
                labels.fmt(self.tr("Cannot read %1: %2"), str(path), exc.strerror or str(exc))
            )
            return None
        return self.verify(pdf, path.name)

    def _on_task_succeeded(self, task: Task, name: str, check: Any) -> None:
        if task is not self.task:
            return  # a later check replaced this one
        self.task = None
        self.progress.hide()
        self.file_label.setText(labels.fmt(self.tr("Report: %1"), name))
        self.panel.show_check(check)
        self.checked.emit(check)

    def _on_task_failed(self, task: Task, name: str, exc: BaseException) -> None:
        if task is not self.task:
            return
        self.task = None
        self.progress.hide()
        from postloan_desktop.ui.key_import import key_problem

        text = key_problem(exc)  # no head-office certificate installed, …
        if text is not None:
            self.file_label.setText(f"{name}\n{text}")
            return
        summary, advice = describe(exc)
        self.file_label.setText(f"{name}\n{summary} {advice}")
        show_error(self, exc)

    def choose_file(self) -> QFileDialog:
        """Ask for another PDF, then check it."""
        dialog = choose_report_file(self, self.verify_file)
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        return dialog

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None
        super().done(result)


def choose_report_file(parent: QWidget, chosen: Callable[[Path], object]) -> QFileDialog:
    """Ask for a PDF report (not modal); ``chosen(path)`` once one is chosen."""
    dialog = QFileDialog(parent, translate("VerifyDialog", "Verify a report"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(
        [
            translate("VerifyDialog", "PDF reports (*.pdf *.PDF)"),
            translate("VerifyDialog", "All files (*)"),
        ]
    )
    last = QSettings().value(LAST_FOLDER_KEY)
    if isinstance(last, str) and Path(last).is_dir():
        dialog.setDirectory(last)

    def on_file_selected(file: str) -> None:
        path = Path(file)
        QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))
        chosen(path)

    dialog.fileSelected.connect(on_file_selected)
    dialog.open()
    return dialog


def open_verify_dialog(
    reports: ReportService,
    parent: QWidget,
    *,
    pdf: bytes | Callable[[], bytes] | None = None,
    path: Path | None = None,
    name: str = "",
    pool: Pool | None = None,
) -> VerifyDialog:
    """A verify dialog, shown, checking ``pdf`` (called ``name``) or the file at ``path``."""
    dialog = VerifyDialog(reports, parent, pool=pool)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    if pdf is not None:
        dialog.verify(pdf, name)
    elif path is not None:
        dialog.verify_file(path)
    return dialog
