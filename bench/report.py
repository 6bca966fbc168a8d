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
(goals: both ≥ 10, with report_s ≤ 1.5 and report_mb ≤ 10). ``sign3_s`` (signing three times)
is null until signing is added. The last line printed is one JSON object.
"""

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from photo_import import GENERATOR, generate  # noqa: E402

from postloan_desktop.services.report_sample import prepare_sample  # noqa: E402

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
        "sign3_s": None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
