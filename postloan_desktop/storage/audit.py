"""The audit log: one append-only row per meaningful action."""

import uuid
from typing import Any

from sqlalchemy.orm import Session

from postloan_desktop.storage.models import AuditEntry


def record(
    session: Session,
    *,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None,
    actor_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        actor_id=actor_id,
        details=details or {},
    )
    session.add(entry)
    return entry
