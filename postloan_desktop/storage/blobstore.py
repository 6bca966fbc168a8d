"""Content-addressed blob store for photos and report PDFs.

A blob lives at ``ROOT/ab/cd/abcd…`` under its SHA-256. Writes are atomic: the bytes go to a
temp file in ``ROOT/tmp``, are fsynced, then renamed into place and the folder fsynced, so a
killed process or a pulled power cord leaves either the whole blob or none of it.
"""

import errno
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from postloan_desktop.domain.errors import DiskFull, InvalidInput, NotFound, StorageProblem
from postloan_desktop.storage.atomic import fsync_dir

CHUNK = 1 << 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _check_digest(sha256: str) -> str:
    if not _SHA256.match(sha256):
        raise InvalidInput(f"not a SHA-256 digest: {sha256!r}")
    return sha256


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._tmp = root / "tmp"
        self._tmp.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        _check_digest(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        return self._put(iter((data,)))

    def put_stream(self, stream: BinaryIO) -> str:
        return self._put(iter(lambda: stream.read(CHUNK), b""))

    def put_file(self, path: Path) -> str:
        with path.open("rb") as stream:
            return self.put_stream(stream)

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError as exc:
            raise NotFound(f"blob {sha256} is not in the store") from exc

    def read(self, sha256: str) -> bytes:
        with self.open(sha256) as stream:
            return stream.read()

    def remove(self, sha256: str) -> None:
        """Take a blob away (only for one that no record names, e.g. after a failed import)."""
        self.path_for(sha256).unlink(missing_ok=True)

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their name."""
        digest = hashlib.sha256()
        with self.open(sha256) as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                digest.update(chunk)
        return digest.hexdigest() == sha256

    def __iter__(self) -> Iterator[str]:
        for path in self.root.glob("??/??/*"):
            if _SHA256.match(path.name):
                yield path.name

    def _put(self, chunks: Iterator[bytes]) -> str:
        digest = hashlib.sha256()
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp, prefix="incoming-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            final = self.path_for(sha256)
            if final.exists():
                tmp.unlink()
                return sha256
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            fsync_dir(final.parent)
            return sha256
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if exc.errno == errno.ENOSPC:
                raise DiskFull(f"the disk is full while writing to {self.root}") from exc
            raise StorageProblem(f"cannot write to {self.root}: {exc}") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
