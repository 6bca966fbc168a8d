"""Collateral on screen as an officer uses it: the loan's register with its coverage, the
notes panel of an inspection (every change saved as it is made, read-only when frozen), and
an item's photos by visit beside its history of notes."""

import datetime as dt
import io
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from postloan_desktop.domain.collateral import CollateralCondition
from postloan_desktop.domain.enums import InspectionStatus, Role
from postloan_desktop.domain.ids import InspectionId, LoanId, UserId
from postloan_desktop.storage.models import Collateral, CollateralNote, Inspection, Loan, Photo
from postloan_desktop.ui.collateral import (
    CollateralComparisonDialog,
    CollateralNoteForm,
    CollateralNotesPanel,
    CollateralRegisterWidget,
    collateral_service,
    screenshot_comparison,
)
from postloan_desktop.ui.context import AppContext
from postloan_desktop.ui.loan_detail import WARNING_STYLE
from postloan_desktop.ui.photo_texts import warning_short

RED = "#c0392b"


def secured_loan(sessions: sessionmaker[Session]) -> LoanId:
    """A loan with two collateral items and two past inspections (with notes)."""
    with sessions() as session:
        two_items = (
            select(Collateral.loan_id).group_by(Collateral.loan_id).having(func.count() == 2)
        )
        two_visits = (
            select(Inspection.loan_id).group_by(Inspection.loan_id).having(func.count() == 2)
        )
        return LoanId(
            session.execute(
                select(Loan.id)
                .where(Loan.id.in_(two_items), Loan.id.in_(two_visits), Loan.balance_fen > 0)
                .order_by(Loan.contract_no)
                .limit(1)
            ).scalar_one()
        )


def people(context: AppContext, loan_id: LoanId) -> tuple[UserId, UserId]:
    """The loan's officer A (an inspector) and a supervisor who is not an inspector."""
    detail = context.portfolio.loan_detail(loan_id)
    assert detail.officer_a is not None
    staff = [m for m in context.inspections.staff() if m.branch_name == detail.branch_name]
    supervisor = next(m.id for m in staff if m.roles == {Role.SUPERVISOR})
    return detail.officer_a.id, supervisor


@pytest.fixture
def draft(writable_context: AppContext, demo_copy_sessions: sessionmaker[Session]) -> InspectionId:
    """A new draft of a secured loan, the program acting as its inspector."""
    loan_id = secured_loan(demo_copy_sessions)
    inspector, _ = people(writable_context, loan_id)
    writable_context.set_user(inspector)
    return writable_context.inspections.start(loan_id=loan_id, actor_id=inspector)


def stored(sessions: sessionmaker[Session], inspection_id: uuid.UUID) -> list[CollateralNote]:
    with sessions() as session:
        return list(
            session.execute(
                select(CollateralNote).where(CollateralNote.inspection_id == inspection_id)
            ).scalars()
        )


def make_panel(
    qtbot: QtBot, context: AppContext, inspection_id: InspectionId
) -> CollateralNotesPanel:
    panel = CollateralNotesPanel(context, inspection_id)
    qtbot.add_widget(panel)
    panel.resize(900, 800)
    panel.show()
    qtbot.wait_exposed(panel)
    return panel


# --- the register ----------------------------------------------------------------------------


def test_register_lists_the_items_with_what_the_last_visit_found(
    qtbot: QtBot, context: AppContext, demo_sessions: sessionmaker[Session]
) -> None:
    loan_id = secured_loan(demo_sessions)
    widget = CollateralRegisterWidget(context, loan_id)
    qtbot.add_widget(widget)
    widget.show()
    register = collateral_service(context).register(loan_id)
    table = widget.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[:3] == ["类型", "描述", "登记号"]
    assert "较评估价值变化" in headers
    assert table.rowCount() == len(register.items) == 2
    for row, standing in enumerate(register.items):
        assert table.item(row, 1).text() == standing.collateral.description
        assert standing.condition is not None
        assert table.item(row, 5).text() in ("完好", "受损", "被占用/出租", "被查封", "其他")
        assert standing.change is not None
        change = table.item(row, 7)
        assert change.text().startswith("-" if standing.change.down else "")
        if standing.change.down:  # a fall in value is red
            assert change.foreground().color().name() == RED
    coverage = register.coverage
    assert coverage is not None and not coverage.warning
    assert widget.summary.text().startswith("抵(质)押物覆盖率")
    assert widget.summary.styleSheet() != WARNING_STYLE

    widget.table.cellDoubleClicked.emit(1, 0)  # as a double click does
    dialog = widget.dialog
    assert dialog is not None
    qtbot.wait_exposed(dialog)
    assert dialog.comparison.collateral.id == register.items[1].collateral.id
    assert dialog.history.rowCount() == 2  # the two past visits' notes
    dialog.close()


