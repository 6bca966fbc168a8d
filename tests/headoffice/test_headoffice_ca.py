"""Head office's CA: the root, users' keys and certificates, the PKCS#12 files handed out."""

import datetime as dt
import json
import stat
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import pem as asn1_pem
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from headoffice.ca import (
    CA_KEY_ITERATIONS,
    ID_KP_DOCUMENT_SIGNING,
    CAError,
    CertificateAuthority,
    demo_ca,
    init_ca,
    issue_user,
    load_ca,
)

PASSPHRASE = "correct horse battery"
USER_PASSPHRASE = "张三的口令 2026"


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> CertificateAuthority:
    return init_ca(
        tmp_path_factory.mktemp("ca"),
        bank="示例农村商业银行",
        passphrase=PASSPHRASE,
        crl_url="https://ca.example-bank.cn/postloan/ca.crl",
    )


def test_the_root_is_a_ca_for_certificates_and_crls_only(ca: CertificateAuthority) -> None:
    cert = x509.load_pem_x509_certificate((ca.directory / "ca-cert.pem").read_bytes())
    assert cert == ca.certificate
    assert cert.subject == cert.issuer
    cert.verify_directly_issued_by(cert)  # self-signed
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length == 0
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.key_cert_sign and usage.value.crl_sign
    assert not usage.value.digital_signature and not usage.value.content_commitment
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == (
        "示例农村商业银行"
    )
    assert cert.not_valid_after_utc - cert.not_valid_before_utc >= dt.timedelta(days=7300)


def test_the_root_key_is_encrypted_with_many_pbkdf2_iterations(ca: CertificateAuthority) -> None:
    key_file = ca.directory / "ca-key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    kind, _headers, der = asn1_pem.unarmor(key_file.read_bytes())
    assert kind == "ENCRYPTED PRIVATE KEY"
    algorithm = asn1_keys.EncryptedPrivateKeyInfo.load(der)["encryption_algorithm"]
    assert algorithm["algorithm"].native == "pbes2"
    params = algorithm["parameters"]
    assert params["encryption_scheme"]["algorithm"].native == "aes256_cbc"
    kdf = params["key_derivation_func"]["parameters"]
    assert kdf["iteration_count"].native == CA_KEY_ITERATIONS >= 600_000
    assert kdf["prf"]["algorithm"].native == "sha256"
    # and OpenSSL (through cryptography) reads it with the passphrase only
    with pytest.raises(TypeError, match="encrypted"):
        serialization.load_pem_private_key(key_file.read_bytes(), None)
    key = serialization.load_pem_private_key(key_file.read_bytes(), PASSPHRASE.encode())
    assert isinstance(key, ec.EllipticCurvePrivateKey)


def test_load_needs_the_right_passphrase(ca: CertificateAuthority) -> None:
    loaded = load_ca(ca.directory, passphrase=PASSPHRASE)
    assert loaded.certificate == ca.certificate
    assert loaded.crl_url == ca.crl_url
    with pytest.raises(CAError, match="wrong CA passphrase"):
        load_ca(ca.directory, passphrase="not the passphrase")


