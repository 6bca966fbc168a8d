"""Sync's failures (no heavy imports: the app's start-up loads this, not the client)."""

from __future__ import annotations


class SyncProblem(Exception):
    """``code``: unreachable, not_our_server, login_required, login_refused, login_locked,
    refused, server_error, cancelled, hash_mismatch, other_server, not_enrolled.
    ``retry_after``: seconds until a refusal ends by itself (login_locked)."""

    def __init__(
        self, code: str, detail: str, *, status: int | None = None, retry_after: int | None = None
    ) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status
        self.retry_after = retry_after


class Cancelled(SyncProblem):
    def __init__(self) -> None:
        super().__init__("cancelled", "the sync was cancelled")
