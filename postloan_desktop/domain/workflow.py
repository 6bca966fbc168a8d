"""The inspection state machine, who may make each move, and who signs when.

    draft --sign (officer A: the report is laid out and certified)--> signing
    signing --sign (officer B)--> submitted
    signing --withdraw (officer A)--> a new draft revision; this one stays as withdrawn
    submitted --return (supervisor)--> returned
    submitted --approve (supervisor: countersigns)--> approved
    returned --reopen (inspector)--> a new draft revision; this one stays as returned

Signing freezes an inspection: only ``draft`` is editable. Inspector A's signature is the
inspectors' sign-off (the checks ``submit`` made, the loan's business status and next
inspection date); B's completes it and hands it to the supervisor. Approved and withdrawn
are final; a returned revision is reopened once (the service knows whether it was).

Who signs (``signature_for``): officer A of the inspection for ``inspector_a``, officer B
for ``inspector_b`` — two different people, each an inspector of the loan's branch — and a
supervisor of the loan's branch who is neither of them for ``supervisor``.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from postloan_desktop.domain.enums import InspectionStatus, Role, SignatureRole
from postloan_desktop.domain.errors import NotAllowed


class InspectionAction(StrEnum):
    SIGN = "sign"  # an inspector signs the report: A certifies it, then B
    WITHDRAW = "withdraw"  # officer A takes a half-signed report back
    RETURN = "return"
    APPROVE = "approve"  # the supervisor countersigns
    REOPEN = "reopen"


@dataclass(frozen=True)
class Move:
    source: InspectionStatus
    action: InspectionAction
    target: InspectionStatus  # the inspection's status after the move (a new revision's)
    role: Role
    new_revision: bool = False
    # With new_revision: the status the revision the move was made on keeps, for the history.
    superseded: InspectionStatus | None = None
    # The signature the move takes (sign, approve), in the report's field of that name.
    signature: SignatureRole | None = None


S = InspectionStatus

MOVES: tuple[Move, ...] = (
    Move(
        S.DRAFT,
        InspectionAction.SIGN,
        S.SIGNING,
        Role.INSPECTOR,
        signature=SignatureRole.INSPECTOR_A,
    ),
    Move(
        S.SIGNING,
        InspectionAction.SIGN,
        S.SUBMITTED,
        Role.INSPECTOR,
        signature=SignatureRole.INSPECTOR_B,
    ),
    Move(
        S.SIGNING,
        InspectionAction.WITHDRAW,
        S.DRAFT,
        Role.INSPECTOR,
        new_revision=True,
        superseded=S.WITHDRAWN,
    ),
    Move(S.SUBMITTED, InspectionAction.RETURN, S.RETURNED, Role.SUPERVISOR),
    Move(
        S.SUBMITTED,
        InspectionAction.APPROVE,
        S.APPROVED,
        Role.SUPERVISOR,
        signature=SignatureRole.SUPERVISOR,
    ),
    Move(
        S.RETURNED,
        InspectionAction.REOPEN,
        S.DRAFT,
        Role.INSPECTOR,
        new_revision=True,
        superseded=S.RETURNED,
    ),
)

_BY_SOURCE_ACTION = {(m.source, m.action): m for m in MOVES}
_SIGNING_MOVES = {m.source: m for m in MOVES if m.signature is not None}


class TransitionNotAllowed(NotAllowed):
    def __init__(self, status: InspectionStatus, action: InspectionAction, role: Role) -> None:
        super().__init__(f"{role} may not {action} an inspection that is {status}")
        self.status = status
        self.action = action
        self.role = role


class SignerNotAllowed(NotAllowed):
    """This person may not make this signature (or move) on this inspection; ``reason`` is
    one of ``no_signature`` (the status takes none), ``officers_missing``, ``same_officer``
    (A and B are one person), ``not_officer_a``, ``not_officer_b``, ``not_inspector``,
    ``not_supervisor``, ``own_report`` (the supervisor is A or B), for the UI's message."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def move(status: InspectionStatus, action: InspectionAction, role: Role) -> Move:
    """The move ``role`` makes by ``action`` from ``status``; raises TransitionNotAllowed."""
    found = _BY_SOURCE_ACTION.get((status, action))
    if found is None or found.role != role:
        raise TransitionNotAllowed(status, action, role)
    return found


def allowed_actions(status: InspectionStatus, role: Role) -> frozenset[InspectionAction]:
    return frozenset(m.action for m in MOVES if m.source == status and m.role == role)


def is_editable(status: InspectionStatus) -> bool:
    """Signed means frozen: only drafts take edits."""
    return status == InspectionStatus.DRAFT


def is_final(status: InspectionStatus) -> bool:
    return not any(m.source == status for m in MOVES)


def signing_move(status: InspectionStatus) -> Move | None:
    """The move the next signature makes from ``status`` (None: no signature is due)."""
    return _SIGNING_MOVES.get(status)


def signature_due(status: InspectionStatus) -> SignatureRole | None:
    """Whose signature the report waits for in ``status``: A in a draft, then B, then the
    supervisor; None once approved (or returned, withdrawn)."""
    found = _SIGNING_MOVES.get(status)
    return found.signature if found is not None else None


def check_actor(
    step: Move,
    *,
    actor: uuid.UUID,
    officer_a: uuid.UUID | None,
    officer_b: uuid.UUID | None,
    roles: Collection[Role],
) -> None:
    """Refuse (``SignerNotAllowed``) ``actor`` making ``step`` on an inspection whose officers
    are ``officer_a`` and ``officer_b``, holding ``roles`` in the loan's branch."""
    if step.role not in roles:
        reason = "not_supervisor" if step.role is Role.SUPERVISOR else "not_inspector"
        raise SignerNotAllowed(
            f"this needs the {step.role} role in the loan's branch", reason=reason
        )
    if step.signature is None and step.action is not InspectionAction.WITHDRAW:
        return
    if officer_a is None or officer_b is None:
        raise SignerNotAllowed(
            "the inspection needs both officer A and officer B before its report is signed",
            reason="officers_missing",
        )
    if officer_a == officer_b:
        raise SignerNotAllowed(
            "officers A and B are the same person: the A/B rule needs two different officers",
            reason="same_officer",
        )
    if step.action is InspectionAction.WITHDRAW or step.signature is SignatureRole.INSPECTOR_A:
        if actor != officer_a:
            what = "withdraw the report" if step.signature is None else "sign as inspector A"
            raise SignerNotAllowed(
                f"only the inspection's officer A may {what}", reason="not_officer_a"
            )
    elif step.signature is SignatureRole.INSPECTOR_B:
        if actor != officer_b:
            raise SignerNotAllowed(
                "only the inspection's officer B may sign as inspector B", reason="not_officer_b"
            )
    elif actor in (officer_a, officer_b):
        raise SignerNotAllowed(
            "the supervisor who countersigns must be neither officer A nor officer B",
            reason="own_report",
        )


def signature_for(
    status: InspectionStatus,
    *,
    actor: uuid.UUID,
    officer_a: uuid.UUID | None,
    officer_b: uuid.UUID | None,
    roles: Collection[Role],
) -> Move:
    """The signing move ``actor`` makes now (its ``signature`` says which), or
    ``SignerNotAllowed`` saying why not."""
    step = _SIGNING_MOVES.get(status)
    if step is None:
        raise SignerNotAllowed(f"a {status} inspection takes no signature", reason="no_signature")
    check_actor(step, actor=actor, officer_a=officer_a, officer_b=officer_b, roles=roles)
    return step
