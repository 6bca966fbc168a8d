"""The signing keys on this desktop (ARCHITECTURE.md, "Signed PDFs").

Head office issues each inspector and supervisor a key and certificate as a PKCS#12 file
(``postloan-headoffice ca issue``); the user imports it here once. Files in ``DATA/keys/``:

=========================  ================================================================
``headoffice-ca.pem``      the head-office CA certificate: the trust anchor. A certificate
                           not issued by it is refused, and so are signatures that do not
                           chain to it (``reports.verify``)
``USER_ID.p12``            the user's key, certificate and the CA certificate, PKCS#12
                           encrypted under the user's own passphrase (PBES2: AES-256-CBC,
                           PBKDF2-HMAC-SHA256) — re-encrypted on import whatever the
                           original file used
``USER_ID.pem``            the certificate alone (public), so the app can show whose key is
                           here and until when it is valid without asking for the passphrase
=========================  ================================================================

The passphrase is never stored. Files are written atomically (temp file, fsync, rename): a
full disk or a killed process leaves the previous files as they were.

A note on PKCS#12: its integrity MAC is derived from the passphrase with only 2,048
iterations (``cryptography`` does not let us raise it), so someone who copies the file can
try passphrases quickly; the key itself is protected by 100,000 PBKDF2 iterations. Long
passphrases matter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID, ObjectIdentifier

from postloan_desktop.domain.errors import (
    InvalidInput,
    NotFound,
)
from postloan_desktop.storage.atomic import write_atomic

KEYS_DIR = "keys"
TRUST_ANCHOR_FILE = "headoffice-ca.pem"
PKCS12_KDF_ROUNDS = 100_000

SigningPrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


class WrongPassphrase(InvalidInput):
    """The passphrase does not open the key file."""


class NotAKeyFile(InvalidInput):
    """The file is not a PKCS#12 (.p12/.pfx) file, or holds no key and certificate."""


class CertificateRefused(InvalidInput):
    """The certificate cannot be used to sign reports. ``reason`` is one of
    ``not_from_headoffice``, ``expired``, ``not_yet_valid``, ``key_usage``, ``ca_expired``,
    ``not_a_signer`` (for the UI's translated message); the validity is kept too."""

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.not_before = not_before
        self.not_after = not_after


class TrustAnchorMissing(NotFound):
    """The head-office CA certificate is not installed in the data folder."""


class KeyNotImported(NotFound):
    """No key was imported for this user."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def name_attribute(name: x509.Name, oid: ObjectIdentifier) -> str | None:
    values = name.get_attributes_for_oid(oid)
    if not values:
        return None
    value = values[0].value
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def _day(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True)
class CertificateInfo:
    """What a person (or the key list in the UI) wants to know about a certificate."""

    name: str  # CN: the person's name, as printed in the signature stamp
    user_id: str | None  # UID
    role: str | None  # title: inspector, supervisor
    branch: str | None  # OU
    organisation: str | None  # O: the bank
    issuer: str  # the issuing CA's CN
    serial: str  # hex
    not_before: dt.datetime  # UTC
    not_after: dt.datetime  # UTC
    sha256: str  # fingerprint, hex

    @classmethod
    def of(cls, certificate: x509.Certificate) -> CertificateInfo:
        subject = certificate.subject
        return cls(
            name=name_attribute(subject, NameOID.COMMON_NAME) or subject.rfc4514_string(),
            user_id=name_attribute(subject, NameOID.USER_ID),
            role=name_attribute(subject, NameOID.TITLE),
            branch=name_attribute(subject, NameOID.ORGANIZATIONAL_UNIT_NAME),
            organisation=name_attribute(subject, NameOID.ORGANIZATION_NAME),
            issuer=name_attribute(certificate.issuer, NameOID.COMMON_NAME)
            or certificate.issuer.rfc4514_string(),
            serial=f"{certificate.serial_number:x}",
            not_before=certificate.not_valid_before_utc,
            not_after=certificate.not_valid_after_utc,
            sha256=certificate.fingerprint(hashes.SHA256()).hex(),
        )


@dataclass(frozen=True)
class LoadedKey:
    """A user's private key with its certificate, opened with their passphrase: what
    ``reports.signing.sign_report`` signs with. Keep it no longer than the signing."""

    private_key: SigningPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]  # the issuing CA (embedded in every signature)

    @property
    def info(self) -> CertificateInfo:
        return CertificateInfo.of(self.certificate)


def read_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise InvalidInput(f"not an X.509 certificate (PEM or DER): {exc}") from exc


def _is_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native in (
            "data",
            "signed_data",
        )
    except (ValueError, TypeError, KeyError):
        return False


def open_pkcs12(data: bytes, passphrase: str) -> LoadedKey:
    """Open a PKCS#12 file: ``WrongPassphrase`` or ``NotAKeyFile`` when it cannot."""
    if not _is_pkcs12(data):
        raise NotAKeyFile("the file is not a PKCS#12 key file (.p12 or .pfx)")
    try:
        bundle = pkcs12.load_pkcs12(data, passphrase.encode("utf-8"))
    except ValueError as exc:
        raise WrongPassphrase("the passphrase does not open this key file") from exc
    key = bundle.key
    cert = bundle.cert.certificate if bundle.cert else None
    if key is None or cert is None:
        raise NotAKeyFile("the key file holds no private key and certificate")
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise NotAKeyFile("the key file's key is neither EC nor RSA; it cannot sign reports")
    if key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        raise NotAKeyFile("the key file's key does not belong to its certificate")
    chain = tuple(extra.certificate for extra in bundle.additional_certs)
    return LoadedKey(key, cert, chain)


