"""Read template files, check them, and expand fragments into complete checklists.

Error messages name the file, the place (section and item keys) and the problem, e.g.::

    individual_loan.yaml: sections[2] 'funds' → items[3] 'diverted_use': a single_choice item
    needs options
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.forms.schema import (
    YES_NO_NA_VALUES,
    AnswerCondition,
    Item,
    ItemType,
    Section,
    TemplateFile,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "checklists"  # shipped ones


class TemplateError(InvalidInput):
    """A template file is wrong; ``problems`` lists every problem found, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _place(data: Any, loc: Iterable[int | str]) -> str:
    """A readable path into the file: sections[2] 'funds' → items[3] 'diverted_use' → label."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            node = node[step]
            key = node.get("key") if isinstance(node, dict) else None
            parts[-1] = f"{parts[-1]}[{step}]" + (f" '{key}'" if key else "")
        else:
            node = node.get(step) if isinstance(node, dict) else None
            parts.append(str(step))
    return " → ".join(parts) or "(top)"


def parse_template(text: str, *, name: str) -> TemplateFile:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TemplateError([f"{name}: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise TemplateError([f"{name}: a template is a mapping with id, version, sections"])
    try:
        template = TemplateFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = [p for p in error["loc"] if not (isinstance(p, str) and "[" in p)]
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{name}: {_place(data, loc)}: {message}")
        raise TemplateError(problems) from exc
    problems = [f"{name}: {p}" for p in check_template(template)]
    if problems:
        raise TemplateError(problems)
    return template


def load_template_file(path: Path) -> TemplateFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError([f"{path.name}: cannot be read: {exc}"]) from exc
    return parse_template(text, name=path.name)


def _condition_problems(where: str, item: Item, cond: AnswerCondition) -> list[str]:
    out = []
    options = [o.value for o in item.options or []]
    if item.type is ItemType.YES_NO_NA:
        options = list(YES_NO_NA_VALUES)
    if isinstance(cond.equals, bool) and options:
        out.append(f'{where}: equals {cond.equals} is not an option: quote "yes"/"no" in YAML')
    named = [cond.equals] if isinstance(cond.equals, str) else list(cond.any_of or [])
    if cond.includes is not None:
        named.append(cond.includes)
        if item.type is not ItemType.MULTIPLE_CHOICE:
            out.append(f"{where}: 'includes' only applies to multiple_choice items")
    if options:
        out += [
            f"{where}: '{v}' is not an option of '{item.key}'" for v in named if v not in options
        ]
    numeric = item.type in (ItemType.NUMBER, ItemType.MONEY, ItemType.PERCENT)
    if (cond.greater_than is not None or cond.less_than is not None) and not numeric:
        out.append(f"{where}: greater_than/less_than need a number, money or percent item")
    return out


def check_template(template: TemplateFile) -> list[str]:
    """Problems a schema cannot see: duplicate keys, conditions on unknown items or options."""
    problems: list[str] = []
    section_keys: set[str] = set()
    items: dict[str, Item] = {}
    for s_index, section in enumerate(template.sections):
        where_s = f"sections[{s_index}] '{section.key}'"
        if section.key in section_keys:
            problems.append(f"{where_s}: section key used twice")
        section_keys.add(section.key)
        for i_index, item in enumerate(section.items):
            where = f"{where_s} → items[{i_index}] '{item.key}'"
            if item.key in items:
                problems.append(f"{where}: item key used twice in this template")
            items[item.key] = item
            if item.type is ItemType.COLLATERAL and section.repeat == "collateral":
                problems.append(f"{where}: a repeated collateral section needs no collateral item")
            for n, rule in enumerate(item.signals):
                problems += _condition_problems(f"{where} → signals[{n}]", item, rule.when)
    for s_index, section in enumerate(template.sections):
        conds = [(f"sections[{s_index}] '{section.key}'", section.visible_when)]
        conds += [
            (f"sections[{s_index}] '{section.key}' → items[{n}] '{it.key}'", it.visible_when)
            for n, it in enumerate(section.items)
        ]
        for where, vis in conds:
            if vis is None or vis.answer is None:
                continue
            target = items.get(vis.answer.item)
            if target is None:
                problems.append(f"{where}: visible_when names unknown item '{vis.answer.item}'")
            else:
                problems += _condition_problems(f"{where} → visible_when", target, vis.answer)
    return problems


@dataclass(frozen=True)
class ChecklistTemplate:
    """A checklist with its fragments expanded: what an inspection is filled against."""

    id: str
    version: int
    content: TemplateFile
    digest: str  # SHA-256 of the expanded content: a version must never change its content

    @property
    def sections(self) -> list[Section]:
        return self.content.sections

    def to_json(self) -> str:
        return self.content.model_dump_json(exclude_none=True)

    @classmethod
    def from_json(cls, text: str) -> "ChecklistTemplate":
        content = TemplateFile.model_validate_json(text)
        return cls(content.id, content.version, content, _digest(content))


def _digest(content: TemplateFile) -> str:
    canonical = json.dumps(content.model_dump(mode="json", exclude_none=True), sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def expand(template: TemplateFile, fragments: Mapping[str, TemplateFile]) -> ChecklistTemplate:
    """Replace each ``include`` section by the fragment's sections; check the whole again."""
    sections: list[Section] = []
    for section in template.sections:
        if section.include is None:
            sections.append(section)
            continue
        fragment = fragments.get(section.include)
        if fragment is None or fragment.kind != "fragment":
            raise TemplateError([f"{template.id}: includes unknown fragment '{section.include}'"])
        sections += [
            s.model_copy(update={"visible_when": s.visible_when or section.visible_when})
            for s in fragment.sections
        ]
    content = template.model_copy(update={"sections": sections})
    problems = check_template(content)
    if problems:
        raise TemplateError([f"{template.id} (expanded): {p}" for p in problems])
    return ChecklistTemplate(content.id, content.version, content, _digest(content))


def load_directory(folder: Path = RESOURCES) -> list[ChecklistTemplate]:
    """Every checklist in a folder, expanded; raises TemplateError listing all problems."""
    files: list[TemplateFile] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            files.append(load_template_file(path))
        except TemplateError as exc:
            problems += exc.problems
    if problems:
        raise TemplateError(problems)
    fragments = {f.id: f for f in files if f.kind == "fragment"}
    return [expand(f, fragments) for f in files if f.kind == "checklist"]
