"""The inspection state machine (workflow.py): who may move an inspection where, and who
signs when."""

import uuid
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from postloan_desktop.domain.enums import InspectionStatus, Role, SignatureRole
from postloan_desktop.domain.errors import NotAllowed, PostloanError, UserError
from postloan_desktop.domain.workflow import (
    MOVES,
    InspectionAction,
    Move,
    SignerNotAllowed,
    TransitionNotAllowed,
    allowed_actions,
    check_actor,
    is_editable,
    is_final,
    move,
    signature_due,
    signature_for,
    signing_move,
)

S = InspectionStatus
A = InspectionAction

properties = settings(max_examples=60, database=None)

SR = SignatureRole
# The whole table, written out: (status, action, role) -> Move.
LEGAL = {
    (S.DRAFT, A.SIGN, Role.INSPECTOR): Move(
        S.DRAFT, A.SIGN, S.SIGNING, Role.INSPECTOR, signature=SR.INSPECTOR_A
    ),
    (S.SIGNING, A.SIGN, Role.INSPECTOR): Move(
        S.SIGNING, A.SIGN, S.SUBMITTED, Role.INSPECTOR, signature=SR.INSPECTOR_B
    ),
    (S.SIGNING, A.WITHDRAW, Role.INSPECTOR): Move(
        S.SIGNING, A.WITHDRAW, S.DRAFT, Role.INSPECTOR, new_revision=True, superseded=S.WITHDRAWN
    ),
    (S.SUBMITTED, A.RETURN, Role.SUPERVISOR): Move(
        S.SUBMITTED, A.RETURN, S.RETURNED, Role.SUPERVISOR
    ),
    (S.SUBMITTED, A.APPROVE, Role.SUPERVISOR): Move(
        S.SUBMITTED, A.APPROVE, S.APPROVED, Role.SUPERVISOR, signature=SR.SUPERVISOR
    ),
    (S.RETURNED, A.REOPEN, Role.INSPECTOR): Move(
        S.RETURNED, A.REOPEN, S.DRAFT, Role.INSPECTOR, new_revision=True, superseded=S.RETURNED
    ),
}

ALL_TRIPLES = [(s, a, r) for s in S for a in A for r in Role]
ILLEGAL = [t for t in ALL_TRIPLES if t not in LEGAL]

steps = st.lists(st.tuples(st.sampled_from(A), st.sampled_from(Role)), max_size=40)


@pytest.mark.parametrize(("status", "action", "role"), list(LEGAL), ids=str)
def test_legal_moves(status: S, action: A, role: Role) -> None:
    assert move(status, action, role) == LEGAL[(status, action, role)]


@pytest.mark.parametrize(("status", "action", "role"), ILLEGAL, ids=str)
def test_every_other_move_is_refused(status: S, action: A, role: Role) -> None:
    with pytest.raises(TransitionNotAllowed) as info:
        move(status, action, role)
    assert (info.value.status, info.value.action, info.value.role) == (status, action, role)


def test_refusal_is_a_user_error_that_says_what_was_refused() -> None:
    with pytest.raises(NotAllowed) as info:
        move(S.SUBMITTED, A.APPROVE, Role.INSPECTOR)
    assert isinstance(info.value, UserError)
    assert isinstance(info.value, PostloanError)
    message = str(info.value)
    assert "inspector" in message
    assert "approve" in message
    assert "submitted" in message


def test_an_inspector_cannot_approve_their_own_report() -> None:
    with pytest.raises(TransitionNotAllowed):
        move(S.SUBMITTED, A.APPROVE, Role.INSPECTOR)


def test_a_supervisor_cannot_sign_for_the_inspector() -> None:
    with pytest.raises(TransitionNotAllowed):
        move(S.DRAFT, A.SIGN, Role.SUPERVISOR)


@pytest.mark.parametrize("status", list(S))
def test_admin_has_no_moves(status: S) -> None:
    assert allowed_actions(status, Role.ADMIN) == frozenset()


def test_approved_and_withdrawn_are_the_final_statuses() -> None:
    assert [s for s in S if is_final(s)] == [S.APPROVED, S.WITHDRAWN]
    for status in (S.APPROVED, S.WITHDRAWN):
        for action in A:
            for role in Role:
                with pytest.raises(TransitionNotAllowed):
                    move(status, action, role)


def test_only_drafts_are_editable() -> None:
    assert [s for s in S if is_editable(s)] == [S.DRAFT]


