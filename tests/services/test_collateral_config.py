"""The coverage threshold from postloan.toml ([collateral] coverage_threshold): optional,
checked, and what the collateral service warns by."""

from decimal import Decimal
from pathlib import Path

import pytest

from postloan_desktop.config import CONFIG_FILE, load_config
from postloan_desktop.domain.collateral import DEFAULT_COVERAGE_THRESHOLD
from postloan_desktop.domain.errors import ConfigurationError
from postloan_desktop.paths import DataDir
from postloan_desktop.services.bootstrap import (
    load_settings,
    open_services,
)


def _write(folder: Path, text: str) -> Path:
    path = folder / CONFIG_FILE
    path.write_text(text, encoding="utf-8")
    return path


def test_default_without_a_file_or_section(tmp_path: Path) -> None:
    assert load_settings(DataDir(tmp_path)).coverage_threshold == DEFAULT_COVERAGE_THRESHOLD
    assert load_config(tmp_path).collateral.threshold() == Decimal("1.2")
    _write(tmp_path, "[rules]\nfirst_inspection_days = 10\n")
    assert load_settings(DataDir(tmp_path)).coverage_threshold == Decimal("1.2")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1.5", "1.5"), ("1.3", "1.3"), ("2", "2.0"), ("0", "0.0"), ("10.0", "10.0")],
)
def test_the_threshold_as_written(tmp_path: Path, value: str, expected: str) -> None:
    _write(tmp_path, f"[collateral]\ncoverage_threshold = {value}  # 抵押率\n")
    threshold = load_settings(DataDir(tmp_path)).coverage_threshold
    assert threshold == Decimal(expected)
    assert str(threshold) == expected  # 1.3, not 1.300000000000000044…


@pytest.mark.parametrize(
    "text",
    [
        "[collateral]\ncoverage_threshold = -0.1\n",
        "[collateral]\ncoverage_threshold = 10.5\n",
        '[collateral]\ncoverage_threshold = "1.2"\n',
        "[collateral]\ncoverage_threshold = true\n",
        "[collateral]\ncoverage_threshold = nan\n",
        "[collateral]\ncoverage_threshold = inf\n",
        "[collateral]\ncoverage_treshold = 1.2\n",
        "collateral = 1.2\n",
    ],
)
def test_invalid_thresholds_name_the_file_and_the_key(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigurationError) as info:
        load_settings(DataDir(tmp_path))
    message = str(info.value)
    assert str(path) in message
    assert "collateral" in message


def test_the_service_warns_by_the_configured_threshold(tmp_path: Path) -> None:
    _write(tmp_path, "[collateral]\ncoverage_threshold = 1.5\n")
    services = open_services(tmp_path)
    assert services.collateral.coverage_threshold == Decimal("1.5")


def test_a_bad_threshold_stops_the_start(tmp_path: Path) -> None:
    _write(tmp_path, "[collateral]\ncoverage_threshold = 0.5.1\n")
    with pytest.raises(ConfigurationError, match="TOML"):
        open_services(tmp_path)


def test_the_photo_radius_comes_from_postloan_toml(tmp_path: Path) -> None:
    (tmp_path / "postloan.toml").write_text("[photos]\ngps_radius_m = 250\n", encoding="utf-8")
    services = open_services(tmp_path)
    assert services.photos.radius_m == 250
    assert load_settings(DataDir(tmp_path)).gps_radius_m == 250
    (tmp_path / "postloan.toml").write_text("[photos]\ngps_radius_m = -5\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="gps_radius_m"):
        load_settings(DataDir(tmp_path))
