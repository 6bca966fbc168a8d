"""Importing the loan portfolio from the core-banking export (``import portfolio``).

The export (``docs/portfolio-import.md`` has every column and value):

- one workbook (``.xlsx``) with up to four sheets, or up to four CSV files (UTF-8 with or
  without BOM, or GB18030), one per table: ``loans`` (sheet 贷款 or 贷款台账, one row per loan
  with its borrower's columns on the row), ``collateral`` (抵质押物), ``guarantors`` (保证人)
  and ``schedule`` (还款计划, one row per instalment). Other sheets and columns are ignored
  and named in the report; a table may be left out (a file of schedules only updates the
  schedules of loans imported before).
- the header row names the columns, in Chinese (合同编号, 贷款金额(元), 五级分类…) or by their
  English keys (``contract_no``, ``amount``, ``risk_class``…); it is the first row naming the
  contract number among the first ten, so a title row above it is fine. Values may be the
  Chinese labels (正常, 等额本息, 抵押…) or the stable codes (``normal``…).
- money in yuan with at most two decimals (``1,234,567.89`` or a number cell), read with
  ``Decimal`` into integer fen; the yearly rate in percent (``4.35`` or a percent cell);
  dates as ``2024-03-15``, ``2024/3/15``, ``20240315``, ``2024年3月15日`` or date cells; officers
  by their account's username.

Every row is checked (branch and officers exist, the officers belong to the loan's branch,
every value fits its column via ``sync.wire.from_wire``); a row with an error is reported
with the line number Excel shows (the header is line 1 when it is the first row) and not
imported, the other rows are. Record ids are ``uuid5`` of natural keys (the contract number,
the borrower's branch and id number…), so importing the same file again changes nothing and a
changed row updates just its record. A loan missing from a later file is not deleted: a repaid
loan stays in the export with balance 0. For a contract whose schedule (or guarantors) the
file lists, instalments (guarantors) that the file no longer lists are deleted; collateral is
never deleted, inspections refer to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import uuid
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from headoffice.models import Account, Branch, Record
from headoffice.store import SeqAllocator, delete_record, put_record
from postloan_desktop.domain.enums import (
    BorrowerType,
    BusinessStatus,
    BusinessType,
    CollateralType,
    GuaranteeMethod,
    RepaymentMethod,
    RiskClass,
)
from postloan_desktop.sync.wire import BadRecord, from_wire, values_to_wire

# Record ids of imported records are uuid5 of their natural keys in this namespace.
PORTFOLIO_NAMESPACE = uuid.UUID("3b8e2c4a-91d7-5f06-8c2e-7a4d1f9b0e63")
HEADER_SEARCH_ROWS = 10  # the header is the first row naming the contract number among these
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number: longer ids lose digits
CHUNK = 500  # ids per IN (…) query
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class PortfolioProblem(Exception):
    """The export cannot be read at all (not a workbook, a file of unknown name…); the
    message says what to do."""


@dataclass(frozen=True)
class RowError:
    """A problem with one row (or the header row): where the user finds it, the column as
    the file names it ("" for the row as a whole), the value as found, and what is wrong."""

    source: str  # the CSV file's name, or the sheet's
    line: int  # as Excel shows it
    column: str
    value: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}:"
        if not self.column:
            return f"{where} {self.message}"
        if self.value is None:
            return f"{where} {self.column}: {self.message}"
        return f"{where} {self.column} {self.value!r}: {self.message}"


@dataclass(frozen=True)
class EntityCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, rolled back, would do)."""

    rows_read: int  # data rows, every table
    rows_rejected: int  # of them, not imported
    counts: dict[str, EntityCounts]  # by record type (wire name)
    errors: tuple[RowError, ...]
    notes: tuple[str, ...]  # sheets, files and columns ignored

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.counts.values())

    @property
    def deleted(self) -> int:
        return sum(c.deleted for c in self.counts.values())


# --- the format ---------------------------------------------------------------------------


def normal_label(text: str) -> str:
    """A header or value label as compared: full-width forms folded (（元） is (元)), lower
    case, without blanks, underscores, hyphens and list commas."""
    return re.sub(r"[\s_\-、,，]", "", unicodedata.normalize("NFKC", text)).lower()


class Choices:
    """The labels a coded column accepts: the Chinese ones a bank uses, and the codes."""

    def __init__(self, labels: Mapping[StrEnum, tuple[str, ...]]) -> None:
        self.labels = tuple(names[0] for names in labels.values())
        self._lookup: dict[str, StrEnum] = {}
        for member, names in labels.items():
            for name in (*names, member.value):
                self._lookup[normal_label(name)] = member

    def get(self, text: str) -> StrEnum | None:
        return self._lookup.get(normal_label(text))


