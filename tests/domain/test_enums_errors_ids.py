"""Vocabulary (enums.py), error hierarchy (errors.py) and ids (ids.py)."""

import uuid

import pytest

from postloan_desktop.domain import errors
from postloan_desktop.domain.enums import (
    BusinessStatus,
    InspectionKind,
    InspectionStatus,
    OfficerRank,
    RiskClass,
    Role,
    SignatureRole,
)
from postloan_desktop.domain.ids import new_id


def test_storage_codes_are_stable() -> None:
    # These strings are stored in databases and exchanged with head office: renaming one
    # silently orphans existing rows.
    assert [k.value for k in InspectionKind] == ["first", "periodic", "special"]
    assert [s.value for s in InspectionStatus] == [
        "draft",
        "signing",
        "submitted",
        "returned",
        "approved",
        "withdrawn",
    ]
    # Also the report's signature field names (reports.signing), in signing order.
    assert [r.value for r in SignatureRole] == ["inspector_a", "inspector_b", "supervisor"]
    assert [r.value for r in Role] == ["inspector", "supervisor", "admin"]
    assert [r.value for r in OfficerRank] == ["officer", "vice_president", "president"]
    assert [b.value for b in BusinessStatus] == ["good", "average", "poor"]
    assert [r.value for r in RiskClass] == [
        "normal",
        "special_mention",
        "substandard",
        "doubtful",
        "loss",
    ]


@pytest.mark.parametrize(
    ("risk", "non_performing"),
    [
        (RiskClass.NORMAL, False),
        (RiskClass.SPECIAL_MENTION, False),
        (RiskClass.SUBSTANDARD, True),
        (RiskClass.DOUBTFUL, True),
        (RiskClass.LOSS, True),
    ],
)
def test_non_performing_is_substandard_and_worse(risk: RiskClass, non_performing: bool) -> None:
    assert risk.is_non_performing is non_performing


@pytest.mark.parametrize(
    "error", [errors.InvalidInput, errors.NotFound, errors.Conflict, errors.NotAllowed]
)
def test_user_errors(error: type[Exception]) -> None:
    assert issubclass(error, errors.UserError)
    assert issubclass(error, errors.PostloanError)
    assert not issubclass(error, errors.EnvironmentProblem)


@pytest.mark.parametrize("error", [errors.StorageProblem, errors.DiskFull])
def test_environment_errors(error: type[Exception]) -> None:
    assert issubclass(error, errors.EnvironmentProblem)
    assert issubclass(error, errors.PostloanError)
    assert not issubclass(error, errors.UserError)


def test_disk_full_is_a_storage_problem() -> None:
    assert issubclass(errors.DiskFull, errors.StorageProblem)


def test_new_ids_are_random_uuids() -> None:
    ids = {new_id() for _ in range(100)}
    assert len(ids) == 100
    for value in ids:
        assert isinstance(value, uuid.UUID)
        assert value.version == 4
