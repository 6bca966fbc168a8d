"""Command line: ``postloan`` starts the desktop app; later issues add sub-commands."""

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from postloan_desktop import __version__
from postloan_desktop.paths import default_data_dir

VIEWS = (
    "queue",
    "loans",
    "loan",
    "loan-collateral",
    "inspection",
    "inspection-collateral",
    "inspections",
    "collateral",
    "gallery",
    "photo",
    "sign",
    "verify",
    "review-queue",
    "review",
    "login",
)
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
            "with --screenshot: the work queue, the loans view, a loan's detail page (or its "
            "collateral register: loan-collateral), "
            "the inspection editor (a draft of the --loan, or of the first loan due today), "
            "the editor on its collateral tab (inspection-collateral), my inspections, the "
            "--loan's collateral photos side by side, the photos of "
            "its inspection (gallery) or one of them in the viewer (photo), officer A's sign "
            "dialog with a signature drawn (sign), or the signatures of its report signed by "
            "A, B and the supervisor with the demo keys (verify), a supervisor's reports to "
            "review (review-queue) or a re-submitted one in the review view (review), both "
            "after preparing such a report with the demo keys, or the login dialog shown "
            "before the main window (login)"
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
    verify = commands.add_parser(
        "verify",
        help="check a signed report's signatures; exit 0 only when every one is intact, "
        "trusted and followed by nothing but allowed changes",
    )
    verify.add_argument("report", type=Path, metavar="REPORT.pdf")
    verify.add_argument(
        "--trust",
        type=Path,
        default=None,
        metavar="CA.pem",
        help="the head-office CA certificate (default: the one installed in the data folder)",
    )
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    report = commands.add_parser("report", help="inspection reports (PDF)")
    report_commands = report.add_subparsers(dest="report_command", required=True)
    sample = report_commands.add_parser(
        "sample",
        help="build a complete sample report from the demo portfolio, with photos, signed by "
        "inspector A, inspector B and the supervisor with demo keys (in a temporary data "
        "folder unless --data-dir is given)",
    )
    sample.add_argument("out", type=Path, metavar="OUT.pdf")
    sample.add_argument(
        "--unsigned",
        action="store_true",
        help="leave the report unsigned: laid out with empty fields for inspector A, inspector "
        "B and the supervisor (by default all three sign, with demo keys)",
    )
    sample.add_argument(
        "--draft", action="store_true", help="a watermarked preview instead of the report"
    )
    preview = report_commands.add_parser(
        "preview", help="write the watermarked preview of an inspection in --data-dir"
    )
    preview.add_argument("inspection", metavar="INSPECTION_ID")
    preview.add_argument("out", type=Path, metavar="OUT.pdf")
    for command in (sample, preview):
        command.add_argument(
            "--language", choices=("zh", "en"), default="zh", help="the report's language"
        )
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


def verify_report_file(report: Path, *, trust: Path | None, data_dir: Path, as_json: bool) -> int:
    """``postloan verify``: a table (or JSON) of the report's signatures; 0 when valid, 1 when
    not, 2 when it cannot be checked (no file, no trust anchor)."""
    import json
    import logging

    from postloan_desktop.domain.errors import PostloanError
    from postloan_desktop.reports import verify
    from postloan_desktop.reports.keys import KeyStore, read_certificate

    # pyHanko logs every failed check with a traceback; the table says it better.
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    try:
        pdf = report.read_bytes()
        if trust is not None:
            anchor = read_certificate(trust.read_bytes())
        else:
            anchor = KeyStore.for_data_dir(data_dir).trust_anchor()
    except OSError as exc:
        print(f"postloan verify: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except PostloanError as exc:
        print(f"postloan verify: {exc} (or give --trust CA.pem)", file=sys.stderr)
        return 2
    result = verify.verify_report(pdf, trust=[anchor])
    if as_json:
        print(json.dumps({"file": str(report), **verify.as_json(result)}, ensure_ascii=False))
    else:
        print(verify.format_table(result, name=str(report)))
    return 0 if result.ok else 1


def report_command(options: argparse.Namespace) -> int:
    """``postloan report sample|preview``: print where the PDF went and its pages."""
    import tempfile
    import uuid

    from postloan_desktop.domain.errors import PostloanError
    from postloan_desktop.domain.ids import InspectionId

    out: Path = options.out
    try:
        if options.report_command == "sample":
            from postloan_desktop.reports.keys import KeyStore
            from postloan_desktop.services.report_sample import build_sample

            with tempfile.TemporaryDirectory(prefix="postloan-sample-") as tmp:
                data_dir = options.data_dir or Path(tmp)
                made = build_sample(
                    out,
                    data_dir,
                    language=options.language,
                    draft=options.draft,
                    unsigned=options.unsigned,
                )
                anchor = KeyStore.for_data_dir(data_dir).trust_anchor_path
                ca = out.with_name(out.stem + "-ca.pem")
                if made.signed_by and anchor.is_file():
                    ca.write_bytes(anchor.read_bytes())  # to check it: verify --trust
            print(f"{out}: {made.page_count} pages, {len(made.pdf):,} bytes, {made.qr_payload}")
            if made.signed_by:
                print(f"signed by: {', '.join(made.signed_by)} (demo keys; their CA: {ca})")
            return 0
        from postloan_desktop.services.bootstrap import open_services
        from postloan_desktop.services.reports import write_pdf

        try:
            inspection = InspectionId(uuid.UUID(options.inspection))
        except ValueError:
            print(f"postloan report: not an inspection id: {options.inspection}", file=sys.stderr)
            return 2
        services = open_services(options.data_dir or default_data_dir(), today=options.today)
        pdf = services.reports.preview(inspection, options.language)
        write_pdf(out, pdf)
        print(f"{out}: {len(pdf):,} bytes")
        return 0
    except (PostloanError, OSError) as exc:
        print(f"postloan report: {exc}", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    if options.command == "templates":
        return validate_templates(options.files)
    if options.command == "photos":
        return check_photos(options.files)
    if options.command == "verify":
        return verify_report_file(
            options.report,
            trust=options.trust,
            data_dir=options.data_dir or default_data_dir(),
            as_json=options.json,
        )
    if options.command == "report":
        return report_command(options)
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
