"""When the app syncs by itself: a quiet sync when there is something to send or the last
sync is old, and an exponential back-off while head office is out of reach.

Plain Python (no Qt, no clock of its own): the caller passes ``now`` in seconds (a
``time.monotonic()`` reading), so the schedule is tested without timers. The main window's
timer asks ``due(...)`` on every tick and reports each attempt's outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_RETRY = 30.0  # seconds after the first failure
MAX_RETRY = 15 * 60.0  # the back-off stops doubling here
STALE_AFTER = 15 * 60.0  # a quiet sync when the last one is older than this
MIN_GAP = 2 * 60.0  # at most one quiet sync for pending changes per this many seconds
TICK = 30.0  # how often the main window asks

# Failures worth retrying by themselves: the network, a portal page, a server hiccup.
TRANSIENT = frozenset({"unreachable", "not_our_server", "server_error", "hash_mismatch"})


def backoff_delays(first: float = FIRST_RETRY, cap: float = MAX_RETRY) -> list[float]:
    """The waits after 1, 2, 3… failures in a row until they reach the cap (the schedule
    in one line: 30 s, 1 min, 2 min, 4 min, 8 min, 15 min)."""
    delays = [first]
    while delays[-1] < cap:
        delays.append(min(delays[-1] * 2, cap))
    return delays


@dataclass
class AutoSyncSchedule:
    first_retry: float = FIRST_RETRY
    max_retry: float = MAX_RETRY
    stale_after: float = STALE_AFTER
    min_gap: float = MIN_GAP
    failures: int = 0  # failed attempts in a row
    not_before: float = 0.0  # no attempt before this moment (after a failure)
    last_attempt: float | None = None
    # Set after a failure no retry can mend (the login expired, another head office): no
    # quiet attempt until a person acts (a sync by hand or a new login clears it).
    suspended_for: str | None = None
    _delays: list[float] = field(default_factory=list, repr=False)

    def retry_delay(self) -> float:
        """How long to wait after the failures so far (0 when there were none)."""
        if self.failures == 0:
            return 0.0
        delays = self._delays or backoff_delays(self.first_retry, self.max_retry)
        self._delays = delays
        return delays[min(self.failures, len(delays)) - 1]

    def due(self, now: float, *, pending: int, last_sync_age: float | None) -> bool:
        """Whether a quiet sync should start now. ``pending``: changes waiting to go up;
        ``last_sync_age``: seconds since the last successful sync (None: never)."""
        if self.suspended_for is not None or now < self.not_before:
            return False
        if last_sync_age is None or last_sync_age >= self.stale_after:
            return True
        if pending <= 0:
            return False
        if self.failures:
            return True  # the back-off said when
        return self.last_attempt is None or now - self.last_attempt >= self.min_gap

    def started(self, now: float) -> None:
        self.last_attempt = now

    def succeeded(self, now: float) -> None:
        """A sync went through: the back-off starts over."""
        self.failures = 0
        self.not_before = 0.0
        self.suspended_for = None
        self.last_attempt = now

    def failed(self, now: float, code: str) -> float | None:
        """A sync failed with a ``SyncProblem`` code. Returns the seconds until the next
        quiet attempt, or None when quiet attempts stop until a person acts."""
        if code == "cancelled":
            return 0.0
        if code not in TRANSIENT:
            self.suspended_for = code
            return None
        self.failures += 1
        delay = self.retry_delay()
        self.not_before = now + delay
        return delay

    def resume(self) -> None:
        """A person acted (logged in again, synced by hand): quiet syncs may start again."""
        self.suspended_for = None
