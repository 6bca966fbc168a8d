"""Before a new inspection starts: confirm its kind and the officers A and B."""

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from postloan_desktop.domain.enums import InspectionKind, Role
from postloan_desktop.domain.ids import LoanId, UserId
from postloan_desktop.services.dto import LoanDetail
from postloan_desktop.services.inspection_dto import StaffMember
from postloan_desktop.ui import labels
from postloan_desktop.ui.current_user import staff_label
from postloan_desktop.ui.widgets import find_data, title_label


class StartInspectionDialog(QDialog):
    """Kind (proposed by the rules) and officers (the loan's A and B), both preselected."""

    def __init__(
        self, loan: LoanDetail, staff: Sequence[StaffMember], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.loan_id: LoanId = loan.id
        self.setWindowTitle(self.tr("Start inspection"))
        heading = title_label(self, scale=1.15)
        heading.setText(f"{loan.borrower.name}  ·  {loan.contract_no}")
        intro = QLabel(
            labels.fmt(
                self.tr("The rules propose a %1, due on %2."),
                labels.label(loan.next_inspection_kind or InspectionKind.PERIODIC),
                labels.date(loan.next_inspection_due) or "—",
            ),
            self,
        )
        intro.setWordWrap(True)

        self.kind = QComboBox(self)
        for kind in InspectionKind:
            self.kind.addItem(labels.label(kind), kind)
        self.kind.setCurrentIndex(
            max(find_data(self.kind, loan.next_inspection_kind or InspectionKind.PERIODIC), 0)
        )

        branch_staff = [
            m for m in staff if m.branch_id == loan.branch_id and Role.INSPECTOR in m.roles
        ]
        self.officer_a = self._officer_combo(
            branch_staff, loan.officer_a.id if loan.officer_a else None
        )
        self.officer_b = self._officer_combo(
            branch_staff, loan.officer_b.id if loan.officer_b else None
        )
        self.problem = QLabel(self)
        self.problem.setStyleSheet(f"color: {labels.OVERDUE_COLOR};")
        self.problem.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Officer A"), self.officer_a)
        form.addRow(self.tr("Officer B"), self.officer_b)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.ok_button
        ok.setText(self.tr("Start"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for combo in (self.officer_a, self.officer_b):
            combo.currentIndexChanged.connect(self._on_officer_current_index_changed)
        self._on_officer_current_index_changed()
        self.setMinimumWidth(420)

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def _officer_combo(self, staff: Sequence[StaffMember], chosen: UserId | None) -> QComboBox:
        combo = QComboBox(self)
        for member in staff:
            combo.addItem(staff_label(member), member.id)
        index = find_data(combo, chosen) if chosen is not None else -1
        combo.setCurrentIndex(index if index >= 0 else (0 if staff else -1))
        return combo

    def chosen_kind(self) -> InspectionKind:
        kind = self.kind.currentData()  # Qt hands a StrEnum back as a plain str
        return InspectionKind(kind) if kind else InspectionKind.PERIODIC

    def chosen_officers(self) -> tuple[UserId | None, UserId | None]:
        return self.officer_a.currentData(), self.officer_b.currentData()

    def _on_officer_current_index_changed(self, _index: int = 0) -> None:
        a, b = self.chosen_officers()
        same = a is not None and a == b
        self.problem.setText(
            self.tr("Officers A and B must be two different people.") if same else ""
        )
        self.problem.setVisible(same)
        self.ok_button.setEnabled(not same)
