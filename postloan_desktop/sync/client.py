"""The HTTP client of the sync protocol (httpx).

Only an answer that is JSON, has the status the protocol gives for it and carries the
protocol marker counts: a captive portal, a proxy's login page or any other server answering
200 is ``NotOurServer``, never an acknowledgement. Every failure is a ``SyncProblem`` with a
stable ``code`` the app turns into a sentence in the user's language.
"""

from __future__ import annotations

import functools
import hashlib
import ssl
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.errors import Cancelled, SyncProblem

__all__ = ["Cancelled", "SyncClient", "SyncProblem"]

M = TypeVar("M", bound=BaseModel)
TIMEOUT = httpx.Timeout(30.0, connect=5.0)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The system's trusted certificates, loaded once per process (httpx would read them
    again for every client: tens of milliseconds on each sync)."""
    return ssl.create_default_context()


def _parse(response: httpx.Response, model: type[M]) -> M:
    kind = response.headers.get("content-type", "")
    if not kind.startswith("application/json"):
        raise SyncProblem(
            "not_our_server",
            f"the address answered with {kind or 'no content type'} (HTTP "
            f"{response.status_code}), not head office's protocol: a captive portal or proxy?",
            status=response.status_code,
        )
    try:
        body = response.json()
    except ValueError:
        raise SyncProblem("not_our_server", "the answer is not JSON") from None
    if not isinstance(body, dict) or body.get("protocol") != p.PROTOCOL:
        raise SyncProblem(
            "not_our_server", "the answer does not carry head office's protocol marker"
        )
    if response.status_code >= 400:
        try:
            error = p.ErrorAnswer.model_validate(body)
        except ValidationError:
            raise SyncProblem(
                "server_error", f"HTTP {response.status_code}", status=response.status_code
            ) from None
        status = response.status_code
        if status == 429 and error.code == "login_locked":
            raise SyncProblem(
                "login_locked", error.detail, status=status, retry_after=error.retry_after
            )
        if status == 401:
            code = "login_refused" if error.code == "login_refused" else "login_required"
            raise SyncProblem(code, error.detail, status=status)
        if status >= 500:
            raise SyncProblem("server_error", error.detail, status=status)
        raise SyncProblem("refused", f"{error.code}: {error.detail}", status=status)
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise SyncProblem(
            "not_our_server", f"the answer does not fit the protocol: {exc}"
        ) from None


class SyncClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.Client(
            base_url=self.base_url + p.API,
            timeout=timeout,
            transport=transport,
            verify=_tls_context(),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"} if self.token else {}

    def _call(self, method: str, path: str, model: type[M], **kwargs: Any) -> M:
        headers = {**self._headers(), **kwargs.pop("headers", {})}
        try:
            response = self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TimeoutException as exc:
            raise SyncProblem("unreachable", f"head office did not answer in time ({exc})") from exc
        except httpx.TransportError as exc:
            raise SyncProblem("unreachable", f"cannot reach head office ({exc})") from exc
        return _parse(response, model)

    # --- protocol --------------------------------------------------------------------------

    def health(self) -> p.Health:
        return self._call("GET", "/health", p.Health)

    def login(
        self, username: str, password: str, *, device_id: uuid.UUID, device_name: str
    ) -> p.LoginAnswer:
        body = p.LoginRequest(
            username=username, password=password, device_id=device_id, device_name=device_name
        )
        answer = self._call("POST", "/login", p.LoginAnswer, json=body.model_dump(mode="json"))
        self.token = answer.token
        return answer

    def pull(self, cursor: int, limit: int = p.PAGE) -> p.PullAnswer:
        return self._call("GET", "/pull", p.PullAnswer, params={"cursor": cursor, "limit": limit})

    def push(self, changes: list[p.Change]) -> p.PushAnswer:
        body = p.PushRequest(changes=changes).model_dump(mode="json")
        answer = self._call("POST", "/push", p.PushAnswer, json=body)
        sent = [c.change_id for c in changes]
        if [r.change_id for r in answer.results] != sent:
            raise SyncProblem(
                "not_our_server", "the push answer does not answer the changes that were sent"
            )
        return answer

    def reconcile(self) -> p.ReconcileAnswer:
        return self._call("GET", "/reconcile", p.ReconcileAnswer)

    def missing(self, shas: list[str]) -> dict[str, int]:
        """Of ``shas``, the blobs head office does not hold whole, each with the bytes it
        already has of it (0, or where an interrupted upload stopped)."""
        answer = self._call("POST", "/blobs/missing", p.MissingAnswer, json={"sha256": shas})
        asked = set(shas)
        return {s: answer.received.get(s, 0) for s in answer.missing if s in asked}

    def blob_state(self, sha256: str) -> p.BlobState:
        return self._call("GET", f"/blobs/{sha256}/state", p.BlobState)

    def upload(
        self,
        sha256: str,
        path: Path,
        *,
        chunk: int = p.CHUNK,
        on_bytes: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        received: int | None = None,
    ) -> int:
        """Send a blob in chunks from where head office's copy stops (``received``, as
        ``missing`` said; asked for when not given); returns the bytes sent (0 when head
        office had it whole)."""
        size = path.stat().st_size
        if received is None:
            state = self.blob_state(sha256)
        else:
            state = p.BlobState(sha256=sha256, size=None, received=received, complete=False)
        sent = 0
        with path.open("rb") as stream:
            while not state.complete:
                if cancelled():
                    raise Cancelled()
                stream.seek(state.received)
                data = stream.read(chunk)
                if not data and state.received < size:
                    raise SyncProblem("hash_mismatch", f"{path} is shorter than announced")
                try:
                    state = self._call(
                        "PUT",
                        f"/blobs/{sha256}",
                        p.BlobState,
                        params={"offset": state.received, "size": size},
                        content=data,
                        headers={"content-type": "application/octet-stream"},
                    )
                except SyncProblem as exc:
                    if exc.status == 409:  # our idea of the offset was stale: ask again
                        state = self.blob_state(sha256)
                        continue
                    raise
                sent += len(data)
                if on_bytes is not None:
                    on_bytes(len(data))
        return sent

    def download(
        self,
        sha256: str,
        part: Path,
        *,
        on_bytes: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Path:
        """Fetch a blob into ``part``, resuming a part file left by an interrupted download,
        and check its hash; returns ``part`` holding exactly the blob."""
        have = part.stat().st_size if part.exists() else 0
        headers = {**self._headers(), "range": f"bytes={have}-"} if have else self._headers()
        try:
            with self._http.stream("GET", f"/blobs/{sha256}", headers=headers) as response:
                if response.status_code >= 400:
                    response.read()
                    _parse(response, p.Health)  # raises the right SyncProblem
                if have and response.status_code != 206:
                    have = 0  # no range support: start over
                with part.open("ab" if have else "wb") as out:
                    for block in response.iter_bytes(p.CHUNK):
                        if cancelled():
                            raise Cancelled()
                        out.write(block)
                        if on_bytes is not None:
                            on_bytes(len(block))
        except httpx.TransportError as exc:
            raise SyncProblem("unreachable", f"the download was cut off ({exc})") from exc
        digest = hashlib.sha256()
        with part.open("rb") as stream:
            for block in iter(lambda: stream.read(p.CHUNK), b""):
                digest.update(block)
        if digest.hexdigest() != sha256:
            part.unlink(missing_ok=True)
            raise SyncProblem("hash_mismatch", f"blob {sha256[:12]}… arrived damaged")
        return part
