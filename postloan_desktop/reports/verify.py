"""Checking a signed report (ARCHITECTURE.md, "Signed PDFs"; ``postloan verify``).

For each signature: the field and role, who signed (the certificate's name), when (the time
the signer's laptop stated), whether it is **intact** (the signed bytes hash to what was
signed and the signature matches the certificate), **trusted** (the certificate chains to
the head-office CA given as trust anchor and may sign: nonRepudiation), and what **changed
after** it: nothing, form filling (later signatures), annotations or anything else — found by
pyHanko's difference analysis of the incremental updates that follow. Changes are allowed
when they are no more than form filling and the document's certification (inspector A's
DocMDP "fill forms and sign") and field locks permit them.

A report is valid when it carries at least one signature and every signature is intact,
trusted and followed by nothing but allowed changes, and no bytes were added after the last
signature outside any revision (readers ignore such bytes, but the file is not the signed
one). Unsigned fields are listed, not faults: a report waiting for the supervisor is still
valid as far as it goes.

The chain is checked at each signature's stated signing time: there is no timestamp
authority offline, so that time is the signer's own claim, but a report must still verify
after its signers' certificates expired. Nothing is fetched from the network (no revocation
lists or OCSP: revocation is not checked).
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from postloan_desktop.reports.signing import ROLE_LABELS

if TYPE_CHECKING:
    from pyhanko.sign.validation import EmbeddedPdfSignature


class Changes(StrEnum):
    """What was changed in the document after a signature."""

    NONE = "none"
    FORM_FILLING = "form_filling"  # filling form fields: the later signatures
    ANNOTATIONS = "annotations"
    OTHER = "other"  # anything else: page content, objects rewritten, …


CHANGE_TEXTS = {
    Changes.NONE: "none",
    Changes.FORM_FILLING: "form filling",
    Changes.ANNOTATIONS: "annotations",
    Changes.OTHER: "other changes",
}
PERMISSION_TEXTS = {
    "no_changes": "no changes",
    "fill_forms": "filling the remaining signature fields only",
    "annotate": "form filling and annotations",
}
TRUST_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND": "does not chain to the head-office CA",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": "does not chain to the head-office CA "
    "(a certificate in the chain does not verify)",
    "OUT_OF_BOUNDS_NO_POE": "the certificate was not valid at the signing time",
    "EXPIRED": "the certificate was not valid at the signing time",
    "NOT_YET_VALID": "the certificate was not yet valid at the signing time",
    "CHAIN_CONSTRAINTS_FAILURE": "the certificate may not sign documents (key usage)",
    "SIG_CONSTRAINTS_FAILURE": "the certificate may not sign documents (key usage)",
    "REVOKED": "the certificate is revoked",
}


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    role: str | None  # inspector_a, inspector_b, supervisor; None for another field
    signer: str  # the certificate's common name
    signer_subject: str
    signed_at: dt.datetime | None  # as stated by the signer (no timestamp authority)
    intact: bool
    trusted: bool
    changes_after: Changes
    changes_allowed: bool
    certifies: bool  # this signature certifies the document (DocMDP)
    problems: tuple[str, ...]

    @property
    def role_label(self) -> str | None:
        return ROLE_LABELS.get(self.role) if self.role else None

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and self.changes_allowed and not self.problems


@dataclass(frozen=True)
class ReportCheck:
    signatures: tuple[SignatureCheck, ...]
    unsigned_fields: tuple[str, ...]
    certification: str | None  # the certifying signature's permission: fill_forms, …
    problems: tuple[str, ...]  # about the file as a whole

    @property
    def certified(self) -> bool:
        return self.certification is not None

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and bool(self.signatures)
            and all(signature.ok for signature in self.signatures)
        )


def _common_name(subject: Any) -> str:
    native = subject.native
    name = native.get("common_name") if isinstance(native, dict) else None
    if isinstance(name, list):
        name = name[0] if name else None
    return str(name) if name else str(subject.human_friendly)


def _permission(level: Any) -> str | None:
    if level is None:
        return None
    return str(level.name).lower()


def _check_one(
    embedded: EmbeddedPdfSignature, anchors: Sequence[Any], certification: Any
) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    field = str(embedded.field_name)
    role = field if field in ROLE_LABELS else None
    try:
        certificate = embedded.signer_cert
        signer, subject = _common_name(certificate.subject), certificate.subject.human_friendly
    except (ValueError, KeyError, TypeError, SignatureValidationError):
        signer, subject = "?", "?"
    signed_at = embedded.self_reported_timestamp
    problems: list[str] = []
    context = ValidationContext(
        trust_roots=list(anchors),
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=signed_at,
    )
    try:
        status = validate_pdf_signature(embedded, context)
    except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
        return SignatureCheck(
            field=field,
            role=role,
            signer=signer,
            signer_subject=subject,
            signed_at=signed_at,
            intact=False,
            trusted=False,
            changes_after=Changes.OTHER,
            changes_allowed=False,
            certifies=False,
            problems=(f"the signature cannot be checked: {exc}",),
        )
    level = status.modification_level
    changes = {
        None: Changes.OTHER,
        ModificationLevel.NONE: Changes.NONE,
        ModificationLevel.LTA_UPDATES: Changes.NONE,
        ModificationLevel.FORM_FILLING: Changes.FORM_FILLING,
        ModificationLevel.ANNOTATIONS: Changes.ANNOTATIONS,
    }.get(level, Changes.OTHER)
    allowed = (
        changes in (Changes.NONE, Changes.FORM_FILLING)
        and status.docmdp_ok is not False
        and status.coverage is not None
        and status.coverage >= SignatureCoverageLevel.ENTIRE_REVISION
    )
    if certification is not None and level is not None and level.value > certification.value:
        allowed = False
    intact = bool(status.intact and status.valid)
    trusted = bool(status.trusted)
    if not intact:
        problems.append("the signed content was changed or the signature is broken")
    elif not trusted:
        indication = status.trust_problem_indic
        name = getattr(indication, "name", None)
        problems.append(
            "not trusted: "
            + TRUST_PROBLEMS.get(str(name), str(name).lower() if name else "no trusted chain")
        )
    if not allowed:
        problems.append(f"not allowed after a signature: {CHANGE_TEXTS[changes]}")
    return SignatureCheck(
        field=field,
        role=role,
        signer=signer,
        signer_subject=subject,
        signed_at=signed_at,
        intact=intact,
        trusted=trusted,
        changes_after=changes,
        changes_allowed=allowed,
        certifies=_is_certification(embedded),
        problems=tuple(problems),
    )


def _is_certification(embedded: EmbeddedPdfSignature) -> bool:
    """The signature carries a DocMDP transform: it certifies the document."""
    try:
        references = embedded.sig_object["/Reference"]
    except KeyError:
        return False
    return any(ref.get_object().get("/TransformMethod") == "/DocMDP" for ref in references)


def verify_report(pdf: bytes, *, trust: Sequence[x509.Certificate]) -> ReportCheck:
    """Check every signature in ``pdf`` against the head-office CA certificate(s)."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import read_certification_data

    anchors = [
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)) for cert in trust
    ]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_regular_signatures)
        unsigned = tuple(
            str(name) for name, _value, _ref in enumerate_sig_fields(reader, filled_status=False)
        )
        certification_data = read_certification_data(reader)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        return ReportCheck((), (), None, (f"not a readable PDF: {exc}",))
    certification = certification_data.permission if certification_data else None
    checks = tuple(_check_one(signature, anchors, certification) for signature in embedded)
    problems: list[str] = [] if checks else ["the report carries no signature"]
    if embedded:
        problems.extend(_unsigned_tail(pdf, reader, embedded[-1]))
    return ReportCheck(checks, unsigned, _permission(certification), tuple(problems))


