"""The signing key of the acting user, and the head office's root certificate.

Settings → 导入签名证书… (``KeyImportDialog``): the PKCS#12 file head office issued
(.p12/.pfx) and its passphrase; the key is checked (the passphrase opens it, the certificate
is from the head-office CA, valid now, allowed to sign) and kept in the data folder,
encrypted under the same passphrase, which is never stored. On success the dialog says whose
certificate it is and until when it is valid.

Settings → 安装总行根证书… (``choose_trust_anchor``): the head-office CA certificate
(.pem/.crt/.cer), without which no key can be imported and no report verified.

``key_problem(exc)`` words every key and certificate error for people (wrong passphrase, not
from head office, expired with its dates, …); the sign dialog uses it too.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.ids import UserId
from postloan_desktop.ui import labels
from postloan_desktop.ui.background import Pool, Task, run_in_background
from postloan_desktop.ui.errors import describe, show_error

if TYPE_CHECKING:
    from postloan_desktop.services.reports import ReportService

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

LAST_FOLDER_KEY = "keys/last_folder"
GOOD = QColor("#1e8449")
BAD = QColor("#c0392b")


def _day(moment: dt.datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d") if moment else "?"


def key_problem(exc: BaseException) -> str | None:
    """One or two sentences on a key or certificate error, in the user's language (None for
    any other error)."""
    from postloan_desktop.reports.keys import (
        CertificateRefused,
        KeyNotImported,
        NotAKeyFile,
        TrustAnchorMissing,
        WrongPassphrase,
    )

    if isinstance(exc, WrongPassphrase):
        return translate(
            "Keys",
            "The passphrase is not right: it does not open the key. Check Caps Lock and the "
            "input method, then try again.",
        )
    from postloan_desktop.services.signing_dto import KeyOfAnotherUser

    if isinstance(exc, KeyOfAnotherUser):
        return translate(
            "Keys",
            "This key file belongs to someone else: import your own .p12 file, as the user "
            "chosen in the status bar.",
        )
    if isinstance(exc, NotAKeyFile):
        return translate(
            "Keys",
            "This is not a signing key file (.p12 or .pfx from head office), or it holds no "
            "key and certificate.",
        )
    if isinstance(exc, TrustAnchorMissing):
        return translate(
            "Keys",
            "The head office's root certificate is not installed on this computer: install it "
            "first (Settings → Install head-office root certificate…).",
        )
    if isinstance(exc, KeyNotImported):
        return translate(
            "Keys",
            "You have no signing key on this computer: import the .p12 file head office gave "
            "you (Settings → Import signing certificate…).",
        )
    if isinstance(exc, CertificateRefused):
        start, end = _day(exc.not_before), _day(exc.not_after)
        texts = {
            "not_from_headoffice": translate(
                "Keys",
                "The certificate was not issued by the head office's certificate authority: "
                "it cannot sign reports. Ask head office for your key.",
            ),
            "expired": labels.fmt(
                translate(
                    "Keys",
                    "The certificate expired on %1 (it was valid from %2 to %1). Ask head "
                    "office for a new one.",
                ),
                end,
                start,
            ),
            "not_yet_valid": labels.fmt(
                translate(
                    "Keys",
                    "The certificate is valid only from %1 (until %2). Check this computer's "
                    "date and time.",
                ),
                start,
                end,
            ),
            "key_usage": translate(
                "Keys",
                "The certificate may not sign documents. Ask head office for a signing "
                "certificate.",
            ),
            "ca_expired": labels.fmt(
                translate(
                    "Keys",
                    "The head office's root certificate is valid only from %1 to %2. Install "
                    "the current one from head office.",
                ),
                start,
                end,
            ),
            "not_a_signer": translate(
                "Keys",
                "This is a certificate authority's certificate, not a person's signing "
                "certificate.",
            ),
        }
        return texts.get(exc.reason, str(exc))
    return None


def problem_text(exc: BaseException) -> str:
    """``key_problem`` or, for any other error, what ``describe`` says."""
    text = key_problem(exc)
    if text is not None:
        return text
    summary, advice = describe(exc)
    return f"{summary} {advice}"


def status_text(status: Any) -> str:
    """Whose key is here and until when, from a ``KeyStatus``."""
    if not status.imported:
        return translate("Keys", "No signing certificate imported yet.")
    text = labels.fmt(
        translate("Keys", "%1, valid until %2"), status.subject or "?", _day(status.not_after)
    )
    if status.not_after is not None and status.not_after < dt.datetime.now(dt.UTC):
        text += translate("Keys", " — expired")
    return text


def colour(label: QLabel, color: QColor) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, color)
    label.setPalette(palette)


class KeyImportDialog(QDialog):
    """Import the acting user's PKCS#12 file."""

    imported = Signal(object)  # the KeyStatus after the import

    def __init__(
        self,
        reports: ReportService,
        user_id: UserId,
        parent: QWidget | None = None,
        *,
        pool: Pool | None = None,
        install_anchor: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._user_id = user_id
        self._pool = pool
        self.task: Task | None = None
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle(self.tr("Import signing certificate"))

        self.intro = QLabel(
            self.tr(
                "Choose the key file head office issued to you (.p12 or .pfx) and enter its "
                "passphrase. The key stays encrypted under your passphrase; the passphrase is "
                "not stored."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        self.anchor_note = QLabel(self)
        self.anchor_note.setWordWrap(True)
        colour(self.anchor_note, BAD)
        self.anchor_button = QPushButton(self.tr("Install head-office root certificate…"), self)
        self.anchor_button.setAutoDefault(False)
        if install_anchor is not None:
            self.anchor_button.clicked.connect(lambda _checked=False: install_anchor())
        else:
            self.anchor_button.clicked.connect(
                lambda _checked=False: choose_trust_anchor(
                    self._reports, self, on_installed=self.refresh
                )
            )
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(self.tr("Key file (.p12, .pfx)"))
        self.path.textChanged.connect(self._update_buttons)
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(lambda _checked=False: self.choose_file())
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("The passphrase of the key file"))
        self.passphrase.textChanged.connect(self._update_buttons)
        self.passphrase.returnPressed.connect(self.start_import)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.import_button.clicked.connect(lambda _checked=False: self.start_import())
        self.close_button.clicked.connect(self.reject)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse_button)
        anchor_row = QHBoxLayout()
        anchor_row.addWidget(self.anchor_note, 1)
        anchor_row.addWidget(self.anchor_button)
        form = QFormLayout()
        form.addRow(self.tr("Current certificate:"), self.current)
        form.addRow(self.tr("Key file:"), file_row)
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(anchor_row)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())
        self.refresh()

    def refresh(self, *_args: object) -> None:
        """Show the current key and whether the root certificate is installed."""
        try:
            status = self._reports.key_status(self._user_id)
        except Exception as exc:
            self.current.setText(problem_text(exc))
            return
        self.current.setText(status_text(status))
        missing = not status.trust_anchor_installed
        self.anchor_note.setText(
            self.tr(
                "The head office's root certificate is not installed yet: install it before "
                "importing a key."
            )
            if missing
            else ""
        )
        self.anchor_note.setVisible(missing)
        self.anchor_button.setVisible(missing)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        busy = self.task is not None
        self.import_button.setEnabled(
            not busy and bool(self.path.text().strip()) and bool(self.passphrase.text())
        )
        for widget in (self.path, self.browse_button, self.passphrase):
            widget.setEnabled(not busy)

    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Choose your key file"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("Key files (*.p12 *.pfx *.P12 *.PFX)"), self.tr("All files (*)")]
        )
        last = QSettings().value(LAST_FOLDER_KEY)
        if isinstance(last, str) and Path(last).is_dir():
            dialog.setDirectory(last)

        def chosen(file: str) -> None:
            QSettings().setValue(LAST_FOLDER_KEY, str(Path(file).parent))
            self.path.setText(file)
            self.passphrase.setFocus()

        dialog.fileSelected.connect(chosen)
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def show_problem(self, text: str) -> None:
        self.result_label.setText(text)
        colour(self.result_label, BAD)
        self.result_label.show()

    def start_import(self) -> Task | None:
        if self.task is not None or not self.import_button.isEnabled():
            return None
        path = Path(self.path.text().strip())
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_problem(
                labels.fmt(self.tr("Cannot read %1: %2"), str(path), exc.strerror or str(exc))
            )
            return None
        passphrase = self.passphrase.text()
        reports, user = self._reports, self._user_id
        self.result_label.hide()
        self.progress.show()
        task = run_in_background(
            lambda _control: reports.import_key(user, data, passphrase),
            on_done=self._on_task_succeeded,
            on_error=self._on_task_failed,
            name="import key",
            pool=self._pool,
        )
        self.task = task
        self._update_buttons()
        return task

    def _end_task(self) -> None:
        self.task = None
        self.progress.hide()
        self._update_buttons()

    def _on_task_succeeded(self, status: Any) -> None:
        self._end_task()
        self.passphrase.clear()
        self.refresh()
        self.result_label.setText(
            labels.fmt(
                self.tr("Imported: the certificate of %1, valid until %2. You can sign reports."),
                status.subject or "?",
                _day(status.not_after),
            )
        )
        colour(self.result_label, GOOD)
        self.result_label.show()
        self.imported.emit(status)

    def _on_task_failed(self, exc: BaseException) -> None:
        self._end_task()
        text = key_problem(exc)
        if text is None:
            show_error(self, exc)
            return
        log.info("key not imported: %s", exc)
        self.show_problem(text)
        self.refresh()
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def reject(self) -> None:
        if self.task is not None:
            return  # the import finishes in a moment; closing now would hide its outcome
        super().reject()


