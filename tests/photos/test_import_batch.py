"""``PhotoService.import_files``: a card's worth of files on a worker pool — each bad file a
line in the summary, progress after every file, the same photo once, cancel, a full disk and
an inspection submitted meanwhile; never a record without its blobs nor a blob without a
record."""

import errno
import os
import shutil
import threading
from pathlib import Path

import pytest

from postloan_desktop.domain.errors import DiskFull, NotAllowed
from postloan_desktop.services.photos import ImportProgress, ImportSummary, PhotoRecord
from postloan_desktop.storage.blobstore import BlobStore

from .conftest import HEIC, NOW, Setting, make_exif, numbered, scene, sof_claiming


def good_files(folder: Path, site: tuple[float, float], count: int) -> list[Path]:
    """``count`` distinct phone photos taken at the site this morning."""
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"IMG_{i:04d}.JPG"
        exif = make_exif(
            taken=NOW.replace(hour=9, minute=i), gps=site, make="HUAWEI", model="P60 Pro"
        )
        numbered(i).save(path, "JPEG", quality=90, exif=exif)
        paths.append(path)
    return paths


def damaged_heic_bytes() -> bytes:
    """The iPhone photo with its coded picture's length damaged: libheif runs off the end."""
    data = bytearray(HEIC.read_bytes())
    data[data.index(b"mdat") + 6] = 0x45
    return bytes(data)


def run(
    s: Setting, paths: list[Path], *, cancel_after: int | None = None
) -> tuple[ImportSummary, list[ImportProgress]]:
    events: list[ImportProgress] = []
    threads: set[int] = set()

    def progress(event: ImportProgress) -> None:
        events.append(event)
        threads.add(threading.get_ident())

    summary = s.service.import_files(
        inspection_id=s.inspection,
        paths=paths,
        actor_id=s.inspector,
        progress=progress,
        cancelled=lambda: cancel_after is not None and len(events) >= cancel_after,
    )
    assert threads <= {threading.get_ident()}  # progress comes on the calling thread
    return summary, events


def assert_progress_counts_every_file(events: list[ImportProgress], paths: list[Path]) -> None:
    total = len(dict.fromkeys(paths))
    assert [e.done for e in events] == list(range(1, len(events) + 1))
    assert {e.total for e in events} == {total}
    assert len({e.path for e in events}) == len(events)  # once per file


def accounted_once(summary: ImportSummary, paths: list[Path]) -> None:
    """Every file is in exactly one place of the summary."""
    imported = [p.original_name for p in summary.imported]
    rejected = [p.path.name for p in summary.rejected]
    not_started = [p.name for p in summary.not_started]
    assert len(imported) + len(rejected) + len(summary.duplicates) + len(not_started) == len(
        dict.fromkeys(paths)
    )
    assert not set(imported) & set(rejected) and not set(imported) & set(not_started)
    assert not set(rejected) & set(not_started)


