"""Sync as the app sees it: enrol with head office, log in (online, or offline against the
verifier kept from the last online login), sync now, the status bar's figures, and the
conflicts a person decides.

A laptop is bound to one head office (its server id) the first time it enrols: pointing it
at another server is refused, so two databases never mix in one laptop.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.errors import NotAllowed, NotFound
from postloan_desktop.domain.ids import new_id
from postloan_desktop.domain.rules import InspectionRules
from postloan_desktop.storage.blobstore import BlobStore
from postloan_desktop.storage.models import (
    SyncBlob,
    SyncConflict,
    SyncOutbox,
    SyncRecord,
    User,
)
from postloan_desktop.storage.types import utcnow
from postloan_desktop.sync.errors import SyncProblem
from postloan_desktop.sync.inbox import get_state, remember, set_state, upsert, want_downloads
from postloan_desktop.sync.outbox import APPLYING
from postloan_desktop.sync.tally import mix
from postloan_desktop.sync.wire import entity, from_wire, to_wire

SERVER_URL = "sync.server_url"
SERVER_ID = "sync.server_id"
DEVICE_ID = "sync.device_id"
TOKEN = "sync.token"
TOKEN_EXPIRES = "sync.token_expires"
ACCOUNT = "sync.account"  # the logged-in account as JSON (protocol.Account)
LAST_SYNC = "sync.last_sync"
DIFFERENCES = "sync.differences"
VERIFIER = "sync.verifier."  # + username: Argon2 hash of the password, for offline login

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from postloan_desktop.sync.client import SyncClient
    from postloan_desktop.sync.engine import Progress, SyncReport

# httpx, pydantic and argon2 load on the first login or sync, not at start-up.


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    # A lighter profile than head office's: the laptop's verifier only guards offline login.
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def _default_client(url: str, token: str | None) -> SyncClient:
    from postloan_desktop.sync.client import SyncClient

    return SyncClient(url, token=token)


@dataclass(frozen=True)
class LoggedIn:
    user_id: uuid.UUID
    username: str
    display_name: str
    roles: tuple[tuple[str, uuid.UUID], ...]
    online: bool


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str
    last_sync_at: dt.datetime | None
    pending_changes: int
    pending_bytes: int  # blobs still to upload
    open_conflicts: int
    missing_files: int  # photos and reports named by records here, not downloaded yet
    differences: list[dict[str, Any]]
    login_expires_at: dt.datetime | None  # when the kept online login runs out


@dataclass(frozen=True)
class ConflictView:
    id: uuid.UUID
    entity: str
    record_id: uuid.UUID
    kind: str  # conflict | rejected
    code: str
    detail: str
    local: dict[str, Any] | None
    server: dict[str, Any] | None
    server_version: int
    detected_at: dt.datetime


class SyncService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        blobs: BlobStore,
        *,
        rules: InspectionRules,
        after_apply: Callable[[Session, set[uuid.UUID]], None] | None = None,
        client_factory: Callable[[str, str | None], SyncClient] | None = None,
        is_demo: Callable[[], bool] = lambda: False,
    ) -> None:
        self._sessions = sessions
        self._blobs = blobs
        self._rules = rules
        self._after_apply = after_apply
        self.client_factory = client_factory or _default_client
        self._is_demo = is_demo

    # --- state -----------------------------------------------------------------------------

    def _get(self, key: str) -> str | None:
        with self._sessions() as session:
            return get_state(session, key)

    def _set(self, **values: str) -> None:
        with self._sessions.begin() as session:
            for key, value in values.items():
                set_state(session, key, value)

    def device_id(self) -> uuid.UUID:
        found = self._get(DEVICE_ID)
        if found:
            return uuid.UUID(found)
        made = new_id()
        self._set(**{DEVICE_ID: str(made)})
        return made

    def enrolled(self) -> bool:
        return bool(self._get(SERVER_URL))

    def server_url(self) -> str:
        return self._get(SERVER_URL) or ""

    # --- login -----------------------------------------------------------------------------

    def login(self, username: str, password: str, *, server_url: str | None = None) -> LoggedIn:
        """Log in at head office (enrolling the laptop on the first login), or offline
        against the verifier of the last online login when head office is out of reach.
        Raises SyncProblem (``login_refused``, ``unreachable``, ``other_server``…)."""
        url = (server_url or self.server_url()).strip()
        if not url:
            raise SyncProblem("not_enrolled", "give head office's address first")
        if not self.enrolled() and self._is_demo():
            raise SyncProblem(
                "demo_folder",
                "this data folder holds the demo portfolio: enrolling it would send made-up "
                "loans to head office; use a new data folder",
            )
        try:
            with self.client_factory(url, None) as client:
                health = client.health()
                bound = self._get(SERVER_ID)
                if bound and uuid.UUID(bound) != health.server_id:
                    raise SyncProblem(
                        "other_server",
                        "this laptop belongs to another head-office server; its data would mix",
                    )
                answer = client.login(
                    username,
                    password,
                    device_id=self.device_id(),
                    device_name=platform.node()[:100],
                )
        except SyncProblem as exc:
            if exc.code in ("unreachable", "not_our_server") and server_url is None:
                return self._offline_login(username, password, exc)
            raise
        account = answer.account
        self._set(
            **{
                SERVER_URL: url,
                SERVER_ID: str(answer.server_id),
                TOKEN: answer.token,
                TOKEN_EXPIRES: answer.expires_at.isoformat(),
                ACCOUNT: account.model_dump_json(),
                VERIFIER + username: _hasher().hash(password),
            }
        )
        return LoggedIn(
            account.id,
            account.username,
            account.display_name,
            tuple((g.role, g.branch_id) for g in account.roles),
            online=True,
        )

    def _offline_login(self, username: str, password: str, cause: SyncProblem) -> LoggedIn:
        verifier = self._get(VERIFIER + username)
        if not verifier:
            raise cause
        with self._sessions() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is not None and not user.active:
                # head office disabled the account (known from the last sync)
                raise SyncProblem("login_refused", "this account is disabled")
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        try:
            _hasher().verify(verifier, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            raise SyncProblem("login_refused", "wrong username or password") from None
        from postloan_desktop.sync import protocol as p

        stored = self._get(ACCOUNT)
        if not stored:
            raise cause
        account = p.Account.model_validate_json(stored)
        if account.username != username:
            # Another officer logged in online on this laptop last; their record is below.
            with self._sessions() as session:
                user = session.scalar(select(User).where(User.username == username))
                if user is None:
                    raise cause
                return LoggedIn(user.id, user.username, user.display_name, (), online=False)
        return LoggedIn(
            account.id,
            account.username,
            account.display_name,
            tuple((g.role, g.branch_id) for g in account.roles),
            online=False,
        )

    def online_login_of(self, username: str) -> bool:
        """Whether the kept online login (its token, still valid) is ``username``'s: after
        an offline login, that person may sync without typing the password again."""
        from postloan_desktop.sync import protocol as p

        stored, expires = self._get(ACCOUNT), self._get(TOKEN_EXPIRES)
        if not stored or not expires or dt.datetime.fromisoformat(expires) <= utcnow():
            return False
        return p.Account.model_validate_json(stored).username == username

    # --- sync ------------------------------------------------------------------------------

    def client(self) -> SyncClient:
        url = self.server_url()
        if not url:
            raise SyncProblem("not_enrolled", "this laptop is not enrolled with head office")
        expires = self._get(TOKEN_EXPIRES)
        token = self._get(TOKEN)
        if not token or (expires and dt.datetime.fromisoformat(expires) <= utcnow()):
            raise SyncProblem("login_required", "the login expired: log in again to sync")
        return self.client_factory(url, token)

    def sync(
        self, *, progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False
    ) -> SyncReport:
        from postloan_desktop.sync.engine import SyncEngine

        with self.client() as client:
            engine = SyncEngine(
                self._sessions, self._blobs, client, progress=progress, cancelled=cancelled
            )
            report = engine.run()
        if report.applied.loans and self._after_apply is not None:
            with self._sessions.begin() as session:
                self._after_apply(session, report.applied.loans)
        differences = [vars(d) for d in report.differences]
        values = {LAST_SYNC: utcnow().isoformat()}
        if report.compared:
            values[DIFFERENCES] = json.dumps(differences)
        self._set(**values)
        return report

    def status(self) -> SyncStatus:
        with self._sessions() as session:
            pending = session.scalar(select(func.count()).select_from(SyncOutbox)) or 0
            ups = list(session.scalars(select(SyncBlob.sha256).where(SyncBlob.direction == "up")))
            downs = session.scalar(
                select(func.count()).select_from(SyncBlob).where(SyncBlob.direction == "down")
            )
            conflicts = session.scalar(
                select(func.count())
                .select_from(SyncConflict)
                .where(SyncConflict.resolved_at.is_(None))
            )
            last = get_state(session, LAST_SYNC)
            expires = get_state(session, TOKEN_EXPIRES)
            differences = json.loads(get_state(session, DIFFERENCES) or "[]")
            url = get_state(session, SERVER_URL) or ""
        size = sum(self._blobs.path_for(s).stat().st_size for s in ups if self._blobs.exists(s))
        return SyncStatus(
            enrolled=bool(url),
            server_url=url,
            last_sync_at=dt.datetime.fromisoformat(last) if last else None,
            pending_changes=pending,
            pending_bytes=size,
            open_conflicts=conflicts or 0,
            missing_files=downs or 0,
            differences=differences,
            login_expires_at=dt.datetime.fromisoformat(expires) if expires else None,
        )

    # --- conflicts -------------------------------------------------------------------------

    def conflicts(self) -> list[ConflictView]:
        with self._sessions() as session:
            rows = session.scalars(
                select(SyncConflict)
                .where(SyncConflict.resolved_at.is_(None))
                .order_by(SyncConflict.detected_at)
            )
            return [
                ConflictView(
                    id=c.id,
                    entity=c.entity,
                    record_id=c.record_id,
                    kind=c.kind,
                    code=c.code,
                    detail=c.detail,
                    local=None if c.local_deleted else c.local_data,
                    server=None if c.server_deleted else c.server_data,
                    server_version=c.server_version,
                    detected_at=c.detected_at,
                )
                for c in rows
            ]

    def resolve(self, conflict_id: uuid.UUID, *, keep: str) -> None:
        """``keep="mine"``: send this laptop's version again, on top of head office's;
        ``keep="theirs"``: take head office's version here. Both sides stay in the
        conflict's record either way."""
        if keep not in ("mine", "theirs"):
            raise ValueError(keep)
        with self._sessions.begin() as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None or conflict.resolved_at is not None:
                raise NotFound("no such open conflict")
            kind = entity(conflict.entity)
            table: Any = kind.model.__table__
            if keep == "mine":
                if conflict.kind == "rejected":
                    raise NotAllowed(
                        "head office refused this change; sending it again changes nothing"
                    )
                row = session.get(kind.model, conflict.record_id)
                session.add(
                    SyncOutbox(
                        change_id=new_id(),
                        entity=conflict.entity,
                        record_id=conflict.record_id,
                        deleted=row is None,
                        data=None if row is None else to_wire(row),
                    )
                )
            else:
                session.info[APPLYING] = True
                if conflict.server_deleted or conflict.server_data is None:
                    session.execute(table.delete().where(table.c.id == conflict.record_id))
                else:
                    values = from_wire(conflict.entity, conflict.server_data)
                    session.execute(upsert(table, values), [values])
                    # Head office's photo may name renditions this laptop never had (it
                    # was turned there): fetched at the next sync, like a pulled record's.
                    want_downloads(session, self._blobs, set(kind.blobs(conflict.server_data)))
            if conflict.server_version:
                remember(
                    session,
                    [
                        {
                            "entity": conflict.entity,
                            "record_id": conflict.record_id,
                            "version": conflict.server_version,
                            "deleted": conflict.server_deleted,
                            "mix": mix(
                                conflict.entity, conflict.record_id, conflict.server_version
                            ),
                        }
                    ],
                )
            conflict.resolved_at = utcnow()
            conflict.resolution = keep

    def known_version(self, entity_name: str, record_id: uuid.UUID) -> int:
        with self._sessions() as session:
            found = session.get(SyncRecord, (entity_name, record_id))
            return found.version if found is not None else 0
