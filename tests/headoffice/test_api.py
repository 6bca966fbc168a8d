"""The head-office server over HTTP, as a laptop meets it: health, login and tokens, pull
pages, tallies, and a restart between two pushes — the real server (``liveserver``) on
SQLite and on PostgreSQL."""

import datetime as dt
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
from headoffice_support import Sync, change, inspection, two_branches
from liveserver import PASSWORD, LiveServer

from headoffice.db import server_id
from headoffice.models import ALL_BRANCHES, LoginThrottle
from postloan_desktop.domain.enums import Role
from postloan_desktop.storage.types import utcnow
from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.tally import mix, tally_digest


def _login(server: LiveServer, username: str, password: str) -> httpx.Response:
    with server.client() as http:
        return http.post(
            "/login",
            json={"username": username, "password": password, "device_id": str(uuid.uuid4())},
        )


# --- health ---------------------------------------------------------------------------------


def test_health_carries_the_protocol_marker_and_the_server_id(live_server: LiveServer) -> None:
    answer = httpx.get(f"{live_server.api}/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["protocol"] == p.PROTOCOL
    with live_server.session() as session:
        assert body["server_id"] == str(server_id(session))
    assert body["version"]
    assert answer.headers["x-request-id"]


def test_the_openapi_document_lists_the_sync_endpoints(live_server: LiveServer) -> None:
    answer = httpx.get(f"{live_server.url}/openapi.json")
    assert answer.status_code == 200
    paths = answer.json()["paths"]
    for path in ("health", "login", "pull", "push", "reconcile", "blobs/missing"):
        assert f"{p.API}/{path}" in paths
    assert f"{p.API}/blobs/{{sha256}}" in paths


# --- login ----------------------------------------------------------------------------------


def test_login_gives_a_token_and_the_account_with_its_roles(live_server: LiveServer) -> None:
    branch = live_server.create_branch("0101")
    account_id = live_server.create_account(
        "zhangsan", "0101", [Role.INSPECTOR, Role.SUPERVISOR], display_name="张三"
    )
    answer = _login(live_server, "zhangsan", PASSWORD)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["protocol"] == p.PROTOCOL
    assert len(body["token"]) >= 40
    assert body["server_id"] == httpx.get(f"{live_server.api}/health").json()["server_id"]
    assert body["account"] == {
        "id": str(account_id),
        "username": "zhangsan",
        "display_name": "张三",
        "branch_id": str(branch),
        "roles": [
            {"role": "inspector", "branch_id": str(branch)},
            {"role": "supervisor", "branch_id": str(branch)},
        ],
    }
    with live_server.client(body["token"]) as http:
        assert http.get("/pull").status_code == 200


def test_wrong_password_unknown_user_and_disabled_account_are_refused_alike(
    live_server: LiveServer,
) -> None:
    live_server.create_branch("0101")
    live_server.create_account("zhangsan", "0101")
    live_server.create_account("lisi", "0101")
    live_server.set_active("lisi", False)
    answers = [
        _login(live_server, "zhangsan", "not the password"),
        _login(live_server, "nobody", PASSWORD),
        _login(live_server, "lisi", PASSWORD),
    ]
    bodies = [a.json() for a in answers]
    assert [a.status_code for a in answers] == [401, 401, 401]
    assert {b["code"] for b in bodies} == {"login_refused"}
    assert len({b["detail"] for b in bodies}) == 1
    assert all(b["protocol"] == p.PROTOCOL for b in bodies)
    live_server.set_active("lisi", True)
    assert _login(live_server, "lisi", PASSWORD).status_code == 200


def test_no_token_or_an_unknown_one_is_refused(live_server: LiveServer) -> None:
    with live_server.client() as http:
        answer = http.get("/pull")
    assert answer.status_code == 401
    assert answer.json()["code"] == "login_required"
    with live_server.client("not-a-token") as http:
        answer = http.get("/pull")
    assert answer.status_code == 401
    assert answer.json()["code"] == "login_expired"


def test_a_token_expires(
    live_server_factory: Callable[..., LiveServer], server_database_url: str, tmp_path: Path
) -> None:
    server = live_server_factory(
        server_database_url, tmp_path / "headoffice", env={"POSTLOAN_HO_TOKEN_HOURS": "0.0005"}
    )  # 1.8 seconds
    server.create_branch("0101")
    server.create_account("zhangsan", "0101")
    token = server.login("zhangsan")
    with server.client(token) as http:
        assert http.get("/pull").status_code == 200
        time.sleep(2.0)
        answer = http.get("/pull")
    assert answer.status_code == 401
    assert answer.json()["code"] == "login_expired"


def test_a_password_reset_or_disabling_ends_the_logins(live_server: LiveServer) -> None:
    live_server.create_branch("0101")
    live_server.create_account("zhangsan", "0101")
    live_server.create_account("lisi", "0101")
    first, second = live_server.login("zhangsan"), live_server.login("zhangsan")
    other = live_server.login("lisi")
    live_server.reset_password("zhangsan", "a new password")
    for token in (first, second):
        with live_server.client(token) as http:
            assert http.get("/pull").status_code == 401
    assert _login(live_server, "zhangsan", PASSWORD).status_code == 401
    assert _login(live_server, "zhangsan", "a new password").status_code == 200
    live_server.set_active("lisi", False)
    with live_server.client(other) as http:
        assert http.get("/pull").status_code == 401


def test_repeated_wrong_passwords_lock_the_username_for_a_while(live_server: LiveServer) -> None:
    """Five wrong passwords lock the name (the right one is then refused too, with the wait);
    a username that does not exist locks the same way, so a lock tells nobody who exists."""
    live_server.create_branch("0101")
    live_server.create_account("zhangsan", "0101")
    for name in ("zhangsan", "nobody"):
        for _ in range(4):
            assert _login(live_server, name, "guessing1").status_code == 401
        fifth = _login(live_server, name, "guessing1")
        assert fifth.status_code == 429, fifth.text
        assert fifth.json()["code"] == "login_locked"
        wait = int(fifth.headers["retry-after"])
        assert 14 * 60 < wait <= 15 * 60 and fifth.json()["retry_after"] == wait
    locked = _login(live_server, "zhangsan", PASSWORD)  # not even tried while locked
    assert locked.status_code == 429 and locked.json()["code"] == "login_locked"

    with live_server.session() as session:  # the lockout is over
        row = session.get(LoginThrottle, "zhangsan")
        assert row is not None and row.failures == 5
        row.locked_until = utcnow() - dt.timedelta(seconds=1)
    assert _login(live_server, "zhangsan", PASSWORD).status_code == 200
    with live_server.session() as session:
        assert session.get(LoginThrottle, "zhangsan") is None  # the count starts over


def test_a_refusal_without_a_wait_has_the_fields_laptops_of_every_version_read(
    live_server: LiveServer,
) -> None:
    answer = _login(live_server, "nobody", "guessing1")
    assert answer.status_code == 401
    assert set(answer.json()) == {"protocol", "code", "detail"}
    assert "retry-after" not in answer.headers


def test_a_right_password_before_the_limit_starts_the_count_over(live_server: LiveServer) -> None:
    live_server.create_branch("0101")
    live_server.create_account("zhangsan", "0101")
    for _round in range(3):
        for _ in range(4):
            assert _login(live_server, "zhangsan", "guessing1").status_code == 401
        assert _login(live_server, "zhangsan", PASSWORD).status_code == 200


def test_a_password_reset_unlocks_the_username(live_server: LiveServer) -> None:
    live_server.create_branch("0101")
    live_server.create_account("zhangsan", "0101")
    for _ in range(5):
        _login(live_server, "zhangsan", "guessing1")
    assert _login(live_server, "zhangsan", PASSWORD).status_code == 429
    live_server.reset_password("zhangsan", "a new password")
    assert _login(live_server, "zhangsan", "a new password").status_code == 200


# --- pull -----------------------------------------------------------------------------------


def test_a_branch_pulls_its_own_records_and_the_templates_in_pages(
    live_server: LiveServer,
) -> None:
    live_server.publish_templates()
    one, two = two_branches(live_server)
    sync_one = Sync(live_server, live_server.login(one.username("a")))
    sync_two = Sync(live_server, live_server.login(two.username("a")))

    everything, end = sync_one.pull_all()
    assert end > 0
    mine = {(r["entity"], r["id"]) for r in everything}
    assert ("loan", str(one.loan.loan_id)) in mine
    assert ("borrower", str(one.loan.borrower_id)) in mine
    assert ("branch", str(one.id)) in mine
    assert {("user", str(u)) for u in (one.inspector_a, one.inspector_b, one.supervisor)} <= mine
    assert not any(str(two.id) in (r["data"] or {}).values() for r in everything)
    assert ("loan", str(two.loan.loan_id)) not in mine
    templates = [r for r in everything if r["entity"] == "template"]
    assert templates
    with live_server.session() as session:
        from headoffice.models import Record

        for record in everything:
            row = session.get(Record, (record["entity"], uuid.UUID(record["id"])))
            assert row is not None
            assert row.branch_id in (one.id, ALL_BRANCHES)
            assert record["version"] == row.version
            assert record["data"] == row.data
    theirs, _ = sync_two.pull_all()
    assert ("loan", str(two.loan.loan_id)) in {(r["entity"], r["id"]) for r in theirs}
    assert {r["id"] for r in theirs if r["entity"] == "template"} == {r["id"] for r in templates}

    # Small pages: the same records in the same order, each page after the last.
    cursor, paged, cursors = 0, [], []
    while True:
        page = sync_one.pull(cursor, limit=3)
        assert len(page["records"]) <= 3
        paged += page["records"]
        assert page["cursor"] > cursor or not page["records"]
        cursor = page["cursor"]
        cursors.append(cursor)
        if not page["more"]:
            break
    assert paged == everything
    assert cursors == sorted(cursors)
    assert cursor == end
    assert len(cursors) == -(-len(everything) // 3)

    # Nothing new: an empty page at the same cursor. A new record: only it comes.
    again = sync_one.pull(end)
    assert again == {"protocol": p.PROTOCOL, "records": [], "cursor": end, "more": False}
    loan = live_server.add_loan(one.id)
    news, later = sync_one.pull_all(end)
    assert later > end
    assert {(r["entity"], r["id"]) for r in news} == {
        ("borrower", str(loan.borrower_id)),
        ("loan", str(loan.loan_id)),
    }
    assert sync_two.pull_all(later)[0] == []
    sync_one.close()
    sync_two.close()


def test_a_bad_cursor_or_limit_is_a_bad_request(live_server: LiveServer) -> None:
    live_server.create_branch("0101")
    live_server.create_account("zhangsan", "0101")
    with live_server.client(live_server.login("zhangsan")) as http:
        for params in ({"cursor": -1}, {"limit": 0}, {"limit": p.MAX_PAGE + 1}, {"cursor": "x"}):
            answer = http.get("/pull", params=params)
            assert answer.status_code == 422, params
            assert answer.json()["code"] == "bad_request"


# --- tallies --------------------------------------------------------------------------------


def test_the_tallies_follow_the_records(live_server: LiveServer) -> None:
    one, two = two_branches(live_server)
    sync = Sync(live_server, live_server.login(one.username("a")))

    def expected(records: list[dict[str, object]]) -> dict[str, dict[str, object]]:
        totals: dict[str, list[int]] = {}
        for r in records:
            if not r["deleted"]:
                entry = totals.setdefault(str(r["entity"]), [0, 0])
                entry[0] += 1
                entry[1] += mix(str(r["entity"]), uuid.UUID(str(r["id"])), int(str(r["version"])))
        return {k: {"count": c, "digest": tally_digest(t)} for k, (c, t) in totals.items()}

    records, cursor = sync.pull_all()
    before = sync.reconcile()
    # As of the laptop's cursor once it has pulled everything: the other branch, whose
    # records came later, does not move it.
    assert before["cursor"] == cursor
    other = Sync(live_server, live_server.login(two.username("a")))
    assert other.reconcile()["cursor"] > cursor
    other.close()
    assert before["tallies"] == expected(records)
    assert "inspection" not in before["tallies"]

    data = inspection(one.loan.loan_id, officer_a=one.inspector_a, officer_b=one.inspector_b)
    assert sync.push_one(change("inspection", data))["outcome"] == "applied"
    middle = sync.reconcile()
    assert middle["tallies"]["inspection"]["count"] == 1
    assert middle["cursor"] == sync.pull_all(cursor)[1] > cursor
    data["place"] = "借款人仓库"
    assert sync.push_one(change("inspection", data, base=1))["outcome"] == "applied"
    after = sync.reconcile()
    assert after["tallies"]["inspection"]["count"] == 1
    assert after["tallies"]["inspection"]["digest"] != middle["tallies"]["inspection"]["digest"]
    assert after["tallies"]["loan"] == before["tallies"]["loan"]
    records += sync.pull_all(cursor)[0]
    latest = {(r["entity"], r["id"]): r for r in records}
    assert after["tallies"] == expected(list(latest.values()))

    assert sync.push_one(change("inspection", None, base=2, record_id=data["id"], deleted=True))[
        "outcome"
    ] == ("applied")
    assert "inspection" not in sync.reconcile()["tallies"]
    sync.close()


# --- restart --------------------------------------------------------------------------------


def test_the_data_and_the_cursor_survive_a_restart(live_server: LiveServer) -> None:
    one, _two = two_branches(live_server)
    token = live_server.login(one.username("a"))
    sync = Sync(live_server, token)
    _, cursor = sync.pull_all()
    first = inspection(one.loan.loan_id, officer_a=one.inspector_a, officer_b=one.inspector_b)
    assert sync.push_one(change("inspection", first))["outcome"] == "applied"
    sync.close()

    live_server.stop()
    live_server.start()
    sync = Sync(live_server, token)  # the login outlives the process: tokens are in the database
    records, after_first = sync.pull_all(cursor)
    assert [(r["entity"], r["id"], r["version"]) for r in records] == [
        ("inspection", first["id"], 1)
    ]

    second = inspection(one.loan.loan_id, officer_a=one.inspector_a, officer_b=one.inspector_b)
    assert sync.push_one(change("inspection", second))["outcome"] == "applied"
    live_server.kill()  # no shutdown at all: what was answered was committed
    live_server.start()
    sync.close()
    sync = Sync(live_server, token)
    records, after_second = sync.pull_all(after_first)
    assert after_second > after_first
    assert [(r["entity"], r["id"]) for r in records] == [("inspection", second["id"])]
    sync.close()
