"""The loans model fetches pages on demand and keeps a bounded number of them."""

import pytest
from PySide6.QtCore import QModelIndex, Qt

from postloan_desktop.services.dto import LoanFilter
from postloan_desktop.services.portfolio import PortfolioService
from postloan_desktop.ui import loans_view
from postloan_desktop.ui.loans_view import LoansTableModel


def test_rows_match_the_service_page_by_page(
    demo_service: PortfolioService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loans_view, "PAGE_SIZE", 50)
    model = LoansTableModel(demo_service)
    model.set_filter(LoanFilter())
    everything = demo_service.loan_page(LoanFilter(), offset=0, limit=10_000)
    assert model.rowCount() == len(everything) > 150
    assert model.loaded_pages() == 1
    contracts = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert contracts == [row.contract_no for row in everything]


def test_pages_are_evicted_beyond_the_limit(
    demo_service: PortfolioService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loans_view, "PAGE_SIZE", 50)
    monkeypatch.setattr(loans_view, "MAX_PAGES", 3)
    model = LoansTableModel(demo_service)
    model.set_filter(LoanFilter())
    for r in range(model.rowCount()):
        model.row_at(r)
    assert model.loaded_pages() == 3
    # Scrolling back to the top fetches the evicted page again, with the same rows.
    first = demo_service.loan_page(LoanFilter(), offset=0, limit=1)[0]
    assert model.data(model.index(0, 1)) == first.borrower_name


def test_small_result_needs_no_count_query(demo_service: PortfolioService) -> None:
    calls: list[LoanFilter] = []

    class Counting(PortfolioService):
        def count_loans(self, f: LoanFilter) -> int:
            calls.append(f)
            return super().count_loans(f)

    service = Counting(demo_service._sessions, rules=demo_service.rules, today=demo_service.today)
    model = LoansTableModel(service)
    model.set_filter(LoanFilter(text="DK0101-"))
    assert calls == []  # first page shorter than a page: its length is the count
    assert model.rowCount() > 0
    model.set_filter(LoanFilter())
    assert len(calls) == 1


def test_invalid_and_out_of_range_indexes_give_nothing(demo_service: PortfolioService) -> None:
    model = LoansTableModel(demo_service)
    model.set_filter(LoanFilter(text="no such borrower"))
    assert model.rowCount() == 0
    assert model.data(QModelIndex()) is None
    assert model.row_at(5) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) == "合同编号"
    assert model.rowCount(model.index(0, 0)) == 0
