"""Photo import speed: 100 twelve-megapixel JPEGs through the real service, against a naive
baseline and the decode floor, all measured in the same run.

    python bench/photo_import.py [--photos 100] [--workers N]   # N: the import's threads

Generates (once, cached in bench/.cache/photos) synthetic 4000x3000 JPEGs with EXIF capture
time, GPS and orientation (1, 6, 3 and 8 in turn), then in a fresh data folder with the demo
portfolio:

- ``ms_per_photo``: ``PhotoService.import_files`` into a draft inspection — read, SHA-256,
  one decode at the DCT scale the report needs, orientation, pHash, report (≤1600 px) and
  thumbnail (≤320 px) JPEGs, provenance checks, three atomic blob writes with fsync, and the
  records committed a few at a time;
- ``naive_ms_per_photo``: the obvious way, one file after another: for each rendition a full
  decode, ``exif_transpose`` and ``thumbnail``, then the same blob writes (no database, no
  pHash — the baseline does less than the service);
- ``floor_ms_per_photo``: each JPEG only decoded at the same DCT scale as the import uses
  (photos.scaling: 3/8 for 4000x3000), in parallel on all cores — what no import can beat;
  measured just before and just after the import, and averaged.

``vs_naive`` = naive / ours (goal ≥ 3), ``vs_floor`` = ours / floor (goal ≤ 1.5). The last
line printed is one JSON object.
"""

import argparse
import concurrent.futures as cf
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from common import BENCH_TODAY  # noqa: E402

from postloan_desktop.photos.renditions import REPORT_EDGE, THUMB_EDGE  # noqa: E402
from postloan_desktop.photos.scaling import decode_eighths, draft_jpeg  # noqa: E402

SIZE = (4000, 3000)
ORIENTATIONS = (1, 6, 3, 8)
GENERATOR = 1  # bump when the generated files change


