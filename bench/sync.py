"""Sync against a real head-office server: a photo-heavy push against a raw HTTP upload of
the same bytes, a killed upload resumed, and the initial and no-op sync of a 10,000-loan
branch, all in one run.

    python bench/sync.py [--part all|photos|branch] [--photos 100] [--loans 10000]
                         [--noop-runs 5] [--pull-deadline 900] [--profile]

The server is ``postloan-headoffice serve`` (run as ``python -m headoffice.cli serve``, one
worker) on 127.0.0.1 on its embedded default database: a SQLite file (WAL,
``synchronous=FULL``) with the blob folder beside it, in a temporary directory. Laptops are
real desktop data folders opened with ``open_services`` in this process, logged in with
``SyncService.login`` and synced with ``SyncService.sync()``, as the app does. Photos:
synthetic 4000x3000 JPEGs of about 3.1 MB (a smooth random scene under camera-like grain,
quality 90, EXIF capture time and GPS), generated once into ``bench/.cache/sync-photos-v1``.

Photos (branch 0101: inspectors A and B, a supervisor, a loan, the checklists). Laptop 1
logs in as A, pulls, starts an inspection, answers every shown item and imports the photos
(originals, report renditions and thumbnails all travel: 3 blobs a photo). Then:

- ``sync_s``: laptop 1's ``SyncService.sync()`` with the inspection, its answers, 100 photo
  records and the audit entries in its outbox: push in batches of 50, ask head office which
  blobs it lacks and how much of each it holds (``/blobs/missing``, one request per 1,000),
  upload every blob in 1 MiB chunks from there (``protocol.CHUNK``; head office fsyncs each
  chunk and hashes the whole before it keeps it; no per-blob state request), cross the
  uploaded ones off in batches, pull the echo, compare tallies. ``upload_mb``: the bytes PUT,
  counted by an httpx transport hook. ``sync_phases_s`` says where the time went (the
  engine's and client's methods wrapped with timers), ``sync_server_ms`` the server-side
  milliseconds by endpoint (from the server's access log).
- ``raw_s``: the same blobs' bytes PUT to the same server's blob endpoint by plain httpx,
  one request per file (every file is below the endpoint's 4 MiB limit), one file after
  another as the sync does. That is the baseline: the least a client can do to get those
  bytes into head office's store, and the server still writes, fsyncs, hashes and records
  each file. Chunking, the per-chunk fsync and commit, the missing-blobs query, the record
  push and the laptop's bookkeeping are the design's costs, so they count against the sync:
  ``vs_raw`` = sync_s / raw_s (goal ≤ 1.3). It runs before and after the sync and the
  figure is the mean. ``raw_chunked_s`` is one run in ``CHUNK``-sized PUTs (what
  resumability alone costs) and ``vs_raw_chunked`` its ratio. Between runs the blobs are
  taken out of head office's store (files and ``blobs`` rows), so each run sends them all.
- ``resent_mb``: laptop 2, a copy of laptop 1's folder made before laptop 1's sync (same
  pending work; its changes are answered "already applied"), syncs in a child process that
  is killed (SIGKILL) once head office holds half of the bytes (its part files and
  finished blobs are watched); the folder is then opened again in this process and synced.
  What it PUTs beyond what head office was still missing after the kill was sent twice.
  By design at most one chunk per file in flight may be lost and an upload resumes from
  the ``received`` head office's ``/blobs/missing`` answer gives: expect 0, at most 1 MiB.

A 10,000-loan branch (0102: six inspectors and a supervisor; 6,000 borrowers with the
recent part of each schedule, guarantors and collateral, from the demo generator): written
as ``records`` rows with one Core insert per batch (bench/_server.py ``bulk_put``), checked
on a sample to be exactly what ``put_record`` writes and what ``/pull`` returns.

- ``initial_pull_s``: laptop 3, a fresh data folder, logged in (``login_s``), runs its first
  ``SyncService.sync()`` in a child process (every page into the inbox, applied, due dates
  derived, tallies compared and found equal); ``initial_pull_stored_s``: when its last page
  was in the inbox. ``--pull-deadline`` (900 s) is only a safety: a pull still running then
  is stopped, ``initial_pull_s`` is null and ``initial_pull_reached`` says how far it got,
  and no no-op sync is measured (``noop_s`` null). ``raw_pull_s``: the same pages fetched
  by plain httpx and parsed, nothing stored.
- ``noop_s``: laptop 3, now in sync, runs a full ``SyncService.sync()`` again: the median
  of ``--noop-runs`` (goal ≤ 0.3). ``noop_steps_s``: the last one by engine step;
  ``noop_server_ms``: its requests at head office; ``raw_noop_s``: plain httpx asking
  ``/pull`` after the cursor and ``/reconcile``, the two requests a no-op sync needs.

Progress goes to stdout; the last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import httpx  # noqa: E402
from common import BENCH_TODAY  # noqa: E402

# Opening a desktop data folder reflects its schema; SQLAlchemy cannot reflect one index.
warnings.filterwarnings("ignore", message="Skipped unsupported reflection")

SIZE = (4000, 3000)
GENERATOR = 1  # bump when the generated photos change
NOISE_SIGMA = 5.0  # grain that puts a 12 MP JPEG at quality 90 near 3 MB


def say(message: str) -> None:
    print(message, flush=True)


# --- photos --------------------------------------------------------------------------------------

_MASTER: Any = None


def _make_photo(path_text: str, index: int) -> int:
    """One ~3 MB JPEG: a smooth random scene (a 40x30 colour field blown up) under grain,
    the grain a master noise field shifted per photo so every file is different."""
    import numpy as np
    from PIL import Image

    global _MASTER
    width, height = SIZE
    rng = np.random.default_rng(1000 + index)
    if _MASTER is None:
        _MASTER = np.round(
            np.random.default_rng(7).normal(0, NOISE_SIGMA, size=(height, width))
        ).astype(np.int16)
    small = rng.integers(40, 220, size=(30, 40, 3), dtype=np.uint8)
    scene = np.asarray(Image.fromarray(small).resize(SIZE, Image.Resampling.BICUBIC))
    pixels = scene.astype(np.int16)
    shift = (int(rng.integers(height)), int(rng.integers(width)))
    pixels += np.roll(_MASTER, shift, axis=(0, 1))[:, :, None]
    np.clip(pixels, 0, 255, out=pixels)
    image = Image.fromarray(pixels.astype(np.uint8))
    exif = Image.Exif()
    exif[0x010F] = "Xiaomi"
    exif[0x0110] = "Redmi Note 13"
    exif[0x0112] = 1
    taken = dt.datetime.combine(BENCH_TODAY, dt.time(9, 0)) + dt.timedelta(minutes=index)
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (30.0, 35.0, float(index % 60))
    gps[3], gps[4] = "E", (114.0, 18.0, 0.0)
    path = Path(path_text)
    tmp = path.with_suffix(".tmp")
    image.save(tmp, "JPEG", quality=90, exif=exif.tobytes())
    tmp.replace(path)
    return path.stat().st_size


def generate_photos(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"IMG_{i:04d}.jpg" for i in range(count)]
    todo = [(str(p), i) for i, p in enumerate(paths) if not p.exists()]
    if todo:
        say(f"generating {len(todo)} photos into {folder} (once)…")
        with cf.ProcessPoolExecutor(os.cpu_count() or 2) as pool:
            list(pool.map(_make_photo, *zip(*todo, strict=True)))
    return paths


# --- counting what goes on the wire --------------------------------------------------------------


class CountingTransport(httpx.HTTPTransport):
    """Counts the body bytes of every PUT (blob chunks) and the requests by kind. A sync asks
    no blob's state (``/blobs/missing`` says how much head office holds); "GET blob state"
    shows up only when an upload's offset was stale (HTTP 409) and it asked again."""

    def __init__(self) -> None:
        super().__init__()
        self.put_bytes = 0
        self.requests: dict[str, int] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = f"{request.method} {request.url.path.rsplit('/', 1)[-1][:12]}"
        if request.method == "PUT":
            self.put_bytes += len(request.content)
            key = "PUT blob"
        elif "/blobs/" in request.url.path and request.url.path.endswith("/state"):
            key = "GET blob state"
        self.requests[key] = self.requests.get(key, 0) + 1
        return super().handle_request(request)


