"""What the server tests share: a small sync client over ``httpx`` (``Sync``), wire records
of field work built from column values (``inspection``, ``answer``, ``photo``,
``report_version``) and a world of two branches with their staff and loans (``two_branches``).

(Plain functions, not fixtures: ``tests/headoffice`` is on ``sys.path`` for its tests.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from liveserver import LiveServer, LoanRefs, wire_record

from postloan_desktop.domain.enums import Role
from postloan_desktop.sync import protocol as p
from postloan_desktop.sync.wire import from_wire, values_to_wire

NOW = dt.datetime(2026, 11, 28, 2, 30, tzinfo=dt.UTC)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _checked(name: str, values: dict[str, Any]) -> dict[str, Any]:
    data = wire_record(name, values)
    assert values_to_wire(name, from_wire(name, data)) == data
    return data


def inspection(
    loan_id: uuid.UUID,
    *,
    officer_a: uuid.UUID,
    officer_b: uuid.UUID,
    status: str = "draft",
    inspection_id: uuid.UUID | None = None,
    **changes: Any,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": inspection_id or uuid.uuid4(),
        "loan_id": loan_id,
        "kind": "periodic",
        "status": status,
        "revision": 1,
        "previous_revision_id": None,
        "template_id": "periodic_enterprise",
        "template_version": 1,
        "officer_a_id": officer_a,
        "officer_b_id": officer_b,
        "due_on": dt.date(2026, 12, 1),
        "inspected_on": dt.date(2026, 11, 28),
        "place": "借款人经营场所",
        "proposed_risk_class": None,
        "started_at": NOW,
        "submitted_at": None,
        "reviewed_at": None,
        "review_comment": "",
        "next_due_override": None,
        "next_due_override_reason": "",
    }
    values.update(changes)
    return _checked("inspection", values)


def answer(
    inspection_id: uuid.UUID | str,
    key: str,
    value: Any,
    *,
    by: uuid.UUID,
    answer_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    return _checked(
        "answer",
        {
            "id": answer_id or uuid.uuid4(),
            "inspection_id": uuid.UUID(str(inspection_id)),
            "item_key": key,
            "value": value,
            "note": "经核对",
            "answered_at": NOW,
            "answered_by": by,
            "carried_forward": False,
        },
    )


def photo(
    inspection_id: uuid.UUID | str, original: str, rendition: str, thumb: str, *, by: uuid.UUID
) -> dict[str, Any]:
    return _checked(
        "photo",
        {
            "id": uuid.uuid4(),
            "inspection_id": uuid.UUID(str(inspection_id)),
            "sha256": original,
            "original_name": "IMG_0001.JPG",
            "size_bytes": 1234,
            "width": 640,
            "height": 480,
            "captured_local": dt.datetime(2026, 11, 28, 9, 15),
            "latitude": 30.59,
            "longitude": 114.30,
            "camera": "示例相机",
            "software": "",
            "phash": "0f0f0f0f0f0f0f0f",
            "report_sha256": rendition,
            "thumb_sha256": thumb,
            "rotation": 0,
            "caption": "仓库现场",
            "item_key": None,
            "collateral_id": None,
            "warnings": [],
            "imported_at": NOW,
            "imported_by": by,
        },
    )


def report_version(
    inspection_id: uuid.UUID | str,
    pdf: bytes,
    *,
    seq: int,
    role: str | None,
    signer: uuid.UUID | None,
    signer_name: str = "",
) -> dict[str, Any]:
    return _checked(
        "report_version",
        {
            "id": uuid.uuid4(),
            "inspection_id": uuid.UUID(str(inspection_id)),
            "seq": seq,
            "sha256": sha(pdf),
            "size_bytes": len(pdf),
            "language": "zh",
            "content_digest": "ab" * 32,
            "role": role,
            "signer_id": signer,
            "signer_name": signer_name,
            "certificate_sha256": "",
            "signed_at": NOW if signer else None,
            "created_at": NOW,
        },
    )


def review_comment(
    inspection_id: uuid.UUID | str, text: str, *, author: uuid.UUID, item_key: str = ""
) -> dict[str, Any]:
    return _checked(
        "review_comment",
        {
            "id": uuid.uuid4(),
            "inspection_id": uuid.UUID(str(inspection_id)),
            "item_key": item_key,
            "text": text,
            "author_id": author,
            "created_at": NOW,
        },
    )


def change(
    entity: str,
    data: dict[str, Any] | None,
    *,
    base: int = 0,
    record_id: uuid.UUID | str | None = None,
    change_id: uuid.UUID | None = None,
    deleted: bool = False,
) -> dict[str, Any]:
    rid = record_id if record_id is not None else (data or {})["id"]
    return {
        "change_id": str(change_id or uuid.uuid4()),
        "entity": entity,
        "id": str(rid),
        "base_version": base,
        "deleted": deleted,
        "data": data,
    }


class Sync:
    """A laptop's side of the protocol, plainly: every answer is checked for the marker."""

    def __init__(self, server: LiveServer, token: str) -> None:
        self.server = server
        self.http = server.client(token)

    def close(self) -> None:
        self.http.close()

    def _json(self, answer: httpx.Response, status: int = 200) -> Any:
        assert answer.status_code == status, (answer.status_code, answer.text)
        body = answer.json()
        assert body["protocol"] == p.PROTOCOL
        return body

    def push(self, *changes: dict[str, Any]) -> list[dict[str, Any]]:
        body = self._json(self.http.post("/push", json={"changes": list(changes)}))
        results: list[dict[str, Any]] = body["results"]
        assert [r["change_id"] for r in results] == [c["change_id"] for c in changes]
        return results

    def push_one(self, one: dict[str, Any]) -> dict[str, Any]:
        return self.push(one)[0]

    def pull(self, cursor: int = 0, limit: int | None = None) -> dict[str, Any]:
        params: dict[str, int] = {"cursor": cursor}
        if limit is not None:
            params["limit"] = limit
        body: dict[str, Any] = self._json(self.http.get("/pull", params=params))
        return body

    def pull_all(self, cursor: int = 0, limit: int | None = None) -> tuple[list[Any], int]:
        records: list[Any] = []
        while True:
            page = self.pull(cursor, limit)
            records += page["records"]
            assert page["cursor"] >= cursor
            cursor = page["cursor"]
            if not page["more"]:
                return records, cursor

    def reconcile(self) -> dict[str, Any]:
        body: dict[str, Any] = self._json(self.http.get("/reconcile"))
        return body

    def put_chunk(self, sha256: str, chunk: bytes, *, offset: int, size: int) -> httpx.Response:
        return self.http.put(
            f"/blobs/{sha256}", params={"offset": offset, "size": size}, content=chunk
        )

    def upload(self, data: bytes, chunk: int = p.CHUNK) -> dict[str, Any]:
        digest, offset = sha(data), 0
        state: dict[str, Any] = {}
        while offset < len(data) or not state:
            part = data[offset : offset + chunk]
            state = self._json(self.put_chunk(digest, part, offset=offset, size=len(data)))
            offset += len(part)
        assert state["complete"], state
        return state

    def state(self, sha256: str) -> dict[str, Any]:
        body: dict[str, Any] = self._json(self.http.get(f"/blobs/{sha256}/state"))
        return body

    def missing(self, *shas: str) -> list[str]:
        body = self._json(self.http.post("/blobs/missing", json={"sha256": list(shas)}))
        missing: list[str] = body["missing"]
        return missing


@dataclass
class Branch:
    code: str
    id: uuid.UUID
    inspector_a: uuid.UUID  # usernames: f"a{code}", f"b{code}", f"s{code}"
    inspector_b: uuid.UUID
    supervisor: uuid.UUID
    loan: LoanRefs

    def username(self, who: str) -> str:
        return f"{who}{self.code}"


def branch_with_staff(server: LiveServer, code: str) -> Branch:
    """A branch with inspectors A and B, a supervisor and one loan they look after."""
    branch_id = server.create_branch(code)
    a = server.create_account(f"a{code}", code, [Role.INSPECTOR], display_name="张三")
    b = server.create_account(f"b{code}", code, [Role.INSPECTOR], display_name="李四")
    s = server.create_account(f"s{code}", code, [Role.SUPERVISOR], display_name="王五")
    loan = server.add_loan(branch_id, officer_a=a, officer_b=b)
    return Branch(code, branch_id, a, b, s, loan)


def two_branches(server: LiveServer) -> tuple[Branch, Branch]:
    return branch_with_staff(server, "0101"), branch_with_staff(server, "0202")
