"""Small widgets shared by several views."""

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTreeWidget, QWidget

from postloan_desktop.services.dto import BranchInfo


def branch_combo(branches: Sequence[BranchInfo], all_text: str, parent: QWidget) -> QComboBox:
    """A branch chooser whose first entry (data None) means every branch."""
    combo = QComboBox(parent)
    combo.addItem(all_text, None)
    for branch in branches:
        combo.addItem(branch.name, branch.id)
    return combo


def title_label(parent: QWidget, *, scale: float = 1.3) -> QLabel:
    """A bold heading, ``scale`` times the normal font size."""
    label = QLabel(parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def find_data(combo: QComboBox, value: object) -> int:
    """The index of the entry whose data equals ``value``, or -1.

    QComboBox.findData compares Python objects (UUIDs) by identity; this compares values."""
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            return index
    return -1


def list_tree(parent: QWidget, headers: Sequence[str], widths: Sequence[int]) -> QTreeWidget:
    """A grouped list: one row per record under bold group rows, columns sized by hand."""
    tree = QTreeWidget(parent)
    tree.setColumnCount(len(headers))
    tree.setHeaderLabels(list(headers))
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)
    return tree