def counting(services: Any) -> CountingTransport:
    """Make the laptop's sync client go through a counting transport."""
    from postloan_desktop.sync.client import SyncClient

    transport = CountingTransport()
    services.sync.client_factory = lambda url, token: SyncClient(
        url, token=token, transport=transport
    )
    return transport


# --- head-office blob store helpers --------------------------------------------------------------


def blob_path(root: Path, sha: str) -> Path:
    return root / sha[:2] / sha[2:4] / sha


def held_bytes(server: Any, shas: list[str], account: uuid.UUID) -> int:
    """Bytes head office holds of these blobs: finished ones and the account's part files."""
    held = 0
    parts = server.blob_dir / "parts"
    for sha in shas:
        for path in (blob_path(server.blob_dir, sha), parts / f"{sha}.{account}"):
            try:
                held += path.stat().st_size
                break
            except FileNotFoundError:
                continue
    return held


def wipe(server: Any, shas: list[str]) -> None:
    """Take these blobs out of head office's store (files, part files, ``blobs`` rows), so
    the next upload sends them whole again."""
    from sqlalchemy import delete

    from headoffice.models import Blob

    wanted = set(shas)
    for sha in shas:
        blob_path(server.blob_dir, sha).unlink(missing_ok=True)
    for part in (server.blob_dir / "parts").iterdir():
        if part.name.split(".")[0] in wanted:
            part.unlink()
    with server.session() as session:
        session.execute(delete(Blob).where(Blob.sha256.in_(shas)))