BORROWER_KINDS = Choices(
    {
        BorrowerType.INDIVIDUAL: ("个人", "自然人"),
        BorrowerType.ENTERPRISE: ("企业", "公司", "法人", "单位"),
    }
)
BUSINESS_TYPES = Choices(
    {
        BusinessType.PRODUCTION: ("生产加工型", "生产加工"),
        BusinessType.TRADE_SERVICE: ("商贸服务型", "商贸服务"),
        BusinessType.CONSUMER: ("个人消费", "消费"),
    }
)
REPAYMENT_METHODS = Choices(
    {
        RepaymentMethod.EQUAL_INSTALMENT: ("等额本息",),
        RepaymentMethod.EQUAL_PRINCIPAL: ("等额本金",),
        RepaymentMethod.INTEREST_ONLY: (
            "按月付息、到期还本",
            "按季付息、到期还本",
            "按期付息、到期还本",
            "先息后本",
        ),
        RepaymentMethod.BULLET: ("到期一次还本付息", "利随本清", "一次还本付息"),
    }
)
GUARANTEE_METHODS = Choices(
    {
        GuaranteeMethod.CREDIT: ("信用",),
        GuaranteeMethod.GUARANTEE: ("保证",),
        GuaranteeMethod.MORTGAGE: ("抵押",),
        GuaranteeMethod.PLEDGE: ("质押",),
    }
)
RISK_CLASSES = Choices(
    {
        RiskClass.NORMAL: ("正常", "正常类"),
        RiskClass.SPECIAL_MENTION: ("关注", "关注类"),
        RiskClass.SUBSTANDARD: ("次级", "次级类"),
        RiskClass.DOUBTFUL: ("可疑", "可疑类"),
        RiskClass.LOSS: ("损失", "损失类"),
    }
)
BUSINESS_STATUSES = Choices(
    {
        BusinessStatus.GOOD: ("好", "良好"),
        BusinessStatus.AVERAGE: ("一般",),
        BusinessStatus.POOR: ("差", "较差"),
    }
)
COLLATERAL_TYPES = Choices(
    {
        CollateralType.RESIDENTIAL: ("住宅", "住房"),
        CollateralType.COMMERCIAL: ("商铺", "写字楼", "商铺/写字楼", "商业用房"),
        CollateralType.INDUSTRIAL: ("厂房", "工业厂房", "工业用房"),
        CollateralType.LAND: ("土地使用权", "土地"),
        CollateralType.VEHICLE: ("车辆", "机动车"),
        CollateralType.EQUIPMENT: ("机器设备", "设备"),
        CollateralType.DEPOSIT: ("存单", "定期存单"),
        CollateralType.RECEIVABLES: ("应收账款",),
    }
)
YES = frozenset(normal_label(s) for s in ("是", "有", "Y", "yes", "true", "1"))
NO = frozenset(normal_label(s) for s in ("否", "无", "N", "no", "false", "0"))


class Kind(Enum):
    TEXT = "text"
    MONEY = "money"  # yuan, at most 2 decimals → fen
    RATE = "rate"  # % a year, at most 2 decimals → basis points
    DATE = "date"
    COUNT = "count"  # a whole number from 1
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    FLAG = "flag"  # 是 / 否
    CHOICE = "choice"


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # also its English header
    headers: tuple[str, ...]  # the Chinese headers, the documented one first
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: Choices | None = None

    @property
    def header(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class TableSpec:
    name: str  # also its English sheet name and CSV file name (loans.csv)
    names: tuple[str, ...]  # Chinese sheet names / CSV file names, the documented one first
    columns: tuple[ColumnSpec, ...]

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    def key_of(self, header: str) -> str | None:
        wanted = normal_label(header)
        for column in self.columns:
            if wanted in (normal_label(h) for h in (column.key, *column.headers)):
                return column.key
        return None


def _col(key: str, *headers: str, kind: Kind = Kind.TEXT, required: bool = False) -> ColumnSpec:
    return ColumnSpec(key, headers, kind, required)


def _choice(key: str, choices: Choices, *headers: str, required: bool = True) -> ColumnSpec:
    return ColumnSpec(key, headers, Kind.CHOICE, required, choices)


CONTRACT = _col("contract_no", "合同编号", "借款合同编号", "合同号", required=True)

LOANS = TableSpec(
    "loans",
    ("贷款", "贷款台账", "贷款信息"),
    (
        CONTRACT,
        _col("branch_code", "机构号", "机构代码", "机构编号", required=True),
        _col("borrower_name", "借款人名称", "借款人", "客户名称", required=True),
        _choice("borrower_kind", BORROWER_KINDS, "客户类型", "借款人类型"),
        _col("id_number", "证件号码", "证件号", "借款人证件号码"),
        _col("phone", "联系电话", "手机号码", "电话"),
        _col("address", "地址", "联系地址", "经营地址", "住址"),
        _choice("business_type", BUSINESS_TYPES, "经营类型"),
        _col("industry", "行业", "所属行业", "行业类别"),
        _col("legal_representative", "法定代表人", "法人代表"),
        _col("latitude", "纬度", kind=Kind.LATITUDE),
        _col("longitude", "经度", kind=Kind.LONGITUDE),
        _col("product", "贷款品种", "贷款产品", "产品名称", required=True),
        _col("amount", "贷款金额(元)", "合同金额(元)", "贷款金额", kind=Kind.MONEY, required=True),
        _col("balance", "贷款余额(元)", "余额(元)", "贷款余额", kind=Kind.MONEY, required=True),
        _col(
            "annual_rate",
            "年利率(%)",
            "执行年利率(%)",
            "执行利率(%)",
            "年利率",
            kind=Kind.RATE,
            required=True,
        ),
        _col("disbursed_on", "发放日期", "放款日期", "放款日", kind=Kind.DATE, required=True),
        _col("matures_on", "到期日期", "到期日", kind=Kind.DATE, required=True),
        _choice("repayment_method", REPAYMENT_METHODS, "还款方式"),
        _choice("guarantee_method", GUARANTEE_METHODS, "担保方式", "主要担保方式", "主担保方式"),
        _choice("risk_class", RISK_CLASSES, "五级分类", "风险分类"),
        _choice("business_status", BUSINESS_STATUSES, "经营状况"),
        _col("principal_overdue_since", "本金逾期日期", "本金逾期起始日", kind=Kind.DATE),
        _col("interest_unpaid_since", "欠息日期", "欠息起始日", kind=Kind.DATE),
        _col("overdue_principal", "逾期本金(元)", "逾期本金", kind=Kind.MONEY),
        _col("overdue_interest", "欠息金额(元)", "欠息(元)", "欠息金额", kind=Kind.MONEY),
        _col("officer_a", "A角客户经理", "A角", "管户客户经理"),
        _col("officer_b", "B角客户经理", "B角", "协办客户经理"),
    ),
)
COLLATERAL = TableSpec(
    "collateral",
    ("抵质押物", "押品", "押品信息"),
    (
        CONTRACT,
        _choice("kind", COLLATERAL_TYPES, "押品类型", "抵质押物类型"),
        _col("description", "押品名称", "抵质押物名称", "押品描述", required=True),
        _col("registration_no", "权证编号", "权属证书编号", "登记证号", "他项权证号"),
        _col("location", "坐落位置", "押品地址", "存放地点"),
        _col("latitude", "纬度", kind=Kind.LATITUDE),
        _col("longitude", "经度", kind=Kind.LONGITUDE),
        _col(
            "appraised_value",
            "评估价值(元)",
            "评估金额(元)",
            "评估价值",
            kind=Kind.MONEY,
            required=True,
        ),
        _col("appraised_on", "评估日期", "评估基准日", kind=Kind.DATE, required=True),
        _col("insured", "是否投保", "是否保险", kind=Kind.FLAG),
        _col("insurer", "保险公司", "保险人"),
        _col("insurance_expires_on", "保险到期日", "保险到期日期", kind=Kind.DATE),
    ),
)
GUARANTORS = TableSpec(
    "guarantors",
    ("保证人", "保证人信息"),
    (
        CONTRACT,
        _col("name", "保证人名称", "保证人", required=True),
        _choice("kind", BORROWER_KINDS, "保证人类型"),
        _col("id_number", "证件号码", "证件号"),
        _col("phone", "联系电话", "电话"),
        _col("relationship", "与借款人关系", "关系"),
        _col(
            "guaranteed_amount",
            "担保金额(元)",
            "保证金额(元)",
            "担保金额",
            kind=Kind.MONEY,
            required=True,
        ),
    ),
)
SCHEDULE = TableSpec(
    "schedule",
    ("还款计划", "还款计划表"),
    (
        CONTRACT,
        _col("seq", "期次", "期数", "期号", kind=Kind.COUNT, required=True),
        _col("due_on", "应还日期", "应还款日", kind=Kind.DATE, required=True),
        _col("principal", "应还本金(元)", "应还本金", kind=Kind.MONEY, required=True),
        _col("interest", "应还利息(元)", "应还利息", kind=Kind.MONEY, required=True),
        _col("paid_on", "实还日期", "结清日期", kind=Kind.DATE),
    ),
)
TABLES: tuple[TableSpec, ...] = (LOANS, COLLATERAL, GUARANTORS, SCHEDULE)


def table_named(name: str) -> TableSpec | None:
    """The table a sheet or a CSV file (by its name without .csv) holds."""
    wanted = normal_label(name)
    for spec in TABLES:
        if wanted in (normal_label(n) for n in (spec.name, *spec.names)):
            return spec
    return None


# --- reading ------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    cells: dict[str, object]  # by column key, as read (str, number, date…); only columns present
    overflow: bool = False  # values right of the header's last column: the row is shifted


@dataclass
class Table:
    spec: TableSpec
    source: str  # the file's or the sheet's name
    header_line: int = 1
    headers: dict[str, str] = field(default_factory=dict)  # column key → header as written
    rows: list[Row] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)  # the header's

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.spec.column(key).header


