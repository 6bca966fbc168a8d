"""The desktop's key store: importing a user's PKCS#12 file from head office, refusing the
wrong passphrase and unusable certificates, keeping it encrypted, opening it to sign."""

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from headoffice.ca import CertificateAuthority, init_ca, issue_user
from postloan_desktop.domain.errors import DiskFull, InvalidInput
from postloan_desktop.reports.keys import (
    CertificateRefused,
    KeyNotImported,
    KeyStore,
    NotAKeyFile,
    TrustAnchorMissing,
    WrongPassphrase,
    demo_signers,
    pkcs12_encryption,
)

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
PASSPHRASE = "张三的口令 2026"


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> CertificateAuthority:
    return init_ca(
        tmp_path_factory.mktemp("ca"),
        bank="示例银行",
        passphrase="head office passphrase",
        now=NOW - dt.timedelta(days=1000),
    )


@pytest.fixture(scope="module")
def zhangsan(ca: CertificateAuthority) -> bytes:
    return issue_user(
        ca,
        user_id="u-zhangsan",
        name="张三",
        role="inspector",
        branch="江汉支行",
        passphrase=PASSPHRASE,
        now=NOW - dt.timedelta(days=10),
    ).pkcs12


@pytest.fixture
def store(tmp_path: Path, ca: CertificateAuthority) -> KeyStore:
    keys = KeyStore.for_data_dir(tmp_path, now=lambda: NOW)
    keys.install_trust_anchor(ca.certificate.public_bytes(serialization.Encoding.PEM))
    return keys


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_import_keeps_the_key_encrypted_under_the_same_passphrase(
    store: KeyStore, zhangsan: bytes, tmp_path: Path
) -> None:
    info = store.import_pkcs12(zhangsan, PASSPHRASE)
    assert (info.name, info.user_id, info.role, info.branch, info.organisation) == (
        "张三",
        "u-zhangsan",
        "inspector",
        "江汉支行",
        "示例银行",
    )
    folder = tmp_path / "keys"
    assert store.folder == folder
    assert sorted(files(folder)) == ["headoffice-ca.pem", "u-zhangsan.p12", "u-zhangsan.pem"]
    stored = (folder / "u-zhangsan.p12").read_bytes()
    assert stored != zhangsan  # re-encrypted, not copied
    assert "张三".encode() not in stored  # nothing readable without the passphrase
    with pytest.raises(ValueError):
        pkcs12.load_pkcs12(stored, b"")
    bundle = pkcs12.load_pkcs12(stored, PASSPHRASE.encode())
    assert bundle.cert is not None and bundle.key is not None
    assert oct((folder / "u-zhangsan.p12").stat().st_mode & 0o777) == "0o600"
    assert [c.name for c in store.certificates()] == ["张三"]

    key = store.load("u-zhangsan", PASSPHRASE)
    assert key.info == info
    assert isinstance(key.private_key, ec.EllipticCurvePrivateKey)
    assert key.chain == (store.trust_anchor(),)


def test_a_wrong_passphrase_is_a_clear_input_error_and_stores_nothing(
    store: KeyStore, zhangsan: bytes
) -> None:
    before = files(store.folder)
    with pytest.raises(WrongPassphrase, match="passphrase does not open") as raised:
        store.import_pkcs12(zhangsan, "not my passphrase")
    assert isinstance(raised.value, InvalidInput)
    assert files(store.folder) == before
    store.import_pkcs12(zhangsan, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        store.load("u-zhangsan", "not my passphrase")


def test_a_file_that_is_not_a_key_file_is_said_so(store: KeyStore, tmp_path: Path) -> None:
    for data in (b"%PDF-1.7 not a key", b"", os.urandom(300)):
        with pytest.raises(NotAKeyFile, match="not a PKCS#12 key file"):
            store.import_pkcs12(data, PASSPHRASE)


def test_a_certificate_from_another_ca_is_refused(store: KeyStore, tmp_path: Path) -> None:
    other = init_ca(tmp_path / "other", bank="示例银行", passphrase="another passphrase", now=NOW)
    foreign = issue_user(
        other,
        user_id="u-x",
        name="冒名者",
        role="inspector",
        branch="江汉支行",
        passphrase=PASSPHRASE,
        now=NOW,
    )
    before = files(store.folder)
    with pytest.raises(CertificateRefused, match="not issued by the head-office CA") as raised:
        store.import_pkcs12(foreign.pkcs12, PASSPHRASE)
    assert raised.value.reason == "not_from_headoffice"
    assert files(store.folder) == before


@pytest.mark.parametrize(
    ("issued_days_before", "days", "reason", "message"),
    [
        (800, 730, "expired", "expired on 2026-09-19 08:00 UTC"),
        (-5, 730, "not_yet_valid", "not valid yet \\(valid from 2026-12-03 08:00 UTC"),
    ],
)
def test_a_certificate_outside_its_validity_is_refused_with_its_dates(
    store: KeyStore,
    ca: CertificateAuthority,
    issued_days_before: int,
    days: int,
    reason: str,
    message: str,
) -> None:
    issued = issue_user(
        ca,
        user_id="u-dates",
        name="李四",
        role="inspector",
        branch="江汉支行",
        passphrase=PASSPHRASE,
        days=days,
        now=NOW - dt.timedelta(days=issued_days_before),
    )
    with pytest.raises(CertificateRefused, match=message) as raised:
        store.import_pkcs12(issued.pkcs12, PASSPHRASE)
    assert raised.value.reason == reason
    assert raised.value.not_after == issued.certificate.not_valid_after_utc
    assert not (store.folder / "u-dates.p12").exists()


def test_a_certificate_without_non_repudiation_is_refused(
    store: KeyStore, ca: CertificateAuthority
) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "王五")]))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=100))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca.private_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"x", key, cert, [ca.certificate], pkcs12_encryption(PASSPHRASE.encode())
    )
    with pytest.raises(CertificateRefused, match="key usage lacks nonRepudiation") as raised:
        store.import_pkcs12(data, PASSPHRASE)
    assert raised.value.reason == "key_usage"


