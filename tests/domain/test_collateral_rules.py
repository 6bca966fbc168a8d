"""Collateral value and coverage rules (domain/collateral.py)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postloan_desktop.domain.collateral import (
    DEFAULT_COVERAGE_THRESHOLD,
    CollateralCondition,
    ValueChange,
    coverage_ratio,
    coverage_warning,
    current_value,
    known_value,
    value_change,
)

properties = settings(max_examples=100, database=None)

fens = st.integers(min_value=0, max_value=10**13)  # up to 100 billion yuan
positive_fens = st.integers(min_value=1, max_value=10**13)


def test_condition_codes_are_the_checklists_plus_two() -> None:
    assert [c.value for c in CollateralCondition] == [
        "intact",
        "damaged",
        "lost",
        "disposed",
        "occupied",
        "seized",
        "other",
    ]
    assert {c for c in CollateralCondition if c.gone} == {
        CollateralCondition.LOST,
        CollateralCondition.DISPOSED,
    }
    assert CollateralCondition.SEIZED.impaired and CollateralCondition.DAMAGED.impaired
    assert not CollateralCondition.INTACT.impaired
    assert not CollateralCondition.OCCUPIED.impaired


@pytest.mark.parametrize(
    ("appraised", "current", "fen", "percent"),
    [
        (1_000_000, 900_000, -100_000, Decimal("-10.00")),
        (1_000_000, 1_000_000, 0, Decimal("0.00")),
        (1_000_000, 1_250_000, 250_000, Decimal("25.00")),
        (300, 200, -100, Decimal("-33.33")),
        (300, 400, 100, Decimal("33.33")),
        (3, 1, -2, Decimal("-66.67")),  # rounded half up, away from zero
        (1_000_000, 0, -1_000_000, Decimal("-100.00")),
        (10**9, 10**9 - 1, -1, Decimal("0.00")),  # too small to show: not "-0.00"
        (0, 500, 500, None),
    ],
)
def test_value_change(appraised: int, current: int, fen: int, percent: Decimal | None) -> None:
    change = value_change(appraised, current)
    assert change == ValueChange(fen, percent)
    assert change.down is (fen < 0)
    if percent is not None:
        assert str(change.percent) != "-0.00"


@properties
@given(appraised=positive_fens, current=fens)
def test_value_change_is_the_difference_and_its_share(appraised: int, current: int) -> None:
    change = value_change(appraised, current)
    assert change.fen == current - appraised
    assert change.percent is not None
    exact = Fraction(current - appraised, appraised) * 100
    assert abs(Fraction(change.percent) - exact) <= Fraction(1, 200)  # within half a cent
    if change.percent != 0:
        assert (change.percent < 0) == (change.fen < 0)
    assert change.percent >= -100  # a value cannot fall below nothing


def test_current_value_prefers_the_estimate() -> None:
    assert current_value(1_000_000, 800_000) == 800_000
    assert current_value(1_000_000, 0, CollateralCondition.INTACT) == 0
    assert current_value(1_000_000, None) == 1_000_000
    assert current_value(1_000_000, None, CollateralCondition.DAMAGED) == 1_000_000
    # lost or disposed of with no estimate: it covers nothing any more
    assert current_value(1_000_000, None, CollateralCondition.LOST) == 0
    assert current_value(1_000_000, None, CollateralCondition.DISPOSED) == 0
    assert current_value(1_000_000, 50_000, CollateralCondition.LOST) == 50_000


def test_known_value_is_the_newest_finding_that_says() -> None:
    lost, intact = CollateralCondition.LOST, CollateralCondition.INTACT
    assert known_value([]) is None
    assert known_value([(None, None), (None, intact)]) is None
    assert known_value([(None, intact), (900, intact), (1000, None)]) == 900
    assert known_value([(None, lost), (900, intact)]) == 0  # lost since the estimate
    assert known_value([(50, lost), (900, intact)]) == 50  # what is left of it
    assert known_value([(None, intact), (None, CollateralCondition.DISPOSED), (900, None)]) == 0
    assert current_value(1000, known_value([(None, intact)])) == 1000  # appraisal, then


def test_coverage_ratio() -> None:
    assert coverage_ratio([600_000, 600_000], 1_000_000) == Decimal("1.2")
    assert coverage_ratio([], 1_000_000) == 0
    assert coverage_ratio([1], 0) is None  # repaid: nothing to cover
    assert coverage_ratio([1], -5) is None


@properties
@given(values=st.lists(fens, max_size=5), balance=positive_fens)
def test_coverage_ratio_is_exact_enough(values: list[int], balance: int) -> None:
    ratio = coverage_ratio(values, balance)
    assert ratio is not None
    exact = Fraction(sum(values), balance)
    assert abs(Fraction(ratio) - exact) <= exact * Fraction(1, 10**20) + Fraction(1, 10**20)


def test_warning_below_the_threshold_only() -> None:
    threshold = Decimal("1.2")
    assert not coverage_warning(Decimal("1.2"), threshold)  # at the threshold: enough
    assert not coverage_warning(Decimal("1.21"), threshold)
    assert coverage_warning(Decimal("1.19"), threshold)
    assert coverage_warning(Decimal(0), threshold)
    assert not coverage_warning(None, threshold)  # repaid loan
    assert not coverage_warning(Decimal(0), Decimal(0))  # threshold 0: never warn


@properties
@given(values=st.lists(fens, max_size=4), balance=positive_fens, tenths=st.integers(0, 50))
def test_warning_matches_exact_arithmetic(values: list[int], balance: int, tenths: int) -> None:
    threshold = Decimal(tenths) / 10
    ratio = coverage_ratio(values, balance)
    expected = Fraction(sum(values), balance) < Fraction(tenths, 10)
    assert coverage_warning(ratio, threshold) is expected


@properties
@given(balance=positive_fens, tenths=st.integers(1, 50))
def test_exactly_at_the_threshold_is_no_warning(balance: int, tenths: int) -> None:
    # A total that is exactly threshold × balance (when that is whole fen).
    total = Fraction(tenths, 10) * balance
    if total.denominator != 1:
        total = Fraction(tenths * balance)
        balance *= 10
    ratio = coverage_ratio([int(total)], balance)
    assert ratio == Decimal(tenths) / 10
    assert not coverage_warning(ratio, Decimal(tenths) / 10)
    assert coverage_warning(coverage_ratio([int(total) - 1], balance), Decimal(tenths) / 10)


def test_default_threshold() -> None:
    assert Decimal("1.2") == DEFAULT_COVERAGE_THRESHOLD
