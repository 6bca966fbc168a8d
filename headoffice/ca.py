"""Head office's certificate authority (ARCHITECTURE.md, "Signed PDFs").

Head office runs one root CA. Each inspector and supervisor gets a key and a certificate at
enrolment, handed over as a passphrase-protected PKCS#12 file that the desktop imports; the
root certificate is the trust anchor every desktop and every verifier checks signatures
against. Files in the CA folder:

====================  =====================================================================
``ca-cert.pem``       the root certificate: public, shipped to the desktops as trust anchor
``ca-key.pem``        the root private key, PKCS#8 encrypted under the CA passphrase
                      (PBES2: PBKDF2-HMAC-SHA256, 600,000 iterations, AES-256-CBC), mode 0600
``ca.json``           settings: the CRL URL put in every user certificate
``issued/``           every certificate issued (``SERIAL.pem``) and ``issued.jsonl``, one
                      line per certificate: serial, user id, name, role, branch, validity
====================  =====================================================================

User certificates: CN = the person's name, O = the bank (from the root), OU = the branch,
UID = the user id, title = the role; an EC P-256 key (RSA-2048 on request); key usage
digitalSignature and nonRepudiation (critical); extended key usage documentSigning (RFC 9336)
and emailProtection (what NSS-based validators such as poppler's ``pdfsig`` check for a
signer, and what Adobe accepts); a random 159-bit serial. The PKCS#12 file holds the key,
the certificate and the root, encrypted with PBES2 (AES-256-CBC, PBKDF2-HMAC-SHA256) and
MAC'd with HMAC-SHA256.

Every function here takes its clock (``now``) so tests can issue expired certificates.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import algos as asn1_algos
from asn1crypto import core as asn1_core
from asn1crypto import keys as asn1_keys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.errors import StorageProblem
from postloan_desktop.reports.keys import name_attribute, pkcs12_encryption, utc_now
from postloan_desktop.storage.atomic import write_atomic as storage_write_atomic

CERT_FILE = "ca-cert.pem"
KEY_FILE = "ca-key.pem"
SETTINGS_FILE = "ca.json"
ISSUED_DIR = "issued"
ISSUED_LOG = "issued.jsonl"

ROLES = tuple(role.value for role in Role)
KEY_TYPES = ("ec", "rsa")
MIN_PASSPHRASE = 8
CA_DAYS = 20 * 365
USER_DAYS = 730
# A laptop's clock may be a little behind head office's: certificates start an hour early.
BACKDATE = dt.timedelta(hours=1)
CA_KEY_ITERATIONS = 600_000
ID_KP_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # RFC 9336


class CAError(Exception):
    """A CA operation cannot be done as asked; the message says why and what to do."""


@dataclass(frozen=True)
class CertificateAuthority:
    directory: Path
    certificate: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey
    crl_url: str | None

    @property
    def bank(self) -> str:
        return name_attribute(self.certificate.subject, NameOID.ORGANIZATION_NAME) or ""

    @property
    def certificate_path(self) -> Path:
        return self.directory / CERT_FILE


@dataclass(frozen=True)
class IssuedUser:
    certificate: x509.Certificate
    pkcs12: bytes  # the key, the certificate and the root, encrypted under the passphrase


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, as colon-separated hex (what browsers show)."""
    digest = certificate.fingerprint(hashes.SHA256()).hex().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _check_passphrase(passphrase: str, what: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise CAError(f"the {what} must have at least {MIN_PASSPHRASE} characters")
    return passphrase.encode("utf-8")


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """The desktop's atomic write (temp file, fsync, rename), with the CA's error type."""
    try:
        storage_write_atomic(path, data, private=private)
    except StorageProblem as exc:
        raise CAError(str(exc)) from exc


def _encrypt_private_key(key: ec.EllipticCurvePrivateKey, passphrase: bytes) -> bytes:
    """PEM ``ENCRYPTED PRIVATE KEY`` (PKCS#8, PBES2) with many more PBKDF2 iterations than
    ``BestAvailableEncryption`` uses (2,048); OpenSSL and ``cryptography`` read it as usual."""
    plain = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    salt, iv = os.urandom(16), os.urandom(16)
    aes_key = PBKDF2HMAC(hashes.SHA256(), 32, salt, CA_KEY_ITERATIONS).derive(passphrase)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor()
    encrypted = encryptor.update(padded) + encryptor.finalize()
    info = asn1_keys.EncryptedPrivateKeyInfo(
        {
            "encryption_algorithm": {
                "algorithm": "pbes2",
                "parameters": {
                    "key_derivation_func": {
                        "algorithm": "pbkdf2",
                        "parameters": {
                            "salt": asn1_algos.Pbkdf2Salt(
                                name="specified", value=asn1_core.OctetString(salt)
                            ),
                            "iteration_count": CA_KEY_ITERATIONS,
                            "prf": {"algorithm": "sha256"},
                        },
                    },
                    "encryption_scheme": {"algorithm": "aes256_cbc", "parameters": iv},
                },
            },
            "encrypted_data": encrypted,
        }
    )
    body = base64.encodebytes(info.dump())
    return (
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + body + b"-----END ENCRYPTED PRIVATE KEY-----\n"
    )


def _key_usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,  # nonRepudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def init_ca(
    directory: Path,
    *,
    bank: str,
    passphrase: str,
    name: str | None = None,
    crl_url: str | None = None,
    days: int = CA_DAYS,
    now: dt.datetime | None = None,
) -> CertificateAuthority:
    """Create the root CA in ``directory`` (which must not hold one yet)."""
    secret = _check_passphrase(passphrase, "CA passphrase")
    bank = bank.strip()
    if not bank:
        raise CAError("the bank's name is needed: it is the O (organisation) of every certificate")
    if days <= 0:
        raise CAError("the CA certificate must be valid for at least one day")
    if crl_url is not None and not crl_url.startswith(("http://", "https://")):
        raise CAError(f"the CRL URL must be an http:// or https:// URL, not {crl_url!r}")
    if (directory / KEY_FILE).exists() or (directory / CERT_FILE).exists():
        raise CAError(
            f"{directory} already holds a CA ({KEY_FILE}, {CERT_FILE}); "
            "refusing to overwrite it — choose another folder"
        )
    start = (now or utc_now()) - BACKDATE
    key = ec.generate_private_key(ec.SECP384R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, (name or f"{bank} 贷后检查 CA").strip()),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, bank),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA384())
    )
    directory.mkdir(parents=True, exist_ok=True)
    write_atomic(directory / KEY_FILE, _encrypt_private_key(key, secret), private=True)
    write_atomic(directory / CERT_FILE, certificate.public_bytes(serialization.Encoding.PEM))
    settings = {"crl_url": crl_url}
    write_atomic(
        directory / SETTINGS_FILE,
        (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )
    return CertificateAuthority(directory, certificate, key, crl_url)


def require_ca(directory: Path) -> None:
    """``CAError`` unless ``directory`` holds a CA (before asking for its passphrase)."""
    if not (directory / KEY_FILE).is_file() or not (directory / CERT_FILE).is_file():
        raise CAError(
            f"{directory} holds no CA ({KEY_FILE} and {CERT_FILE}); "
            "create one with `postloan-headoffice ca init`"
        )


def load_ca(directory: Path, *, passphrase: str) -> CertificateAuthority:
    """Open the CA in ``directory`` with its passphrase."""
    require_ca(directory)
    key_path, cert_path = directory / KEY_FILE, directory / CERT_FILE
    try:
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except ValueError as exc:
        raise CAError(f"{cert_path} is not a PEM certificate: {exc}") from exc
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise CAError(f"wrong CA passphrase (or {key_path} is damaged)") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CAError(f"{key_path} is not an EC key")
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if key.public_key().public_bytes(der, spki) != certificate.public_key().public_bytes(der, spki):
        raise CAError(f"{key_path} does not belong to {cert_path}")
    settings: dict[str, object] = {}
    settings_path = directory / SETTINGS_FILE
    if settings_path.is_file():
        try:
            settings = json.loads(settings_path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CAError(f"{settings_path} is not valid JSON: {exc}") from exc
    crl_url = settings.get("crl_url")
    return CertificateAuthority(
        directory, certificate, key, crl_url if isinstance(crl_url, str) else None
    )


def issue_user(
    ca: CertificateAuthority,
    *,
    user_id: str,
    name: str,
    role: str,
    branch: str,
    passphrase: str,
    days: int = USER_DAYS,
    key_type: str = "ec",
    now: dt.datetime | None = None,
) -> IssuedUser:
    """A new key and certificate for one person, as a PKCS#12 file encrypted under
    ``passphrase``. The certificate is recorded in the CA folder's ``issued/``."""
    secret = _check_passphrase(passphrase, "passphrase of the user's file")
    user_id, name, branch = user_id.strip(), name.strip(), branch.strip()
    for label, value in (("user id", user_id), ("name", name), ("branch", branch)):
        if not value:
            raise CAError(f"the {label} is empty")
    if role not in ROLES:
        raise CAError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if key_type not in KEY_TYPES:
        raise CAError(f"unknown key type {key_type!r}: one of {', '.join(KEY_TYPES)}")
    if days <= 0:
        raise CAError("a certificate must be valid for at least one day")
    start = (now or utc_now()) - BACKDATE
    end = start + dt.timedelta(days=days)
    ca_end = ca.certificate.not_valid_after_utc
    if end > ca_end:
        raise CAError(
            f"the certificate would outlive the CA certificate, which expires on "
            f"{ca_end:%Y-%m-%d}; ask for fewer days (--days)"
        )

    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    if key_type == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ca.bank),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, branch),
            x509.NameAttribute(NameOID.TITLE, role),
            x509.NameAttribute(NameOID.USER_ID, user_id),
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signer=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ID_KP_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.private_key.public_key()),
            critical=False,
        )
    )
    if ca.crl_url:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(ca.crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    certificate = builder.sign(ca.private_key, hashes.SHA384())
    data = pkcs12.serialize_key_and_certificates(
        name=f"{name} ({user_id})".encode(),
        key=key,
        cert=certificate,
        cas=[ca.certificate],
        encryption_algorithm=pkcs12_encryption(secret),
    )
    _record(ca, certificate, user_id=user_id, name=name, role=role, branch=branch)
    return IssuedUser(certificate, data)


def _record(
    ca: CertificateAuthority,
    certificate: x509.Certificate,
    *,
    user_id: str,
    name: str,
    role: str,
    branch: str,
) -> None:
    issued = ca.directory / ISSUED_DIR
    serial = f"{certificate.serial_number:x}"
    write_atomic(issued / f"{serial}.pem", certificate.public_bytes(serialization.Encoding.PEM))
    line = json.dumps(
        {
            "serial": serial,
            "user_id": user_id,
            "name": name,
            "role": role,
            "branch": branch,
            "not_before": certificate.not_valid_before_utc.isoformat(),
            "not_after": certificate.not_valid_after_utc.isoformat(),
            "sha256": fingerprint(certificate),
        },
        ensure_ascii=False,
    )
    try:
        with (issued / ISSUED_LOG).open("a", encoding="utf-8") as log:
            log.write(line + "\n")
            log.flush()
            os.fsync(log.fileno())
    except OSError as exc:
        raise CAError(f"cannot record the certificate in {issued}: {exc}") from exc


# --- demo keys ----------------------------------------------------------------------------

DEMO_BANK = "示例银行"
DEMO_BRANCH = "江汉支行"
DEMO_PASSPHRASE = "postloan-demo"
DEMO_CA_PASSPHRASE = "postloan-demo-ca"
# The .invalid top-level domain never resolves (RFC 2606): the demo has no CRL to serve.
DEMO_CRL_URL = "http://headoffice.invalid/postloan/ca.crl"


@dataclass(frozen=True)
class DemoUser:
    role: str  # the signature it makes: inspector_a, inspector_b, supervisor
    user_id: str
    name: str
    pkcs12_path: Path
    passphrase: str


@dataclass(frozen=True)
class DemoCA:
    ca: CertificateAuthority
    users: dict[str, DemoUser]  # by signature role

    @property
    def certificate_path(self) -> Path:
        return self.ca.certificate_path


def demo_ca(
    directory: Path,
    *,
    inspector_a: str = "张三",
    inspector_b: str = "李四",
    supervisor: str = "王五",
    branch: str = DEMO_BRANCH,
    now: dt.datetime | None = None,
) -> DemoCA:
    """A throwaway CA in ``directory`` and three users — inspector A, inspector B and the
    supervisor — with files ``inspector_a.p12``, ``inspector_b.p12`` and ``supervisor.p12``
    under ``DEMO_PASSPHRASE``. For tests and ``postloan report sample``; keys are random,
    names and file names fixed. Never for real reports."""
    ca = init_ca(
        directory,
        bank=DEMO_BANK,
        passphrase=DEMO_CA_PASSPHRASE,
        name="示例银行 贷后检查演示 CA (demo, not for real reports)",
        crl_url=DEMO_CRL_URL,
        now=now,
    )
    people = (
        ("inspector_a", "demo-inspector-a", inspector_a, Role.INSPECTOR),
        ("inspector_b", "demo-inspector-b", inspector_b, Role.INSPECTOR),
        ("supervisor", "demo-supervisor", supervisor, Role.SUPERVISOR),
    )
    users = {}
    for signature_role, user_id, name, role in people:
        issued = issue_user(
            ca,
            user_id=user_id,
            name=name,
            role=role.value,
            branch=branch,
            passphrase=DEMO_PASSPHRASE,
            now=now,
        )
        path = directory / f"{signature_role}.p12"
        write_atomic(path, issued.pkcs12, private=True)
        users[signature_role] = DemoUser(signature_role, user_id, name, path, DEMO_PASSPHRASE)
    return DemoCA(ca, users)
