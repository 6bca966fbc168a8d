"""Translated display names for the domain's codes, and money and date formatting."""

import datetime as dt
import re
from enum import StrEnum
from functools import cache

from PySide6.QtCore import QCoreApplication

from postloan_desktop.domain.enums import (
    BorrowerType,
    BusinessStatus,
    BusinessType,
    CollateralType,
    GuaranteeMethod,
    InspectionKind,
    InspectionStatus,
    OfficerRank,
    RepaymentMethod,
    RiskClass,
)
from postloan_desktop.domain.money import format_fen
from postloan_desktop.domain.rules import DueReason


@cache
def _labels() -> dict[tuple[type[StrEnum], str], str]:
    # Keyed by (enum class, value): codes of different enums may share a value ("periodic").
    labels: tuple[tuple[StrEnum, str], ...] = (
        (InspectionKind.FIRST, QCoreApplication.translate("Labels", "First inspection")),
        (InspectionKind.PERIODIC, QCoreApplication.translate("Labels", "Periodic inspection")),
        (InspectionKind.SPECIAL, QCoreApplication.translate("Labels", "Special inspection")),
        (InspectionStatus.DRAFT, QCoreApplication.translate("Labels", "Draft")),
        (
            InspectionStatus.SIGNING,
            QCoreApplication.translate("Labels", "Waiting for inspector B's signature"),
        ),
        (InspectionStatus.SUBMITTED, QCoreApplication.translate("Labels", "Submitted")),
        (InspectionStatus.RETURNED, QCoreApplication.translate("Labels", "Returned")),
        (InspectionStatus.APPROVED, QCoreApplication.translate("Labels", "Approved")),
        (InspectionStatus.WITHDRAWN, QCoreApplication.translate("Labels", "Withdrawn")),
        (RiskClass.NORMAL, QCoreApplication.translate("Labels", "Normal")),
        (RiskClass.SPECIAL_MENTION, QCoreApplication.translate("Labels", "Special mention")),
        (RiskClass.SUBSTANDARD, QCoreApplication.translate("Labels", "Substandard")),
        (RiskClass.DOUBTFUL, QCoreApplication.translate("Labels", "Doubtful")),
        (RiskClass.LOSS, QCoreApplication.translate("Labels", "Loss")),
        (BusinessStatus.GOOD, QCoreApplication.translate("Labels", "Good")),
        (BusinessStatus.AVERAGE, QCoreApplication.translate("Labels", "Average")),
        (BusinessStatus.POOR, QCoreApplication.translate("Labels", "Poor")),
        (BusinessType.PRODUCTION, QCoreApplication.translate("Labels", "Production / processing")),
        (BusinessType.TRADE_SERVICE, QCoreApplication.translate("Labels", "Trade / service")),
        (BusinessType.CONSUMER, QCoreApplication.translate("Labels", "Consumer (no business)")),
        (BorrowerType.INDIVIDUAL, QCoreApplication.translate("Labels", "Individual")),
        (BorrowerType.ENTERPRISE, QCoreApplication.translate("Labels", "Enterprise")),
        (GuaranteeMethod.CREDIT, QCoreApplication.translate("Labels", "Credit")),
        (GuaranteeMethod.GUARANTEE, QCoreApplication.translate("Labels", "Guarantee")),
        (GuaranteeMethod.MORTGAGE, QCoreApplication.translate("Labels", "Mortgage")),
        (GuaranteeMethod.PLEDGE, QCoreApplication.translate("Labels", "Pledge")),
        (
            RepaymentMethod.EQUAL_INSTALMENT,
            QCoreApplication.translate("Labels", "Equal instalments"),
        ),
        (RepaymentMethod.EQUAL_PRINCIPAL, QCoreApplication.translate("Labels", "Equal principal")),
        (
            RepaymentMethod.INTEREST_ONLY,
            QCoreApplication.translate("Labels", "Monthly interest, principal at maturity"),
        ),
        (
            RepaymentMethod.BULLET,
            QCoreApplication.translate("Labels", "Principal and interest at maturity"),
        ),
        (CollateralType.RESIDENTIAL, QCoreApplication.translate("Labels", "Residential property")),
        (CollateralType.COMMERCIAL, QCoreApplication.translate("Labels", "Commercial property")),
        (CollateralType.INDUSTRIAL, QCoreApplication.translate("Labels", "Industrial building")),
        (CollateralType.LAND, QCoreApplication.translate("Labels", "Land use right")),
        (CollateralType.VEHICLE, QCoreApplication.translate("Labels", "Vehicle")),
        (CollateralType.EQUIPMENT, QCoreApplication.translate("Labels", "Equipment")),
        (CollateralType.DEPOSIT, QCoreApplication.translate("Labels", "Deposit certificate")),
        (CollateralType.RECEIVABLES, QCoreApplication.translate("Labels", "Receivables")),
        (OfficerRank.OFFICER, QCoreApplication.translate("Labels", "Loan officer")),
        (
            OfficerRank.VICE_PRESIDENT,
            QCoreApplication.translate("Labels", "Sub-branch vice-president"),
        ),
        (OfficerRank.PRESIDENT, QCoreApplication.translate("Labels", "Sub-branch president")),
        (DueReason.AFTER_DISBURSEMENT, QCoreApplication.translate("Labels", "After disbursement")),
        (DueReason.PERIODIC, QCoreApplication.translate("Labels", "Periodic schedule")),
        (DueReason.OVERDUE_PRINCIPAL, QCoreApplication.translate("Labels", "Principal overdue")),
        (DueReason.UNPAID_INTEREST, QCoreApplication.translate("Labels", "Interest unpaid")),
        (DueReason.SET_BY_INSPECTOR, QCoreApplication.translate("Labels", "Set by the inspector")),
    )
    return {(type(code), code.value): text for code, text in labels}


def label(value: StrEnum | None) -> str:
    """The display name of a code in the current language ('' for None)."""
    if value is None:
        return ""
    return _labels().get((type(value), value.value), str(value))


@cache
def _signal_levels() -> dict[str, str]:
    # Keyed by the forms package's SignalLevel values, which is not imported at start-up.
    return {
        "notice": QCoreApplication.translate("Labels", "Notice"),
        "warning": QCoreApplication.translate("Labels", "Attention"),
        "alert": QCoreApplication.translate("Labels", "Alert"),
    }


def signal_level(level: str) -> str:
    """提示 / 关注 / 预警 for a risk signal's level."""
    return _signal_levels().get(str(level), str(level))


def reset_labels() -> None:
    """Forget cached labels (after the translator changed)."""
    _labels.cache_clear()
    _signal_levels.cache_clear()


_PLACEHOLDER = re.compile(r"%([1-9])")


def fmt(text: str, *args: object) -> str:
    """Fill Qt-style %1…%9 in one pass, so an argument that contains '%2' stays as it is."""

    def fill(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return str(args[n - 1]) if n <= len(args) else match.group(0)

    return _PLACEHOLDER.sub(fill, text)


def money(fen: int) -> str:
    return format_fen(fen)


def date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


OVERDUE_COLOR = "#c0392b"  # dates and amounts past due, in every view
MUTED_COLOR = "#707070"  # secondary text: help, hints, what is missing


def rate(bp: int) -> str:
    return f"{bp / 100:.2f}%"