@dataclass
class PortfolioExport:
    tables: dict[str, Table] = field(default_factory=dict)  # by TableSpec.name
    notes: list[str] = field(default_factory=list)

    def add(self, table: Table) -> None:
        other = self.tables.get(table.spec.name)
        if other is not None:
            raise PortfolioProblem(
                f"{other.source} and {table.source} are both the {table.spec.name} table: "
                "give one of them"
            )
        self.tables[table.spec.name] = table


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def build_table(
    spec: TableSpec, source: str, lines: Iterable[Sequence[object]], notes: list[str]
) -> Table:
    """A table from its rows as read (line 1 first): finds the header, maps the columns."""
    table = Table(spec, source)
    header: dict[int, str] | None = None  # cell index → column key
    width = 0
    for line, cells in enumerate(lines, start=1):
        if header is None:
            if line > HEADER_SEARCH_ROWS:
                break
            header = _header(table, line, cells, notes)
            width = max((i + 1 for i, c in enumerate(cells) if not _is_blank(c)), default=0)
            continue
        if all(_is_blank(c) for c in cells):
            continue
        row = Row(line, {key: cells[i] for i, key in header.items() if i < len(cells)})
        row.overflow = any(not _is_blank(c) for c in cells[width:])
        table.rows.append(row)
    if header is None:
        names = "、".join(CONTRACT.headers)
        table.problems.append(
            RowError(
                source,
                1,
                "",
                None,
                f"no header row: none of the first {HEADER_SEARCH_ROWS} rows names the "
                f"contract number ({names} or contract_no)",
            )
        )
    return table


def _header(
    table: Table, line: int, cells: Sequence[object], notes: list[str]
) -> dict[int, str] | None:
    texts = [c.strip() if isinstance(c, str) else "" for c in cells]
    if not any(table.spec.key_of(t) == CONTRACT.key for t in texts if t):
        return None
    table.header_line = line
    found: dict[int, str] = {}
    ignored: list[str] = []
    for index, text in enumerate(texts):
        if not text:
            continue
        key = table.spec.key_of(text)
        if key is None:
            ignored.append(text)
        elif key in table.headers:
            table.problems.append(
                RowError(
                    table.source,
                    line,
                    text,
                    None,
                    f"the same column as {table.headers[key]}: keep one of them",
                )
            )
        else:
            table.headers[key] = text
            found[index] = key
    for column in table.spec.columns:
        if column.required and column.key not in table.headers:
            table.problems.append(
                RowError(table.source, line, column.header, None, "required column missing")
            )
    if ignored:
        notes.append(f"{table.source}: ignored columns {', '.join(ignored)}")
    return found


