"""Blobs over HTTP on the real server: chunked uploads that resume, wrong offsets, a hash
that does not match, what is missing, and downloads only for a record of one's branch."""

import os
from collections.abc import Iterator

import httpx
import pytest
from headoffice_support import Branch, Sync, change, inspection, photo, sha, two_branches
from liveserver import LiveServer

from postloan_desktop.sync import protocol as p


class World:
    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.one, self.two = two_branches(server)
        self.syncs: list[Sync] = []

    def sync(self, branch: Branch, who: str = "a") -> Sync:
        made = Sync(self.server, self.server.login(branch.username(who)))
        self.syncs.append(made)
        return made


@pytest.fixture
def world(live_server: LiveServer) -> Iterator[World]:
    made = World(live_server)
    yield made
    for sync in made.syncs:
        sync.close()


def _files(server: LiveServer) -> list[str]:
    root = server.data_dir / "blobs"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_blob_goes_up_in_chunks_and_comes_down_whole(world: World) -> None:
    sync = world.sync(world.one)
    data = os.urandom(250_000)
    digest = sha(data)
    assert sync.state(digest) == {
        "protocol": p.PROTOCOL,
        "sha256": digest,
        "size": None,
        "received": 0,
        "complete": False,
    }
    states = []
    for offset in range(0, len(data), 100_000):
        answer = sync.put_chunk(
            digest, data[offset : offset + 100_000], offset=offset, size=len(data)
        )
        assert answer.status_code == 200, answer.text
        states.append(answer.json())
    assert [(s["received"], s["complete"], s["size"]) for s in states] == [
        (100_000, False, None),
        (200_000, False, None),
        (250_000, True, 250_000),
    ]
    assert sync.state(digest)["complete"] is True
    assert sync.missing(digest, sha(b"other")) == [sha(b"other")]
    # Sending it again, whole, changes nothing and answers "complete".
    again = sync.put_chunk(digest, data, offset=0, size=len(data))
    assert again.json()["complete"] is True

    # Named by a photo of branch one: branch one downloads it, branch two does not.
    draft = inspection(
        world.one.loan.loan_id, officer_a=world.one.inspector_a, officer_b=world.one.inspector_b
    )
    shot = photo(draft["id"], digest, sha(b"rendition"), sha(b"thumb"), by=world.one.inspector_a)
    results = sync.push(change("inspection", draft), change("photo", shot))
    assert [r["outcome"] for r in results] == ["applied", "applied"]
    colleague = world.sync(world.one, "b")
    down = colleague.http.get(f"/blobs/{digest}")
    assert down.status_code == 200
    assert down.content == data
    assert down.headers["content-type"] == "application/octet-stream"
    stranger = world.sync(world.two)
    refused = stranger.http.get(f"/blobs/{digest}")
    assert refused.status_code == 404
    assert refused.json()["code"] == "blob_not_found"
    # Named but not uploaded: not found either.
    assert colleague.http.get(f"/blobs/{sha(b'thumb')}").status_code == 404
    with world.server.client() as anonymous:
        assert anonymous.get(f"/blobs/{digest}").status_code == 401


def test_a_blob_no_record_names_is_not_handed_out(world: World) -> None:
    sync = world.sync(world.one)
    data = b"uploaded but never named"
    sync.upload(data)
    answer = sync.http.get(f"/blobs/{sha(data)}")
    assert answer.status_code == 404


def test_a_record_is_complete_once_its_blobs_have_arrived(world: World) -> None:
    sync = world.sync(world.one)
    original, rendition, thumb = b"original" * 1000, b"rendition" * 100, b"thumb"
    draft = inspection(
        world.one.loan.loan_id, officer_a=world.one.inspector_a, officer_b=world.one.inspector_b
    )
    shot = photo(draft["id"], sha(original), sha(rendition), sha(thumb), by=world.one.inspector_a)
    sync.push(change("inspection", draft), change("photo", shot))

    def pulled() -> dict[str, object]:
        records, _ = sync.pull_all()
        return next(r for r in records if r["id"] == shot["id"])

    assert pulled()["complete"] is False
    assert sorted(sync.missing(sha(original), sha(rendition), sha(thumb))) == sorted(
        [sha(original), sha(rendition), sha(thumb)]
    )
    sync.upload(original, chunk=3000)
    sync.upload(rendition)
    assert pulled()["complete"] is False
    assert sync.missing(sha(original), sha(rendition), sha(thumb)) == [sha(thumb)]
    sync.upload(thumb)
    assert pulled()["complete"] is True
    assert sync.missing(sha(original), sha(rendition), sha(thumb)) == []


