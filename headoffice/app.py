"""The head-office sync server (FastAPI).

Stateless between requests: everything lives in the database and the blob folder, so several
processes can run behind a load balancer on one PostgreSQL database and one shared folder.
OpenAPI docs are at ``/docs``. Every answer carries the protocol marker
(``sync.protocol.PROTOCOL``) and refusals are ``ErrorAnswer`` objects.
"""

import datetime as dt
import logging
import math
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from headoffice import __version__
from headoffice import accounts as acc
from headoffice.blobs import ServerBlobs, UploadProblem
from headoffice.db import create_server_engine, require_current, server_id, session_factory
from headoffice.models import RecordBlob
from headoffice.push import apply_push
from headoffice.settings import ServerSettings
from headoffice.signatures import report_checker
from headoffice.store import pull_page, scope, tallies
from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.storage.blobstore import _check_digest
from postloan_desktop.storage.types import utcnow
from postloan_desktop.sync import protocol as p

log = logging.getLogger("headoffice.api")


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, detail: str, *, retry_after: int | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.retry_after = retry_after


def _error(status: int, code: str, detail: str, retry_after: int | None = None) -> JSONResponse:
    body = p.ErrorAnswer(code=code, detail=detail, retry_after=retry_after)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    # Without a wait the body is as it was before retry_after existed: laptops not yet
    # updated (their messages forbid unknown fields) still read every other refusal.
    content = body.model_dump(mode="json", exclude_none=True)
    return JSONResponse(content, status_code=status, headers=headers)


class Server:
    """What the endpoints share: settings, sessions, blobs, the report checker."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.engine = create_server_engine(settings.resolved_database_url())
        require_current(self.engine)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        self.blobs = ServerBlobs(settings.resolved_blob_dir())
        self.check_report = report_checker(settings.resolved_ca_certificate())
        with self.sessions() as session:
            self.server_id = server_id(session)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose transaction commits at the end of the block (rolls back on an
        error). Endpoints end it before they answer: an answer then follows its commit, and
        SQLite's write lock (taken at BEGIN) is not held while a slow laptop reads the answer.
        (A dependency with ``yield`` would end it only after the answer was sent.)"""
        with self.sessions() as session, session.begin():
            yield session


