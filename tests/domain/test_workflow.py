"""The inspection state machine (workflow.py): who may move an inspection where."""

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from postloan_desktop.domain.enums import InspectionStatus, Role
from postloan_desktop.domain.errors import NotAllowed, PostloanError, UserError
from postloan_desktop.domain.workflow import (
    MOVES,
    InspectionAction,
    Move,
    TransitionNotAllowed,
    allowed_actions,
    is_editable,
    is_final,
    move,
)

S = InspectionStatus
A = InspectionAction

properties = settings(max_examples=60, database=None)

# The whole table, written out: (status, action, role) -> (target, new_revision).
LEGAL = {
    (S.DRAFT, A.SUBMIT, Role.INSPECTOR): (S.SUBMITTED, False),
    (S.SUBMITTED, A.RETURN, Role.SUPERVISOR): (S.RETURNED, False),
    (S.SUBMITTED, A.APPROVE, Role.SUPERVISOR): (S.APPROVED, False),
    (S.RETURNED, A.REOPEN, Role.INSPECTOR): (S.DRAFT, True),
}

ALL_TRIPLES = [(s, a, r) for s in S for a in A for r in Role]
ILLEGAL = [t for t in ALL_TRIPLES if t not in LEGAL]

steps = st.lists(st.tuples(st.sampled_from(A), st.sampled_from(Role)), max_size=40)


@pytest.mark.parametrize(("status", "action", "role"), list(LEGAL), ids=str)
def test_legal_moves(status: S, action: A, role: Role) -> None:
    target, new_revision = LEGAL[(status, action, role)]
    made = move(status, action, role)
    assert made == Move(status, action, target, role, new_revision=new_revision)


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
        move(S.DRAFT, A.SUBMIT, Role.SUPERVISOR)


@pytest.mark.parametrize("status", list(S))
def test_admin_has_no_moves(status: S) -> None:
    assert allowed_actions(status, Role.ADMIN) == frozenset()


def test_approved_is_final_and_the_only_final_status() -> None:
    assert [s for s in S if is_final(s)] == [S.APPROVED]
    for action in A:
        for role in Role:
            with pytest.raises(TransitionNotAllowed):
                move(S.APPROVED, action, role)


def test_only_drafts_are_editable() -> None:
    assert [s for s in S if is_editable(s)] == [S.DRAFT]


def test_allowed_actions_table() -> None:
    assert allowed_actions(S.DRAFT, Role.INSPECTOR) == {A.SUBMIT}
    assert allowed_actions(S.DRAFT, Role.SUPERVISOR) == frozenset()
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
        if action in (A.SUBMIT, A.REOPEN):
            assert role is Role.INSPECTOR
        assert made.new_revision is (action is A.REOPEN)
        if made.new_revision:
            assert made.target is S.DRAFT
            revision += 1
        status = made.target
        history.append(status)
    # A report only ever reaches approval straight from submission.
    for before, after in pairwise(history):
        if after is S.APPROVED:
            assert before is S.SUBMITTED
        if after is S.SUBMITTED:
            assert before is S.DRAFT
    assert revision == history.count(S.DRAFT)


@properties
@given(status=st.sampled_from(S), role=st.sampled_from(Role))
def test_editable_drafts_can_be_submitted_and_frozen_reports_cannot_be_edited(
    status: S, role: Role
) -> None:
    if is_editable(status):
        assert A.SUBMIT in allowed_actions(status, Role.INSPECTOR)
    else:
        assert A.SUBMIT not in allowed_actions(status, role)


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