def test_a_batch_imports_the_good_files_and_lists_each_bad_one(
    photo_setting: Setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = photo_setting
    card = tmp_path / "card"
    good = good_files(card, s.site, 8)
    scene((120, 90)).save(card / "Screenshot_01.png")
    shutil.copy(HEIC, card / "IMG_4021.HEIC")
    good += [card / "Screenshot_01.png", card / "IMG_4021.HEIC"]
    bad = {
        "empty.jpg": ("empty", b""),
        "notes.jpg": ("not_an_image", "下周还款".encode()),
        "truncated.jpg": ("corrupt", good[0].read_bytes()[:1500]),
        "bomb.jpg": ("too_large", sof_claiming(good[1].read_bytes(), 60_000, 60_000)),
        "IMG_0099.JPG": ("unreadable", good[2].read_bytes()),  # the card is pulled out
        "IMG_4022.HEIC": ("corrupt", damaged_heic_bytes()),
    }
    for name, (_, data) in bad.items():
        (card / name).write_bytes(data)
    paths = sorted(good + [card / name for name in bad] + [card / "IMG_0100.JPG"])
    real = Path.read_bytes

    def card_pulled(self: Path) -> bytes:
        if self.name == "IMG_0099.JPG":
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", card_pulled)
    s.service.workers = 2
    summary, events = run(s, paths)

    assert sorted(p.original_name for p in summary.imported) == sorted(p.name for p in good)
    reasons = {p.path.name: p.reason for p in summary.rejected}
    assert reasons == {name: reason for name, (reason, _) in bad.items()} | {
        "IMG_0100.JPG": "unreadable"  # listed, then gone before it was read
    }
    for problem in summary.rejected:
        assert problem.message.startswith(problem.path.name + ": ")
    assert "Input/output error" in next(
        p.message for p in summary.rejected if p.path.name == "IMG_0099.JPG"
    )
    assert summary.duplicates == [] and summary.not_started == []
    assert summary.stopped_by is None and not summary.cancelled
    assert_progress_counts_every_file(events, paths)
    assert events[-1].done == events[-1].total == len(paths)
    assert {p.id for p in s.service.photos(s.inspection)} == {p.id for p in summary.imported}
    heic = next(p for p in summary.imported if p.original_name == "IMG_4021.HEIC")
    assert (heic.width, heic.height, heic.camera) == (480, 640, "Apple iPhone 15")
    assert "capture_time_not_on_inspection_date" in heic.warnings  # 20 November, in Shanghai
    assert "gps_far_from_site" in heic.warnings
    s.assert_consistent()


def test_the_same_photo_is_imported_once(photo_setting: Setting, tmp_path: Path) -> None:
    s = photo_setting
    a, b, c = good_files(tmp_path / "card", s.site, 3)
    earlier = s.service.import_file(inspection_id=s.inspection, path=a, actor_id=s.inspector)
    b_copy = tmp_path / "IMG_0001 (1).JPG"
    a_copy = tmp_path / "IMG_0000 (1).JPG"
    shutil.copy(b, b_copy)
    shutil.copy(a, a_copy)
    s.service.workers = 2
    summary, events = run(s, [b, b_copy, b, a_copy, c])

    names = {p.original_name for p in summary.imported}
    assert len(summary.imported) == 2 and c.name in names
    assert len(names & {b.name, b_copy.name}) == 1  # one of the twins, whichever came first
    twin = next(p for p in summary.imported if p.original_name in {b.name, b_copy.name})
    assert sorted(str(p.id) for p in summary.duplicates) == sorted(
        [str(twin.id), str(earlier.photo.id)]
    )
    assert summary.rejected == [] and summary.not_started == []
    assert_progress_counts_every_file(events, [b, b_copy, b, a_copy, c])
    assert len(events) == 4  # the path given twice is one file
    assert len(s.service.photos(s.inspection)) == 3
    s.assert_consistent()


def test_cancel_stops_between_files_keeping_what_is_done_whole(
    photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    paths = good_files(tmp_path / "card", s.site, 12)
    s.service.workers = 2
    summary, events = run(s, paths, cancel_after=3)

    assert summary.cancelled and summary.stopped_by is None
    assert summary.not_started and set(summary.not_started) <= set(paths)
    assert len(summary.imported) == len(events) < len(paths)  # the ones in flight finished
    assert summary.not_started == paths[len(events) :]  # the rest, in order
    accounted_once(summary, paths)
    assert_progress_counts_every_file(events, paths)
    assert {p.id for p in s.service.photos(s.inspection)} == {p.id for p in summary.imported}
    s.assert_consistent()


@pytest.mark.parametrize("workers", [1, 4])
def test_a_full_disk_stops_the_import_keeping_earlier_photos_whole(
    photo_setting: Setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    s = photo_setting
    # More files than the import keeps in flight (two per worker) and then some: the files
    # already running when the disk fills still end, each with its own line.
    paths = good_files(tmp_path / "card", s.site, 4 * workers + 8)
    real_put = BlobStore.put_bytes
    writes = 0
    lock = threading.Lock()

    def filling_up(self: BlobStore, data: bytes) -> str:
        nonlocal writes
        with lock:
            if writes >= 7:  # two whole photos and the original of a third fit
                raise DiskFull(f"the disk is full while writing to {self.root}")
            writes += 1
        return real_put(self, data)

    monkeypatch.setattr(BlobStore, "put_bytes", filling_up)
    s.service.workers = workers
    summary, events = run(s, paths)

    assert summary.stopped_by is not None and "disk is full" in summary.stopped_by
    assert not summary.cancelled
    assert summary.not_started  # it stopped: it did not try every file against a full disk
    full = [p for p in summary.rejected if p.reason == "storage"]
    assert full and all("disk is full" in p.message for p in full)
    assert len(summary.imported) <= 2
    if workers == 1:
        assert summary.imported and summary.imported[0].original_name == paths[0].name
    accounted_once(summary, paths)
    assert [e.done for e in events] == list(range(1, len(events) + 1))
    assert {p.id for p in s.service.photos(s.inspection)} == {p.id for p in summary.imported}
    s.assert_consistent()
    monkeypatch.undo()  # room again: the rest imports, the kept ones are duplicates
    rest, _ = run(s, paths)
    assert len(rest.imported) + len(rest.duplicates) == len(paths)
    assert len(rest.duplicates) == len(summary.imported)
    s.assert_consistent()


def test_an_inspection_submitted_meanwhile_stops_the_import(
    photo_setting: Setting, tmp_path: Path
) -> None:
    from .conftest import answer_everything

    s = photo_setting
    answer_everything(s, s.inspection)
    paths = good_files(tmp_path / "card", s.site, 8)
    s.service.workers = 1

    def submit_after_the_first(event: ImportProgress) -> None:
        if event.done == 1:
            s.inspections.submit(inspection_id=s.inspection, actor_id=s.inspector)

    summary = s.service.import_files(
        inspection_id=s.inspection,
        paths=paths,
        actor_id=s.inspector,
        progress=submit_after_the_first,
    )
    # The first file was processed (progress counts it) but not yet recorded when the
    # inspection was submitted: it is refused like the rest, with its blobs let go.
    assert summary.imported == []
    assert summary.stopped_by is not None and "submitted" in summary.stopped_by
    assert not summary.cancelled
    assert any(p.path == paths[0] for p in summary.rejected)
    accounted_once(summary, paths)
    assert s.service.photos(s.inspection) == []
    s.assert_consistent()
    with pytest.raises(NotAllowed):  # and a new import is refused before reading anything
        s.service.import_files(inspection_id=s.inspection, paths=paths, actor_id=s.inspector)
    s.assert_consistent()


def comparable(records: list[PhotoRecord]) -> list[tuple[object, ...]]:
    return sorted(
        (
            r.original_name,
            r.sha256,
            r.report_sha256,
            r.thumb_sha256,
            r.size_bytes,
            r.width,
            r.height,
            r.captured_local,
            r.gps,
            r.camera,
            r.software,
            r.warnings,
        )
        for r in records
    )


def test_one_worker_and_four_give_the_same_records(photo_setting: Setting, tmp_path: Path) -> None:
    s = photo_setting
    paths = good_files(tmp_path / "card", s.site, 9)
    shutil.copy(HEIC, tmp_path / "card" / "IMG_4021.HEIC")
    paths.append(tmp_path / "card" / "IMG_4021.HEIC")

    s.service.workers = 1
    one, _ = run(s, paths)
    blobs_one = set(s.blobs)
    for photo in one.imported:
        s.service.remove(photo_id=photo.id, actor_id=s.inspector)
    assert list(s.blobs) == []

    s.service.workers = 4
    four, events = run(s, paths)
    assert len(one.imported) == len(paths)
    assert comparable(four.imported) == comparable(one.imported)
    assert comparable(s.service.photos(s.inspection)) == comparable(one.imported)
    assert set(s.blobs) == blobs_one
    assert_progress_counts_every_file(events, paths)
    s.assert_consistent()
