"""What the field does to a sync, and what must still hold (issue 6, "Done when"): a laptop
killed mid-push and mid-upload resumes with no duplicates and no loss; a server restarted
mid-sync; the same batch sent twice; concurrent edits give a visible conflict, resolved by a
person; a branch never sees another branch's data; an inspector cannot make a supervisor's
move, even by calling the API directly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from liveserver import LiveServer
from PIL import Image
from sqlalchemy import func, select
from sync_support import Branch, Laptop, branch

from headoffice.models import AppliedChange, Record
from postloan_desktop.domain.enums import InspectionStatus
from postloan_desktop.domain.ids import PhotoId, UserId
from postloan_desktop.storage.models import Borrower, Inspection, Loan, Photo, SyncOutbox, User
from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.client import SyncClient, SyncProblem
from postloan_desktop.sync.wire import to_wire

HERE = Path(__file__).parent
MakeLaptop = Callable[[str, LiveServer], Laptop]


class Hooked(httpx.HTTPTransport):
    """A real transport that calls ``hook(request, response)`` after each exchange."""

    def __init__(self, hook: Callable[[httpx.Request, httpx.Response], None]) -> None:
        super().__init__()
        self.hook = hook

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        self.hook(request, response)
        return response


def hook(laptop: Laptop, fn: Callable[[httpx.Request, httpx.Response], None]) -> None:
    laptop.services.sync.client_factory = lambda url, token: SyncClient(
        url, token=token, transport=Hooked(fn)
    )


def counts(server: LiveServer) -> dict[str, tuple[int, int]]:
    """Per record type: records, and the sum of their versions."""
    with server.session() as session:
        rows = session.execute(
            select(Record.entity, func.count(), func.sum(Record.version)).group_by(Record.entity)
        ).all()
    return {e: (n, int(v)) for e, n, v in rows}


def applied_changes(server: LiveServer) -> int:
    with server.session() as session:
        return session.scalar(select(func.count()).select_from(AppliedChange)) or 0


def run_and_die(laptop: Laptop, moment: str) -> None:
    result = subprocess.run(
        [sys.executable, str(HERE / "die_midway.py"), str(laptop.root), moment],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr[-3000:]


def noisy_photo(path: Path, seed: int) -> None:
    """A photo of a few megabytes that JPEG cannot squeeze: more than one upload chunk."""
    image = Image.effect_noise((2000, 1500), 80 + seed).convert("RGB")
    image.save(path, "JPEG", quality=95)


def field_day(server: LiveServer, setup: Branch, laptop: MakeLaptop) -> tuple[Laptop, Any]:
    field = laptop("a", server)
    field.login(setup.a)
    field.sync()
    inspection = field.fill_inspection(setup.loan, setup.a, photos=1)
    return field, inspection


def test_killed_after_head_office_applied_a_push_resumes_without_duplicates(
    office: tuple[LiveServer, Branch], laptop: MakeLaptop
) -> None:
    server, setup = office
    field, _inspection = field_day(server, setup, laptop)
    pending = field.count(SyncOutbox)
    assert pending > p.PUSH_BATCH  # more than one batch: the kill comes between them

    run_and_die(field, "after-push")
    applied_once = applied_changes(server)
    assert applied_once == p.PUSH_BATCH  # head office took the first batch …
    field.reopen()
    assert field.count(SyncOutbox) == pending  # … and the laptop still has all of it

    report = field.sync()
    assert report.already == p.PUSH_BATCH  # the same change ids: applied once, not twice
    assert report.pushed == pending - p.PUSH_BATCH
    assert applied_changes(server) == pending
    assert report.compared and report.differences == []
    assert field.count(SyncOutbox) == 0


def test_killed_mid_upload_resumes_where_it_stopped(
    office: tuple[LiveServer, Branch], laptop: MakeLaptop
) -> None:
    server, setup = office
    field = laptop("a", server)
    field.login(setup.a)
    field.sync()
    inspection = field.services.inspections.start(loan_id=setup.loan, actor_id=UserId(setup.a.id))
    paths = []
    for n in range(3):
        path = field.root / f"big-{n}.jpg"
        noisy_photo(path, n)
        paths.append(path)
    field.services.photos.import_files(
        inspection_id=inspection, paths=paths, actor_id=UserId(setup.a.id)
    )
    total = sum(path.stat().st_size for path in paths)
    assert all(path.stat().st_size > p.CHUNK for path in paths)

    run_and_die(field, f"after-bytes:{total // 2}")
    parts = list((server.data_dir / "blobs" / "parts").iterdir())
    assert parts, "the kill came mid-file: head office keeps the part it has"
    named = {
        row[c] for row in _photo_rows(field) for c in ("sha256", "report_sha256", "thumb_sha256")
    }
    sizes = {sha: field.services.photos.blob_path(sha).stat().st_size for sha in named}
    held = {path.name.split(".")[0]: path.stat().st_size for path in parts}
    for sha in named:
        if _on_server(server, sha).is_file():
            held[sha] = sizes[sha]
    missing = sum(sizes.values()) - sum(held.get(sha, 0) for sha in named)
    assert 0 < missing < sum(sizes.values())

    field.reopen()
    report = field.sync()
    # exactly what head office did not hold yet went up: not one byte sent twice
    assert report.uploaded_bytes == missing
    assert report.compared and report.differences == []
    for sha in named:
        assert _on_server(server, sha).is_file()
    assert not list((server.data_dir / "blobs" / "parts").iterdir())


def _on_server(server: LiveServer, sha: str) -> Path:
    return server.data_dir / "blobs" / sha[:2] / sha[2:4] / sha


def _photo_rows(field: Laptop) -> list[dict[str, Any]]:
    with field.services.portfolio._sessions() as session:
        return [to_wire(row) for row in session.scalars(select(Photo))]


def test_a_server_restarted_mid_sync(office: tuple[LiveServer, Branch], laptop: MakeLaptop) -> None:
    server, setup = office
    field, inspection = field_day(server, setup, laptop)
    pending = field.count(SyncOutbox)
    restarted = []

    def restart_after_first_push(request: httpx.Request, _response: httpx.Response) -> None:
        if request.url.path.endswith("/push") and not restarted:
            restarted.append(True)
            server.kill()  # no graceful shutdown
            server.start()

    hook(field, restart_after_first_push)
    report = field.sync()
    assert restarted
    assert report.pushed == pending and report.already == 0
    assert applied_changes(server) == pending

    # the server goes away between two requests: the sync says so, the next one finishes
    key = _some_item(field, inspection)
    field.services.inspections.note(
        inspection_id=inspection, key=key, text="补充说明", actor_id=UserId(setup.a.id)
    )

    def stop_after_first_push(request: httpx.Request, _response: httpx.Response) -> None:
        if request.url.path.endswith("/push") and server.running:
            server.stop()

    hook(field, stop_after_first_push)
    with pytest.raises(SyncProblem) as failed:
        field.sync()
    assert failed.value.code == "unreachable"
    server.start()
    hook(field, lambda _request, _response: None)
    final = field.sync()
    assert final.compared and final.differences == []
    assert field.count(SyncOutbox) == 0


def test_the_same_batch_sent_twice_is_applied_once(
    office: tuple[LiveServer, Branch], laptop: MakeLaptop
) -> None:
    server, setup = office
    field, _inspection = field_day(server, setup, laptop)
    sent: list[bytes] = []

    def keep_pushes(request: httpx.Request, _response: httpx.Response) -> None:
        if request.url.path.endswith("/push"):
            sent.append(request.content)

    hook(field, keep_pushes)
    field.sync()
    before = counts(server)
    token = field.services.sync._get("sync.token")
    with httpx.Client(base_url=server.api, headers={"authorization": f"Bearer {token}"}) as http:
        for body in sent:
            answer = http.post("/push", content=body, headers={"content-type": "application/json"})
            assert answer.status_code == 200
            outcomes = {r["outcome"] for r in answer.json()["results"]}
            assert outcomes == {"already_applied"}
    assert counts(server) == before


def test_concurrent_edits_give_a_visible_conflict_that_a_person_resolves(
    office: tuple[LiveServer, Branch], laptop: MakeLaptop
) -> None:
    server, setup = office
    field_a, inspection = field_day(server, setup, laptop)
    field_a.sync()
    field_b = laptop("b", server)
    field_b.login(setup.b)
    field_b.sync()
    assert field_b.count(Inspection) == 1

    key = _some_item(field_a, inspection)
    field_a.services.inspections.note(
        inspection_id=inspection, key=key, text="A：复核后无异常", actor_id=UserId(setup.a.id)
    )
    field_b.services.inspections.note(
        inspection_id=inspection, key=key, text="B：经营场所已搬迁", actor_id=UserId(setup.b.id)
    )
    assert field_a.sync().pushed >= 1
    report = field_b.sync()
    assert report.conflicts == 1
    [conflict] = field_b.services.sync.conflicts()
    assert conflict.local is not None and conflict.server is not None
    assert conflict.local["note"] == "B：经营场所已搬迁"
    assert conflict.server["note"] == "A：复核后无异常"
    # nothing overwritten on either side until a person decides
    assert field_b.services.inspections.form(inspection).notes[key] == "B：经营场所已搬迁"

    field_b.services.sync.resolve(conflict.id, keep="mine")
    assert field_b.sync().pushed >= 1
    field_a.sync()
    assert field_a.services.inspections.form(inspection).notes[key] == "B：经营场所已搬迁"
    assert field_b.services.sync.conflicts() == []


def test_taking_head_offices_turned_photo_fetches_its_renditions(
    office: tuple[LiveServer, Branch], laptop: MakeLaptop
) -> None:
    """A turns a photo while B captions it: B takes head office's version, whose report and
    thumbnail B never had; the next sync fetches them."""
    server, setup = office
    field_a, _inspection = field_day(server, setup, laptop)
    field_a.sync()
    field_b = laptop("b", server)
    field_b.login(setup.b)
    field_b.sync()
    [photo] = _photo_rows(field_b)
    photo_id = PhotoId(uuid.UUID(str(photo["id"])))

    turned = field_a.services.photos.rotate(photo_id=photo_id, actor_id=UserId(setup.a.id))
    field_b.services.photos.set_caption(
        photo_id=photo_id, caption="厂区大门", actor_id=UserId(setup.b.id)
    )
    assert field_a.sync().pushed >= 1
    assert field_b.sync().conflicts == 1
    [conflict] = field_b.services.sync.conflicts()
    photos_b = field_b.services.photos
    new_renditions = (turned.report_sha256, turned.thumb_sha256)
    assert not any(photos_b.blob_path(sha).exists() for sha in new_renditions)

    field_b.services.sync.resolve(conflict.id, keep="theirs")
    field_b.sync()
    mine = field_b.services.photos.photo(photo_id)
    assert (mine.rotation, mine.report_sha256) == (turned.rotation, turned.report_sha256)
    for sha in new_renditions:
        assert photos_b.blob(sha) == field_a.services.photos.blob(sha)


def _some_item(field: Laptop, inspection: Any) -> str:
    form = field.services.inspections.form(inspection)
    return sorted(form.answers)[0]


def test_a_branch_never_sees_another_branchs_data(
    office: tuple[LiveServer, Branch], laptop: MakeLaptop
) -> None:
    server, setup = office
    field_a, _inspection = field_day(server, setup, laptop)
    field_a.sync()
    other = branch(server, _ca(server), "0201")
    stranger = laptop("x", server)
    stranger.login(other.a)
    stranger.sync()
    with stranger.services.portfolio._sessions() as session:
        branches = set(session.scalars(select(Loan.branch_id)))
        branches |= set(session.scalars(select(Borrower.branch_id)))
        branches |= set(session.scalars(select(User.branch_id)))
    assert branches == {other.id}
    assert stranger.count(Inspection) == 0 and stranger.count(Photo) == 0
    # nor can it fetch the other branch's photos by their hash
    sha = _photo_rows(field_a)[0]["sha256"]
    with stranger.services.sync.client() as client, pytest.raises(SyncProblem) as refused:
        client.download(sha, stranger.root / "stolen.part")
    assert refused.value.status == 404
    assert (
        not (stranger.root / "stolen.part").exists()
        or not (stranger.root / "stolen.part").stat().st_size
    )


def _ca(server: LiveServer) -> Any:
    from sync_support import CA_PASSPHRASE

    from headoffice.ca import load_ca

    return load_ca(server.data_dir / "ca", passphrase=CA_PASSPHRASE)


def test_an_inspector_cannot_make_a_supervisors_move_even_through_the_api(
    office: tuple[LiveServer, Branch], laptop: MakeLaptop
) -> None:
    server, setup = office
    field, inspection = field_day(server, setup, laptop)
    field.take_keys(setup, setup.a, setup.b)
    field.sign(inspection, setup.a, 1)
    field.sign(inspection, setup.b, 2)
    field.sync()
    record = server.record("inspection", inspection)
    assert record is not None and record.data["status"] == "submitted"
    forged = {**record.data, "status": InspectionStatus.APPROVED.value}
    with field.services.sync.client() as client:
        for status in (InspectionStatus.APPROVED, InspectionStatus.RETURNED):
            answer = client.push(
                [
                    p.Change(
                        change_id=uuid.uuid4(),
                        entity="inspection",
                        id=inspection,
                        base_version=record.version,
                        data={**forged, "status": status.value},
                    )
                ]
            )
            [result] = answer.results
            assert result.outcome is p.Outcome.REJECTED and result.code in (
                "role",
                "signature_missing",
            )
    after = server.record("inspection", inspection)
    assert after is not None and after.version == record.version
    assert json.dumps(after.data, sort_keys=True) == json.dumps(record.data, sort_keys=True)
