"""Guards against a broken Qt binding: PySide6 6.12.0 decrements None's reference count in
every ``setData``/``setItem``/``appendRow`` call, which aborts Python 3.11 ("none_dealloc")
after a few thousand table cells. pyproject.toml keeps PySide6 below 6.12 for that reason."""

import gc
import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

CALLS = 2000


def none_refcount_change(call: Callable[[], object]) -> int:
    # A garbage collection in the loop would free other objects' references to None.
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for _ in range(CALLS):
            call()
        return sys.getrefcount(None) - before
    finally:
        gc.enable()


@pytest.mark.parametrize("what", ["tree_set_data", "table_set_item", "model_append_row"])
def test_qt_calls_we_use_keep_none_alive(qtbot: QtBot, what: str) -> None:
    tree = QTreeWidget()
    qtbot.add_widget(tree)
    item = QTreeWidgetItem(tree, ["a"])
    table = QTableWidget(2, 2)
    qtbot.add_widget(table)
    model = QStandardItemModel(0, 1)
    calls: dict[str, Callable[[], object]] = {
        "tree_set_data": lambda: item.setData(0, Qt.ItemDataRole.UserRole, "x"),
        "table_set_item": lambda: table.setItem(1, 1, QTableWidgetItem("x")),
        "model_append_row": lambda: model.appendRow([QStandardItem("x")]),
    }
    assert abs(none_refcount_change(calls[what])) < CALLS // 10