def decode_csv(data: bytes, name: str) -> str:
    """CSV text: UTF-8 (with or without BOM), else GB18030 (as Chinese Excel saves it)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PortfolioProblem(f"{name} is neither UTF-8 nor GB18030 text: save it as CSV UTF-8")


_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)


def csv_lines(text: str) -> list[list[object]]:
    """Rows of a CSV text; ``="0101"`` (how exports keep leading zeros from Excel) is 0101."""
    rows: list[list[object]] = []
    for record in csv.reader(io.StringIO(text, newline="")):
        row: list[object] = []
        for cell in record:
            quoted = _EXCEL_TEXT.fullmatch(cell.strip())
            row.append(quoted.group(1) if quoted else cell)
        rows.append(row)
    return rows


def read_csv(path: Path, spec: TableSpec, notes: list[str]) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PortfolioProblem(f"cannot read {path}: {exc.strerror}") from exc
    return build_table(spec, path.name, csv_lines(decode_csv(data, path.name)), notes)


def _workbook_value(cell: Any) -> object:
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in str(getattr(cell, "number_format", ""))
    ):
        return f"{Decimal(repr(value)) * 100}%"  # a percent cell: 0.0435 shows as 4.35%
    return value


def read_workbook(path: Path) -> PortfolioExport:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    export = PortfolioExport()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise PortfolioProblem(f"cannot read {path} as an Excel workbook: {exc}") from exc
    try:
        for sheet in book.worksheets:
            spec = table_named(sheet.title)
            if spec is None:
                export.notes.append(f"{path.name}: ignored sheet {sheet.title}")
                continue
            # Exporters often write a wrong sheet size; read_only mode trusts it otherwise.
            sheet.reset_dimensions()
            rows = ([_workbook_value(c) for c in row] for row in sheet.iter_rows())
            export.add(build_table(spec, sheet.title, rows, export.notes))
    finally:
        book.close()
    if not export.tables:
        raise PortfolioProblem(
            f"{path.name} has none of the sheets "
            + ", ".join(f"{s.names[0]} ({s.name})" for s in TABLES)
        )
    return export


def read_export(paths: Sequence[Path]) -> PortfolioExport:
    """The export in ``paths``: one workbook, or CSV files named after their tables
    (loans.csv, 贷款.csv…), or a folder of them. Raises PortfolioProblem."""
    if not paths:
        raise PortfolioProblem("name the export: a workbook, CSV files or their folder")
    workbooks = [p for p in paths if p.suffix.lower() in WORKBOOK_SUFFIXES]
    if workbooks:
        if len(paths) > 1:
            raise PortfolioProblem("give one workbook, or CSV files, not both or several")
        return read_workbook(workbooks[0])
    export = PortfolioExport()
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
            for csv_path in found:
                spec = table_named(csv_path.stem)
                if spec is None:
                    export.notes.append(f"{path}: ignored file {csv_path.name}")
                else:
                    export.add(read_csv(csv_path, spec, export.notes))
            continue
        if path.suffix.lower() == ".xls":
            raise PortfolioProblem(f"{path.name} is an old .xls workbook: save it as .xlsx")
        if path.suffix.lower() != ".csv":
            raise PortfolioProblem(f"{path.name} is neither a workbook (.xlsx) nor a CSV file")
        spec = table_named(path.stem)
        if spec is None:
            raise PortfolioProblem(
                f"{path.name}: name each CSV file after its table: "
                + ", ".join(f"{s.name}.csv" for s in TABLES)
            )
        export.add(read_csv(path, spec, export.notes))
    if not export.tables:
        raise PortfolioProblem("found no table to import (loans.csv, collateral.csv…)")
    return export


# --- values -------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell value that does not fit its column; the message says why."""