def raw_upload(api: str, token: str, blobs: list[tuple[str, Path]], chunk: int | None) -> float:
    """PUT every blob to the blob endpoint with plain httpx, whole (``chunk`` None) or in
    chunks; one file after another, as the sync does. Returns the seconds."""
    from postloan_desktop.sync import protocol as p

    headers = {"authorization": f"Bearer {token}", "content-type": "application/octet-stream"}
    with httpx.Client(base_url=api, headers=headers, timeout=120) as http:
        started = time.perf_counter()
        for sha, path in blobs:
            data = path.read_bytes()
            step = chunk or len(data)
            for offset in range(0, len(data), step):
                answer = http.put(
                    f"/blobs/{sha}",
                    params={"offset": offset, "size": len(data)},
                    content=data[offset : offset + step],
                )
                if answer.status_code != 200:
                    raise RuntimeError(f"raw upload: HTTP {answer.status_code} {answer.text}")
            state = p.BlobState.model_validate(answer.json())
            if not state.complete:
                raise RuntimeError(f"raw upload of {sha} did not complete")
        return time.perf_counter() - started


# --- laptops -------------------------------------------------------------------------------------


def open_laptop(root: Path) -> Any:
    from postloan_desktop.services.bootstrap import open_services

    return open_services(root, today=BENCH_TODAY)


def fill_inspection(services: Any, loan_id: uuid.UUID, actor: uuid.UUID, photos: list[Path]) -> Any:
    """Start an inspection, answer every shown item, import the photos."""
    from postloan_desktop.domain.ids import LoanId, UserId
    from postloan_desktop.services.report_sample import answer_all

    inspection = services.inspections.start(loan_id=LoanId(loan_id), actor_id=UserId(actor))
    answer_all(services, inspection, UserId(actor), {})
    summary = services.photos.import_files(
        inspection_id=inspection, paths=photos, actor_id=UserId(actor)
    )
    if summary.rejected or len(summary.imported) != len(photos):
        raise SystemExit(f"photo import refused files: {summary.rejected[:3]}")
    return inspection


def upload_queue(services: Any) -> list[tuple[str, Path]]:
    """The blobs the laptop will upload, with their files in its store."""
    from sqlalchemy import select

    from postloan_desktop.storage.models import SyncBlob

    with services.portfolio._sessions() as session:  # the bench reaches in for one lookup
        shas = sorted(
            session.scalars(select(SyncBlob.sha256).where(SyncBlob.direction == "up")).all()
        )
    return [(sha, services.photos.blob_path(sha)) for sha in shas]


