"""The supervisor's review (issue 7): the queue with its 10-working-day deadlines, comments
on items, a return, what the re-submitted revision changed, and approval that confirms or
changes the proposed risk class (a change needs a reason)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from postloan_desktop.domain.calendar import WorkCalendar
from postloan_desktop.domain.enums import InspectionStatus, RiskClass
from postloan_desktop.domain.errors import InvalidInput, NotAllowed
from postloan_desktop.reports.keys import WrongPassphrase
from postloan_desktop.services.bootstrap import open_services
from postloan_desktop.services.demo_keys import DEMO_KEY_PASSPHRASE
from postloan_desktop.services.inspections import RiskDecision
from postloan_desktop.services.report_sample import (
    SAMPLE_TODAY,
    Sample,
    handwriting,
    prepare_sample,
    site_picture,
)
from postloan_desktop.services.reports import KeyLocked
from postloan_desktop.services.review import ReviewRow
from postloan_desktop.storage.models import AuditEntry, Inspection

PASS = DEMO_KEY_PASSPHRASE


@pytest.fixture(scope="module")
def submitted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Sample]:
    """A data folder whose sample inspection is signed by A and B: under review."""
    root = tmp_path_factory.mktemp("review") / "data"
    sample = prepare_sample(root)
    sample.reports.sign(sample.inspection_id, sample.inspector_id, PASS, handwriting(1))
    sample.reports.sign(sample.inspection_id, sample.officer_b_id, PASS, handwriting(2))
    return root, sample


@pytest.fixture
def sample(submitted: tuple[Path, Sample], tmp_path: Path) -> Sample:
    """The prepared folder copied, opened afresh: each test works on its own."""
    source, prepared = submitted
    root = tmp_path / "data"
    shutil.copytree(source, root)
    services = open_services(root, today=SAMPLE_TODAY)
    return dataclasses.replace(prepared, services=services, reports=services.reports)


def ours(queue: list[ReviewRow], sample: Sample) -> ReviewRow:
    return next(r for r in queue if r.inspection_id == sample.inspection_id)


def test_the_queue_lists_submitted_reports_with_their_working_days_left(sample: Sample) -> None:
    review = sample.services.review
    queue = review.queue(sample.supervisor_id)
    row = ours(queue, sample)
    assert row.photos == 6 and row.photo_warnings >= 1  # the document copy has no GPS
    assert row.officer_a and row.officer_b and row.borrower_name
    assert row.days_left == review.calendar.working_days_between(SAMPLE_TODAY, row.due_on)
    # neither inspector has anything to review, nor does a supervisor of another branch
    assert review.queue(sample.inspector_id) == []
    # overdue first, then fewest working days left
    keys = [(not r.overdue, r.days_left) for r in queue]
    assert keys == sorted(keys)


def test_overdue_reports_come_first(sample: Sample) -> None:
    review = sample.services.review
    row = ours(review.queue(sample.supervisor_id), sample)
    review._today = lambda: row.due_on + dt.timedelta(days=7)  # a week after the deadline
    queue = review.queue(sample.supervisor_id)
    late = ours(queue, sample)
    assert late.overdue and late.days_left <= -5
    assert queue[0].overdue


def test_holidays_move_the_deadline(sample: Sample) -> None:
    review = sample.services.review
    row = ours(review.queue(sample.supervisor_id), sample)
    off = [row.submitted_on + dt.timedelta(days=n) for n in range(1, 6)]
    review.calendar = WorkCalendar.of(holidays=off)
    later = ours(review.queue(sample.supervisor_id), sample)
    assert later.due_on > row.due_on


def test_comments_return_and_what_the_next_revision_changed(sample: Sample) -> None:
    services, review = sample.services, sample.services.review
    form = services.inspections.form(sample.inspection_id)
    key = sorted(form.answers)[0]
    with pytest.raises(NotAllowed):  # officer A does not comment on their own report
        review.add_comment(
            inspection_id=sample.inspection_id, item_key=key, text="?", actor_id=sample.inspector_id
        )
    comment = review.add_comment(
        inspection_id=sample.inspection_id,
        item_key=key,
        text="请补充说明资金用途",
        actor_id=sample.supervisor_id,
    )
    review.add_comment(
        inspection_id=sample.inspection_id,
        item_key="",
        text="照片不足",
        actor_id=sample.supervisor_id,
    )
    assert [c.text for c in review.comments(sample.inspection_id)] == [
        "请补充说明资金用途",
        "照片不足",
    ]
    services.inspections.return_for_revision(
        inspection_id=sample.inspection_id, actor_id=sample.supervisor_id, comment="补充后重新提交"
    )
    with pytest.raises(NotAllowed):  # no more comments once it is back with the inspector
        review.add_comment(
            inspection_id=sample.inspection_id,
            item_key=key,
            text="x",
            actor_id=sample.supervisor_id,
        )
    revision = services.inspections.reopen(
        inspection_id=sample.inspection_id, actor_id=sample.inspector_id
    )
    # the inspector sees the supervisor's comments on the items of the new revision
    addressed = review.comments_to_address(revision)
    assert [(c.item_key, c.text) for c in addressed] == [(key, comment.text), ("", "照片不足")]
    assert review.changes(sample.inspection_id) is None  # the first revision

    services.inspections.note(
        inspection_id=revision, key=key, text="资金用于购买原材料", actor_id=sample.inspector_id
    )
    removed = services.photos.photos(revision)[0]
    services.photos.remove(photo_id=removed.id, actor_id=sample.inspector_id)
    picture = Path(services.data_dir.root) / "extra.jpg"
    site_picture(9).save(picture, "JPEG")
    added = services.photos.import_file(
        inspection_id=revision, path=picture, actor_id=sample.inspector_id
    )
    changes = review.changes(revision)
    assert changes is not None and not changes.empty
    assert changes.returned_comment == "补充后重新提交"
    assert [(c.key, c.note_after) for c in changes.answers] == [(key, "资金用于购买原材料")]
    assert [p.sha256 for p in changes.photos_added] == [added.photo.sha256]
    assert [p.sha256 for p in changes.photos_removed] == [removed.sha256]


def test_approval_confirms_or_changes_the_risk_class_with_a_reason(sample: Sample) -> None:
    reports = sample.reports
    proposed = sample.services.inspections.form(sample.inspection_id)
    with sample.services.portfolio._sessions() as session:
        inspection = session.get(Inspection, sample.inspection_id)
        assert inspection is not None and inspection.proposed_risk_class is not None
        was = inspection.proposed_risk_class
    other = RiskClass.SPECIAL_MENTION if was is not RiskClass.SPECIAL_MENTION else RiskClass.NORMAL
    with pytest.raises(InvalidInput, match="reason"):
        reports.countersign(
            sample.inspection_id,
            sample.supervisor_id,
            PASS,
            handwriting(3),
            decision=RiskDecision(other),
        )
    assert reports.report_pdf(sample.inspection_id) is not None
    assert len(reports.signatures(sample.inspection_id)) == 2  # nothing signed
    reports.countersign(
        sample.inspection_id,
        sample.supervisor_id,
        PASS,
        handwriting(3),
        decision=RiskDecision(other, "应收账款逾期增加"),
    )
    with sample.services.portfolio._sessions() as session:
        inspection = session.get(Inspection, sample.inspection_id)
        assert inspection is not None
        assert inspection.status is InspectionStatus.APPROVED
        assert inspection.reviewed_by == sample.supervisor_id
        assert (inspection.reviewed_risk_class, inspection.risk_change_reason) == (
            other,
            "应收账款逾期增加",
        )
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "inspection.approve"))
        assert entry is not None and entry.details["risk_class"] == other.value
    assert proposed.status is InspectionStatus.SUBMITTED
    queue = sample.services.review.queue(sample.supervisor_id)
    assert sample.inspection_id not in [r.inspection_id for r in queue]


def test_a_key_opened_once_signs_a_pile_of_reports_until_it_locks(sample: Sample) -> None:
    reports, supervisor = sample.reports, sample.supervisor_id
    with pytest.raises(KeyLocked):
        reports.countersign(sample.inspection_id, supervisor, None, handwriting(3))
    with pytest.raises(WrongPassphrase):
        reports.unlock(supervisor, "not the passphrase")
    assert not reports.is_unlocked(supervisor)
    reports.unlock(supervisor, PASS)
    assert reports.is_unlocked(supervisor) and not reports.is_unlocked(sample.inspector_id)
    reports.countersign(sample.inspection_id, supervisor, None, handwriting(3))
    assert len(reports.signatures(sample.inspection_id)) == 3
    # idle past the lock time: the passphrase is asked again
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=31)
    reports._now = lambda: later
    assert not reports.is_unlocked(supervisor)
    reports.unlock(supervisor, PASS)
    reports.lock()
    assert not reports.is_unlocked(supervisor)
