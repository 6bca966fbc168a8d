"""Write the sample core-banking export of ``docs/portfolio-import.md``: five loans of two
branches with their collateral, guarantors and two repayment schedules, as of 2024-11-30.

    python tools/make_sample_portfolio.py [--out docs/samples]

Writes OUT/portfolio.xlsx (sheets 贷款, 抵质押物, 保证人, 还款计划; amounts, rates and dates as
number and date cells, as a bank's export has them) and the same tables as
OUT/portfolio-csv/{loans,collateral,guarantors,schedule}.csv (UTF-8 with BOM, which Excel
opens as such). Headers are the Chinese ones ``headoffice.portfolio`` documents. The output
is the same byte for byte every time, so a regenerated sample shows no change in git.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from headoffice.portfolio import (  # noqa: E402
    COLLATERAL,
    GUARANTORS,
    LOANS,
    SCHEDULE,
    TableSpec,
)
from postloan_desktop.domain.rules import add_months  # noqa: E402

AS_OF = dt.date(2024, 11, 30)
FIXED_TIME = (2024, 11, 30, 18, 0, 0)  # the zip entries' time, for a reproducible workbook
CENT = Decimal("0.01")
Value = str | int | Decimal | dt.date | None


def yuan(text: str) -> Decimal:
    return Decimal(text)


def equal_instalments(
    amount: Decimal, rate_percent: Decimal, first_due: dt.date, months: int
) -> list[tuple[int, dt.date, Decimal, Decimal]]:
    """(seq, due, principal, interest) of an equal-instalment (等额本息) schedule."""
    monthly = rate_percent / 100 / 12
    payment = (amount * monthly / (1 - (1 + monthly) ** -months)).quantize(CENT, ROUND_HALF_UP)
    rows = []
    outstanding = amount
    for seq in range(1, months + 1):
        interest = (outstanding * monthly).quantize(CENT, ROUND_HALF_UP)
        principal = outstanding if seq == months else payment - interest
        outstanding -= principal
        rows.append((seq, add_months(first_due, seq - 1), principal, interest))
    return rows


def tables() -> dict[TableSpec, list[dict[str, Value]]]:
    """The sample's rows, by table, as column key → value."""
    consumer_amount = yuan("120000.00")
    consumer_schedule = equal_instalments(
        consumer_amount, Decimal("4.35"), dt.date(2024, 6, 20), 12
    )
    consumer_paid = sum((p for _, due, p, _ in consumer_schedule if due <= AS_OF), Decimal(0))
    loans: list[dict[str, Value]] = [
        {
            "contract_no": "DK0101-2024-000101",
            "branch_code": "0101",
            "borrower_name": "王建国",
            "borrower_kind": "个人",
            "id_number": "420103197803152419",
            "phone": "13807150001",
            "address": "湖北省武汉市江汉区新华路218号",
            "business_type": "生产加工型",
            "industry": "食品加工",
            "legal_representative": "",
            "product": "个人经营贷款",
            "amount": yuan("800000.00"),
            "balance": yuan("622222.22"),
            "annual_rate": Decimal("4.35"),
            "disbursed_on": dt.date(2024, 3, 15),
            "matures_on": dt.date(2027, 3, 15),
            "repayment_method": "等额本金",
            "guarantee_method": "抵押",
            "risk_class": "正常",
            "business_status": "好",
            "officer_a": "zhangwei",
            "officer_b": "lina",
        },
        {
            "contract_no": "DK0101-2023-000087",
            "branch_code": "0101",
            "borrower_name": "武汉鑫源商贸有限公司",
            "borrower_kind": "企业",
            "id_number": "91420103MA4K7N2Q8C",
            "phone": "027-85761234",
            "address": "湖北省武汉市江汉区汉正街32号",
            "business_type": "商贸服务型",
            "industry": "批发零售",
            "legal_representative": "陈晓明",
            "product": "流动资金贷款",
            "amount": yuan("3000000.00"),
            "balance": yuan("3000000.00"),
            "annual_rate": Decimal("3.85"),
            "disbursed_on": dt.date(2023, 12, 20),
            "matures_on": dt.date(2025, 12, 20),
            "repayment_method": "按月付息、到期还本",
            "guarantee_method": "保证",
            "risk_class": "关注",
            "business_status": "一般",
            "interest_unpaid_since": dt.date(2024, 10, 21),
            "overdue_interest": yuan("9625.00"),
            "officer_a": "lina",
            "officer_b": "zhangwei",
        },
        {
            "contract_no": "DK0101-2024-000156",
            "branch_code": "0101",
            "borrower_name": "刘芳",
            "borrower_kind": "个人",
            "id_number": "42010619900512362X",
            "phone": "13971230456",
            "address": "湖北省武汉市江汉区建设大道568号",
            "business_type": "个人消费",
            "industry": "",
            "legal_representative": "",
            "product": "个人消费贷款",
            "amount": consumer_amount,
            "balance": consumer_amount - consumer_paid,
            "annual_rate": Decimal("4.35"),
            "disbursed_on": dt.date(2024, 5, 20),
            "matures_on": dt.date(2025, 5, 20),
            "repayment_method": "等额本息",
            "guarantee_method": "信用",
            "risk_class": "正常",
            "business_status": "好",
            "officer_a": "zhangwei",
            "officer_b": "lina",
        },
        {
            "contract_no": "DK0102-2022-000033",
            "branch_code": "0102",
            "borrower_name": "武汉楚天精密机械有限公司",
            "borrower_kind": "企业",
            "id_number": "91420111MA4L0R6T3U",
            "phone": "027-87654321",
            "address": "湖北省武汉市洪山区珞狮南路147号",
            "business_type": "生产加工型",
            "industry": "机械配件",
            "legal_representative": "周国平",
            "product": "固定资产贷款",
            "amount": yuan("5000000.00"),
            "balance": yuan("2833333.42"),
            "annual_rate": Decimal("4.75"),
            "disbursed_on": dt.date(2022, 6, 30),
            "matures_on": dt.date(2027, 6, 30),
            "repayment_method": "等额本金",
            "guarantee_method": "抵押",
            "risk_class": "次级",
            "business_status": "差",
            "principal_overdue_since": dt.date(2024, 9, 30),
            "interest_unpaid_since": dt.date(2024, 9, 30),
            "overdue_principal": yuan("250000.00"),
            "overdue_interest": yuan("33645.83"),
            "officer_a": "wangfang",
            "officer_b": "liuyang",
        },
        {
            "contract_no": "DK0102-2024-000210",
            "branch_code": "0102",
            "borrower_name": "赵磊",
            "borrower_kind": "个人",
            "id_number": "420111198511204811",
            "phone": "15827364590",
            "address": "湖北省武汉市洪山区街道口珞喻路88号",
            "business_type": "商贸服务型",
            "industry": "餐饮服务",
            "legal_representative": "",
            "product": "个人经营贷款",
            "amount": yuan("500000.00"),
            "balance": yuan("500000.00"),
            "annual_rate": Decimal("5.20"),
            "disbursed_on": dt.date(2024, 8, 1),
            "matures_on": dt.date(2025, 8, 1),
            "repayment_method": "到期一次还本付息",
            "guarantee_method": "质押",
            "risk_class": "正常",
            "business_status": "好",
            "officer_a": "liuyang",
            "officer_b": "wangfang",
        },
    ]
    collateral: list[dict[str, Value]] = [
        {
            "contract_no": "DK0101-2024-000101",
            "kind": "住宅",
            "description": "住宅，江汉区新华路218号3栋1单元502室，建筑面积98.6平方米",
            "registration_no": "鄂(2021)武汉市不动产权第0012345号",
            "location": "湖北省武汉市江汉区新华路218号",
            "appraised_value": yuan("1350000.00"),
            "appraised_on": dt.date(2024, 3, 1),
            "insured": "否",
        },
        {
            "contract_no": "DK0102-2022-000033",
            "kind": "厂房",
            "description": "工业厂房，洪山区青菱工业园8号，建筑面积3200平方米",
            "registration_no": "鄂(2019)武汉市不动产权第0034567号",
            "location": "湖北省武汉市洪山区青菱工业园8号",
            "appraised_value": yuan("6800000.00"),
            "appraised_on": dt.date(2022, 6, 10),
            "insured": "是",
            "insurer": "中国人保财险",
            "insurance_expires_on": dt.date(2025, 6, 30),
        },
        {
            "contract_no": "DK0102-2022-000033",
            "kind": "机器设备",
            "description": "数控加工中心2台",
            "registration_no": "",  # registration pending: known by its place in the file
            "location": "湖北省武汉市洪山区青菱工业园8号",
            "appraised_value": yuan("1200000.00"),
            "appraised_on": dt.date(2022, 6, 10),
            "insured": "是",
            "insurer": "中国人保财险",
            "insurance_expires_on": dt.date(2025, 6, 30),
        },
        {
            "contract_no": "DK0102-2024-000210",
            "kind": "存单",
            "description": "定期存单",
            "registration_no": "存单号 CD000123456",
            "location": "",
            "appraised_value": yuan("600000.00"),
            "appraised_on": dt.date(2024, 7, 25),
            "insured": "否",
        },
    ]
    guarantors: list[dict[str, Value]] = [
        {
            "contract_no": "DK0101-2023-000087",
            "name": "武汉市中小企业融资担保有限公司",
            "kind": "企业",
            "id_number": "91420100MA4KXB1P5E",
            "phone": "027-82223344",
            "relationship": "担保公司",
            "guaranteed_amount": yuan("3000000.00"),
        },
        {
            "contract_no": "DK0101-2023-000087",
            "name": "陈晓明",
            "kind": "个人",
            "id_number": "420103197208163317",
            "phone": "13907140088",
            "relationship": "法定代表人",
            "guaranteed_amount": yuan("3000000.00"),
        },
    ]
    schedule: list[dict[str, Value]] = [
        {
            "contract_no": "DK0101-2024-000156",
            "seq": seq,
            "due_on": due,
            "principal": principal,
            "interest": interest,
            "paid_on": due if due <= AS_OF else None,
        }
        for seq, due, principal, interest in consumer_schedule
    ]
    schedule.append(
        {
            "contract_no": "DK0102-2024-000210",
            "seq": 1,
            "due_on": dt.date(2025, 8, 1),
            "principal": yuan("500000.00"),
            "interest": yuan("26000.00"),
            "paid_on": None,
        }
    )
    return {LOANS: loans, COLLATERAL: collateral, GUARANTORS: guarantors, SCHEDULE: schedule}