def test_allowed_actions_table() -> None:
    assert allowed_actions(S.DRAFT, Role.INSPECTOR) == {A.SIGN}
    assert allowed_actions(S.DRAFT, Role.SUPERVISOR) == frozenset()
    assert allowed_actions(S.SIGNING, Role.INSPECTOR) == {A.SIGN, A.WITHDRAW}
    assert allowed_actions(S.SIGNING, Role.SUPERVISOR) == frozenset()
    assert allowed_actions(S.SUBMITTED, Role.SUPERVISOR) == {A.RETURN, A.APPROVE}
    assert allowed_actions(S.SUBMITTED, Role.INSPECTOR) == frozenset()
    assert allowed_actions(S.RETURNED, Role.INSPECTOR) == {A.REOPEN}
    assert allowed_actions(S.RETURNED, Role.SUPERVISOR) == frozenset()
    for role in Role:
        assert allowed_actions(S.APPROVED, role) == frozenset()


def test_moves_table_is_unambiguous() -> None:
    keys = [(m.source, m.action) for m in MOVES]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("status", "action", "role"), ALL_TRIPLES, ids=str)
def test_allowed_actions_agrees_with_move(status: S, action: A, role: Role) -> None:
    try:
        move(status, action, role)
    except TransitionNotAllowed:
        assert action not in allowed_actions(status, role)
    else:
        assert action in allowed_actions(status, role)


@properties
@given(steps=steps)
def test_random_sequences_obey_the_rules(steps: list[tuple[A, Role]]) -> None:
    status = S.DRAFT
    revision = 1
    history = [status]
    for action, role in steps:
        allowed = action in allowed_actions(status, role)
        try:
            made = move(status, action, role)
        except TransitionNotAllowed:
            assert not allowed
            continue
        assert allowed
        assert status is not S.APPROVED, "nothing leaves approved"
        assert made.source is status
        assert made.action is action
        assert made.role is role
        if action in (A.RETURN, A.APPROVE):
            assert role is Role.SUPERVISOR
            assert status is S.SUBMITTED
        if action in (A.SIGN, A.REOPEN, A.WITHDRAW):
            assert role is Role.INSPECTOR
        assert made.new_revision is (action in (A.REOPEN, A.WITHDRAW))
        assert (made.signature is not None) is (action in (A.SIGN, A.APPROVE))
        if made.new_revision:
            assert made.target is S.DRAFT
            assert made.superseded in (S.RETURNED, S.WITHDRAWN)
            revision += 1
        status = made.target
        history.append(status)
    # A report reaches approval only after A's and then B's signature, in that order.
    for before, after in pairwise(history):
        if after is S.APPROVED:
            assert before is S.SUBMITTED
        if after is S.SUBMITTED:
            assert before is S.SIGNING
        if after is S.SIGNING:
            assert before is S.DRAFT
    assert revision == history.count(S.DRAFT)


@properties
@given(status=st.sampled_from(S), role=st.sampled_from(Role))
def test_only_drafts_are_editable_and_signing_freezes_them(status: S, role: Role) -> None:
    if is_editable(status):
        assert A.SIGN in allowed_actions(status, Role.INSPECTOR)
        assert signing_move(status) is not None
        assert move(status, A.SIGN, Role.INSPECTOR).target is S.SIGNING
        assert not is_editable(move(status, A.SIGN, Role.INSPECTOR).target)


class InspectionLifecycle(RuleBasedStateMachine):
    """Drive one inspection through its life the way the app would, checking invariants."""

    @initialize()
    def start(self) -> None:
        self.status = S.DRAFT
        self.revision = 1
        self.approved = False

    @rule(action=st.sampled_from(A), role=st.sampled_from(Role))
    def act(self, action: A, role: Role) -> None:
        if action in allowed_actions(self.status, role):
            made = move(self.status, action, role)
            if made.new_revision:
                self.revision += 1
            self.status = made.target
            self.approved = self.approved or self.status is S.APPROVED
        else:
            with pytest.raises(TransitionNotAllowed):
                move(self.status, action, role)

    @invariant()
    def editable_only_as_draft(self) -> None:
        assert is_editable(self.status) is (self.status is S.DRAFT)

    @invariant()
    def approval_sticks(self) -> None:
        if self.approved:
            assert self.status is S.APPROVED
            assert is_final(self.status)

    @invariant()
    def some_role_can_move_unless_final(self) -> None:
        anyone = any(allowed_actions(self.status, role) for role in Role)
        assert anyone is not is_final(self.status)


InspectionLifecycle.TestCase.settings = settings(
    max_examples=30, stateful_step_count=20, database=None
)
TestInspectionLifecycle = InspectionLifecycle.TestCase


# --- who signs ------------------------------------------------------------------------------

OFFICER_A, OFFICER_B, SUPERVISOR, OTHER = (uuid.uuid4() for _ in range(4))
INSPECTOR = frozenset({Role.INSPECTOR})
BOSS = frozenset({Role.SUPERVISOR})
BOTH = frozenset({Role.INSPECTOR, Role.SUPERVISOR})  # a president or vice-president


def signer(
    status: S,
    actor: uuid.UUID,
    roles: frozenset[Role],
    *,
    a: uuid.UUID | None = OFFICER_A,
    b: uuid.UUID | None = OFFICER_B,
) -> SignatureRole | None:
    step = signature_for(status, actor=actor, officer_a=a, officer_b=b, roles=roles)
    return step.signature


