"""Inspection reports: gather what an inspection says into a ``ReportContent`` (in the report's
language) and lay it out as a PDF — a watermarked preview at any time, or the unsigned report
of a complete inspection, ready for signing.

The content comes from the other services' snapshots (the form, the loan's detail, the photos,
the collateral notes) plus a few facts no snapshot carries (the inspection's place, the
branch's code, who approved it). ReportLab is imported only when a PDF is made.

Signing (issue 5): the report is laid out once, when inspector A signs, with empty fields for
A, B and the supervisor; each signature is an incremental update (``reports.signing``). Every
version of the PDF — laid out with its fields, then after each signature — is a blob named
by a ``ReportVersion`` row of the inspection revision; the current PDF is the newest. Keys
live in the data folder's key store (``reports.keys``); in a demo folder they are made on
first use (``services.demo_keys``). pyHanko and cryptography are loaded only when a key or
a signature is touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.collateral import (
    DEFAULT_COVERAGE_THRESHOLD,
    CollateralCondition,
    coverage_ratio,
    coverage_warning,
    current_value,
    value_change,
)
from postloan_desktop.domain.enums import BorrowerType, OfficerRank, Role, SignatureRole
from postloan_desktop.domain.errors import Conflict, InvalidInput, NotAllowed
from postloan_desktop.domain.ids import InspectionId, UserId
from postloan_desktop.domain.money import format_fen
from postloan_desktop.domain.workflow import InspectionAction, check_actor, move
from postloan_desktop.reports import labels
from postloan_desktop.reports.content import (
    CollateralRow,
    Coverage,
    ItemState,
    LoanSummary,
    ReportContent,
    ReportItem,
    ReportPhoto,
    ReportSection,
    RiskSignal,
    SignalLevel,
    SignatureSlot,
    report_digest,
)
from postloan_desktop.services.collateral import CollateralService
from postloan_desktop.services.demo_keys import DEMO_KEY_PASSPHRASE, DEMO_STATE_KEY
from postloan_desktop.services.dto import CollateralInfo, LoanDetail
from postloan_desktop.services.inspection_dto import InspectionForm
from postloan_desktop.services.inspections import (
    Incomplete,
    InspectionService,
    RiskDecision,
    decide_risk,
    get_inspection,
    roles_in_branch,
    validation_report,
)
from postloan_desktop.services.photos import PhotoRecord, PhotoService
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.services.signing_dto import (
    KeyOfAnotherUser,
    KeyStatus,
    SignatureInfo,
    SignResult,
)
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import (
    AppState,
    AuditEntry,
    Branch,
    Inspection,
    Loan,
    ReportVersion,
    User,
    UserRole,
)
from postloan_desktop.storage.types import utcnow

if TYPE_CHECKING:
    from postloan_desktop.forms.engine import CollateralRef, ItemInstance
    from postloan_desktop.reports.keys import KeyStore, LoadedKey
    from postloan_desktop.reports.layout import LaidOut
    from postloan_desktop.reports.verify import ReportCheck

CONCLUSION_SECTION = "conclusion"  # resources/checklists/conclusion.yaml
WARNINGS_HANDLING_KEY = "warnings_handling"
MATURITY_NOTICE_DAYS = 31

# The report's own wording for what the loan's records flag (zh, en).
_WARNINGS = {
    "principal": (
        "本金自 {since} 起逾期，逾期本金 {amount} 元。",
        "Principal overdue since {since}: {amount} yuan.",
    ),
    "interest": (
        "自 {since} 起欠息，欠息 {amount} 元。",
        "Interest unpaid since {since}: {amount} yuan.",
    ),
    "officers": (
        "贷款余额 {balance} 元，A、B角中须有一人为{rank}或以上，现配置不符合规定。",
        "A balance of {balance} yuan needs a {rank} or above as officer A or B; "
        "the loan's officers do not meet this.",
    ),
    "coverage": (
        "押品覆盖倍数 {ratio}，低于 {threshold} 倍的预警线。",
        "Collateral cover {ratio} is below the {threshold} threshold.",
    ),
    "maturity": (
        "贷款将于 {date} 到期，应发出提示归还到期贷款通知书。",
        "The loan matures on {date}: the maturity notice is due.",
    ),
}
_RANKS = {
    OfficerRank.VICE_PRESIDENT: ("支行副行长", "sub-branch vice-president"),
    OfficerRank.PRESIDENT: ("支行行长", "sub-branch president"),
    OfficerRank.OFFICER: ("客户经理", "loan officer"),
}
_YES_NO_NA = {"yes": ("是", "Yes"), "no": ("否", "No"), "na": ("不适用", "Not applicable")}


def write_pdf(path: Path, data: bytes) -> None:
    """All of ``data`` at ``path`` or, if writing fails (a full disk), the file as it was:
    a temp file beside it, fsynced, then renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _latest(session: Session, inspection_id: uuid.UUID) -> ReportVersion | None:
    """The newest version of an inspection revision's report, if it has one."""
    return session.execute(
        select(ReportVersion)
        .where(ReportVersion.inspection_id == inspection_id)
        .order_by(ReportVersion.seq.desc())
        .limit(1)
    ).scalar_one_or_none()


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def mask_id_number(id_number: str, kind: BorrowerType) -> str:
    """An individual's ID card number with its middle hidden (420102********1234); an
    enterprise's unified social credit code is public and printed whole."""
    text = id_number.strip()
    if kind is BorrowerType.ENTERPRISE or len(text) < 10:
        return text
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def answer_text(
    instance: ItemInstance, value: Any, collateral: Sequence[CollateralRef], language: str
) -> str:
    """An answer as the officer sees it in the editor, in the report's language."""
    from postloan_desktop.forms.schema import ItemType

    item = instance.item
    options = {o.value: o.label.get(language) for o in item.options or []}
    match item.type:
        case ItemType.YES_NO_NA:
            pair = _YES_NO_NA.get(str(value))
            return _pick(pair, language) if pair else str(value)
        case ItemType.SINGLE_CHOICE:
            return options.get(str(value), str(value))
        case ItemType.MULTIPLE_CHOICE:
            chosen = [options.get(str(v), str(v)) for v in value]
            return ("、" if language == "zh" else ", ").join(chosen)
        case ItemType.NUMBER:
            unit = item.unit.get(language) if item.unit else ""
            return f"{_number(value)} {unit}".strip()
        case ItemType.PERCENT:
            return f"{_number(value)}%"
        case ItemType.MONEY:
            return (
                f"{format_fen(int(value))} 元" if language == "zh" else f"{format_fen(value)} yuan"
            )
        case ItemType.COLLATERAL:
            return next((c.label for c in collateral if c.id == str(value)), str(value))
    return str(value)