def _texture(seed: int) -> Image.Image:
    """A photo-like 12 MP picture: sky and ground gradients, buildings, windows and grain,
    so that it compresses (about 3 MB at quality 92) and decodes like a real photo."""
    width, height = SIZE
    sky = Image.linear_gradient("L").resize((width, height // 2)).convert("RGB")
    sky = ImageOps.colorize(sky.convert("L"), (90, 140, 210), (200, 225, 245))
    ground = ImageOps.colorize(
        Image.linear_gradient("L").resize((width, height - height // 2)),
        (120, 110, 90),
        (60, 70, 50),
    )
    image = Image.new("RGB", SIZE)
    image.paste(sky, (0, 0))
    image.paste(ground, (0, height // 2))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x = (seed * 397 + i * 331) % (width - 400)
        w = 200 + (seed * 13 + i * 71) % 300
        top = height // 2 - 300 - (seed * 7 + i * 53) % 900
        shade = 90 + (seed * 11 + i * 37) % 120
        draw.rectangle((x, top, x + w, height // 2 + 200), fill=(shade, shade - 20, shade - 40))
        for wy in range(top + 30, height // 2 + 150, 60):
            for wx in range(x + 20, x + w - 30, 50):
                draw.rectangle((wx, wy, wx + 25, wy + 35), fill=(230, 220, 160))
    grain = Image.effect_noise(SIZE, 24).convert("RGB")
    return Image.blend(image, grain, 0.12).filter(ImageFilter.SMOOTH)


def generate(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    base = None
    for i in range(count):
        path = folder / f"IMG_{i:04d}.jpg"
        paths.append(path)
        if path.exists():
            continue
        if base is None or i % 10 == 0:
            base = _texture(i)
        picture = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT) if i % 2 else base
        exif = Image.Exif()
        exif[0x010F] = "Xiaomi"
        exif[0x0110] = "Redmi Note 13"
        exif[0x0112] = ORIENTATIONS[i % len(ORIENTATIONS)]
        taken = dt.datetime.combine(BENCH_TODAY, dt.time(9, 0)) + dt.timedelta(minutes=i)
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = "N", (31.0, 13.0, float(i % 60))
        gps[3], gps[4] = "E", (121.0, 28.0, 30.0)
        tmp = path.with_suffix(".tmp")
        picture.save(tmp, "JPEG", quality=92, exif=exif.tobytes())
        tmp.replace(path)
    return paths


def floor(paths: list[Path], workers: int) -> float:
    def decode(path: Path) -> None:
        with Image.open(path) as image:
            draft_jpeg(image, decode_eighths(image.size, REPORT_EDGE))
            image.load()

    start = time.perf_counter()
    with cf.ThreadPoolExecutor(workers) as pool:
        list(pool.map(decode, paths))
    return time.perf_counter() - start


def naive(paths: list[Path], blob_root: Path) -> float:
    from postloan_desktop.storage.blobstore import BlobStore

    blobs = BlobStore(blob_root)
    start = time.perf_counter()
    for path in paths:
        blobs.put_bytes(path.read_bytes())
        for edge in (REPORT_EDGE, THUMB_EDGE):
            with Image.open(path) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
            upright.thumbnail((edge, edge))
            out = blob_root / "out.jpg"
            upright.convert("RGB").save(out, "JPEG", quality=85)
            blobs.put_bytes(out.read_bytes())
    return time.perf_counter() - start


def ours(paths: list[Path], data_dir: Path, workers: int | None) -> tuple[float, int]:
    from sqlalchemy import select

    from postloan_desktop.domain.enums import Role
    from postloan_desktop.domain.ids import LoanId, UserId
    from postloan_desktop.services.bootstrap import open_services
    from postloan_desktop.storage.models import Loan, UserRole

    services = open_services(data_dir, today=BENCH_TODAY, demo=True)
    if workers:
        services.photos.workers = workers
    sessions = services.portfolio._sessions  # the bench reaches in for one lookup
    with sessions() as session:
        loan = session.execute(select(Loan).order_by(Loan.contract_no).limit(1)).scalar_one()
        inspector = (
            session.execute(
                select(UserRole.user_id).where(
                    UserRole.role == Role.INSPECTOR, UserRole.branch_id == loan.branch_id
                )
            )
            .scalars()
            .first()
        )
    if inspector is None:
        raise SystemExit("the demo portfolio has no inspector in the first loan's branch")
    actor = UserId(inspector)
    inspection = services.inspections.start(loan_id=LoanId(loan.id), actor_id=actor)
    start = time.perf_counter()
    summary = services.photos.import_files(inspection_id=inspection, paths=paths, actor_id=actor)
    elapsed = time.perf_counter() - start
    if summary.rejected:
        raise SystemExit(f"import refused files: {summary.rejected[:3]}")
    return elapsed, len(summary.imported)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None, help="default: the service's")
    options = parser.parse_args()

    cache = HERE / ".cache" / f"photos-v{GENERATOR}"
    t0 = time.perf_counter()
    paths = generate(cache, options.photos)
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{len(paths)} photos, {size_mb:.0f} MB ({time.perf_counter() - t0:.1f} s to prepare)")

    with tempfile.TemporaryDirectory(prefix="bench-photos-") as tmp:
        root = Path(tmp)
        cores = os.cpu_count() or 2
        floor(paths, cores)  # warm the page cache: every side reads from memory
        # The floor is measured just before and just after the import and averaged, so that
        # a change in the shared machine's load during the run weighs on both sides alike.
        before = floor(paths, cores)
        ours_s, imported = ours(paths, root / "data", options.workers)
        print(f"ours: {ours_s:.2f} s for {imported} photos")
        after = floor(paths, cores)
        floor_s = (before + after) / 2
        print(f"floor: {before:.2f} s before, {after:.2f} s after")
        naive_s = naive(paths, root / "naive")
        print(f"naive: {naive_s:.2f} s")
        shutil.rmtree(root, ignore_errors=True)

    n = len(paths)
    result = {
        "photos": n,
        "cores": os.cpu_count(),
        "ms_per_photo": round(ours_s / n * 1000, 1),
        "naive_ms_per_photo": round(naive_s / n * 1000, 1),
        "floor_ms_per_photo": round(floor_s / n * 1000, 1),
        "vs_naive": round(naive_s / ours_s, 2),
        "vs_floor": round(ours_s / floor_s, 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
