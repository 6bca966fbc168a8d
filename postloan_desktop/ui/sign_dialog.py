"""Signing an inspection report: who signs in which role, the handwritten signature, the
passphrase of the signing key, and the signature made in the background.

The editor opens ``SignDialog`` for the signature the acting user is due to give
(``ReportService.next_signature``): inspector A signs first (the report is laid out and
certified; the inspection is frozen, waiting for B), inspector B next (the inspection is
submitted), and the supervisor approves and countersigns. The dialog checks nothing itself:
the service does, and its refusals come back as sentences under the passphrase — a wrong
passphrase keeps the dialog open with the signature drawn, so only the passphrase needs
typing again.

The supervisor's dialog (the review view's 审批并会签, or the editor's) also holds the risk
class: the proposed one preselected, another one only with a reason. "Remember the passphrase
for this session" (on by default) opens the key once (``ReportService.unlock``) and signs
without the passphrase; the next reports then show "signing key unlocked" and no passphrase
field, until the key locks (30 idle minutes, logout or quit). With a ``SigningSession`` the
stamp drawn last is offered again, so a pile of approvals needs one drawing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.enums import RiskClass
from postloan_desktop.domain.errors import Conflict, InvalidInput, NotAllowed
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.services.inspections import RiskDecision
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Pool, Task, run_in_background
from postloan_desktop.ui.errors import show_error
from postloan_desktop.ui.key_import import BAD, GOOD, colour, key_problem, status_text
from postloan_desktop.ui.signature_pad import SignatureBox, SignaturePad
from postloan_desktop.ui.widgets import title_label

if TYPE_CHECKING:
    from postloan_desktop.services.reports import ReportService
    from postloan_desktop.ui.context import AppContext, SigningSession
    from postloan_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

INSPECTOR_A, INSPECTOR_B, SUPERVISOR = "inspector_a", "inspector_b", "supervisor"


def role_name(role: str | None) -> str:
    from postloan_desktop.ui.verify_panel import role_name as name

    return name(role)


def sign_action_text(role: str | None) -> str:
    """The editor's button for the signature due: 签署报告, 签署(B角), 审批并会签."""
    if role == INSPECTOR_B:
        return translate("Signing", "Sign (inspector B)")
    if role == SUPERVISOR:
        return translate("Signing", "Approve and countersign")
    return translate("Signing", "Sign report")


def role_explanation(role: str | None) -> str:
    if role == INSPECTOR_A:
        return translate(
            "Signing",
            "Your signature certifies the report. Once you sign, the checklist is frozen and "
            "can no longer be changed; after inspector B signs, it goes to the supervisor.",
        )
    if role == INSPECTOR_B:
        return translate(
            "Signing",
            "Inspector A has signed. Once you sign, the inspection is submitted to the "
            "supervisor for review.",
        )
    if role == SUPERVISOR:
        return translate(
            "Signing",
            "Your countersignature approves the inspection. The report is then final and archived.",
        )
    return ""


