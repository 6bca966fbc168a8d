"""``postloan verify`` and ``reports.verify``: a valid three-signature report passes; a changed
byte, a later change to the page, a signature after the supervisor's, a foreign CA do not."""

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import signing_support as support

from headoffice.ca import DEMO_CA_PASSPHRASE, init_ca, issue_user, load_ca
from postloan_desktop import cli
from postloan_desktop.reports.keys import DemoSigners, demo_signers, open_pkcs12
from postloan_desktop.reports.signing import SIGNING_ORDER, add_signature_fields, sign_report
from postloan_desktop.reports.verify import Changes, format_table, verify_report

WHEN = {
    "inspector_a": support.NOW + dt.timedelta(minutes=5),
    "inspector_b": support.NOW + dt.timedelta(minutes=20),
    "supervisor": support.NOW + dt.timedelta(hours=3),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSigners:
    return demo_signers(tmp_path_factory.mktemp("demo"), now=lambda: support.NOW)


@pytest.fixture(scope="module")
def steps(demo: DemoSigners) -> dict[str, bytes]:
    pdf = add_signature_fields(support.report_pdf(), support.BOXES)
    after = {"laid_out": pdf}
    for role in SIGNING_ORDER:
        pdf = sign_report(
            pdf,
            role=role,
            signer=demo.keys[role],
            handwriting_png=support.handwriting_png(),
            when=WHEN[role],
            font=support.font(),
        )
        after[role] = pdf
    return after


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("verify")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def postloan(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``postloan ARGS…`` in this process (``main`` as the console script calls it)."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def postloan_verify(
    postloan: Callable[..., Run], pdf: bytes, folder: Path, *args: str, trust: Path | None = None
) -> Run:
    path = folder / f"report-{hashlib.sha256(pdf).hexdigest()[:16]}.pdf"
    path.write_bytes(pdf)
    extra = ["--trust", str(trust)] if trust else []
    return postloan("verify", str(path), *extra, *args)


def test_the_three_signature_report_is_valid(steps: dict[str, bytes], demo: DemoSigners) -> None:
    result = verify_report(steps["supervisor"], trust=[demo.trust_anchor])
    assert result.ok, format_table(result)
    assert result.certification == "fill_forms"
    assert result.unsigned_fields == ()
    rows = [
        (s.field, s.role_label, s.signer, s.signed_at, s.intact, s.trusted, s.changes_after)
        for s in result.signatures
    ]
    assert rows == [
        ("inspector_a", "检查人A角", "张三", WHEN["inspector_a"], True, True, Changes.FORM_FILLING),
        ("inspector_b", "检查人B角", "李四", WHEN["inspector_b"], True, True, Changes.FORM_FILLING),
        ("supervisor", "审批人", "王五", WHEN["supervisor"], True, True, Changes.NONE),
    ]
    assert [s.certifies for s in result.signatures] == [True, False, False]


def test_postloan_verify_prints_a_table_and_exits_0(
    steps: dict[str, bytes], demo: DemoSigners, folder: Path, postloan: Callable[..., Run]
) -> None:
    run = postloan_verify(postloan, steps["supervisor"], folder, trust=demo.trust_anchor_path)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert "certified by 张三 (inspector_a)" in lines[0]
    assert "filling the remaining signature fields only" in lines[0]
    assert lines[1].split() == [
        "field", "role", "signer", "signed", "at", "(local", "time)", "intact", "trusted",
        "changes", "after",
    ]  # fmt: skip
    local = WHEN["inspector_a"].astimezone()
    assert lines[2].split()[:4] == ["inspector_a", "检查人A角", "张三", f"{local:%Y-%m-%d}"]
    assert lines[2].split()[-4:] == ["yes", "yes", "form", "filling"]
    assert lines[4].split()[-3:] == ["yes", "yes", "none"]
    assert lines[-1].startswith("VALID: 3 signatures intact, trusted")
    assert run.stderr == ""


def test_postloan_verify_json(
    steps: dict[str, bytes], demo: DemoSigners, folder: Path, postloan: Callable[..., Run]
) -> None:
    run = postloan_verify(
        postloan, steps["supervisor"], folder, "--json", trust=demo.trust_anchor_path
    )
    assert run.returncode == 0
    data = json.loads(run.stdout)
    assert data["ok"] is True and data["certified"] is True
    assert [s["role_label"] for s in data["signatures"]] == ["检查人A角", "检查人B角", "审批人"]
    assert [s["changes_after"] for s in data["signatures"]] == ["form_filling"] * 2 + ["none"]
    assert data["signatures"][0]["signed_at"] == WHEN["inspector_a"].isoformat()


def test_the_installed_trust_anchor_is_the_default(
    steps: dict[str, bytes], demo: DemoSigners, folder: Path, postloan: Callable[..., Run]
) -> None:
    data_dir = demo.trust_anchor_path.parent.parent  # DemoSigners keeps keys/ like a data dir
    path = folder / "default-trust.pdf"
    path.write_bytes(steps["supervisor"])
    run = postloan("--data-dir", str(data_dir), "verify", str(path))
    assert run.returncode == 0, run.stdout + run.stderr
    missing = postloan("--data-dir", str(folder), "verify", str(path))
    assert missing.returncode == 2
    assert "head-office CA certificate is not installed" in missing.stderr
    assert "give --trust CA.pem" in missing.stderr


def test_a_report_waiting_for_the_supervisor_is_valid_so_far(
    steps: dict[str, bytes], demo: DemoSigners
) -> None:
    result = verify_report(steps["inspector_b"], trust=[demo.trust_anchor])
    assert result.ok
    assert result.unsigned_fields == ("supervisor",)
    assert "not signed yet: supervisor (审批人)" in format_table(result)


def test_one_changed_byte_breaks_every_signature(
    steps: dict[str, bytes], demo: DemoSigners, folder: Path, postloan: Callable[..., Run]
) -> None:
    tampered = support.flip_byte_in_first_page(steps["supervisor"])
    result = verify_report(tampered, trust=[demo.trust_anchor])
    assert not result.ok
    assert [s.intact for s in result.signatures] == [False, False, False]
    run = postloan_verify(postloan, tampered, folder, trust=demo.trust_anchor_path)
    assert run.returncode == 1
    assert "the signed content was changed or the signature is broken" in run.stdout
    assert run.stdout.splitlines()[-1] == "NOT VALID"


def test_a_later_change_to_the_page_is_caught(
    steps: dict[str, bytes], demo: DemoSigners, folder: Path, postloan: Callable[..., Run]
) -> None:
    """Someone appends an incremental update that writes on the first page: the signatures
    still hash correctly (their bytes are untouched) but the change after them is not one
    the certification allows."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(steps["supervisor"]))
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (PAID IN FULL) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = io.BytesIO()
    writer.write(out)
    result = verify_report(out.getvalue(), trust=[demo.trust_anchor])
    assert not result.ok
    assert [s.intact for s in result.signatures] == [True, True, True]
    assert [s.changes_after for s in result.signatures] == [Changes.OTHER] * 3
    assert not any(s.changes_allowed for s in result.signatures)
    run = postloan_verify(postloan, out.getvalue(), folder, trust=demo.trust_anchor_path)
    assert run.returncode == 1
    assert "not allowed after a signature: other changes" in run.stdout


def test_nothing_may_be_signed_after_the_supervisor(
    steps: dict[str, bytes], demo: DemoSigners
) -> None:
    """A fourth signature by a certificate of the same CA, in a new field: the supervisor's
    field lock forbids it, and the certification allows only filling the existing fields."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from postloan_desktop.reports.signing import _pyhanko_signer

    ca = load_ca(demo.trust_anchor_path.parent.parent / "ca", passphrase=DEMO_CA_PASSPHRASE)
    issued = issue_user(
        ca,
        user_id="demo-late",
        name="孙八",
        role="supervisor",
        branch="江汉支行",
        passphrase="late passphrase",
        now=support.NOW,
    )
    late = open_pkcs12(issued.pkcs12, "late passphrase")
    writer = IncrementalPdfFileWriter(io.BytesIO(steps["supervisor"]))
    signed = signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(
            field_name="late", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
        ),
        signer=_pyhanko_signer(late),
        new_field_spec=fields.SigFieldSpec("late", box=(60, 40, 220, 100)),
    ).getvalue()
    result = verify_report(signed, trust=[demo.trust_anchor])
    assert not result.ok
    by_field = {s.field: s for s in result.signatures}
    assert by_field["late"].ok  # the late signature itself is fine…
    assert not by_field["supervisor"].changes_allowed  # …but not after the supervisor's


