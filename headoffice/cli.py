"""``postloan-headoffice``: head office's command line.

Commands are grouped (``serve``, ``db …``, ``branch …``, ``user …``, ``template …``,
``import …``, ``ca …``):
each group adds its sub-parser in its own ``_add_…`` function and sets ``run`` on the
options, so ``main`` only dispatches and turns expected errors into one line on stderr.

Passphrases are never taken from the command line (it ends up in the shell history and the
process list): from ``--…-passphrase-file`` (its first line), else an environment variable
(for scripts), else a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from postloan_desktop.domain.enums import OfficerRank, Role

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from headoffice.settings import ServerSettings

CA_PASSPHRASE_ENV = "POSTLOAN_CA_PASSPHRASE"
USER_PASSPHRASE_ENV = "POSTLOAN_USER_PASSPHRASE"


class CommandError(Exception):
    """Wrong use of a command; the message says what to do."""


def read_passphrase(
    *,
    file: Path | None,
    env: str,
    prompt: str,
    confirm: bool,
    stdin_is_tty: Callable[[], bool] = lambda: sys.stdin.isatty(),
) -> str:
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CommandError(f"cannot read the passphrase file {file}: {exc.strerror}") from exc
        if not lines or not lines[0]:
            raise CommandError(f"the passphrase file {file} is empty")
        return lines[0]
    value = os.environ.get(env)
    if value:
        return value
    if not stdin_is_tty():
        raise CommandError(
            f"no passphrase: give a passphrase file or set {env} (no terminal to ask on)"
        )
    first = getpass.getpass(f"{prompt}: ")
    if confirm and getpass.getpass(f"{prompt} (again): ") != first:
        raise CommandError("the two passphrases differ; nothing was changed")
    return first


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value <= 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _add_ca_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from headoffice.ca import CA_DAYS, KEY_TYPES, ROLES, USER_DAYS

    ca = commands.add_parser("ca", help="the certificate authority that issues users' keys")
    ca_commands = ca.add_subparsers(dest="ca_command", metavar="CA_COMMAND", required=True)

    init = ca_commands.add_parser(
        "init",
        help="create the root CA: a key encrypted under a passphrase and its certificate",
        description="Create the root CA in --dir. Ship DIR/ca-cert.pem to the desktops: it "
        "is the trust anchor signatures are checked against. The CA passphrase is read from "
        f"--passphrase-file, else ${CA_PASSPHRASE_ENV}, else asked for.",
    )
    init.add_argument("--dir", type=Path, required=True, help="folder for the CA (new or empty)")
    init.add_argument("--bank", required=True, help="the bank's name: O of every certificate")
    init.add_argument(
        "--name", default=None, help="the CA's common name (default: BANK 贷后检查 CA)"
    )
    init.add_argument(
        "--crl-url",
        default=None,
        help="where head office will publish its certificate revocation list; put in every "
        "user certificate (recommended)",
    )
    init.add_argument(
        "--days", type=_positive, default=CA_DAYS, help="validity (default: 20 years)"
    )
    init.add_argument("--passphrase-file", type=Path, default=None, metavar="FILE")
    init.set_defaults(run=_ca_init)

    issue = ca_commands.add_parser(
        "issue",
        help="issue a user a key and certificate as a passphrase-protected PKCS#12 file",
        description="Issue one person a key and certificate (digitalSignature and "
        "nonRepudiation) in a PKCS#12 file for the desktop to import. The CA passphrase comes "
        f"from --ca-passphrase-file or ${CA_PASSPHRASE_ENV}, the file's passphrase from "
        f"--passphrase-file or ${USER_PASSPHRASE_ENV}; otherwise both are asked for.",
    )
    issue.add_argument("--dir", type=Path, required=True, help="the CA folder")
    issue.add_argument("--user-id", required=True, help="the person's user id in postloan")
    issue.add_argument("--name", required=True, help="the person's name, e.g. 张三 (the CN)")
    issue.add_argument("--role", required=True, choices=ROLES)
    issue.add_argument("--branch", required=True, help="the branch, e.g. 江汉支行 (the OU)")
    issue.add_argument("--out", type=Path, required=True, metavar="USER.p12")
    issue.add_argument(
        "--days", type=_positive, default=USER_DAYS, help=f"validity (default: {USER_DAYS})"
    )
    issue.add_argument("--key-type", choices=KEY_TYPES, default="ec", help="EC P-256 or RSA-2048")
    issue.add_argument("--ca-passphrase-file", type=Path, default=None, metavar="FILE")
    issue.add_argument("--passphrase-file", type=Path, default=None, metavar="FILE")
    issue.set_defaults(run=_ca_issue)


def _ca_init(options: argparse.Namespace) -> int:
    from headoffice.ca import fingerprint, init_ca

    passphrase = read_passphrase(
        file=options.passphrase_file,
        env=CA_PASSPHRASE_ENV,
        prompt="New CA passphrase",
        confirm=True,
    )
    ca = init_ca(
        options.dir,
        bank=options.bank,
        passphrase=passphrase,
        name=options.name,
        crl_url=options.crl_url,
        days=options.days,
    )
    cert = ca.certificate
    print(f"created the CA in {options.dir}")
    print(f"  subject:     {cert.subject.rfc4514_string()}")
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    print(f"  valid:       {start:%Y-%m-%d} to {end:%Y-%m-%d}")
    print(f"  SHA-256:     {fingerprint(cert)}")
    print(f"  trust anchor: {ca.certificate_path} (ship it to the desktops)")
    if not ca.crl_url:
        print("  note: no --crl-url: certificates will name no revocation list")
    return 0


def _ca_issue(options: argparse.Namespace) -> int:
    return _issue_key_file(
        options,
        ca_dir=options.dir,
        user_id=options.user_id,
        name=options.name,
        role=options.role,
        branch=options.branch,
    )


def _issue_key_file(
    options: argparse.Namespace,
    *,
    ca_dir: Path,
    user_id: str,
    name: str,
    role: str,
    branch: str,
) -> int:
    from headoffice.ca import fingerprint, issue_user, load_ca, require_ca, write_atomic

    out: Path = options.out
    if out.exists():
        raise CommandError(f"{out} exists; refusing to overwrite it — choose another file name")
    require_ca(ca_dir)
    ca_passphrase = read_passphrase(
        file=options.ca_passphrase_file,
        env=CA_PASSPHRASE_ENV,
        prompt="CA passphrase",
        confirm=False,
    )
    ca = load_ca(ca_dir, passphrase=ca_passphrase)
    passphrase = read_passphrase(
        file=options.passphrase_file,
        env=USER_PASSPHRASE_ENV,
        prompt=f"Passphrase for {out.name} (tell it to {name} separately)",
        confirm=True,
    )
    issued = issue_user(
        ca,
        user_id=user_id,
        name=name,
        role=role,
        branch=branch,
        passphrase=passphrase,
        days=options.days,
        key_type=options.key_type,
    )
    write_atomic(out, issued.pkcs12, private=True)
    cert = issued.certificate
    print(f"issued certificate {cert.serial_number:x}")
    print(f"  subject: {cert.subject.rfc4514_string()}")
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    print(f"  valid:   {start:%Y-%m-%d} to {end:%Y-%m-%d}")
    print(f"  SHA-256: {fingerprint(cert)}")
    print(f"  wrote {out} (PKCS#12, passphrase-protected)")
    return 0


PASSWORD_ENV = "POSTLOAN_PASSWORD"


def _settings(options: argparse.Namespace) -> ServerSettings:
    from headoffice.settings import load_settings

    return load_settings(
        options.settings,
        database_url=options.database_url,
        data_dir=options.data_dir,
        blob_dir=getattr(options, "blob_dir", None),
        host=getattr(options, "host", None),
        port=getattr(options, "port", None),
    )


def _add_database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--settings",
        type=Path,
        default=os.environ.get("POSTLOAN_HO_SETTINGS") or None,
        metavar="FILE",
        help="a settings file of POSTLOAN_HO_…=value lines",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        metavar="URL",
        help="postgresql://user@host/db for production (default: a SQLite file in the data folder)",
    )
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR")


def _engine(options: argparse.Namespace) -> Engine:
    from headoffice.db import create_server_engine, require_current

    engine = create_server_engine(_settings(options).resolved_database_url())
    if options.command != "db":
        require_current(engine)
    return engine


def _add_server_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from headoffice.ca import KEY_TYPES, USER_DAYS

    serve = commands.add_parser(
        "serve",
        help="run the sync server (migrates an empty or older database first)",
        description="Run the sync server. With nothing set it keeps a SQLite file and a blob "
        "folder in the user data folder; give --database-url postgresql://… in production. "
        "Every setting is also read from POSTLOAN_HO_… variables or --settings FILE.",
    )
    _add_database_options(serve)
    serve.add_argument("--blob-dir", type=Path, default=None, metavar="DIR")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--workers", type=_positive, default=1, help="server processes")
    serve.set_defaults(run=_serve)

    db = commands.add_parser("db", help="the database schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    upgrade = db_commands.add_parser("upgrade", help="migrate the database to this version")
    _add_database_options(upgrade)
    upgrade.set_defaults(run=_db_upgrade)

    branch = commands.add_parser("branch", help="branches")
    branch_commands = branch.add_subparsers(dest="branch_command", metavar="BRANCH_COMMAND")
    branch_commands.required = True
    add = branch_commands.add_parser("add", help="create a branch")
    _add_database_options(add)
    add.add_argument("--code", required=True, help="the branch code, e.g. 0102")
    add.add_argument("--name", required=True, help="e.g. 江汉支行")
    add.add_argument("--city", default="")
    add.set_defaults(run=_branch_add)

    user = commands.add_parser("user", help="accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="USER_COMMAND")
    user_commands.required = True
    add = user_commands.add_parser(
        "add",
        help="create an account",
        description=f"Create an account. The password comes from --password-file or "
        f"${PASSWORD_ENV}, else it is asked for.",
    )
    _add_database_options(add)
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True, help="the name shown and signed, e.g. 张三")
    add.add_argument("--branch", required=True, help="the branch code")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        choices=[r.value for r in Role],
        help="inspector, supervisor or admin (repeat for several)",
    )
    add.add_argument("--rank", choices=[r.value for r in OfficerRank], default="officer")
    add.add_argument("--phone", default="")
    add.add_argument("--password-file", type=Path, default=None, metavar="FILE")
    add.set_defaults(run=_user_add)

    password = user_commands.add_parser(
        "password", help="set a new password (ends the account's logins)"
    )
    _add_database_options(password)
    password.add_argument("username")
    password.add_argument("--password-file", type=Path, default=None, metavar="FILE")
    password.set_defaults(run=_user_password)

    cert = user_commands.add_parser(
        "cert",
        help="issue the account's signing key and certificate (PKCS#12) from the CA",
        description="Issue an account its signing key: the certificate carries the account's "
        "id (UID), name, role and branch as head office knows them, so the desktop and the "
        f"server match its signatures to the account. Passphrases as for `ca issue` "
        f"(${CA_PASSPHRASE_ENV}, ${USER_PASSPHRASE_ENV}, files, or asked for).",
    )
    _add_database_options(cert)
    cert.add_argument("username")
    cert.add_argument("--ca-dir", type=Path, required=True, help="the CA folder")
    cert.add_argument("--out", type=Path, required=True, metavar="USER.p12")
    cert.add_argument(
        "--days", type=_positive, default=USER_DAYS, help=f"validity (default: {USER_DAYS})"
    )
    cert.add_argument("--key-type", choices=KEY_TYPES, default="ec")
    cert.add_argument("--ca-passphrase-file", type=Path, default=None, metavar="FILE")
    cert.add_argument("--passphrase-file", type=Path, default=None, metavar="FILE")
    cert.set_defaults(run=_user_cert)

    unlock = user_commands.add_parser(
        "unlock", help="let a username log in again at once after repeated wrong passwords"
    )
    _add_database_options(unlock)
    unlock.add_argument("username")
    unlock.set_defaults(run=_user_unlock)

    for name, active in (("disable", False), ("enable", True)):
        toggle = user_commands.add_parser(name, help=f"{name} an account")
        _add_database_options(toggle)
        toggle.add_argument("username")
        toggle.set_defaults(run=_user_active, active=active)

    template = commands.add_parser("template", help="checklist templates")
    template_commands = template.add_subparsers(dest="template_command", metavar="TEMPLATE_COMMAND")
    template_commands.required = True
    publish = template_commands.add_parser(
        "publish", help="publish the checklist versions in a folder to every branch"
    )
    _add_database_options(publish)
    publish.add_argument("folder", type=Path, nargs="?", default=None)
    publish.set_defaults(run=_template_publish)


def _serve(options: argparse.Namespace) -> int:
    import uvicorn

    from headoffice.db import create_server_engine, upgrade
    from headoffice.logs import setup_logging

    settings = _settings(options)
    setup_logging(settings.log_level, as_json=settings.log_json)
    upgrade(create_server_engine(settings.resolved_database_url()))
    os.environ["POSTLOAN_HO_SETTINGS_JSON"] = settings.model_dump_json()
    uvicorn.run(
        "headoffice.asgi:app",
        host=settings.host,
        port=settings.port,
        workers=options.workers,
        log_config=None,
        access_log=False,
    )
    return 0


def _db_upgrade(options: argparse.Namespace) -> int:
    from headoffice.db import current_revision, upgrade

    engine = _engine(options)
    before = current_revision(engine)
    upgrade(engine)
    print(f"database at schema revision {current_revision(engine)} (was {before})")
    return 0


def _in_transaction(options: argparse.Namespace, work: Callable[[Session], str]) -> int:
    from sqlalchemy.orm import Session

    with Session(_engine(options)) as session, session.begin():
        message = work(session)
    print(message)
    return 0


def _branch_add(options: argparse.Namespace) -> int:
    from headoffice.accounts import create_branch

    def work(session: Session) -> str:
        branch = create_branch(session, code=options.code, name=options.name, city=options.city)
        return f"created branch {branch.code} {branch.name} ({branch.id})"

    return _in_transaction(options, work)


def _new_password(options: argparse.Namespace, who: str) -> str:
    return read_passphrase(
        file=options.password_file,
        env=PASSWORD_ENV,
        prompt=f"New password for {who}",
        confirm=True,
    )


def _user_add(options: argparse.Namespace) -> int:
    from headoffice.accounts import create_account

    password = _new_password(options, options.username)

    def work(session: Session) -> str:
        account = create_account(
            session,
            username=options.username,
            display_name=options.name,
            branch_code=options.branch,
            roles=[Role(r) for r in options.role],
            password=password,
            rank=OfficerRank(options.rank),
            phone=options.phone,
        )
        return f"created account {account.username} ({account.id})"

    return _in_transaction(options, work)


def _user_password(options: argparse.Namespace) -> int:
    from headoffice.accounts import reset_password

    password = _new_password(options, options.username)

    def work(session: Session) -> str:
        reset_password(session, username=options.username, password=password)
        return f"set a new password for {options.username}; their logins were ended"

    return _in_transaction(options, work)


def _user_unlock(options: argparse.Namespace) -> int:
    from headoffice.accounts import unlock

    def work(session: Session) -> str:
        if unlock(session, username=options.username):
            return f"unlocked {options.username}"
        return f"{options.username} was not locked; its count of wrong passwords starts over"

    return _in_transaction(options, work)


def _user_cert(options: argparse.Namespace) -> int:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from headoffice.accounts import account_by_username
    from headoffice.models import AccountRole, Branch

    with Session(_engine(options)) as session:
        account = account_by_username(session, options.username)
        roles = set(
            session.scalars(select(AccountRole.role).where(AccountRole.account_id == account.id))
        )
        branch = session.get(Branch, account.branch_id)
        assert branch is not None
        role = Role.SUPERVISOR if Role.SUPERVISOR in roles else Role.INSPECTOR
        return _issue_key_file(
            options,
            ca_dir=options.ca_dir,
            user_id=str(account.id),
            name=account.display_name,
            role=role.value,
            branch=branch.name,
        )


def _user_active(options: argparse.Namespace) -> int:
    from headoffice.accounts import set_active

    def work(session: Session) -> str:
        set_active(session, username=options.username, active=options.active)
        return f"{options.username} is {'enabled' if options.active else 'disabled'}"

    return _in_transaction(options, work)


def _template_publish(options: argparse.Namespace) -> int:
    from headoffice.templates import publish_templates
    from postloan_desktop.forms.loader import RESOURCES

    def work(session: Session) -> str:
        done = publish_templates(session, options.folder or RESOURCES)
        return "published " + ", ".join(done) if done else "nothing new to publish"

    return _in_transaction(options, work)


def _add_import_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imports = commands.add_parser("import", help="import data from the bank's other systems")
    import_commands = imports.add_subparsers(
        dest="import_command", metavar="IMPORT_COMMAND", required=True
    )
    portfolio = import_commands.add_parser(
        "portfolio",
        help="import the loan portfolio from the core-banking export",
        description="Import the loan portfolio (loans with their borrowers, collateral, "
        "guarantors and repayment schedules) from the core-banking export: one .xlsx "
        "workbook, or CSV files named loans.csv, collateral.csv, guarantors.csv and "
        "schedule.csv (or a folder of them); docs/portfolio-import.md describes the format. "
        "Each rejected row is reported with its line number; the other rows are imported. "
        "Importing the same file again changes nothing. Exit status 1 if a row was rejected.",
    )
    _add_database_options(portfolio)
    portfolio.add_argument("files", nargs="+", type=Path, metavar="FILE")
    portfolio.add_argument(
        "--dry-run",
        action="store_true",
        help="check every row and report what would change, but write nothing",
    )
    portfolio.set_defaults(run=_import_portfolio)


def _import_portfolio(options: argparse.Namespace) -> int:
    from sqlalchemy.orm import Session

    from headoffice.portfolio import PortfolioProblem, import_portfolio, read_export

    try:
        export = read_export(options.files)
    except PortfolioProblem as exc:
        raise CommandError(str(exc)) from exc
    with Session(_engine(options)) as session:
        session.begin()
        summary = import_portfolio(session, export)
        if options.dry_run:
            session.rollback()
        else:
            session.commit()
    for error in summary.errors:
        print(error)
    for note in summary.notes:
        print(f"note: {note}")
    prefix = "dry run, nothing written: " if options.dry_run else ""
    print(
        f"{prefix}{summary.rows_read} rows read, {summary.rows_rejected} rejected; records "
        f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.deleted} deleted"
    )
    return 1 if summary.rows_rejected or summary.errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postloan-headoffice",
        description="postloan head office: the sync server, accounts, imports and the "
        "certificate authority.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_server_commands(commands)
    _add_import_commands(commands)
    _add_ca_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from headoffice.ca import CAError

    options = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = options.run
    try:
        return run(options)
    except Exception as exc:
        if not isinstance(exc, (CAError, CommandError, *_expected_errors())):
            raise
        print(f"postloan-headoffice: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("postloan-headoffice: interrupted", file=sys.stderr)
        return 130


def _expected_errors() -> tuple[type[Exception], ...]:
    """Errors that mean "wrong input", printed as one line: only those whose modules the
    command loaded (the CA commands run without the server's dependencies)."""
    found: list[type[Exception]] = []
    if "headoffice.accounts" in sys.modules:
        from headoffice.accounts import AccountProblem

        found.append(AccountProblem)
    if "headoffice.db" in sys.modules:
        from headoffice.db import DatabaseProblem

        found.append(DatabaseProblem)
    if "postloan_desktop.forms.loader" in sys.modules:
        from postloan_desktop.forms.loader import TemplateError

        found.append(TemplateError)
    if "pydantic" in sys.modules:
        from pydantic import ValidationError

        found.append(ValidationError)
    return tuple(found)


if __name__ == "__main__":
    sys.exit(main())
