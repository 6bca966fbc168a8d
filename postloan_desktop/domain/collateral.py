"""Collateral as an inspection sees it: its condition, its value now against its appraisal,
and whether the collateral still covers what the borrower owes.

篇5 五(二): "对抵(质)物进行检查,描述其是否灭失、损毁,变现价值增减情况及原因"; 篇10: watch for
"押品的贬值、损毁、灭失和被处分的情况" that leave the loan unsecured (脱保). Money is integer fen;
percentages and ratios are ``Decimal``, never float.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# Below this collateral coverage (current value / outstanding balance) the loan is flagged.
# A branch may change it in postloan.toml ([collateral] coverage_threshold).
DEFAULT_COVERAGE_THRESHOLD = Decimal("1.2")

PERCENT_PLACES = Decimal("0.01")


class CollateralCondition(StrEnum):
    """The state an officer finds a collateral item in. The first five codes are the
    checklist's own (collateral_check.yaml, ``collateral_condition``)."""

    INTACT = "intact"  # 完好
    DAMAGED = "damaged"  # 受损
    LOST = "lost"  # 灭失
    DISPOSED = "disposed"  # 已处置 (sold or transferred)
    OCCUPIED = "occupied"  # 被占用 / 出租
    SEIZED = "seized"  # 被查封 (by a court or another creditor)
    OTHER = "other"  # 其他

    @property
    def gone(self) -> bool:
        """The item no longer secures anything: lost or disposed of."""
        return self in (CollateralCondition.LOST, CollateralCondition.DISPOSED)

    @property
    def impaired(self) -> bool:
        """A condition that puts the security at risk and needs the supervisor's attention."""
        return self in (
            CollateralCondition.DAMAGED,
            CollateralCondition.LOST,
            CollateralCondition.DISPOSED,
            CollateralCondition.SEIZED,
        )


@dataclass(frozen=True)
class ValueChange:
    """A current value against the appraisal: the difference in fen and in percent of the
    appraisal (rounded half up to two places; None when the appraisal is zero)."""

    fen: int
    percent: Decimal | None

    @property
    def down(self) -> bool:
        return self.fen < 0


def value_change(appraised_fen: int, current_fen: int) -> ValueChange:
    """How far ``current_fen`` is from ``appraised_fen``: 1,000,000 → 900,000 is −100,000
    fen, −10.00 %."""
    diff = current_fen - appraised_fen
    if appraised_fen == 0:
        return ValueChange(diff, None)
    percent = (Decimal(diff) * 100 / Decimal(appraised_fen)).quantize(
        PERCENT_PLACES, rounding=ROUND_HALF_UP
    )
    if percent == 0:
        percent = abs(percent)  # no "-0.00 %"
    return ValueChange(diff, percent)


def current_value(
    appraised_fen: int,
    estimated_fen: int | None,
    condition: CollateralCondition | None = None,
) -> int:
    """What an item is worth now as far as anyone knows: the officer's estimate when there
    is one; else nothing if it is lost or disposed of; else its appraisal."""
    if estimated_fen is not None:
        return estimated_fen
    if condition is not None and condition.gone:
        return 0
    return appraised_fen


def known_value(
    findings: Iterable[tuple[int | None, CollateralCondition | None]],
) -> int | None:
    """What the visits' findings (estimate, condition), newest first, say an item is worth:
    the newest estimate, or nothing when it was found lost or disposed of after that
    estimate; None when no visit said."""
    for estimate, condition in findings:
        if estimate is not None:
            return estimate
        if condition is not None and condition.gone:
            return 0
    return None


def coverage_ratio(current_values_fen: Iterable[int], balance_fen: int) -> Decimal | None:
    """Sum of the items' current values divided by the outstanding balance; None when
    nothing is owed (a repaid loan needs no cover)."""
    if balance_fen <= 0:
        return None
    return Decimal(sum(current_values_fen)) / Decimal(balance_fen)


def coverage_warning(ratio: Decimal | None, threshold: Decimal) -> bool:
    """True when the coverage is below the threshold (at the threshold is still enough)."""
    return ratio is not None and ratio < threshold
