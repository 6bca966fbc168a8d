"""``import portfolio``: the core-banking export (XLSX or CSV) becomes the records laptops pull.

Database tests run on SQLite and on PostgreSQL (``server_database_url``); the command line is
run as head-office IT runs it, on the embedded SQLite database of ``--data-dir``.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from headoffice import cli
from headoffice.accounts import account_by_username, create_account, create_branch
from headoffice.db import create_server_engine, upgrade
from headoffice.models import Record
from headoffice.portfolio import (
    TABLES,
    CellError,
    EntityCounts,
    ImportSummary,
    import_portfolio,
    instalment_id,
    loan_id,
    parse_date,
    parse_money,
    parse_rate_bp,
    read_export,
)
from headoffice.store import current_seq
from postloan_desktop.domain.enums import Role

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "docs" / "samples"
IMPORTED = ("borrower", "loan", "instalment", "guarantor", "collateral")
PASSWORD = "password-1"
STAFF = (("zhangwei", "0101"), ("lina", "0101"), ("wangfang", "0102"), ("liuyang", "0102"))

# A loan row as the bank writes it (Chinese headers); ``loan_row`` varies it.
LOAN = {
    "合同编号": "",
    "机构号": "0101",
    "借款人名称": "王建国",
    "客户类型": "个人",
    "证件号码": "",
    "联系电话": "13807150001",
    "经营类型": "生产加工型",
    "贷款品种": "个人经营贷款",
    "贷款金额(元)": "800,000.00",
    "贷款余额(元)": "622222.22",
    "年利率(%)": "4.35",
    "发放日期": "2024-03-15",
    "到期日期": "2027-03-15",
    "还款方式": "等额本金",
    "担保方式": "抵押",
    "五级分类": "正常",
    "经营状况": "好",
    "A角客户经理": "zhangwei",
    "B角客户经理": "lina",
}


def contract(n: int) -> str:
    return f"DK0101-2024-{n:06d}"


def loan_row(n: int, **changes: str) -> dict[str, str]:
    """Loan ``n`` of its own borrower; ``changes`` by header, ``_`` for ``(``…``)``."""
    row = {**LOAN, "合同编号": contract(n), "证件号码": f"42010319780315{n:04d}"}
    row["借款人名称"] = f"借款人{n}"
    row.update(changes)
    return row


def instalment_row(contract_no: str, seq: int = 1) -> dict[str, str]:
    return {
        "合同编号": contract_no,
        "期次": str(seq),
        "应还日期": "2024-04-15",
        "应还本金(元)": "22222.22",
        "应还利息(元)": "2900.00",
    }


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def ho_engine(server_database_url: str) -> Iterator[Engine]:
    """A migrated head-office database with branches 0101 and 0102 and their officers."""
    engine = create_server_engine(server_database_url)
    upgrade(engine)
    with Session(engine) as session, session.begin():
        create_branch(session, code="0101", name="江汉支行")
        create_branch(session, code="0102", name="洪山支行")
        for username, branch in STAFF:
            create_account(
                session,
                username=username,
                display_name=username,
                branch_code=branch,
                roles=[Role.INSPECTOR],
                password=PASSWORD,
            )
    yield engine
    engine.dispose()


def run_import(engine: Engine, *paths: Path) -> ImportSummary:
    export = read_export(list(paths))
    with Session(engine) as session, session.begin():
        return import_portfolio(session, export)


def records(engine: Engine) -> dict[tuple[str, uuid.UUID], Record]:
    with Session(engine) as session:
        found = session.scalars(select(Record).where(Record.entity.in_(IMPORTED)))
        return {(r.entity, r.id): r for r in found}


def snapshot(engine: Engine) -> dict[tuple[str, uuid.UUID], tuple[int, int, bool, Any]]:
    return {k: (r.version, r.seq, r.deleted, r.data) for k, r in records(engine).items()}


def errors_at(summary: ImportSummary) -> set[tuple[str, int, str]]:
    return {(e.source, e.line, e.column) for e in summary.errors}


def account_id(engine: Engine, username: str) -> str:
    with Session(engine) as session:
        return str(account_by_username(session, username).id)


# --- the sample, as workbook and as CSV -------------------------------------------------------


def test_workbook_and_csv_of_the_sample_make_the_same_records(ho_engine: Engine) -> None:
    summary = run_import(ho_engine, SAMPLES / "portfolio.xlsx")
    assert summary.errors == ()
    assert summary.rows_read == 24
    assert summary.rows_rejected == 0
    assert {name: c.created for name, c in summary.counts.items()} == {
        "borrower": 5,
        "loan": 5,
        "instalment": 13,
        "guarantor": 2,
        "collateral": 4,
    }
    from_workbook = snapshot(ho_engine)

    again = run_import(ho_engine, SAMPLES / "portfolio-csv")
    assert again.errors == ()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 29)
    assert snapshot(ho_engine) == from_workbook

    found = records(ho_engine)
    loan = found[("loan", loan_id("DK0102-2022-000033"))]
    assert loan.data["amount_fen"] == 500_000_000
    assert loan.data["balance_fen"] == 283_333_342
    assert loan.data["annual_rate_bp"] == 475
    assert loan.data["risk_class"] == "substandard"
    assert loan.data["business_status"] == "poor"
    assert loan.data["repayment_method"] == "equal_principal"
    assert loan.data["principal_overdue_since"] == "2024-09-30"
    assert loan.data["overdue_interest_fen"] == 3_364_583
    assert loan.data["officer_a_id"] == account_id(ho_engine, "wangfang")
    borrower = found[("borrower", uuid.UUID(loan.data["borrower_id"]))]
    assert borrower.data["name"] == "武汉楚天精密机械有限公司"
    assert borrower.data["kind"] == "enterprise"
    assert borrower.branch_id == loan.branch_id
    collateral = [r for (e, _), r in found.items() if e == "collateral" and r.parent_id == loan.id]
    assert sorted(c.data["kind"] for c in collateral) == ["equipment", "industrial"]
    assert all(c.branch_id == loan.branch_id for c in collateral)
    seventh = found[("instalment", instalment_id("DK0101-2024-000156", 7))]
    assert seventh.data["due_on"] == "2024-12-20"
    assert seventh.data["paid_on"] is None
    assert seventh.data["principal_fen"] == 1_001_733


def test_reimporting_the_same_file_changes_nothing(ho_engine: Engine) -> None:
    run_import(ho_engine, SAMPLES / "portfolio.xlsx")
    before = snapshot(ho_engine)
    with Session(ho_engine) as session:
        seq_before = current_seq(session)

    summary = run_import(ho_engine, SAMPLES / "portfolio.xlsx")

    assert (summary.created, summary.updated, summary.deleted) == (0, 0, 0)
    assert summary.unchanged == len(before) == 29
    assert snapshot(ho_engine) == before  # no record's version or seq moved
    with Session(ho_engine) as session:
        assert current_seq(session) == seq_before


def test_a_changed_balance_updates_exactly_that_loan(ho_engine: Engine, tmp_path: Path) -> None:
    rows = [loan_row(1), loan_row(2), loan_row(3)]
    path = write_csv(tmp_path / "loans.csv", rows)
    run_import(ho_engine, path)
    before = snapshot(ho_engine)

    rows[1]["贷款余额(元)"] = "600000.00"
    write_csv(path, rows)
    summary = run_import(ho_engine, path)

    assert summary.errors == ()
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 5)
    assert summary.counts["loan"].updated == 1
    after = snapshot(ho_engine)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {("loan", loan_id(contract(2)))}
    version, seq, _, data = after[("loan", loan_id(contract(2)))]
    assert version == 2
    assert seq > max(s for _, s, _, _ in before.values())
    assert data["balance_fen"] == 60_000_000


# --- encodings, workbooks ---------------------------------------------------------------------


def test_a_gb18030_csv_with_full_width_headers(ho_engine: Engine, tmp_path: Path) -> None:
    row = loan_row(1, 借款人名称="武汉市江汉区老王食品加工厂", 还款方式="按月付息、到期还本")
    row = {k.replace("(", "（").replace(")", "）"): v for k, v in row.items()}
    path = write_csv(tmp_path / "贷款.csv", [row], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    summary = run_import(ho_engine, path)

    assert summary.errors == ()
    found = records(ho_engine)
    loan = found[("loan", loan_id(contract(1)))]
    assert loan.data["amount_fen"] == 80_000_000
    assert loan.data["repayment_method"] == "interest_only"
    borrower = found[("borrower", uuid.UUID(loan.data["borrower_id"]))]
    assert borrower.data["name"] == "武汉市江汉区老王食品加工厂"


def test_a_workbook_with_a_title_row_and_cells_of_numbers_percent_and_dates(
    ho_engine: Engine, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["本表由核心业务系统导出"])
    sheet = book.create_sheet("贷款台账")
    sheet.append(["贷款台账（截至2024-11-30）"])  # line 1: a title
    sheet.append([])  # line 2
    headers = [*LOAN, "客户号"]
    sheet.append(headers)  # line 3: the header
    good = loan_row(1)
    values: list[object] = [good[h] for h in LOAN] + ["C0001"]
    values[headers.index("贷款金额(元)")] = 800000
    values[headers.index("贷款余额(元)")] = 622222.22
    values[headers.index("年利率(%)")] = 0.0435
    values[headers.index("发放日期")] = dt.datetime(2024, 3, 15)
    values[headers.index("到期日期")] = dt.date(2027, 3, 15)
    sheet.append(values)  # line 4
    sheet.cell(row=4, column=headers.index("年利率(%)") + 1).number_format = "0.00%"
    sheet.append([])  # line 5
    bad = [loan_row(2)[h] for h in LOAN] + ["C0002"]
    bad[headers.index("证件号码")] = 4.20103197803152e17  # what Excel keeps of an id number
    bad[headers.index("贷款金额(元)")] = -5
    sheet.append(bad)  # line 6
    path = tmp_path / "portfolio.xlsx"
    book.save(path)

    summary = run_import(ho_engine, path)

    assert errors_at(summary) == {("贷款台账", 6, "证件号码"), ("贷款台账", 6, "贷款金额(元)")}
    assert "lost digits" in next(e.message for e in summary.errors if e.column == "证件号码")
    assert summary.notes == (
        "portfolio.xlsx: ignored sheet 说明",
        "贷款台账: ignored columns 客户号",
    )
    assert (summary.rows_read, summary.rows_rejected) == (2, 1)
    loan = records(ho_engine)[("loan", loan_id(contract(1)))]
    assert loan.data["amount_fen"] == 80_000_000
    assert loan.data["balance_fen"] == 62_222_222
    assert loan.data["annual_rate_bp"] == 435
    assert loan.data["disbursed_on"] == "2024-03-15"
    assert loan.data["matures_on"] == "2027-03-15"


# --- rows with errors -------------------------------------------------------------------------


def test_bad_rows_are_reported_at_their_lines_and_the_good_rows_imported(
    ho_engine: Engine, tmp_path: Path
) -> None:
    loans = [
        loan_row(1),  # line 2
        loan_row(2, **{"贷款金额(元)": "12,3a"}),
        loan_row(3, 机构号="0999"),
        loan_row(4, A角客户经理="nobody"),
        loan_row(5, 发放日期="2024-13-01"),
        loan_row(6, 五级分类="很好"),
        loan_row(7, 合同编号=""),
        loan_row(8),  # line 9, and again on line 11
        loan_row(9),  # line 10
        loan_row(8),
        loan_row(10, B角客户经理="wangfang"),  # an officer of branch 0102
        loan_row(11, 借款人名称="借款人1", 证件号码=loan_row(1)["证件号码"], 联系电话="139"),
    ]
    schedule = [instalment_row(contract(1)), instalment_row(contract(2)), instalment_row("DK9999")]
    folder = tmp_path / "export"
    write_csv(folder / "loans.csv", loans)
    write_csv(folder / "schedule.csv", schedule)

    summary = run_import(ho_engine, folder)

    assert errors_at(summary) == {
        ("loans.csv", 3, "贷款金额(元)"),
        ("loans.csv", 4, "机构号"),
        ("loans.csv", 5, "A角客户经理"),
        ("loans.csv", 6, "发放日期"),
        ("loans.csv", 7, "五级分类"),
        ("loans.csv", 8, "合同编号"),
        ("loans.csv", 9, "合同编号"),
        ("loans.csv", 11, "合同编号"),
        ("loans.csv", 12, "B角客户经理"),
        ("loans.csv", 13, "联系电话"),
        ("schedule.csv", 3, "合同编号"),
        ("schedule.csv", 4, "合同编号"),
    }
    shown = [str(e) for e in summary.errors]
    assert "loans.csv:3: 贷款金额(元) '12,3a': not an amount" in shown
    assert "loans.csv:4: 机构号 '0999': no such branch" in shown
    assert "loans.csv:5: A角客户经理 'nobody': no such account" in shown
    assert "loans.csv:8: 合同编号: may not be empty" in shown
    assert f"loans.csv:9: 合同编号 '{contract(8)}': appears 2 times (lines 9, 11)" in shown
    assert "loans.csv:12: B角客户经理 'wangfang': belongs to branch 0102, not the loan's 0101" in (
        shown
    )
    assert any(
        s.startswith("loans.csv:13: 联系电话 '139': the same borrower's on line 2") for s in shown
    )
    assert f"schedule.csv:3: 合同编号 '{contract(2)}': its loan (line 3) was not imported" in shown
    assert "schedule.csv:4: 合同编号 'DK9999': no such loan, in this file or imported before" in (
        shown
    )
    assert "loans.csv:7: 五级分类 '很好': not one of 正常, 关注, 次级, 可疑, 损失" in shown
    assert (summary.rows_read, summary.rows_rejected) == (15, 12)

    found = records(ho_engine)
    assert {k for k in found if k[0] == "loan"} == {
        ("loan", loan_id(contract(1))),
        ("loan", loan_id(contract(9))),
    }
    assert {k for k in found if k[0] == "instalment"} == {
        ("instalment", instalment_id(contract(1), 1))
    }


def test_a_missing_required_column_imports_nothing(ho_engine: Engine, tmp_path: Path) -> None:
    rows = [{k: v for k, v in loan_row(n).items() if k != "五级分类"} for n in (1, 2)]
    summary = run_import(ho_engine, write_csv(tmp_path / "loans.csv", rows))

    assert [str(e) for e in summary.errors] == ["loans.csv:1: 五级分类: required column missing"]
    assert (summary.rows_read, summary.rows_rejected) == (2, 2)
    assert records(ho_engine) == {}


# --- children ---------------------------------------------------------------------------------


def test_a_shorter_schedule_replaces_the_old_one_and_collateral_stays(
    ho_engine: Engine, tmp_path: Path
) -> None:
    run_import(ho_engine, SAMPLES / "portfolio.xlsx")
    consumer = "DK0101-2024-000156"
    sample = (SAMPLES / "portfolio-csv" / "schedule.csv").read_text(encoding="utf-8-sig")
    reader = list(csv.DictReader(sample.splitlines()))
    kept = [r for r in reader if r["合同编号"] == consumer and int(r["期次"]) <= 10]
    kept[-1]["应还本金(元)"] = "30491.22"  # the last instalment takes the rest
    schedule = write_csv(tmp_path / "schedule.csv", kept)
    collateral = tmp_path / "collateral.csv"
    lines = (SAMPLES / "portfolio-csv" / "collateral.csv").read_text(encoding="utf-8-sig")
    collateral.write_text("\n".join(lines.splitlines()[:2]) + "\n", encoding="utf-8")

    summary = run_import(ho_engine, schedule, collateral)

    assert summary.errors == ()
    assert summary.counts["instalment"] == EntityCounts(updated=1, unchanged=9, deleted=2)
    found = records(ho_engine)
    for seq in (11, 12):
        gone = found[("instalment", instalment_id(consumer, seq))]
        assert gone.deleted
        assert gone.version == 2
    # The bullet loan's schedule is not in the file: left as it was.
    assert not found[("instalment", instalment_id("DK0102-2024-000210", 1))].deleted
    # Collateral left out of the file is never deleted.
    assert sum(1 for (e, _), r in found.items() if e == "collateral" and not r.deleted) == 4


# --- the command line -------------------------------------------------------------------------


def test_the_command_line_with_dry_run_and_exit_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in list(os.environ):
        if name.startswith("POSTLOAN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("POSTLOAN_PASSWORD", PASSWORD)
    data = ["--data-dir", str(tmp_path / "ho")]
    assert cli.main(["db", "upgrade", *data]) == 0
    assert cli.main(["branch", "add", *data, "--code", "0101", "--name", "江汉支行"]) == 0
    for username, _ in STAFF[:2]:
        user = ["--username", username, "--name", username, "--branch", "0101"]
        assert cli.main(["user", "add", *data, *user, "--role", "inspector"]) == 0
    engine = create_server_engine(f"sqlite:///{tmp_path / 'ho' / 'headoffice.sqlite3'}")
    path = write_csv(
        tmp_path / "loans.csv", [loan_row(1), loan_row(2, **{"贷款金额(元)": "12,3a"})]
    )
    capsys.readouterr()

    assert cli.main(["import", "portfolio", *data, str(path), "--dry-run"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "loans.csv:3: 贷款金额(元) '12,3a': not an amount",
        "dry run, nothing written: 2 rows read, 1 rejected; "
        "records 2 created, 0 updated, 0 unchanged, 0 deleted",
    ]
    assert records(engine) == {}

    assert cli.main(["import", "portfolio", *data, str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "2 rows read, 1 rejected; records 2 created, 0 updated, 0 unchanged, 0 deleted"
    )
    assert {k for k in records(engine) if k[0] == "loan"} == {("loan", loan_id(contract(1)))}

    write_csv(path, [loan_row(1), loan_row(2)])
    assert cli.main(["import", "portfolio", *data, str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2 rows read, 0 rejected; records 2 created, 0 updated, 2 unchanged, 0 deleted"
    ]

    assert cli.main(["import", "portfolio", *data, str(tmp_path / "accounts.csv")]) == 1
    assert "name each CSV file after its table" in capsys.readouterr().err
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Record)) > 0
    engine.dispose()


# --- values, the documentation and the sample -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        ("800000", 80_000_000),
        ("1,234,567.89", 123_456_789),
        ("¥800,000.00", 80_000_000),
        ("￥12.5", 1_250),
        (" 0.01 ", 1),
        (1234, 123_400),
        (1234.56, 123_456),
        (0.1 + 0.2, 30),  # a computed cell
    ],
)
def test_amounts_in_yuan_become_fen(value: object, fen: int) -> None:
    assert parse_money(value) == fen


@pytest.mark.parametrize("value", ["12,3a", "12,3", "1.234", "-5", "1e5", "", True, 0.005])
def test_not_amounts(value: object) -> None:
    with pytest.raises(CellError):
        parse_money(value)


@pytest.mark.parametrize(("value", "bp"), [("4.35", 435), ("4.35%", 435), (3.85, 385), (0, 0)])
def test_rates_in_percent_become_basis_points(value: object, bp: int) -> None:
    assert parse_rate_bp(value) == bp


@pytest.mark.parametrize("value", ["4.275", "0.0435", "120", "四点三五"])
def test_not_rates(value: object) -> None:
    with pytest.raises(CellError):
        parse_rate_bp(value)


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-15",
        "2024/3/15",
        "2024.03.15",
        "20240315",
        20240315,
        "2024年3月15日",
        "2024-03-15 00:00:00",
        dt.datetime(2024, 3, 15, 0, 0),
    ],
)
def test_dates_as_banks_write_them(value: object) -> None:
    assert parse_date(value) == dt.date(2024, 3, 15)


@pytest.mark.parametrize("value", ["2024-02-30", "15/03/2024", "45366", "明天"])
def test_not_dates(value: object) -> None:
    with pytest.raises(CellError):
        parse_date(value)


def test_the_documentation_names_every_table_and_column() -> None:
    text = (ROOT / "docs" / "portfolio-import.md").read_text(encoding="utf-8")
    for spec in TABLES:
        assert f"### {spec.name} ({spec.names[0]})" in text
        for column in spec.columns:
            assert f"| {column.header} |" in text, column.header
            assert f"`{column.key}`" in text, column.key
            if column.choices is not None:
                for label in column.choices.labels:
                    assert label in text, label


def test_the_committed_sample_is_what_the_tool_makes() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_sample_portfolio", ROOT / "tools" / "make_sample_portfolio.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for table, rows in tool.tables().items():
        committed = (SAMPLES / "portfolio-csv" / f"{table.name}.csv").read_bytes()
        assert committed == tool.csv_text(table, rows).encode("utf-8-sig"), table.name