def test_signatures_come_in_order_a_then_b_then_the_supervisor() -> None:
    assert [signature_due(s) for s in S] == [
        SR.INSPECTOR_A,  # draft
        SR.INSPECTOR_B,  # signing
        SR.SUPERVISOR,  # submitted
        None,  # returned
        None,  # approved
        None,  # withdrawn
    ]
    assert signer(S.DRAFT, OFFICER_A, INSPECTOR) is SR.INSPECTOR_A
    assert signer(S.SIGNING, OFFICER_B, INSPECTOR) is SR.INSPECTOR_B
    assert signer(S.SUBMITTED, SUPERVISOR, BOSS) is SR.SUPERVISOR
    assert signer(S.SUBMITTED, SUPERVISOR, BOTH) is SR.SUPERVISOR


@pytest.mark.parametrize(
    ("status", "actor", "roles", "reason"),
    [
        (S.DRAFT, OFFICER_B, INSPECTOR, "not_officer_a"),  # B before A
        (S.DRAFT, OTHER, INSPECTOR, "not_officer_a"),  # an inspector who is not an officer
        (S.DRAFT, OFFICER_A, BOSS, "not_inspector"),  # A no longer an inspector here
        (S.DRAFT, SUPERVISOR, BOSS, "not_inspector"),
        (S.SIGNING, OFFICER_A, INSPECTOR, "not_officer_b"),  # A signing twice
        (S.SIGNING, OTHER, INSPECTOR, "not_officer_b"),
        (S.SUBMITTED, OFFICER_B, INSPECTOR, "not_supervisor"),
        (S.SUBMITTED, OFFICER_B, BOTH, "own_report"),  # a vice-president who was B
        (S.SUBMITTED, OFFICER_A, BOTH, "own_report"),
        (S.APPROVED, SUPERVISOR, BOSS, "no_signature"),
        (S.RETURNED, OFFICER_A, INSPECTOR, "no_signature"),
        (S.WITHDRAWN, OFFICER_A, INSPECTOR, "no_signature"),
    ],
)
def test_who_may_not_sign(status: S, actor: uuid.UUID, roles: frozenset[Role], reason: str) -> None:
    with pytest.raises(SignerNotAllowed) as info:
        signer(status, actor, roles)
    assert info.value.reason == reason
    assert isinstance(info.value, NotAllowed)


def test_the_ab_rule_needs_two_different_officers() -> None:
    with pytest.raises(SignerNotAllowed) as info:
        signer(S.DRAFT, OFFICER_A, INSPECTOR, b=OFFICER_A)
    assert info.value.reason == "same_officer"
    assert "A/B rule" in str(info.value)
    with pytest.raises(SignerNotAllowed) as info:
        signer(S.DRAFT, OFFICER_A, INSPECTOR, b=None)
    assert info.value.reason == "officers_missing"


def test_only_officer_a_withdraws_and_any_inspector_reopens() -> None:
    withdraw = move(S.SIGNING, A.WITHDRAW, Role.INSPECTOR)
    check_actor(
        withdraw, actor=OFFICER_A, officer_a=OFFICER_A, officer_b=OFFICER_B, roles=INSPECTOR
    )
    with pytest.raises(SignerNotAllowed, match="officer A"):
        check_actor(
            withdraw, actor=OFFICER_B, officer_a=OFFICER_A, officer_b=OFFICER_B, roles=INSPECTOR
        )
    reopen = move(S.RETURNED, A.REOPEN, Role.INSPECTOR)
    check_actor(reopen, actor=OTHER, officer_a=OFFICER_A, officer_b=OFFICER_B, roles=INSPECTOR)
    with pytest.raises(SignerNotAllowed):
        check_actor(reopen, actor=OTHER, officer_a=OFFICER_A, officer_b=OFFICER_B, roles=BOSS)


@properties
@given(
    status=st.sampled_from(S),
    actor=st.sampled_from([OFFICER_A, OFFICER_B, SUPERVISOR, OTHER]),
    roles=st.sampled_from([INSPECTOR, BOSS, BOTH, frozenset()]),
)
def test_a_signature_is_always_the_due_one_by_the_right_person(
    status: S, actor: uuid.UUID, roles: frozenset[Role]
) -> None:
    try:
        made = signer(status, actor, roles)
    except SignerNotAllowed:
        return
    assert made is signature_due(status)
    if made is SR.INSPECTOR_A:
        assert actor == OFFICER_A and Role.INSPECTOR in roles
    elif made is SR.INSPECTOR_B:
        assert actor == OFFICER_B and Role.INSPECTOR in roles
    else:
        assert actor not in (OFFICER_A, OFFICER_B) and Role.SUPERVISOR in roles
