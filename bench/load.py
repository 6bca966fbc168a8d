"""Head office under load: 50 laptops syncing at once against the server on PostgreSQL.

    python bench/load.py [--laptops 50] [--changes 20] [--batch 5] [--workers 2]
                         [--procs 5] [--pg-fast]

Starts a throwaway PostgreSQL cluster (``initdb`` + ``pg_ctl``, as the ``postgres`` user when
run as root; PostgreSQL's default durability — fsync and synchronous commit on — unless
``--pg-fast``, which turns them off as the tests do) and ``postloan-headoffice serve
--workers 2`` on it (``python -m headoffice.cli serve``). Five branches of ten inspectors
(and a supervisor each) with a small portfolio each (the demo generator's borrowers, loans,
instalments, guarantors and collateral) and the published checklists.

The laptops are simulated, not desktop data folders (50 of those would measure SQLite on
the laptops and the photo import, not head office): each is a thread with its own
``SyncClient`` (the app's HTTP client, its real protocol messages), ten threads in each of
``--procs`` client processes. Before the clock starts every laptop logs in (Argon2 at head
office) and pulls its branch to the end. Then, released together, each one sends a day's
work on a loan of its own: a new inspection, answers to 18 checklist items and the
inspection changed again (``--changes`` 20), pushed in batches of ``--batch`` 5 as the
outbox fills, each push followed by pulls until head office has nothing more (the
colleagues' work of the same branch arrives that way).

Figures:

- ``changes_per_s``: changes applied / wall seconds from the release to the last laptop's
  last pull;
- ``push_p50_ms``, ``push_p95_ms``, ``push_max_ms``: latency of the push requests as the
  laptops saw them; ``push_server_p95_ms``: the same at head office (its access log);
  ``pull_p95_ms``;
- ``solo_push_ms``: the median push latency of one laptop doing the same work alone, just
  before (the service time without queueing); ``lock_waiters_max``/``_mean``: database
  sessions waiting on a lock, sampled every 50 ms during the run (pg_stat_activity), of
  ``active_sessions_mean`` active ones, and ``lock_wait_queries`` what they were waiting in.

Checks (the run fails when one does not hold; ``checks`` in the JSON):

- every change of the run was answered ``applied``, with the version that follows;
- head office holds exactly the inspections and answers sent, each at the version the
  number of its changes gives (so none lost, none applied twice), and ``applied_changes``
  holds every change id once, naming its record and version;
- after every laptop finished, each one's final pull shows it every field record of its
  branch at head office's version (no cursor skipped a record committed late);
- every batch sent again (the same change ids) is answered ``already_applied`` with the
  same version, and head office's sequence counter and records do not move.

Progress goes to stdout; the last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing as mp
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from common import BENCH_TODAY  # noqa: E402

PER_BRANCH = 10  # inspectors (laptops) per branch
TEMPLATE = "small_business"
CHECKLIST = HERE.parent / "resources" / "checklists" / f"{TEMPLATE}.yaml"


def say(message: str) -> None:
    print(message, flush=True)


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered), max(1, math.ceil(q / 100 * len(ordered)))) - 1]


# --- a day's work, as protocol changes ------------------------------------------------------


def checklist_items(count: int) -> list[tuple[str, Any]]:
    """The first ``count`` yes/no and text items of the checklist, with an answer each."""
    import yaml

    template = yaml.safe_load(CHECKLIST.read_text(encoding="utf-8"))
    answers = {"yes_no_na": "no", "text": "经营正常，贷款资金按合同约定用途使用。"}
    items = [
        (item["key"], answers[item["type"]])
        for section in template["sections"]
        for item in section.get("items", [])
        if item["type"] in answers
    ]
    if len(items) < count:
        raise SystemExit(f"{CHECKLIST} has only {len(items)} yes/no and text items")
    return items[:count]


def day_of_work(laptop: dict[str, Any], changes: int, batch: int) -> list[list[Any]]:
    """A new inspection, answers, the inspection changed again: ``changes`` changes in
    batches of ``batch``, as the laptop's outbox would send them."""
    from postloan_desktop.sync import protocol as p
    from postloan_desktop.sync.wire import entity, from_wire, values_to_wire

    def wire(name: str, values: dict[str, Any]) -> dict[str, Any]:
        """The wire form; columns not given take their default (the schema grows)."""
        given = dict(values)
        for column in entity(name).wire_columns():
            default = getattr(column.default, "arg", None)
            if column.key not in given and not callable(default):
                given[column.key] = default
        data = values_to_wire(name, given)
        from_wire(name, data)  # as head office will check it
        return data

    me, colleague = uuid.UUID(laptop["account"]), uuid.UUID(laptop["colleague"])
    started = dt.datetime.combine(BENCH_TODAY, dt.time(1, 30), tzinfo=dt.UTC)
    inspection_id = uuid.uuid4()
    inspection = {
        "id": inspection_id,
        "loan_id": uuid.UUID(laptop["loan"]),
        "kind": "periodic",
        "status": "draft",
        "revision": 1,
        "previous_revision_id": None,
        "template_id": TEMPLATE,
        "template_version": 1,
        "officer_a_id": me,
        "officer_b_id": colleague,
        "due_on": BENCH_TODAY + dt.timedelta(days=3),
        "inspected_on": BENCH_TODAY,
        "place": "借款人经营场所",
        "proposed_risk_class": None,
        "started_at": started,
        "submitted_at": None,
        "reviewed_at": None,
        "review_comment": "",
        "next_due_override": None,
        "next_due_override_reason": "",
        "version": 1,
    }
    made = [
        p.Change(
            change_id=uuid.uuid4(),
            entity="inspection",
            id=inspection_id,
            base_version=0,
            data=wire("inspection", inspection),
        )
    ]
    for n, (key, value) in enumerate(checklist_items(changes - 2)):
        answer = {
            "id": uuid.uuid4(),
            "inspection_id": inspection_id,
            "item_key": key,
            "value": value,
            "note": "",
            "answered_at": started + dt.timedelta(minutes=2 * n + 1),
            "answered_by": me,
            "carried_forward": False,
        }
        made.append(
            p.Change(
                change_id=uuid.uuid4(),
                entity="answer",
                id=answer["id"],
                base_version=0,
                data=wire("answer", answer),
            )
        )
    inspection.update(place="借款人经营场所（仓库）", version=changes - 1)
    made.append(
        p.Change(
            change_id=uuid.uuid4(),
            entity="inspection",
            id=inspection_id,
            base_version=1,
            data=wire("inspection", inspection),
        )
    )
    return [made[i : i + batch] for i in range(0, len(made), batch)]


