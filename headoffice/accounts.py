"""Accounts, roles, devices and login tokens.

Passwords are hashed with Argon2id (argon2-cffi's defaults, RFC 9106's second recommended
profile); tokens are 256 random bits, kept only as their SHA-256, and expire. Every change
to a branch, an account or its roles is mirrored into the ``branch``, ``user`` and
``user_role`` records laptops pull, so a laptop knows its branch's staff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from headoffice.models import Account, AccountRole, Branch, Device, LoginThrottle, Token
from headoffice.store import SeqAllocator, put_record
from postloan_desktop.domain.enums import OfficerRank, Role
from postloan_desktop.storage.types import utcnow
from postloan_desktop.sync.wire import user_role_id

_hasher = PasswordHasher()
MIN_PASSWORD = 8


class AccountProblem(Exception):
    """An admin command that cannot be done as asked; the message says why."""


class LoginRefused(Exception):
    """Wrong username or password, or a disabled account (the caller is not told which)."""


class LoginLocked(Exception):
    """Too many wrong passwords for this username lately: no login until ``until``."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


@dataclass(frozen=True)
class Throttle:
    """``max_failures`` wrong passwords for one username within ``window`` lock it for
    ``lockout``; a right password (before that) or an administrator's unlock starts over."""

    max_failures: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)
    lockout: dt.timedelta = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Caller:
    """The account behind a request, with its roles by branch."""

    account_id: uuid.UUID
    username: str
    display_name: str
    branch_id: uuid.UUID
    device_id: uuid.UUID
    roles: frozenset[tuple[Role, uuid.UUID]]

    def branches(self) -> set[uuid.UUID]:
        return {self.branch_id} | {b for _, b in self.roles}

    def roles_in(self, branch_id: uuid.UUID) -> set[Role]:
        return {r for r, b in self.roles if b == branch_id}


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountProblem(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- admin -----------------------------------------------------------------------------------


def create_branch(session: Session, *, code: str, name: str, city: str = "") -> Branch:
    if session.scalar(select(Branch).where(Branch.code == code)) is not None:
        raise AccountProblem(f"a branch with code {code!r} exists already")
    branch = Branch(id=uuid.uuid4(), code=code, name=name, city=city)
    session.add(branch)
    session.flush()
    _mirror_branch(session, branch)
    return branch


def branch_by_code(session: Session, code: str) -> Branch:
    branch = session.scalar(select(Branch).where(Branch.code == code))
    if branch is None:
        raise AccountProblem(f"no branch with code {code!r}")
    return branch


def create_account(
    session: Session,
    *,
    username: str,
    display_name: str,
    branch_code: str,
    roles: list[Role],
    password: str,
    rank: OfficerRank = OfficerRank.OFFICER,
    phone: str = "",
    account_id: uuid.UUID | None = None,
) -> Account:
    if not roles:
        raise AccountProblem("give the account at least one role")
    if session.scalar(select(Account).where(Account.username == username)) is not None:
        raise AccountProblem(f"the username {username!r} is taken")
    branch = branch_by_code(session, branch_code)
    account = Account(
        id=account_id or uuid.uuid4(),
        username=username,
        display_name=display_name,
        branch_id=branch.id,
        rank=rank,
        phone=phone,
        password_hash=hash_password(password),
    )
    session.add(account)
    session.flush()
    for role in sorted(set(roles)):
        session.add(AccountRole(account_id=account.id, role=role, branch_id=branch.id))
    session.flush()
    _mirror_account(session, account)
    return account


def account_by_username(session: Session, username: str) -> Account:
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None:
        raise AccountProblem(f"no account {username!r}")
    return account


def reset_password(session: Session, *, username: str, password: str) -> None:
    """Set a new password and end every login of the account."""
    account = account_by_username(session, username)
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    session.execute(delete(Token).where(Token.account_id == account.id))
    unlock(session, username=username)  # the new password may be tried at once


def set_active(session: Session, *, username: str, active: bool) -> None:
    account = account_by_username(session, username)
    account.active = active
    if not active:
        session.execute(delete(Token).where(Token.account_id == account.id))
    session.flush()
    _mirror_account(session, account)


def _mirror_branch(session: Session, branch: Branch) -> None:
    seqs = SeqAllocator(session)
    data = {"id": str(branch.id), "code": branch.code, "name": branch.name, "city": branch.city}
    put_record(session, seqs, "branch", branch.id, branch.id, data)
    seqs.close()


def _mirror_account(session: Session, account: Account) -> None:
    seqs = SeqAllocator(session)
    data = {
        "id": str(account.id),
        "username": account.username,
        "display_name": account.display_name,
        "branch_id": str(account.branch_id),
        "rank": account.rank.value,
        "phone": account.phone,
        "active": account.active,
    }
    put_record(session, seqs, "user", account.id, account.branch_id, data)
    grants = session.scalars(select(AccountRole).where(AccountRole.account_id == account.id))
    for grant in grants:
        role_data = {
            "user_id": str(account.id),
            "role": grant.role.value,
            "branch_id": str(grant.branch_id),
        }
        record_id = user_role_id(account.id, grant.role.value, grant.branch_id)
        put_record(session, seqs, "user_role", record_id, grant.branch_id, role_data)
    seqs.close()


# --- login -----------------------------------------------------------------------------------


def login(
    session: Session,
    *,
    username: str,
    password: str,
    device_id: uuid.UUID,
    device_name: str,
    lifetime: dt.timedelta,
) -> tuple[str, dt.datetime, Account]:
    """A new token for a right username and password; registers the device at its first
    login. Raises LoginRefused, or LoginLocked (before any password check) while the
    username is locked out: record a refusal with ``record_failure``, in a transaction of
    its own (this one is rolled back)."""
    now = utcnow()
    throttle = session.get(LoginThrottle, username)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        raise LoginLocked(throttle.locked_until)
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None:
        _hasher.hash(password)  # the same work as a real check: no timing hint of who exists
        raise LoginRefused()
    try:
        _hasher.verify(account.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise LoginRefused() from None
    if not account.active:
        raise LoginRefused()
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    if throttle is not None:
        session.delete(throttle)  # a right password starts the count over
    device = session.get(Device, device_id)
    if device is None:
        device = Device(id=device_id, registered_by=account.id, name=device_name)
        session.add(device)
    device.last_seen_at = now
    if device_name:
        device.name = device_name
    session.flush()
    token = secrets.token_urlsafe(32)
    expires = now + lifetime
    session.add(
        Token(
            token_sha256=_token_digest(token),
            account_id=account.id,
            device_id=device_id,
            issued_at=now,
            expires_at=expires,
        )
    )
    session.execute(delete(Token).where(Token.expires_at < now))
    return token, expires, account


def record_failure(session: Session, username: str, throttle: Throttle) -> dt.datetime | None:
    """Count a refused login for ``username``; the time it is locked until if this one
    locked it. Rows are locked while counting, so that concurrent attempts all count."""
    now = utcnow()
    row = session.get(LoginThrottle, username, with_for_update=True)
    if row is None:
        row = LoginThrottle(username=username, failures=0, first_failed_at=now)
        session.add(row)
    elif now - row.first_failed_at > throttle.window or (
        row.locked_until is not None and row.locked_until <= now
    ):
        row.failures, row.first_failed_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= throttle.max_failures:
        row.locked_until = now + throttle.lockout
        return row.locked_until
    return None


def unlock(session: Session, *, username: str) -> bool:
    """Forget the refused logins of ``username``; whether it was locked."""
    row = session.get(LoginThrottle, username)
    if row is None:
        return False
    locked = row.locked_until is not None and row.locked_until > utcnow()
    session.delete(row)
    return locked


def caller_for(session: Session, token: str) -> Caller | None:
    """The caller a token belongs to, or None (unknown, expired, or the account disabled)."""
    row = session.execute(
        select(Token, Account)
        .join(Account, Account.id == Token.account_id)
        .where(Token.token_sha256 == _token_digest(token))
    ).first()
    if row is None:
        return None
    found, account = row
    if found.expires_at <= utcnow() or not account.active:
        return None
    return caller_of(session, account, found.device_id)


def caller_of(session: Session, account: Account, device_id: uuid.UUID) -> Caller:
    grants = session.execute(
        select(AccountRole.role, AccountRole.branch_id).where(AccountRole.account_id == account.id)
    ).all()
    return Caller(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        branch_id=account.branch_id,
        device_id=device_id,
        roles=frozenset((role, branch) for role, branch in grants),
    )
