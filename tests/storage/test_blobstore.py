"""The content-addressed blob store (storage/blobstore.py): atomic, deduplicated, verifiable."""

import errno
import hashlib
import io
import os
from pathlib import Path

import pytest

from postloan_desktop.domain.errors import DiskFull, InvalidInput, NotFound, StorageProblem
from postloan_desktop.storage import blobstore
from postloan_desktop.storage.blobstore import CHUNK, BlobStore

PHOTO = b"\xff\xd8\xff\xe0 not really a JPEG, but bytes are bytes \xff\xd9"


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "blobs")


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _temp_files(store: BlobStore) -> list[Path]:
    return sorted((store.root / "tmp").iterdir())


def test_put_bytes_returns_the_sha256_and_files_the_blob_by_it(store: BlobStore) -> None:
    sha = store.put_bytes(PHOTO)
    assert sha == hashlib.sha256(PHOTO).hexdigest()
    path = store.root / sha[:2] / sha[2:4] / sha
    assert path.read_bytes() == PHOTO
    assert store.path_for(sha) == path
    assert store.exists(sha)
    assert store.read(sha) == PHOTO
    assert _temp_files(store) == []


def test_same_content_is_stored_once(store: BlobStore) -> None:
    first = store.put_bytes(PHOTO)
    second = store.put_stream(io.BytesIO(PHOTO))
    assert first == second
    assert _files(store.root) == [store.path_for(first)]
    assert list(store) == [first]


def test_different_content_is_stored_apart(store: BlobStore) -> None:
    digests = {store.put_bytes(PHOTO), store.put_bytes(PHOTO + b"!"), store.put_bytes(b"")}
    assert len(digests) == 3
    assert set(store) == digests
    assert store.read(hashlib.sha256(b"").hexdigest()) == b""


def test_put_file_and_multi_chunk_stream(store: BlobStore, tmp_path: Path) -> None:
    data = os.urandom(CHUNK * 2 + 12345)
    source = tmp_path / "scan.pdf"
    source.write_bytes(data)
    sha = store.put_file(source)
    assert sha == hashlib.sha256(data).hexdigest()
    with store.open(sha) as stream:
        assert stream.read() == data
    assert store.verify(sha)


def test_verify_notices_changed_bytes(store: BlobStore) -> None:
    sha = store.put_bytes(PHOTO)
    assert store.verify(sha)
    store.path_for(sha).write_bytes(PHOTO.replace(b"JPEG", b"JPEG-edited"))
    assert not store.verify(sha)


def test_missing_blob_is_not_found(store: BlobStore) -> None:
    missing = hashlib.sha256(b"never stored").hexdigest()
    assert not store.exists(missing)
    with pytest.raises(NotFound):
        store.open(missing)
    with pytest.raises(NotFound):
        store.read(missing)
    with pytest.raises(NotFound):
        store.verify(missing)


@pytest.mark.parametrize(
    "digest",
    [
        "",
        "abc",
        "../../etc/passwd",
        hashlib.sha256(b"x").hexdigest().upper(),
        hashlib.sha256(b"x").hexdigest()[:-1] + "g",
        hashlib.sha256(b"x").hexdigest() + "0",
        "../" + hashlib.sha256(b"x").hexdigest()[3:],
    ],
)
def test_invalid_digest_is_invalid_input(store: BlobStore, digest: str) -> None:
    with pytest.raises(InvalidInput):
        store.open(digest)
    with pytest.raises(InvalidInput):
        store.exists(digest)
    with pytest.raises(InvalidInput):
        store.path_for(digest)


class _BrokenStream(io.RawIOBase):
    """Gives some bytes, then fails the way a pulled USB stick or a bug would."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.reads = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        if self.reads == 1:
            return b"x" * 1000
        raise self.error


def test_failing_stream_leaves_nothing_behind(store: BlobStore) -> None:
    with pytest.raises(RuntimeError, match="camera went away"):
        store.put_stream(_BrokenStream(RuntimeError("camera went away")))  # type: ignore[arg-type]
    assert _files(store.root) == []
    assert list(store) == []


def test_interrupted_stream_leaves_nothing_behind(store: BlobStore) -> None:
    with pytest.raises(KeyboardInterrupt):
        store.put_stream(_BrokenStream(KeyboardInterrupt()))  # type: ignore[arg-type]
    assert _files(store.root) == []


def _no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_at_fsync_is_disk_full(store: BlobStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blobstore.os, "fsync", _no_space)
    with pytest.raises(DiskFull):
        store.put_bytes(PHOTO)
    monkeypatch.undo()
    assert _files(store.root) == []
    assert not store.exists(hashlib.sha256(PHOTO).hexdigest())


class _FullDisk(io.FileIO):
    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_while_writing_is_disk_full(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blobstore.os, "fdopen", lambda fd, *_a, **_k: _FullDisk(fd, "wb"))
    with pytest.raises(DiskFull):
        store.put_bytes(PHOTO)
    monkeypatch.undo()
    assert _files(store.root) == []


def test_disk_full_keeps_blobs_already_stored(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = store.put_bytes(PHOTO)
    monkeypatch.setattr(blobstore.os, "fsync", _no_space)
    with pytest.raises(DiskFull):
        store.put_bytes(b"another photo")
    monkeypatch.undo()
    assert _files(store.root) == [store.path_for(kept)]
    assert store.verify(kept)


def test_other_write_errors_are_storage_problems_not_disk_full(
    store: BlobStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(blobstore.os, "fsync", denied)
    with pytest.raises(StorageProblem) as info:
        store.put_bytes(PHOTO)
    assert not isinstance(info.value, DiskFull)
    monkeypatch.undo()
    assert _files(store.root) == []
