"""The A/B officer rule for large balances (篇4).

Every loan has two responsible officers, A角 and B角. For a balance from 50 million to
100 million yuan (inclusive) one of them must be a sub-branch vice-president (a president
satisfies that too); above 100 million yuan one of them must be the sub-branch president.
"""

from dataclasses import dataclass

from postloan_desktop.domain.enums import OfficerRank

YUAN = 100  # fen
VICE_PRESIDENT_FROM_FEN = 50_000_000 * YUAN
PRESIDENT_ABOVE_FEN = 100_000_000 * YUAN

_SENIORITY = {OfficerRank.OFFICER: 0, OfficerRank.VICE_PRESIDENT: 1, OfficerRank.PRESIDENT: 2}


@dataclass(frozen=True)
class OfficerRequirement:
    """The most junior rank that one of A and B must at least hold."""

    rank: OfficerRank

    def met_by(self, rank_a: OfficerRank | None, rank_b: OfficerRank | None) -> bool:
        need = _SENIORITY[self.rank]
        return any(r is not None and _SENIORITY[r] >= need for r in (rank_a, rank_b))


def required_rank(balance_fen: int) -> OfficerRequirement | None:
    if balance_fen > PRESIDENT_ABOVE_FEN:
        return OfficerRequirement(OfficerRank.PRESIDENT)
    if balance_fen >= VICE_PRESIDENT_FROM_FEN:
        return OfficerRequirement(OfficerRank.VICE_PRESIDENT)
    return None


def officer_rule_violation(
    balance_fen: int, rank_a: OfficerRank | None, rank_b: OfficerRank | None
) -> OfficerRequirement | None:
    """The requirement that A and B fail for this balance, or None when the pair is fine."""
    requirement = required_rank(balance_fen)
    if requirement is None or requirement.met_by(rank_a, rank_b):
        return None
    return requirement
