"""Head office's blob store: uploads in chunks that resume, checked before they are kept.

A blob being uploaded is a part file ``ROOT/parts/SHA.ACCOUNT`` that grows chunk by chunk;
each chunk names the offset it starts at, so a chunk sent twice is refused (the client asks
for the state and goes on from ``received``) and an interrupted upload resumes where it
stopped. When the part reaches the announced size it is hashed: a match is fsynced and
renamed into the content-addressed store and recorded in ``blobs``; a mismatch is thrown
away. The part files and the store live in one folder all server processes share.
"""

from __future__ import annotations

import errno
import hashlib
import os
import uuid
from pathlib import Path

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from headoffice.models import Blob
from postloan_desktop.storage.atomic import fsync_dir
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.sync import protocol as p

# The largest blob head office takes: a 200-megapixel phone photo is below 100 MB.
MAX_BLOB = 512 * 1024 * 1024


class UploadProblem(Exception):
    def __init__(self, code: str, detail: str, status: int) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status


class ServerBlobs:
    def __init__(self, root: Path) -> None:
        self.store = BlobStore(root)
        self.parts = root / "parts"
        self.parts.mkdir(parents=True, exist_ok=True)

    def _part(self, sha256: str, account: uuid.UUID) -> Path:
        self.store.path_for(sha256)  # checks the digest's form
        return self.parts / f"{sha256}.{account}"

    def has(self, sha256: str) -> bool:
        return self.store.exists(sha256)

    def read(self, sha256: str) -> bytes | None:
        return self.store.read(sha256) if self.store.exists(sha256) else None

    def path(self, sha256: str) -> Path:
        return self.store.path_for(sha256)

    def state(self, sha256: str, account: uuid.UUID) -> p.BlobState:
        if self.store.exists(sha256):
            size = self.store.path_for(sha256).stat().st_size
            return p.BlobState(sha256=sha256, size=size, received=size, complete=True)
        part = self._part(sha256, account)
        received = part.stat().st_size if part.exists() else 0
        return p.BlobState(sha256=sha256, size=None, received=received, complete=False)

    def append(
        self,
        session: Session,
        sha256: str,
        account: uuid.UUID,
        *,
        offset: int,
        size: int,
        chunk: bytes,
    ) -> p.BlobState:
        if size < 0 or size > MAX_BLOB:
            raise UploadProblem("too_large", f"a blob may be at most {MAX_BLOB} bytes", 413)
        if self.store.exists(sha256):
            self._record(session, sha256, self.store.path_for(sha256).stat().st_size)
            return self.state(sha256, account)
        part = self._part(sha256, account)
        received = part.stat().st_size if part.exists() else 0
        if offset != received:
            raise UploadProblem(
                "wrong_offset", f"head office holds {received} bytes, not {offset}", 409
            )
        if received + len(chunk) > size:
            part.unlink(missing_ok=True)
            raise UploadProblem("too_long", "more bytes than the announced size", 422)
        try:
            with part.open("ab") as out:
                out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise UploadProblem("disk_full", "head office's disk is full", 507) from exc
            raise
        if received + len(chunk) < size:
            return p.BlobState(
                sha256=sha256, size=None, received=received + len(chunk), complete=False
            )
        return self._finish(session, sha256, part, size)

    def _finish(self, session: Session, sha256: str, part: Path, size: int) -> p.BlobState:
        digest = hashlib.sha256()
        with part.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha256:
            part.unlink(missing_ok=True)
            raise UploadProblem(
                "hash_mismatch", "the bytes do not hash to the blob's name; send it again", 422
            )
        final = self.store.path_for(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, final)
        fsync_dir(final.parent)
        self._record(session, sha256, size)
        return p.BlobState(sha256=sha256, size=size, received=size, complete=True)

    def _record(self, session: Session, sha256: str, size: int) -> None:
        dialect = session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        session.execute(insert(Blob).values(sha256=sha256, size=size).on_conflict_do_nothing())