def grid(spec: TableSpec, rows: list[dict[str, Value]]) -> list[list[Value]]:
    """The header row (every column of the table, Chinese) and the rows."""
    keys = [c.key for c in spec.columns]
    return [[spec.column(k).header for k in keys], *[[r.get(k) for k in keys] for r in rows]]


def csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def csv_text(spec: TableSpec, rows: list[dict[str, Value]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in grid(spec, rows):
        writer.writerow([csv_value(v) for v in line])
    return out.getvalue()


def write_csv_folder(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec, rows in tables().items():
        path = folder / f"{spec.name}.csv"
        path.write_bytes(csv_text(spec, rows).encode("utf-8-sig"))
        written.append(path)
    return written


def workbook_bytes() -> bytes:
    book = Workbook()
    for sheet in list(book.worksheets):  # the empty default sheet
        book.remove(sheet)
    fixed = dt.datetime(*FIXED_TIME)
    book.properties.creator = "核心业务系统"
    book.properties.created = fixed
    for spec, rows in tables().items():
        sheet = book.create_sheet(spec.names[0])
        for line in grid(spec, rows):
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in line])
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, float):
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for column_cells in sheet.columns:
            width = max(len(str(c.value or "")) for c in column_cells)
            sheet.column_dimensions[column_cells[0].column_letter].width = min(width * 2 + 2, 60)
        sheet.freeze_panes = "A2"
    raw = io.BytesIO()
    book.save(raw)
    return _reproducible(raw.getvalue(), fixed)


def _reproducible(data: bytes, fixed: dt.datetime) -> bytes:
    """The workbook with fixed zip entry times and a fixed "modified" time (openpyxl writes
    the time of saving into both)."""
    stamp = fixed.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                start = text.index("<dcterms:modified")
                end = text.index("</dcterms:modified>")
                opening = text[start : text.index(">", start) + 1]
                text = text[:start] + opening + stamp + text[end:]
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "samples")
    options = parser.parse_args(argv)
    out: Path = options.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "portfolio.xlsx").write_bytes(workbook_bytes())
    written = write_csv_folder(out / "portfolio-csv")
    for path in [out / "portfolio.xlsx", *written]:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
