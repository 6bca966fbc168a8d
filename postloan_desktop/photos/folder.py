"""Find the photos in a folder (a camera card, a phone's DCIM) taken on a given day."""

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from postloan_desktop.photos._open import DECODE_ERRORS, EXTENSIONS, PhotoRejected
from postloan_desktop.photos.pipeline import captured_at


def photo_files(folder: Path) -> Iterator[Path]:
    """Image files under ``folder`` (recursively, hidden folders skipped), by path."""
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in EXTENSIONS:
                yield Path(root) / name


def taken_on(path: Path) -> dt.date | None:
    """The day the photo was taken: its EXIF capture time (read from the header, nothing
    decoded), else the file's modification time; None when the file cannot be read."""
    try:
        with path.open("rb") as stream:
            head = stream.read(12)
        captured = captured_at(path, head=head)
        if captured is not None:
            return captured.date()
    except (OSError, PhotoRejected, *DECODE_ERRORS):
        pass  # not an image or damaged: the import will say so; date it by the file
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def find_photos(
    folder: Path,
    *,
    on: dt.date | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[Path]:
    """Image files under ``folder``, only those taken on day ``on`` if given. Files whose
    date cannot be told are kept, so that the import can report on them."""
    found = []
    for path in photo_files(folder):
        if cancelled():
            break
        if on is None:
            found.append(path)
            continue
        day = taken_on(path)
        if day is None or day == on:
            found.append(path)
    return found
