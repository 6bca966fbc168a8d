"""What head office checks before it applies a laptop's change: it never trusts the client.

``check_change`` returns the branch the record belongs to, or raises ``Refused`` with a
stable code and a reason. It checks:

- **scope**: the record's loan is in a branch where the caller holds a role;
- **roles**: inspectors make and fill inspections; only a supervisor of the branch who is
  neither officer returns or approves, and comments on a report under review;
- **the state machine** (``domain.workflow``): a status moves only along a move of the
  machine, and what signing froze does not change;
- **signatures**: a report version names the signer its role needs, its PDF has arrived,
  and carries exactly that many signatures, all intact (and chaining to the head-office CA
  when one is configured), the newest by that signer; an inspection is signed (A, B) or
  approved only with that report version in place.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, Protocol

from headoffice.models import Record
from postloan_desktop.domain.enums import InspectionStatus, Role, SignatureRole
from postloan_desktop.domain.errors import NotAllowed
from postloan_desktop.domain.workflow import MOVES, Move, check_actor, is_editable
from postloan_desktop.storage.freeze import MOVABLE_WHEN_FROZEN
from postloan_desktop.sync.wire import Entity, values_to_wire

S = InspectionStatus
SIGNATURE_ORDER = (SignatureRole.INSPECTOR_A, SignatureRole.INSPECTOR_B, SignatureRole.SUPERVISOR)
# How a status moves on the revision a move is made on (withdraw leaves the old revision
# withdrawn and starts a new draft revision; reopen leaves it returned).
TRANSITIONS: dict[tuple[S, S], Move] = {}
for _move in MOVES:
    _after = _move.superseded if _move.new_revision else _move.target
    if _after is not None and _after != _move.source:
        TRANSITIONS[(_move.source, _after)] = _move


class Refused(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class Caller(Protocol):
    account_id: uuid.UUID

    def roles_in(self, branch_id: uuid.UUID) -> set[Role]: ...


class RuleContext(Protocol):
    caller: Any

    def record(self, name: str, record_id: uuid.UUID) -> Record | None: ...

    def children(self, name: str, parent_id: uuid.UUID) -> list[Record]: ...

    def blob(self, sha256: str) -> bytes | None: ...

    # What is wrong with a report PDF that should carry this many signatures, the newest by
    # this signer (None: nothing).
    check_report: Callable[[bytes, uuid.UUID, int], str | None]


def _uuid(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _loan_branch(ctx: RuleContext, loan_id: Any) -> uuid.UUID:
    loan = ctx.record("loan", _uuid(loan_id))  # type: ignore[arg-type]
    if loan is None:
        raise Refused("unknown_loan", "head office has no such loan")
    branch = loan.branch_id
    if not ctx.caller.roles_in(branch):
        raise Refused("other_branch", "the loan belongs to a branch you hold no role in")
    return branch


def _inspection(ctx: RuleContext, inspection_id: Any) -> Record:
    found = ctx.record("inspection", _uuid(inspection_id))  # type: ignore[arg-type]
    if found is None:
        raise Refused("unknown_inspection", "head office has no such inspection")
    _loan_branch(ctx, found.data["loan_id"])
    return found


def _require_role(ctx: RuleContext, branch: uuid.UUID, role: Role) -> None:
    if role not in ctx.caller.roles_in(branch):
        raise Refused("role", f"this needs the {role} role in the loan's branch")


def check_change(
    ctx: RuleContext,
    kind: Entity,
    old: Record | None,
    values: dict[str, Any] | None,
    *,
    deleted: bool,
) -> uuid.UUID:
    name = kind.name
    if name == "inspection":
        return _check_inspection(ctx, old, values, deleted=deleted)
    if name in ("answer", "photo", "collateral_note"):
        return _check_content(ctx, old, values, deleted=deleted)
    if name == "report_version":
        return _check_report_version(ctx, old, values, deleted=deleted)
    if name == "review_comment":
        return _check_review_comment(ctx, old, values)
    if name == "audit":
        if old is not None or deleted:
            raise Refused("append_only", "the audit log is never changed")
        branch: uuid.UUID = ctx.caller.branch_id
        return branch
    raise Refused("reference_data", f"{name} records come from head office only")


def _parent_inspection(
    ctx: RuleContext, old: Record | None, values: dict[str, Any] | None
) -> Record:
    inspection_ids = {_uuid(old.data["inspection_id"])} if old is not None else set()
    if values is not None:
        inspection_ids.add(_uuid(values["inspection_id"]))
    if len(inspection_ids) != 1:
        raise Refused("moved", "a record cannot move to another inspection")
    return _inspection(ctx, inspection_ids.pop())


def _check_content(
    ctx: RuleContext, old: Record | None, values: dict[str, Any] | None, *, deleted: bool
) -> uuid.UUID:
    """An answer, photo or collateral note: only in a draft, by an inspector of the branch."""
    inspection = _parent_inspection(ctx, old, values)
    branch = _loan_branch(ctx, inspection.data["loan_id"])
    _require_role(ctx, branch, Role.INSPECTOR)
    status = S(inspection.data["status"])
    if not is_editable(status):
        raise Refused("frozen", f"the inspection is {status}: signing froze it")
    return branch


def _check_review_comment(
    ctx: RuleContext, old: Record | None, values: dict[str, Any] | None
) -> uuid.UUID:
    """A supervisor's comment (``services.review``): made or taken back by its author, a
    supervisor of the loan's branch who is neither officer, while the report is under review."""
    inspection = _parent_inspection(ctx, old, values)
    branch = _loan_branch(ctx, inspection.data["loan_id"])
    _require_role(ctx, branch, Role.SUPERVISOR)
    caller: uuid.UUID = ctx.caller.account_id
    authors = {_uuid(old.data["author_id"])} if old is not None else set()
    if values is not None:
        authors.add(_uuid(values["author_id"]))
    if authors != {caller}:
        raise Refused("role", "a comment is made and taken back by its author, on their login")
    if str(caller) in (inspection.data["officer_a_id"], inspection.data["officer_b_id"]):
        raise Refused("own_report", "a supervisor does not review a report they are officer of")
    status = S(inspection.data["status"])
    if status != S.SUBMITTED:
        raise Refused("frozen", f"the inspection is {status}, not under review")
    return branch


