"""Starting the real program: screenshots, languages, bad configuration."""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from postloan_desktop.domain.enums import RiskClass
from postloan_desktop.ui.app import build_context, install_translators
from postloan_desktop.ui.labels import label, reset_labels

ROOT = Path(__file__).resolve().parents[2]


def run_app(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def screenshot_views(data: Path, shots: Path, *views: str) -> None:
    """Start the program on the demo in ``data`` once per view, each time taking a
    1280×800 screenshot of it into ``shots``."""
    for view in views:
        shot = shots / f"{view}.png"
        result = run_app(
            "--data-dir",
            str(data),
            "--demo",
            "--today",
            "2026-11-28",
            "--screenshot",
            str(shot),
            "--view",
            view,
        )
        assert result.returncode == 0, result.stderr
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1280, 800)


def test_screenshot_of_each_view(tmp_path: Path) -> None:
    data = tmp_path / "data"
    screenshot_views(data, tmp_path, "queue", "loans", "loan")
    assert (data / "postloan.sqlite3").exists()
    assert (data / "logs" / "postloan.log").read_text(encoding="utf-8").count(
        "starting postloan"
    ) == 3


def test_loan_view_without_demo_data_fails_clearly(tmp_path: Path) -> None:
    result = run_app(
        "--data-dir", str(tmp_path), "--screenshot", str(tmp_path / "x.png"), "--view", "loan"
    )
    assert result.returncode == 1
    assert not (tmp_path / "x.png").exists()
    log = (tmp_path / "logs" / "postloan.log").read_text(encoding="utf-8")
    assert "no loan to show" in log


def test_bad_date_argument_is_rejected(tmp_path: Path) -> None:
    result = run_app("--data-dir", str(tmp_path), "--today", "28.11.2026")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr


def test_english_has_no_translator_and_chinese_has_one(qapp: QApplication) -> None:
    assert install_translators(qapp, "en") == []
    assert label(RiskClass.SUBSTANDARD) == "次级"  # the session's Chinese translator is active
    extra = install_translators(qapp, "zh_CN")
    assert len(extra) >= 1
    for translator in extra:
        qapp.removeTranslator(translator)
    reset_labels()


def test_invalid_configuration_names_the_file_and_setting(tmp_path: Path) -> None:
    (tmp_path / "postloan.toml").write_text("[rules]\nfirst_inspection_days = -1\n")
    try:
        build_context(tmp_path)
    except Exception as exc:
        assert "postloan.toml" in str(exc) and "first_inspection_days" in str(exc)
    else:
        raise AssertionError("an invalid configuration must not start")


def test_bad_settings_file_stops_a_screenshot_run_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "postloan.toml").write_text("[rules]\nperiodic_poor_days = 0\n")
    result = run_app("--data-dir", str(tmp_path), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert "设置文件无效" in result.stderr and "periodic_poor_days" in result.stderr
