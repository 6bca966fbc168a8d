"""The inspection state machine and who may make each move.

    draft --submit (inspector signs)--> submitted
    submitted --return (supervisor)--> returned
    submitted --approve (supervisor)--> approved
    returned --reopen (inspector)--> draft, as a new revision

Approved is final. Signing freezes an inspection: only ``draft`` is editable.
"""

from dataclasses import dataclass
from enum import StrEnum

from postloan_desktop.domain.enums import InspectionStatus, Role
from postloan_desktop.domain.errors import NotAllowed


class InspectionAction(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Move:
    source: InspectionStatus
    action: InspectionAction
    target: InspectionStatus
    role: Role
    new_revision: bool = False


MOVES: tuple[Move, ...] = (
    Move(
        InspectionStatus.DRAFT, InspectionAction.SUBMIT, InspectionStatus.SUBMITTED, Role.INSPECTOR
    ),
    Move(
        InspectionStatus.SUBMITTED,
        InspectionAction.RETURN,
        InspectionStatus.RETURNED,
        Role.SUPERVISOR,
    ),
    Move(
        InspectionStatus.SUBMITTED,
        InspectionAction.APPROVE,
        InspectionStatus.APPROVED,
        Role.SUPERVISOR,
    ),
    Move(
        InspectionStatus.RETURNED,
        InspectionAction.REOPEN,
        InspectionStatus.DRAFT,
        Role.INSPECTOR,
        new_revision=True,
    ),
)

_BY_SOURCE_ACTION = {(m.source, m.action): m for m in MOVES}


class TransitionNotAllowed(NotAllowed):
    def __init__(self, status: InspectionStatus, action: InspectionAction, role: Role) -> None:
        super().__init__(f"{role} may not {action} an inspection that is {status}")
        self.status = status
        self.action = action
        self.role = role


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
