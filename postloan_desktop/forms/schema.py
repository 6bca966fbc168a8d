"""The checklist template format (resources/checklists/*.yaml), as pydantic models.

A template has an ``id`` and a ``version``; an inspection keeps the version it started with.
It is a list of sections, each a list of items. A section may instead ``include`` a fragment
template (the collateral check, the conclusion every inspection ends with). A section with
``repeat: collateral`` is answered once for each collateral item of the loan.

Every text is bilingual: ``{zh: …, en: …}``.
"""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=60)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") else self.zh


class ItemType(StrEnum):
    YES_NO_NA = "yes_no_na"  # 是 / 否 / 不适用
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TEXT = "text"
    NUMBER = "number"  # with a unit
    MONEY = "money"  # yuan with two decimals, stored in fen
    PERCENT = "percent"
    DATE = "date"
    COLLATERAL = "collateral"  # one of the loan's collateral items


YES_NO_NA_VALUES = ("yes", "no", "na")


class Option(Strict):
    value: Key
    label: Text


class AnswerCondition(Strict):
    """A condition on one answer. Exactly one test is given."""

    equals: str | int | float | bool | None = None
    any_of: list[str] | None = None  # the answer is one of these (single choice, yes/no)
    includes: str | None = None  # a multiple-choice answer includes this option
    greater_than: float | None = None
    less_than: float | None = None
    answered: bool | None = None  # any answer at all (or none, with false)

    @model_validator(mode="after")
    def _one_test(self) -> "AnswerCondition":
        given = [k for k, v in self.__dict__.items() if v is not None and k != "item"]
        if len(given) != 1:
            raise ValueError(f"give exactly one test, not {given or 'none'}")
        return self


class AnswerIs(AnswerCondition):
    """``item`` answered so that the test holds (for visibility conditions)."""

    item: Key


class Visibility(Strict):
    """When a section or item is shown. Every given field must hold (and)."""

    inspection_kind: list[Literal["first", "periodic", "special"]] | None = None
    borrower_type: list[Literal["individual", "enterprise"]] | None = None
    business_type: list[Literal["production", "trade_service", "consumer"]] | None = None
    answer: AnswerIs | None = None


class SignalLevel(StrEnum):
    NOTICE = "notice"  # 提示
    WARNING = "warning"  # 关注
    ALERT = "alert"  # 预警


class SignalRule(Strict):
    """A risk signal raised when this item's answer meets ``when``."""

    code: Key
    level: SignalLevel
    when: AnswerCondition
    message: Text


class Item(Strict):
    key: Key
    type: ItemType
    label: Text
    help: Text | None = None
    required: bool = False
    photo_required: bool = False
    note: bool = True  # the officer may add a note
    unit: Text | None = None  # for numbers
    options: list[Option] | None = None  # for choices
    min: float | None = None
    max: float | None = None
    visible_when: Visibility | None = None
    signals: list[SignalRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> "Item":
        choice = self.type in (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_CHOICE)
        if choice and not self.options:
            raise ValueError(f"a {self.type} item needs options")
        if not choice and self.options:
            raise ValueError(f"a {self.type} item takes no options")
        if self.options is not None:
            values = [o.value for o in self.options]
            if len(set(values)) != len(values):
                raise ValueError("option values must be unique")
        if self.unit is not None and self.type is not ItemType.NUMBER:
            raise ValueError("only number items have a unit")
        if self.type is ItemType.NUMBER and self.unit is None:
            raise ValueError("a number item needs a unit")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is above max")
        return self


class Section(Strict):
    key: Key
    title: Text | None = None
    help: Text | None = None
    visible_when: Visibility | None = None
    repeat: Literal["collateral"] | None = None
    items: list[Item] = Field(default_factory=list)
    include: Key | None = None  # a fragment template's id, expanded in place

    @model_validator(mode="after")
    def _items_or_include(self) -> "Section":
        if self.include is not None:
            if self.items or self.repeat or self.title:
                raise ValueError("a section that includes a fragment has no items of its own")
        elif not self.items:
            raise ValueError("a section needs items (or include a fragment)")
        elif self.title is None:
            raise ValueError("a section needs a title")
        return self


class TemplateFile(Strict):
    """One template file as written."""

    id: Key
    version: int = Field(ge=1)
    kind: Literal["checklist", "fragment"] = "checklist"
    title: Text
    description: Text | None = None
    # Which loans a checklist is for (a fragment is only ever included).
    borrower_types: list[Literal["individual", "enterprise"]] | None = None
    business_types: list[Literal["production", "trade_service", "consumer"]] | None = None
    sections: list[Section] = Field(min_length=1)
