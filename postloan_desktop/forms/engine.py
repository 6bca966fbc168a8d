"""What a template means for one inspection: which sections and items are shown, which
required ones are unanswered, how far each section is, and which risk signals the answers raise.

Answers are a mapping from an answer key to a JSON value. The key is the item's key, or
``item_key@collateral_id`` in a section repeated for each collateral item. Values:

=================  =================================================
yes_no_na          "yes" | "no" | "na"
single_choice      an option value
multiple_choice    a list of option values
text               a string
number, percent    a number
money              integer fen
date               "YYYY-MM-DD"
collateral         a collateral id (string)
=================  =================================================
"""

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from postloan_desktop.domain.enums import BorrowerType, BusinessType, InspectionKind
from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.forms.loader import ChecklistTemplate
from postloan_desktop.forms.schema import (
    YES_NO_NA_VALUES,
    AnswerCondition,
    Item,
    ItemType,
    Section,
    SignalLevel,
    Text,
    Visibility,
)

Answers = Mapping[str, Any]
REPEAT_SEPARATOR = "@"


@dataclass(frozen=True)
class CollateralRef:
    id: str
    label: str  # what the officer sees: kind and description


@dataclass(frozen=True)
class FormContext:
    """What visibility conditions may depend on, besides answers."""

    inspection_kind: InspectionKind
    borrower_type: BorrowerType
    business_type: BusinessType
    collateral: tuple[CollateralRef, ...] = ()


@dataclass(frozen=True)
class ItemInstance:
    key: str  # the answer key
    item: Item
    section_key: str
    collateral: CollateralRef | None = None


@dataclass(frozen=True)
class SectionInstance:
    key: str
    section: Section
    items: tuple[ItemInstance, ...]
    collateral: CollateralRef | None = None

    def title(self, language: str) -> str:
        title = self.section.title.get(language) if self.section.title else self.key
        return f"{title} — {self.collateral.label}" if self.collateral else title


@dataclass(frozen=True)
class RaisedSignal:
    code: str
    level: SignalLevel
    message: Text
    answer_key: str
    collateral: CollateralRef | None = None


@dataclass(frozen=True)
class SectionProgress:
    section: SectionInstance
    visible_items: int
    answered: int
    required: int
    required_answered: int

    @property
    def complete(self) -> bool:
        return self.required_answered == self.required


def answer_key(item_key: str, collateral: CollateralRef | None) -> str:
    return f"{item_key}{REPEAT_SEPARATOR}{collateral.id}" if collateral else item_key


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


def layout(template: ChecklistTemplate, ctx: FormContext) -> list[SectionInstance]:
    """Every section as it appears for this loan: repeated ones once per collateral item."""
    out = []
    for section in template.sections:
        instances: Sequence[CollateralRef | None] = (
            ctx.collateral if section.repeat == "collateral" else (None,)
        )
        for collateral in instances:
            key = answer_key(section.key, collateral)
            items = tuple(
                ItemInstance(answer_key(i.key, collateral), i, key, collateral)
                for i in section.items
            )
            out.append(SectionInstance(key, section, items, collateral))
    return out


def condition_holds(cond: AnswerCondition, value: Any) -> bool:
    if cond.answered is not None:
        return is_answered(value) == cond.answered
    if not is_answered(value):
        return False
    if cond.equals is not None:
        return bool(value == cond.equals)
    if cond.any_of is not None:
        return value in cond.any_of
    if cond.includes is not None:
        return isinstance(value, list) and cond.includes in value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    if cond.greater_than is not None:
        return value > cond.greater_than
    if cond.less_than is not None:
        return value < cond.less_than
    return False


def _visible(
    vis: Visibility | None, ctx: FormContext, answers: Answers, collateral: CollateralRef | None
) -> bool:
    if vis is None:
        return True
    if vis.inspection_kind is not None and ctx.inspection_kind.value not in vis.inspection_kind:
        return False
    if vis.borrower_type is not None and ctx.borrower_type.value not in vis.borrower_type:
        return False
    if vis.business_type is not None and ctx.business_type.value not in vis.business_type:
        return False
    if vis.answer is not None:
        # An item of the same repeated section is looked up in the same repetition.
        value = answers.get(answer_key(vis.answer.item, collateral), answers.get(vis.answer.item))
        if not condition_holds(vis.answer, value):
            return False
    return True


