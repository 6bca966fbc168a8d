"""Signing keys for the demo portfolio, so that ``--demo`` signs out of the box.

A data folder the demo portfolio was loaded into is marked in its ``app_state``
(``DEMO_STATE_KEY``, set by ``services.bootstrap``). In such a folder only, the report service
makes what head office would hand out, when it is first needed (``ReportService.key_status``,
``sign``, ``verify_pdf``), not at start-up:

- a throwaway head-office CA in ``DATA/demo-ca`` (its key under ``DEMO_CA_PASSPHRASE``),
  whose certificate is installed as the trust anchor;
- for each member of staff, the first time they need it, a key and certificate (CN = their
  name, UID = their user id, title = inspector or supervisor, OU = their branch) imported
  into the key store under ``DEMO_KEY_PASSPHRASE`` — about 0.2 s a person.

Demo keys are for trying the app: never for real reports. A folder with real data is never
marked, even when ``--demo`` is given (the demo is only loaded into an empty database).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.errors import StorageProblem

if TYPE_CHECKING:
    from postloan_desktop.reports.keys import KeyStore

DEMO_STATE_KEY = "demo_portfolio"
DEMO_CA_DIR = "demo-ca"
# The documented passphrase of every demo key (headoffice.ca's demo passphrase).
DEMO_KEY_PASSPHRASE = "postloan-demo"
DEMO_CA_PASSPHRASE = "postloan-demo-ca"
DEMO_CA_NAME = "示例银行 贷后检查演示 CA (demo, not for real reports)"

_lock = threading.Lock()  # one CA is made, one key per person, whatever the threads do


@dataclass(frozen=True)
class DemoPerson:
    user_id: str
    name: str
    branch: str
    roles: frozenset[Role]


def ensure_trust_anchor(store: KeyStore, ca_dir: Path) -> None:
    """The demo CA exists and its certificate is the installed trust anchor (unless another
    anchor was installed: then that one stays)."""
    with _lock:
        if store.trust_anchor_path.is_file():
            return
        store.install_trust_anchor(_ca_certificate(ca_dir))


def ensure_key(store: KeyStore, ca_dir: Path, person: DemoPerson) -> None:
    """A demo key for ``person`` in ``store``, issued by the demo CA, unless one is there."""
    from headoffice.ca import CAError, issue_user, load_ca

    ensure_trust_anchor(store, ca_dir)
    with _lock:
        if any(info.user_id == person.user_id for info in store.certificates()):
            return
        try:
            ca = load_ca(ca_dir, passphrase=DEMO_CA_PASSPHRASE)
            issued = issue_user(
                ca,
                user_id=person.user_id,
                name=person.name,
                role=(Role.INSPECTOR if Role.INSPECTOR in person.roles else Role.SUPERVISOR).value,
                branch=person.branch,
                passphrase=DEMO_KEY_PASSPHRASE,
            )
        except CAError as exc:
            raise StorageProblem(f"cannot make the demo key of {person.name}: {exc}") from exc
        store.import_pkcs12(issued.pkcs12, DEMO_KEY_PASSPHRASE)


def _ca_certificate(ca_dir: Path) -> bytes:
    """The demo CA's certificate (PEM), the CA made first if it is missing."""
    from headoffice.ca import CERT_FILE, DEMO_BANK, DEMO_CRL_URL, CAError, init_ca

    path = ca_dir / CERT_FILE
    if not path.is_file():
        try:
            init_ca(
                ca_dir,
                bank=DEMO_BANK,
                passphrase=DEMO_CA_PASSPHRASE,
                name=DEMO_CA_NAME,
                crl_url=DEMO_CRL_URL,
            )
        except CAError as exc:
            raise StorageProblem(f"cannot make the demo CA in {ca_dir}: {exc}") from exc
    return path.read_bytes()