def create_app(settings: ServerSettings) -> FastAPI:
    server = Server(settings)
    app = FastAPI(
        title="postloan head office",
        version=__version__,
        description="Sync, blob and account endpoints for the postloan desktops.",
    )
    app.state.server = server
    prefix = p.API

    @app.middleware("http")
    async def access_log(request: Request, call_next: Any) -> Response:
        started = time.perf_counter()
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:12]
        try:
            response: Response = await call_next(request)
        except Exception:
            log.exception(
                "request failed",
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.url.path,
                },
            )
            response = _error(500, "server_error", "head office had an internal error")
        response.headers["x-request-id"] = request_id
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "account": getattr(request.state, "account", None),
            },
        )
        return response

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.detail, exc.retry_after)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return _error(422, "bad_request", f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(OperationalError)
    async def database_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc.orig)
        return _error(503, "database_unavailable", "head office's database is unavailable")

    def identify(request: Request, session: Session, authorization: str | None) -> acc.Caller:
        if not authorization or not authorization.startswith("Bearer "):
            raise ApiError(401, "login_required", "log in first")
        found = acc.caller_for(session, authorization.removeprefix("Bearer ").strip())
        if found is None:
            raise ApiError(401, "login_expired", "the login expired or was ended; log in again")
        request.state.account = found.username
        return found

    def caller(
        request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> acc.Caller:
        with server.transaction() as session:
            return identify(request, session, authorization)

    Who = Annotated[acc.Caller, Depends(caller)]

    @app.get(f"{prefix}/health", response_model=p.Health)
    def health() -> p.Health:
        return p.Health(server_id=server.server_id, version=__version__)

    def _count_refusal(username: str) -> dt.datetime | None:
        throttle = settings.login_throttle()
        for attempt in (1, 2):  # two first refusals at once: one inserts, the other retries
            try:
                with server.transaction() as session:
                    return acc.record_failure(session, username, throttle)
            except IntegrityError:
                if attempt == 2:
                    raise
        return None

    def _locked(until: dt.datetime) -> ApiError:
        wait = max(1, math.ceil((until - utcnow()).total_seconds()))
        return ApiError(
            429,
            "login_locked",
            f"too many wrong passwords: this username is locked for {math.ceil(wait / 60)} "
            "more minute(s), or until an administrator unlocks it",
            retry_after=wait,
        )

    @app.post(f"{prefix}/login", response_model=p.LoginAnswer)
    def login(body: p.LoginRequest) -> p.LoginAnswer:
        try:
            with server.transaction() as session:
                token, expires, account = acc.login(
                    session,
                    username=body.username,
                    password=body.password,
                    device_id=body.device_id,
                    device_name=body.device_name,
                    lifetime=dt.timedelta(hours=settings.token_hours),
                )
                who = acc.caller_of(session, account, body.device_id)
        except acc.LoginLocked as locked:
            raise _locked(locked.until) from None
        except acc.LoginRefused:
            until = _count_refusal(body.username)
            if until is not None:
                log.warning("login: %r locked after repeated wrong passwords", body.username)
                raise _locked(until) from None
            raise ApiError(401, "login_refused", "wrong username or password") from None
        return p.LoginAnswer(
            token=token,
            expires_at=expires,
            server_id=server.server_id,
            account=p.Account(
                id=who.account_id,
                username=who.username,
                display_name=who.display_name,
                branch_id=who.branch_id,
                roles=[p.RoleGrant(role=r.value, branch_id=b) for r, b in sorted(who.roles)],
            ),
        )

    @app.get(f"{prefix}/pull", response_model=p.PullAnswer)
    def pull(
        who: Who,
        cursor: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=p.MAX_PAGE)] = p.PAGE,
    ) -> p.PullAnswer:
        with server.transaction() as session:
            return pull_page(session, who.branches(), cursor, limit)

    @app.post(f"{prefix}/push", response_model=p.PushAnswer)
    def push(body: p.PushRequest, who: Who) -> p.PushAnswer:
        for attempt in range(3):
            with server.sessions() as session:
                try:
                    answer = apply_push(
                        session,
                        who,
                        body,
                        read_blob=server.blobs.read,
                        check_report=server.check_report,
                    )
                    session.commit()
                    return answer
                except IntegrityError:
                    # The same change arrived twice at once (a retry racing the first try):
                    # the second sees it applied when it runs again.
                    session.rollback()
                    if attempt == 2:
                        raise
        raise AssertionError("unreachable")

    @app.get(f"{prefix}/reconcile", response_model=p.ReconcileAnswer)
    def reconcile(who: Who) -> p.ReconcileAnswer:
        with server.transaction() as session:
            return tallies(session, who.branches())

    def _sha(sha256: str) -> str:
        try:
            return _check_digest(sha256)
        except InvalidInput:
            raise ApiError(422, "bad_request", "not a SHA-256 digest") from None

    @app.get(f"{prefix}/blobs/{{sha256}}/state", response_model=p.BlobState)
    def blob_state(sha256: str, who: Who) -> p.BlobState:
        return server.blobs.state(_sha(sha256), who.account_id)

    @app.post(f"{prefix}/blobs/missing", response_model=p.MissingAnswer)
    def blobs_missing(body: p.MissingBlobs, who: Who) -> p.MissingAnswer:
        missing = [s for s in body.sha256 if not server.blobs.has(_sha(s))]
        received = {}
        for sha in missing:
            held = server.blobs.state(sha, who.account_id).received
            if held:
                received[sha] = held
        return p.MissingAnswer(missing=missing, received=received)

    @app.put(f"{prefix}/blobs/{{sha256}}", response_model=p.BlobState)
    async def blob_upload(
        sha256: str,
        request: Request,
        offset: Annotated[int, Query(ge=0)],
        size: Annotated[int, Query(ge=0)],
    ) -> p.BlobState | JSONResponse:
        # Read at most the largest chunk: a body of any size is never held in memory whole.
        received = bytearray()
        async for piece in request.stream():
            received += piece
            if len(received) > 4 * p.CHUNK:
                return _error(413, "chunk_too_large", f"send chunks of at most {4 * p.CHUNK} bytes")
        chunk = bytes(received)

        def work() -> p.BlobState:
            with server.sessions() as session:
                who = identify(request, session, request.headers.get("authorization"))
                state = server.blobs.append(
                    session, _sha(sha256), who.account_id, offset=offset, size=size, chunk=chunk
                )
                session.commit()
                return state

        try:
            return await run_in_threadpool(work)
        except UploadProblem as exc:
            return _error(exc.status, exc.code, exc.detail)

    @app.get(f"{prefix}/blobs/{{sha256}}")
    def blob_download(sha256: str, who: Who) -> FileResponse:
        sha = _sha(sha256)
        with server.transaction() as session:
            allowed = session.scalar(
                select(RecordBlob.sha256)
                .where(RecordBlob.sha256 == sha, RecordBlob.branch_id.in_(scope(who.branches())))
                .limit(1)
            )
        if allowed is None or not server.blobs.has(sha):
            raise ApiError(404, "blob_not_found", "head office has no such blob for your branch")
        path: Path = server.blobs.path(sha)
        return FileResponse(path, media_type="application/octet-stream")

    return app
