"""Start-up and filter speed of the loans view at 100,000 loans, against a naive baseline.

    python bench/startup.py [--loans 100000] [--runs 3]

Builds (or reuses) the large database from ``bench/large_portfolio.py``, then starts the app
in fresh processes (offscreen) and measures:

- ``startup_s``: seconds from process start to the main window painted with its first rows
  (the loans view, so both sides paint the same table);
- ``filter_ms``: median milliseconds for one keystroke in the search box (filter applied and
  the table repainted), over a typed sequence of borrower and contract-number prefixes.

The baseline is the naive way: every loan loaded into a ``QStandardItemModel`` behind a
``QSortFilterProxyModel``. The last line printed is one JSON object with both sides and ratios.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# Typing a surname, then a contract number, one keystroke at a time.
KEYSTROKES = (
    "王",
    "王秀",
    "D",
    "DK",
    "DK0",
    "DK01",
    "DK010",
    "DK0102",
    "DK0102-",
    "DK0102-2",
    "DK0102-20",
    "DK0102-202",
    "DK0102-2025",
    "DK0102-2025-",
    "DK0102-2025-0",
    "DK0102-2025-00",
    "DK0102-2025-001",
)


def child(mode: str, data_dir: Path) -> None:
    """Runs in a fresh process: start the window, report when its first rows are painted."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from common import BENCH_TODAY
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QTableView, QWidget

    from postloan_desktop.ui.app import build_context, install_translators

    app = QApplication([])
    install_translators(app, "zh_CN")
    context = build_context(data_dir, today=BENCH_TODAY)
    if mode == "ours":
        from postloan_desktop.ui.main_window import PAGE_LOANS, MainWindow

        window = MainWindow(context)
        window.resize(1280, 800)
        window.start()
        window.show_page(PAGE_LOANS)
        table: QTableView = window.loans_view.table

        def apply(text: str) -> None:
            window.loans_view.search.setText(text)
            window.loans_view.apply_filter()

        shown: QWidget = window
    else:
        from naive_loans import NaiveLoansWindow

        naive = NaiveLoansWindow(context.portfolio)
        naive.resize(1280, 800)
        table = naive.table
        apply = naive.apply_filter
        shown = naive

    painted: list[float] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted and table.model().rowCount():
                painted.append(0.0)
                QTimer.singleShot(0, lambda: painted.__setitem__(0, time.time()))
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    table.viewport().installEventFilter(watcher)
    shown.show()
    app.exec()
    timings = []
    for text in KEYSTROKES:
        started = time.perf_counter()
        apply(text)
        table.viewport().repaint()
        timings.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"painted_at": painted[0], "filter_ms": timings}))


def run_child(mode: str, data_dir: Path) -> tuple[float, list[float]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return result["painted_at"] - started, result["filter_ms"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--child", choices=("ours", "naive"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.child, options.data_dir)
        return

    from large_portfolio import large_database

    data_dir = large_database(options.loans, data_dir=options.data_dir)
    figures: dict[str, float | int] = {"loans": options.loans, "runs": options.runs}
    for mode in ("ours", "naive"):
        startups, filters = [], []
        for run in range(options.runs):
            startup, filter_ms = run_child(mode, data_dir)
            startups.append(startup)
            filters.extend(filter_ms)
            print(
                f"{mode} run {run + 1}: startup {startup:.2f} s, "
                f"filter median {statistics.median(filter_ms):.1f} ms",
                file=sys.stderr,
            )
        prefix = "" if mode == "ours" else "naive_"
        figures[f"{prefix}startup_s"] = round(statistics.median(startups), 3)
        figures[f"{prefix}filter_ms"] = round(statistics.median(filters), 2)
        figures[f"{prefix}filter_max_ms"] = round(max(filters), 2)
    figures["startup_ratio"] = round(figures["naive_startup_s"] / figures["startup_s"], 2)
    figures["filter_ratio"] = round(figures["naive_filter_ms"] / figures["filter_ms"], 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