# --- a simulated laptop -----------------------------------------------------------------------


class Laptop:
    def __init__(self, url: str, spec: dict[str, Any], changes: int, batch: int) -> None:
        from postloan_desktop.sync.client import SyncClient

        self.spec = spec
        self.client = SyncClient(url)
        self.batches = day_of_work(spec, changes, batch)
        self.cursor = 0
        self.seen: dict[tuple[str, str], int] = {}  # field records pulled: version
        self.push_ms: list[float] = []
        self.pull_ms: list[float] = []
        self.outcomes: list[tuple[str, str, int | None]] = []
        self.resent: list[tuple[str, str, int | None]] = []
        self.finished = 0.0

    def pull_all(self, timed: bool) -> None:
        while True:
            started = time.perf_counter()
            page = self.client.pull(self.cursor)
            if timed:
                self.pull_ms.append((time.perf_counter() - started) * 1000)
            for record in page.records:
                if record.entity in ("inspection", "answer"):
                    self.seen[(record.entity, str(record.id))] = record.version
            self.cursor = page.cursor
            if not page.more:
                return

    def prepare(self) -> None:
        self.client.login(
            self.spec["username"],
            self.spec["password"],
            device_id=uuid.uuid4(),
            device_name=f"laptop of {self.spec['username']}",
        )
        self.pull_all(timed=False)

    def work(self) -> None:
        for batch in self.batches:
            started = time.perf_counter()
            answer = self.client.push(batch)
            self.push_ms.append((time.perf_counter() - started) * 1000)
            for change, result in zip(batch, answer.results, strict=True):
                self.outcomes.append((str(change.change_id), result.outcome.value, result.version))
            self.pull_all(timed=True)
        self.finished = time.monotonic()

    def pull_final(self) -> None:
        self.pull_all(timed=False)

    def resend(self) -> None:
        for batch in self.batches:
            answer = self.client.push(batch)
            for change, result in zip(batch, answer.results, strict=True):
                self.resent.append((str(change.change_id), result.outcome.value, result.version))

    def result(self) -> dict[str, Any]:
        return {
            "username": self.spec["username"],
            "branch": self.spec["branch"],
            "changes": [
                {
                    "change_id": str(c.change_id),
                    "entity": c.entity,
                    "id": str(c.id),
                    "base_version": c.base_version,
                }
                for batch in self.batches
                for c in batch
            ],
            "outcomes": self.outcomes,
            "resent": self.resent,
            "seen": [[e, i, v] for (e, i), v in self.seen.items()],
            "push_ms": self.push_ms,
            "pull_ms": self.pull_ms,
            "finished": self.finished,
        }


