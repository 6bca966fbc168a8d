"""The A/B officer rule for large balances (officers.py, 篇4)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postloan_desktop.domain.enums import OfficerRank
from postloan_desktop.domain.money import yuan_to_fen
from postloan_desktop.domain.officers import (
    OfficerRequirement,
    officer_rule_violation,
    required_rank,
)

OFFICER = OfficerRank.OFFICER
VP = OfficerRank.VICE_PRESIDENT
PRESIDENT = OfficerRank.PRESIDENT

NEEDS_VP = OfficerRequirement(VP)
NEEDS_PRESIDENT = OfficerRequirement(PRESIDENT)

properties = settings(max_examples=60, database=None)

ranks = st.none() | st.sampled_from(OfficerRank)
balances = st.integers(min_value=-(10**12), max_value=10**13)


@pytest.mark.parametrize(
    ("yuan", "expected"),
    [
        ("0", None),
        ("1000000", None),
        ("49999999.99", None),
        ("50000000", NEEDS_VP),
        ("50000000.01", NEEDS_VP),
        ("75000000", NEEDS_VP),
        ("100000000", NEEDS_VP),
        ("100000000.01", NEEDS_PRESIDENT),
        ("100000001", NEEDS_PRESIDENT),
        ("2000000000", NEEDS_PRESIDENT),
    ],
)
def test_required_rank_boundaries(yuan: str, expected: OfficerRequirement | None) -> None:
    assert required_rank(yuan_to_fen(yuan)) == expected


def test_required_rank_thresholds_are_in_fen() -> None:
    # 50 million yuan is 5,000,000,000 fen; 50 million *fen* is only 500,000 yuan.
    assert required_rank(5_000_000_000) == NEEDS_VP
    assert required_rank(4_999_999_999) is None
    assert required_rank(50_000_000) is None
    assert required_rank(10_000_000_000) == NEEDS_VP
    assert required_rank(10_000_000_001) == NEEDS_PRESIDENT


@pytest.mark.parametrize(
    ("requirement", "rank_a", "rank_b", "met"),
    [
        (NEEDS_VP, VP, OFFICER, True),
        (NEEDS_VP, OFFICER, VP, True),
        (NEEDS_VP, PRESIDENT, OFFICER, True),  # a president satisfies the VP rule
        (NEEDS_VP, None, PRESIDENT, True),
        (NEEDS_VP, OFFICER, OFFICER, False),
        (NEEDS_VP, OFFICER, None, False),
        (NEEDS_VP, None, None, False),
        (NEEDS_PRESIDENT, PRESIDENT, OFFICER, True),
        (NEEDS_PRESIDENT, None, PRESIDENT, True),
        (NEEDS_PRESIDENT, VP, VP, False),
        (NEEDS_PRESIDENT, VP, None, False),
        (NEEDS_PRESIDENT, None, None, False),
    ],
)
def test_requirement_met_by(
    requirement: OfficerRequirement,
    rank_a: OfficerRank | None,
    rank_b: OfficerRank | None,
    met: bool,
) -> None:
    assert requirement.met_by(rank_a, rank_b) is met


@pytest.mark.parametrize(
    ("yuan", "rank_a", "rank_b", "violation"),
    [
        ("10000000", None, None, None),
        ("10000000", OFFICER, OFFICER, None),
        ("50000000", OFFICER, OFFICER, NEEDS_VP),
        ("50000000", None, None, NEEDS_VP),
        ("50000000", OFFICER, VP, None),
        ("50000000", PRESIDENT, None, None),
        ("100000000", VP, OFFICER, None),
        ("100000000.01", VP, OFFICER, NEEDS_PRESIDENT),
        ("100000000.01", VP, VP, NEEDS_PRESIDENT),
        ("100000000.01", OFFICER, PRESIDENT, None),
    ],
)
def test_officer_rule_violation(
    yuan: str,
    rank_a: OfficerRank | None,
    rank_b: OfficerRank | None,
    violation: OfficerRequirement | None,
) -> None:
    assert officer_rule_violation(yuan_to_fen(yuan), rank_a, rank_b) == violation


@properties
@given(balance=balances, rank_a=ranks, rank_b=ranks)
def test_violation_does_not_depend_on_which_officer_is_a(
    balance: int, rank_a: OfficerRank | None, rank_b: OfficerRank | None
) -> None:
    assert officer_rule_violation(balance, rank_a, rank_b) == officer_rule_violation(
        balance, rank_b, rank_a
    )


@properties
@given(balance=balances, rank_a=ranks, rank_b=ranks)
def test_violation_is_the_required_rank_when_not_met(
    balance: int, rank_a: OfficerRank | None, rank_b: OfficerRank | None
) -> None:
    requirement = required_rank(balance)
    violation = officer_rule_violation(balance, rank_a, rank_b)
    if requirement is None:
        assert violation is None
    else:
        assert violation == (None if requirement.met_by(rank_a, rank_b) else requirement)


@properties
@given(balance=balances, other=ranks)
def test_a_president_on_the_pair_satisfies_any_balance(
    balance: int, other: OfficerRank | None
) -> None:
    assert officer_rule_violation(balance, PRESIDENT, other) is None
    assert officer_rule_violation(balance, other, PRESIDENT) is None


@properties
@given(a=balances, b=balances, rank_a=ranks, rank_b=ranks)
def test_a_pair_fine_for_a_balance_is_fine_for_any_smaller_balance(
    a: int, b: int, rank_a: OfficerRank | None, rank_b: OfficerRank | None
) -> None:
    low, high = sorted((a, b))
    if officer_rule_violation(high, rank_a, rank_b) is None:
        assert officer_rule_violation(low, rank_a, rank_b) is None


@properties
@given(balance=st.integers(max_value=4_999_999_999), rank_a=ranks, rank_b=ranks)
def test_below_fifty_million_yuan_anyone_will_do(
    balance: int, rank_a: OfficerRank | None, rank_b: OfficerRank | None
) -> None:
    assert required_rank(balance) is None
    assert officer_rule_violation(balance, rank_a, rank_b) is None
