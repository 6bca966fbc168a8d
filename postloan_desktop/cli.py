"""Command line: ``postloan`` starts the desktop app; later issues add sub-commands."""

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from postloan_desktop import __version__
from postloan_desktop.paths import default_data_dir

VIEWS = ("queue", "loans", "loan")
LANGUAGES = ("zh_CN", "en")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postloan",
        description="贷后检查 — post-loan field inspections for loan officers and supervisors.",
    )
    parser.add_argument("--version", action="version", version=f"postloan {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder for the database, photos, reports and logs (default: {default_data_dir()})",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="load the synthetic demo portfolio into an empty database before starting",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=None, help="interface language (default: zh_CN)"
    )
    parser.add_argument(
        "--today",
        type=_date,
        default=None,
        help="pretend today is this date (YYYY-MM-DD), for demos and screenshots",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        default=None,
        metavar="FILE.png",
        help="render the main window offscreen, save it as a PNG and exit",
    )
    parser.add_argument(
        "--view",
        choices=VIEWS,
        default="queue",
        help="with --screenshot: the work queue, the loans view or a loan's detail page",
    )
    parser.add_argument(
        "--loan",
        default=None,
        metavar="CONTRACT_NO",
        help="with --view loan: the loan to show (default: the first in the loans view)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    from postloan_desktop.ui.app import run  # Qt is loaded only for the GUI

    return run(
        data_dir=options.data_dir or default_data_dir(),
        demo=options.demo,
        language=options.lang,
        today=options.today,
        screenshot=options.screenshot,
        view=options.view,
        loan=options.loan,
    )
