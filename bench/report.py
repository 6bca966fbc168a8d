"""Report speed and size: an inspection with 40 twelve-megapixel photos, against naive
baselines measured in the same run.

    python bench/report.py [--photos 40] [--runs 3] [--out REPORT.pdf]

Uses the synthetic 4000x3000 JPEGs of bench/photo_import.py, each given a mark of its own so
that no two photos have the same report rendition (its generator repeats pictures, which the
report would embed once); made once in bench/.cache/report-photos-v1.1. In a fresh data
folder with the demo portfolio: a mortgage loan's inspection with every shown item answered
and collateral notes (services.report_sample), the photos imported through the real
PhotoService (originals, report renditions, thumbnails in the blob store), then:

- ``report_s``: ``ReportService.unsigned`` — gather the content from the services and lay out
  the whole report (header, QR code, every section, collateral, conclusion, signature boxes,
  photo appendix with the report renditions' JPEG bytes embedded as they are); the median of
  ``--runs`` runs after one warm-up. ``report_first_s`` is that first run, which also imports
  ReportLab and registers the font. ``report_mb``: the PDF's size.
- ``naive_s``, ``naive_mb``: the obvious way to put the photos in a PDF with ReportLab — each
  original opened with Pillow, turned upright (EXIF orientation) and drawn with
  ``canvas.drawImage(ImageReader(image))``, four to a page, ReportLab's defaults. It draws
  only the photos, no text at all, so it does less than the report.
- ``naive_files_s``, ``naive_files_mb``: ReportLab drawing the original files by name
  (``drawImage("IMG_0001.jpg")``): JPEG passed through, but the full 12-megapixel originals
  (ASCII85-encoded by default) and photos shown sideways when the camera was turned.

``renditions_mb`` is what the photos' report renditions weigh together, the floor of
``report_mb``. ``speed_ratio`` = naive_s / report_s and ``size_ratio`` = naive_mb / report_mb
(goals: both ≥ 10, with report_s ≤ 1.5 and report_mb ≤ 10).

Signing, with the demo keys the demo folder makes (the keys opened beforehand: opening one
costs its PBKDF2, about 0.05 s):

- ``sign3_s``: the laid-out report with its three empty fields signed as inspector A (who
  certifies it), inspector B and the supervisor by incremental update, each with a
  handwritten PNG (``reports.signing.sign_in_order``); the median of ``--runs`` runs after
  one warm-up (goal ≤ 0.5). ``signed_mb``: the report with its three signatures.
- ``sign3_service_s``: the same three signatures through ``ReportService.sign`` and
  ``countersign``, as the app makes them — A's call also checks the inspection, lays the
  report out (``report_s``) and checks nothing changed meanwhile; each opens the signer's key
  with the passphrase, writes the PDF to the blob store (fsync) and records it with the state
  change in one transaction. One run.

The last line printed is one JSON object.
"""

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from photo_import import GENERATOR, generate  # noqa: E402

from postloan_desktop.services.demo_keys import DEMO_KEY_PASSPHRASE  # noqa: E402
from postloan_desktop.services.report_sample import (  # noqa: E402
    handwriting,
    prepare_sample,
    sign_sample,
)

PAGE_W, PAGE_H = 595.28, 841.89
DISTINCT = 1  # bump when the marked copies change
CELL_W, CELL_H = 240.0, 232.0


