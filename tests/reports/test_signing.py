"""Signing a report: three empty fields, inspector A certifies, B and the supervisor sign by
incremental update; visible stamps in Chinese; what is refused; and what independent tools
(poppler's pdfsig, qpdf) make of the result."""

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
import signing_support as support
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader

from postloan_desktop.domain.errors import Conflict, InvalidInput, NotAllowed
from postloan_desktop.reports.keys import CertificateRefused, DemoSigners, LoadedKey, demo_signers
from postloan_desktop.reports.signing import (
    ROLE_LABELS,
    SIGNING_ORDER,
    add_signature_fields,
    sign_in_order,
    sign_report,
    signature_fields,
)

WHEN = {
    "inspector_a": support.NOW + dt.timedelta(minutes=5),
    "inspector_b": support.NOW + dt.timedelta(minutes=20),
    "supervisor": support.NOW + dt.timedelta(hours=3),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSigners:
    return demo_signers(tmp_path_factory.mktemp("demo"), now=lambda: support.NOW)


@pytest.fixture(scope="module")
def laid_out() -> bytes:
    """The report as the layout makes it, with its three signature fields."""
    return add_signature_fields(support.report_pdf(), support.BOXES)


@pytest.fixture(scope="module")
def steps(laid_out: bytes, demo: DemoSigners) -> dict[str, bytes]:
    """The report after each signature."""
    pdf, after = laid_out, {}
    for role in SIGNING_ORDER:
        pdf = sign_report(
            pdf,
            role=role,
            signer=demo.keys[role],
            handwriting_png=support.handwriting_png() if role != "inspector_b" else None,
            when=WHEN[role],
            font=support.font(),
            location="武汉",
        )
        after[role] = pdf
    return after


@pytest.fixture(scope="module")
def signed(steps: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("signed") / "report.pdf"
    path.write_bytes(steps["supervisor"])
    return path


@pytest.fixture(scope="module")
def nss(demo: DemoSigners, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return support.nss_database(tmp_path_factory.mktemp("nss"), demo.trust_anchor_path)


def test_the_fields_are_added_after_the_laid_out_bytes(laid_out: bytes) -> None:
    original = support.report_pdf()
    assert laid_out.startswith(original)  # an incremental update: the layout is untouched
    fields = signature_fields(laid_out)
    assert list(fields) == ["inspector_a", "inspector_b", "supervisor"]
    for role, (page, box) in support.BOXES.items():
        assert (fields[role].page, fields[role].box, fields[role].signed) == (page, box, False)
    with pytest.raises(Conflict, match="has a 检查人A角 signature field already"):
        add_signature_fields(laid_out, {"inspector_a": support.BOXES["inspector_a"]})
    with pytest.raises(InvalidInput, match="page 5 is not in the report"):
        add_signature_fields(original, {"a": (5, (10.0, 10.0, 200.0, 80.0))})
    with pytest.raises(InvalidInput, match="unknown signature role 'witness'"):
        add_signature_fields(original, {"witness": (0, (10.0, 10.0, 200.0, 80.0))})


def test_each_signature_is_an_incremental_update(laid_out: bytes, steps: dict[str, bytes]) -> None:
    previous = laid_out
    for role in SIGNING_ORDER:
        assert steps[role].startswith(previous), role
        previous = steps[role]
    fields = signature_fields(steps["supervisor"])
    assert all(field.signed for field in fields.values())
    assert not signature_fields(steps["inspector_a"])["inspector_b"].signed


def test_a_certifies_with_fill_forms_and_the_signatures_are_pades(
    steps: dict[str, bytes], demo: DemoSigners
) -> None:
    reader = PdfFileReader(io.BytesIO(steps["supervisor"]))
    perms = reader.root["/Perms"]["/DocMDP"]
    assert perms["/Reference"][0]["/TransformParams"]["/P"] == 2  # fill forms and sign
    embedded = reader.embedded_signatures
    assert [s.field_name for s in embedded] == list(SIGNING_ORDER)
    for signature in embedded:
        role = signature.field_name
        assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
        assert signature.md_algorithm == "sha256"
        assert signature.self_reported_timestamp == WHEN[role]
        assert signature.sig_object["/Name"] == demo.keys[role].info.name
        assert signature.sig_object["/Location"] == "武汉"
        assert signature.signer_cert.dump() == demo.keys[role].certificate.public_bytes(
            serialization.Encoding.DER
        )
    # The supervisor's field locks the report once signed (DocMDP P=1 through /Lock).
    lock = embedded[2].sig_field["/Lock"]
    assert lock["/Action"] == "/All" and lock["/P"] == 1


def _stamp_xobject_fonts(pdf: bytes, role: str) -> tuple[str, bool, bool]:
    """The text the stamp's embedded font maps back to Unicode, whether the font program is
    embedded, and whether the stamp holds an image with a soft mask (transparency)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    fields = [ref.get_object() for ref in reader.root["/AcroForm"]["/Fields"]]
    field = next(f for f in fields if f["/T"] == role)
    appearance = field["/AP"]["/N"]
    mapped, embedded, masked = "", True, False

    def walk(xobject: object) -> None:
        nonlocal mapped, embedded, masked
        resources = xobject["/Resources"]  # type: ignore[index]
        fonts = resources["/Font"].get_object() if "/Font" in resources else {}
        for font in fonts.values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"]
            embedded = embedded and "/FontFile2" in descriptor
            cmap = font["/ToUnicode"].data.decode("latin-1")
            for hex_code in re.findall(r"<([0-9A-Fa-f]{4})>\s*$", cmap, flags=re.M):
                mapped += chr(int(hex_code, 16))
        xobjects = resources["/XObject"].get_object() if "/XObject" in resources else {}
        for inner in xobjects.values():
            inner = inner.get_object()
            if inner["/Subtype"] == "/Image":
                masked = masked or "/SMask" in inner
            else:
                walk(inner)

    walk(appearance)
    return mapped, embedded, masked


@pytest.mark.parametrize("role", SIGNING_ORDER)
def test_the_stamp_shows_name_role_and_time_in_an_embedded_chinese_font(
    steps: dict[str, bytes], demo: DemoSigners, role: str
) -> None:
    mapped, embedded, masked = _stamp_xobject_fonts(steps["supervisor"], role)
    local = WHEN[role].astimezone()
    for text in (demo.keys[role].info.name, ROLE_LABELS[role], f"{local:%Y-%m-%d %H:%M}"):
        assert set(text) <= set(mapped), (text, mapped)
    assert embedded
    # inspector B signed without a handwritten image: the name is written large instead
    assert masked == (role != "inspector_b")


def test_the_stamps_are_drawn_on_the_page(signed: Path, tmp_path: Path) -> None:
    """Rendered by poppler: each stamp's box has ink, outside them the page is as laid out."""
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-f", "2", "-l", "2", str(signed), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    page = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    height = page.height
    for role, (_page, (x1, y1, x2, y2)) in support.BOXES.items():
        box = page.crop((int(x1), int(height - y2), int(x2), int(height - y1)))
        dark = sum(1 for value in box.tobytes() if value < 128)
        assert dark > 150, (role, dark)


def test_signing_out_of_order_twice_or_as_the_same_person_is_refused(
    laid_out: bytes, steps: dict[str, bytes], demo: DemoSigners
) -> None:
    common = {"font": support.font(), "when": WHEN["supervisor"]}
    with pytest.raises(NotAllowed, match="检查人A角 must sign before the 检查人B角"):
        sign_report(laid_out, role="b", signer=demo.keys["inspector_b"], **common)
    with pytest.raises(NotAllowed, match="检查人B角 must sign before the 审批人"):
        sign_report(
            steps["inspector_a"], role="supervisor", signer=demo.keys["supervisor"], **common
        )
    with pytest.raises(Conflict, match="signed by the 检查人A角 already"):
        sign_report(steps["inspector_a"], role="a", signer=demo.keys["inspector_a"], **common)
    with pytest.raises(NotAllowed, match="张三 has signed this report already"):
        sign_report(steps["inspector_a"], role="b", signer=demo.keys["inspector_a"], **common)


def _expired(key: LoadedKey) -> dt.datetime:
    return key.certificate.not_valid_after_utc + dt.timedelta(days=1)


def test_an_expired_or_not_yet_valid_certificate_cannot_sign(
    laid_out: bytes, demo: DemoSigners
) -> None:
    key = demo.keys["inspector_a"]
    end = key.certificate.not_valid_after_utc
    with pytest.raises(CertificateRefused, match=f"expired on {end:%Y-%m-%d %H:%M} UTC") as raised:
        sign_report(laid_out, role="a", signer=key, when=_expired(key), font=support.font())
    assert raised.value.reason == "expired"
    before = key.certificate.not_valid_before_utc - dt.timedelta(minutes=1)
    with pytest.raises(CertificateRefused, match="not valid yet"):
        sign_report(laid_out, role="a", signer=key, when=before, font=support.font())


def test_bad_input_is_refused_before_anything_is_signed(laid_out: bytes, demo: DemoSigners) -> None:
    key = demo.keys["inspector_a"]
    with pytest.raises(InvalidInput, match="not a readable PNG"):
        sign_report(laid_out, role="a", signer=key, handwriting_png=b"\x89PNG broken")
    with pytest.raises(InvalidInput, match="must be a PNG"):
        jpeg = io.BytesIO()
        from PIL import Image

        Image.new("RGB", (10, 10)).save(jpeg, "JPEG")
        sign_report(laid_out, role="a", signer=key, handwriting_png=jpeg.getvalue())
    with pytest.raises(InvalidInput, match="not a readable PDF"):
        sign_report(b"%PDF-1.7\nnonsense", role="a", signer=key, font=support.font())
    with pytest.raises(InvalidInput, match="has no 检查人A角 signature field"):
        sign_report(support.report_pdf(), role="a", signer=key, font=support.font())
    with pytest.raises(InvalidInput, match="unknown signature role"):
        sign_report(laid_out, role="c", signer=key, font=support.font())
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_report(laid_out, role="a", signer=key, when=dt.datetime(2026, 11, 28, 10, 0))


def test_the_default_font_is_the_report_font(laid_out: bytes, demo: DemoSigners) -> None:
    """Without ``font``, the stamp uses ``reports.fonts.cjk_font()`` (the layout's font)."""
    pdf = sign_report(laid_out, role="a", signer=demo.keys["inspector_a"], when=WHEN["inspector_a"])
    mapped, embedded, _masked = _stamp_xobject_fonts(pdf, "inspector_a")
    assert set("张三检查人A角") <= set(mapped) and embedded


def test_pdfsig_finds_every_signature_valid_and_trusted(signed: Path, nss: Path) -> None:
    """poppler (NSS) with the head-office CA as its only trusted root."""
    signatures = support.pdfsig(signed, nss)
    assert [s.field for s in signatures] == list(SIGNING_ORDER)
    for s in signatures:
        assert s.signature == "Signature is Valid.", s
        assert s.certificate == "Certificate is Trusted.", s
    assert [s.whole_document for s in signatures] == [False, False, True]


def test_pdfsig_and_qpdf_fail_after_one_changed_byte(
    signed: Path, nss: Path, tmp_path: Path
) -> None:
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(support.flip_byte_in_first_page(signed.read_bytes()))
    signatures = support.pdfsig(tampered, nss)
    assert len(signatures) == 3
    for s in signatures:
        assert s.signature == "Digest Mismatch.", s
    check = support.qpdf_check(tampered)
    # 2: errors, 3: warnings; the damaged page content is named either way
    assert check.returncode in (2, 3), check.stdout
    assert "(content" in check.stderr, check.stderr


def test_qpdf_finds_the_signed_report_sound(signed: Path) -> None:
    check = support.qpdf_check(signed)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout


def test_sign_in_order_signs_all_three(laid_out: bytes, demo: DemoSigners) -> None:
    pdf = sign_in_order(
        laid_out,
        demo.keys,
        handwriting={"inspector_a": support.handwriting_png()},
        when=WHEN["inspector_b"],
        font=support.font(),
    )
    assert [f.signed for f in signature_fields(pdf).values()] == [True, True, True]


@pytest.fixture
def rsa_key(demo: DemoSigners) -> LoadedKey:
    """Inspector B with an RSA-2048 key, issued by the same demo CA."""
    from headoffice.ca import DEMO_CA_PASSPHRASE, issue_user, load_ca
    from postloan_desktop.reports.keys import open_pkcs12

    ca = load_ca(demo.trust_anchor_path.parent.parent / "ca", passphrase=DEMO_CA_PASSPHRASE)
    issued = issue_user(
        ca,
        user_id="demo-rsa",
        name="孙八",
        role="inspector",
        branch="江汉支行",
        passphrase="rsa passphrase",
        key_type="rsa",
        now=support.NOW,
    )
    return open_pkcs12(issued.pkcs12, "rsa passphrase")


def test_an_rsa_key_signs_too(steps: dict[str, bytes], rsa_key: LoadedKey) -> None:
    pdf = sign_report(
        steps["inspector_a"],
        role="b",
        signer=rsa_key,
        when=WHEN["inspector_b"],
        font=support.font(),
    )
    reader = PdfFileReader(io.BytesIO(pdf))
    assert reader.embedded_signatures[1].signer_cert.public_key.algorithm == "rsa"


def test_a_signature_larger_than_the_room_reserved_is_measured_and_signed(
    laid_out: bytes, demo: DemoSigners, monkeypatch: pytest.MonkeyPatch
) -> None:
    from postloan_desktop.reports import signing
    from postloan_desktop.reports.verify import verify_report

    monkeypatch.setattr(signing, "_reserve", lambda key: 64)
    pdf = sign_report(
        laid_out,
        role="a",
        signer=demo.keys["inspector_a"],
        when=WHEN["inspector_a"],
        font=support.font(),
    )
    result = verify_report(pdf, trust=[demo.trust_anchor])
    assert result.ok and result.signatures[0].intact