UNLOCK_MINUTES = 30.0


class KeyLocked(NotAllowed):
    """Signing without a passphrase needs the key opened with ``ReportService.unlock``."""


class ReportService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        *,
        inspections: InspectionService,
        portfolio: PortfolioService,
        photos: PhotoService,
        collateral: CollateralService | None = None,
        bank_name: str = "",
        font: str | None = None,
        keys_dir: Path | None = None,
        demo_ca_dir: Path | None = None,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        """``keys_dir``: the key store (``DATA/keys``; default: ``keys`` beside the blob
        store's folder). ``demo_ca_dir``: where a demo folder's CA goes (``DATA/demo-ca``;
        None: no demo keys). ``now``: the signing clock (UTC)."""
        self._sessions = sessions
        self._blobs = blobs
        self._inspections = inspections
        self._portfolio = portfolio
        self._photos = photos
        self._collateral = collateral
        self.bank_name = bank_name
        self.font = font  # [report] font in postloan.toml; see reports.fonts
        self._keys_dir = keys_dir or blobs.root.parent / "keys"
        self._keys: KeyStore | None = None
        self._demo_ca_dir = demo_ca_dir
        self._demo: bool | None = None
        self._now = now
        # Keys opened for a session of signing: user → (key, when it locks again).
        self._unlocked: dict[UserId, tuple[LoadedKey, dt.datetime]] = {}

    # --- PDFs ---------------------------------------------------------------------------------

    def preview(self, inspection_id: InspectionId, language: str = "zh") -> bytes:
        """The report as it stands, watermarked as a draft: any time, complete or not."""
        return self.layout(self.content(inspection_id, language, draft=True)).pdf

    def unsigned(self, inspection_id: InspectionId, language: str = "zh") -> LaidOut:
        """The report to sign, laid out (no signature fields yet): refused while a required
        answer is missing or unconfirmed (``Incomplete``)."""
        form = self._inspections.form(inspection_id)
        missing = validation_report(form).missing
        if missing:
            raise Incomplete([i.key for i in missing])
        return self.layout(self.content(inspection_id, language, draft=False, form=form))

    def layout(self, content: ReportContent) -> LaidOut:
        from postloan_desktop.reports.layout import render

        return render(content, font=self.font)

    # --- keys ---------------------------------------------------------------------------------

    def _key_store(self) -> KeyStore:
        from postloan_desktop.reports.keys import KeyStore

        if self._keys is None:
            self._keys = KeyStore(self._keys_dir, now=self._now)
        return self._keys

    def is_demo_folder(self) -> bool:
        """The demo portfolio was loaded into this data folder: demo keys are made on use."""
        if self._demo is None:
            with self._sessions() as session:
                row = session.get(AppState, DEMO_STATE_KEY)
                self._demo = row is not None and row.value == "1"
        return self._demo

    def demo_passphrase(self) -> str | None:
        """The passphrase of every demo key in a demo folder (for the sign dialog to say);
        None elsewhere."""
        return DEMO_KEY_PASSPHRASE if self.is_demo_folder() else None

    def _demo_anchor(self) -> None:
        if self._demo_ca_dir is not None and self.is_demo_folder():
            from postloan_desktop.services.demo_keys import ensure_trust_anchor

            ensure_trust_anchor(self._key_store(), self._demo_ca_dir)

    def _demo_key(self, user_id: UserId) -> None:
        """In a demo folder: the demo CA installed and a key for this member of staff."""
        if self._demo_ca_dir is None or not self.is_demo_folder():
            return
        from postloan_desktop.services.demo_keys import DemoPerson, ensure_key

        with self._sessions() as session:
            row = session.execute(
                select(User, Branch.name)
                .join(Branch, User.branch_id == Branch.id)
                .where(User.id == user_id, User.active.is_(True))
            ).first()
            if row is None:
                return
            user, branch = row
            roles = frozenset(
                session.execute(select(UserRole.role).where(UserRole.user_id == user_id)).scalars()
            )
        if not roles:
            return
        person = DemoPerson(str(user.id), user.display_name, branch, roles)
        ensure_key(self._key_store(), self._demo_ca_dir, person)

    def key_status(self, user_id: UserId) -> KeyStatus:
        """Whether ``user_id`` has a key here, whose and until when, and whether the
        head-office CA certificate is installed. In a demo folder, makes the demo CA and this
        person's demo key first (``services.demo_keys``)."""
        self._demo_key(user_id)
        store = self._key_store()
        mine = [info for info in store.certificates() if info.user_id == str(user_id)]
        latest = max(mine, key=lambda info: info.not_after) if mine else None
        return KeyStatus(
            imported=latest is not None,
            subject=latest.name if latest else None,
            not_after=latest.not_after if latest else None,
            trust_anchor_installed=store.trust_anchor_path.is_file(),
        )

    def import_key(self, user_id: UserId, p12: bytes, passphrase: str) -> KeyStatus:
        """Keep ``user_id``'s key file (PKCS#12 from head office), re-encrypted under the same
        passphrase. Refused: a wrong passphrase (``WrongPassphrase``), not a key file
        (``NotAKeyFile``), no CA certificate installed (``TrustAnchorMissing``), a
        certificate not from that CA, expired or not for signing (``CertificateRefused``),
        another user's certificate (``KeyOfAnotherUser``). Nothing is kept then."""
        from postloan_desktop.reports.keys import open_pkcs12

        self._demo_anchor()
        info = open_pkcs12(p12, passphrase).info
        if info.user_id != str(user_id):
            raise KeyOfAnotherUser(
                f"this key file is {info.name}'s (user id {info.user_id or 'none'}), not the "
                "acting user's: import your own .p12 file"
            )
        self._key_store().import_pkcs12(p12, passphrase)
        return self.key_status(user_id)

    def install_trust_anchor(self, pem: bytes) -> None:
        """Install (or replace) the head-office CA certificate (PEM or DER)."""
        self._key_store().install_trust_anchor(pem)

    def unlock(self, user_id: UserId, passphrase: str, *, minutes: float = UNLOCK_MINUTES) -> None:
        """Open ``user_id``'s key for a session of signing (a supervisor approving a pile of
        reports types the passphrase once): signing with ``passphrase=None`` then uses it,
        until ``minutes`` pass without a signature or ``lock``. The key stays in this
        process's memory only. Raises what ``sign`` raises for a wrong passphrase."""
        key = self._load_key(user_id, passphrase)
        self._unlocked[user_id] = (key, self._now() + dt.timedelta(minutes=minutes))

    def is_unlocked(self, user_id: UserId) -> bool:
        found = self._unlocked.get(user_id)
        if found is None:
            return False
        if found[1] <= self._now():
            del self._unlocked[user_id]
            return False
        return True

    def lock(self, user_id: UserId | None = None) -> None:
        """Forget the opened key of ``user_id`` (everyone's: None)."""
        if user_id is None:
            self._unlocked.clear()
        else:
            self._unlocked.pop(user_id, None)

    def _key_for(self, user_id: UserId, passphrase: str | None) -> LoadedKey:
        if passphrase is not None:
            return self._load_key(user_id, passphrase)
        if not self.is_unlocked(user_id):
            raise KeyLocked("the signing key is locked: enter its passphrase")
        key, _ = self._unlocked[user_id]
        self._unlocked[user_id] = (key, self._now() + dt.timedelta(minutes=UNLOCK_MINUTES))
        return key

    def _load_key(self, user_id: UserId, passphrase: str) -> LoadedKey:
        self._demo_key(user_id)
        key = self._key_store().load(str(user_id), passphrase)
        if key.info.user_id != str(user_id):  # the store keeps keys by their certificate's UID
            raise NotAllowed("the key kept for this user carries another user's certificate")
        return key

    # --- signing ------------------------------------------------------------------------------

    def next_signature(self, inspection_id: InspectionId, actor_id: UserId) -> SignatureRole | None:
        """The signature ``actor_id`` would make on this inspection now — ``inspector_a``
        (a complete draft or not: ``sign`` says what is missing), ``inspector_b`` or
        ``supervisor`` — or None when it is not theirs to sign."""
        with self._sessions() as session:
            inspection = get_inspection(session, inspection_id)
            try:
                step = self._inspections.signing_move(session, inspection, actor_id)
            except NotAllowed:
                return None
            assert step.signature is not None
            if (
                step.signature is not SignatureRole.INSPECTOR_A
                and _latest(session, inspection_id) is None
            ):
                return None  # submitted without a report (before reports were signed)
            return step.signature

    def sign(
        self,
        inspection_id: InspectionId,
        actor_id: UserId,
        passphrase: str | None,
        handwriting_png: bytes | None = None,
        *,
        language: str = "zh",
        decision: RiskDecision | None = None,
    ) -> SignResult:
        """Sign the inspection's report as whoever ``actor_id`` is on it (``next_signature``).

        Inspector A: the inspection must be complete (``Incomplete`` lists what is missing,
        as ``submit`` did); the report is laid out once in ``language`` with empty fields for
        A, B and the supervisor, A's signature certifies it, and the inspection is frozen
        (``signing``) with the conclusion applied to the loan. Inspector B signs by
        incremental update: ``submitted``. The supervisor countersigns: ``approved``.

        The key is opened first: a wrong passphrase (``WrongPassphrase``), no key
        (``KeyNotImported``) or a refused certificate changes nothing. The PDFs go into the
        blob store (atomic writes), then one transaction records them and moves the state; if
        anything fails (a full disk: ``DiskFull``), nothing in the database changed and the
        blobs written for it are removed. ``Conflict`` when the inspection changed while its
        report was being signed. Slow (a report is laid out, PDFs signed): call it from a
        worker thread, never from a running event loop."""
        from postloan_desktop.reports.signing import add_signature_fields, sign_report

        with self._sessions() as session:
            inspection = get_inspection(session, inspection_id)
            step = self._inspections.signing_move(session, inspection, actor_id)
            role = step.signature
            assert role is not None
            latest = _latest(session, inspection_id)
        form = None
        if role is SignatureRole.INSPECTOR_A:
            form = self._inspections.form(inspection_id)
            self._inspections.check_ready(form)
        elif latest is None:
            raise NotAllowed(
                "this inspection was submitted without a signed report (before reports were "
                "signed): it can only be returned"
            )
        key = self._key_for(actor_id, passphrase)
        if role is SignatureRole.INSPECTOR_A:
            laid = self.layout(self.content(inspection_id, language, draft=False, form=form))
            base = add_signature_fields(laid.pdf, laid.signature_boxes)
            digest = laid.digest
        else:
            assert latest is not None
            base = self._blobs.read(latest.sha256)
            digest, language = latest.content_digest, latest.language
        when = self._now()
        signed = sign_report(
            base,
            role=role.value,
            signer=key,
            handwriting_png=handwriting_png,
            when=when,
            font=self._font_name(),
        )
        info = key.info
        written: list[str] = []
        try:
            unsigned_sha = self._put(base, written) if latest is None else None
            signed_sha = self._put(signed, written)
            with self._sessions.begin() as session:
                # The write lock first: nothing changes the inspection until this commits.
                session.execute(
                    update(Inspection)
                    .where(Inspection.id == inspection_id)
                    .values(version=Inspection.version + 1)
                )
                inspection = get_inspection(session, inspection_id)
                session.refresh(inspection)
                now_step = self._inspections.signing_move(session, inspection, actor_id)
                now_latest = _latest(session, inspection_id)
                if now_step != step or (now_latest.id if now_latest else None) != (
                    latest.id if latest else None
                ):
                    raise Conflict("the inspection moved on while it was being signed")
                if unsigned_sha is not None:
                    again = self.content(inspection_id, language, draft=False)
                    if report_digest(again) != digest:
                        raise Conflict(
                            "the inspection changed while its report was being signed: sign again"
                        )
                    session.add(
                        ReportVersion(
                            inspection_id=inspection_id,
                            seq=0,
                            sha256=unsigned_sha,
                            size_bytes=len(base),
                            language=language,
                            content_digest=digest,
                        )
                    )
                session.add(
                    ReportVersion(
                        inspection_id=inspection_id,
                        seq=(latest.seq if latest else 0) + 1,
                        sha256=signed_sha,
                        size_bytes=len(signed),
                        language=language,
                        content_digest=digest,
                        role=role,
                        signer_id=actor_id,
                        signer_name=info.name,
                        certificate_sha256=info.sha256,
                        signed_at=when,
                    )
                )
                self._inspections.apply_signature(
                    session,
                    inspection,
                    step,
                    actor_id,
                    form=form,
                    details={"report": signed_sha, "certificate": info.sha256},
                    decision=decision,
                )
                status = inspection.status
        except BaseException:
            for sha in written:
                self._blobs.remove(sha)
            raise
        return SignResult(role=role, status=status, report_sha256=signed_sha, signed_at=when)

    def countersign(
        self,
        inspection_id: InspectionId,
        actor_id: UserId,
        passphrase: str | None,
        handwriting_png: bytes | None = None,
        *,
        decision: RiskDecision | None = None,
    ) -> SignResult:
        """The supervisor approves a submitted inspection by signing its report (the last
        signature: nothing may change after it), confirming the proposed risk class or
        changing it with a reason (``decision``; None confirms). Refused to anyone else."""
        if self.next_signature(inspection_id, actor_id) is not SignatureRole.SUPERVISOR:
            with self._sessions() as session:
                inspection = get_inspection(session, inspection_id)
                loan = session.get(Loan, inspection.loan_id)
                assert loan is not None
                step = move(inspection.status, InspectionAction.APPROVE, Role.SUPERVISOR)
                check_actor(
                    step,
                    actor=actor_id,
                    officer_a=inspection.officer_a_id,
                    officer_b=inspection.officer_b_id,
                    roles=roles_in_branch(session, actor_id, loan.branch_id),
                )
            raise NotAllowed("this inspection has no signed report to countersign")
        with self._sessions() as session:
            decide_risk(get_inspection(session, inspection_id), decision)  # before signing
        return self.sign(inspection_id, actor_id, passphrase, handwriting_png, decision=decision)

    def withdraw(self, inspection_id: InspectionId, actor_id: UserId) -> InspectionId:
        """Officer A takes back a report B has not signed yet: a new draft revision (the
        half-signed report stays with the withdrawn one, for the history)."""
        return self._inspections.withdraw(inspection_id=inspection_id, actor_id=actor_id)

    def _put(self, data: bytes, written: list[str]) -> str:
        """Store ``data`` (atomically); note it in ``written`` if the store did not have it."""
        sha = hashlib.sha256(data).hexdigest()
        existed = self._blobs.exists(sha)
        stored = self._blobs.put_bytes(data)
        if not existed:
            written.append(stored)
        return stored

    def _font_name(self) -> str:
        from postloan_desktop.reports.fonts import cjk_font

        return cjk_font(self.font)

    # --- signed reports -----------------------------------------------------------------------

    def report_pdf(self, inspection_id: InspectionId) -> bytes | None:
        """The inspection revision's report as signed so far (None before inspector A signs)."""
        with self._sessions() as session:
            get_inspection(session, inspection_id)
            latest = _latest(session, inspection_id)
        return self._blobs.read(latest.sha256) if latest is not None else None

    def signatures(self, inspection_id: InspectionId) -> list[SignatureInfo]:
        """The signatures on the revision's report, in the order they were made."""
        with self._sessions() as session:
            rows = session.execute(
                select(ReportVersion)
                .where(ReportVersion.inspection_id == inspection_id, ReportVersion.seq > 0)
                .order_by(ReportVersion.seq)
            ).scalars()
            return [
                SignatureInfo(
                    role=SignatureRole(row.role),
                    signer_id=UserId(row.signer_id),
                    signer_name=row.signer_name,
                    signed_at=row.signed_at,
                    report_sha256=row.sha256,
                )
                for row in rows
                if row.role is not None and row.signer_id is not None and row.signed_at
            ]

    def verify_pdf(self, pdf: bytes) -> ReportCheck:
        """Check every signature of a report against the installed head-office CA
        certificate (``TrustAnchorMissing`` without one): ``reports.verify``."""
        from postloan_desktop.reports.verify import verify_report

        self._demo_anchor()
        return verify_report(pdf, trust=[self._key_store().trust_anchor()])

    def unsigned_pdf(self, inspection_id: InspectionId, language: str = "zh") -> bytes:
        """The report as inspector A would sign it now: laid out, with empty signature fields
        for A, B and the supervisor (``Incomplete`` while something is missing)."""
        from postloan_desktop.reports.signing import add_signature_fields

        laid = self.unsigned(inspection_id, language)
        return add_signature_fields(laid.pdf, laid.signature_boxes)

    # --- content ------------------------------------------------------------------------------

    def content(
        self,
        inspection_id: InspectionId,
        language: str = "zh",
        *,
        draft: bool = True,
        form: InspectionForm | None = None,
    ) -> ReportContent:
        """Everything the report says, in ``language`` ("zh" or "en")."""
        from postloan_desktop.forms import engine

        if language not in labels.LANGUAGES:
            raise InvalidInput(f"reports are written in zh or en, not {language!r}")
        form = form or self._inspections.form(inspection_id)
        loan = self._portfolio.loan_detail(form.loan_id)
        facts = self._facts(inspection_id)
        ctx, answers = form.context, form.answers
        sections: list[ReportSection] = []
        conclusion: list[ReportItem] = []
        handling = ""
        for section in engine.visible_sections(form.template, ctx, answers):
            items: list[ReportItem] = []
            for instance in section.items:
                if instance.key == WARNINGS_HANDLING_KEY:
                    handling = str(answers.get(instance.key) or "")
                    continue
                item = self._item(instance, form, language)
                if item is not None:
                    items.append(item)
            if section.section.key == CONCLUSION_SECTION:
                conclusion += items
            elif items:
                sections.append(ReportSection(section.title(language), tuple(items)))
        collateral_rows, coverage = self._collateral_rows(form, loan, language)
        summary = next((i for i in loan.inspections if i.id == form.id), None)
        return ReportContent(
            report_id=uuid.UUID(str(form.id)),
            report_no=self._report_no(facts["branch_code"], form),
            language=language,
            draft=draft,
            bank_name=self.bank_name,
            branch_name=loan.branch_name,
            title=form.template.content.title.get(language),
            inspection_kind=labels.code(form.kind, language),
            inspected_on=form.inspected_on,
            place=facts["place"],
            revision=form.revision,
            loan=self._summary(loan, language),
            sections=tuple(sections),
            signals=tuple(self._signals(form, language)),
            open_warnings=tuple(self._open_warnings(loan, coverage, form, language)),
            warnings_handling=handling,
            collateral=tuple(collateral_rows),
            coverage=coverage,
            conclusion=tuple(conclusion),
            photos=tuple(self._report_photos(form, loan, language)),
            signatures=(
                SignatureSlot(SignatureRole.INSPECTOR_A, summary.officer_a_name if summary else ""),
                SignatureSlot(SignatureRole.INSPECTOR_B, summary.officer_b_name if summary else ""),
                SignatureSlot(SignatureRole.SUPERVISOR, facts["approver"]),
            ),
        )

    def _facts(self, inspection_id: InspectionId) -> dict[str, str]:
        """What no snapshot carries: the place, the branch's code, who approved it."""
        with self._sessions() as session:
            row = session.execute(
                select(Inspection.place, Branch.code)
                .join(Loan, Inspection.loan_id == Loan.id)
                .join(Branch, Loan.branch_id == Branch.id)
                .where(Inspection.id == inspection_id)
            ).one()
            approver = session.execute(
                select(User.display_name)
                .join(AuditEntry, AuditEntry.actor_id == User.id)
                .where(
                    AuditEntry.entity_id == inspection_id,
                    AuditEntry.action == "inspection.approve",
                )
                .order_by(AuditEntry.at.desc())
                .limit(1)
            ).scalar_one_or_none()
            return {"place": row.place, "branch_code": row.code, "approver": approver or ""}

    @staticmethod
    def _report_no(branch_code: str, form: InspectionForm) -> str:
        day = form.inspected_on.strftime("%Y%m%d") if form.inspected_on else "00000000"
        number = f"{branch_code}-{day}-{uuid.UUID(str(form.id)).hex[:8].upper()}"
        return f"{number}-R{form.revision}" if form.revision > 1 else number

    def _item(
        self, instance: ItemInstance, form: InspectionForm, language: str
    ) -> ReportItem | None:
        from postloan_desktop.forms.engine import is_answered

        value = form.answers.get(instance.key)
        note = form.notes.get(instance.key, "")
        question = instance.item.label.get(language)
        if is_answered(value):
            state = (
                ItemState.UNCONFIRMED
                if instance.key in form.carried_forward
                else ItemState.ANSWERED
            )
            answer = answer_text(instance, value, form.context.collateral, language)
            return ReportItem(question, answer, note, state)
        if instance.item.required:
            return ReportItem(question, "", note, ItemState.MISSING)
        if note.strip():
            return ReportItem(question, "—", note)
        return None  # an unanswered optional item is left out

    def _summary(self, loan: LoanDetail, language: str) -> LoanSummary:
        b = loan.borrower
        return LoanSummary(
            borrower_name=b.name,
            borrower_kind=labels.code(b.kind, language),
            id_number=mask_id_number(b.id_number, b.kind),
            legal_representative=b.legal_representative,
            address=b.address,
            industry=b.industry,
            business_type=labels.code(b.business_type, language),
            contract_no=loan.contract_no,
            product=loan.product,
            amount_fen=loan.amount_fen,
            balance_fen=loan.balance_fen,
            disbursed_on=loan.disbursed_on,
            matures_on=loan.matures_on,
            annual_rate_bp=loan.annual_rate_bp,
            repayment_method=labels.code(loan.repayment_method, language),
            guarantee_method=labels.code(loan.guarantee_method, language),
            risk_class=labels.code(loan.risk_class, language),
            business_status=labels.code(loan.business_status, language),
            officer_a=loan.officer_a.name if loan.officer_a else "",
            officer_b=loan.officer_b.name if loan.officer_b else "",
            overdue_principal_fen=loan.overdue_principal_fen,
            overdue_interest_fen=loan.overdue_interest_fen,
        )

    def _signals(self, form: InspectionForm, language: str) -> list[RiskSignal]:
        from postloan_desktop.forms import engine

        out = []
        for raised in engine.raised_signals(form.template, form.context, form.answers):
            instance = engine.find_item(form.template, form.context, raised.answer_key)
            source = instance.item.label.get(language)
            if raised.collateral is not None:
                source = f"{source} — {raised.collateral.label}"
            out.append(
                RiskSignal(SignalLevel(raised.level.value), raised.message.get(language), source)
            )
        return out

    def _open_warnings(
        self,
        loan: LoanDetail,
        coverage: Coverage | None,
        form: InspectionForm,
        language: str,
    ) -> list[str]:
        def say(key: str, **values: str) -> str:
            return _pick(_WARNINGS[key], language).format(**values)

        out = []
        if loan.principal_overdue_since is not None:
            out.append(
                say(
                    "principal",
                    since=loan.principal_overdue_since.isoformat(),
                    amount=format_fen(loan.overdue_principal_fen),
                )
            )
        if loan.interest_unpaid_since is not None:
            out.append(
                say(
                    "interest",
                    since=loan.interest_unpaid_since.isoformat(),
                    amount=format_fen(loan.overdue_interest_fen),
                )
            )
        if loan.officer_rule_violation is not None:
            rank = _pick(_RANKS[loan.officer_rule_violation], language)
            out.append(say("officers", balance=format_fen(loan.balance_fen), rank=rank))
        if coverage is not None and coverage.below_threshold and coverage.ratio is not None:
            out.append(
                say(
                    "coverage", ratio=f"{coverage.ratio:.2f}", threshold=f"{coverage.threshold:.2f}"
                )
            )
        day = form.inspected_on or self._portfolio.today()
        if loan.balance_fen > 0 and day <= loan.matures_on <= day + dt.timedelta(
            days=MATURITY_NOTICE_DAYS
        ):
            out.append(say("maturity", date=loan.matures_on.isoformat()))
        return out

    def _collateral_rows(
        self, form: InspectionForm, loan: LoanDetail, language: str
    ) -> tuple[list[CollateralRow], Coverage | None]:
        """The loan's collateral with this inspection's findings: the collateral note when
        the officer recorded one, else the checklist's collateral answers."""
        if not loan.collateral:
            return [], None
        notes = {}
        threshold = DEFAULT_COVERAGE_THRESHOLD
        service_coverage = None
        if self._collateral is not None:
            part = self._collateral.notes(form.id)
            notes = {e.collateral.id: e for e in part.entries}
            threshold = part.threshold
            service_coverage = part.coverage
        order = {c.id: n for n, c in enumerate(form.context.collateral)}
        items = sorted(loan.collateral, key=lambda c: order.get(str(c.id), len(order)))
        rows, values = [], []
        for info in items:
            row, value = self._collateral_row(info, notes.get(info.id), form, language)
            rows.append(row)
            values.append(value)
        if service_coverage is not None:
            coverage = Coverage(
                value_fen=service_coverage.value_fen,
                balance_fen=service_coverage.balance_fen,
                ratio=service_coverage.ratio,
                threshold=service_coverage.threshold,
                below_threshold=service_coverage.warning,
            )
        else:
            ratio = coverage_ratio(values, loan.balance_fen)
            coverage = Coverage(
                value_fen=sum(values),
                balance_fen=loan.balance_fen,
                ratio=ratio,
                threshold=threshold,
                below_threshold=coverage_warning(ratio, threshold),
            )
        return rows, coverage

    def _collateral_row(
        self, info: CollateralInfo, entry: Any, form: InspectionForm, language: str
    ) -> tuple[CollateralRow, int]:
        from postloan_desktop.forms import engine

        def answered(item_key: str) -> tuple[Any, str]:
            """The checklist answer for this item of the collateral, as value and text."""
            key = f"{item_key}{engine.REPEAT_SEPARATOR}{info.id}"
            value = form.answers.get(key)
            if not engine.is_answered(value):
                return None, ""
            try:
                instance = engine.find_item(form.template, form.context, key)
            except InvalidInput:
                return value, str(value)
            return value, answer_text(instance, value, form.context.collateral, language)

        note = entry.note if entry is not None else None
        estimate = note.estimated_value_fen if note is not None else None
        if estimate is None:
            value, _ = answered("collateral_estimated_value")
            estimate = int(value) if isinstance(value, int | float) else None
        condition_code = note.condition if note is not None else None
        condition = labels.code(condition_code, language)
        if not condition:
            raw, condition = answered("collateral_condition")
            if raw in set(CollateralCondition):
                condition_code = CollateralCondition(raw)
        basis = note.valuation_basis if note is not None else ""
        if not basis:
            _, basis = answered("collateral_value_basis")
        change = value_change(info.appraised_fen, estimate) if estimate is not None else None
        row = CollateralRow(
            kind=labels.code(info.kind, language),
            description=info.description,
            registration_no=info.registration_no,
            appraised_fen=info.appraised_fen,
            appraised_on=info.appraised_on,
            estimate_fen=estimate,
            change_fen=change.fen if change else None,
            change_percent=change.percent if change else None,
            condition=condition,
            basis=basis,
            note=note.notes.strip() if note is not None else "",
        )
        return row, current_value(info.appraised_fen, estimate, condition_code)

    def _report_photos(
        self, form: InspectionForm, loan: LoanDetail, language: str
    ) -> list[ReportPhoto]:
        from postloan_desktop.forms import engine

        collateral = {c.id: c for c in loan.collateral}
        out = []
        for photo in self._photos.photos(form.id):
            subject = ""
            if photo.collateral_id is not None and photo.collateral_id in collateral:
                c = collateral[photo.collateral_id]
                subject = f"{labels.code(c.kind, language)} · {c.description}"
            elif photo.item_key:
                try:
                    instance = engine.find_item(form.template, form.context, photo.item_key)
                    subject = instance.item.label.get(language)
                except InvalidInput:
                    subject = photo.item_key
            present = self._blobs.exists(photo.report_sha256)
            out.append(
                ReportPhoto(
                    sha256=photo.report_sha256,
                    image=self._blobs.path_for(photo.report_sha256) if present else None,
                    caption=photo.caption,
                    subject=subject,
                    captured_at=photo.captured_local,
                    gps=photo.gps,
                    warnings=tuple(self._warning(code, photo, language) for code in photo.warnings),
                    original_sha256=photo.sha256,
                )
            )
        return out

    def _warning(self, code: str, photo: PhotoRecord, language: str) -> str:
        detail = "?"
        if code == "capture_time_not_on_inspection_date" and photo.captured_local:
            detail = photo.captured_local.date().isoformat()
        elif code == "gps_far_from_site":
            detail = f"{self._photos.radius_m:,.0f}"
        elif code == "edited_by_software":
            detail = photo.software or "?"
        return labels.photo_warning(code, language, detail)
