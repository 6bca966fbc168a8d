"""The review cycle across laptops and head office (issue 7, "Done when"): inspectors A and B
sign, the supervisor returns the report with comments, the inspector revises and re-signs,
the supervisor approves and countersigns; `postloan verify` and poppler's `pdfsig` find three
valid signatures on the final PDF, and the first revision stays in the history."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import signing_support as support
from liveserver import LiveServer
from sqlalchemy import select
from sync_support import KEY_PASSPHRASE, Branch, Laptop

from headoffice.models import Record
from postloan_desktop.domain.enums import InspectionStatus, RiskClass
from postloan_desktop.domain.ids import InspectionId, UserId
from postloan_desktop.services.inspections import RiskDecision
from postloan_desktop.services.report_sample import handwriting
from postloan_desktop.storage.models import Inspection, ReportVersion, ReviewComment


def records(server: LiveServer, entity: str) -> list[Record]:
    with server.session() as session:
        rows = list(session.scalars(select(Record).where(Record.entity == entity)))
        for row in rows:
            session.expunge(row)
        return rows


def test_return_revise_resign_approve_and_three_valid_signatures(
    office: tuple[LiveServer, Branch], laptop: Callable[[str, LiveServer], Laptop], tmp_path
) -> None:
    server, setup = office
    field = laptop("a", server)
    field.login(setup.a)
    field.sync()
    first = field.fill_inspection(setup.loan, setup.a, photos=2)
    field.take_keys(setup, setup.a, setup.b)
    field.sign(first, setup.a, 1)
    field.sign(first, setup.b, 2)
    field.sync()

    # the supervisor's laptop: the report is in the queue; comments, then a return
    desk = laptop("s", server)
    desk.login(setup.supervisor)
    desk.sync()
    supervisor = UserId(setup.supervisor.id)
    review = desk.services.review
    [row] = review.queue(supervisor)
    assert row.inspection_id == first and not row.resubmitted
    item = sorted(desk.services.inspections.form(first).answers)[0]
    review.add_comment(
        inspection_id=first, item_key=item, text="请补充受托支付凭证编号", actor_id=supervisor
    )
    desk.services.inspections.return_for_revision(
        inspection_id=first, actor_id=supervisor, comment="资金用途说明不足"
    )
    assert desk.sync().rejected == 0, desk.services.sync.conflicts()

    # the inspector gets it back with the comment, revises and both sign again
    field.sync()
    assert field.services.inspections.form(first).status is InspectionStatus.RETURNED
    second = field.services.inspections.reopen(inspection_id=first, actor_id=UserId(setup.a.id))
    [comment] = field.services.review.comments_to_address(second)
    assert (comment.item_key, comment.text) == (item, "请补充受托支付凭证编号")
    field.services.inspections.note(
        inspection_id=second,
        key=item,
        text="受托支付凭证3笔，编号 STZF-2611-001 至 003",
        actor_id=UserId(setup.a.id),
    )
    field.sign(second, setup.a, 3)
    field.sign(second, setup.b, 4)
    assert field.sync().rejected == 0, field.services.sync.conflicts()

    # the supervisor sees what changed, approves (confirming the class) and countersigns
    desk.sync()
    [row] = review.queue(supervisor)
    assert row.inspection_id == second and row.resubmitted
    changes = review.changes(InspectionId(second))
    assert changes is not None and changes.returned_comment == "资金用途说明不足"
    assert [c.key for c in changes.answers] == [item]
    desk.take_keys(setup, setup.supervisor)
    desk.services.reports.unlock(supervisor, KEY_PASSPHRASE)
    proposed = _proposed(desk, second)
    assert proposed is not None
    changed = RiskClass.SPECIAL_MENTION if proposed is RiskClass.NORMAL else RiskClass.NORMAL
    desk.services.reports.countersign(
        second, supervisor, None, handwriting(5), decision=RiskDecision(changed, "复核后调整")
    )
    assert desk.sync().rejected == 0, desk.services.sync.conflicts()
    field.sync()
    assert field.services.inspections.form(second).status is InspectionStatus.APPROVED

    # head office: the approved revision, and the first one kept with its own signed PDF
    inspections = {r.id: r.data for r in records(server, "inspection")}
    assert inspections[first]["status"] == "returned"
    assert inspections[second]["status"] == "approved"
    assert inspections[second]["reviewed_risk_class"] == changed.value
    assert inspections[second]["risk_change_reason"] == "复核后调整"
    assert inspections[second]["previous_revision_id"] == str(first)
    versions = sorted(
        (r.data["inspection_id"], r.data["seq"]) for r in records(server, "report_version")
    )
    assert versions == sorted(
        [(str(first), n) for n in (0, 1, 2)] + [(str(second), n) for n in (0, 1, 2, 3)]
    )
    assert [r.data["text"] for r in records(server, "review_comment")] == [comment.text]

    # the final PDF, as head office holds it, checked by independent tools
    with desk.services.portfolio._sessions() as session:
        final = session.scalar(
            select(ReportVersion).where(
                ReportVersion.inspection_id == second, ReportVersion.seq == 3
            )
        )
        assert session.scalar(select(ReviewComment)) is not None
        assert session.get(Inspection, second) is not None
    assert final is not None
    pdf = server.data_dir / "blobs" / final.sha256[:2] / final.sha256[2:4] / final.sha256
    assert pdf.is_file()
    ca = server.data_dir / "ca" / "ca-cert.pem"
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "postloan_desktop",
            "verify",
            str(pdf),
            "--trust",
            str(ca),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    verdict = json.loads(checked.stdout)
    assert len(verdict["signatures"]) == 3
    nss = support.nss_database(tmp_path / "nss", ca)
    signatures = support.pdfsig(pdf, nss)
    assert [s.field for s in signatures] == ["inspector_a", "inspector_b", "supervisor"]
    assert all(s.signature == "Signature is Valid." for s in signatures), signatures
    assert all(s.certificate == "Certificate is Trusted." for s in signatures), signatures
    assert support.qpdf_check(pdf).returncode == 0


def _proposed(laptop: Laptop, inspection: InspectionId) -> RiskClass | None:
    with laptop.services.portfolio._sessions() as session:
        row = session.get(Inspection, inspection)
        return row.proposed_risk_class if row is not None else None
