"""What an inspection report says, as frozen data: the layout turns it into pages.

A ``ReportContent`` is complete and language-resolved: every answer, label of a code and
photo warning is already text in the report's language (``services.reports`` builds it from
the services' snapshots); the layout only adds its own headings and formats money, rates and
dates. Nothing here opens a database or a file.

The report's digest
-------------------
The QR code on the first page holds the report id and ``report_digest(content)``: the
SHA-256 of the report's *content*, not of the PDF bytes. A digest of the PDF cannot sit on its
own pages (printing it changes it), and a digest of "the PDF with an empty QR code" could not
be recomputed from the signed file. The content digest can be recomputed by anyone who has
the inspection's records (head office, an auditor with the archive): build the same
``ReportContent`` and call ``report_digest``.

What is hashed, exactly: the UTF-8 bytes of ``canonical_json(content)`` — a JSON object
``{"format": "postloan-report/1", "content": …}`` with keys sorted, no whitespace
(separators ``,`` and ``:``), non-ASCII characters as themselves, where

- a dataclass is an object of its fields by name, a tuple a list, an enum its value;
- a date or datetime is ISO 8601 (``2026-11-28``, ``2026-11-28T09:41:07``), a UUID its
  hyphenated lower-case form, a ``Decimal`` its ``str``, money integer fen;
- a photo's image is not in the JSON: its rendition's SHA-256 (``sha256``) is, and
  ``present`` says whether the image was available (a missing blob prints a placeholder).

The QR payload is ``POSTLOAN-REPORT/1 id=<report id> sha256=<digest>``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

# Who signs, in signing order: one vocabulary with the state machine (inspector_a, …).
from postloan_desktop.domain.enums import SignatureRole as SignatureRole

DIGEST_FORMAT = "postloan-report/1"
QR_PREFIX = "POSTLOAN-REPORT/1"


class ItemState(StrEnum):
    ANSWERED = "answered"
    UNCONFIRMED = "unconfirmed"  # carried forward from the last inspection, not yet confirmed
    MISSING = "missing"  # required and not answered (only in a preview of a draft)


class SignalLevel(StrEnum):
    NOTICE = "notice"  # 提示
    WARNING = "warning"  # 关注
    ALERT = "alert"  # 预警


@dataclass(frozen=True)
class LoanSummary:
    borrower_name: str
    borrower_kind: str  # 个人 / 企业
    id_number: str  # as printed: an individual's ID card number masked, a credit code whole
    legal_representative: str
    address: str
    industry: str
    business_type: str
    contract_no: str
    product: str
    amount_fen: int
    balance_fen: int
    disbursed_on: dt.date
    matures_on: dt.date
    annual_rate_bp: int  # 435 is 4.35 %
    repayment_method: str
    guarantee_method: str
    risk_class: str
    business_status: str
    officer_a: str
    officer_b: str
    overdue_principal_fen: int = 0
    overdue_interest_fen: int = 0


@dataclass(frozen=True)
class ReportItem:
    question: str
    answer: str  # as the officer sees it: option labels, "1,234.00 元", dates
    note: str = ""
    state: ItemState = ItemState.ANSWERED


@dataclass(frozen=True)
class ReportSection:
    title: str
    items: tuple[ReportItem, ...]


@dataclass(frozen=True)
class RiskSignal:
    level: SignalLevel
    message: str
    source: str  # the item (and collateral) whose answer raised it


@dataclass(frozen=True)
class CollateralRow:
    kind: str
    description: str
    registration_no: str
    appraised_fen: int
    appraised_on: dt.date
    estimate_fen: int | None  # this inspection's estimate of the realisable value
    change_fen: int | None  # estimate minus appraisal
    change_percent: Decimal | None  # of the appraisal, two places
    condition: str
    basis: str = ""  # how the estimate was made
    note: str = ""


@dataclass(frozen=True)
class Coverage:
    """The collateral's current value against the balance owed."""

    value_fen: int
    balance_fen: int
    ratio: Decimal | None  # None: nothing owed
    threshold: Decimal
    below_threshold: bool


@dataclass(frozen=True)
class ReportPhoto:
    sha256: str  # of the report rendition (JPEG)
    # The rendition's JPEG bytes, or the file that holds them; None when the blob is missing.
    image: bytes | Path | None = field(default=None, compare=False)
    caption: str = ""
    subject: str = ""  # the checklist item or collateral item it belongs to
    captured_at: dt.datetime | None = None  # local time, as the camera wrote it
    gps: tuple[float, float] | None = None  # latitude, longitude
    warnings: tuple[str, ...] = ()  # provenance warnings, as sentences
    original_sha256: str = ""


@dataclass(frozen=True)
class SignatureSlot:
    role: SignatureRole
    name: str  # may be empty: filled in by whoever signs


@dataclass(frozen=True)
class ReportContent:
    report_id: uuid.UUID  # the inspection revision's id
    report_no: str  # 报告编号, for people
    language: str  # "zh" or "en"
    draft: bool  # previews: watermarked, not for signing
    bank_name: str
    branch_name: str
    title: str  # the checklist's title
    inspection_kind: str  # 首次检查 / 定期检查 / 专项检查
    inspected_on: dt.date | None
    place: str
    revision: int
    loan: LoanSummary
    sections: tuple[ReportSection, ...]
    signals: tuple[RiskSignal, ...]
    open_warnings: tuple[str, ...]  # what the bank's records flag on this loan
    warnings_handling: str  # the officer's account of how each warning is handled
    collateral: tuple[CollateralRow, ...]
    coverage: Coverage | None
    conclusion: tuple[ReportItem, ...]
    photos: tuple[ReportPhoto, ...]
    signatures: tuple[SignatureSlot, ...]


def _plain(value: Any) -> Any:
    if isinstance(value, ReportPhoto):
        data = {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name != "image"
        }
        data["present"] = value.image is not None
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot put {type(value).__name__} in a report digest")


def canonical_json(content: ReportContent) -> str:
    return json.dumps(
        {"format": DIGEST_FORMAT, "content": _plain(content)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def report_digest(content: ReportContent) -> str:
    """SHA-256 (hex) of the report's content: see the module's docstring."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def qr_payload(content: ReportContent, digest: str | None = None) -> str:
    """What the QR code on the report holds."""
    return f"{QR_PREFIX} id={content.report_id} sha256={digest or report_digest(content)}"