def test_without_the_head_office_certificate_nothing_is_imported(
    tmp_path: Path, zhangsan: bytes
) -> None:
    store = KeyStore.for_data_dir(tmp_path, now=lambda: NOW)
    with pytest.raises(TrustAnchorMissing, match="head-office CA certificate is not installed"):
        store.import_pkcs12(zhangsan, PASSPHRASE)
    assert not any(tmp_path.rglob("*.p12"))


def test_only_a_ca_certificate_can_be_the_trust_anchor(
    tmp_path: Path, ca: CertificateAuthority
) -> None:
    user = issue_user(
        ca,
        user_id="u-anchor",
        name="赵六",
        role="inspector",
        branch="江汉支行",
        passphrase=PASSPHRASE,
        now=NOW,
    )
    store = KeyStore.for_data_dir(tmp_path)
    with pytest.raises(InvalidInput, match="not a CA certificate"):
        store.install_trust_anchor(user.certificate.public_bytes(serialization.Encoding.DER))
    with pytest.raises(InvalidInput, match=r"not an X\.509 certificate"):
        store.install_trust_anchor(b"-----BEGIN CERTIFICATE-----\nnonsense\n")
    assert not store.trust_anchor_path.exists()


def test_load_refuses_an_unknown_user_and_a_certificate_expired_since_import(
    tmp_path: Path, ca: CertificateAuthority, zhangsan: bytes
) -> None:
    clock = [NOW]
    store = KeyStore.for_data_dir(tmp_path, now=lambda: clock[0])
    store.install_trust_anchor(ca.certificate.public_bytes(serialization.Encoding.PEM))
    store.import_pkcs12(zhangsan, PASSPHRASE)
    with pytest.raises(KeyNotImported, match="no key was imported for user u-lisi"):
        store.load("u-lisi", PASSPHRASE)
    clock[0] = NOW + dt.timedelta(days=800)
    with pytest.raises(CertificateRefused, match="expired on"):
        store.load("u-zhangsan", PASSPHRASE)


def test_a_full_disk_leaves_the_stored_key_as_it_was(
    store: KeyStore, zhangsan: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_pkcs12(zhangsan, PASSPHRASE)
    before = files(store.folder)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFull, match="disk is full"):
        store.import_pkcs12(zhangsan, PASSPHRASE)
    monkeypatch.undo()
    assert files(store.folder) == before  # no temp files left, nothing half-written
    assert store.load("u-zhangsan", PASSPHRASE).info.name == "张三"


def test_demo_signers_are_three_people_ready_to_sign(tmp_path: Path) -> None:
    demo = demo_signers(tmp_path, inspector_b="钱七", now=lambda: NOW)
    assert {role: key.info.name for role, key in demo.keys.items()} == {
        "inspector_a": "张三",
        "inspector_b": "钱七",
        "supervisor": "王五",
    }
    assert demo.trust_anchor_path == tmp_path / "keys" / "headoffice-ca.pem"
    for key in demo.keys.values():
        key.certificate.verify_directly_issued_by(demo.trust_anchor)
