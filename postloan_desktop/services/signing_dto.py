"""What the report service hands to the UI about keys and signatures: frozen snapshots.

(``ReportService.verify_pdf`` returns ``reports.verify.ReportCheck``, itself a frozen
dataclass; it is not re-exported here so that importing this module loads no cryptography.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from postloan_desktop.domain.enums import InspectionStatus, SignatureRole
from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.domain.ids import UserId


@dataclass(frozen=True)
class KeyStatus:
    """A user's signing key on this desktop."""

    imported: bool  # a key and certificate of this user are kept here
    subject: str | None  # the certificate's name (CN): the name in the signature stamps
    not_after: dt.datetime | None  # UTC: the certificate is valid until then
    trust_anchor_installed: bool  # the head-office CA certificate is installed


@dataclass(frozen=True)
class SignResult:
    role: SignatureRole  # the signature made: inspector_a, inspector_b, supervisor
    status: InspectionStatus  # the inspection's status now
    report_sha256: str  # the signed report's blob: ReportService.report_pdf gives its bytes
    signed_at: dt.datetime  # UTC, as stated in the signature


@dataclass(frozen=True)
class SignatureInfo:
    """One signature on an inspection revision's report, as recorded when it was made."""

    role: SignatureRole
    signer_id: UserId
    signer_name: str  # the certificate's name, as in the stamp
    signed_at: dt.datetime  # UTC
    report_sha256: str  # the report right after this signature


class KeyOfAnotherUser(InvalidInput):
    """The key file's certificate names another user than the one importing it."""
