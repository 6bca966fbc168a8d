"""Signing inspection reports through the report service (issue 5): inspector A certifies the
report and freezes the inspection, B signs, the supervisor countersigns and approves — with
the demo keys a demo folder makes on first use. Who may sign when, withdrawing, returning and
re-signing with the history kept, and what a full disk, a wrong passphrase or a change made
while signing leave behind: nothing.

One data folder is prepared per module (the sample report's: demo portfolio, a complete
inspection with photos, demo keys for its signers); each test works on its own copy."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from postloan_desktop.domain.enums import InspectionStatus, Role, SignatureRole
from postloan_desktop.domain.errors import Conflict, DiskFull, InvalidInput, NotAllowed, NotFound
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.domain.workflow import SignerNotAllowed
from postloan_desktop.reports.keys import (
    KeyNotImported,
    TrustAnchorMissing,
    WrongPassphrase,
)
from postloan_desktop.reports.signing import signature_fields
from postloan_desktop.services.bootstrap import Services, open_services
from postloan_desktop.services.demo_keys import DEMO_KEY_PASSPHRASE
from postloan_desktop.services.inspections import Incomplete
from postloan_desktop.services.report_sample import SAMPLE_TODAY, handwriting, prepare_sample
from postloan_desktop.services.reports import ReportService
from postloan_desktop.services.signing_dto import KeyOfAnotherUser, SignResult
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import AuditEntry, Inspection, Loan, ReportVersion, UserRole

A, B, S = SignatureRole.INSPECTOR_A, SignatureRole.INSPECTOR_B, SignatureRole.SUPERVISOR
PASS = DEMO_KEY_PASSPHRASE


@dataclass(frozen=True)
class People:
    inspection: InspectionId
    loan: LoanId
    a: UserId
    b: UserId
    supervisor: UserId
    colleague: UserId  # an inspector of the loan's branch who is neither A nor B
    stranger: UserId  # an inspector of another branch


@dataclass
class Setting:
    root: Path
    services: Services
    people: People

    @property
    def reports(self) -> ReportService:
        return self.services.reports

    def status(self, inspection: InspectionId | None = None) -> InspectionStatus:
        return self.services.inspections.form(inspection or self.people.inspection).status

    def versions(self) -> int:
        with self.services.portfolio._sessions() as session:
            return session.execute(select(func.count()).select_from(ReportVersion)).scalar_one()

    def loan_due(self) -> tuple[object, object]:
        detail = self.services.portfolio.loan_detail(self.people.loan)
        return detail.next_inspection_kind, detail.next_inspection_due

    def blobs(self) -> set[str]:
        return set(BlobStore(self.root / "blobs"))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, People]:
    root = tmp_path_factory.mktemp("signing") / "data"
    sample = prepare_sample(root)
    staff = sample.services.inspections.staff()
    branch = next(m.branch_id for m in staff if m.id == sample.inspector_id)
    taken = {sample.inspector_id, sample.officer_b_id}
    colleague = next(
        m.id
        for m in staff
        if m.branch_id == branch and Role.INSPECTOR in m.roles and m.id not in taken
    )
    stranger = next(m.id for m in staff if m.branch_id != branch and Role.INSPECTOR in m.roles)
    for user in (sample.inspector_id, sample.officer_b_id, sample.supervisor_id, colleague):
        assert sample.reports.key_status(user).imported  # demo keys, made once here
    people = People(
        sample.inspection_id,
        sample.loan_id,
        sample.inspector_id,
        sample.officer_b_id,
        sample.supervisor_id,
        colleague,
        stranger,
    )
    return root, people


@pytest.fixture
def setting(prepared: tuple[Path, People], tmp_path: Path) -> Iterator[Setting]:
    source, people = prepared
    root = tmp_path / "data"
    shutil.copytree(source, root)  # the database with its WAL, blobs, keys, demo CA
    yield Setting(root, open_services(root, today=SAMPLE_TODAY), people)


def sign_as(
    setting: Setting, user: UserId, n: int = 0, inspection: InspectionId | None = None
) -> SignResult:
    target = inspection or setting.people.inspection
    return setting.reports.sign(target, user, PASS, handwriting(n))


# --- the flow ------------------------------------------------------------------------------


def test_a_certifies_b_signs_the_supervisor_countersigns(setting: Setting) -> None:
    reports, p = setting.reports, setting.people
    due_before = setting.loan_due()
    assert [reports.next_signature(p.inspection, u) for u in (p.a, p.b, p.supervisor)] == [
        A,
        None,
        None,
    ]
    assert reports.report_pdf(p.inspection) is None and reports.signatures(p.inspection) == []

    first = sign_as(setting, p.a)
    assert (first.role, first.status) == (A, InspectionStatus.SIGNING)
    form = setting.services.inspections.form(p.inspection, actor_id=p.a)
    assert form.status is InspectionStatus.SIGNING and not form.editable
    # A's signature is the sign-off: the visit counts as done for the due dates.
    assert setting.loan_due() != due_before
    assert [reports.next_signature(p.inspection, u) for u in (p.a, p.b, p.supervisor)] == [
        None,
        B,
        None,
    ]
    second = sign_as(setting, p.b, 1)
    assert (second.role, second.status) == (B, InspectionStatus.SUBMITTED)
    assert reports.next_signature(p.inspection, p.supervisor) is S
    third = reports.countersign(p.inspection, p.supervisor, PASS, handwriting(2))
    assert (third.role, third.status) == (S, InspectionStatus.APPROVED)
    assert setting.status() is InspectionStatus.APPROVED

    pdf = reports.report_pdf(p.inspection)
    assert pdf is not None and third.report_sha256 == BlobStore(setting.root / "blobs").put_bytes(
        pdf
    )
    check = reports.verify_pdf(pdf)
    assert check.ok and check.certification == "fill_forms"
    names = {m.id: m.name for m in setting.services.inspections.staff()}
    assert [(c.role, c.signer, c.intact, c.trusted) for c in check.signatures] == [
        ("inspector_a", names[p.a], True, True),
        ("inspector_b", names[p.b], True, True),
        ("supervisor", names[p.supervisor], True, True),
    ]
    signatures = reports.signatures(p.inspection)
    assert [(s.role, s.signer_id, s.signer_name) for s in signatures] == [
        (A, p.a, names[p.a]),
        (B, p.b, names[p.b]),
        (S, p.supervisor, names[p.supervisor]),
    ]
    assert [s.report_sha256 for s in signatures] == [
        first.report_sha256,
        second.report_sha256,
        third.report_sha256,
    ]
    assert signatures[0].signed_at <= signatures[1].signed_at <= signatures[2].signed_at

    # Every version kept: laid out with three empty fields, then one incremental update each.
    with setting.services.portfolio._sessions() as session:
        versions = (
            session.execute(
                select(ReportVersion)
                .where(ReportVersion.inspection_id == p.inspection)
                .order_by(ReportVersion.seq)
            )
            .scalars()
            .all()
        )
    assert [(v.seq, v.role) for v in versions] == [(0, None), (1, A), (2, B), (3, S)]
    blobs = BlobStore(setting.root / "blobs")
    pdfs = [blobs.read(v.sha256) for v in versions]
    fields = signature_fields(pdfs[0])
    assert list(fields) == ["inspector_a", "inspector_b", "supervisor"]
    assert not any(f.signed for f in fields.values())
    for before, after in itertools.pairwise(pdfs):
        assert after.startswith(before)  # incremental: the earlier bytes stay as signed
    assert len({v.content_digest for v in versions}) == 1
    with setting.services.portfolio._sessions() as session:
        actions = session.execute(
            select(AuditEntry.action, AuditEntry.details)
            .where(AuditEntry.entity_id == p.inspection)
            .order_by(AuditEntry.at)
        ).all()
    assert [a for a, _ in actions][-3:] == [
        "inspection.sign",
        "inspection.sign",
        "inspection.approve",
    ]
    assert actions[-1][1]["report"] == third.report_sha256


def test_the_product_submits_and_approves_only_by_signing(setting: Setting) -> None:
    p = setting.people
    with pytest.raises(NotAllowed, match="by signing"):
        setting.services.inspections.submit(inspection_id=p.inspection, actor_id=p.a)
    sign_as(setting, p.a)
    sign_as(setting, p.b)
    with pytest.raises(NotAllowed, match="by signing"):
        setting.services.inspections.approve(inspection_id=p.inspection, actor_id=p.supervisor)
    assert setting.status() is InspectionStatus.SUBMITTED


# --- who signs when ------------------------------------------------------------------------


def test_order_and_roles_are_enforced(setting: Setting) -> None:
    reports, p = setting.reports, setting.people
    refusals = [
        (p.b, "not_officer_a"),  # B before A
        (p.colleague, "not_officer_a"),  # an inspector of the branch who is not an officer
        (p.stranger, "not_inspector"),  # an inspector of another branch
        (p.supervisor, "not_inspector"),
    ]
    for user, reason in refusals:
        assert reports.next_signature(p.inspection, user) is None
        with pytest.raises(SignerNotAllowed) as info:
            sign_as(setting, user)
        assert info.value.reason == reason, user
    with pytest.raises(NotAllowed):  # countersigning a draft
        reports.countersign(p.inspection, p.supervisor, PASS, None)
    assert setting.status() is InspectionStatus.DRAFT and setting.versions() == 0

    sign_as(setting, p.a)
    for user, reason in ((p.a, "not_officer_b"), (p.colleague, "not_officer_b")):
        with pytest.raises(SignerNotAllowed) as info:
            sign_as(setting, user)
        assert info.value.reason == reason
    with pytest.raises(NotAllowed):  # the supervisor before B
        reports.countersign(p.inspection, p.supervisor, PASS, None)
    sign_as(setting, p.b)
    with pytest.raises(NotAllowed):  # B may not countersign (not a supervisor)
        reports.countersign(p.inspection, p.b, PASS, None)
    assert setting.status() is InspectionStatus.SUBMITTED and setting.versions() == 3


def test_a_and_b_must_be_two_people(setting: Setting) -> None:
    """The A/B rule: two responsible officers. Refused when the inspection is started, and
    at signing for an inspection that got there anyway."""
    inspections, p = setting.services.inspections, setting.people
    with pytest.raises(InvalidInput, match="A/B rule"):
        inspections.start(loan_id=p.loan, actor_id=p.a, officer_b_id=p.a)
    with setting.services.portfolio._sessions.begin() as session:  # a draft takes the change
        inspection = session.get(Inspection, p.inspection)
        assert inspection is not None
        inspection.officer_b_id = p.a
    with pytest.raises(SignerNotAllowed) as info:
        sign_as(setting, p.a)
    assert info.value.reason == "same_officer" and "A/B rule" in str(info.value)
    assert setting.status() is InspectionStatus.DRAFT


def test_a_signs_only_a_complete_inspection(setting: Setting) -> None:
    p = setting.people
    setting.services.inspections.answer(
        inspection_id=p.inspection, key="opinion", value=None, actor_id=p.a
    )
    with pytest.raises(Incomplete) as info:
        sign_as(setting, p.a)
    assert info.value.missing == ("opinion",) and isinstance(info.value, InvalidInput)
    assert setting.status() is InspectionStatus.DRAFT and setting.versions() == 0


# --- frozen --------------------------------------------------------------------------------


def test_signing_freezes_the_inspection_for_every_service(setting: Setting, tmp_path: Path) -> None:
    services, p = setting.services, setting.people
    photo = services.photos.photos(p.inspection)[0]
    item = services.collateral.notes(p.inspection).entries[0].collateral.id
    sign_as(setting, p.a)
    attempts: list[Callable[[], object]] = [
        lambda: services.inspections.answer(
            inspection_id=p.inspection, key="opinion", value="改", actor_id=p.a
        ),
        lambda: services.inspections.note(
            inspection_id=p.inspection, key="funds_diverted", text="改", actor_id=p.a
        ),
        lambda: services.photos.set_caption(photo_id=photo.id, caption="改", actor_id=p.a),
        lambda: services.photos.remove(photo_id=photo.id, actor_id=p.a),
        lambda: services.collateral.save_note(
            inspection_id=p.inspection, collateral_id=item, actor_id=p.a, notes="改"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed, match="frozen"):
            attempt()
    assert services.photos.photos(p.inspection)[0].caption == photo.caption


# --- withdraw, return, re-sign -------------------------------------------------------------


def test_withdraw_keeps_the_half_signed_report_in_the_history(setting: Setting) -> None:
    reports, p = setting.reports, setting.people
    due_before = setting.loan_due()
    signed = sign_as(setting, p.a)
    with pytest.raises(SignerNotAllowed, match="officer A"):
        reports.withdraw(p.inspection, p.b)
    second = reports.withdraw(p.inspection, p.a)
    assert setting.status() is InspectionStatus.WITHDRAWN
    form = setting.services.inspections.form(second, actor_id=p.a)
    assert form.status is InspectionStatus.DRAFT and form.revision == 2 and form.editable
    assert form.answers == setting.services.inspections.form(p.inspection).answers
    assert setting.loan_due() == due_before  # the withdrawn sign-off no longer counts
    with pytest.raises(NotAllowed):
        reports.withdraw(p.inspection, p.a)
    half = reports.report_pdf(p.inspection)
    assert half is not None and [s.role for s in reports.signatures(p.inspection)] == [A]
    assert reports.verify_pdf(half).ok
    assert reports.report_pdf(second) is None and reports.next_signature(second, p.a) is A
    assert next(r.id for r in setting.services.inspections.my_inspections()) == second

    again = sign_as(setting, p.a, inspection=second)
    assert again.report_sha256 != signed.report_sha256
    assert reports.report_pdf(p.inspection) == half  # still there, unchanged


def test_returned_after_signing_reopened_and_signed_again(setting: Setting) -> None:
    reports, inspections, p = setting.reports, setting.services.inspections, setting.people
    sign_as(setting, p.a)
    submitted = sign_as(setting, p.b, 1)
    inspections.return_for_revision(
        inspection_id=p.inspection, actor_id=p.supervisor, comment="请补拍仓库照片"
    )
    assert setting.status() is InspectionStatus.RETURNED
    assert reports.next_signature(p.inspection, p.supervisor) is None
    second = inspections.reopen(inspection_id=p.inspection, actor_id=p.a)
    with pytest.raises(Conflict, match="already"):
        inspections.reopen(inspection_id=p.inspection, actor_id=p.a)
    inspections.answer(
        inspection_id=second, key="opinion", value="已补拍仓库照片，存货正常。", actor_id=p.a
    )
    sign_as(setting, p.a, inspection=second)
    sign_as(setting, p.b, 1, inspection=second)
    approved = reports.countersign(second, p.supervisor, PASS, handwriting(2))
    assert approved.status is InspectionStatus.APPROVED

    first_pdf, second_pdf = reports.report_pdf(p.inspection), reports.report_pdf(second)
    assert first_pdf is not None and second_pdf is not None and first_pdf != second_pdf
    assert BlobStore(setting.root / "blobs").put_bytes(first_pdf) == submitted.report_sha256
    first_check = reports.verify_pdf(first_pdf)
    assert first_check.ok and [s.role for s in first_check.signatures] == [
        "inspector_a",
        "inspector_b",
    ]
    assert first_check.unsigned_fields == ("supervisor",)
    assert len(reports.verify_pdf(second_pdf).signatures) == 3


# --- nothing changes when signing fails ----------------------------------------------------


@pytest.mark.parametrize("failing_write", [1, 2])
def test_a_full_disk_while_a_signs_changes_nothing(
    setting: Setting, monkeypatch: pytest.MonkeyPatch, failing_write: int
) -> None:
    """A's signature writes two PDFs (laid out, signed): whichever write fails, the
    inspection stays a draft, the loan as it was, no version is recorded and no blob is
    left behind."""
    p = setting.people
    due, blobs = setting.loan_due(), setting.blobs()
    real = BlobStore.put_bytes
    calls = []

    def put_bytes(self: BlobStore, data: bytes) -> str:
        calls.append(len(data))
        if len(calls) == failing_write:
            raise DiskFull("the disk is full while writing to blobs")
        return real(self, data)

    monkeypatch.setattr(BlobStore, "put_bytes", put_bytes)
    with pytest.raises(DiskFull):
        sign_as(setting, p.a)
    assert setting.status() is InspectionStatus.DRAFT
    assert setting.versions() == 0 and setting.loan_due() == due
    assert setting.blobs() == blobs
    monkeypatch.undo()
    assert sign_as(setting, p.a).status is InspectionStatus.SIGNING  # and then it works


def test_a_full_disk_while_b_signs_changes_nothing(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = setting.people
    sign_as(setting, p.a)
    before, blobs = setting.reports.report_pdf(p.inspection), setting.blobs()

    def full(self: BlobStore, data: bytes) -> str:
        raise DiskFull("the disk is full while writing to blobs")

    monkeypatch.setattr(BlobStore, "put_bytes", full)
    with pytest.raises(DiskFull):
        sign_as(setting, p.b)
    assert setting.status() is InspectionStatus.SIGNING and setting.versions() == 2
    assert setting.reports.report_pdf(p.inspection) == before and setting.blobs() == blobs


def test_a_wrong_passphrase_changes_nothing(setting: Setting) -> None:
    p = setting.people
    blobs = setting.blobs()
    with pytest.raises(WrongPassphrase):
        setting.reports.sign(p.inspection, p.a, "not my passphrase", None)
    assert setting.status() is InspectionStatus.DRAFT
    assert setting.versions() == 0 and setting.blobs() == blobs
    sign_as(setting, p.a)
    with pytest.raises(WrongPassphrase):
        setting.reports.sign(p.inspection, p.b, "", handwriting(1))
    assert setting.status() is InspectionStatus.SIGNING and setting.versions() == 2


def test_a_change_made_while_a_signs_is_refused(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer autosaved after the report was laid out but before the signature was
    recorded: the signed report would not say what the records say. Refused, nothing kept."""
    from postloan_desktop.reports import signing

    p, services = setting.people, setting.services
    blobs = setting.blobs()
    real = signing.sign_report

    def sign_and_meanwhile_answer(pdf: bytes, **kwargs: object) -> bytes:
        services.inspections.answer(
            inspection_id=p.inspection, key="opinion", value="签字时改的意见", actor_id=p.a
        )
        return real(pdf, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(signing, "sign_report", sign_and_meanwhile_answer)
    with pytest.raises(Conflict, match="changed while"):
        sign_as(setting, p.a)
    assert setting.status() is InspectionStatus.DRAFT
    assert setting.versions() == 0 and setting.blobs() == blobs


def test_an_inspection_submitted_without_a_report_cannot_be_countersigned(
    setting: Setting,
) -> None:
    """The demo's history has submitted inspections from before reports were signed: the
    supervisor can return them, not countersign them."""
    with setting.services.portfolio._sessions() as session:
        old, supervisor = session.execute(
            select(Inspection.id, UserRole.user_id)
            .join(Loan, Inspection.loan_id == Loan.id)
            .join(UserRole, UserRole.branch_id == Loan.branch_id)
            .where(
                Inspection.status == InspectionStatus.SUBMITTED,
                UserRole.role == Role.SUPERVISOR,
                UserRole.user_id.not_in([Inspection.officer_a_id, Inspection.officer_b_id]),
            )
            .limit(1)
        ).one()
    reports = setting.reports
    assert reports.next_signature(InspectionId(old), UserId(supervisor)) is None
    with pytest.raises(NotAllowed, match="no signed report"):
        reports.countersign(InspectionId(old), UserId(supervisor), PASS, None)


# --- keys ----------------------------------------------------------------------------------


def test_demo_keys_are_made_on_first_use_in_the_officers_names(setting: Setting) -> None:
    reports, p = setting.reports, setting.people
    assert reports.demo_passphrase() == PASS
    names = {m.id: m.name for m in setting.services.inspections.staff()}
    status = reports.key_status(p.b)
    assert status.imported and status.trust_anchor_installed and status.subject == names[p.b]
    assert status.not_after is not None and status.not_after > dt.datetime.now(dt.UTC)
    stranger = setting.root / "keys" / f"{p.stranger}.p12"
    assert not stranger.exists()  # nobody asked for it yet
    status = reports.key_status(p.stranger)  # made now, on first use
    assert status.imported and status.subject == names[p.stranger] and stranger.exists()


def test_a_key_file_is_imported_only_by_its_owner(setting: Setting) -> None:
    reports, p = setting.reports, setting.people
    mine = (setting.root / "keys" / f"{p.b}.p12").read_bytes()
    with pytest.raises(KeyOfAnotherUser):
        reports.import_key(p.a, mine, PASS)
    with pytest.raises(WrongPassphrase):
        reports.import_key(p.b, mine, "wrong")
    status = reports.import_key(p.b, mine, PASS)
    assert status.imported


def test_outside_a_demo_folder_keys_must_be_imported(tmp_path: Path) -> None:
    """A folder with real data gets no demo keys, whatever happens."""
    services = open_services(tmp_path)
    reports = services.reports
    user = UserId(uuid.uuid4())
    assert reports.demo_passphrase() is None
    status = reports.key_status(user)
    assert (status.imported, status.subject, status.not_after) == (False, None, None)
    assert not status.trust_anchor_installed
    with pytest.raises(TrustAnchorMissing):
        reports.verify_pdf(b"%PDF-1.7")
    with pytest.raises(KeyNotImported):
        reports._load_key(user, PASS)
    with pytest.raises(NotFound):
        reports.next_signature(InspectionId(uuid.uuid4()), user)


def test_the_demo_passphrases_are_head_offices_demo_ones() -> None:
    from headoffice import ca
    from postloan_desktop.services import demo_keys

    assert demo_keys.DEMO_KEY_PASSPHRASE == ca.DEMO_PASSPHRASE
    assert demo_keys.DEMO_CA_PASSPHRASE == ca.DEMO_CA_PASSPHRASE
