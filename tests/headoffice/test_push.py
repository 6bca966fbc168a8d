"""Pushing field work to the real server: applied once, conflicts with head office's record,
and every refusal the rules make — branch, role, state machine, frozen, bad records."""

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from headoffice_support import (
    Branch,
    Sync,
    answer,
    change,
    inspection,
    photo,
    review_comment,
    sha,
    two_branches,
)
from liveserver import LiveServer

from headoffice.models import AppliedChange, Record
from postloan_desktop.domain.enums import Role


class World:
    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.one, self.two = two_branches(server)
        self.syncs: list[Sync] = []

    def sync(self, branch: Branch, who: str = "a") -> Sync:
        made = Sync(self.server, self.server.login(branch.username(who)))
        self.syncs.append(made)
        return made

    def draft(self, branch: Branch | None = None, **changes: Any) -> dict[str, Any]:
        branch = branch or self.one
        return inspection(
            branch.loan.loan_id,
            officer_a=branch.inspector_a,
            officer_b=branch.inspector_b,
            **changes,
        )

    def stored(self, data: dict[str, Any], status: str) -> dict[str, Any]:
        """An inspection put in ``status`` directly, as if signed on the way there."""
        data = {**data, "status": status}
        self.server.put("inspection", data, self.one.id)
        return data


@pytest.fixture
def world(live_server: LiveServer) -> Iterator[World]:
    made = World(live_server)
    yield made
    for sync in made.syncs:
        sync.close()


def test_an_inspector_starts_a_draft_and_answers(world: World) -> None:
    sync = world.sync(world.one)
    draft = world.draft()
    first = answer(draft["id"], "site.visited", "yes", by=world.one.inspector_a)
    second = answer(draft["id"], "finance.revenue_fen", 1_250_000, by=world.one.inspector_a)
    results = sync.push(
        change("inspection", draft), change("answer", first), change("answer", second)
    )
    assert [(r["outcome"], r["version"]) for r in results] == [("applied", 1)] * 3
    assert all(r["code"] == "" and r["current"] is None for r in results)

    changed = {**first, "value": "no", "note": "未到现场"}
    assert sync.push_one(change("answer", changed, base=1))["version"] == 2

    records, _ = sync.pull_all()
    pulled = {(r["entity"], r["id"]): r for r in records}
    assert pulled[("inspection", draft["id"])]["data"] == draft
    assert pulled[("answer", first["id"])]["data"] == changed
    assert pulled[("answer", first["id"])]["version"] == 2
    assert pulled[("answer", second["id"])]["data"]["value"] == 1_250_000
    row = world.server.record("inspection", uuid.UUID(draft["id"]))
    assert row is not None
    assert row.branch_id == world.one.id
    assert row.parent_id == world.one.loan.loan_id
    assert row.updated_by == world.one.inspector_a
    # Inspector B of the loan may fill in the same draft from another laptop.
    other = world.sync(world.one, "b")
    third = answer(draft["id"], "site.photos", True, by=world.one.inspector_b)
    assert other.push_one(change("answer", third))["outcome"] == "applied"


def test_the_same_change_twice_is_applied_once(world: World) -> None:
    sync = world.sync(world.one)
    draft = world.draft()
    once = change("inspection", draft)
    assert sync.push_one(once)["outcome"] == "applied"
    again = sync.push(once, once)
    assert [(r["outcome"], r["version"]) for r in again] == [("already_applied", 1)] * 2
    row = world.server.record("inspection", uuid.UUID(draft["id"]))
    assert row is not None
    assert row.version == 1
    with world.server.session() as session:
        applied = session.query(AppliedChange).filter_by(record_id=uuid.UUID(draft["id"])).all()
        assert len(applied) == 1
    # A retry from another laptop of the same account is the same change.
    retry = world.sync(world.one)
    assert retry.push_one(once)["outcome"] == "already_applied"
    # Another account cannot replay a change id for its own change.
    thief = world.sync(world.one, "b")
    reused = {**change("inspection", world.draft()), "change_id": once["change_id"]}
    result = thief.push_one(reused)
    assert (result["outcome"], result["code"]) == ("rejected", "change_id_reused")


