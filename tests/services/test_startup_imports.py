"""Start-up must stay under two seconds (bench/startup.py): opening a data folder that is
already migrated and published loads none of the heavy libraries it only needs sometimes."""

import subprocess
import sys
from pathlib import Path

from postloan_desktop.services.bootstrap import open_services

HEAVY = ("alembic", "faker", "pydantic", "yaml")


def test_second_start_imports_no_heavy_library(tmp_path: Path) -> None:
    open_services(tmp_path)  # first start: migrates, publishes the checklists
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import postloan_desktop.ui.app\n"
        "from postloan_desktop.services.bootstrap import open_services\n"
        f"open_services(Path({str(tmp_path)!r}))\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


# Built when first opened (ui/main_window.py), with the photo, collateral, signing and PDF
# modules they bring.
LATE_UI = (
    "postloan_desktop.ui.inspection_editor",
    "postloan_desktop.ui.review_view",
    "postloan_desktop.ui.gallery",
    "postloan_desktop.ui.sign_dialog",
    "PySide6.QtPdf",
)


def test_the_main_window_starts_without_the_editor_and_the_review_view(tmp_path: Path) -> None:
    open_services(tmp_path)
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from postloan_desktop.ui.app import build_context\n"
        "from postloan_desktop.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        f"window = MainWindow(build_context(Path({str(tmp_path)!r})))\n"
        "window.start()\n"
        "window.show()\n"
        "app.processEvents()\n"
        f"print(sorted(m for m in {LATE_UI!r} if m in sys.modules))\n"
        "window.editor  # built on first use, in its place in the stack\n"
        "from postloan_desktop.ui.main_window import PAGE_EDITOR\n"
        "print(window.stack.indexOf(window.editor) == PAGE_EDITOR)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["[]", "True"], result.stdout + result.stderr