def test_an_interrupted_upload_resumes_where_it_stopped(world: World) -> None:
    sync = world.sync(world.one)
    data = os.urandom(300_000)
    digest = sha(data)
    first = sync.put_chunk(digest, data[:120_000], offset=0, size=len(data))
    assert first.json()["received"] == 120_000
    # The laptop lost its answer to the next chunk; it asks where head office stands.
    sync.put_chunk(digest, data[120_000:200_000], offset=120_000, size=len(data))
    world.server.stop()  # head office restarts in between: the part file stays
    world.server.start()
    sync.close()
    sync = world.sync(world.one)
    state = sync.state(digest)
    assert (state["received"], state["complete"]) == (200_000, False)
    # The list of missing blobs says so too: a laptop resumes there without asking each blob.
    listed = sync.http.post("/blobs/missing", json={"sha256": [digest]}).json()
    assert (listed["missing"], listed["received"]) == ([digest], {digest: 200_000})
    # Another account's upload of the same blob is its own part.
    other = world.sync(world.one, "b")
    assert other.state(digest)["received"] == 0
    rest = sync.put_chunk(
        digest, data[state["received"] :], offset=state["received"], size=len(data)
    )
    assert rest.status_code == 200
    assert rest.json() == {
        "protocol": p.PROTOCOL,
        "sha256": digest,
        "size": len(data),
        "received": len(data),
        "complete": True,
    }
    # Once whole, every account sees it whole.
    assert other.state(digest)["complete"] is True


def test_a_chunk_at_the_wrong_offset_is_refused(world: World) -> None:
    sync = world.sync(world.one)
    data = os.urandom(50_000)
    digest = sha(data)
    assert sync.put_chunk(digest, data[:20_000], offset=0, size=len(data)).status_code == 200
    for offset in (0, 10_000, 30_000):  # the same chunk again, overlapping, a gap
        answer = sync.put_chunk(digest, data[offset : offset + 10_000], offset=offset, size=50_000)
        assert answer.status_code == 409
        body = answer.json()
        assert body["code"] == "wrong_offset"
        assert body["protocol"] == p.PROTOCOL
        assert "20000" in body["detail"]
    assert sync.state(digest)["received"] == 20_000
    assert sync.put_chunk(digest, data[20_000:], offset=20_000, size=50_000).status_code == 200
    assert sync.state(digest)["complete"] is True


def test_bytes_that_do_not_hash_to_the_name_are_thrown_away(world: World) -> None:
    sync = world.sync(world.one)
    data = os.urandom(40_000)
    claimed = sha(b"something else")
    assert sync.put_chunk(claimed, data[:25_000], offset=0, size=len(data)).status_code == 200
    answer = sync.put_chunk(claimed, data[25_000:], offset=25_000, size=len(data))
    assert answer.status_code == 422
    assert answer.json()["code"] == "hash_mismatch"
    assert sync.state(claimed) == {
        "protocol": p.PROTOCOL,
        "sha256": claimed,
        "size": None,
        "received": 0,
        "complete": False,
    }
    assert sync.missing(claimed) == [claimed]
    assert _files(world.server) == []
    # More bytes than announced: refused, and the part is gone too.
    digest = sha(data)
    too_long = sync.put_chunk(digest, data, offset=0, size=len(data) - 1)
    assert too_long.status_code == 422
    assert too_long.json()["code"] == "too_long"
    assert sync.state(digest)["received"] == 0
    assert _files(world.server) == []


def test_bad_blob_requests_are_refused_clearly(world: World) -> None:
    sync = world.sync(world.one)
    data = b"x" * 10
    for name in ("not-a-digest", sha(data).upper(), sha(data)[:-1]):
        answer = sync.put_chunk(name, data, offset=0, size=len(data))
        assert answer.status_code == 422, name
        assert answer.json()["code"] == "bad_request"
        assert sync.http.get(f"/blobs/{name}/state").status_code == 422
    assert sync.http.post("/blobs/missing", json={"sha256": ["nope"]}).status_code == 422
    huge = sync.put_chunk(sha(data), b"x" * (4 * p.CHUNK + 1), offset=0, size=8 * p.CHUNK)
    assert huge.status_code == 413
    assert huge.json()["code"] == "chunk_too_large"
    too_large = sync.put_chunk(sha(data), data, offset=0, size=2**40)
    assert too_large.status_code == 413
    no_login = httpx.put(
        f"{world.server.api}/blobs/{sha(data)}",
        params={"offset": 0, "size": len(data)},
        content=data,
    )
    assert no_login.status_code == 401
    assert no_login.json()["code"] == "login_required"
    assert sync.state(sha(data))["received"] == 0
