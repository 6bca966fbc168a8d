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