def test_a_stale_base_version_is_a_conflict_with_head_offices_record(world: World) -> None:
    sync_a, sync_b = world.sync(world.one, "a"), world.sync(world.one, "b")
    draft = world.draft()
    assert sync_a.push_one(change("inspection", draft))["outcome"] == "applied"
    mine = {**draft, "place": "借款人仓库"}
    assert sync_a.push_one(change("inspection", mine, base=1))["version"] == 2

    theirs = {**draft, "place": "借款人办公室"}
    late = change("inspection", theirs, base=1)
    follow_up = change("inspection", {**theirs, "review_comment": ""}, base=2)
    results = sync_b.push(late, follow_up)
    assert [r["outcome"] for r in results] == ["conflict", "conflict"]
    first = results[0]
    assert first["code"] == "stale_version"
    assert first["version"] == 2
    assert first["current"]["version"] == 2
    assert first["current"]["data"] == mine
    assert first["current"]["entity"] == "inspection"
    assert first["current"]["id"] == draft["id"]
    # A new record whose id head office has already is a conflict too.
    assert sync_b.push_one(change("inspection", theirs))["outcome"] == "conflict"
    row = world.server.record("inspection", uuid.UUID(draft["id"]))
    assert row is not None
    assert (row.version, row.data["place"]) == (2, "借款人仓库")
    # Made on the current version, B's change goes through.
    assert sync_b.push_one(change("inspection", theirs, base=2))["outcome"] == "applied"


def test_another_branchs_loan_and_reference_data_are_refused(world: World) -> None:
    sync = world.sync(world.one)
    theirs = world.draft(world.two)
    result = sync.push_one(change("inspection", theirs))
    assert (result["outcome"], result["code"]) == ("rejected", "other_branch")
    unknown = {**world.draft(), "loan_id": str(uuid.uuid4())}
    assert sync.push_one(change("inspection", unknown))["code"] == "unknown_loan"

    records, _ = sync.pull_all()
    loan = next(r for r in records if r["entity"] == "loan")
    cheaper = {**loan["data"], "balance_fen": 1}
    result = sync.push_one(change("loan", cheaper, base=loan["version"]))
    assert (result["outcome"], result["code"]) == ("rejected", "reference_data")
    user = next(
        r for r in records if r["entity"] == "user" and r["id"] == str(world.one.supervisor)
    )
    result = sync.push_one(change("user", {**user["data"], "active": False}, base=1))
    assert (result["outcome"], result["code"]) == ("rejected", "reference_data")
    row = world.server.record("loan", uuid.UUID(loan["id"]))
    assert row is not None
    assert row.data == loan["data"]

    # Nor may branch B's inspector answer in branch A's draft.
    mine = world.draft()
    assert sync.push_one(change("inspection", mine))["outcome"] == "applied"
    foreign = world.sync(world.two)
    result = foreign.push_one(
        change("answer", answer(mine["id"], "k", 1, by=world.two.inspector_a))
    )
    assert (result["outcome"], result["code"]) == ("rejected", "other_branch")


def test_roles_and_the_state_machine_are_checked(world: World) -> None:
    inspector, supervisor = world.sync(world.one, "a"), world.sync(world.one, "s")
    submitted = world.stored(world.draft(), "submitted")
    approve = change("inspection", {**submitted, "status": "approved"}, base=1)
    result = inspector.push_one(approve)
    assert (result["outcome"], result["code"]) == ("rejected", "role")
    # A supervisor may not start an inspection; nothing starts other than as a draft.
    result = supervisor.push_one(change("inspection", world.draft()))
    assert (result["outcome"], result["code"]) == ("rejected", "role")
    result = inspector.push_one(change("inspection", world.draft(status="submitted")))
    assert (result["outcome"], result["code"]) == ("rejected", "transition")
    # No skipping: a draft is not approved, a submitted inspection does not go back to draft.
    draft = world.draft()
    assert inspector.push_one(change("inspection", draft))["outcome"] == "applied"
    result = supervisor.push_one(change("inspection", {**draft, "status": "approved"}, base=1))
    assert (result["outcome"], result["code"]) == ("rejected", "transition")
    result = inspector.push_one(change("inspection", {**submitted, "status": "draft"}, base=1))
    assert (result["outcome"], result["code"]) == ("rejected", "transition")
    # Signing is proved by the report: no report version, no signing.
    result = inspector.push_one(change("inspection", {**draft, "status": "signing"}, base=1))
    assert (result["outcome"], result["code"]) == ("rejected", "signature_missing")
    # The supervisor returns a submitted inspection with a comment: no signature needed.
    returned = {**submitted, "status": "returned", "review_comment": "请补充照片"}
    result = supervisor.push_one(change("inspection", returned, base=1))
    assert (result["outcome"], result["version"]) == ("applied", 2)


