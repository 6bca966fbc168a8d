"""The audit log (storage/audit.py): what is recorded can be read back as it was."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.storage.audit import record
from postloan_desktop.storage.models import AuditEntry, Branch, User


def test_recorded_entry_reads_back(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        branch = Branch(code="0101", name="江汉支行")
        session.add(branch)
        session.flush()
        user = User(username="u010100", display_name="王芳", branch_id=branch.id)
        session.add(user)
        session.flush()
        user_id = user.id
    inspection_id = uuid.uuid4()
    before = dt.datetime.now(dt.UTC)
    with sessions.begin() as session:
        entry = record(
            session,
            action="inspection.submitted",
            entity_type="inspection",
            entity_id=inspection_id,
            actor_id=user_id,
            details={"revision": 2, "comment": "经营正常，按时还款"},
        )
    # The id is assigned when the entry is written (a column default, not at construction).
    entry_id = entry.id
    assert entry_id is not None
    after = dt.datetime.now(dt.UTC)

    with sessions() as session:
        entries = session.execute(select(AuditEntry)).scalars().all()
    assert len(entries) == 1
    (read,) = entries
    assert read.id == entry_id
    assert read.action == "inspection.submitted"
    assert read.entity_type == "inspection"
    assert read.entity_id == inspection_id
    assert read.actor_id == user_id
    assert read.details == {"revision": 2, "comment": "经营正常，按时还款"}
    assert read.at.tzinfo is dt.UTC
    # SQLite keeps microseconds, so the time is exactly within the window.
    assert before <= read.at <= after


def test_entry_without_actor_or_details(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        record(session, action="demo.loaded", entity_type="portfolio", entity_id=None)
    with sessions() as session:
        read = session.execute(select(AuditEntry)).scalar_one()
    assert read.actor_id is None
    assert read.entity_id is None
    assert read.details == {}


def test_entries_accumulate(sessions: sessionmaker[Session]) -> None:
    loan_id = uuid.uuid4()
    for action in ("loan.viewed", "inspection.started", "answer.saved"):
        with sessions.begin() as session:
            record(session, action=action, entity_type="loan", entity_id=loan_id)
    with sessions() as session:
        actions = (
            session.execute(select(AuditEntry.action).where(AuditEntry.entity_id == loan_id))
            .scalars()
            .all()
        )
    assert sorted(actions) == ["answer.saved", "inspection.started", "loan.viewed"]


def test_unknown_actor_is_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(IntegrityError), sessions.begin() as session:
        record(session, action="x", entity_type="loan", entity_id=None, actor_id=uuid.uuid4())