def test_register_warns_below_the_threshold(
    qtbot: QtBot, writable_context: AppContext, demo_copy_sessions: sessionmaker[Session]
) -> None:
    loan_id = secured_loan(demo_copy_sessions)
    service = collateral_service(writable_context)
    widget = CollateralRegisterWidget(writable_context, loan_id)
    qtbot.add_widget(widget)
    ratio = service.register(loan_id).coverage.ratio  # type: ignore[union-attr]
    assert ratio is not None
    service.coverage_threshold = ratio  # exactly at the threshold: still enough
    widget.refresh()
    assert widget.summary.styleSheet() != WARNING_STYLE
    assert "低于" not in widget.summary.text()
    service.coverage_threshold = ratio + Decimal("0.01")
    writable_context.events.data_changed.emit({"collateral"})  # refreshes itself
    assert widget.summary.styleSheet() == WARNING_STYLE
    assert "低于警戒值" in widget.summary.text()


def test_register_shows_the_drafts_findings_when_shown_again(
    qtbot: QtBot,
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    draft: InspectionId,
) -> None:
    loan_id = writable_context.inspections.form(draft).loan_id
    widget = CollateralRegisterWidget(writable_context, loan_id)
    qtbot.add_widget(widget)
    widget.show()
    qtbot.wait_exposed(widget)
    assert widget.table.item(0, 5).text() != "被查封"
    widget.hide()  # the officer goes to the inspection and records what is found
    collateral_service(writable_context).save_note(
        inspection_id=draft,
        collateral_id=widget.register.items[0].collateral.id,  # type: ignore[union-attr]
        actor_id=writable_context.user_id,  # type: ignore[arg-type]
        condition="seized",
    )
    widget.show()
    assert widget.table.item(0, 5).text() == "被查封"
    assert widget.table.item(0, 5).foreground().color().name() == RED


# --- the notes of an inspection ----------------------------------------------------------------


def test_every_change_is_saved_as_it_is_made(
    qtbot: QtBot,
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    draft: InspectionId,
) -> None:
    panel = make_panel(qtbot, writable_context, draft)
    assert panel.editable and len(panel.forms) == 2
    form = panel.forms[0]
    assert form.previous.text().startswith("上次检查")
    saves: list[None] = []
    panel.saved.connect(lambda: saves.append(None))

    # a choice is saved at once
    form.condition.setCurrentIndex(form.condition.findText("受损"))
    rows = stored(demo_copy_sessions, draft)
    assert [r.condition for r in rows] == [CollateralCondition.DAMAGED]

    # typed text after a pause, with no other event
    form.notes.setFocus()
    form.notes.insertPlainText("东侧外墙开裂")  # as an input method commits it
    assert stored(demo_copy_sessions, draft)[0].notes == ""  # not yet: still typing
    qtbot.wait_until(lambda: stored(demo_copy_sessions, draft)[0].notes == "东侧外墙开裂")

    # an estimate below the appraisal: the change in red, saved when the field is left
    appraised = form.entry.collateral.appraised_fen
    form.estimate.setFocus()
    form.estimate.setValue(appraised / 100 * 0.8)
    assert form.change.text().startswith("较评估价值 -")
    assert "(-20.00 %)" in form.change.text() or "（-20.00 %）" in form.change.text()
    assert form.change.palette().windowText().color().name() == RED
    form.estimate.editingFinished.emit()
    row = stored(demo_copy_sessions, draft)[0]
    assert row.estimated_value_fen == appraised * 8 // 10

    # the basis, typed, then left
    line = form.basis.lineEdit()
    assert line is not None
    line.setFocus()
    line.insert("中介询价")
    line.editingFinished.emit()
    assert stored(demo_copy_sessions, draft)[0].valuation_basis == "中介询价"
    form.registration.setCurrentIndex(form.registration.findText("有效"))
    assert stored(demo_copy_sessions, draft)[0].registration_valid is True
    assert len(saves) == 5

    # what is typed is saved when the panel goes (the editor switching inspections)
    panel.forms[1].notes.insertPlainText("待复核")
    panel.hide()
    assert [r.notes for r in stored(demo_copy_sessions, draft) if r.notes == "待复核"]


def test_same_as_last_visit_copies_the_findings(
    qtbot: QtBot,
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    draft: InspectionId,
) -> None:
    panel = make_panel(qtbot, writable_context, draft)
    form = panel.forms[1]
    previous = form.entry.previous
    assert previous is not None
    qtbot.mouseClick(form.same_button, Qt.MouseButton.LeftButton)
    (row,) = stored(demo_copy_sessions, draft)
    assert row.collateral_id == form.collateral_id
    assert row.condition is previous.condition
    assert row.estimated_value_fen == previous.estimated_value_fen
    assert row.valuation_basis == previous.valuation_basis
    assert row.notes == ""  # the notes are this visit's own


