"""What an import and later edits leave in the sync outbox (sync/outbox.py): a row per record
in the order the changes were made, each photo's three blobs queued for upload once, unsent
edits of a record folded into one row, and rows already sent never rewritten."""

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.storage.models import SyncBlob, SyncOutbox
from postloan_desktop.sync import outbox

from .conftest import NOW, Setting, numbered


@pytest.fixture
def recorded(demo_copy_sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    """The test's database with the outbox recording, as on a laptop (asked for before
    ``photo_setting``, so that every session the setting opens records)."""
    return outbox.install(demo_copy_sessions)


def rows(sessions: sessionmaker[Session]) -> list[SyncOutbox]:
    with sessions() as session:
        return list(session.execute(select(SyncOutbox).order_by(SyncOutbox.seq)).scalars())


def since(sessions: sessionmaker[Session], seq: int) -> list[tuple[str, bool]]:
    return [(r.entity, r.deleted) for r in rows(sessions) if r.seq > seq]


def last_seq(sessions: sessionmaker[Session]) -> int:
    return max((r.seq for r in rows(sessions)), default=0)


def test_an_import_of_several_photos_records_each_with_its_blobs(
    recorded: sessionmaker[Session], photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    before = last_seq(recorded)
    paths = []
    for n in range(5):
        path = tmp_path / f"IMG_{n}.jpg"
        numbered(n).save(path, "JPEG", quality=90)
        paths.append(path)
    summary = s.service.import_files(inspection_id=s.inspection, paths=paths, actor_id=s.inspector)
    assert len(summary.imported) == 5

    new = [r for r in rows(recorded) if r.seq > before]
    photos = [r for r in new if r.entity == "photo"]
    assert sorted(r.record_id for r in photos) == sorted(p.id for p in summary.imported)
    assert all(not r.deleted and not r.sent and r.data is not None for r in photos)
    assert len({r.change_id for r in new}) == len(new)
    by_id = {r.record_id: r for r in photos}
    for record in summary.imported:
        row = by_id[record.id]
        assert row.data is not None
        assert row.data["sha256"] == record.sha256  # the record as written
    with recorded() as session:
        up = {
            sha: priority
            for sha, priority in session.execute(
                select(SyncBlob.sha256, SyncBlob.priority).where(SyncBlob.direction == "up")
            ).tuples()
        }
    named = {sha for p in summary.imported for sha in (p.sha256, p.report_sha256, p.thumb_sha256)}
    assert set(up) == named and len(named) == 15
    assert set(up.values()) == {1}  # photos go after signed reports


def test_edits_not_yet_sent_fold_and_sent_ones_stay_as_they_were(
    recorded: sessionmaker[Session], photo_setting: Setting, jpeg: Callable[..., Path]
) -> None:
    s = photo_setting
    photo = s.service.import_file(
        inspection_id=s.inspection, path=jpeg(taken=NOW, gps=s.site), actor_id=s.inspector
    ).photo
    start = last_seq(recorded)
    s.service.set_caption(photo_id=photo.id, caption="大门", actor_id=s.inspector)
    s.service.set_caption(photo_id=photo.id, caption="大门及厂房", actor_id=s.inspector)
    mine = [r for r in rows(recorded) if r.record_id == photo.id]
    assert len(mine) == 1  # the import's row, not yet sent, now holds the last caption
    assert mine[0].data is not None and mine[0].data["caption"] == "大门及厂房"
    assert [e for e, _ in since(recorded, start)].count("photo") == 0

    with recorded.begin() as session:  # as if a push had sent it
        session.execute(update(SyncOutbox).values(sent=True))
    sent = {r.seq: dict(r.data or {}) for r in rows(recorded)}
    s.service.set_caption(photo_id=photo.id, caption="厂房", actor_id=s.inspector)
    after = rows(recorded)
    assert {r.seq: dict(r.data or {}) for r in after if r.seq in sent} == sent
    newest = [r for r in after if r.record_id == photo.id and not r.sent]
    assert len(newest) == 1 and newest[0].data is not None
    assert newest[0].data["caption"] == "厂房"


def test_a_removed_photo_is_a_deletion_after_its_insert(
    recorded: sessionmaker[Session], photo_setting: Setting, jpeg: Callable[..., Path]
) -> None:
    s = photo_setting
    photo = s.service.import_file(
        inspection_id=s.inspection, path=jpeg(taken=NOW, gps=s.site), actor_id=s.inspector
    ).photo
    s.service.remove(photo_id=photo.id, actor_id=s.inspector)
    mine = [(r.deleted, r.data is None) for r in rows(recorded) if r.record_id == photo.id]
    assert mine == [(False, False), (True, True)]