class SignDialog(QDialog):
    """Sign the report of ``inspection_id`` as ``role``. The supervisor's countersignature
    also takes the risk decision (``proposed_risk_class`` preselected; ``loan_risk_class`` is
    the loan's class now, shown beside it) and, with ``session``, reuses the stamp drawn
    last."""

    signed = Signal(object)  # what the service returned (SignResult)
    preview_requested = Signal()
    import_key_requested = Signal()

    def __init__(
        self,
        reports: ReportService,
        *,
        inspection_id: InspectionId,
        actor_id: UserId,
        role: str,
        signer_name: str,
        title: str,
        parent: QWidget | None = None,
        pool: Pool | None = None,
        proposed_risk_class: RiskClass | None = None,
        loan_risk_class: RiskClass | None = None,
        session: SigningSession | None = None,
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self.inspection_id = inspection_id
        self.actor_id = actor_id
        self.role = role
        self._pool = pool
        self._session = session
        self.task: Task | None = None
        self.key_ready = False
        self.supervising = role == SUPERVISOR
        self.proposed = proposed_risk_class
        self.key_unlocked = False  # the supervisor's key is open for this session
        self.setWindowTitle(sign_action_text(role))

        self.heading = title_label(self, scale=1.2)
        self.heading.setText(
            labels.fmt(self.tr("%1 signs as %2"), signer_name or "?", role_name(role))
        )
        self.subject = QLabel(title, self)
        self.subject.setWordWrap(True)
        self.explanation = QLabel(role_explanation(role), self)
        self.explanation.setWordWrap(True)
        self.key_label = QLabel(self)
        self.key_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Import signing certificate…"), self)
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(lambda _checked=False: self.import_key_requested.emit())

        # The supervisor's risk decision: the proposed class confirmed, or another with a reason.
        self.decision_box = QGroupBox(self.tr("Risk classification"), self)
        self.risk_class = QComboBox(self.decision_box)
        if proposed_risk_class is None:
            self.risk_class.addItem(self.tr("Choose a class"), None)
        for risk_class in RiskClass:
            text = labels.label(risk_class)
            if risk_class == proposed_risk_class:
                text = labels.fmt(self.tr("%1 (proposed)"), text)
            self.risk_class.addItem(text, risk_class)
        if proposed_risk_class is not None:
            self.risk_class.setCurrentIndex(list(RiskClass).index(proposed_risk_class))
        self.risk_note = QLabel(self.decision_box)
        self.risk_note.setWordWrap(True)
        proposed = labels.label(proposed_risk_class) if proposed_risk_class else "—"
        self.risk_note.setText(
            labels.fmt(self.tr("Proposed by the inspectors: %1"), proposed)
            + (
                labels.fmt(self.tr(" · the loan is now %1"), labels.label(loan_risk_class))
                if loan_risk_class is not None
                else ""
            )
        )
        self.reason = QLineEdit(self.decision_box)
        self.reason.setPlaceholderText(
            self.tr("Why you classify it otherwise than proposed (required)")
        )
        self.reason.setMaxLength(500)
        self.reason_label = QLabel(self.tr("Reason:"), self.decision_box)
        self.reason_label.setBuddy(self.reason)
        class_label = QLabel(self.tr("&Class:"), self.decision_box)
        class_label.setBuddy(self.risk_class)
        decision = QFormLayout(self.decision_box)
        decision.addRow(self.risk_note)
        decision.addRow(class_label, self.risk_class)
        decision.addRow(self.reason_label, self.reason)
        self.risk_class.currentIndexChanged.connect(self._on_risk_class_changed)
        self.reason.textChanged.connect(self._update_buttons)
        self.decision_box.setVisible(self.supervising)

        self.pad_label = QLabel(self.tr("Handwritten signature:"), self)
        self.signature = SignatureBox(self)
        self.pad = self.signature.pad
        self.pad_label.setBuddy(self.pad)
        self.reuse = QCheckBox(self.tr("Use the signature I drew for the last report"), self)
        self.reuse.setToolTip(
            self.tr("The same handwritten stamp as on the report you signed last in this session")
        )
        self.reuse.toggled.connect(self._on_reuse_toggled)
        self.reuse.hide()
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("The passphrase of your signing certificate"))
        self.passphrase.returnPressed.connect(self.start_signing)
        self.remember = QCheckBox(
            self.tr("Remember the passphrase for this session (locks after 30 idle minutes)"), self
        )
        self.remember.setToolTip(
            self.tr(
                "Approve the next reports without typing the passphrase again. The key stays "
                "open in this program's memory only, until 30 minutes pass without a "
                "signature, you log out or you quit."
            )
        )
        self.remember.setChecked(True)
        self.remember.setVisible(self.supervising)
        self.unlocked_label = QLabel(
            self.tr("Signing key unlocked: no passphrase needed in this session."), self
        )
        colour(self.unlocked_label, GOOD)
        self.unlocked_label.hide()
        self.demo_hint = QLabel(self)
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.hide()
        self.passphrase_label = QLabel(self.tr("Passphrase:"), self)
        self.passphrase_label.setBuddy(self.passphrase)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        colour(self.problem, BAD)
        self.problem.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.hide()

        self.buttons = QDialogButtonBox(self)
        self.preview_button = QPushButton(self.tr("Preview report"), self)
        self.preview_button.setVisible(not self.supervising)  # beside the report already
        self.preview_button.setAutoDefault(False)
        self.preview_button.clicked.connect(lambda _checked=False: self.preview_requested.emit())
        self.sign_button = self.buttons.addButton(
            sign_action_text(role), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_button.setAutoDefault(False)
        font = self.sign_button.font()
        font.setBold(True)
        self.sign_button.setFont(font)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button.clicked.connect(lambda _checked=False: self.start_signing())
        self.cancel_button.clicked.connect(self.reject)
        self.pad.changed.connect(self._update_buttons)
        self.passphrase.textChanged.connect(self._update_buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.start_signing)

        bottom = QHBoxLayout()
        bottom.addWidget(self.preview_button)
        bottom.addWidget(self.buttons, 1)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_label, 1)
        key_row.addWidget(self.import_button)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.passphrase_label)
        passphrase_row.addWidget(self.passphrase, 1)
        pad_row = QHBoxLayout()
        pad_row.addWidget(self.pad_label)
        pad_row.addStretch(1)
        pad_row.addWidget(self.reuse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subject)
        layout.addWidget(self.explanation)
        layout.addLayout(key_row)
        layout.addWidget(self.decision_box)
        layout.addSpacing(4)
        layout.addLayout(pad_row)
        layout.addWidget(self.signature, 1)
        layout.addLayout(passphrase_row)
        layout.addWidget(self.remember)
        layout.addWidget(self.unlocked_label)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)
        self.resize(640, 640 if self.supervising else 520)
        if session is not None and session.strokes:
            self.reuse.show()
            self.reuse.setChecked(True)  # fills the pad with the last stamp
        self._on_risk_class_changed()
        self.refresh_key()
        self.pad.setFocus()

    # --- state ----------------------------------------------------------------------------------

    def refresh_key(self, *_args: object) -> None:
        """Whose key will sign, or why there is none; whether it is open for the session."""
        try:
            status = self._reports.key_status(self.actor_id)
        except Exception as exc:
            self.key_ready = False
            self.key_label.setText(key_problem(exc) or str(exc))
            colour(self.key_label, BAD)
        else:
            self.key_ready = bool(status.imported and status.trust_anchor_installed)
            if not status.trust_anchor_installed:
                text = self.tr(
                    "The head office's root certificate is not installed on this computer: "
                    "install it first (Settings → Install head-office root certificate…)."
                )
            elif not status.imported:
                text = self.tr(
                    "You have no signing certificate on this computer yet: import the .p12 "
                    "file head office gave you."
                )
            else:
                text = labels.fmt(self.tr("Signing certificate: %1"), status_text(status))
            self.key_label.setText(text)
            colour(
                self.key_label,
                self.palette().color(self.foregroundRole()) if self.key_ready else BAD,
            )
            self.import_button.setVisible(not status.imported and status.trust_anchor_installed)
        try:
            demo = self._reports.demo_passphrase()
        except Exception:
            demo = None
        if demo:
            self.demo_hint.setText(
                labels.fmt(self.tr("Demo data: every demo certificate's passphrase is %1"), demo)
            )
        self.key_unlocked = self.supervising and self._reports.is_unlocked(self.actor_id)
        self._show_passphrase(not self.key_unlocked)
        self.demo_hint.setVisible(bool(demo) and not self.key_unlocked)
        self._update_buttons()

    def _show_passphrase(self, shown: bool) -> None:
        """The passphrase row (and "remember"), or "signing key unlocked" instead."""
        for widget in (self.passphrase_label, self.passphrase):
            widget.setVisible(shown)
        self.remember.setVisible(shown and self.supervising)
        self.unlocked_label.setVisible(not shown)
        self.sign_button.setDefault(not shown)  # Enter signs when nothing is left to type

    @property
    def busy(self) -> bool:
        return self.task is not None

    def decision(self) -> RiskDecision | None:
        """The supervisor's risk decision as chosen (None: not a supervisor, or no class
        chosen yet)."""
        chosen = self.risk_class.currentData()  # the code: Qt hands a StrEnum back as str
        if not self.supervising or not chosen:
            return None
        return RiskDecision(RiskClass(chosen), self.reason.text().strip())

    def decision_problem(self) -> str:
        """Why the risk decision cannot be signed yet ('' when it can)."""
        if not self.supervising:
            return ""
        decision = self.decision()
        if decision is None:
            return self.tr("Choose the risk class first")
        if decision.risk_class != self.proposed and not decision.reason:
            return self.tr("Give the reason for changing the proposed risk class")
        return ""

    def _on_risk_class_changed(self, *_args: object) -> None:
        decision = self.decision()
        changed = decision is not None and decision.risk_class != self.proposed
        self.reason_label.setVisible(changed)
        self.reason.setVisible(changed)
        if changed and self.isVisible():
            self.reason.setFocus()
        self._update_buttons()

    def _on_reuse_toggled(self, checked: bool) -> None:
        if checked and self._session is not None and self._session.strokes:
            self.pad.set_strokes(self._session.strokes)
        elif not checked:
            self.pad.reset()
            self.pad.setFocus()

    def _update_buttons(self, *_args: object) -> None:
        busy = self.busy
        has_passphrase = self.key_unlocked or bool(self.passphrase.text())
        problem = self.decision_problem()
        self.sign_button.setEnabled(
            not busy
            and self.key_ready
            and not self.pad.is_empty()
            and has_passphrase
            and not problem
        )
        if self.pad.is_empty():
            tip = self.tr("Write your signature on the pad first")
        elif problem:
            tip = problem
        elif not has_passphrase:
            tip = self.tr("Enter your passphrase")
        else:
            tip = self.tr("Sign the report (Enter)")
        self.sign_button.setToolTip(tip)
        self.cancel_button.setEnabled(not busy)
        self.signature.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.decision_box.setEnabled(not busy)
        self.reuse.setEnabled(not busy)
        self.remember.setEnabled(not busy)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    # --- signing --------------------------------------------------------------------------------

    def start_signing(self) -> Task | None:
        """Sign in the background with the drawn signature and the passphrase (or the key
        opened for the session)."""
        if self.busy or not self.sign_button.isEnabled():
            return None
        handwriting = self.pad.png()
        reports = self._reports
        inspection, actor = self.inspection_id, self.actor_id
        unlocked = self.key_unlocked
        passphrase = None if unlocked else self.passphrase.text()
        if self.supervising:
            decision = self.decision()
            remember = self.remember.isChecked() and not unlocked

            def work(_control: Any) -> object:
                key = passphrase
                if remember and passphrase is not None:
                    reports.unlock(actor, passphrase)  # refused as signing would be
                    key = None
                return reports.countersign(
                    inspection_id=inspection,
                    actor_id=actor,
                    passphrase=key,
                    handwriting_png=handwriting,
                    decision=decision,
                )
        else:

            def work(_control: Any) -> object:
                return reports.sign(
                    inspection_id=inspection,
                    actor_id=actor,
                    passphrase=passphrase,
                    handwriting_png=handwriting,
                )

        self.show_problem("")
        self.status.setText(self.tr("Signing…"))
        self.status.show()
        self.progress.show()
        self.task = run_in_background(
            work,
            on_done=self._on_task_succeeded,
            on_error=self._on_task_failed,
            name="sign report",
            pool=self._pool,
        )
        self._update_buttons()
        return self.task

    def _end_task(self) -> None:
        self.task = None
        self.progress.hide()
        self.status.hide()
        self._update_buttons()

    def _on_task_succeeded(self, result: object) -> None:
        self._end_task()
        self.passphrase.clear()
        if self._session is not None and self.supervising:
            self._session.strokes = self.pad.strokes  # offered again for the next report
        self.signed.emit(result)
        self.accept()

    def problem_text(self, exc: BaseException) -> str | None:
        """The refusal in the user's language (None: an error to show the usual way)."""
        from postloan_desktop.services.reports import KeyLocked

        text = key_problem(exc)
        if text is not None:
            return text
        if isinstance(exc, KeyLocked):
            return self.tr(
                "The signing key locked again (30 minutes without a signature): enter the "
                "passphrase once more."
            )
        missing = getattr(exc, "missing", None)  # services.inspections.Incomplete
        if isinstance(exc, InvalidInput) and missing is not None:
            return labels.fmt(
                self.tr(
                    "%1 required item(s) are still unanswered or unconfirmed: answer them "
                    "first (F8 in the checklist goes to the next one)."
                ),
                len(missing),
            )
        if isinstance(exc, InvalidInput) and self.supervising:
            decision = self.decision()
            if decision is None:
                return self.tr("The report proposes no risk class: choose one to approve it.")
            return self.tr(
                "Approving with another risk class than the proposed one needs a reason: "
                "write it under the class."
            )
        if isinstance(exc, InvalidInput):
            return labels.fmt(self.tr("The report cannot be signed yet: %1"), str(exc))
        if isinstance(exc, NotAllowed):
            return self.tr(
                "You may not sign this report now: it may have been approved or returned "
                "meanwhile (refresh the queue), or you are not a supervisor of its branch, or "
                "you are its officer A or B."
            )
        if isinstance(exc, Conflict):
            return self.tr(
                "The inspection changed while its report was being signed: close this "
                "window, look at it again and sign again."
            )
        return None

    def _on_task_failed(self, exc: BaseException) -> None:
        from postloan_desktop.reports.keys import WrongPassphrase

        self._end_task()
        text = self.problem_text(exc)
        if text is None:
            show_error(self, exc)
            return
        log.info("not signed: %s", exc)
        self.show_problem(text)
        self.refresh_key()  # a locked key shows the passphrase field again
        if isinstance(exc, WrongPassphrase):
            self.passphrase.selectAll()
        if isinstance(exc, InvalidInput) and self.supervising and self.reason.isVisible():
            self.reason.setFocus()
        elif self.passphrase.isVisible():
            self.passphrase.setFocus()

    def reject(self) -> None:
        if self.busy:
            return  # a signature under way finishes in a moment; it cannot be half made
        super().reject()


