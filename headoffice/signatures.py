"""Head office's check of a signed report a laptop sends (``rules`` calls it)."""

from __future__ import annotations

import uuid
from pathlib import Path

from cryptography import x509

from postloan_desktop.reports.verify import verify_report


def report_checker(ca_certificate: Path | None):  # type: ignore[no-untyped-def]
    """A function telling what is wrong with a report PDF that should carry ``count``
    signatures, the newest by ``signer``; None when nothing is. With a CA certificate every
    signature must chain to it; without, signatures are checked for integrity only."""
    trust = [x509.load_pem_x509_certificate(ca_certificate.read_bytes())] if ca_certificate else []

    def check(pdf: bytes, signer: uuid.UUID, count: int) -> str | None:
        result = verify_report(pdf, trust=trust)
        if result.problems and not (
            result.signatures and result.problems == ("the report carries no signature",)
        ):
            return "; ".join(result.problems)
        found = len(result.signatures)
        if found != count:
            return f"the PDF carries {found} signatures where {count} were expected"
        for signature in result.signatures:
            if not signature.intact:
                return f"{signature.field}'s signature is broken: the PDF changed after it"
            if not signature.changes_allowed:
                return f"the PDF was changed in a way {signature.field}'s signature forbids"
            if trust and not signature.trusted:
                return f"{signature.field}'s certificate does not chain to the head-office CA"
        newest = result.signatures[-1]
        if f"UID={signer}" not in newest.signer_subject and str(signer) not in (
            newest.signer_subject
        ):
            return f"the newest signature is {newest.signer}'s, not the signer's the record names"
        return None

    return check