def test_a_certificate_from_another_ca_is_not_trusted(
    steps: dict[str, bytes], folder: Path, tmp_path: Path, postloan: Callable[..., Run]
) -> None:
    # A CA with the same name as head office's but another key, and one named otherwise.
    impostor = demo_signers(tmp_path / "impostor", now=lambda: support.NOW)
    other = init_ca(tmp_path / "other", bank="别的银行", passphrase="other passphrase")
    for anchor_path, reason in (
        (impostor.trust_anchor_path, "a certificate in the chain does not verify"),
        (other.certificate_path, "does not chain to the head-office CA"),
    ):
        run = postloan_verify(postloan, steps["supervisor"], folder, trust=anchor_path)
        assert run.returncode == 1
        assert run.stdout.count("not trusted: does not chain to the head-office CA") == 3
        assert reason in run.stdout
        assert "Traceback" not in run.stdout + run.stderr
    result = verify_report(steps["supervisor"], trust=[impostor.trust_anchor])
    assert [s.intact for s in result.signatures] == [True, True, True]
    assert [s.trusted for s in result.signatures] == [False, False, False]


def test_reports_without_signatures_or_not_pdf_are_not_valid(
    steps: dict[str, bytes], demo: DemoSigners, folder: Path, postloan: Callable[..., Run]
) -> None:
    unsigned = verify_report(steps["laid_out"], trust=[demo.trust_anchor])
    assert not unsigned.ok
    assert unsigned.problems == ("the report carries no signature",)
    assert unsigned.unsigned_fields == tuple(SIGNING_ORDER)
    run = postloan_verify(postloan, b"not a pdf at all", folder, trust=demo.trust_anchor_path)
    assert run.returncode == 1
    assert "problem: not a readable PDF" in run.stdout
    missing = postloan("verify", str(folder / "nope.pdf"))
    assert missing.returncode == 2
    assert f"cannot read {folder / 'nope.pdf'}: No such file or directory" in missing.stderr