def check_trust_anchor(anchor: x509.Certificate) -> None:
    try:
        constraints = anchor.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is None or not constraints.ca:
        raise InvalidInput("the head-office CA certificate is not a CA certificate")


def check_certificate(
    certificate: x509.Certificate, *, anchor: x509.Certificate, at: dt.datetime
) -> None:
    """Refuse (``CertificateRefused``) a certificate that cannot sign reports at ``at``: not
    issued by the head-office CA (``anchor``), or not usable (``check_signing_certificate``),
    or the CA certificate itself outside its validity."""
    info = CertificateInfo.of(certificate)
    issued_by_anchor = certificate.issuer == anchor.subject
    if issued_by_anchor:
        try:
            certificate.verify_directly_issued_by(anchor)
        except (ValueError, TypeError, InvalidSignature):
            issued_by_anchor = False
    if not issued_by_anchor:
        raise CertificateRefused(
            f"the certificate of {info.name} was not issued by the head-office CA "
            f"({CertificateInfo.of(anchor).name}) but by {info.issuer}; ask head office for a "
            "key issued by its CA",
            reason="not_from_headoffice",
        )
    check_signing_certificate(certificate, at=at)
    if not anchor.not_valid_before_utc <= at <= anchor.not_valid_after_utc:
        raise CertificateRefused(
            f"the head-office CA certificate is valid only from "
            f"{_day(anchor.not_valid_before_utc)} to {_day(anchor.not_valid_after_utc)}",
            reason="ca_expired",
            not_before=anchor.not_valid_before_utc,
            not_after=anchor.not_valid_after_utc,
        )


def check_signing_certificate(certificate: x509.Certificate, *, at: dt.datetime) -> None:
    """Refuse (``CertificateRefused``) a certificate outside its validity at ``at``, a CA
    certificate, or one without the digitalSignature and nonRepudiation key usages."""
    info = CertificateInfo.of(certificate)
    whose = f"the certificate of {info.name}"
    validity = f"valid from {_day(info.not_before)} to {_day(info.not_after)}"
    if at < info.not_before:
        raise CertificateRefused(
            f"{whose} is not valid yet ({validity}); check this computer's date and time",
            reason="not_yet_valid",
            not_before=info.not_before,
            not_after=info.not_after,
        )
    if at > info.not_after:
        raise CertificateRefused(
            f"{whose} expired on {_day(info.not_after)} ({validity}); ask head office for a "
            "new one",
            reason="expired",
            not_before=info.not_before,
            not_after=info.not_after,
        )
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
        is_ca = constraints.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if is_ca:
        raise CertificateRefused(
            f"{whose} is a CA certificate, not a person's", reason="not_a_signer"
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        missing = [
            label
            for label, present in (
                ("digitalSignature", usage.digital_signature),
                ("nonRepudiation", usage.content_commitment),
            )
            if not present
        ]
    except x509.ExtensionNotFound:
        missing = ["digitalSignature", "nonRepudiation"]
    if missing:
        raise CertificateRefused(
            f"{whose} may not sign documents: its key usage lacks {' and '.join(missing)}; ask "
            "head office for a signing certificate",
            reason="key_usage",
            not_before=info.not_before,
            not_after=info.not_after,
        )


_SAFE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _file_stem(user_id: str) -> str:
    if _SAFE_STEM.match(user_id):
        return user_id
    return "u-" + hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:32]


def pkcs12_encryption(passphrase: bytes) -> serialization.KeySerializationEncryption:
    """PBES2 with AES-256-CBC and PBKDF2-HMAC-SHA256, HMAC-SHA256 integrity: how head office
    issues a key file and how the desktop keeps it."""
    return (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(PKCS12_KDF_ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase)
    )


