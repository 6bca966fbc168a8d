"""A deterministic synthetic loan portfolio with Chinese names and addresses (Faker zh_CN).

The same seed and the same ``today`` give the same portfolio. Dates are laid out around
``today`` so the work queue always has overdue, due-today and due-this-week inspections,
repayment reminders and loans maturing within a month, whatever day the demo is started.
"""

import datetime as dt
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from faker import Faker
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.collateral import CollateralCondition
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
    Role,
)
from postloan_desktop.domain.officers import PRESIDENT_ABOVE_FEN, VICE_PRESIDENT_FROM_FEN
from postloan_desktop.domain.rules import InspectionRules, add_months
from postloan_desktop.services.portfolio import recompute_due_dates
from postloan_desktop.storage.models import (
    Borrower,
    Branch,
    Collateral,
    CollateralNote,
    Guarantor,
    Inspection,
    Loan,
    RepaymentInstalment,
    User,
    UserRole,
)
from postloan_desktop.storage.repositories import search_text

DEFAULT_SEED = 20241201
# Bump when the generator makes different rows, so cached benchmark databases are rebuilt.
GENERATOR_VERSION = 2
YUAN = 100
BATCH = 5000

CITY = ("湖北省", "武汉市", 30.59, 114.30)
BRANCHES = (
    ("0101", "江汉支行", "江汉区", 30.60, 114.27),
    ("0102", "洪山支行", "洪山区", 30.50, 114.34),
    ("0103", "东湖高新支行", "东湖新技术开发区", 30.48, 114.42),
)
INDUSTRIES = {
    BusinessType.PRODUCTION: (
        "食品加工",
        "服装制造",
        "机械配件",
        "建材生产",
        "包装印刷",
        "家具制造",
    ),
    BusinessType.TRADE_SERVICE: (
        "批发零售",
        "餐饮服务",
        "物流运输",
        "汽车维修",
        "酒店住宿",
        "建材销售",
    ),
    BusinessType.CONSUMER: ("",),
}
PRODUCTS_INDIVIDUAL_BUSINESS = ("个人经营贷款", "小微企业主贷款", "农户生产经营贷款")
PRODUCTS_CONSUMER = ("个人消费贷款", "个人综合消费贷款")
PRODUCTS_ENTERPRISE = ("流动资金贷款", "小微企业流动资金贷款", "固定资产贷款")
COLLATERAL_REAL_ESTATE = (
    (CollateralType.RESIDENTIAL, "住宅", "鄂(2021)武汉市不动产权第{:07d}号"),
    (CollateralType.COMMERCIAL, "商铺", "鄂(2020)武汉市不动产权第{:07d}号"),
    (CollateralType.INDUSTRIAL, "厂房", "鄂(2019)武汉市不动产权第{:07d}号"),
    (CollateralType.LAND, "工业用地土地使用权", "鄂(2018)武汉市不动产权第{:07d}号"),
    (CollateralType.VEHICLE, "货运车辆", "鄂A{:05d}"),
    (CollateralType.EQUIPMENT, "生产设备", "动产抵押登记 DJ{:07d}"),
)
COLLATERAL_PLEDGE = (
    (CollateralType.DEPOSIT, "定期存单", "存单号 CD{:09d}"),
    (CollateralType.RECEIVABLES, "应收账款", "中登网登记 YS{:09d}"),
)


@dataclass
class DemoSummary:
    branches: int = 0
    users: int = 0
    borrowers: int = 0
    loans: int = 0
    instalments: int = 0
    guarantors: int = 0
    collateral: int = 0
    inspections: int = 0
    collateral_notes: int = 0


@dataclass
class _Rows:
    branches: list[dict[str, Any]] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    borrowers: list[dict[str, Any]] = field(default_factory=list)
    loans: list[dict[str, Any]] = field(default_factory=list)
    instalments: list[dict[str, Any]] = field(default_factory=list)
    guarantors: list[dict[str, Any]] = field(default_factory=list)
    collateral: list[dict[str, Any]] = field(default_factory=list)
    inspections: list[dict[str, Any]] = field(default_factory=list)
    collateral_notes: list[dict[str, Any]] = field(default_factory=list)