def _unsigned_tail(pdf: bytes, reader: Any, last: EmbeddedPdfSignature) -> list[str]:
    """Bytes after the last signature that are no revision of the document (a proper
    incremental update is judged by the difference analysis instead): readers ignore them,
    but the file is not the one that was signed."""
    try:
        start, length = int(last.byte_range[2]), int(last.byte_range[3])
    except (IndexError, TypeError, ValueError):
        return []
    tail = pdf[start + length :]
    later_revisions = reader.xrefs.total_revisions - 1 > last.signed_revision
    if tail.strip(b"\r\n\t \x00") and not later_revisions:
        return [f"{len(tail)} bytes were added after the last signature, outside any revision"]
    return []


# --- output -----------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _local(moment: dt.datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %z") if moment else "?"


def format_table(check: ReportCheck, *, name: str = "report") -> str:
    """A table for people: one line per signature, then the verdict."""
    lines = []
    if check.certification:
        certifier = next((s for s in check.signatures if s.certifies), None)
        who = f" by {certifier.signer} ({certifier.field})" if certifier else ""
        lines.append(
            f"{name}: certified{who}; changes allowed after it: "
            f"{PERMISSION_TEXTS.get(check.certification, check.certification)}"
        )
    else:
        lines.append(f"{name}: not certified")
    if check.signatures:
        header = (
            "field",
            "role",
            "signer",
            "signed at (local time)",
            "intact",
            "trusted",
            "changes after",
        )
        rows = [
            (
                s.field,
                s.role_label or "-",
                s.signer,
                _local(s.signed_at),
                "yes" if s.intact else "NO",
                "yes" if s.trusted else "NO",
                CHANGE_TEXTS[s.changes_after] + ("" if s.changes_allowed else " (NOT ALLOWED)"),
            )
            for s in check.signatures
        ]
        widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
    for field in check.unsigned_fields:
        label = ROLE_LABELS.get(field)
        lines.append(f"not signed yet: {field}" + (f" ({label})" if label else ""))
    for problem in check.problems:
        lines.append(f"problem: {problem}")
    for s in check.signatures:
        for problem in s.problems:
            lines.append(f"problem: {s.field} ({s.signer}): {problem}")
    if check.ok:
        count = len(check.signatures)
        lines.append(
            f"VALID: {count} signature{'s' if count != 1 else ''} intact, trusted, "
            "nothing but allowed changes after them"
        )
    else:
        lines.append("NOT VALID")
    return "\n".join(lines)


def as_json(check: ReportCheck) -> dict[str, object]:
    return {
        "ok": check.ok,
        "certified": check.certified,
        "certification": check.certification,
        "trust_checked_at": "each signature's stated signing time",
        "signatures": [
            {
                "field": s.field,
                "role": s.role,
                "role_label": s.role_label,
                "signer": s.signer,
                "signer_subject": s.signer_subject,
                "signed_at": s.signed_at.isoformat() if s.signed_at else None,
                "intact": s.intact,
                "trusted": s.trusted,
                "changes_after": s.changes_after.value,
                "changes_allowed": s.changes_allowed,
                "certifies": s.certifies,
                "ok": s.ok,
                "problems": list(s.problems),
            }
            for s in check.signatures
        ],
        "unsigned_fields": list(check.unsigned_fields),
        "problems": list(check.problems),
    }
