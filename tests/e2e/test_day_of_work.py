"""A day's work reaches head office exactly once, and the supervisor's laptop gets all of
it, photos and signed PDFs included (issue 6, "Done when")."""

from __future__ import annotations

from collections.abc import Callable

from liveserver import LiveServer
from sqlalchemy import select
from sync_support import Branch, Laptop

from headoffice.models import Record
from postloan_desktop.domain.enums import InspectionStatus
from postloan_desktop.domain.ids import UserId
from postloan_desktop.reports.verify import verify_report
from postloan_desktop.storage.models import (
    Inspection,
    InspectionAnswer,
    Loan,
    Photo,
    ReportVersion,
    SyncOutbox,
)


def server_records(server: LiveServer, entity: str) -> list[Record]:
    with server.session() as session:
        rows = list(session.scalars(select(Record).where(Record.entity == entity)))
        for row in rows:
            session.expunge(row)
        return rows


def test_a_days_work_arrives_once_and_reaches_the_supervisor(
    office: tuple[LiveServer, Branch], laptop: Callable[[str, LiveServer], Laptop]
) -> None:
    server, setup = office
    field = laptop("a", server)
    field.login(setup.a)
    first = field.sync()
    assert first.applied.applied > 0
    assert field.count(Loan) == 1
    # the loan's due date was derived after the pull
    assert field.services.portfolio.loan_detail(setup.loan).next_inspection_due is not None

    inspection = field.fill_inspection(setup.loan, setup.a, photos=4)
    field.sync()  # at lunch, from the branch office: the draft goes to head office
    desk = laptop("s", server)
    desk.login(setup.supervisor)
    desk.sync()
    assert desk.count(Photo) == 4  # the supervisor can already look at the draft

    # one photo was a mistake: its removal travels as a tombstone
    mistaken = field.services.photos.photos(inspection)[0]
    field.services.photos.remove(photo_id=mistaken.id, actor_id=UserId(setup.a.id))
    field.take_keys(setup, setup.a, setup.b)
    field.sign(inspection, setup.a, 1)
    field.sign(inspection, setup.b, 2)  # B signs on A's laptop: B's key is there
    assert field.services.inspections.form(inspection).status is InspectionStatus.SUBMITTED
    answers = field.count(InspectionAnswer, inspection_id=inspection)

    report = field.sync()
    assert report.rejected == 0 and report.conflicts == 0, field.services.sync.conflicts()
    assert report.pushed > 0
    assert field.count(SyncOutbox) == 0
    status = field.services.sync.status()
    assert status.pending_changes == 0 and status.pending_bytes == 0

    # head office holds each record once, the inspection submitted, every blob whole
    inspections = server_records(server, "inspection")
    assert [r.data["status"] for r in inspections] == ["submitted"]
    assert len(server_records(server, "answer")) == answers
    photos = [r for r in server_records(server, "photo") if not r.deleted]
    assert len(photos) == 3
    assert [r.id for r in server_records(server, "photo") if r.deleted] == [mistaken.id]
    versions = server_records(server, "report_version")
    assert sorted(r.data["seq"] for r in versions) == [0, 1, 2]
    for record in photos + versions:
        for sha in record.blobs:
            assert (server.data_dir / "blobs" / sha[:2] / sha[2:4] / sha).is_file()

    # a second sync sends nothing and finds both sides equal
    again = field.sync()
    assert (again.pushed, again.already, again.uploaded_bytes) == (0, 0, 0)
    assert again.compared and again.differences == []

    # the supervisor's laptop receives it all, photos and signed PDF included
    received = desk.sync()
    assert received.compared and received.differences == [], received.differences
    assert desk.count(Inspection, status=InspectionStatus.SUBMITTED) == 1
    assert desk.count(InspectionAnswer) == answers
    assert desk.count(Photo) == 3
    with desk.services.portfolio._sessions() as session:
        shas = [
            s
            for row in session.scalars(select(Photo))
            for s in (row.sha256, row.report_sha256, row.thumb_sha256)
        ]
        newest = session.scalar(select(ReportVersion).order_by(ReportVersion.seq.desc()))
    assert newest is not None and newest.seq == 2
    blobs = desk.services.photos
    assert all(blobs.blob_path(s).is_file() for s in shas)
    check = verify_report(blobs.blob(newest.sha256), trust=[])
    assert len(check.signatures) == 2 and all(s.intact for s in check.signatures)
    assert desk.services.sync.status().missing_files == 0

    # the supervisor countersigns; the inspector's laptop learns it is approved
    desk.take_keys(setup, setup.supervisor)
    desk.services.reports.countersign(
        inspection,
        desk.user,
        "officer-key-passphrase",
        None,  # type: ignore[arg-type]
    )
    approved = desk.sync()
    assert approved.pushed >= 2 and approved.rejected == 0, desk.services.sync.conflicts()
    field.sync()
    assert field.services.inspections.form(inspection).status is InspectionStatus.APPROVED
    assert [r.data["status"] for r in server_records(server, "inspection")] == ["approved"]