def test_a_signed_inspection_is_frozen(world: World) -> None:
    inspector = world.sync(world.one)
    signing = world.stored(world.draft(), "signing")
    result = inspector.push_one(
        change("answer", answer(signing["id"], "site.visited", "no", by=world.one.inspector_a))
    )
    assert (result["outcome"], result["code"]) == ("rejected", "frozen")
    shot = photo(signing["id"], sha(b"1"), sha(b"2"), sha(b"3"), by=world.one.inspector_a)
    assert inspector.push_one(change("photo", shot))["code"] == "frozen"
    result = inspector.push_one(change("inspection", {**signing, "place": "别处"}, base=1))
    assert (result["outcome"], result["code"]) == ("rejected", "frozen")
    deletion = change("inspection", None, base=1, record_id=signing["id"], deleted=True)
    assert inspector.push_one(deletion)["code"] == "frozen"
    row = world.server.record("inspection", uuid.UUID(signing["id"]))
    assert row is not None
    assert (row.version, row.deleted, row.data["place"]) == (1, False, signing["place"])


def test_a_supervisor_comments_on_a_report_under_review(world: World) -> None:
    inspector, supervisor = world.sync(world.one, "a"), world.sync(world.one, "s")
    submitted = world.stored(world.draft(), "submitted")
    mine = review_comment(
        submitted["id"], "请补充仓库照片", author=world.one.supervisor, item_key="k"
    )
    assert supervisor.push_one(change("review_comment", mine))["outcome"] == "applied"
    refusals = [
        inspector.push_one(
            change(
                "review_comment", review_comment(submitted["id"], "?", author=world.one.inspector_a)
            )
        ),
        supervisor.push_one(
            change(
                "review_comment", review_comment(submitted["id"], "?", author=world.one.inspector_a)
            )
        ),
        world.sync(world.two, "s").push_one(
            change(
                "review_comment", review_comment(submitted["id"], "?", author=world.two.supervisor)
            )
        ),
    ]
    assert [r["code"] for r in refusals] == ["role", "role", "other_branch"]
    taken_back = change("review_comment", None, base=1, record_id=mine["id"], deleted=True)
    assert supervisor.push_one(taken_back)["outcome"] == "applied"
    # Once the report is returned, its comments stay as they are.
    other = review_comment(submitted["id"], "风险分类有误", author=world.one.supervisor)
    assert supervisor.push_one(change("review_comment", other))["outcome"] == "applied"
    returned = {**submitted, "status": "returned", "reviewed_by": str(world.one.supervisor)}
    assert supervisor.push_one(change("inspection", returned, base=1))["outcome"] == "applied"
    late = review_comment(submitted["id"], "再补充", author=world.one.supervisor)
    assert supervisor.push_one(change("review_comment", late))["code"] == "frozen"
    edited = change("review_comment", {**other, "text": "改"}, base=1)
    assert supervisor.push_one(edited)["code"] == "frozen"


BAD_RECORDS: list[tuple[str, Callable[[dict[str, Any]], dict[str, Any]], str]] = [
    ("inspection", lambda d: {**d, "colour": "red"}, "colour"),
    ("inspection", lambda d: {**d, "revision": "1"}, "revision"),
    ("inspection", lambda d: {**d, "revision": True}, "revision"),
    ("inspection", lambda d: {**d, "status": "finished"}, "status"),
    ("inspection", lambda d: {**d, "started_at": "2026-11-28T10:00:00"}, "started_at"),
    ("inspection", lambda d: {k: v for k, v in d.items() if k != "place"}, "place"),
    ("inspection", lambda d: {**d, "place": None}, "place"),
    ("inspection", lambda d: {**d, "loan_id": "not-a-uuid"}, "loan_id"),
    ("inspection", lambda d: {**d, "place": "长" * 201}, "place"),
    ("inspection", lambda d: {**d, "due_on": "2026-11-28T00:00:00"}, "due_on"),
    ("gossip", lambda d: d, ""),
]


def test_a_bad_record_is_refused_with_the_column_at_fault(world: World) -> None:
    sync = world.sync(world.one)
    drafts = [world.draft() for _ in BAD_RECORDS]
    changes = [
        change(e, mangle(d), record_id=d["id"])
        for (e, mangle, _), d in zip(BAD_RECORDS, drafts, strict=True)
    ]
    results = sync.push(*changes)
    for (entity, _, column), result in zip(BAD_RECORDS, results, strict=True):
        assert (result["outcome"], result["code"]) == ("rejected", "bad_record"), result
        where = f"{entity}.{column}" if column else entity
        assert result["detail"].startswith(f"{where}: "), result["detail"]
    with world.server.session() as session:
        for draft in drafts:
            assert session.get(Record, ("inspection", uuid.UUID(draft["id"]))) is None


def test_a_record_must_carry_the_id_its_change_names(world: World) -> None:
    sync = world.sync(world.one)
    result = sync.push_one(change("inspection", world.draft(), record_id=uuid.uuid4()))
    assert (result["outcome"], result["code"]) == ("rejected", "wrong_id")


