"""Publishing checklist template versions to every branch."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from headoffice.models import ALL_BRANCHES, Record
from headoffice.store import SeqAllocator, put_record
from postloan_desktop.forms.loader import RESOURCES, TemplateError, load_directory
from postloan_desktop.storage.types import utcnow
from postloan_desktop.sync.wire import template_record_id


def publish_templates(session: Session, folder: Path = RESOURCES) -> list[str]:
    """Publish every checklist in ``folder`` (fragments expanded) not published yet; a
    published version whose content changed is refused: it needs a new version number."""
    templates = load_directory(folder)
    seqs = SeqAllocator(session)
    published: list[str] = []
    for template in templates:
        record_id = template_record_id(template.id, template.version)
        existing = session.get(Record, ("template", record_id))
        if existing is not None:
            if existing.data["digest"] != template.digest:
                raise TemplateError(
                    [
                        f"{template.id} version {template.version} differs from the published "
                        "one: give the changed template a new version"
                    ]
                )
            continue
        data = {
            "template_id": template.id,
            "version": template.version,
            "title_zh": template.content.title.zh,
            "title_en": template.content.title.en,
            "content": template.to_json(),
            "digest": template.digest,
            "published_at": utcnow().isoformat(),
        }
        put_record(session, seqs, "template", record_id, ALL_BRANCHES, data)
        published.append(f"{template.id} v{template.version}")
    seqs.close()
    return published
