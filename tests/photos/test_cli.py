import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def test_photos_check_prints_a_json_line_per_file_and_fails_on_a_bad_one(
    jpeg: Callable[..., Path], tmp_path: Path
) -> None:
    good = jpeg(
        "good.jpg",
        taken=dt.datetime(2026, 5, 18, 9, 30),
        gps=(30.59, 114.30),
        make="Xiaomi",
        model="Xiaomi 14",
        software="Adobe Photoshop",
    )
    bad = tmp_path / "bad.jpg"
    bad.write_text("not a photo", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "postloan_desktop", "photos", "check", str(good), str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    first, second = lines
    assert first["file"] == str(good)
    assert (first["width"], first["height"]) == (400, 300)
    assert len(first["sha256"]) == 64
    assert first["captured_at"] == "2026-05-18T09:30:00"
    assert first["gps"] == pytest.approx([30.59, 114.30], abs=1e-5)
    assert first["camera"] == "Xiaomi 14"
    assert first["software"] == "Adobe Photoshop"
    assert first["warnings"] == ["edited_by_software"]
    assert second["file"] == str(bad)
    assert second["reason"] == "not_an_image"
    assert "bad.jpg" in second["error"]


def test_photos_check_of_good_files_exits_0(jpeg: Callable[..., Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "postloan_desktop", "photos", "check", str(jpeg())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # A picture with no EXIF at all: accepted, with what support needs to know.
    assert json.loads(result.stdout)["warnings"] == ["capture_time_missing", "gps_missing"]


def test_cli_start_up_does_not_import_pillow() -> None:
    code = "import sys, postloan_desktop.cli; print('PIL' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
