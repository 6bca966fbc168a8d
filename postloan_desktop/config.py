"""Settings a branch or head office may change, read from ``postloan.toml`` in the data folder.

Every setting has the bank's rule as its default, so the file is optional. Example::

    [rules]
    first_inspection_days = 15      # first inspection within N days after disbursement
    periodic_good_months = 3        # business status good: every 3 months
    periodic_average_months = 1     # average: monthly
    periodic_poor_days = 7          # poor: weekly
    repayment_reminder_days = 3     # remind the borrower N days before an instalment
    maturity_notice_months = 1      # maturity notices N months before maturity

    [collateral]
    coverage_threshold = 1.2        # flag a loan whose collateral is worth less than 1.2 x
                                    # its outstanding balance (0 turns the warning off)

    [photos]
    gps_radius_m = 1000             # warn when a photo was taken farther than this from the
                                    # collateral's (or else the borrower's) known position

    [review]
    days = 10                       # the supervisor reviews within N working days (篇4)
    holidays = [2026-10-01, 2026-10-02, 2026-10-05]   # public holidays on weekdays
    workdays = [2026-09-27, 2026-10-10]   # weekend days worked to bridge them (调休)

    [report]
    bank_name = "某某农村商业银行"    # printed above the branch on every inspection report
    font = "C:/Windows/Fonts/simsun.ttc"  # the Chinese font reports are set in (a TrueType
                                    # .ttf, or .ttc with #N for its N-th font); default: found
                                    # on the system (postloan_desktop.reports.fonts)
"""

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from postloan_desktop.domain.calendar import REVIEW_WORKING_DAYS, WorkCalendar
from postloan_desktop.domain.collateral import DEFAULT_COVERAGE_THRESHOLD
from postloan_desktop.domain.enums import BusinessStatus
from postloan_desktop.domain.errors import ConfigurationError
from postloan_desktop.domain.rules import InspectionRules, Interval
from postloan_desktop.paths import DataDir

CONFIG_FILE = DataDir(Path()).config.name


class RulesConfig(BaseModel):
    # strict: `true` or `1.0` for a number of days is a typo, not 1
    model_config = ConfigDict(extra="forbid", strict=True)

    first_inspection_days: int = Field(15, ge=0, le=365)
    periodic_good_months: int = Field(3, ge=1, le=24)
    periodic_average_months: int = Field(1, ge=1, le=24)
    periodic_poor_days: int = Field(7, ge=1, le=92)
    repayment_reminder_days: int = Field(3, ge=0, le=60)
    maturity_notice_months: int = Field(1, ge=1, le=12)

    def to_rules(self) -> InspectionRules:
        return InspectionRules(
            first_inspection_days=self.first_inspection_days,
            periodic={
                BusinessStatus.GOOD: Interval(months=self.periodic_good_months),
                BusinessStatus.AVERAGE: Interval(months=self.periodic_average_months),
                BusinessStatus.POOR: Interval(days=self.periodic_poor_days),
            },
            repayment_reminder_days=self.repayment_reminder_days,
            maturity_notice=Interval(months=self.maturity_notice_months),
        )


class CollateralConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    # current value of the collateral / outstanding balance; below it the loan is flagged
    coverage_threshold: float = Field(float(DEFAULT_COVERAGE_THRESHOLD), ge=0, le=10)

    def threshold(self) -> Decimal:
        """As written in the file: 1.2 is 1.2, not the float nearest to it."""
        return Decimal(repr(self.coverage_threshold))


class PhotosConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    gps_radius_m: float = Field(1000.0, gt=0, le=100_000)


class ReviewConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    days: int = Field(REVIEW_WORKING_DAYS, ge=1, le=60)
    holidays: list[dt.date] = Field(default_factory=list)
    workdays: list[dt.date] = Field(default_factory=list)

    @model_validator(mode="after")
    def _no_day_twice(self) -> "ReviewConfig":
        self.calendar()
        return self

    def calendar(self) -> WorkCalendar:
        return WorkCalendar.of(self.holidays, self.workdays)


class ReportConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    bank_name: str = Field("", max_length=100)
    font: str | None = Field(None, min_length=1)


class AppConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: RulesConfig = Field(default_factory=RulesConfig)
    collateral: CollateralConfig = Field(default_factory=CollateralConfig)
    photos: PhotosConfig = Field(default_factory=PhotosConfig)
    review: ReviewConfig = Field(default_factory=ReviewConfig)
    report: ReportConfig = Field(default_factory=ReportConfig)


def load_config(data_dir: Path) -> AppConfig:
    """The configuration in ``data_dir``, or the defaults when there is no file."""
    path = data_dir / CONFIG_FILE
    if not path.exists():
        return AppConfig()
    try:
        with path.open("rb") as f:
            return AppConfig.model_validate(tomllib.load(f))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigurationError(f"{path}: not saved as UTF-8 ({exc.reason})") from exc
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot be read: {exc.strerror}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigurationError(f"{path}: {problems}") from exc