def outbox_size(services: Any) -> int:
    from sqlalchemy import func, select

    from postloan_desktop.storage.models import SyncOutbox

    with services.portfolio._sessions() as session:
        return session.scalar(select(func.count()).select_from(SyncOutbox)) or 0


def child_sync(folder: Path) -> None:
    """Runs in a child process that the parent kills mid-upload."""
    services = open_laptop(folder)
    print("child: syncing", flush=True)
    services.sync.sync()
    print("child: finished", flush=True)


def server_ms(entries: list[dict[str, Any]]) -> dict[str, float]:
    """Server-side milliseconds summed by endpoint (blob PUTs and state GETs together)."""
    out: dict[str, float] = {}
    for entry in entries:
        path = entry["path"]
        if "/blobs/" in path and not path.endswith("/missing"):
            key = f"{entry['method']} blob" + (" state" if path.endswith("/state") else "")
        else:
            key = path.rsplit("/", 1)[-1]
        out[key] = round(out.get(key, 0.0) + float(entry["ms"]), 1)
    return out


# --- where a sync's time goes (wrappers that only time; nothing changes behaviour) ---------------


class PhaseClock:
    """Wraps methods of the sync engine and client to add up the seconds spent in each."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._undo: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = owner.__dict__[name]

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started
                self.calls[label] = self.calls.get(label, 0) + 1

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def __enter__(self) -> PhaseClock:
        from postloan_desktop.services.sync import SyncService
        from postloan_desktop.sync.client import SyncClient
        from postloan_desktop.sync.engine import SyncEngine

        self.wrap(SyncService, "client", "service.client")  # token checks, httpx.Client made
        self.wrap(SyncService, "_set", "service.save_state")  # last sync time, differences
        for name in ("push", "upload", "pull", "download", "compare", "_forget"):
            self.wrap(SyncEngine, name, f"engine.{name.strip('_')}")
        for name in ("push", "missing", "blob_state", "upload", "pull", "reconcile"):
            self.wrap(SyncClient, name, f"http.{name}")
        return self

    def __exit__(self, *_exc: object) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)

    def breakdown(self, total: float) -> dict[str, float]:
        """Wall seconds by step: the HTTP calls, and what the laptop did around them."""
        t = self.seconds.get
        put = t("http.upload", 0) - t("http.blob_state", 0)
        out = {
            "push_http": t("http.push", 0),
            "push_local": t("engine.push", 0) - t("http.push", 0),
            "missing_http": t("http.missing", 0),
            "state_http": t("http.blob_state", 0),
            "put_http": put,
            "forget_local": t("engine.forget", 0),
            "pull": t("engine.pull", 0),
            "compare": t("engine.compare", 0),
            "client_and_state": t("service.client", 0) + t("service.save_state", 0),
        }
        out["other"] = total - sum(out.values())
        return {k: round(v, 2) for k, v in out.items()}


def child_pull(folder: Path) -> None:
    """Runs in a child process: a logged-in laptop's first sync, with its progress."""
    services = open_laptop(folder)
    started = time.perf_counter()

    def progress(phase: str, done: int, total: int) -> None:
        print(f"progress {time.perf_counter() - started:.2f} {phase} {done} {total}", flush=True)

    report = services.sync.sync(progress=progress)
    summary = {
        "seconds": time.perf_counter() - started,
        "pulled": report.pulled,
        "applied": report.applied.applied,
        "failed": report.applied.failed,
        "compared": report.compared,
        "differences": len(report.differences),
    }
    print("done " + json.dumps(summary), flush=True)


