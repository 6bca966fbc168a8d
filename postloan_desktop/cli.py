"""Command line: ``postloan`` starts the desktop app; later issues add sub-commands."""

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from postloan_desktop import __version__
from postloan_desktop.paths import default_data_dir

VIEWS = ("queue", "loans", "loan", "inspection", "inspections")
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
        help=(
            "with --screenshot: the work queue, the loans view, a loan's detail page, "
            "the inspection editor (a draft of the --loan, or of the first loan due today) "
            "or my inspections"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    templates = commands.add_parser("templates", help="checklist templates")
    template_commands = templates.add_subparsers(dest="templates_command", required=True)
    validate = template_commands.add_parser(
        "validate", help="check template files; exit 1 with a message per problem"
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE.yaml")
    photos = commands.add_parser("photos", help="photo files")
    photo_commands = photos.add_subparsers(dest="photos_command", required=True)
    check = photo_commands.add_parser(
        "check",
        help="read photos as an import would; print one JSON line per file, exit 1 if any is "
        "rejected",
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument(
        "--loan",
        default=None,
        metavar="CONTRACT_NO",
        help=(
            "with --view loan or inspection: the loan to show (default: the first in the "
            "loans view, or for an inspection the first due today)"
        ),
    )
    return parser


def validate_templates(files: Sequence[Path]) -> int:
    """``postloan templates validate``: checklists are checked with their fragments expanded,
    taken from the file's own folder first, then from the shipped templates."""
    from postloan_desktop.forms.loader import (
        RESOURCES,
        TemplateError,
        expand,
        load_template_file,
    )

    failed = False
    for path in files:
        try:
            template = load_template_file(path)
            if template.kind == "checklist":
                fragments = {}
                for folder in (RESOURCES, path.parent):
                    for candidate in sorted(folder.glob("*.yaml")):
                        if candidate.resolve() == path.resolve():
                            continue
                        try:
                            other = load_template_file(candidate)
                        except TemplateError:
                            continue
                        if other.kind == "fragment":
                            fragments[other.id] = other
                checklist = expand(template, fragments)
                count = sum(len(s.items) for s in checklist.sections)
                print(f"{path}: ok — {template.id} version {template.version}, {count} items")
            else:
                print(f"{path}: ok — fragment {template.id} version {template.version}")
        except TemplateError as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
    return 1 if failed else 0


def check_photos(files: Sequence[Path]) -> int:
    """``postloan photos check``: one JSON line per file, its EXIF facts and warnings or why
    it was rejected."""
    import json

    from postloan_desktop.photos.pipeline import PhotoRejected, read_photo

    failed = False
    for path in files:
        record: dict[str, object]
        try:
            info = read_photo(path)
        except PhotoRejected as exc:
            failed = True
            record = {"file": str(path), "error": str(exc), "reason": exc.reason}
        else:
            record = {
                "file": str(path),
                "sha256": info.sha256,
                "width": info.width,
                "height": info.height,
                "captured_at": info.captured_at.isoformat() if info.captured_at else None,
                "gps": list(info.gps) if info.gps else None,
                "camera": info.camera,
                "software": info.software,
                "phash": info.phash,
                "warnings": list(info.warnings),
            }
        print(json.dumps(record), flush=True)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    if options.command == "templates":
        return validate_templates(options.files)
    if options.command == "photos":
        return check_photos(options.files)
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