def _frozen_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return sorted(k for k in new if k not in MOVABLE_WHEN_FROZEN and new[k] != old.get(k))


def _check_inspection(
    ctx: RuleContext, old: Record | None, values: dict[str, Any] | None, *, deleted: bool
) -> uuid.UUID:
    caller = ctx.caller
    if deleted:
        assert old is not None
        branch = _loan_branch(ctx, old.data["loan_id"])
        _require_role(ctx, branch, Role.INSPECTOR)
        if S(old.data["status"]) != S.DRAFT:
            raise Refused("frozen", "only a draft inspection may be deleted")
        return branch
    assert values is not None
    new = values_to_wire("inspection", values)  # compared with head office's wire data
    if old is not None and old.data["loan_id"] != new["loan_id"]:
        raise Refused("moved", "an inspection cannot move to another loan")
    branch = _loan_branch(ctx, new["loan_id"])
    roles = caller.roles_in(branch)
    status = S(new["status"])
    if old is None:
        if status != S.DRAFT:
            raise Refused("transition", "a new inspection starts as a draft")
        _require_role(ctx, branch, Role.INSPECTOR)
        previous = _uuid(values.get("previous_revision_id"))
        if previous is not None:
            before = ctx.record("inspection", previous)
            if before is None or before.data["loan_id"] != new["loan_id"]:
                raise Refused("unknown_inspection", "the revision it follows is not known")
            if S(before.data["status"]) not in (S.SIGNING, S.RETURNED, S.WITHDRAWN):
                raise Refused(
                    "transition", "a new revision follows a returned or withdrawn one only"
                )
        return branch
    was = S(old.data["status"])
    if was == status:
        if is_editable(was):
            _require_role(ctx, branch, Role.INSPECTOR)
        else:
            changed = _frozen_changes(old.data, new)
            if changed:
                raise Refused("frozen", f"a {was} inspection's {', '.join(changed)} cannot change")
            if not roles:
                raise Refused("role", "you hold no role in the loan's branch")
        return branch
    step = TRANSITIONS.get((was, status))
    if step is None:
        raise Refused("transition", f"an inspection does not go from {was} to {status}")
    if is_editable(was) is False:
        changed = _frozen_changes(old.data, new)
        if changed:
            raise Refused("frozen", f"a {was} inspection's {', '.join(changed)} cannot change")
    officer_a, officer_b = _uuid(new["officer_a_id"]), _uuid(new["officer_b_id"])
    try:
        if step.signature in (SignatureRole.INSPECTOR_A, SignatureRole.INSPECTOR_B):
            # The officer who signs may do so on a colleague's laptop: the signature in the
            # report is what proves it, checked with the report version below.
            _require_role(ctx, branch, Role.INSPECTOR)
        else:
            check_actor(
                step,
                actor=caller.account_id,
                officer_a=officer_a,
                officer_b=officer_b,
                roles=roles,
            )
    except NotAllowed as exc:
        raise Refused("role", str(exc)) from None
    if step.signature is not None:
        wanted = SIGNATURE_ORDER.index(step.signature) + 1
        versions = ctx.children("report_version", old.id)
        if not any(
            v.data["seq"] == wanted
            and v.data["role"] == step.signature.value
            and _present(ctx, v.data["sha256"])
            for v in versions
        ):
            raise Refused(
                "signature_missing",
                f"the report signed by {step.signature} has not reached head office",
            )
    return branch