# --- the run -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("all", "photos", "branch"), default="all")
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--loans", type=int, default=10_000)
    parser.add_argument("--noop-runs", type=int, default=5)
    parser.add_argument(
        "--pull-deadline",
        type=float,
        default=900.0,
        help="seconds the initial pull may take before it is stopped (a safety)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one no-op sync")
    parser.add_argument("--keep", type=Path, default=None, help="work here and keep it")
    parser.add_argument("--child-sync", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-pull", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child_sync:
        child_sync(options.child_sync)
        return
    if options.child_pull:
        child_pull(options.child_pull)
        return

    begun = time.perf_counter()
    if options.keep:
        shutil.rmtree(options.keep, ignore_errors=True)
        options.keep.mkdir(parents=True)
        root = options.keep
    else:
        root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    from _server import Server

    figures: dict[str, Any] = {"server": "sqlite (embedded default), 1 worker"}
    try:
        server = Server(
            f"sqlite:///{root / 'headoffice' / 'headoffice.sqlite3'}", root / "headoffice"
        )
        server.start()
        say(f"server: {server.url}, SQLite at {root / 'headoffice'}, 1 worker")
        try:
            if options.part in ("all", "photos"):
                figures.update(photo_part(server, root, options))
            if options.part in ("all", "branch"):
                figures.update(branch_part(server, root, options))
        finally:
            server.close()
    finally:
        if not options.keep:
            shutil.rmtree(root, ignore_errors=True)
    figures["total_s"] = round(time.perf_counter() - begun, 1)
    print(json.dumps(figures, ensure_ascii=False))


def photo_part(server: Any, root: Path, options: argparse.Namespace) -> dict[str, Any]:
    from _server import PASSWORD, login

    from postloan_desktop.domain.enums import Role
    from postloan_desktop.sync import protocol as p

    photos = generate_photos(HERE / ".cache" / f"sync-photos-v{GENERATOR}", options.photos)
    photo_mb = sum(path.stat().st_size for path in photos) / 1e6
    say(f"{len(photos)} photos, {photo_mb:.0f} MB ({photo_mb / len(photos):.2f} MB each)")

    # --- branch 0101 and laptop 1 with an inspection and the photos ------------------------
    t0 = time.perf_counter()
    b1 = server.create_branch("0101", "江汉支行")
    a = server.create_account("a0101", "0101", (Role.INSPECTOR,), display_name="张三")
    b = server.create_account("b0101", "0101", (Role.INSPECTOR,), display_name="李四")
    server.create_account("s0101", "0101", (Role.SUPERVISOR,), display_name="王五")
    server.publish_templates()
    loan = server.add_loan(b1, officer_a=a, officer_b=b, n=1)
    one = open_laptop(root / "laptop-1")
    one.sync.login("a0101", PASSWORD, server_url=server.url)
    one.sync.sync()
    started = time.perf_counter()
    fill_inspection(one, loan, a, photos)
    pending = outbox_size(one)
    say(
        f"laptop 1: inspection filled, {len(photos)} photos imported "
        f"({time.perf_counter() - started:.1f} s), {pending} changes in the outbox"
    )
    # Laptop 2 for the killed upload: a copy of laptop 1 as it is now, before its sync.
    shutil.copytree(root / "laptop-1", root / "laptop-2")
    queue = upload_queue(one)
    shas = [sha for sha, _ in queue]
    total = sum(path.stat().st_size for _, path in queue)
    mb = total / 1e6
    say(f"{len(queue)} blobs to upload, {mb:.1f} MB (set-up {time.perf_counter() - t0:.1f} s)")
    token = login(server.api, "a0101")

    # --- raw uploads around the sync -------------------------------------------------------
    raw: dict[str, list[float]] = {"whole": [], "chunked": []}
    raw_server: dict[str, dict[str, float]] = {}

    def raw_run(mode: str, when: str) -> None:
        offset = server.log_offset()
        seconds = raw_upload(server.api, token, queue, p.CHUNK if mode == "chunked" else None)
        time.sleep(0.3)
        raw_server[f"{mode} {when}"] = server_ms(server.requests_since(offset))
        raw[mode].append(seconds)
        wipe(server, shas)
        say(
            f"raw {mode} PUTs ({when}): {seconds:.2f} s, {mb / seconds:.1f} MB/s; "
            f"server-side ms {raw_server[f'{mode} {when}']}"
        )

    raw_run("whole", "before")
    wire = counting(one)
    offset = server.log_offset()
    with PhaseClock() as clock:
        started = time.perf_counter()
        report = one.sync.sync()
        sync_s = time.perf_counter() - started
    time.sleep(0.3)  # the log line of the last request
    sync_server = server_ms(server.requests_since(offset))
    phases = clock.breakdown(sync_s)
    if report.rejected or report.conflicts or report.pushed != pending:
        raise SystemExit(f"sync did not push everything: {report} {one.sync.conflicts()[:2]}")
    if report.uploaded_bytes != total or wire.put_bytes != total:
        raise SystemExit(f"uploaded {report.uploaded_bytes}/{wire.put_bytes} of {total} bytes")
    if held_bytes(server, shas, a) != total:
        raise SystemExit("head office does not hold every blob after the sync")
    say(
        f"sync: {sync_s:.2f} s, {mb / sync_s:.1f} MB/s, {report.pushed} changes pushed, "
        f"{wire.put_bytes / 1e6:.1f} MB PUT; requests {wire.requests}"
    )
    say(f"  where the sync's time went (s): {phases}")
    say(f"  server-side ms by endpoint: {sync_server}")
    wipe(server, shas)
    raw_run("chunked", "after")
    raw_run("whole", "after")
    raw_s = statistics.mean(raw["whole"])
    raw_chunked_s = statistics.mean(raw["chunked"])

    # --- laptop 2: killed half-way through its upload, then synced again -------------------
    # Head office holds none of the blobs again (the last raw run's copies were removed).
    log_path = root / "child-sync.log"
    with log_path.open("wb") as log:
        child = subprocess.Popen(
            [sys.executable, __file__, "--child-sync", str(root / "laptop-2")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started = time.perf_counter()
        while True:
            held = held_bytes(server, shas, a)
            if held >= total / 2:
                child.send_signal(signal.SIGKILL)
                break
            if child.poll() is not None:
                raise SystemExit(f"the child sync ended (rc {child.returncode}) before half-way")
            if time.perf_counter() - started > 180:
                child.kill()
                raise SystemExit("the child sync did not get half-way in 180 s")
            time.sleep(0.005)
        child.wait()
    time.sleep(1.0)  # a chunk head office was still writing lands now
    held_after = held_bytes(server, shas, a)
    missing = total - held_after
    say(
        f"laptop 2 (a copy of laptop 1 before its sync): sync killed at {held / 1e6:.1f} MB "
        f"of {mb:.1f} MB; head office then held {held_after / 1e6:.1f} MB"
    )
    again = open_laptop(root / "laptop-2")  # as the app starts again after the crash
    wire2 = counting(again)
    resumed = again.sync.sync()
    if held_bytes(server, shas, a) != total or upload_queue(again) or outbox_size(again):
        raise SystemExit("the resumed sync left something behind")
    resent = wire2.put_bytes - missing
    say(
        f"resumed: PUT {wire2.put_bytes / 1e6:.2f} MB for {missing / 1e6:.2f} MB missing: "
        f"{resent} bytes sent twice (changes: {resumed.pushed} applied, "
        f"{resumed.already} already applied); requests {wire2.requests}"
    )
    return {
        "photos": len(photos),
        "photo_mb": round(photo_mb, 1),
        "blobs": len(queue),
        "upload_mb": round(mb, 1),
        "changes_pushed": report.pushed,
        "sync_s": round(sync_s, 2),
        "raw_s": round(raw_s, 2),
        "raw_runs_s": [round(x, 2) for x in raw["whole"]],
        "raw_chunked_s": round(raw_chunked_s, 2),
        "sync_mb_s": round(mb / sync_s, 1),
        "raw_mb_s": round(mb / raw_s, 1),
        "vs_raw": round(sync_s / raw_s, 2),
        "vs_raw_chunked": round(sync_s / raw_chunked_s, 2),
        "sync_phases_s": phases,
        "sync_requests": wire.requests,
        "sync_server_ms": sync_server,
        "raw_server_ms": raw_server,
        "killed_at_mb": round(held / 1e6, 1),
        "missing_after_kill_mb": round(missing / 1e6, 2),
        "resumed_put_mb": round(wire2.put_bytes / 1e6, 2),
        "resent_mb": round(resent / 1e6, 3),
    }


def branch_part(server: Any, root: Path, options: argparse.Namespace) -> dict[str, Any]:
    from _server import PASSWORD, bulk_put, check_like_put_record, login, portfolio_records

    from postloan_desktop.domain.enums import Role

    t0 = time.perf_counter()
    b2 = server.create_branch("0102", "洪山支行")
    officers = [server.create_account(f"i0102{n}", "0102", (Role.INSPECTOR,)) for n in range(6)]
    server.create_account("s0102", "0102", (Role.SUPERVISOR,))
    server.publish_templates()
    records = portfolio_records(
        b2, officers, loans=options.loans, borrowers=options.loans * 3 // 5, today=BENCH_TODAY
    )
    made = time.perf_counter() - t0
    t1 = time.perf_counter()
    with server.session() as session:
        bulk_put(session, b2, records)
    counts: dict[str, int] = {}
    for name, _, _ in records:
        counts[name] = counts.get(name, 0) + 1
    say(
        f"branch 0102: {len(records)} records {counts} generated in {made:.1f} s, "
        f"written in {time.perf_counter() - t1:.1f} s"
    )
    sample = _sample(records)
    check_like_put_record(server, sample)
    _check_through_api(server, sample, login(server.api, "i01020"))
    say(f"{len(sample)} sampled records are exactly what put_record writes and /pull returns")

    # --- the initial pull, in a child process, stopped only at the deadline --------------
    laptop = open_laptop(root / "laptop-3")
    started = time.perf_counter()
    laptop.sync.login("i01020", PASSWORD, server_url=server.url)
    login_s = time.perf_counter() - started
    initial_pull_s: float | None = None
    reached = ""
    log_path = root / "child-pull.log"
    with log_path.open("wb") as log:
        child = subprocess.Popen(
            [sys.executable, __file__, "--child-pull", str(root / "laptop-3")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            child.wait(timeout=options.pull_deadline + 15)  # its start-up is not counted
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    lines = log_path.read_text(errors="replace").splitlines()
    done = [line for line in lines if line.startswith("done ")]
    progress = [line.split() for line in lines if line.startswith("progress ")]
    pulled_s = float(progress[-1][1]) if progress else None  # the last page stored
    if done:
        result = json.loads(done[-1][5:])
        if result["failed"] or not result["compared"] or result["differences"]:
            raise SystemExit(f"initial pull incomplete: {result}")
        initial_pull_s = result["seconds"]
        say(
            f"initial pull: {initial_pull_s:.2f} s for {result['pulled']} records, the last "
            f"page stored in the inbox at {pulled_s} s (login {login_s:.2f} s)"
        )
    else:
        last = progress[-1] if progress else ["progress", "0", "-", "0", "1"]
        where = (
            "all in the inbox, stopped while applying them"
            if last[3] == last[4]
            else "pulled into the inbox, nothing applied yet"
        )
        reached = (
            f"stopped at the {options.pull_deadline:.0f} s deadline; by {last[1]} s "
            f"{last[3]} of {_branch_size(server, b2)} records {where}"
        )
        say(f"initial pull did not finish within the deadline: {reached}")
        say("  last lines of the child: " + " | ".join(lines[-3:]))
    raw_pull_s, raw_noop_s = _raw_pulls(server.api, login(server.api, "i01020"))
    say(
        f"raw pull of the same pages: {raw_pull_s:.2f} s; "
        f"raw no-op requests {raw_noop_s * 1000:.0f} ms"
    )
    figures: dict[str, Any] = {
        "loans": options.loans,
        "branch_records": len(records),
        "login_s": round(login_s, 2),
        "initial_pull_s": None if initial_pull_s is None else round(initial_pull_s, 2),
        "initial_pull_reached": reached or None,
        "initial_pull_stored_s": pulled_s,
        "raw_pull_s": round(raw_pull_s, 2),
        "noop_s": None,
        "noop_runs_s": [],
        "noop_steps_s": {},
        "noop_server_ms": {},
        "raw_noop_s": round(raw_noop_s, 3),
    }
    if initial_pull_s is None:
        say("no laptop is in sync with the branch: no no-op sync measured")
        return figures

    # --- no-op syncs: laptop 3, in sync now -----------------------------------------------
    times = []
    offset = server.log_offset()
    for _ in range(options.noop_runs):
        offset = server.log_offset()
        with PhaseClock() as clock:
            started = time.perf_counter()
            nothing = laptop.sync.sync()
            elapsed = time.perf_counter() - started
        times.append(elapsed)
        if nothing.pushed or nothing.pulled or not nothing.compared or nothing.differences:
            raise SystemExit(f"the no-op sync did something: {nothing}")
    time.sleep(0.3)  # the log line of the last request
    noop_server = server_ms(server.requests_since(offset))
    noop_phases = {
        k: round(v, 3) for k, v in clock.seconds.items() if k.startswith(("engine", "service"))
    }
    noop_phases["other"] = round(
        elapsed - sum(v for k, v in noop_phases.items() if k != "engine.forget"), 3
    )
    noop_s = statistics.median(times)
    say(
        f"no-op sync: median {noop_s * 1000:.0f} ms of {len(times)} "
        f"({', '.join(f'{t * 1000:.0f}' for t in times)}); the last one by step (s): "
        f"{noop_phases}, server-side ms: {noop_server}"
    )
    if options.profile:
        profile = cProfile.Profile()
        profile.enable()
        laptop.sync.sync()
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(35)
        say(out.getvalue())
    figures.update(
        noop_s=round(noop_s, 3),
        noop_runs_s=[round(t, 3) for t in times],
        noop_steps_s=noop_phases,
        noop_server_ms=noop_server,
    )
    return figures


def _branch_size(server: Any, branch_id: uuid.UUID) -> int:
    """How many records a laptop of the branch pulls (its own and every branch's)."""
    from sqlalchemy import func, select

    from headoffice.models import ALL_BRANCHES, Record

    with server.session() as session:
        found = session.scalar(
            select(func.count())
            .select_from(Record)
            .where(Record.branch_id.in_([branch_id, ALL_BRANCHES]))
        )
        return int(found or 0)


def _sample(records: list[tuple[str, uuid.UUID, dict[str, Any]]]) -> list[Any]:
    pick = random.Random(5)
    by_kind: dict[str, list[Any]] = {}
    for record in records:
        by_kind.setdefault(record[0], []).append(record)
    return [r for rows in by_kind.values() for r in pick.sample(rows, min(4, len(rows)))]


def _check_through_api(server: Any, sample: list[Any], token: str) -> None:
    """Each sampled record, pulled through the API right after the one before it, is the
    record that was generated, version 1 and complete."""
    from sqlalchemy import select

    from headoffice.models import Record

    with server.session() as session:
        seqs = {
            (e, i): s
            for e, i, s in session.execute(
                select(Record.entity, Record.id, Record.seq).where(
                    Record.id.in_([r[1] for r in sample])
                )
            )
        }
    headers = {"authorization": f"Bearer {token}"}
    with httpx.Client(base_url=server.api, headers=headers, timeout=60) as http:
        for name, record_id, data in sample:
            seq = seqs[(name, record_id)]
            page = http.get("/pull", params={"cursor": seq - 1, "limit": 1}).json()
            (got,) = page["records"]
            want = {
                "entity": name,
                "id": str(record_id),
                "version": 1,
                "deleted": False,
                "data": data,
                "blobs": [],
                "complete": True,
            }
            if got != want or page["cursor"] != seq:
                raise SystemExit(f"pulled {got} for {want}")


def _raw_pulls(api: str, token: str) -> tuple[float, float]:
    """Plain httpx: every page of the branch (JSON parsed, nothing stored), then the median
    of five rounds of the two requests a no-op sync makes."""
    headers = {"authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api, headers=headers, timeout=120) as http:
        started = time.perf_counter()
        cursor, more = 0, True
        while more:
            page = http.get("/pull", params={"cursor": cursor}).json()
            cursor, more = page["cursor"], page["more"]
        pull_s = time.perf_counter() - started
        rounds = []
        for _ in range(5):
            started = time.perf_counter()
            http.get("/pull", params={"cursor": cursor}).json()
            http.get("/reconcile").json()
            rounds.append(time.perf_counter() - started)
    return pull_s, statistics.median(rounds)


if __name__ == "__main__":
    main()