def signer_name(staff: list[Any], user_id: UserId | None) -> str:
    return next((m.name for m in staff if m.id == user_id), "")


# --- screenshots (--view sign, --view verify) ---------------------------------------------------


def draw_demo_signature(pad: SignaturePad, seed: int = 0) -> None:
    """A handwriting-like signature drawn by the program: looping cursive strokes and an
    underline flourish (screenshots, the demo). ``seed`` varies it a little."""
    import math

    width, height = max(pad.width(), 420), max(pad.height(), 160)
    base = height * 0.66
    tall, small = height * 0.34, height * 0.17
    left = width * 0.1
    words = ((3, 0.22), (4, 0.28), (2, 0.16))
    starts = (0.0, 0.27, 0.62)
    for word, (loops, span) in enumerate(words):
        start = left + width * starts[word]
        steps = loops * 30
        points = []
        for n in range(steps + 1):
            t = n / steps
            phase = 2 * math.pi * loops * t + 0.4 * seed
            x = start + width * span * t + width * 0.036 * math.sin(phase)
            rise = tall if n < 30 else small  # a capital, then small letters
            y = (
                base
                - rise * (0.5 - 0.5 * math.cos(phase))
                - height * 0.04 * math.sin(math.pi * t)
                + 3 * math.sin(7 * t + seed)
            )
            points.append((x, y))
        pad.add_stroke(points)
    # The flourish: a long stroke under the name, rising at the end.
    flourish = []
    for n in range(61):
        t = n / 60
        x = left - width * 0.02 + width * 0.8 * t
        y = base + height * 0.1 + height * 0.05 * math.sin(math.pi * t * 1.2)
        y -= height * 0.9 * max(0.0, t - 0.85)
        flourish.append((x, y))
    pad.add_stroke(flourish)