class KeyStore:
    """The keys imported on this desktop, in ``folder`` (``DATA/keys``)."""

    def __init__(self, folder: Path, *, now: Callable[[], dt.datetime] = utc_now) -> None:
        self.folder = folder
        self._now = now

    @classmethod
    def for_data_dir(cls, root: Path, *, now: Callable[[], dt.datetime] = utc_now) -> KeyStore:
        return cls(root / KEYS_DIR, now=now)

    @property
    def trust_anchor_path(self) -> Path:
        return self.folder / TRUST_ANCHOR_FILE

    def install_trust_anchor(self, data: bytes) -> CertificateInfo:
        """Install (or replace) the head-office CA certificate, PEM or DER."""
        anchor = read_certificate(data)
        check_trust_anchor(anchor)
        write_atomic(self.trust_anchor_path, anchor.public_bytes(serialization.Encoding.PEM))
        return CertificateInfo.of(anchor)

    def trust_anchor(self) -> x509.Certificate:
        try:
            data = self.trust_anchor_path.read_bytes()
        except FileNotFoundError as exc:
            raise TrustAnchorMissing(
                f"the head-office CA certificate is not installed ({self.trust_anchor_path}); "
                "install the ca-cert.pem head office gave you"
            ) from exc
        return read_certificate(data)

    def import_pkcs12(self, data: bytes, passphrase: str) -> CertificateInfo:
        """Check a user's PKCS#12 file and keep it, re-encrypted under the same passphrase.
        Replaces an earlier key of the same user (a renewed certificate)."""
        key = open_pkcs12(data, passphrase)
        anchor = self.trust_anchor()
        check_certificate(key.certificate, anchor=anchor, at=self._now())
        info = key.info
        stem = _file_stem(info.user_id or info.sha256)
        stored = pkcs12.serialize_key_and_certificates(
            name=info.name.encode("utf-8"),
            key=key.private_key,
            cert=key.certificate,
            cas=[anchor],
            encryption_algorithm=pkcs12_encryption(passphrase.encode("utf-8")),
        )
        # The certificate first: a .pem without its .p12 is harmless (load says so),
        # and a .p12 is never left beside another user's certificate.
        write_atomic(
            self.folder / f"{stem}.pem", key.certificate.public_bytes(serialization.Encoding.PEM)
        )
        write_atomic(self.folder / f"{stem}.p12", stored, private=True)
        return info

    def certificates(self) -> list[CertificateInfo]:
        """The certificates of the keys kept here, by name."""
        found = []
        for path in sorted(self.folder.glob("*.pem")):
            if path.name == TRUST_ANCHOR_FILE or not path.with_suffix(".p12").is_file():
                continue
            try:
                found.append(CertificateInfo.of(read_certificate(path.read_bytes())))
            except InvalidInput:
                continue
        return sorted(found, key=lambda info: (info.name, info.not_after))

    def load(self, user_id: str, passphrase: str) -> LoadedKey:
        """Open a user's key to sign with: the passphrase must be right and the certificate
        still valid and from the head-office CA."""
        path = self.folder / f"{_file_stem(user_id)}.p12"
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise KeyNotImported(
                f"no key was imported for user {user_id}; import the .p12 file from head office"
            ) from exc
        key = open_pkcs12(data, passphrase)
        check_certificate(key.certificate, anchor=self.trust_anchor(), at=self._now())
        return key


@dataclass(frozen=True)
class DemoSigners:
    """Demo keys for ``postloan report sample`` and tests: never for real reports."""

    trust_anchor: x509.Certificate
    trust_anchor_path: Path
    keys: dict[str, LoadedKey]  # by signature role: inspector_a, inspector_b, supervisor


def demo_signers(
    directory: Path,
    *,
    inspector_a: str = "张三",
    inspector_b: str = "李四",
    supervisor: str = "王五",
    now: Callable[[], dt.datetime] = utc_now,
) -> DemoSigners:
    """A throwaway head-office CA in ``directory/ca`` and three users, imported into a key
    store in ``directory/keys`` as the desktop would, and opened."""
    from headoffice.ca import DEMO_PASSPHRASE, demo_ca  # the demo needs a CA; nothing else

    demo = demo_ca(
        directory / "ca",
        inspector_a=inspector_a,
        inspector_b=inspector_b,
        supervisor=supervisor,
        now=now(),
    )
    store = KeyStore(directory / KEYS_DIR, now=now)
    store.install_trust_anchor(demo.certificate_path.read_bytes())
    keys = {}
    for role, user in demo.users.items():
        store.import_pkcs12(user.pkcs12_path.read_bytes(), DEMO_PASSPHRASE)
        keys[role] = store.load(user.user_id, DEMO_PASSPHRASE)
    return DemoSigners(store.trust_anchor(), store.trust_anchor_path, keys)
