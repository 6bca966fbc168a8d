"""The after-sync comparison's arithmetic, the same on both sides.

Each live record contributes ``mix(entity, id, version)``, 40 bits of a SHA-256, to a plain
sum per record type: order does not matter, both databases can add it up in SQL, and even a
branch of a million records stays far below 2**63. A record missing, extra, or at another
version changes the sum.
"""

from __future__ import annotations

import hashlib
import uuid


def mix(entity: str, record_id: uuid.UUID, version: int) -> int:
    digest = hashlib.sha256(f"{entity}:{record_id}:{version}".encode()).digest()
    return int.from_bytes(digest[:5], "big")


def tally_digest(total: int) -> str:
    return f"{total:x}"
