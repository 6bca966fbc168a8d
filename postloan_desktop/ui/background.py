"""Long work off the GUI thread: ``run_in_background(fn, ...)`` and the ``Task`` it returns.

``fn`` runs in a worker thread of a ``QThreadPool`` and is handed a ``TaskControl``: it calls
``control.report(value)`` to say how far it is and asks ``control.cancelled()`` between steps.
Everything it reports, returns or raises crosses back to the GUI thread through queued
signals, so slots connected to a ``Task`` always run on the GUI thread and may touch widgets;
``fn`` itself never may.

    task = run_in_background(
        lambda control: service.import_files(..., progress=control.report,
                                             cancelled=control.cancelled),
        on_progress=self._on_import_progress,
        on_done=self._on_import_done,
        on_error=self._on_import_failed,
    )
    ...
    task.cancel()  # a Cancel button; fn sees it at its next control.cancelled()

A task keeps itself alive until it has delivered its result; quitting the application asks
every running task to stop. Tests may pass ``pool=SynchronousPool()`` to run ``fn`` at once on
the calling thread (the signals still arrive through the event loop), or wait for a real
pool's task with ``qtbot.waitSignal(task.finished)``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by ``TaskControl.check()`` in a task whose cancel was asked for."""


class TaskControl:
    """What the function running in the worker thread may use: no widgets, only this."""

    def __init__(self, relay: _Relay, cancel: threading.Event) -> None:
        self._relay = relay
        self._cancel = cancel

    def report(self, value: object) -> None:
        """Tell the GUI thread how far the work is (any value; delivered in order)."""
        self._relay.progressed.emit(value)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Stop here (raise ``Cancelled``) if the user asked to cancel."""
        if self._cancel.is_set():
            raise Cancelled


class _Relay(QObject):
    """Emitted from the worker thread; lives in the GUI thread, so the Task gets queued calls."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)


class Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class SynchronousPool:
    """A pool that runs each task at once on the calling thread (for tests)."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


class _Runnable(QRunnable):
    def __init__(
        self, fn: Callable[[TaskControl], object], control: TaskControl, relay: _Relay
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._control = control
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn(self._control)
        except Exception as exc:  # delivered to the GUI thread, shown there
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class Task(QObject):
    """One piece of background work, seen from the GUI thread."""

    progressed = Signal(object)  # what the task reported
    succeeded = Signal(object)  # what it returned
    failed = Signal(object)  # the exception it raised (Cancelled if it stopped on check())
    finished = Signal()  # after succeeded or failed: the task is over

    def __init__(self, name: str = "") -> None:
        super().__init__()  # no parent: it lives until it has delivered its result
        self.name = name
        self._cancel = threading.Event()
        self._running = False
        self._keep_alive: Task | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self._relay = _Relay(self)  # a child: deleted with the task, in the GUI thread
        queued = Qt.ConnectionType.QueuedConnection
        self._relay.progressed.connect(self._on_relay_progressed, queued)
        self._relay.succeeded.connect(self._on_relay_succeeded, queued)
        self._relay.failed.connect(self._on_relay_failed, queued)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop; it does at its next ``cancelled()`` or ``check()``."""
        self._cancel.set()

    def start(self, fn: Callable[[TaskControl], object], pool: Pool) -> None:
        self._running = True
        self._keep_alive = self
        pool.start(_Runnable(fn, TaskControl(self._relay, self._cancel), self._relay))

    def _on_relay_progressed(self, value: object) -> None:
        if self._running:
            self.progressed.emit(value)

    def _on_relay_succeeded(self, result: object) -> None:
        self.result = result
        self._end()
        self.succeeded.emit(result)
        self.finished.emit()

    def _on_relay_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._end()
        if not isinstance(exc, Cancelled):
            log.error("background task %s failed", self.name or "?", exc_info=exc)
        self.failed.emit(exc)
        self.finished.emit()

    def _end(self) -> None:
        self._running = False
        self._keep_alive = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.disconnect(self.cancel)


def run_in_background(
    fn: Callable[[TaskControl], object],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    name: str = "",
    pool: Pool | None = None,
) -> Task:
    """Run ``fn(control)`` in a worker thread; the callbacks run on the GUI thread."""
    task = Task(name)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if on_done is not None:
        task.succeeded.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    task.start(fn, pool if pool is not None else QThreadPool.globalInstance())
    return task