def shown(value: object) -> str | None:
    """A cell value as the report shows it; None for an empty cell."""
    if _is_blank(value):
        return None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def parse_text(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if not value.is_integer():
            return repr(value)
        if abs(value) >= 10**EXCEL_DIGITS:
            raise CellError(
                "a number this long has lost digits in Excel: format the column as text "
                "and enter it again"
            )
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


_AMOUNT = re.compile(r"(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?|\.\d+")
CENT = Decimal("0.01")


def _decimal(value: object, what: str) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"not {what}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(f"not {what}")
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise CellError(f"not {what}")
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    negative = text.startswith("-")
    digits = text.lstrip("+-")
    if not _AMOUNT.fullmatch(digits):
        raise CellError(f"not {what}")
    try:
        number = Decimal(digits.replace(",", ""))
    except InvalidOperation:
        raise CellError(f"not {what}") from None
    return -number if negative else number


def parse_money(value: object) -> int:
    """Yuan with at most two decimals, as integer fen."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip().lstrip("¥").removesuffix("元")
    amount = _decimal(value, "an amount")
    if isinstance(value, float):
        # A computed cell may hold 1234.5600000000002: within a millionth of a fen is a fen.
        rounded = amount.quantize(CENT)
        if abs(amount - rounded) < Decimal("0.000001"):
            amount = rounded
    if amount < 0:
        raise CellError("may not be negative")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise CellError("more than two decimals: give yuan and fen, e.g. 12345.67")
    return int(fen)


def parse_rate_bp(value: object) -> int:
    """A yearly rate in percent (4.35 or 4.35%), as basis points (435)."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip().removesuffix("%")
    percent = _decimal(value, "a rate in % (e.g. 4.35)")
    if isinstance(value, float):
        percent = percent.quantize(Decimal("0.000001"))
    if not 0 <= percent < 100:
        raise CellError("not a yearly rate in % (e.g. 4.35)")
    if 0 < percent < Decimal("0.1"):
        raise CellError("looks like a fraction: give the rate in % (4.35 for 4.35 %)")
    bp = percent * 100
    if bp != bp.to_integral_value():
        raise CellError("more precise than 0.01 %")
    return int(bp)


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME_OF_DAY = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        found = value.date()
    elif isinstance(value, dt.date):
        found = value
    else:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise CellError("not a date (e.g. 2024-03-15)")
        text = parse_text(value) if not isinstance(value, str) else value
        text = _TIME_OF_DAY.sub("", unicodedata.normalize("NFKC", text).strip())
        match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
        if match is None:
            raise CellError("not a date (e.g. 2024-03-15)")
        year, month, day = (int(g) for g in match.groups())
        try:
            found = dt.date(year, month, day)
        except ValueError:
            raise CellError("no such day") from None
    if not 1900 <= found.year < 2200:
        raise CellError("not a date of a loan's life")
    return found


def parse_count(value: object) -> int:
    text = parse_text(value) if not isinstance(value, str) else value.strip()
    if not text.isdigit() or int(text) < 1:
        raise CellError("not a whole number from 1")
    return int(text)


def parse_degrees(value: object, limit: int) -> float:
    number = _decimal(value, "a number of degrees (e.g. 30.5928)")
    if not -limit <= number <= limit:
        raise CellError(f"not between -{limit} and {limit} degrees")
    return float(number)


def parse_flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    label = normal_label(parse_text(value))
    if label in YES:
        return True
    if label in NO:
        return False
    raise CellError("not 是 or 否")


def parse_choice(value: object, choices: Choices) -> str:
    found = choices.get(parse_text(value)) if isinstance(value, str) else None
    if found is None:
        raise CellError("not one of " + ", ".join(choices.labels))
    return found.value


def parse_cell(column: ColumnSpec, value: object) -> Any:
    """The value of a non-empty cell; raises CellError."""
    match column.kind:
        case Kind.TEXT:
            return parse_text(value)
        case Kind.MONEY:
            return parse_money(value)
        case Kind.RATE:
            return parse_rate_bp(value)
        case Kind.DATE:
            return parse_date(value).isoformat()
        case Kind.COUNT:
            return parse_count(value)
        case Kind.LATITUDE:
            return parse_degrees(value, 90)
        case Kind.LONGITUDE:
            return parse_degrees(value, 180)
        case Kind.FLAG:
            return parse_flag(value)
        case Kind.CHOICE:
            assert column.choices is not None
            return parse_choice(value, column.choices)


# --- ids ----------------------------------------------------------------------------------


def loan_id(contract_no: str) -> uuid.UUID:
    return uuid.uuid5(PORTFOLIO_NAMESPACE, f"loan:{contract_no}")


def borrower_id(branch_id: uuid.UUID, id_number: str, name: str) -> uuid.UUID:
    key = f"id:{id_number}" if id_number else f"name:{name}"
    return uuid.uuid5(PORTFOLIO_NAMESPACE, f"borrower:{branch_id}:{key}")


def collateral_id(contract_no: str, registration_no: str, ordinal: int) -> uuid.UUID:
    """By registration number; an item without one by its place among the contract's items
    without one, in file order."""
    key = f"reg:{registration_no}" if registration_no else f"item:{ordinal}"
    return uuid.uuid5(PORTFOLIO_NAMESPACE, f"collateral:{contract_no}:{key}")


def guarantor_id(contract_no: str, id_number: str, name: str) -> uuid.UUID:
    key = f"id:{id_number}" if id_number else f"name:{name}"
    return uuid.uuid5(PORTFOLIO_NAMESPACE, f"guarantor:{contract_no}:{key}")


def instalment_id(contract_no: str, seq: int) -> uuid.UUID:
    return uuid.uuid5(PORTFOLIO_NAMESPACE, f"instalment:{contract_no}:{seq}")


# --- the import ---------------------------------------------------------------------------

# Which column of the file each wire column comes from, to report a BadRecord where it is.
WIRE_SOURCES: dict[str, dict[str, str]] = {
    "borrower": {
        "kind": "borrower_kind",
        "name": "borrower_name",
        "id_number": "id_number",
        "legal_representative": "legal_representative",
        "phone": "phone",
        "address": "address",
        "business_type": "business_type",
        "industry": "industry",
        "latitude": "latitude",
        "longitude": "longitude",
    },
    "loan": {
        "contract_no": "contract_no",
        "product": "product",
        "amount_fen": "amount",
        "balance_fen": "balance",
        "annual_rate_bp": "annual_rate",
        "disbursed_on": "disbursed_on",
        "matures_on": "matures_on",
        "repayment_method": "repayment_method",
        "guarantee_method": "guarantee_method",
        "risk_class": "risk_class",
        "business_status": "business_status",
        "principal_overdue_since": "principal_overdue_since",
        "interest_unpaid_since": "interest_unpaid_since",
        "overdue_principal_fen": "overdue_principal",
        "overdue_interest_fen": "overdue_interest",
        "officer_a_id": "officer_a",
        "officer_b_id": "officer_b",
    },
    "collateral": {
        "kind": "kind",
        "description": "description",
        "registration_no": "registration_no",
        "location": "location",
        "latitude": "latitude",
        "longitude": "longitude",
        "appraised_fen": "appraised_value",
        "appraised_on": "appraised_on",
        "insured": "insured",
        "insurer": "insurer",
        "insurance_expires_on": "insurance_expires_on",
    },
    "guarantor": {
        "kind": "kind",
        "name": "name",
        "id_number": "id_number",
        "phone": "phone",
        "relationship_to_borrower": "relationship",
        "guaranteed_fen": "guaranteed_amount",
    },
    "instalment": {
        "seq": "seq",
        "due_on": "due_on",
        "principal_fen": "principal",
        "interest_fen": "interest",
        "paid_on": "paid_on",
    },
}
# The order records are written in: parents first, as laptops apply them.
WRITE_ORDER = ("borrower", "loan", "instalment", "guarantor", "collateral")
# Children a contract's rows in the file replace: the ones no longer listed are deleted.
# Collateral is not among them: collateral notes and photos of inspections refer to it.
REPLACED = {"schedule": "instalment", "guarantors": "guarantor"}


@dataclass
class _Planned:
    """A record to write (wire form)."""

    entity: str
    record_id: uuid.UUID
    branch_id: uuid.UUID
    data: dict[str, Any]


@dataclass
class _Loan:
    record_id: uuid.UUID
    branch_id: uuid.UUID


def import_portfolio(session: Session, export: PortfolioExport) -> ImportSummary:
    """Check every row of ``export`` and write the good ones as records, in the caller's
    transaction (roll it back for a dry run)."""
    return _Import(session, export).run()


class _Import:
    def __init__(self, session: Session, export: PortfolioExport) -> None:
        self.session = session
        self.export = export
        self.errors: list[RowError] = []
        self.rejected: set[tuple[str, int]] = set()
        self.planned: list[_Planned] = []
        self.existing: dict[tuple[str, uuid.UUID], Record] = {}
        # Contract numbers of the file's loan rows: imported, or rejected (→ their line).
        self.loans: dict[str, _Loan] = {}
        self.rejected_loans: dict[str, int] = {}
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)

    # --- reporting

    def error(self, table: Table, row: Row, key: str, message: str) -> None:
        column = table.header(key) if key else ""
        value = shown(row.cells.get(key)) if key else None
        self.errors.append(RowError(table.source, row.line, column, value, message))
        self.rejected.add((table.source, row.line))

    def is_rejected(self, table: Table, row: Row) -> bool:
        return (table.source, row.line) in self.rejected

    def summary(self) -> ImportSummary:
        rows = sum(len(t.rows) for t in self.export.tables.values())
        data_lines = {(t.source, r.line) for t in self.export.tables.values() for r in t.rows}
        order = {t.source: n for n, t in enumerate(self.export.tables.values())}
        errors = sorted(self.errors, key=lambda e: (order.get(e.source, -1), e.line))
        return ImportSummary(
            rows_read=rows,
            rows_rejected=len(self.rejected & data_lines),
            counts={
                name: EntityCounts(
                    created=c["created"],
                    updated=c["updated"],
                    unchanged=c["unchanged"],
                    deleted=c["deleted"],
                )
                for name, c in self.counts.items()
            },
            errors=tuple(errors),
            notes=tuple(self.export.notes),
        )

    # --- the steps

    def run(self) -> ImportSummary:
        tables = self.export.tables
        problems = [p for t in tables.values() for p in t.problems]
        if problems:
            # A table whose header is wrong is not read at all, and without it the others
            # cannot be checked: nothing is imported.
            self.errors.extend(problems)
            self.rejected.update((t.source, r.line) for t in tables.values() for r in t.rows)
            self.rejected.update((p.source, p.line) for p in problems)
            return self.summary()
        if "loans" in tables:
            self.loan_rows(tables["loans"])
        self.known_loans(tables)
        if "schedule" in tables:
            self.instalment_rows(tables["schedule"])
        if "guarantors" in tables:
            self.guarantor_rows(tables["guarantors"])
        if "collateral" in tables:
            self.collateral_rows(tables["collateral"])
        self.write()
        return self.summary()

    def parse(self, table: Table, row: Row) -> dict[str, Any]:
        """Every column's value (None for an empty optional one); errors are reported and
        their columns left out."""
        values: dict[str, Any] = {}
        if row.overflow:
            self.error(
                table,
                row,
                "",
                "more values than the header has columns: is a value with a comma not in quotes?",
            )
            return values
        for column in table.spec.columns:
            raw = row.cells.get(column.key)
            if _is_blank(raw):
                if column.required:
                    self.error(table, row, column.key, "may not be empty")
                else:
                    values[column.key] = None
                continue
            try:
                values[column.key] = parse_cell(column, raw)
            except CellError as exc:
                self.error(table, row, column.key, str(exc))
        return values

    def duplicates(
        self, table: Table, key: Callable[[Row], tuple[str, ...] | None], what: str
    ) -> None:
        """Rows with the same natural key are all rejected: which of them is right is for
        the user to say."""
        lines: dict[tuple[str, ...], list[Row]] = defaultdict(list)
        for row in table.rows:
            found = key(row)
            if found is not None:
                lines[found].append(row)
        for rows in lines.values():
            if len(rows) > 1:
                listed = ", ".join(str(r.line) for r in rows)
                for row in rows:
                    self.error(table, row, what, f"appears {len(rows)} times (lines {listed})")

    def checked(
        self, table: Table, row: Row, entity: str, data: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The record's canonical wire form, checked against its table like a pushed one."""
        try:
            return values_to_wire(entity, from_wire(entity, data))
        except BadRecord as exc:
            source = WIRE_SOURCES[entity].get(exc.column, "")
            message = str(exc).split(": ", 1)[-1] if source else str(exc)
            self.error(table, row, source, message)
            return None

    def plan(self, entity: str, branch_id: uuid.UUID, data: dict[str, Any]) -> None:
        self.planned.append(_Planned(entity, uuid.UUID(data["id"]), branch_id, data))

    # --- loans

    def loan_rows(self, table: Table) -> None:
        self.duplicates(table, lambda row: _key(row, "contract_no"), "contract_no")
        branches = {b.code: b for b in self.session.scalars(select(Branch))}
        usernames = {
            found[0]
            for row in table.rows
            for k in ("officer_a", "officer_b")
            if (found := _key(row, k)) is not None
        }
        accounts = {
            a.username: a
            for chunk in _chunks(sorted(usernames))
            for a in self.session.scalars(select(Account).where(Account.username.in_(chunk)))
        }
        branch_codes = {b.id: b.code for b in branches.values()}
        borrowers: dict[uuid.UUID, tuple[int, dict[str, Any]]] = {}
        for row in table.rows:
            values = self.parse(table, row)
            loan = self.loan_row(table, row, values, branches, accounts, branch_codes, borrowers)
            if loan is not None:
                self.loans[values["contract_no"]] = loan
            elif (contract := _key(row, "contract_no")) is not None:
                self.rejected_loans.setdefault(contract[0], row.line)

    def loan_row(
        self,
        table: Table,
        row: Row,
        values: dict[str, Any],
        branches: dict[str, Branch],
        accounts: dict[str, Account],
        branch_codes: dict[uuid.UUID, str],
        borrowers: dict[uuid.UUID, tuple[int, dict[str, Any]]],
    ) -> _Loan | None:
        branch = None
        code = values.get("branch_code")
        if code is not None:
            branch = branches.get(code)
            if branch is None:
                hint = (
                    " (a number cell loses leading zeros: format the column as text)"
                    if isinstance(row.cells.get("branch_code"), int | float)
                    else ""
                )
                self.error(table, row, "branch_code", f"no such branch{hint}")
        officers: dict[str, uuid.UUID | None] = {}
        for key in ("officer_a", "officer_b"):
            username = values.get(key)
            officers[key] = None
            if username is None:
                continue
            account = accounts.get(username)
            if account is None:
                self.error(table, row, key, "no such account")
            elif branch is not None and account.branch_id != branch.id:
                other = branch_codes.get(account.branch_id, "?")
                self.error(
                    table, row, key, f"belongs to branch {other}, not the loan's {branch.code}"
                )
            else:
                officers[key] = account.id
        if values.get("officer_a") and values.get("officer_a") == values.get("officer_b"):
            self.error(table, row, "officer_b", "A角 and B角 must be two people")
        self.loan_checks(table, row, values)
        if self.is_rejected(table, row) or branch is None:
            return None

        id_number = (values["id_number"] or "").upper()
        person = borrower_id(branch.id, id_number, values["borrower_name"])
        borrower = self.checked(
            table,
            row,
            "borrower",
            {
                "id": str(person),
                "branch_id": str(branch.id),
                "kind": values["borrower_kind"],
                "name": values["borrower_name"],
                "id_number": id_number,
                "legal_representative": values["legal_representative"] or "",
                "phone": values["phone"] or "",
                "address": values["address"] or "",
                "business_type": values["business_type"],
                "industry": values["industry"] or "",
                "latitude": values["latitude"],
                "longitude": values["longitude"],
            },
        )
        record_id = loan_id(values["contract_no"])
        officer_a, officer_b = officers["officer_a"], officers["officer_b"]
        loan = self.checked(
            table,
            row,
            "loan",
            {
                "id": str(record_id),
                "contract_no": values["contract_no"],
                "borrower_id": str(person),
                "branch_id": str(branch.id),
                "product": values["product"],
                "amount_fen": values["amount"],
                "balance_fen": values["balance"],
                "annual_rate_bp": values["annual_rate"],
                "disbursed_on": values["disbursed_on"],
                "matures_on": values["matures_on"],
                "repayment_method": values["repayment_method"],
                "guarantee_method": values["guarantee_method"],
                "risk_class": values["risk_class"],
                "business_status": values["business_status"],
                "principal_overdue_since": values["principal_overdue_since"],
                "interest_unpaid_since": values["interest_unpaid_since"],
                "overdue_principal_fen": values["overdue_principal"] or 0,
                "overdue_interest_fen": values["overdue_interest"] or 0,
                "officer_a_id": str(officer_a) if officer_a else None,
                "officer_b_id": str(officer_b) if officer_b else None,
            },
        )
        if borrower is None or loan is None:
            return None
        first = borrowers.get(person)
        if first is not None and first[1] != borrower:
            line, earlier = first
            differs = next(k for k in borrower if borrower[k] != earlier.get(k))
            self.error(
                table,
                row,
                WIRE_SOURCES["borrower"].get(differs, ""),
                f"the same borrower's on line {line} differs: a borrower's columns must agree "
                "on all their loans",
            )
            return None
        if first is None:
            borrowers[person] = (row.line, borrower)
            self.plan("borrower", branch.id, borrower)
        self.plan("loan", branch.id, loan)
        return _Loan(record_id, branch.id)

    def loan_checks(self, table: Table, row: Row, values: dict[str, Any]) -> None:
        amount, balance = values.get("amount"), values.get("balance")
        if amount is not None and balance is not None and balance > amount:
            self.error(
                table, row, "balance", f"more than the loan's amount ({table.header('amount')})"
            )
        disbursed, matures = values.get("disbursed_on"), values.get("matures_on")
        if disbursed is not None and matures is not None and matures <= disbursed:
            self.error(table, row, "matures_on", "not after the disbursement date")
        for amount_key, since_key in (
            ("overdue_principal", "principal_overdue_since"),
            ("overdue_interest", "interest_unpaid_since"),
        ):
            if values.get(amount_key) and since_key in values and values[since_key] is None:
                self.error(
                    table,
                    row,
                    amount_key,
                    f"overdue without the date it is overdue since ({table.header(since_key)})",
                )

    # --- the loans' children

    def known_loans(self, tables: dict[str, Table]) -> None:
        """Loans the children name that are not in the file: the ones imported before."""
        wanted: set[str] = set()
        for name in ("schedule", "guarantors", "collateral"):
            for row in tables[name].rows if name in tables else ():
                found = _key(row, "contract_no")
                if found is not None:
                    wanted.add(found[0])
        wanted -= set(self.loans) | set(self.rejected_loans)
        self.prefetch("loan", [loan_id(c) for c in wanted])
        for contract in wanted:
            record = self.existing.get(("loan", loan_id(contract)))
            if record is not None and not record.deleted:
                self.loans[contract] = _Loan(record.id, record.branch_id)

    def child_loan(self, table: Table, row: Row, values: dict[str, Any]) -> _Loan | None:
        contract = values.get("contract_no")
        if contract is None:
            return None
        if contract in self.rejected_loans:
            line = self.rejected_loans[contract]
            self.error(table, row, "contract_no", f"its loan (line {line}) was not imported")
            return None
        found = self.loans.get(contract)
        if found is None:
            self.error(table, row, "contract_no", "no such loan, in this file or imported before")
        return found

    def child_rows(
        self,
        table: Table,
        make: Callable[[Row, dict[str, Any], str, _Loan], dict[str, Any]],
        entity: str,
    ) -> None:
        """Each row of a child table as its record, under its loan's branch."""
        for row in table.rows:
            values = self.parse(table, row)
            loan = self.child_loan(table, row, values)
            if loan is None or self.is_rejected(table, row):
                continue
            data = self.checked(table, row, entity, make(row, values, str(loan.record_id), loan))
            if data is not None:
                self.plan(entity, loan.branch_id, data)

    def instalment_rows(self, table: Table) -> None:
        self.duplicates(table, lambda row: _key(row, "contract_no", "seq"), "seq")

        def make(row: Row, values: dict[str, Any], parent: str, loan: _Loan) -> dict[str, Any]:
            return {
                "id": str(instalment_id(values["contract_no"], values["seq"])),
                "loan_id": parent,
                "seq": values["seq"],
                "due_on": values["due_on"],
                "principal_fen": values["principal"],
                "interest_fen": values["interest"],
                "paid_on": values["paid_on"],
            }

        self.child_rows(table, make, "instalment")

    def guarantor_rows(self, table: Table) -> None:
        def by_id(row: Row) -> tuple[str, ...] | None:
            found = _key(row, "contract_no", "id_number")
            return None if found is None else (found[0], found[1].upper())

        def by_name(row: Row) -> tuple[str, ...] | None:
            if not _is_blank(row.cells.get("id_number")):
                return None
            return _key(row, "contract_no", "name")

        self.duplicates(table, by_id, "id_number")
        self.duplicates(table, by_name, "name")

        def make(row: Row, values: dict[str, Any], parent: str, loan: _Loan) -> dict[str, Any]:
            id_number = (values["id_number"] or "").upper()
            return {
                "id": str(guarantor_id(values["contract_no"], id_number, values["name"])),
                "loan_id": parent,
                "kind": values["kind"],
                "name": values["name"],
                "id_number": id_number,
                "phone": values["phone"] or "",
                "relationship_to_borrower": values["relationship"] or "",
                "guaranteed_fen": values["guaranteed_amount"],
            }

        self.child_rows(table, make, "guarantor")

    def collateral_rows(self, table: Table) -> None:
        self.duplicates(
            table, lambda row: _key(row, "contract_no", "registration_no"), "registration_no"
        )
        # An item without a registration number is known by its place among its contract's
        # items without one; the count runs over every row, rejected or not, so a rejected
        # row does not renumber the items after it.
        ordinals: dict[int, int] = {}
        seen: Counter[str] = Counter()
        for row in table.rows:
            contract = _key(row, "contract_no")
            if contract is not None and _is_blank(row.cells.get("registration_no")):
                seen[contract[0]] += 1
                ordinals[row.line] = seen[contract[0]]

        def make(row: Row, values: dict[str, Any], parent: str, loan: _Loan) -> dict[str, Any]:
            registration = values["registration_no"] or ""
            record_id = collateral_id(
                values["contract_no"], registration, ordinals.get(row.line, 0)
            )
            return {
                "id": str(record_id),
                "loan_id": parent,
                "kind": values["kind"],
                "description": values["description"],
                "registration_no": registration,
                "location": values["location"] or "",
                "latitude": values["latitude"],
                "longitude": values["longitude"],
                "appraised_fen": values["appraised_value"],
                "appraised_on": values["appraised_on"],
                "insured": bool(values["insured"]),
                "insurer": values["insurer"] or "",
                "insurance_expires_on": values["insurance_expires_on"],
            }

        self.child_rows(table, make, "collateral")

    # --- writing

    def prefetch(self, entity: str, ids: Iterable[uuid.UUID]) -> None:
        wanted = sorted({i for i in ids if (entity, i) not in self.existing})
        for chunk in _chunks(wanted):
            query = select(Record).where(Record.entity == entity, Record.id.in_(chunk))
            for record in self.session.scalars(query):
                self.existing[(entity, record.id)] = record

    def write(self) -> None:
        planned = sorted(self.planned, key=lambda p: WRITE_ORDER.index(p.entity))
        for entity in WRITE_ORDER:
            self.prefetch(entity, (p.record_id for p in planned if p.entity == entity))
        seqs = SeqAllocator(self.session)
        for item in planned:
            before = self.existing.get((item.entity, item.record_id))
            live = before is not None and not before.deleted  # put_record changes it
            written = put_record(
                self.session,
                seqs,
                item.entity,
                item.record_id,
                item.branch_id,
                item.data,
                existing=before,
                known_new=before is None,  # prefetched: no need to look again
            )
            outcome = "unchanged" if written is None else ("updated" if live else "created")
            self.counts[item.entity][outcome] += 1
        self.delete_replaced(seqs, planned)
        seqs.close()

    def delete_replaced(self, seqs: SeqAllocator, planned: list[_Planned]) -> None:
        """The instalments and guarantors of a contract the file lists them for, and no
        longer lists: deleted. Not when a row of that contract was rejected (the file's
        list is then not whole)."""
        for table_name, entity in REPLACED.items():
            table = self.export.tables.get(table_name)
            if table is None:
                continue
            whole: dict[str, bool] = {}
            for row in table.rows:
                found = _key(row, "contract_no")
                if found is not None:
                    contract = found[0]
                    whole[contract] = whole.get(contract, True) and not self.is_rejected(table, row)
            parents = {self.loans[c].record_id for c, ok in whole.items() if ok and c in self.loans}
            keep = {p.record_id for p in planned if p.entity == entity}
            for chunk in _chunks(sorted(parents)):
                query = select(Record).where(
                    Record.entity == entity,
                    Record.parent_id.in_(chunk),
                    Record.deleted.is_(False),
                )
                for record in list(self.session.scalars(query)):
                    if record.id not in keep:
                        delete_record(self.session, seqs, record, by=None)
                        self.counts[entity]["deleted"] += 1


def _key(row: Row, *keys: str) -> tuple[str, ...] | None:
    """The row's texts in ``keys``, None if one is empty or unreadable."""
    found: list[str] = []
    for key in keys:
        value = row.cells.get(key)
        if _is_blank(value):
            return None
        try:
            found.append(parse_text(value))
        except CellError:
            return None
    return tuple(found)


def _chunks(items: Sequence[uuid.UUID] | Sequence[str]) -> list[list[Any]]:
    return [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]
