"""Build (or reuse) a large synthetic database for benchmarks: ``python bench/large_portfolio.py``.

100,000 loans for 60,000 borrowers in three branches, with the recent part of each repayment
schedule. Built once into ``bench/.cache/loans-100000`` and reused while the schema is the same.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from common import BENCH_TODAY

from postloan_desktop.demo.portfolio import GENERATOR_VERSION, load_portfolio
from postloan_desktop.storage.db import head_revision, open_database, session_factory

CACHE = Path(__file__).resolve().parent / ".cache"


def large_database(loans: int = 100_000, *, data_dir: Path | None = None) -> Path:
    """The data folder of a portfolio with ``loans`` loans, built if missing or stale."""
    folder = data_dir or CACHE / f"loans-{loans}"
    stamp = folder / "built.json"
    want = {
        "loans": loans,
        "schema": head_revision(),
        "generator": GENERATOR_VERSION,
        "today": BENCH_TODAY.isoformat(),
    }
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("postloan.sqlite3*"):
        old.unlink()
    started = time.perf_counter()
    sessions = session_factory(open_database(folder / "postloan.sqlite3"))
    summary = load_portfolio(
        sessions,
        today=BENCH_TODAY,
        borrowers=max(loans * 3 // 5, 1),
        loans=loans,
        full_schedules=False,
    )
    print(
        f"built {summary.loans} loans in {time.perf_counter() - started:.1f} s at {folder}",
        file=sys.stderr,
    )
    stamp.write_text(json.dumps(want))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, default=None)
    options = parser.parse_args()
    print(large_database(options.loans, data_dir=options.data_dir))


if __name__ == "__main__":
    main()
