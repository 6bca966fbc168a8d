"""``postloan-headoffice``: head office's command line.

Commands are grouped (``ca …`` now; the server and the import commands join with issue 6):
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
    from headoffice.ca import fingerprint, issue_user, load_ca, require_ca, write_atomic

    out: Path = options.out
    if out.exists():
        raise CommandError(f"{out} exists; refusing to overwrite it — choose another file name")
    require_ca(options.dir)
    ca_passphrase = read_passphrase(
        file=options.ca_passphrase_file,
        env=CA_PASSPHRASE_ENV,
        prompt="CA passphrase",
        confirm=False,
    )
    ca = load_ca(options.dir, passphrase=ca_passphrase)
    passphrase = read_passphrase(
        file=options.passphrase_file,
        env=USER_PASSPHRASE_ENV,
        prompt=f"Passphrase for {out.name} (tell it to {options.name} separately)",
        confirm=True,
    )
    issued = issue_user(
        ca,
        user_id=options.user_id,
        name=options.name,
        role=options.role,
        branch=options.branch,
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postloan-headoffice",
        description="postloan head office: the certificate authority (the sync server comes "
        "later).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_ca_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from headoffice.ca import CAError

    options = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = options.run
    try:
        return run(options)
    except (CAError, CommandError) as exc:
        print(f"postloan-headoffice: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("postloan-headoffice: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