def _present(ctx: RuleContext, sha256: str) -> bool:
    return ctx.blob(sha256) is not None


def _check_report_version(
    ctx: RuleContext, old: Record | None, values: dict[str, Any] | None, *, deleted: bool
) -> uuid.UUID:
    if old is not None or deleted or values is None:
        raise Refused("append_only", "a report version is never changed or removed")
    inspection = _inspection(ctx, values["inspection_id"])
    branch = _loan_branch(ctx, inspection.data["loan_id"])
    seq = values["seq"]
    role = values["role"]
    signer = _uuid(values["signer_id"])
    if not isinstance(seq, int) or not 0 <= seq <= len(SIGNATURE_ORDER):
        raise Refused("bad_record", "a report version's seq is 0 to 3")
    if seq == 0:
        if role is not None or signer is not None:
            raise Refused("bad_record", "the unsigned report names no signer")
        _require_role(ctx, branch, Role.INSPECTOR)
        return branch
    expected = SIGNATURE_ORDER[seq - 1]
    if role != expected:
        raise Refused("bad_record", f"signature {seq} is {expected}'s, not {role}'s")
    data = inspection.data
    if expected is SignatureRole.INSPECTOR_A and str(signer) != data["officer_a_id"]:
        raise Refused("signer", "inspector A's signature must be the inspection's officer A")
    if expected is SignatureRole.INSPECTOR_B and str(signer) != data["officer_b_id"]:
        raise Refused("signer", "inspector B's signature must be the inspection's officer B")
    if expected is SignatureRole.SUPERVISOR:
        if signer != ctx.caller.account_id:
            raise Refused("signer", "a supervisor countersigns on their own login")
        _require_role(ctx, branch, Role.SUPERVISOR)
        if str(signer) in (data["officer_a_id"], data["officer_b_id"]):
            raise Refused("own_report", "the supervisor must be neither officer A nor B")
    else:
        _require_role(ctx, branch, Role.INSPECTOR)
    pdf = ctx.blob(values["sha256"])
    if pdf is None:
        raise Refused("blob_missing", "upload the signed PDF before its record")
    assert signer is not None
    problem = ctx.check_report(pdf, signer, seq)
    if problem:
        raise Refused("signature_invalid", problem)
    return branch