def client_process(
    url: str,
    specs: list[dict[str, Any]],
    changes: int,
    batch: int,
    ready: Any,
    go: Any,
    pushed: Any,
    check: Any,
    results: Any,
) -> None:
    """One client process: a thread per laptop, stepping through the phases together."""
    laptops = [Laptop(url, spec, changes, batch) for spec in specs]
    errors: list[str] = []

    def phase(step: str) -> None:
        def run(laptop: Laptop) -> None:
            try:
                getattr(laptop, step)()
            except Exception:
                errors.append(f"{laptop.spec['username']} {step}: {traceback.format_exc()}")

        threads = [threading.Thread(target=run, args=(laptop,)) for laptop in laptops]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    phase("prepare")
    ready.put(errors if errors else len(laptops))
    go.wait()
    phase("work")
    pushed.put(errors if errors else len(laptops))
    check.wait()
    phase("pull_final")
    phase("resend")
    results.put({"laptops": [laptop.result() for laptop in laptops], "errors": errors})


# --- the run -------------------------------------------------------------------------------------


def setup(server: Any, laptops: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Branches of ten inspectors and a supervisor, a small portfolio each; one laptop spec
    per inspector, each with a loan of its own; and a spare inspector of the first branch
    for the solo run."""
    from _server import PASSWORD, bulk_put, portfolio_records

    from postloan_desktop.domain.enums import Role

    specs: list[dict[str, Any]] = []
    extra: list[dict[str, Any]] = []
    branches = (laptops + PER_BRANCH - 1) // PER_BRANCH
    for n in range(branches):
        code = f"05{n:02d}"
        branch_id = server.create_branch(code, f"分行{code}")
        size = min(PER_BRANCH, laptops - n * PER_BRANCH)
        people = [
            (f"i{code}{k:02d}", server.create_account(f"i{code}{k:02d}", code, (Role.INSPECTOR,)))
            for k in range(size + (1 if n == 0 else 0))
        ]
        server.create_account(f"s{code}", code, (Role.SUPERVISOR,))
        records = portfolio_records(
            branch_id,
            [a for _, a in people],
            loans=4 * len(people),
            borrowers=3 * len(people),
            today=BENCH_TODAY,
            seed=n,
        )
        with server.session() as session:
            bulk_put(session, branch_id, records)
        loans = [str(i) for name, i, _ in records if name == "loan"]
        for k, (username, account) in enumerate(people):
            (specs if k < size else extra).append(
                {
                    "username": username,
                    "password": PASSWORD,
                    "account": str(account),
                    "colleague": str(people[(k + 1) % len(people)][1]),
                    "loan": loans[k],
                    "branch": str(branch_id),
                }
            )
    server.publish_templates()
    return specs, extra[0]


def solo(url: str, spec: dict[str, Any], changes: int, batch: int) -> list[float]:
    laptop = Laptop(url, spec, changes, batch)
    laptop.prepare()
    laptop.work()
    if any(outcome != "applied" for _, outcome, _ in laptop.outcomes):
        raise SystemExit(f"the solo laptop's changes were not all applied: {laptop.outcomes}")
    return laptop.push_ms


class LockSampler(threading.Thread):
    """Counts the database sessions waiting on a lock, every 50 ms."""

    def __init__(self, conninfo: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.conninfo = conninfo
        self.samples: list[int] = []
        self.active: list[int] = []
        self.queries: dict[str, int] = {}  # what the waiting sessions run, by samples
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(**self.conninfo, autocommit=True) as conn:
            while not self.stop.is_set():
                rows = conn.execute(
                    "SELECT state, wait_event_type, left(regexp_replace(query, '\\s+', ' ', "
                    "'g'), 90) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
                waiting = [q for state, kind, q in rows if kind == "Lock"]
                self.samples.append(len(waiting))
                self.active.append(sum(1 for state, _, _ in rows if state == "active"))
                for query in waiting:
                    self.queries[query] = self.queries.get(query, 0) + 1
                time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laptops", type=int, default=50)
    parser.add_argument("--changes", type=int, default=20, help="changes per laptop (≥ 3)")
    parser.add_argument("--batch", type=int, default=5, help="changes per push")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--procs", type=int, default=5, help="client processes")
    parser.add_argument("--pg-fast", action="store_true", help="fsync etc. off, as the tests")
    options = parser.parse_args()
    if options.changes < 3:
        parser.error("--changes must be at least 3")
    begun = time.perf_counter()

    from _server import Server, start_pg_cluster

    cluster = start_pg_cluster(durable=not options.pg_fast)
    root = Path(tempfile.mkdtemp(prefix="bench-load-"))
    say(f"PostgreSQL on 127.0.0.1:{cluster.port} ({', '.join(cluster.settings)})")
    try:
        database = cluster.create_database("headoffice")
        server = Server(cluster.url(database), root / "headoffice", workers=options.workers)
        try:
            t0 = time.perf_counter()
            specs, spare = setup(server, options.laptops)
            say(
                f"{len(specs)} laptops' accounts and branches made "
                f"({time.perf_counter() - t0:.1f} s)"
            )
            server.start()
            say(f"server: {server.url}, {options.workers} workers")
            figures = run(server, cluster, specs, spare, options)
        finally:
            server.close()
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
    figures["total_s"] = round(time.perf_counter() - begun, 1)
    print(json.dumps(figures, ensure_ascii=False))


def run(
    server: Any, cluster: Any, specs: list[dict[str, Any]], spare: dict[str, Any], options: Any
) -> dict[str, Any]:
    from sqlalchemy import func, select

    from headoffice.db import SEQ
    from headoffice.models import AppliedChange, Counter, Record

    solo_ms = solo(server.url, spare, options.changes, options.batch)
    say(f"solo laptop: pushes {', '.join(f'{x:.0f}' for x in solo_ms)} ms")

    context = mp.get_context("spawn")
    ready, pushed, results = context.Queue(), context.Queue(), context.Queue()
    go, check = context.Event(), context.Event()
    groups = [specs[i :: options.procs] for i in range(options.procs)]
    groups = [g for g in groups if g]
    processes = [
        context.Process(
            target=client_process,
            args=(server.url, g, options.changes, options.batch, ready, go, pushed, check, results),
        )
        for g in groups
    ]
    t0 = time.perf_counter()
    for process in processes:
        process.start()
    for _ in processes:
        got = ready.get(timeout=300)
        if not isinstance(got, int):
            raise SystemExit("a laptop could not log in or pull:\n" + "\n".join(got))
    say(
        f"{len(specs)} laptops logged in and pulled in {len(processes)} client processes "
        f"({time.perf_counter() - t0:.1f} s)"
    )
    offset = server.log_offset()
    sampler = LockSampler(
        {"host": "127.0.0.1", "port": cluster.port, "user": "postgres", "dbname": "headoffice"}
    )
    sampler.start()
    released = time.monotonic()
    go.set()
    for _ in processes:
        got = pushed.get(timeout=600)
        if not isinstance(got, int):
            raise SystemExit("a laptop failed:\n" + "\n".join(got))
    sampler.stop.set()
    sampler.join()
    time.sleep(0.5)  # the last log lines
    entries = server.requests_since(offset)
    with server.session() as session:
        seq_before = session.scalar(select(Counter.value).where(Counter.name == SEQ))
    check.set()
    gathered = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(60)
    errors = [e for g in gathered for e in g["errors"]]
    if errors:
        raise SystemExit("a laptop failed:\n" + "\n".join(errors))
    laptops = [lap for g in gathered for lap in g["laptops"]]
    wall = max(lap["finished"] for lap in laptops) - released

    push_ms = [x for lap in laptops for x in lap["push_ms"]]
    pull_ms = [x for lap in laptops for x in lap["pull_ms"]]
    server_push = [float(e["ms"]) for e in entries if e["path"].endswith("/push")]
    total = sum(len(lap["changes"]) for lap in laptops)
    say(
        f"{total} changes from {len(laptops)} laptops in {wall:.2f} s: "
        f"{total / wall:.0f} changes/s; push p50 {percentile(push_ms, 50):.0f} ms, "
        f"p95 {percentile(push_ms, 95):.0f} ms, max {max(push_ms):.0f} ms "
        f"(server-side p95 {percentile(server_push, 95):.0f} ms); "
        f"pull p95 {percentile(pull_ms, 95):.0f} ms; sessions waiting on a lock: "
        f"max {max(sampler.samples, default=0)}, mean "
        f"{statistics.mean(sampler.samples) if sampler.samples else 0:.1f}"
    )

    # --- checks -------------------------------------------------------------------------------
    checks: dict[str, Any] = {}
    expected: dict[tuple[str, str], int] = {}  # the version each record must be at
    sent: dict[str, tuple[str, str, int]] = {}  # change id: entity, record id, version
    problems: list[str] = []
    for lap in laptops:
        outcome = {c: (o, v) for c, o, v in lap["outcomes"]}
        for change in lap["changes"]:
            key = (change["entity"], change["id"])
            version = change["base_version"] + 1
            expected[key] = max(expected.get(key, 0), version)
            sent[change["change_id"]] = (change["entity"], change["id"], version)
            if outcome.get(change["change_id"]) != ("applied", version):
                problems.append(f"{change['change_id']}: {outcome.get(change['change_id'])}")
    checks["all_applied"] = not problems
    with server.session() as session:
        held = {
            (e, str(i)): (v, str(b))
            for e, i, v, b in session.execute(
                select(Record.entity, Record.id, Record.version, Record.branch_id).where(
                    Record.entity.in_(("inspection", "answer"))
                )
            )
        }
        applied = {
            str(c): (e, str(r), v)
            for c, e, r, v in session.execute(
                select(
                    AppliedChange.change_id,
                    AppliedChange.entity,
                    AppliedChange.record_id,
                    AppliedChange.version,
                )
            )
        }
        applied_rows = session.scalar(select(func.count()).select_from(AppliedChange))
    # Head office also holds the solo laptop's work: changes - 1 records, `changes` changes.
    versions = {k: v for k, (v, _) in held.items()}
    ours = {k: v for k, v in versions.items() if k in expected}
    checks["records_and_versions"] = (
        ours == expected and len(held) - len(expected) == options.changes - 1
    )
    checks["change_ids_applied_once"] = applied_rows == total + options.changes and all(
        applied.get(c) == want for c, want in sent.items()
    )
    by_branch: dict[str, dict[tuple[str, str], int]] = {}
    for (entity, record_id), (version, branch) in held.items():
        by_branch.setdefault(branch, {})[(entity, record_id)] = version
    checks["pulls_complete"] = all(
        {(e, i): v for e, i, v in lap["seen"]} == by_branch.get(lap["branch"], {})
        for lap in laptops
    )
    resent = [(c, o, v) for lap in laptops for c, o, v in lap["resent"]]
    with server.session() as session:
        seq_after = session.scalar(select(Counter.value).where(Counter.name == SEQ))
        versions_after = {
            (e, str(i)): v
            for e, i, v in session.execute(
                select(Record.entity, Record.id, Record.version).where(
                    Record.entity.in_(("inspection", "answer"))
                )
            )
        }
    checks["resend_already_applied"] = (
        len(resent) == total
        and all(o == "already_applied" and v == sent[c][2] for c, o, v in resent)
        and seq_after == seq_before
        and versions_after == versions
    )
    say(f"checks: {checks}" + (f"; first problems: {problems[:3]}" if problems else ""))
    if not all(checks.values()):
        raise SystemExit("a check failed")
    return {
        "laptops": len(laptops),
        "changes_per_laptop": options.changes,
        "batch": options.batch,
        "server_workers": options.workers,
        "database": "postgresql " + ("fast (fsync off)" if options.pg_fast else "durable"),
        "client_processes": len(processes),
        "changes": total,
        "pushes": len(push_ms),
        "pulls": len(pull_ms),
        "wall_s": round(wall, 2),
        "changes_per_s": round(total / wall, 1),
        "push_p50_ms": round(percentile(push_ms, 50), 1),
        "push_p95_ms": round(percentile(push_ms, 95), 1),
        "push_max_ms": round(max(push_ms), 1),
        "push_server_p50_ms": round(percentile(server_push, 50), 1),
        "push_server_p95_ms": round(percentile(server_push, 95), 1),
        "pull_p50_ms": round(percentile(pull_ms, 50), 1),
        "pull_p95_ms": round(percentile(pull_ms, 95), 1),
        "solo_push_ms": round(statistics.median(solo_ms), 1),
        "lock_waiters_max": max(sampler.samples, default=0),
        "lock_waiters_mean": round(statistics.mean(sampler.samples), 2) if sampler.samples else 0,
        "active_sessions_mean": round(statistics.mean(sampler.active), 2) if sampler.active else 0,
        "lock_wait_queries": dict(sorted(sampler.queries.items(), key=lambda kv: -kv[1])[:3]),
        "checks": checks,
    }


if __name__ == "__main__":
    main()