def test_a_refused_value_says_why_and_holds_nothing_else_back(
    qtbot: QtBot,
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    draft: InspectionId,
) -> None:
    panel = make_panel(qtbot, writable_context, draft)
    form = panel.forms[0]
    refusals: list[str] = []
    panel.refused.connect(refusals.append)
    form.notes.setPlainText("字" * 10_001)  # pasted: longer than a note may be
    form.flush()
    assert form.problem.isVisible() and form.problem.text().startswith("未保存")
    assert stored(demo_copy_sessions, draft) == []
    form.condition.setCurrentIndex(form.condition.findText("完好"))
    (row,) = stored(demo_copy_sessions, draft)  # the condition is saved all the same
    assert row.condition is CollateralCondition.INTACT and row.notes == ""
    assert form.problem.isVisible() and len(refusals) == 2
    form.notes.setPlainText("外观完好")
    form.flush()
    assert stored(demo_copy_sessions, draft)[0].notes == "外观完好"
    assert not form.problem.isVisible()
    line = form.basis.lineEdit()
    assert line is not None
    line.setText("评" * 150)  # the basis cannot even be typed that long
    assert len(line.text()) == 100


def test_the_coverage_follows_the_estimates_as_typed(
    qtbot: QtBot,
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    draft: InspectionId,
) -> None:
    service = collateral_service(writable_context)
    data = service.notes(draft)
    total = sum(e.value_fen for e in data.entries)
    service.coverage_threshold = Decimal(total) / Decimal(data.balance_fen)  # just enough
    panel = make_panel(qtbot, writable_context, draft)
    assert not panel.coverage_warning
    form = panel.forms[0]
    assert form.estimate.text() == "—"  # no estimate yet: the last visit's counts
    form.estimate.setValue(form.value_fen() / 100 - 0.01)  # one fen less, not saved yet
    assert panel.coverage_warning
    assert panel.coverage.styleSheet() == WARNING_STYLE
    assert "低于警戒值" in panel.coverage.text()
    form.condition.setCurrentIndex(form.condition.findText("灭失"))
    assert panel.coverage_warning
    panel.forms[1].estimate.setValue(panel.forms[1].estimate.maximum())
    assert not panel.coverage_warning


def test_a_submitted_inspection_is_shown_read_only(
    qtbot: QtBot, context: AppContext, demo_sessions: sessionmaker[Session]
) -> None:
    loan_id = secured_loan(demo_sessions)
    inspector, _ = people(context, loan_id)
    context.set_user(inspector)
    past = collateral_service(context).register(loan_id).latest_inspection_id
    assert past is not None
    with demo_sessions() as session:
        inspection = session.get(Inspection, past)
        assert inspection is not None
        assert inspection.status in (InspectionStatus.SUBMITTED, InspectionStatus.APPROVED)
    panel = make_panel(qtbot, context, past)
    assert not panel.editable
    for form in panel.forms:
        assert not form.condition.isEnabled() and not form.notes.isEnabled()
        assert not form.same_button.isVisible()
        assert form.photos_button.isEnabled()  # looking is allowed
        assert form.condition.currentText() != "—请选择—"  # the note as recorded


def test_only_the_inspectors_may_write_the_draft(
    qtbot: QtBot,
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    draft: InspectionId,
) -> None:
    loan_id = writable_context.inspections.form(draft).loan_id
    _, supervisor = people(writable_context, loan_id)
    inspector = writable_context.user_id
    panel = make_panel(qtbot, writable_context, draft)
    assert panel.editable
    panel.forms[0].notes.insertPlainText("现场核实中")  # typed, not yet saved
    writable_context.set_user(supervisor)  # the panel follows who is working
    assert not panel.editable
    assert not panel.forms[0].condition.isEnabled()
    # what the inspector typed was saved first, as the inspector's
    (row,) = stored(demo_copy_sessions, draft)
    assert row.notes == "现场核实中" and row.updated_by == inspector
    assert panel.forms[0].notes.toPlainText() == "现场核实中"


# --- photos side by side ---------------------------------------------------------------------


