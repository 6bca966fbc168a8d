"""Finding a day's photos on a card or in a phone's DCIM folder: recursive, hidden folders and
files skipped, extensions in any case, dated by EXIF capture time else by the file's time,
files that cannot be dated kept for the import to report on."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from postloan_desktop.photos.folder import find_photos, taken_on

from .conftest import HEIC, make_exif, numbered

DAY = dt.date(2026, 11, 28)


def photo(path: Path, taken: dt.datetime | None, *, modified: dt.datetime | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = make_exif(taken=taken) if taken is not None else make_exif()
    numbered(len(path.name), (64, 48)).save(path, "JPEG", exif=exif)
    if modified is not None:
        stamp = modified.timestamp()
        os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def card(tmp_path: Path) -> Path:
    """DCIM/100HUAWEI with photos of two days, a hidden thumbnail cache, other files."""
    root = tmp_path / "card"
    morning = dt.datetime(2026, 11, 28, 9, 30)
    yesterday = dt.datetime(2026, 11, 27, 17, 0)
    photo(root / "DCIM" / "100HUAWEI" / "IMG_0001.jpg", morning)
    photo(root / "DCIM" / "100HUAWEI" / "IMG_0002.JPG", morning)
    photo(root / "DCIM" / "100HUAWEI" / "IMG_0003.Jpeg", yesterday, modified=morning)
    photo(root / "DCIM" / "101HUAWEI" / "deep" / "IMG_0004.jpeg", morning)
    photo(root / "Pictures" / "scan.PNG", None, modified=morning)  # no EXIF: dated by file
    photo(root / "Pictures" / "old.jpg", None, modified=yesterday)
    photo(root / "DCIM" / ".thumbnails" / "IMG_0001.jpg", morning)  # hidden folder
    photo(root / "DCIM" / "100HUAWEI" / "._IMG_0001.jpg", morning)  # macOS's shadow file
    photo(root / ".Trash-1000" / "files" / "IMG_0009.jpg", morning)
    (root / "DCIM" / "100HUAWEI" / "IMG_0001.mp4").write_bytes(b"\0" * 64)
    (root / "DCIM" / "notes.txt").write_text("客户不在家", encoding="utf-8")
    (root / "DCIM" / "100HUAWEI" / "IMG_0005.gif").write_bytes(b"GIF89a")
    return root


def names(paths: list[Path]) -> list[str]:
    return sorted(p.name for p in paths)


def test_every_photo_under_the_folder_without_a_day(card: Path) -> None:
    found = find_photos(card)
    assert names(found) == [
        "IMG_0001.jpg",
        "IMG_0002.JPG",
        "IMG_0003.Jpeg",
        "IMG_0004.jpeg",
        "old.jpg",
        "scan.PNG",
    ]
    assert all(".thumbnails" not in p.parts and ".Trash-1000" not in p.parts for p in found)
    assert len(found) == len(set(found))


def test_only_the_days_photos_by_capture_time_else_by_file_time(card: Path) -> None:
    found = find_photos(card, on=DAY)
    # IMG_0003 was copied this morning but taken yesterday: EXIF wins over the file's time.
    assert names(found) == ["IMG_0001.jpg", "IMG_0002.JPG", "IMG_0004.jpeg", "scan.PNG"]
    assert names(find_photos(card, on=DAY - dt.timedelta(days=1))) == [
        "IMG_0003.Jpeg",
        "old.jpg",
    ]
    assert find_photos(card, on=DAY + dt.timedelta(days=1)) == []


def test_heic_is_dated_by_its_exif(tmp_path: Path) -> None:
    target = tmp_path / "DCIM" / "IMG_4021.HEIC"
    target.parent.mkdir()
    shutil.copy(HEIC, target)
    assert taken_on(target) == dt.date(2026, 11, 20)
    assert find_photos(tmp_path, on=dt.date(2026, 11, 20)) == [target]
    assert find_photos(tmp_path, on=DAY) == []


def test_damaged_files_are_dated_by_file_time_and_undatable_ones_kept(tmp_path: Path) -> None:
    today = dt.datetime(2026, 11, 28, 10, 0).timestamp()
    damaged = tmp_path / "IMG_0007.jpg"
    damaged.write_bytes(b"\xff\xd8\xff" + b"\0" * 40)
    os.utime(damaged, (today, today))
    not_image = tmp_path / "IMG_0008.jpg"
    not_image.write_text("x", encoding="utf-8")
    os.utime(not_image, (today - 86_400, today - 86_400))
    dangling = tmp_path / "IMG_0009.jpg"  # on a card pulled out: cannot even be stat'ed
    dangling.symlink_to(tmp_path / "nowhere" / "IMG_0009.jpg")
    empty = tmp_path / "IMG_0010.jpg"
    empty.touch()
    os.utime(empty, (today, today))

    assert taken_on(damaged) == DAY
    assert taken_on(dangling) is None
    found = find_photos(tmp_path, on=DAY)
    assert names(found) == ["IMG_0007.jpg", "IMG_0009.jpg", "IMG_0010.jpg"]


def test_a_cancelled_scan_stops_early(card: Path) -> None:
    seen: list[int] = []

    def cancelled() -> bool:
        seen.append(1)
        return len(seen) > 2

    found = find_photos(card, on=DAY, cancelled=cancelled)
    assert len(seen) == 3
    assert len(found) <= 2
