"""Typed identifiers. Every id is a UUID made on the device that creates the record."""

import uuid
from typing import NewType

BranchId = NewType("BranchId", uuid.UUID)
UserId = NewType("UserId", uuid.UUID)
BorrowerId = NewType("BorrowerId", uuid.UUID)
LoanId = NewType("LoanId", uuid.UUID)
CollateralId = NewType("CollateralId", uuid.UUID)
InspectionId = NewType("InspectionId", uuid.UUID)
PhotoId = NewType("PhotoId", uuid.UUID)


def new_id() -> uuid.UUID:
    return uuid.uuid4()
