"""Write a small file atomically: temp file in the same folder, fsync, rename, fsync the folder.

A killed process or a pulled power cord leaves either the old file or the new one, never half
of it. (Blobs stream through ``BlobStore`` instead, which names them by their hash.)
"""

import errno
import os
import tempfile
from pathlib import Path

from postloan_desktop.domain.errors import DiskFull, StorageProblem


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Replace ``path`` by ``data`` all at once; ``private``: readable by the owner only.
    Raises ``DiskFull`` or ``StorageProblem``; the old file is then unchanged."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    except OSError as exc:
        raise _problem(path, exc) from exc
    tmp = Path(tmp_name)
    try:
        if private:
            os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _problem(path, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _problem(path: Path, exc: OSError) -> StorageProblem:
    if exc.errno == errno.ENOSPC:
        return DiskFull(f"the disk is full while writing {path}")
    return StorageProblem(f"cannot write {path}: {exc.strerror or exc}")
