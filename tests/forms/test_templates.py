"""Template files: the schema, the checks a schema cannot make, expansion, and the shipped
checklists themselves (their structure and the seed's wording)."""

import subprocess
import sys
from pathlib import Path

import pytest

from postloan_desktop.forms.loader import (
    RESOURCES,
    TemplateError,
    expand,
    load_directory,
    parse_template,
)

GOOD = """
id: demo
version: 1
title: {zh: 测试, en: Test}
sections:
  - key: funds
    title: {zh: 资金使用, en: Use of funds}
    items:
      - key: funds_diverted
        type: yes_no_na
        label: {zh: 是否挪用, en: Funds diverted}
        signals:
          - code: funds_diverted
            level: alert
            when: {equals: "yes"}
            message: {zh: 信贷资金被挪用, en: Funds diverted}
      - key: diversion_details
        type: text
        label: {zh: 挪用的金额和去向, en: Amount and destination}
        visible_when: {answer: {item: funds_diverted, equals: "yes"}}
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(TemplateError) as info:
        parse_template(text, name="t.yaml")
    return info.value.problems


def test_a_good_template_parses() -> None:
    template = parse_template(GOOD, name="t.yaml")
    assert template.id == "demo" and len(template.sections[0].items) == 2


def test_messages_name_the_file_the_place_and_the_problem() -> None:
    bad = GOOD.replace("type: yes_no_na", "type: single_choice")
    (problem,) = problems_of(bad)
    assert problem.startswith("t.yaml: sections[0] 'funds' → items[0] 'funds_diverted'")
    assert "needs options" in problem


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("label: {zh: 是否挪用, en: Funds diverted}", "label: {zh: 是否挪用}"),
            "en: Field required",
        ),
        (("key: diversion_details", "key: funds_diverted"), "item key used twice"),
        (
            ("item: funds_diverted, equals", "item: nothing_here, equals"),
            "unknown item 'nothing_here'",
        ),
        (('when: {equals: "yes"}', "when: {equals: yes}"), 'quote "yes"/"no"'),
        (('when: {equals: "yes"}', 'when: {equals: "maybe"}'), "'maybe' is not an option"),
        (('when: {equals: "yes"}', 'when: {includes: "yes"}'), "only applies to multiple_choice"),
        (("type: text", "type: number"), "a number item needs a unit"),
        (("key: funds\n", "key: Funds\n"), "should match pattern"),
        (("version: 1", "version: 0"), "greater than or equal to 1"),
        (("level: alert", "level: catastrophic"), "level"),
        (('when: {equals: "yes"}', 'when: {equals: "yes", answered: true}'), "exactly one test"),
    ],
)
def test_each_kind_of_mistake_is_reported(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in GOOD
    problems = problems_of(GOOD.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_not_yaml_and_not_a_mapping() -> None:
    assert "not valid YAML" in problems_of("id: [unclosed")[0]
    assert "a template is a mapping" in problems_of("- just a list")[0]


def test_unknown_fragment_is_refused() -> None:
    text = GOOD + "  - key: conclusion\n    include: no_such_fragment\n"
    with pytest.raises(TemplateError, match="unknown fragment 'no_such_fragment'"):
        expand(parse_template(text, name="t.yaml"), {})


def test_shipped_templates_load_and_expand() -> None:
    checklists = {t.id: t for t in load_directory()}
    assert set(checklists) == {"individual_loan", "small_business"}
    for template in checklists.values():
        keys = [s.key for s in template.sections]
        assert keys[-1] == "conclusion" and "collateral_items" in keys
        conclusion = {i.key for i in template.sections[-1].items}
        assert {
            "proposed_risk_class",
            "business_status",
            "recommendation",
            "measures",
            "opinion",
            "next_inspection_date",
            "next_inspection_override_reason",
            "warnings_handling",
        } <= conclusion
        assert template.digest == type(template).from_json(template.to_json()).digest


def test_individual_checklist_has_the_eight_sections_of_the_seed() -> None:
    template = next(t for t in load_directory() if t.id == "individual_loan")
    titles = [s.title.zh for s in template.sections if s.title is not None]
    for heading in (
        "操作合规性",
        "信贷资金使用情况和授信业务变动情况",
        "借款人基本情况的变化",
        "借款人经营情况的变化",
        "担保能力和抵(质)押物的变动情况",
        "与本行业务的往来情况",
        "还款能力的变动情况",
        "综合结论及后续管理安排",
    ):
        assert any(heading in t for t in titles), heading
    compliance = template.sections[0]
    assert compliance.visible_when is not None
    assert compliance.visible_when.inspection_kind == ["first"]


def test_small_business_parts_follow_the_business_type() -> None:
    template = next(t for t in load_directory() if t.id == "small_business")
    by_type = {
        tuple(s.visible_when.business_type): s.key
        for s in template.sections
        if s.visible_when is not None and s.visible_when.business_type
    }
    assert ("production",) in by_type and ("trade_service",) in by_type
    signals = {r.code for s in template.sections for i in s.items for r in i.signals}
    assert {"stock_above_half_month", "receivables_overdue_2m", "business_changed"} <= signals


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postloan_desktop", "templates", "validate", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_validates_the_shipped_files() -> None:
    result = run_cli(*sorted(str(p) for p in RESOURCES.glob("*.yaml")))
    assert result.returncode == 0, result.stderr
    assert "individual_loan version 1" in result.stdout


def test_cli_exits_non_zero_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        GOOD.replace("type: yes_no_na", "type: single_choice").replace(
            "label: {zh: 挪用的金额和去向, en: Amount and destination}", "label: {zh: 去向}"
        ),
        encoding="utf-8",
    )
    result = run_cli(str(bad))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith("bad.yaml: sections[0] 'funds'") for line in lines)