def _wait(done: Callable[[], bool], seconds: float = 30.0) -> bool:
    import time

    from PySide6.QtCore import QEventLoop, QThread

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if done():
            return True
        QThread.msleep(10)
    return done()


def answer_required(context: AppContext, inspection_id: InspectionId, actor: UserId) -> None:
    """For screenshots: answer every required item still open (and confirm carried answers)
    with plausible values, through the service, as an officer would."""
    import datetime as dt

    from postloan_desktop.forms.schema import ItemType

    service = context.inspections
    values: dict[Any, Any] = {
        ItemType.YES_NO_NA: "yes",
        ItemType.TEXT: "经营正常，资金用途与合同约定一致。",
        ItemType.MONEY: 50_000_000,
        ItemType.NUMBER: 1,
        ItemType.PERCENT: 10,
    }
    for _ in range(10):
        report = service.report(inspection_id)
        if report.ready:
            return
        form = service.form(inspection_id)
        carried = [i.key for i in report.missing if i.key in form.carried_forward]
        if carried:
            service.confirm(inspection_id=inspection_id, keys=carried, actor_id=actor)
            continue
        for missing in report.missing:
            item = missing.item
            value = values.get(item.type)
            if item.type is ItemType.SINGLE_CHOICE and item.options:
                value = item.options[0].value
            elif item.type is ItemType.MULTIPLE_CHOICE and item.options:
                value = [item.options[0].value]
            elif item.type is ItemType.DATE:
                value = (form.suggested_next_date or dt.date.today()).isoformat()
            elif item.type is ItemType.COLLATERAL and form.context.collateral:
                value = form.context.collateral[0].id
            service.answer(
                inspection_id=inspection_id, key=missing.key, value=value, actor_id=actor
            )