def choose_trust_anchor(
    reports: ReportService,
    parent: QWidget,
    *,
    on_installed: Callable[[Path], object] | None = None,
) -> QFileDialog:
    """Ask for the head-office CA certificate, install it, and say so (or why not)."""
    dialog = QFileDialog(parent, translate("Keys", "Choose the head-office root certificate"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(
        [
            translate("Keys", "Certificates (*.pem *.crt *.cer *.PEM *.CRT *.CER)"),
            translate("Keys", "All files (*)"),
        ]
    )
    last = QSettings().value(LAST_FOLDER_KEY)
    if isinstance(last, str) and Path(last).is_dir():
        dialog.setDirectory(last)

    def chosen(file: str) -> None:
        path = Path(file)
        QSettings().setValue(LAST_FOLDER_KEY, str(path.parent))
        if install_trust_anchor(reports, parent, path) and on_installed is not None:
            on_installed(path)

    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def install_trust_anchor(reports: ReportService, parent: QWidget | None, path: Path) -> bool:
    """Install the certificate at ``path`` as the trust anchor; tell the user if it fails."""
    from postloan_desktop.ui.errors import show_problem

    try:
        reports.install_trust_anchor(path.read_bytes())
    except OSError as exc:
        show_problem(
            parent,
            labels.fmt(translate("Keys", "Cannot read %1."), str(path)),
            translate("Keys", "Check the file and try again."),
            str(exc),
        )
        return False
    except Exception as exc:
        from postloan_desktop.domain.errors import InvalidInput

        if isinstance(exc, InvalidInput) and key_problem(exc) is None:
            show_problem(
                parent,
                translate("Keys", "This file is not the head office's root certificate."),
                translate(
                    "Keys", "Choose the certificate file head office gave you (ca-cert.pem)."
                ),
                str(exc),
            )
        else:
            show_error(parent, exc)
        return False
    return True