def visible_sections(
    template: ChecklistTemplate, ctx: FormContext, answers: Answers
) -> list[SectionInstance]:
    """The sections shown, each with only its shown items; empty sections are left out."""
    out = []
    for section in layout(template, ctx):
        if not _visible(section.section.visible_when, ctx, answers, section.collateral):
            continue
        items = tuple(
            i for i in section.items if _visible(i.item.visible_when, ctx, answers, i.collateral)
        )
        if items:
            out.append(SectionInstance(section.key, section.section, items, section.collateral))
    return out


def progress(
    template: ChecklistTemplate,
    ctx: FormContext,
    answers: Answers,
    *,
    unconfirmed: frozenset[str] = frozenset(),
) -> list[SectionProgress]:
    """Per shown section: how many items are answered, how many required ones are.

    Answers in ``unconfirmed`` (carried forward, not yet confirmed) do not count."""

    def done(key: str) -> bool:
        return is_answered(answers.get(key)) and key not in unconfirmed

    return [
        SectionProgress(
            section=s,
            visible_items=len(s.items),
            answered=sum(done(i.key) for i in s.items),
            required=sum(i.item.required for i in s.items),
            required_answered=sum(i.item.required and done(i.key) for i in s.items),
        )
        for s in visible_sections(template, ctx, answers)
    ]


def missing_required(
    template: ChecklistTemplate,
    ctx: FormContext,
    answers: Answers,
    *,
    unconfirmed: frozenset[str] = frozenset(),
) -> list[ItemInstance]:
    return [
        i
        for s in visible_sections(template, ctx, answers)
        for i in s.items
        if i.item.required and (not is_answered(answers.get(i.key)) or i.key in unconfirmed)
    ]


def raised_signals(
    template: ChecklistTemplate, ctx: FormContext, answers: Answers
) -> list[RaisedSignal]:
    """The risk signals the shown answers raise, in form order."""
    return [
        RaisedSignal(rule.code, rule.level, rule.message, i.key, i.collateral)
        for s in visible_sections(template, ctx, answers)
        for i in s.items
        for rule in i.item.signals
        if condition_holds(rule.when, answers.get(i.key))
    ]


def find_item(template: ChecklistTemplate, ctx: FormContext, key: str) -> ItemInstance:
    for section in layout(template, ctx):
        for item in section.items:
            if item.key == key:
                return item
    raise InvalidInput(f"no item {key!r} in checklist {template.id} version {template.version}")


def _number(value: Any, item: Item) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(f"{item.key}: a number is needed, not {value!r}")
    if item.min is not None and value < item.min:
        raise InvalidInput(f"{item.key}: {value} is below the minimum {item.min:g}")
    if item.max is not None and value > item.max:
        raise InvalidInput(f"{item.key}: {value} is above the maximum {item.max:g}")
    return float(value)


def clean_value(instance: ItemInstance, value: Any, ctx: FormContext) -> Any:
    """The value to store for an answer, or InvalidInput saying why it does not fit."""
    item = instance.item
    if not is_answered(value):
        return None
    match item.type:
        case ItemType.YES_NO_NA:
            if value not in YES_NO_NA_VALUES:
                raise InvalidInput(f"{item.key}: answer yes, no or na, not {value!r}")
            return value
        case ItemType.SINGLE_CHOICE:
            if value not in [o.value for o in item.options or []]:
                raise InvalidInput(f"{item.key}: {value!r} is not one of the options")
            return value
        case ItemType.MULTIPLE_CHOICE:
            options = [o.value for o in item.options or []]
            if not isinstance(value, list) or any(v not in options for v in value):
                raise InvalidInput(f"{item.key}: {value!r} is not a list of the options")
            return [o for o in options if o in value]  # option order, no duplicates
        case ItemType.TEXT:
            if not isinstance(value, str):
                raise InvalidInput(f"{item.key}: text is needed")
            return value
        case ItemType.NUMBER | ItemType.PERCENT:
            number = _number(value, item)
            if item.type is ItemType.PERCENT and not 0 <= number <= 100 and item.max is None:
                raise InvalidInput(f"{item.key}: a percentage is between 0 and 100")
            return number
        case ItemType.MONEY:
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput(f"{item.key}: money is whole fen, not {value!r}")
            _number(value / 100, item)
            return value
        case ItemType.DATE:
            try:
                return dt.date.fromisoformat(value).isoformat()
            except (TypeError, ValueError) as exc:
                raise InvalidInput(f"{item.key}: not a date (YYYY-MM-DD): {value!r}") from exc
        case ItemType.COLLATERAL:
            if value not in [c.id for c in ctx.collateral]:
                raise InvalidInput(f"{item.key}: not a collateral item of this loan")
            return value
    raise InvalidInput(f"{item.key}: unknown item type {item.type}")  # pragma: no cover
