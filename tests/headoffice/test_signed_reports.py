"""Signing through head office: a report version's PDF is checked before the inspection moves
— signed by the officer the record names (UID in the certificate), chaining to the
head-office CA, intact — on the real server, with real PAdES signatures (pyHanko) made with
keys the head-office CA issued to the accounts' user ids."""

import datetime as dt
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import signing_support as support
from headoffice_support import Sync, change, inspection, report_version, sha
from liveserver import LiveServer, LoanRefs

from headoffice.ca import CERT_FILE, DEMO_CA_PASSPHRASE, DEMO_PASSPHRASE, init_ca, issue_user
from postloan_desktop.domain.enums import Role
from postloan_desktop.reports.keys import LoadedKey, open_pkcs12
from postloan_desktop.reports.signing import add_signature_fields, sign_report

WHEN = {
    "inspector_a": support.NOW + dt.timedelta(minutes=5),
    "inspector_b": support.NOW + dt.timedelta(minutes=20),
    "supervisor": support.NOW + dt.timedelta(hours=1),
}
NAMES = {"inspector_a": "张三", "inspector_b": "李四", "supervisor": "王五"}


@dataclass(frozen=True)
class Signers:
    ca_certificate: Path
    ids: dict[str, uuid.UUID]  # by signature role: the accounts' ids, the certificates' UIDs
    keys: dict[str, LoadedKey]
    foreign_a: LoadedKey  # officer A's user id, from a CA head office does not know
    pdfs: dict[str, bytes]  # the report after each signature


def _issue(ca: Any, user_id: uuid.UUID, role: str) -> LoadedKey:
    issued = issue_user(
        ca,
        user_id=str(user_id),
        name=NAMES[role],
        role="supervisor" if role == "supervisor" else "inspector",
        branch="江汉支行",
        passphrase=DEMO_PASSPHRASE,
    )
    return open_pkcs12(issued.pkcs12, DEMO_PASSPHRASE)


def _sign(pdf: bytes, role: str, key: LoadedKey) -> bytes:
    return sign_report(
        pdf,
        role=role,
        signer=key,
        handwriting_png=support.handwriting_png(),
        when=WHEN[role],
        font=support.font(),
        location="武汉",
    )


@pytest.fixture(scope="module")
def signers(tmp_path_factory: pytest.TempPathFactory) -> Signers:
    folder = tmp_path_factory.mktemp("signers")
    ca = init_ca(folder / "ca", bank="示例银行", passphrase=DEMO_CA_PASSPHRASE)
    foreign = init_ca(folder / "foreign", bank="别的银行", passphrase=DEMO_CA_PASSPHRASE)
    ids = {role: uuid.uuid4() for role in NAMES}
    keys = {role: _issue(ca, ids[role], role) for role in NAMES}
    pdfs = {"laid_out": add_signature_fields(support.report_pdf(), support.BOXES)}
    previous = pdfs["laid_out"]
    for role in NAMES:
        previous = pdfs[role] = _sign(previous, role, keys[role])
    return Signers(
        ca.certificate_path,
        ids,
        keys,
        _issue(foreign, ids["inspector_a"], "inspector_a"),
        pdfs,
    )


class Office:
    """A server that trusts the test CA, with the signers' accounts and a loan."""

    def __init__(self, server: LiveServer, signers: Signers) -> None:
        self.server = server
        self.signers = signers
        self.branch = server.create_branch("0101")
        for role, username in (("inspector_a", "a"), ("inspector_b", "b"), ("supervisor", "s")):
            server.create_account(
                username,
                "0101",
                [Role.SUPERVISOR if role == "supervisor" else Role.INSPECTOR],
                display_name=NAMES[role],
                account_id=signers.ids[role],
            )
        self.loan: LoanRefs = server.add_loan(
            self.branch, officer_a=signers.ids["inspector_a"], officer_b=signers.ids["inspector_b"]
        )
        self.syncs: dict[str, Sync] = {}

    def sync(self, username: str) -> Sync:
        if username not in self.syncs:
            self.syncs[username] = Sync(self.server, self.server.login(username))
        return self.syncs[username]

    def draft(self) -> dict[str, Any]:
        data = inspection(
            self.loan.loan_id,
            officer_a=self.signers.ids["inspector_a"],
            officer_b=self.signers.ids["inspector_b"],
        )
        result = self.sync("a").push_one(change("inspection", data))
        assert result["outcome"] == "applied", result
        return data

    def version(self, draft: dict[str, Any], pdf: bytes, seq: int, role: str) -> dict[str, Any]:
        return report_version(
            draft["id"],
            pdf,
            seq=seq,
            role=role,
            signer=self.signers.ids[role],
            signer_name=NAMES[role],
        )


@pytest.fixture
def office(
    live_server_factory: Callable[..., LiveServer],
    server_database_url: str,
    tmp_path: Path,
    signers: Signers,
) -> Iterator[Office]:
    data_dir = tmp_path / "headoffice"
    (data_dir / "ca").mkdir(parents=True)
    shutil.copy(signers.ca_certificate, data_dir / "ca" / CERT_FILE)  # the trust anchor
    made = Office(live_server_factory(server_database_url, data_dir), signers)
    yield made
    for sync in made.syncs.values():
        sync.close()