def test_one_refusal_leaves_the_rest_of_the_push_applied(world: World) -> None:
    sync = world.sync(world.one)
    good, bad = world.draft(), world.draft(world.two)
    results = sync.push(
        change("inspection", good),
        change("inspection", bad),
        change("answer", answer(good["id"], "site.visited", "yes", by=world.one.inspector_a)),
    )
    assert [r["outcome"] for r in results] == ["applied", "rejected", "applied"]


def test_a_draft_is_deleted_by_a_tombstone(world: World) -> None:
    sync = world.sync(world.one)
    draft = world.draft()
    assert sync.push_one(change("inspection", draft))["outcome"] == "applied"
    _, cursor = sync.pull_all()
    deletion = change("inspection", None, base=1, record_id=draft["id"], deleted=True)
    assert sync.push_one(deletion)["version"] == 2
    records, _ = sync.pull_all(cursor)
    assert records == [
        {
            "entity": "inspection",
            "id": draft["id"],
            "version": 2,
            "deleted": True,
            "data": None,
            "blobs": [],
            "complete": True,
        }
    ]


def test_deleting_a_record_head_office_does_not_have_is_refused(world: World) -> None:
    sync = world.sync(world.one)
    results = sync.push(
        change("inspection", None, record_id=uuid.uuid4(), deleted=True),
        change("answer", None, record_id=uuid.uuid4(), deleted=True),
    )
    assert [(r["outcome"], r["code"]) for r in results] == [("rejected", "not_found")] * 2


def test_a_record_naming_blobs_changes_twice_in_one_push(world: World) -> None:
    sync = world.sync(world.one)
    draft = world.draft()
    shot = photo(draft["id"], sha(b"1"), sha(b"2"), sha(b"3"), by=world.one.inspector_a)
    results = sync.push(
        change("inspection", draft),
        change("photo", shot),
        change("photo", {**shot, "caption": "仓库外景"}, base=1),
        change("photo", {**shot, "caption": "仓库内景", "thumb_sha256": sha(b"4")}, base=2),
    )
    assert [(r["outcome"], r["version"]) for r in results] == [
        ("applied", 1),
        ("applied", 1),
        ("applied", 2),
        ("applied", 3),
    ]
    records, _ = sync.pull_all()
    pulled = next(r for r in records if r["id"] == shot["id"])
    assert pulled["data"]["caption"] == "仓库内景"
    assert sorted(pulled["blobs"]) == sorted([sha(b"1"), sha(b"2"), sha(b"4")])
    assert pulled["complete"] is False  # none of its blobs has arrived


def test_a_push_needs_a_login_and_a_well_formed_body(live_server: LiveServer) -> None:
    with live_server.client() as http:
        assert http.post("/push", json={"changes": []}).status_code == 401
    live_server.create_branch("0101")
    live_server.create_account("zhangsan", "0101", [Role.INSPECTOR])
    with live_server.client(live_server.login("zhangsan")) as http:
        answer_ = http.post("/push", json={"changes": [{"entity": "inspection"}]})
        assert answer_.status_code == 422
        assert answer_.json()["code"] == "bad_request"
        too_many = [change("inspection", {"id": str(uuid.uuid4())}) for _ in range(201)]
        assert http.post("/push", json={"changes": too_many}).status_code == 422


def test_racing_pushes_apply_each_change_once(world: World) -> None:
    """Retries racing the first try, and two laptops racing on one record: the server
    serialises them (the counter's lock), so one wins and the others are told so."""
    draft = world.draft()
    syncs = [world.sync(world.one, who) for who in ("a", "b", "a", "b")]
    assert syncs[0].push_one(change("inspection", draft))["outcome"] == "applied"
    same = change("answer", answer(draft["id"], "site.visited", "yes", by=world.one.inspector_a))
    rivals = [
        change("inspection", {**draft, "place": f"地点{n}"}, base=1) for n in range(len(syncs))
    ]
    with ThreadPoolExecutor(len(syncs)) as pool:
        retries = list(pool.map(lambda s: s.push_one(same), syncs[::2]))
        raced = list(pool.map(Sync.push_one, syncs, rivals))
    assert sorted(r["outcome"] for r in retries) == ["already_applied", "applied"]
    assert sorted(r["outcome"] for r in raced) == ["applied"] + ["conflict"] * (len(syncs) - 1)
    winner = rivals[[r["outcome"] for r in raced].index("applied")]
    row = world.server.record("inspection", uuid.UUID(draft["id"]))
    assert row is not None
    assert (row.version, row.data["place"]) == (2, winner["data"]["place"])
    assert all(r["current"]["data"] == winner["data"] for r in raced if r["outcome"] == "conflict")
