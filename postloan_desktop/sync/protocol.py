"""The sync protocol's messages, shared by the laptop's client and the head-office server.

Every answer the server gives carries ``protocol`` = ``PROTOCOL``: a captive portal, a proxy
page or another web server that answers 200 does not, so the client never takes such a page
for an acknowledgement (ARCHITECTURE.md, "Sync design").
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL: Literal["postloan-sync/1"] = "postloan-sync/1"
API = "/api/v1"
# At most this many changes in one push; the client sends fewer.
MAX_PUSH = 200
PUSH_BATCH = 50
# Records in one pull page.
MAX_PAGE = 5000
PAGE = 2000
# Blob uploads and downloads go in chunks of this size; at most one chunk per file is in
# flight, so an interruption costs at most one chunk.
CHUNK = 1024 * 1024
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Answer(Message):
    protocol: Literal["postloan-sync/1"] = PROTOCOL


# --- accounts ------------------------------------------------------------------------------


class LoginRequest(Message):
    username: str = Field(min_length=1, max_length=50)
    password: str = Field(min_length=1, max_length=200)
    device_id: uuid.UUID
    device_name: str = Field(default="", max_length=100)


class RoleGrant(Message):
    role: str
    branch_id: uuid.UUID


class Account(Message):
    id: uuid.UUID
    username: str
    display_name: str
    branch_id: uuid.UUID
    roles: list[RoleGrant]


class LoginAnswer(Answer):
    token: str
    expires_at: dt.datetime
    account: Account
    server_id: uuid.UUID  # one per head-office database: a laptop never mixes two servers


class ErrorAnswer(Answer):
    """Any refusal: ``code`` is stable for programs, ``detail`` is for people (English)."""

    code: str
    detail: str
    retry_after: int | None = None  # seconds, for a refusal that ends by itself


# --- records -------------------------------------------------------------------------------


class WireRecord(Message):
    entity: str
    id: uuid.UUID
    version: int
    deleted: bool = False
    data: dict[str, Any] | None  # None for a deletion
    blobs: list[str] = []
    complete: bool = True  # every blob named has arrived at head office


class PullAnswer(Answer):
    records: list[WireRecord]
    cursor: int  # ask for what comes after this next time
    more: bool  # another page is waiting


class Change(Message):
    change_id: uuid.UUID  # made by the laptop; the same id twice is applied once
    entity: str
    id: uuid.UUID
    base_version: int = Field(ge=0)  # the version this change replaces; 0: a new record
    deleted: bool = False
    data: dict[str, Any] | None = None


class PushRequest(Message):
    changes: list[Change] = Field(max_length=MAX_PUSH)


class Outcome(StrEnum):
    APPLIED = "applied"
    ALREADY_APPLIED = "already_applied"
    CONFLICT = "conflict"  # the base version is stale: ``current`` is head office's record
    REJECTED = "rejected"  # not allowed or not valid: ``code`` and ``detail`` say why


class ChangeResult(Message):
    change_id: uuid.UUID
    outcome: Outcome
    version: int | None = None  # the record's version after an applied change
    code: str = ""
    detail: str = ""
    current: WireRecord | None = None


class PushAnswer(Answer):
    results: list[ChangeResult]


# --- blobs ---------------------------------------------------------------------------------


class BlobState(Answer):
    sha256: str
    size: int | None  # the whole blob's size once it is complete
    received: int  # bytes head office holds (all of them once complete)
    complete: bool


class MissingBlobs(Message):
    sha256: list[str] = Field(max_length=5000)


class MissingAnswer(Answer):
    missing: list[str]  # of those asked about, the ones head office does not have whole
    # Of those, the bytes head office already holds of a part you uploaded (resume there).
    received: dict[str, int] = {}


# --- reconciliation ------------------------------------------------------------------------


class Tally(Message):
    count: int
    digest: str  # order-independent hash of (id, version) of the live records


class ReconcileAnswer(Answer):
    cursor: int
    tallies: dict[str, Tally]


class Health(Answer):
    server_id: uuid.UUID
    version: str
