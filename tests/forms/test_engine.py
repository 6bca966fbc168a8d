"""The rules that run on answers: visibility, repeated collateral sections, required items
and progress, risk signals, and what a value must look like for each item type."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postloan_desktop.domain.enums import BorrowerType, BusinessType, InspectionKind
from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.forms import engine
from postloan_desktop.forms.engine import CollateralRef, FormContext
from postloan_desktop.forms.loader import ChecklistTemplate, load_directory
from postloan_desktop.forms.schema import ItemType

TEMPLATES = {t.id: t for t in load_directory()}
INDIVIDUAL = TEMPLATES["individual_loan"]
BUSINESS = TEMPLATES["small_business"]
HOUSE = CollateralRef("c1", "住宅")
SHOP = CollateralRef("c2", "商铺")


def ctx(
    kind: InspectionKind = InspectionKind.PERIODIC,
    borrower: BorrowerType = BorrowerType.INDIVIDUAL,
    business: BusinessType = BusinessType.TRADE_SERVICE,
    collateral: tuple[CollateralRef, ...] = (HOUSE,),
) -> FormContext:
    return FormContext(kind, borrower, business, collateral)


def section_keys(
    template: ChecklistTemplate, context: FormContext, answers: Any = None
) -> list[str]:
    return [s.key for s in engine.visible_sections(template, context, answers or {})]


def item_keys(template: ChecklistTemplate, context: FormContext, answers: Any) -> set[str]:
    return {i.key for s in engine.visible_sections(template, context, answers) for i in s.items}


def test_compliance_section_only_on_first_inspections() -> None:
    assert section_keys(INDIVIDUAL, ctx(InspectionKind.FIRST))[0] == "compliance"
    for kind in (InspectionKind.PERIODIC, InspectionKind.SPECIAL):
        assert "compliance" not in section_keys(INDIVIDUAL, ctx(kind))


def test_business_section_only_for_business_loans() -> None:
    assert "business_changes" in section_keys(INDIVIDUAL, ctx(business=BusinessType.PRODUCTION))
    assert "business_changes" not in section_keys(INDIVIDUAL, ctx(business=BusinessType.CONSUMER))


def test_follow_up_appears_only_after_the_answer_that_calls_for_it() -> None:
    context = ctx()
    assert "diversion_details" not in item_keys(INDIVIDUAL, context, {})
    assert "diversion_details" not in item_keys(INDIVIDUAL, context, {"funds_diverted": "no"})
    assert "diversion_details" in item_keys(INDIVIDUAL, context, {"funds_diverted": "yes"})


def test_collateral_section_repeats_per_item_and_vanishes_without_collateral() -> None:
    keys = section_keys(INDIVIDUAL, ctx(collateral=(HOUSE, SHOP)))
    assert "collateral_items@c1" in keys and "collateral_items@c2" in keys
    assert not any(
        k.startswith("collateral_items") for k in section_keys(INDIVIDUAL, ctx(collateral=()))
    )
    section = next(
        s for s in engine.visible_sections(INDIVIDUAL, ctx(collateral=(SHOP,)), {}) if s.collateral
    )
    assert section.title("zh").endswith("— 商铺")
    assert all(i.key.endswith("@c2") for i in section.items)


def test_required_items_progress_and_unconfirmed_answers() -> None:
    context = ctx()
    missing = {i.key for i in engine.missing_required(INDIVIDUAL, context, {})}
    assert {"actual_use", "funds_diverted", "opinion", "collateral_present@c1"} <= missing
    answers = {"actual_use": "购买原材料", "funds_diverted": "no"}
    after = {i.key for i in engine.missing_required(INDIVIDUAL, context, answers)}
    assert after == missing - set(answers)
    unconfirmed = frozenset({"actual_use"})
    still = {
        i.key
        for i in engine.missing_required(INDIVIDUAL, context, answers, unconfirmed=unconfirmed)
    }
    assert "actual_use" in still
    funds = next(
        p for p in engine.progress(INDIVIDUAL, context, answers) if p.section.key == "funds_use"
    )
    assert funds.answered == 2 and funds.required_answered == 2


def test_signals_raised_by_answers() -> None:
    context = ctx(borrower=BorrowerType.ENTERPRISE, business=BusinessType.PRODUCTION)
    answers: dict[str, Any] = {
        "funds_diverted": "yes",
        "finished_goods_stock_days": 20,
        "receivables_overdue_2m": "yes",
        "collateral_condition@c1": "damaged",
        "business_or_site_changed": "yes",
    }
    codes = {s.code for s in engine.raised_signals(BUSINESS, context, answers)}
    assert {
        "funds_diverted",
        "stock_above_half_month",
        "receivables_overdue_2m",
        "collateral_damaged_or_lost",
        "business_changed",
    } <= codes
    answers["finished_goods_stock_days"] = 15  # half a month is still reasonable
    codes = {s.code for s in engine.raised_signals(BUSINESS, context, answers)}
    assert "stock_above_half_month" not in codes


def test_signals_of_hidden_items_are_not_raised() -> None:
    context = ctx(borrower=BorrowerType.ENTERPRISE, business=BusinessType.TRADE_SERVICE)
    answers = {"finished_goods_stock_days": 40}  # a production item, not shown for trade
    assert not engine.raised_signals(BUSINESS, context, answers)


def instance(template: ChecklistTemplate, key: str) -> engine.ItemInstance:
    return engine.find_item(template, ctx(), key)


@pytest.mark.parametrize(
    ("key", "good", "stored", "bad"),
    [
        ("funds_diverted", "na", "na", "maybe"),
        ("opinion", "维持授信", "维持授信", 42),
        ("monthly_avg_deposit", 123_456, 123_456, 12.5),
        ("settlement_share", 35.5, 35.5, 130),
        ("next_inspection_date", "2027-01-05", "2027-01-05", "05/01/2027"),
        ("measures", ["urgent_exit", "gradual_exit"], ["gradual_exit", "urgent_exit"], ["sell"]),
        ("proposed_risk_class", "substandard", "substandard", "bad"),
    ],
)
def test_values_are_checked_by_type(key: str, good: Any, stored: Any, bad: Any) -> None:
    item = instance(INDIVIDUAL, key)
    assert engine.clean_value(item, good, ctx()) == stored
    with pytest.raises(InvalidInput):
        engine.clean_value(item, bad, ctx())


def test_empty_values_clear_an_answer() -> None:
    for key in ("opinion", "measures", "funds_diverted"):
        for empty in ("", [], None):
            assert engine.clean_value(instance(INDIVIDUAL, key), empty, ctx()) is None


def test_money_and_numbers_refuse_booleans_and_infinity() -> None:
    money = instance(INDIVIDUAL, "monthly_avg_deposit")
    with pytest.raises(InvalidInput):
        engine.clean_value(money, True, ctx())
    share = instance(INDIVIDUAL, "settlement_share")
    with pytest.raises(InvalidInput):
        engine.clean_value(share, float("inf"), ctx())


@given(
    st.dictionaries(
        st.sampled_from(sorted(item_keys(INDIVIDUAL, ctx(), {}) | {"funds_diverted"})),
        st.sampled_from(["yes", "no", "na", "", "文本"]),
        max_size=12,
    )
)
def test_missing_required_is_always_shown_and_unanswered(answers: dict[str, str]) -> None:
    context = ctx()
    shown = item_keys(INDIVIDUAL, context, answers)
    for item in engine.missing_required(INDIVIDUAL, context, answers):
        assert item.key in shown and item.item.required
        assert not engine.is_answered(answers.get(item.key))


def test_every_item_type_is_used_by_a_shipped_checklist() -> None:
    used = {
        i.item.type for t in TEMPLATES.values() for s in engine.layout(t, ctx()) for i in s.items
    }
    assert used >= set(ItemType) - {ItemType.COLLATERAL}