def test_a_report_signed_by_a_b_and_the_supervisor_moves_the_inspection_along(
    office: Office, signers: Signers
) -> None:
    a, b, supervisor = office.sync("a"), office.sync("b"), office.sync("s")
    draft = office.draft()
    pdfs = signers.pdfs

    a.upload(pdfs["inspector_a"], chunk=64 * 1024)
    first = office.version(draft, pdfs["inspector_a"], 1, "inspector_a")
    signing = {**draft, "status": "signing"}
    results = a.push(change("report_version", first), change("inspection", signing, base=1))
    assert [(r["outcome"], r["code"]) for r in results] == [("applied", ""), ("applied", "")]

    b.upload(pdfs["inspector_b"])
    second = office.version(draft, pdfs["inspector_b"], 2, "inspector_b")
    submitted = {**signing, "status": "submitted", "submitted_at": WHEN["inspector_b"].isoformat()}
    results = b.push(change("report_version", second), change("inspection", submitted, base=2))
    assert [r["outcome"] for r in results] == ["applied", "applied"]

    supervisor.upload(pdfs["supervisor"])
    third = office.version(draft, pdfs["supervisor"], 3, "supervisor")
    approved = {
        **submitted,
        "status": "approved",
        "reviewed_at": WHEN["supervisor"].isoformat(),
        "reviewed_by": str(signers.ids["supervisor"]),
        "reviewed_risk_class": "normal",
    }
    results = supervisor.push(
        change("report_version", third), change("inspection", approved, base=3)
    )
    assert [r["outcome"] for r in results] == ["applied", "applied"]

    records, _ = a.pull_all()
    versions = sorted(
        (r for r in records if r["entity"] == "report_version"), key=lambda r: r["data"]["seq"]
    )
    assert [(v["data"]["seq"], v["complete"]) for v in versions] == [
        (1, True),
        (2, True),
        (3, True),
    ]
    assert [v["blobs"] for v in versions] == [
        [sha(pdfs[role])] for role in ("inspector_a", "inspector_b", "supervisor")
    ]
    final = next(r for r in records if r["entity"] == "inspection")
    assert (final["data"]["status"], final["version"]) == ("approved", 4)
    down = a.http.get(f"/blobs/{sha(pdfs['supervisor'])}")
    assert down.status_code == 200
    assert down.content == pdfs["supervisor"]


def test_the_signed_pdf_must_have_arrived_before_its_record(
    office: Office, signers: Signers
) -> None:
    a = office.sync("a")
    draft = office.draft()
    first = office.version(draft, signers.pdfs["inspector_a"], 1, "inspector_a")
    signing = {**draft, "status": "signing"}
    results = a.push(change("report_version", first), change("inspection", signing, base=1))
    assert [(r["outcome"], r["code"]) for r in results] == [
        ("rejected", "blob_missing"),
        ("rejected", "signature_missing"),
    ]
    # Half an upload is not an upload.
    pdf = signers.pdfs["inspector_a"]
    a.put_chunk(sha(pdf), pdf[:1000], offset=0, size=len(pdf))
    assert a.push_one(change("report_version", first))["code"] == "blob_missing"
    a.put_chunk(sha(pdf), pdf[1000:], offset=1000, size=len(pdf))
    results = a.push(change("report_version", first), change("inspection", signing, base=1))
    assert [r["outcome"] for r in results] == ["applied", "applied"]


def test_a_tampered_untrusted_or_wrong_report_is_refused(office: Office, signers: Signers) -> None:
    a = office.sync("a")
    draft = office.draft()
    pdfs = signers.pdfs
    tampered = support.flip_byte_in_first_page(pdfs["inspector_a"])
    foreign = _sign(pdfs["laid_out"], "inspector_a", signers.foreign_a)
    for pdf in (tampered, foreign, pdfs["laid_out"], pdfs["inspector_a"], pdfs["inspector_b"]):
        a.upload(pdf)
    a.upload(b"%PDF-1.7 not really")

    def push(pdf: bytes, **changes: Any) -> dict[str, Any]:
        data = {**office.version(draft, pdf, 1, "inspector_a"), **changes}
        return a.push_one(change("report_version", data))

    refusals = {
        "tampered": push(tampered),
        "foreign": push(foreign),
        "unsigned": push(pdfs["laid_out"]),
        "two signatures": push(pdfs["inspector_b"]),
        "not a pdf": push(b"%PDF-1.7 not really"),
    }
    for what, result in refusals.items():
        assert (result["outcome"], result["code"]) == ("rejected", "signature_invalid"), what
    assert "changed" in refusals["tampered"]["detail"]
    assert "chain" in refusals["foreign"]["detail"]
    assert "2 signatures where 1" in refusals["two signatures"]["detail"]

    # The record must name officer A as the signer of the first signature, in its role.
    other = push(pdfs["inspector_a"], signer_id=str(signers.ids["inspector_b"]))
    assert (other["outcome"], other["code"]) == ("rejected", "signer")
    wrong_role = push(pdfs["inspector_a"], role="inspector_b")
    assert (wrong_role["outcome"], wrong_role["code"]) == ("rejected", "bad_record")

    # None of it moved the inspection; the genuine report does.
    signing = {**draft, "status": "signing"}
    assert a.push_one(change("inspection", signing, base=1))["code"] == "signature_missing"
    assert push(pdfs["inspector_a"])["outcome"] == "applied"
    assert a.push_one(change("inspection", signing, base=1))["outcome"] == "applied"


def test_the_signature_must_be_by_the_officer_the_record_names(
    office: Office, signers: Signers
) -> None:
    """Inspector B's certificate on A's signature field: the record names A, the PDF says B."""
    a = office.sync("a")
    draft = office.draft()
    by_b = _sign(signers.pdfs["laid_out"], "inspector_a", signers.keys["inspector_b"])
    a.upload(by_b)
    result = a.push_one(change("report_version", office.version(draft, by_b, 1, "inspector_a")))
    assert (result["outcome"], result["code"]) == ("rejected", "signature_invalid")
    assert "not the signer" in result["detail"]