def test_init_never_overwrites_a_ca_and_wants_a_real_passphrase(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    before = (ca.directory / "ca-key.pem").read_bytes()
    with pytest.raises(CAError, match="already holds a CA"):
        init_ca(ca.directory, bank="Other", passphrase=PASSPHRASE)
    assert (ca.directory / "ca-key.pem").read_bytes() == before
    with pytest.raises(CAError, match="at least 8 characters"):
        init_ca(tmp_path / "new", bank="示例银行", passphrase="short")
    with pytest.raises(CAError, match="bank"):
        init_ca(tmp_path / "new", bank="  ", passphrase=PASSPHRASE)
    assert not (tmp_path / "new" / "ca-key.pem").exists()


def test_a_user_certificate_can_sign_documents_and_names_the_person(
    ca: CertificateAuthority,
) -> None:
    issued = issue_user(
        ca,
        user_id="0b7e8f52-4a1c-4d59-9b1e-2f7d0c3a9e11",
        name="张三",
        role="inspector",
        branch="江汉支行",
        passphrase=USER_PASSPHRASE,
        days=365,
    )
    cert = issued.certificate
    cert.verify_directly_issued_by(ca.certificate)
    subject = {attr.oid: attr.value for attr in cert.subject}
    assert subject == {
        NameOID.COMMON_NAME: "张三",
        NameOID.ORGANIZATION_NAME: "示例农村商业银行",
        NameOID.ORGANIZATIONAL_UNIT_NAME: "江汉支行",
        NameOID.TITLE: "inspector",
        NameOID.USER_ID: "0b7e8f52-4a1c-4d59-9b1e-2f7d0c3a9e11",
    }
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    extended = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert set(extended) == {ID_KP_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION}
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert points[0].full_name == [x509.UniformResourceIdentifier(ca.crl_url or "")]
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == dt.timedelta(days=365)
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert cert.public_key().curve.name == "secp256r1"  # type: ignore[union-attr]
    assert cert.serial_number > 2**63  # random, not a counter


def test_the_pkcs12_file_opens_only_with_its_passphrase_and_uses_aes(
    ca: CertificateAuthority,
) -> None:
    issued = issue_user(
        ca,
        user_id="u-2",
        name="李四",
        role="supervisor",
        branch="洪山支行",
        passphrase=USER_PASSPHRASE,
    )
    with pytest.raises(ValueError):
        pkcs12.load_pkcs12(issued.pkcs12, b"wrong passphrase")
    bundle = pkcs12.load_pkcs12(issued.pkcs12, USER_PASSPHRASE.encode())
    assert bundle.cert is not None and bundle.cert.certificate == issued.certificate
    assert bundle.key is not None
    assert [c.certificate for c in bundle.additional_certs] == [ca.certificate]
    # Every encrypted bag is PBES2 with AES-256 (no RC2 or 3DES), the MAC HMAC-SHA256.
    pfx = asn1_pkcs12.Pfx.load(issued.pkcs12)
    assert pfx["mac_data"]["mac"]["digest_algorithm"]["algorithm"].native == "sha256"
    schemes = set()
    for content in pfx.authenticated_safe:
        if content["content_type"].native == "encrypted_data":
            algorithm = content["content"]["encrypted_content_info"]["content_encryption_algorithm"]
            schemes.add(algorithm.encryption_cipher + str(algorithm.key_length))
            continue
        for bag in asn1_pkcs12.SafeContents.load(content["content"].native):
            if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                algorithm = bag["bag_value"]["encryption_algorithm"]
                schemes.add(algorithm.encryption_cipher + str(algorithm.key_length))
    assert schemes and schemes <= {"aes32"}


def test_rsa_keys_on_request(ca: CertificateAuthority) -> None:
    issued = issue_user(
        ca,
        user_id="u-rsa",
        name="王五",
        role="inspector",
        branch="江汉支行",
        passphrase=USER_PASSPHRASE,
        key_type="rsa",
    )
    key = issued.certificate.public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048


def test_every_certificate_is_recorded(ca: CertificateAuthority) -> None:
    issued = issue_user(
        ca,
        user_id="u-record",
        name="赵六",
        role="inspector",
        branch="东湖高新支行",
        passphrase=USER_PASSPHRASE,
    )
    serial = f"{issued.certificate.serial_number:x}"
    recorded = x509.load_pem_x509_certificate(
        (ca.directory / "issued" / f"{serial}.pem").read_bytes()
    )
    assert recorded == issued.certificate
    lines = (ca.directory / "issued" / "issued.jsonl").read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[-1])
    assert entry["serial"] == serial
    assert (entry["user_id"], entry["name"], entry["role"], entry["branch"]) == (
        "u-record",
        "赵六",
        "inspector",
        "东湖高新支行",
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"role": "president"}, "unknown role"),
        ({"name": " "}, "name is empty"),
        ({"passphrase": "1234567"}, "at least 8 characters"),
        ({"days": 365 * 30}, "outlive the CA certificate"),
        ({"key_type": "dsa"}, "unknown key type"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(
    ca: CertificateAuthority, change: dict[str, object], message: str
) -> None:
    request: dict[str, object] = {
        "user_id": "u-bad",
        "name": "钱七",
        "role": "inspector",
        "branch": "江汉支行",
        "passphrase": USER_PASSPHRASE,
    }
    request.update(change)
    with pytest.raises(CAError, match=message):
        issue_user(ca, **request)  # type: ignore[arg-type]


def test_demo_ca_has_three_signers_with_fixed_names(tmp_path: Path) -> None:
    demo = demo_ca(tmp_path, inspector_a="周一", supervisor="吴三")
    assert sorted(demo.users) == ["inspector_a", "inspector_b", "supervisor"]
    names = {role: user.name for role, user in demo.users.items()}
    assert names == {"inspector_a": "周一", "inspector_b": "李四", "supervisor": "吴三"}
    for role, user in demo.users.items():
        assert user.pkcs12_path == tmp_path / f"{role}.p12"
        bundle = pkcs12.load_pkcs12(user.pkcs12_path.read_bytes(), user.passphrase.encode())
        assert bundle.cert is not None
        title = bundle.cert.certificate.subject.get_attributes_for_oid(NameOID.TITLE)[0].value
        assert title == ("supervisor" if role == "supervisor" else "inspector")
    assert demo.certificate_path.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