# What past inspections found of the collateral (collateral_notes), with a note for each.
NOTE_CONDITIONS = {
    CollateralCondition.INTACT: 0.86,
    CollateralCondition.OCCUPIED: 0.07,
    CollateralCondition.DAMAGED: 0.04,
    CollateralCondition.SEIZED: 0.015,
    CollateralCondition.OTHER: 0.015,
}
NOTE_TEXTS = {
    CollateralCondition.INTACT: "现场查看，抵押物完好，权属清晰，由借款人自用。",
    CollateralCondition.OCCUPIED: "已出租给第三方使用，租期一年，租金收入用于还款。",
    CollateralCondition.DAMAGED: "局部破损，借款人称将于下月修复，下次检查时复核。",
    CollateralCondition.SEIZED: "因其他债务纠纷被法院查封，已报告信贷主管。",
    CollateralCondition.OTHER: "借款人正在办理续保手续，下次检查时核实。",
}
FIXED_VALUE = (CollateralType.DEPOSIT, CollateralType.RECEIVABLES)


def _weighted(rng: random.Random, table: dict[Any, float]) -> Any:
    return rng.choices(list(table), weights=list(table.values()))[0]


class PortfolioGenerator:
    """Makes the rows of a portfolio; :func:`load_demo` and :func:`load_large` insert them."""

    def __init__(self, *, today: dt.date, seed: int = DEFAULT_SEED, full_schedules: bool = True):
        self.today = today
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.full_schedules = full_schedules
        self.uuid_bits = random.Random(seed + 1)
        self.rows = _Rows()
        self.officers: dict[uuid.UUID, list[tuple[uuid.UUID, OfficerRank]]] = {}
        self._contract_seq = 0

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.uuid_bits.getrandbits(128), version=4)

    # --- people and places ----------------------------------------------------------------

    def branches_and_staff(self) -> None:
        for code, name, district, lat, lon in BRANCHES:
            branch_id = self._uuid()
            self.rows.branches.append(
                {"id": branch_id, "code": code, "name": name, "city": CITY[1]}
            )
            staff: list[tuple[uuid.UUID, OfficerRank]] = []
            plan = [
                (OfficerRank.PRESIDENT, (Role.INSPECTOR, Role.SUPERVISOR)),
                (OfficerRank.VICE_PRESIDENT, (Role.INSPECTOR, Role.SUPERVISOR)),
                (OfficerRank.OFFICER, (Role.SUPERVISOR,)),  # 信贷主管
            ] + [(OfficerRank.OFFICER, (Role.INSPECTOR,))] * 5
            for n, (rank, roles) in enumerate(plan):
                user_id = self._uuid()
                self.rows.users.append(
                    {
                        "id": user_id,
                        "username": f"u{code}{n:02d}",
                        "display_name": self.fake.name(),
                        "branch_id": branch_id,
                        "rank": rank,
                        "phone": self.fake.phone_number(),
                        "active": True,
                    }
                )
                for role in roles:
                    self.rows.roles.append(
                        {"user_id": user_id, "role": role, "branch_id": branch_id}
                    )
                if Role.INSPECTOR in roles:
                    staff.append((user_id, rank))
            self.officers[branch_id] = staff
            del district, lat, lon

    def _address(self, branch_index: int) -> tuple[str, float, float]:
        _code, _name, district, lat, lon = BRANCHES[branch_index]
        street = f"{self.fake.street_name()}{self.rng.randrange(1, 400)}号"
        return (
            f"{CITY[0]}{CITY[1]}{district}{street}",
            round(lat + self.rng.uniform(-0.04, 0.04), 6),
            round(lon + self.rng.uniform(-0.04, 0.04), 6),
        )

    def borrower(self) -> tuple[dict[str, Any], int]:
        branch_index = self.rng.randrange(len(BRANCHES))
        branch_id = self.rows.branches[branch_index]["id"]
        kind = BorrowerType.ENTERPRISE if self.rng.random() < 0.3 else BorrowerType.INDIVIDUAL
        if kind is BorrowerType.ENTERPRISE:
            name = self.fake.company()
            btype = _weighted(
                self.rng, {BusinessType.PRODUCTION: 0.5, BusinessType.TRADE_SERVICE: 0.5}
            )
            id_number = "9142" + "".join(self.rng.choices("0123456789ABCDEFGHJKLMNPQRTUWXY", k=14))
            rep = self.fake.name()
        else:
            name = self.fake.name()
            btype = _weighted(
                self.rng,
                {
                    BusinessType.PRODUCTION: 0.25,
                    BusinessType.TRADE_SERVICE: 0.45,
                    BusinessType.CONSUMER: 0.30,
                },
            )
            id_number = self.fake.ssn()
            rep = ""
        address, lat, lon = self._address(branch_index)
        row = {
            "id": self._uuid(),
            "branch_id": branch_id,
            "kind": kind,
            "name": name,
            "id_number": id_number,
            "legal_representative": rep,
            "phone": self.fake.phone_number(),
            "address": address,
            "business_type": btype,
            "industry": self.rng.choice(INDUSTRIES[btype]),
            "latitude": lat,
            "longitude": lon,
        }
        self.rows.borrowers.append(row)
        return row, branch_index

    # --- loans --------------------------------------------------------------------------------

    def _amount_yuan(self, borrower: dict[str, Any]) -> int:
        if borrower["kind"] is BorrowerType.ENTERPRISE:
            return self.rng.randrange(100, 3000) * 10_000
        if borrower["business_type"] is BusinessType.CONSUMER:
            return self.rng.randrange(5, 50) * 10_000
        return self.rng.randrange(10, 300) * 10_000

    def _product(self, borrower: dict[str, Any]) -> str:
        if borrower["kind"] is BorrowerType.ENTERPRISE:
            return self.rng.choice(PRODUCTS_ENTERPRISE)
        if borrower["business_type"] is BusinessType.CONSUMER:
            return self.rng.choice(PRODUCTS_CONSUMER)
        return self.rng.choice(PRODUCTS_INDIVIDUAL_BUSINESS)

    def loan(
        self,
        borrower: dict[str, Any],
        branch_index: int,
        *,
        amount_yuan: int | None = None,
        senior_officer: OfficerRank | None = None,
    ) -> dict[str, Any]:
        rng = self.rng
        today = self.today
        branch = self.rows.branches[branch_index]
        amount_fen = (amount_yuan or self._amount_yuan(borrower)) * YUAN
        term = rng.choice((12, 12, 24, 36, 60))
        roll = rng.random()
        if roll < 0.07:  # matures within a month: the maturity notices are due
            matures_on = today + dt.timedelta(days=rng.randrange(1, 31))
            disbursed_on = add_months(matures_on, -term)
        elif roll < 0.12:  # disbursed in the last weeks: first inspection due
            disbursed_on = today - dt.timedelta(days=rng.randrange(0, 25))
        else:
            disbursed_on = today - dt.timedelta(days=rng.randrange(30, term * 30 - 35))
        matures_on = add_months(disbursed_on, term)
        if borrower["kind"] is BorrowerType.ENTERPRISE:
            method = _weighted(
                rng,
                {
                    RepaymentMethod.INTEREST_ONLY: 0.6,
                    RepaymentMethod.BULLET: 0.1,
                    RepaymentMethod.EQUAL_PRINCIPAL: 0.3,
                },
            )
        else:
            method = _weighted(
                rng,
                {
                    RepaymentMethod.EQUAL_INSTALMENT: 0.5,
                    RepaymentMethod.EQUAL_PRINCIPAL: 0.2,
                    RepaymentMethod.INTEREST_ONLY: 0.3,
                },
            )
        rate_bp = rng.choice((345, 365, 385, 435, 475, 520, 580, 610))
        in_arrears = rng.random() < 0.09
        loan_id = self._uuid()
        balance, overdue_p, overdue_i, p_since, i_since = self._schedule(
            loan_id, amount_fen, rate_bp, method, disbursed_on, matures_on, in_arrears
        )
        if in_arrears:
            risk = _weighted(
                rng,
                {
                    RiskClass.SPECIAL_MENTION: 0.5,
                    RiskClass.SUBSTANDARD: 0.3,
                    RiskClass.DOUBTFUL: 0.15,
                    RiskClass.LOSS: 0.05,
                },
            )
            status = _weighted(rng, {BusinessStatus.AVERAGE: 0.3, BusinessStatus.POOR: 0.7})
        else:
            risk = _weighted(rng, {RiskClass.NORMAL: 0.9, RiskClass.SPECIAL_MENTION: 0.1})
            status = _weighted(
                rng,
                {
                    BusinessStatus.GOOD: 0.65,
                    BusinessStatus.AVERAGE: 0.28,
                    BusinessStatus.POOR: 0.07,
                },
            )
        guarantee = _weighted(
            rng,
            {
                GuaranteeMethod.CREDIT: 0.15,
                GuaranteeMethod.GUARANTEE: 0.3,
                GuaranteeMethod.MORTGAGE: 0.45,
                GuaranteeMethod.PLEDGE: 0.1,
            },
        )
        officer_a, officer_b = self._officers(branch["id"], senior_officer)
        self._contract_seq += 1
        contract_no = f"DK{branch['code']}-{disbursed_on.year}-{self._contract_seq:06d}"
        row = {
            "id": loan_id,
            "contract_no": contract_no,
            "borrower_id": borrower["id"],
            "branch_id": branch["id"],
            "product": self._product(borrower),
            "amount_fen": amount_fen,
            "balance_fen": balance,
            "annual_rate_bp": rate_bp,
            "disbursed_on": disbursed_on,
            "matures_on": matures_on,
            "repayment_method": method,
            "guarantee_method": guarantee,
            "risk_class": risk,
            "business_status": status,
            "principal_overdue_since": p_since,
            "interest_unpaid_since": i_since,
            "overdue_principal_fen": overdue_p,
            "overdue_interest_fen": overdue_i,
            "officer_a_id": officer_a,
            "officer_b_id": officer_b,
            "search_text": search_text(borrower["name"], contract_no, borrower["id_number"]),
            "updated_at": dt.datetime.now(dt.UTC),
        }
        self.rows.loans.append(row)
        self._security(row, borrower)
        self._history(row, status)
        return row

    def _officers(
        self, branch_id: uuid.UUID, senior: OfficerRank | None
    ) -> tuple[uuid.UUID, uuid.UUID]:
        staff = self.officers[branch_id]
        juniors = [uid for uid, rank in staff if rank is OfficerRank.OFFICER]
        a, b = self.rng.sample(juniors, 2)
        if senior is not None:
            b = next(uid for uid, rank in staff if rank is senior)
        return a, b

    def _schedule(
        self,
        loan_id: uuid.UUID,
        amount_fen: int,
        rate_bp: int,
        method: RepaymentMethod,
        disbursed_on: dt.date,
        matures_on: dt.date,
        in_arrears: bool,
    ) -> tuple[int, int, int, dt.date | None, dt.date | None]:
        """Lay out the instalments; returns balance, overdue principal/interest and since when."""
        months = (matures_on.year - disbursed_on.year) * 12 + matures_on.month - disbursed_on.month
        dues = (
            [matures_on]
            if method is RepaymentMethod.BULLET
            else [add_months(disbursed_on, n) for n in range(1, months + 1)]
        )
        past = [d for d in dues if d < self.today]
        unpaid_from = len(past) - self.rng.randrange(1, 4) if in_arrears and past else len(past)
        unpaid_from = max(unpaid_from, 0)
        balance = amount_fen
        outstanding = amount_fen
        overdue_p = overdue_i = 0
        p_since: dt.date | None = None
        i_since: dt.date | None = None
        n = len(dues)
        for seq, due in enumerate(dues, start=1):
            interest = outstanding * rate_bp // 10_000 // 12
            if method in (RepaymentMethod.EQUAL_INSTALMENT, RepaymentMethod.EQUAL_PRINCIPAL):
                principal = amount_fen // n if seq < n else outstanding
            else:
                principal = outstanding if seq == n else 0
            if method is RepaymentMethod.BULLET:
                interest = amount_fen * rate_bp // 10_000 * months // 12
            outstanding -= principal
            index = seq - 1
            paid_on: dt.date | None = None
            if index < unpaid_from:
                paid_on = due
                balance -= principal
            elif due < self.today:
                overdue_p += principal
                overdue_i += interest
                if principal and p_since is None:
                    p_since = due
                if interest and i_since is None:
                    i_since = due
            keep = self.full_schedules or due >= self.today - dt.timedelta(days=62)
            if keep and (self.full_schedules or seq <= unpaid_from + 6):
                self.rows.instalments.append(
                    {
                        "id": self._uuid(),
                        "loan_id": loan_id,
                        "seq": seq,
                        "due_on": due,
                        "principal_fen": principal,
                        "interest_fen": interest,
                        "paid_on": paid_on,
                    }
                )
        return balance, overdue_p, overdue_i, p_since, i_since

    def _security(self, loan: dict[str, Any], borrower: dict[str, Any]) -> None:
        method = loan["guarantee_method"]
        amount = loan["amount_fen"]
        if method is GuaranteeMethod.GUARANTEE or (
            borrower["kind"] is BorrowerType.ENTERPRISE and self.rng.random() < 0.4
        ):
            for _ in range(self.rng.choice((1, 1, 2))):
                enterprise = self.rng.random() < 0.4
                self.rows.guarantors.append(
                    {
                        "id": self._uuid(),
                        "loan_id": loan["id"],
                        "kind": BorrowerType.ENTERPRISE if enterprise else BorrowerType.INDIVIDUAL,
                        "name": self.fake.company() if enterprise else self.fake.name(),
                        "id_number": "" if enterprise else self.fake.ssn(),
                        "phone": self.fake.phone_number(),
                        "relationship_to_borrower": self.rng.choice(
                            ("配偶", "亲属", "朋友", "合作伙伴", "关联企业", "担保公司")
                        ),
                        "guaranteed_fen": amount,
                    }
                )
        if method in (GuaranteeMethod.MORTGAGE, GuaranteeMethod.PLEDGE):
            choices = (
                COLLATERAL_REAL_ESTATE if method is GuaranteeMethod.MORTGAGE else COLLATERAL_PLEDGE
            )
            for _ in range(self.rng.choice((1, 1, 1, 2))):
                kind, label, reg = self.rng.choice(choices)
                appraised = int(amount * self.rng.uniform(1.3, 2.2)) // 10_000 * 10_000
                insured = (
                    kind
                    in (CollateralType.VEHICLE, CollateralType.EQUIPMENT, CollateralType.INDUSTRIAL)
                    or self.rng.random() < 0.3
                )
                address, lat, lon = self._address(self.rng.randrange(len(BRANCHES)))
                self.rows.collateral.append(
                    {
                        "id": self._uuid(),
                        "loan_id": loan["id"],
                        "kind": kind,
                        "description": f"{label}，{address[6:]}"
                        if kind not in (CollateralType.DEPOSIT, CollateralType.RECEIVABLES)
                        else label,
                        "registration_no": reg.format(self.rng.randrange(10**7)),
                        "location": address,
                        "latitude": lat,
                        "longitude": lon,
                        "appraised_fen": appraised,
                        "appraised_on": loan["disbursed_on"]
                        - dt.timedelta(days=self.rng.randrange(5, 40)),
                        "insured": insured,
                        "insurer": self.rng.choice(("中国人保财险", "平安财险", "太平洋财险"))
                        if insured
                        else "",
                        "insurance_expires_on": (
                            loan["disbursed_on"]
                            + dt.timedelta(days=365 * self.rng.choice((1, 2, 3)))
                            if insured
                            else None
                        ),
                    }
                )

    def _inspection(
        self, loan: dict[str, Any], kind: InspectionKind, on: dt.date, status: InspectionStatus
    ) -> None:
        at = dt.datetime.combine(on, dt.time(9, 30), tzinfo=dt.UTC)
        self.rows.inspections.append(
            {
                "id": self._uuid(),
                "loan_id": loan["id"],
                "kind": kind,
                "status": status,
                "revision": 1,
                "officer_a_id": loan["officer_a_id"],
                "officer_b_id": loan["officer_b_id"],
                "inspected_on": on,
                "place": "",
                "proposed_risk_class": loan["risk_class"],
                "started_at": at,
                "submitted_at": at + dt.timedelta(hours=3),
                "reviewed_at": at + dt.timedelta(days=2)
                if status is InspectionStatus.APPROVED
                else None,
                "review_comment": "",
                "template_id": "",
                "template_version": 0,
                "version": 1,
            }
        )

    def _history(self, loan: dict[str, Any], status: BusinessStatus) -> None:
        """The first inspection and the latest periodic one, spread so some are due now."""
        rng = self.rng
        disbursed = loan["disbursed_on"]
        first_on = disbursed + dt.timedelta(days=rng.randrange(3, 15))
        if first_on >= self.today or rng.random() < 0.03:
            return  # first inspection still to do (some of them overdue)
        self._inspection(loan, InspectionKind.FIRST, first_on, InspectionStatus.APPROVED)
        interval = InspectionRules().periodic_interval(status)
        next_due = self.today + dt.timedelta(days=rng.randrange(-20, 75))
        last = min(interval.before(next_due), self.today - dt.timedelta(days=rng.randrange(1, 6)))
        if last > first_on:
            recent = (self.today - last).days < 10
            final = (
                InspectionStatus.SUBMITTED
                if recent and rng.random() < 0.5
                else InspectionStatus.APPROVED
            )
            self._inspection(loan, InspectionKind.PERIODIC, last, final)

    # --- the whole portfolio ----------------------------------------------------------------

    def build(self, *, borrowers: int, loans: int, large_balances: bool = True) -> _Rows:
        self.branches_and_staff()
        people = [self.borrower() for _ in range(borrowers)]
        for n in range(loans):
            borrower, branch_index = (
                people[n % borrowers] if n < borrowers else self.rng.choice(people)
            )
            self.loan(borrower, branch_index)
        if large_balances:
            # The A/B rule (篇4): 50M–100M needs a vice-president, above 100M the president.
            enterprises = [p for p in people if p[0]["kind"] is BorrowerType.ENTERPRISE][:5]
            plan = [
                (VICE_PRESIDENT_FROM_FEN // YUAN, OfficerRank.VICE_PRESIDENT),
                (80_000_000, OfficerRank.VICE_PRESIDENT),
                (150_000_000, OfficerRank.PRESIDENT),
                (PRESIDENT_ABOVE_FEN // YUAN + 20_000_000, None),  # breaks the rule on purpose
                (65_000_000, None),  # breaks the rule on purpose
            ]
            for (borrower, branch_index), (amount, senior) in zip(enterprises, plan, strict=False):
                self.loan(borrower, branch_index, amount_yuan=amount, senior_officer=senior)
        self.collateral_notes()
        return self.rows

    def collateral_notes(self) -> None:
        """What the past inspections found of each collateral item. Made last, from random
        streams of their own, so every other row is the same as without them."""
        rng = random.Random(self.seed + 2)
        bits = random.Random(self.seed + 3)
        by_loan: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for item in self.rows.collateral:
            by_loan.setdefault(item["loan_id"], []).append(item)
        for inspection in self.rows.inspections:
            on = inspection["inspected_on"]
            first = inspection["kind"] is InspectionKind.FIRST
            for item in by_loan.get(inspection["loan_id"], ()):
                condition = _weighted(rng, NOTE_CONDITIONS)
                if item["kind"] in FIXED_VALUE:
                    drift = 1.0
                elif first:
                    drift = rng.uniform(0.97, 1.03)
                else:
                    drift = rng.uniform(0.75, 1.08)
                expires = item["insurance_expires_on"]
                self.rows.collateral_notes.append(
                    {
                        "id": uuid.UUID(int=bits.getrandbits(128), version=4),
                        "inspection_id": inspection["id"],
                        "collateral_id": item["id"],
                        "condition": condition,
                        "estimated_value_fen": int(item["appraised_fen"] * drift)
                        // (100 * YUAN)
                        * (100 * YUAN),
                        "valuation_basis": "评估报告"
                        if first
                        else rng.choice(("市场比较", "中介询价", "经验估计")),
                        "registration_valid": rng.random() > 0.01,
                        "insurance_valid": (expires >= on) if item["insured"] else None,
                        "notes": NOTE_TEXTS[condition],
                        "updated_at": inspection["submitted_at"],
                        "updated_by": inspection["officer_a_id"],
                    }
                )


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _insert(session: Session, rows: _Rows, progress: Callable[[int, int], None] | None) -> None:
    tables: list[tuple[type[Any], list[dict[str, Any]]]] = [
        (Branch, rows.branches),
        (User, rows.users),
        (UserRole, rows.roles),
        (Borrower, rows.borrowers),
        (Loan, rows.loans),
        (RepaymentInstalment, rows.instalments),
        (Guarantor, rows.guarantors),
        (Collateral, rows.collateral),
        (Inspection, rows.inspections),
        (CollateralNote, rows.collateral_notes),
    ]
    total = sum(len(r) for _, r in tables)
    done = 0
    for model, table_rows in tables:
        for batch in _batches(table_rows):
            # Core insert: one executemany per batch (the ORM bulk path splits it up).
            session.execute(insert(model.__table__), batch)
            done += len(batch)
            if progress is not None:
                progress(done, total)


def is_empty(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return session.execute(select(func.count()).select_from(Loan)).scalar_one() == 0


def load_portfolio(
    sessions: sessionmaker[Session],
    *,
    today: dt.date,
    borrowers: int,
    loans: int,
    seed: int = DEFAULT_SEED,
    full_schedules: bool = True,
    rules: InspectionRules | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Generate and insert a portfolio in one transaction, then derive the due dates."""
    gen = PortfolioGenerator(today=today, seed=seed, full_schedules=full_schedules)
    rows = gen.build(borrowers=borrowers, loans=loans)
    with sessions.begin() as session:  # all or nothing: no loans without their due dates
        _insert(session, rows, progress)
        recompute_due_dates(session, rules or InspectionRules())
    return DemoSummary(
        branches=len(rows.branches),
        users=len(rows.users),
        borrowers=len(rows.borrowers),
        loans=len(rows.loans),
        instalments=len(rows.instalments),
        guarantors=len(rows.guarantors),
        collateral=len(rows.collateral),
        inspections=len(rows.inspections),
        collateral_notes=len(rows.collateral_notes),
    )


DEMO_BORROWERS = 320
DEMO_LOANS = 420


def load_demo(
    sessions: sessionmaker[Session],
    *,
    today: dt.date,
    seed: int = DEFAULT_SEED,
    rules: InspectionRules | None = None,
) -> DemoSummary:
    """The demo portfolio: 3 branches, 320 borrowers, 425 loans (5 of them large balances)."""
    return load_portfolio(
        sessions, today=today, borrowers=DEMO_BORROWERS, loans=DEMO_LOANS, seed=seed, rules=rules
    )