def distinct(paths: list[Path], folder: Path) -> list[Path]:
    """A copy of each photo with its number drawn on it, EXIF kept."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n, path in enumerate(paths):
        target = folder / path.name
        out.append(target)
        if target.exists():
            continue
        with Image.open(path) as image:
            exif = image.info.get("exif", b"")
            marked = image.convert("RGB")
        draw = ImageDraw.Draw(marked)
        for bit in range(8):  # the photo's number in light and dark squares
            shade = 255 if n >> bit & 1 else 0
            draw.rectangle((100 + bit * 220, 100, 300 + bit * 220, 300), fill=(shade,) * 3)
        tmp = target.with_suffix(".tmp")
        marked.save(tmp, "JPEG", quality=92, exif=exif)
        tmp.replace(target)
    return out


def _naive(paths: list[Path], upright: bool) -> bytes:
    """Four photos a page, each drawn from its original file."""
    from PIL import Image, ImageOps
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    for n, path in enumerate(paths):
        if n and n % 4 == 0:
            canvas.showPage()
        x = 51 + (n % 2) * (CELL_W + 10)
        y = PAGE_H - 80 - (n % 4 // 2 + 1) * (CELL_H + 60)
        if upright:
            with Image.open(path) as image:
                picture = ImageOps.exif_transpose(image)
            w, h = picture.size
            scale = min(CELL_W / w, CELL_H / h)
            canvas.drawImage(ImageReader(picture), x, y, w * scale, h * scale)
        else:
            canvas.drawImage(str(path), x, y, CELL_W, CELL_W * 3 / 4)
        canvas.drawString(x, y - 14, path.name)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _sign_three(sample: Any, laid: Any, runs: int) -> tuple[float, bytes]:
    """The median time of signing the laid-out report three times, and the signed PDF."""
    from postloan_desktop.reports.fonts import cjk_font
    from postloan_desktop.reports.keys import KeyStore
    from postloan_desktop.reports.signing import add_signature_fields, sign_in_order

    reports = sample.reports
    people = {
        "inspector_a": sample.inspector_id,
        "inspector_b": sample.officer_b_id,
        "supervisor": sample.supervisor_id,
    }
    store = KeyStore.for_data_dir(sample.services.data_dir.root)
    keys = {}
    for role, user in people.items():
        reports.key_status(user)  # the demo key, made on first use
        keys[role] = store.load(str(user), DEMO_KEY_PASSPHRASE)
    ink = {role: handwriting(n) for n, role in enumerate(people)}
    font = cjk_font(reports.font)
    pdf = add_signature_fields(laid.pdf, laid.signature_boxes)
    signed = sign_in_order(pdf, keys, handwriting=ink, font=font)  # warm-up: pyHanko loads
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        signed = sign_in_order(pdf, keys, handwriting=ink, font=font)
        times.append(time.perf_counter() - start)
    return statistics.median(times), signed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the report PDF here")
    options = parser.parse_args()

    cache = HERE / ".cache"
    t0 = time.perf_counter()
    paths = distinct(
        generate(cache / f"photos-v{GENERATOR}", options.photos),
        cache / f"report-photos-v{GENERATOR}.{DISTINCT}",
    )
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{len(paths)} photos, {size_mb:.0f} MB ({time.perf_counter() - t0:.1f} s to prepare)")

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        sample = prepare_sample(root / "data", photo_files=paths)
        print(f"inspection with {len(paths)} photos imported ({time.perf_counter() - t0:.1f} s)")
        reports, inspection = sample.reports, sample.inspection_id

        start = time.perf_counter()
        laid = reports.unsigned(inspection)
        first_s = time.perf_counter() - start
        times = []
        for _ in range(options.runs):
            start = time.perf_counter()
            laid = reports.unsigned(inspection)
            times.append(time.perf_counter() - start)
        report_s = statistics.median(times)
        report_mb = len(laid.pdf) / 1e6
        if options.out is not None:
            options.out.write_bytes(laid.pdf)
        renditions = {p.sha256 for p in reports.content(inspection, draft=False).photos}
        blobs = sample.services.photos
        rendition_bytes = sum(len(blobs.blob(sha)) for sha in renditions)
        print(f"report: {report_s:.3f} s (first {first_s:.3f} s), {report_mb:.2f} MB, "
              f"{laid.page_count} pages, {len(renditions)} distinct renditions")  # fmt: skip

        sign3_s, signed = _sign_three(sample, laid, options.runs)
        print(f"sign x3: {sign3_s:.3f} s, {len(signed) / 1e6:.2f} MB")
        start = time.perf_counter()
        sign_sample(sample)
        sign3_service_s = time.perf_counter() - start
        print(f"sign x3 through the service: {sign3_service_s:.3f} s")

        start = time.perf_counter()
        naive = _naive(paths, upright=True)
        naive_s = time.perf_counter() - start
        print(f"naive: {naive_s:.2f} s, {len(naive) / 1e6:.1f} MB")
        start = time.perf_counter()
        naive_files = _naive(paths, upright=False)
        naive_files_s = time.perf_counter() - start
        print(f"naive files: {naive_files_s:.2f} s, {len(naive_files) / 1e6:.1f} MB")

    result = {
        "photos": len(paths),
        "pages": laid.page_count,
        "renditions_mb": round(rendition_bytes / 1e6, 2),
        "report_s": round(report_s, 3),
        "report_first_s": round(first_s, 3),
        "report_mb": round(report_mb, 2),
        "naive_s": round(naive_s, 2),
        "naive_mb": round(len(naive) / 1e6, 1),
        "naive_files_s": round(naive_files_s, 2),
        "naive_files_mb": round(len(naive_files) / 1e6, 1),
        "speed_ratio": round(naive_s / report_s, 1),
        "size_ratio": round(len(naive) / len(laid.pdf), 1),
        "sign3_s": round(sign3_s, 3),
        "signed_mb": round(len(signed) / 1e6, 2),
        "sign3_service_s": round(sign3_service_s, 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
