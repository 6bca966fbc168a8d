"""What sync says to a person: each ``SyncProblem`` code as a sentence (what happened, what to
do), the phases of a sync, sizes, record types, and head office's reasons for refusing a
change. Shared by the login dialog, the status bar, the progress window and the conflicts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import QCoreApplication

from postloan_desktop.sync.errors import SyncProblem
from postloan_desktop.ui import labels

translate = QCoreApplication.translate  # lupdate reads translate("Sync", "…") calls


# --- problems ---------------------------------------------------------------------------------


def problem_text(exc: BaseException, *, during: str = "sync", enrolled: bool = True) -> str:
    """The sentence for a failed login (``during="login"``) or sync: what happened and what
    to do. ``enrolled``: whether the laptop already belongs to a head office (a login that
    cannot reach it then had no offline way in either)."""
    code = exc.code if isinstance(exc, SyncProblem) else ""
    login = during == "login"
    if code == "login_refused":
        return translate(
            "Sync",
            "Wrong username or password. Type them again (passwords are case-sensitive); if "
            "you forgot yours, head office's IT desk resets it.",
        )
    if code == "login_locked":
        wait = getattr(exc, "retry_after", None) or 15 * 60
        return labels.fmt(
            translate(
                "Sync",
                "Too many wrong passwords: head office has locked this account for %1 more "
                "minute(s). Wait and try again, or ask head office's IT desk to unlock it.",
            ),
            max(1, -(-wait // 60)),
        )
    if code == "unreachable":
        if login and not enrolled:
            return translate(
                "Sync",
                "Head office's server cannot be reached. Check the address and the network "
                "connection, then try again — or work standalone for now.",
            )
        if login:
            return translate(
                "Sync",
                "Head office's server cannot be reached, and this account has never logged in "
                "online on this laptop, so it cannot log in offline. Connect to the network "
                "and try again.",
            )
        return translate(
            "Sync",
            "Head office's server cannot be reached. Check the network, or keep working "
            "offline: your last online login lets you in, everything you do is kept on this "
            "laptop and goes to head office at the next sync.",
        )
    if code == "not_our_server":
        return translate(
            "Sync",
            "Something other than head office answered: the network probably wants you to log "
            "in to it first (a hotel or branch Wi-Fi page?). Open a web browser, finish that "
            "login, then try again. If it persists, check the server address.",
        )
    if code == "login_required":
        return translate("Sync", "Your login has expired: log in again to sync.")
    if code == "other_server":
        return translate(
            "Sync",
            "This laptop belongs to another head office: its data would mix with this "
            "server's, so it cannot connect here. Check the address; to move the laptop to "
            "another head office, ask IT.",
        )
    if code == "not_enrolled":
        return translate(
            "Sync",
            "This laptop is not yet enrolled with head office: enter the server address and "
            "log in once while online.",
        )
    if code == "demo_folder":
        return translate(
            "Sync",
            "This data folder holds the demo portfolio: enrolling it would send made-up loans "
            "to head office. Start postloan with a new data folder to enrol this laptop.",
        )
    if code == "server_error":
        return translate(
            "Sync",
            "Head office's server had a problem. Everything is still on this laptop: try "
            "again later, and tell head office's IT desk if it persists.",
        )
    if code == "cancelled":
        return translate(
            "Sync",
            "The sync was cancelled. Nothing is lost or sent twice: the next sync goes on "
            "from where this one stopped.",
        )
    if code == "hash_mismatch":
        return translate(
            "Sync",
            "A file arrived damaged and was thrown away. Sync again; tell head office's IT "
            "desk if it persists.",
        )
    if code == "refused":
        return labels.fmt(
            translate("Sync", "Head office refused the request (%1). Tell head office's IT desk."),
            str(exc),
        )
    if login:
        return labels.fmt(translate("Sync", "The login failed: %1"), str(exc) or type(exc).__name__)
    return labels.fmt(translate("Sync", "The sync failed: %1"), str(exc) or type(exc).__name__)


# --- progress ---------------------------------------------------------------------------------


def phase_text(phase: str) -> str:
    """上传签字报告 / 推送修改 / 上传照片 / 接收数据 / 下载照片."""
    if phase == "upload_photos":
        return translate("Sync", "Uploading photos")
    if phase == "upload_reports":
        return translate("Sync", "Uploading signed reports")
    if phase == "push":
        return translate("Sync", "Sending changes")
    if phase == "pull":
        return translate("Sync", "Receiving data")
    if phase == "download":
        return translate("Sync", "Downloading photos and reports")
    return translate("Sync", "Connecting to head office")


def size_text(size: int) -> str:
    """36.4 MB, 820 KB, 12 B."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def time_text(when: dt.datetime, today: dt.date | None = None) -> str:
    """A moment in local time: 14:05 today, 11-27 14:05 this year, else the full date."""
    local = when.astimezone() if when.tzinfo is not None else when
    today = today or dt.date.today()
    if local.date() == today:
        return local.strftime("%H:%M")
    if local.year == today.year:
        return local.strftime("%m-%d %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


# --- records ----------------------------------------------------------------------------------


def entity_name(entity: str) -> str:
    """The synced record types' names (sync.wire.ENTITIES)."""
    names = {
        "branch": translate("Sync", "Branch"),
        "user": translate("Sync", "Staff member"),
        "user_role": translate("Sync", "Role"),
        "borrower": translate("Sync", "Borrower"),
        "loan": translate("Sync", "Loan"),
        "instalment": translate("Sync", "Repayment instalment"),
        "guarantor": translate("Sync", "Guarantor"),
        "collateral": translate("Sync", "Collateral"),
        "template": translate("Sync", "Checklist template"),
        "inspection": translate("Sync", "Inspection"),
        "answer": translate("Sync", "Answer"),
        "photo": translate("Sync", "Photo"),
        "collateral_note": translate("Sync", "Collateral note"),
        "report_version": translate("Sync", "Report version"),
        "audit": translate("Sync", "Audit log entry"),
    }
    return names.get(entity, entity)


def field_name(column: str) -> str:
    """The fields a person is most likely to compare, by name; others as they are."""
    names = {
        "value": translate("Sync", "Answer"),
        "note": translate("Sync", "Note"),
        "notes": translate("Sync", "Notes"),
        "status": translate("Sync", "Status"),
        "revision": translate("Sync", "Revision"),
        "item_key": translate("Sync", "Item"),
        "caption": translate("Sync", "Caption"),
        "rotation": translate("Sync", "Rotation"),
        "answered_at": translate("Sync", "Answered at"),
        "answered_by": translate("Sync", "Answered by"),
        "inspected_on": translate("Sync", "Inspected on"),
        "place": translate("Sync", "Place"),
        "review_comment": translate("Sync", "Review comment"),
        "condition": translate("Sync", "Condition"),
        "estimated_value_fen": translate("Sync", "Estimated value (fen)"),
        "updated_at": translate("Sync", "Updated at"),
        "updated_by": translate("Sync", "Updated by"),
        "submitted_at": translate("Sync", "Submitted at"),
        "reviewed_at": translate("Sync", "Reviewed at"),
        "signed_at": translate("Sync", "Signed at"),
        "signer_name": translate("Sync", "Signer"),
    }
    name = names.get(column)
    return f"{name} ({column})" if name else column


def value_text(value: Any) -> str:
    """A field's value as a person reads it: times in local time, yes/no, JSON as text."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return translate("Sync", "Yes") if value else translate("Sync", "No")
    if isinstance(value, str):
        if len(value) >= 19 and value[4:5] == "-" and "T" in value:
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            if moment.tzinfo is not None:
                return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def refusal_text(code: str) -> str:
    """Head office's reason for refusing a change (headoffice/rules.py), in a sentence."""
    reasons = {
        "stale_version": translate(
            "Sync", "Someone changed this record at head office after this laptop last received it."
        ),
        "role": translate("Sync", "Your role does not allow this change in the loan's branch."),
        "other_branch": translate("Sync", "The loan belongs to a branch you hold no role in."),
        "frozen": translate(
            "Sync", "The inspection was signed, which froze it: it can no longer change."
        ),
        "transition": translate("Sync", "The inspection cannot move to that status."),
        "unknown_loan": translate("Sync", "Head office does not know this loan."),
        "unknown_inspection": translate("Sync", "Head office does not know this inspection."),
        "signer": translate("Sync", "The signature is not the one this role's officer must give."),
        "own_report": translate(
            "Sync", "A supervisor cannot approve an inspection they carried out."
        ),
        "signature_invalid": translate(
            "Sync", "The report's signature did not check out at head office."
        ),
        "signature_missing": translate(
            "Sync", "The change needs a signed report, and none came with it."
        ),
        "append_only": translate("Sync", "This kind of record is never changed once made."),
        "bad_record": translate("Sync", "The record was not valid."),
        "reference_data": translate("Sync", "This kind of record comes from head office only."),
        "moved": translate("Sync", "A record cannot move to another inspection or loan."),
        "wrong_id": translate("Sync", "The record's identity did not match."),
        "change_id_reused": translate(
            "Sync", "The change was sent under another change's identity."
        ),
        "not_found": translate("Sync", "Head office has no such record to delete."),
    }
    return reasons.get(code, code)