def _composite(window: QWidget, dialog: QWidget) -> QImage:
    """The window dimmed, the dialog on top of it, centred (as a person sees it)."""
    from PySide6.QtGui import QColor, QPainter

    background = window.grab().toImage()
    front = dialog.grab().toImage()
    painter = QPainter(background)
    painter.fillRect(background.rect(), QColor(0, 0, 0, 90))
    x = (background.width() - front.width()) // 2
    y = max((background.height() - front.height()) // 2, 0)
    painter.fillRect(x + 6, y + 8, front.width(), front.height(), QColor(0, 0, 0, 60))
    painter.setPen(QColor("#8a8f99"))
    painter.drawImage(x, y, front)
    painter.drawRect(x - 1, y - 1, front.width() + 1, front.height() + 1)
    painter.end()
    return background


def screenshot_signing(window: MainWindow, loan_id: LoanId, path: Path, *, verify: bool) -> int:
    """``--view sign``: officer A's sign dialog with a signature drawn, over the editor of
    the loan's (completed) draft. ``--view verify``: the same inspection signed by A, B and
    a supervisor of the branch with the demo keys, its signatures checked in the editor."""
    from postloan_desktop.domain.enums import Role
    from postloan_desktop.ui.background import SynchronousPool

    context = window.context
    reports = context.reports
    if reports is None:
        log.error("no report service: cannot sign")
        return 1
    detail = context.portfolio.loan_detail(loan_id)
    staff = context.inspections.staff()
    branch = [m for m in staff if m.branch_name == detail.branch_name]
    inspectors = [m for m in branch if Role.INSPECTOR in m.roles]
    officer_a = detail.officer_a.id if detail.officer_a else None
    officer_b = detail.officer_b.id if detail.officer_b else None
    if officer_a is None or officer_b is None or officer_a == officer_b:
        officer_a, officer_b = inspectors[0].id, inspectors[1].id
    supervisor = next(
        (m.id for m in branch if Role.SUPERVISOR in m.roles and m.id not in (officer_a, officer_b)),
        None,
    )
    window.user_combo.select_user(officer_a, remember=False)
    inspection = context.inspections.draft_for_loan(loan_id)
    if inspection is None:
        inspection = window.start_inspection(loan_id, officer_a=officer_a, officer_b=officer_b)
    if inspection is None:
        return 1
    answer_required(context, inspection, officer_a)
    editor = window.editor
    editor.report_pool = SynchronousPool()
    window.open_inspection(inspection)
    target: QWidget
    if not verify:
        dialog = editor.request_sign()
        if dialog is None:
            log.error("officer A cannot sign this inspection")
            return 1
        _wait(lambda: dialog.isVisible(), 5)
        draw_demo_signature(dialog.pad)
        dialog.passphrase.setText(reports.demo_passphrase() or "passphrase")
        _wait(lambda: False, 0.3)
        target = dialog
    else:
        if supervisor is None:
            log.error("no supervisor in the branch to countersign")
            return 1
        passphrase = reports.demo_passphrase()
        if passphrase is None:
            log.error("the data folder has no demo keys: use --demo on an empty folder")
            return 1
        pad = SignaturePad()
        pad.resize(560, 200)
        for seed, who in enumerate((officer_a, officer_b, supervisor)):
            pad.reset()
            draw_demo_signature(pad, seed)
            if who == supervisor:
                reports.countersign(inspection, who, passphrase, pad.png())
            else:
                reports.sign(inspection, who, passphrase, pad.png())
        window.user_combo.select_user(supervisor, remember=False)
        window.open_inspection(inspection)
        verify_dialog = editor.verify_report()
        if verify_dialog is None:
            return 1
        _wait(lambda: verify_dialog.panel.check is not None)
        verify_dialog.resize(940, verify_dialog.sizeHint().height())
        _wait(lambda: False, 0.3)
        target = verify_dialog
    image = _composite(window, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path)):
        log.error("cannot write the screenshot to %s", path)
        return 1
    return 0