def _jpeg(color: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(buffer, "JPEG")
    return buffer.getvalue()


def test_comparison_puts_this_visit_beside_the_earlier_ones(
    qtbot: QtBot,
    writable_context: AppContext,
    demo_copy_sessions: sessionmaker[Session],
    draft: InspectionId,
    tmp_path: Path,
) -> None:
    service = collateral_service(writable_context)
    notes = service.notes(draft)
    item = notes.entries[0].collateral.id
    past = notes.entries[0].previous_visit
    assert past is not None
    blobs = service._blobs  # the store the dialog reads thumbnails from
    photos = [
        (draft, "南侧外立面", dt.datetime(2026, 11, 28, 10, 5), [], (200, 30, 30)),
        (draft, "门牌", None, ["capture_time_missing"], (30, 200, 30)),
        (past.inspection_id, "上次的外立面", dt.datetime(2026, 9, 1, 9, 0), [], (30, 30, 200)),
    ]
    rows = []
    for inspection_id, caption, taken, warnings, color in photos:
        thumb = blobs.put_bytes(_jpeg(color))
        rows.append(
            {
                "id": uuid.uuid4(),
                "inspection_id": inspection_id,
                "sha256": blobs.put_bytes(caption.encode()),
                "original_name": f"{caption}.jpg",
                "size_bytes": 1000,
                "width": 320,
                "height": 240,
                "captured_local": taken,
                "phash": "0" * 16,
                "report_sha256": thumb,
                "thumb_sha256": thumb,
                "caption": caption,
                "collateral_id": item,
                "warnings": warnings,
            }
        )
    # A Core insert: the earlier visit is approved, and the ORM's freeze guard (rightly)
    # refuses photos added to it; the test stands in for the photos it was signed with.
    with demo_copy_sessions.begin() as session:
        session.execute(insert(Photo), rows)
    panel = make_panel(qtbot, writable_context, draft)
    assert panel.form(item).photos_button.text() == "对比照片"  # no count without the editor
    panel.set_photo_counts({item: 2})  # the editor counts this visit's photos
    assert panel.form(item).photos_button.text() == "对比照片（2）"
    dialog = panel.open_photos(item)
    assert isinstance(dialog, CollateralComparisonDialog)
    qtbot.wait_exposed(dialog)
    assert len(dialog.columns) == 2
    this, earlier = dialog.columns
    texts = [label.text() for label in this.findChildren(type(panel.coverage))]
    assert texts[0] == "本次检查：2026-11-28 定期检查"
    assert "南侧外立面" in texts and "门牌" in texts
    assert "拍摄于 2026-11-28 10:05" in texts
    assert "⚠ " + warning_short("capture_time_missing") in texts  # the gallery's words
    images = [
        label.pixmap()
        for label in this.findChildren(type(panel.coverage))
        if not label.pixmap().isNull()
    ]
    assert len(images) == 2
    first = images[0].toImage().convertToFormat(QImage.Format.Format_RGB32)
    red = first.pixelColor(first.width() // 2, first.height() // 2)
    assert red.red() > 150 and red.green() < 80  # the thumbnail itself, not a placeholder
    earlier_texts = [label.text() for label in earlier.findChildren(type(panel.coverage))]
    assert earlier_texts[0].startswith(past.inspected_on.isoformat())  # type: ignore[union-attr]
    assert "上次的外立面" in earlier_texts
    assert dialog.history.rowCount() == 2
    dialog.close()

    # the app's --view collateral screenshot is this dialog
    shot = tmp_path / "collateral.png"
    assert screenshot_comparison(writable_context, notes.loan_id, shot) == 0
    picture = QImage(str(shot))
    assert picture.width() == 1280 and picture.height() == 800


def test_forms_are_one_per_item_in_the_checklists_order(
    qtbot: QtBot,
    writable_context: AppContext,
    draft: InspectionId,
) -> None:
    panel = make_panel(qtbot, writable_context, draft)
    form = writable_context.inspections.form(draft)
    assert [str(f.collateral_id) for f in panel.forms] == [c.id for c in form.context.collateral]
    assert all(isinstance(f, CollateralNoteForm) for f in panel.forms)


def test_a_loan_without_collateral_says_so(
    qtbot: QtBot, context: AppContext, demo_sessions: sessionmaker[Session]
) -> None:
    with demo_sessions() as session:
        loan_id, inspection_id = session.execute(
            select(Loan.id, Inspection.id)
            .join(Inspection, Inspection.loan_id == Loan.id)
            .where(Loan.id.not_in(select(Collateral.loan_id)))
            .order_by(Loan.contract_no)
            .limit(1)
        ).one()
    widget = CollateralRegisterWidget(context, LoanId(loan_id))
    qtbot.add_widget(widget)
    widget.show()
    assert widget.empty.isVisible() and widget.empty.text() == "该贷款没有抵(质)押物。"
    assert not widget.table.isVisible() and not widget.summary.isVisible()
    assert not widget.history_button.isEnabled()
    panel = make_panel(qtbot, context, InspectionId(inspection_id))
    assert panel.forms == [] and panel.empty.isVisible()
    assert not panel.coverage.isVisible() and not panel.coverage_warning