def test_the_console_script_verifies_and_loads_no_pillow(
    steps: dict[str, bytes], demo: DemoSigners, folder: Path
) -> None:
    """``postloan`` starts without Pillow, pyHanko or ReportLab; verifying loads pyHanko but
    still not Pillow."""
    path = folder / "imports.pdf"
    path.write_bytes(steps["supervisor"])
    code = (
        "import sys\n"
        "from postloan_desktop import cli\n"
        "cli.build_parser().parse_args(['verify', 'x.pdf'])\n"
        "print(sorted(m for m in ('PIL', 'pyhanko', 'reportlab') if m in sys.modules))\n"
        "status = cli.main(sys.argv[1:])\n"
        "print(status, 'PIL' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "verify", str(path), "--trust", str(demo.trust_anchor_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = run.stdout.splitlines()
    assert (lines[0], lines[-1]) == ("[]", "0 False"), run.stdout + run.stderr
    assert lines[-2].startswith("VALID: 3 signatures")


def test_bytes_appended_outside_any_revision_are_caught(
    steps: dict[str, bytes], demo: DemoSigners
) -> None:
    """Readers ignore them and every signature still verifies, but it is not the signed file."""
    padded = steps["supervisor"] + b"\n% added later\n9 0 obj\n(PAID)\nendobj\n"
    result = verify_report(padded, trust=[demo.trust_anchor])
    assert [s.ok for s in result.signatures] == [True, True, True]
    assert result.problems == (
        "37 bytes were added after the last signature, outside any revision",
    )
    assert not result.ok
    # whitespace after %%EOF is not a change
    assert verify_report(steps["supervisor"] + b"\r\n", trust=[demo.trust_anchor]).ok
