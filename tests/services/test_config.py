"""Settings from ``postloan.toml`` (config.py): optional, checked, and clear about mistakes.

(config.py sits at the package top; its tests live here beside the services that use the rules.)
"""

import datetime as dt
from pathlib import Path

import pytest

from postloan_desktop.config import CONFIG_FILE, AppConfig, load_config
from postloan_desktop.domain.enums import BusinessStatus
from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.domain.rules import InspectionRules, Interval


def _write(folder: Path, text: str) -> Path:
    path = folder / CONFIG_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config == AppConfig()
    assert config.rules.to_rules() == InspectionRules()


def test_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    _write(tmp_path, "# 本行使用默认规则\n")
    assert load_config(tmp_path).rules.to_rules() == InspectionRules()


def test_first_inspection_days(tmp_path: Path) -> None:
    _write(tmp_path, "[rules]\nfirst_inspection_days = 10\n")
    rules = load_config(tmp_path).rules.to_rules()
    assert rules.first_inspection_days == 10
    assert rules == InspectionRules(first_inspection_days=10)


def test_every_rule_can_be_set(tmp_path: Path) -> None:
    _write(
        tmp_path,
        """
        [rules]
        first_inspection_days = 20      # 放款后20天内首次检查
        periodic_good_months = 6
        periodic_average_months = 2
        periodic_poor_days = 14
        repayment_reminder_days = 5
        maturity_notice_months = 2
        """,
    )
    rules = load_config(tmp_path).rules.to_rules()
    assert rules.first_inspection_days == 20
    assert rules.periodic_interval(BusinessStatus.GOOD) == Interval(months=6)
    assert rules.periodic_interval(BusinessStatus.AVERAGE) == Interval(months=2)
    assert rules.periodic_interval(BusinessStatus.POOR) == Interval(days=14)
    assert rules.repayment_reminder_days == 5
    assert rules.maturity_notice.after(dt.date(2026, 11, 28)) == dt.date(2027, 1, 28)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[rules]\nfirst_inspection_days = -1\n", "rules.first_inspection_days"),
        ("[rules]\nfirst_inspection_days = 1000\n", "rules.first_inspection_days"),
        ('[rules]\nperiodic_good_months = "three"\n', "rules.periodic_good_months"),
        ("[rules]\nperiodic_poor_days = 0\n", "rules.periodic_poor_days"),
        ("[rules]\nmaturity_notice_months = 0\n", "rules.maturity_notice_months"),
        ("[rules]\nrepayment_reminder_days = 1.5\n", "rules.repayment_reminder_days"),
        ("[rules]\nfirst_inspecton_days = 10\n", "rules.first_inspecton_days"),
        ("[printing]\npaper = 'A4'\n", "printing"),
        ("rules = 15\n", "rules"),
    ],
)
def test_invalid_settings_name_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InvalidInput) as info:
        load_config(tmp_path)
    message = str(info.value)
    assert str(path) in message
    assert key in message


def test_one_message_names_every_bad_key(tmp_path: Path) -> None:
    _write(tmp_path, "[rules]\nfirst_inspection_days = -1\nperiodic_poor_days = 0\n")
    with pytest.raises(InvalidInput) as info:
        load_config(tmp_path)
    assert "rules.first_inspection_days" in str(info.value)
    assert "rules.periodic_poor_days" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "[rules\nfirst_inspection_days = 10\n",
        "[rules]\nfirst_inspection_days = \n",
        "[rules]\nfirst_inspection_days = 10\nfirst_inspection_days = 12\n",
        "首次检查天数 = 10\n",
    ],
)
def test_bad_toml_is_invalid_input(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InvalidInput) as info:
        load_config(tmp_path)
    assert str(path) in str(info.value)


def test_file_not_in_utf8_is_invalid_input(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_bytes("# 规则设置\n[rules]\n".encode("gbk"))
    with pytest.raises(InvalidInput):
        load_config(tmp_path)


@pytest.mark.parametrize("value", ["true", "1.0"])
def test_non_integer_counts_are_refused(tmp_path: Path, value: str) -> None:
    _write(tmp_path, f"[rules]\nfirst_inspection_days = {value}\n")
    with pytest.raises(InvalidInput):
        load_config(tmp_path)
