"""One way to tell a person that something went wrong, and a last-resort crash handler."""

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from postloan_desktop.domain.errors import (
    ConfigurationError,
    Conflict,
    DiskFull,
    EnvironmentProblem,
    InvalidInput,
    NotAllowed,
    NotFound,
    PostloanError,
    StorageProblem,
)

log = logging.getLogger(__name__)


def describe(exc: BaseException) -> tuple[str, str]:
    """(what happened, what to do next) for an error, in the user's language."""
    if isinstance(exc, DiskFull):
        return (
            QCoreApplication.translate("Errors", "The disk is full."),
            QCoreApplication.translate(
                "Errors",
                "Free some space on the disk, then try again. Nothing already saved was lost.",
            ),
        )
    if isinstance(exc, StorageProblem):
        return (
            QCoreApplication.translate(
                "Errors", "The local database could not be read or written."
            ),
            QCoreApplication.translate(
                "Errors",
                "Close other copies of the program and try again. If it persists, "
                "send the log file to IT support.",
            ),
        )
    if isinstance(exc, EnvironmentProblem):
        return (
            QCoreApplication.translate("Errors", "The computer or the network is in the way."),
            QCoreApplication.translate("Errors", "Try again later."),
        )
    if isinstance(exc, NotFound):
        return (
            QCoreApplication.translate("Errors", "The record no longer exists."),
            QCoreApplication.translate("Errors", "Refresh the view and try again."),
        )
    if isinstance(exc, NotAllowed):
        return (
            QCoreApplication.translate("Errors", "This action is not allowed."),
            QCoreApplication.translate("Errors", "Check the record's status and your role."),
        )
    if isinstance(exc, Conflict):
        return (
            QCoreApplication.translate(
                "Errors", "Someone else changed this record at the same time."
            ),
            QCoreApplication.translate("Errors", "Review both versions before continuing."),
        )
    if isinstance(exc, ConfigurationError):
        return (
            QCoreApplication.translate("Errors", "The settings file is not valid."),
            QCoreApplication.translate(
                "Errors",
                "Correct postloan.toml in the data folder as the details say, or remove it "
                "to use the bank's default rules.",
            ),
        )
    if isinstance(exc, InvalidInput):
        return (
            QCoreApplication.translate("Errors", "The input is not valid."),
            QCoreApplication.translate("Errors", "Correct the highlighted input and try again."),
        )
    if isinstance(exc, PostloanError):
        return (
            QCoreApplication.translate("Errors", "The action could not be completed."),
            QCoreApplication.translate("Errors", "Try again."),
        )
    return (
        QCoreApplication.translate("Errors", "An unexpected error occurred."),
        QCoreApplication.translate(
            "Errors", "Your saved work is safe. Please send the log file to IT support."
        ),
    )


def can_show_dialogs() -> bool:
    """False on the offscreen platform (screenshots, CI): a modal box there would wait forever."""
    return QGuiApplication.platformName() not in ("offscreen", "minimal", "")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show an error to the user: what happened, what to do, and the details on request."""
    summary, advice = describe(exc)
    log.error("%s %s (%s: %s)", summary, advice, type(exc).__name__, exc)
    show_problem(parent, summary, advice, str(exc) or type(exc).__name__)


def show_problem(parent: QWidget | None, summary: str, advice: str, details: str = "") -> None:
    """Tell the user what went wrong when the error's class alone does not say it well."""
    if not can_show_dialogs():
        print(f"{summary} {advice}\n{details}", file=sys.stderr)
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Errors", "Post-loan inspection"))
    box.setText(summary)
    box.setInformativeText(advice)
    if details:
        box.setDetailedText(details)
    box.exec()


def install_excepthook() -> None:
    """Log uncaught exceptions and show them instead of dying silently."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical(
            "uncaught exception\n%s", "".join(traceback.format_exception(exc_type, exc, tb))
        )
        if QCoreApplication.instance() is not None:
            show_error(None, exc)

    sys.excepthook = hook
