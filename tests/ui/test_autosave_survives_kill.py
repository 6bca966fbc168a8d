"""Nothing typed is lost: a process killed right after an answer was entered leaves the answer
in the data folder, found again when the folder is opened next."""

import datetime as dt
import os
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from postloan_desktop.demo.portfolio import DemoSummary
from postloan_desktop.domain.enums import InspectionKind, Role
from postloan_desktop.domain.ids import InspectionId
from postloan_desktop.services.dto import LoanFilter
from postloan_desktop.services.inspections import InspectionService
from postloan_desktop.services.portfolio import PortfolioService

ROOT = Path(__file__).resolve().parents[2]
ANSWER = "借款人用于购买原材料，已核对发票和入库单。"

# Through the service: open the folder, start, answer once, say so, then hang.
SERVICE_CHILD = """
import datetime as dt, sys, threading, uuid
from pathlib import Path
from postloan_desktop.services.bootstrap import open_services

folder, loan, actor, text = sys.argv[1:5]
services = open_services(Path(folder), today=dt.date(2026, 11, 28))
inspection = services.inspections.start(loan_id=uuid.UUID(loan), actor_id=uuid.UUID(actor))
services.inspections.answer(
    inspection_id=inspection, key="actual_use", value=text, actor_id=uuid.UUID(actor)
)
print("answered", inspection, flush=True)
threading.Event().wait()
"""

# Through the editor: the text is put into the field and the focus moves on, as when the
# officer types and clicks the next item; no pause for the autosave timer.
EDITOR_CHILD = """
import datetime as dt, os, sys, threading, uuid
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from postloan_desktop.ui.app import build_context
from postloan_desktop.ui.inspection_editor import InspectionEditor

folder, loan, actor, text = sys.argv[1:5]
app = QApplication([])
context = build_context(Path(folder), today=dt.date(2026, 11, 28))
context.user_id = uuid.UUID(actor)
inspection = context.inspections.start(loan_id=uuid.UUID(loan), actor_id=context.user_id)
editor = InspectionEditor(context)
editor.resize(1000, 700)
editor.load(inspection)
editor.show()
editor.activateWindow()
field = editor.rows["actual_use"].input.focus_target()
field.setFocus()
app.processEvents()
field.insertPlainText(text)
editor.rows["opinion"].input.focus_target().setFocus()  # leaving the field saves it
app.processEvents()
print("answered", inspection, flush=True)
threading.Event().wait()  # the event loop never runs again: nothing is saved later
"""


def copy_demo(demo_path: Path, folder: Path) -> None:
    folder.mkdir()
    src = sqlite3.connect(demo_path)
    dst = sqlite3.connect(folder / "postloan.sqlite3")
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def loan_and_officer(portfolio: PortfolioService, inspections: InspectionService) -> tuple:
    staff = {m.id: m for m in inspections.staff()}
    for row in portfolio.loan_page(LoanFilter(), offset=0, limit=1000):
        if row.next_inspection_kind is not InspectionKind.FIRST:
            continue
        officer = portfolio.loan_detail(row.id).officer_a
        if officer is not None and Role.INSPECTOR in staff[officer.id].roles:
            return row.id, officer.id
    raise AssertionError("no loan with a first inspection due")


@pytest.mark.parametrize("child", [SERVICE_CHILD, EDITOR_CHILD], ids=["service", "editor"])
def test_an_answer_survives_a_killed_process(
    child: str,
    tmp_path: Path,
    demo_path: Path,
    demo_summary: DemoSummary,
    demo_service: PortfolioService,
    demo_inspections: InspectionService,
) -> None:
    folder = tmp_path / "data"
    copy_demo(demo_path, folder)
    loan_id, officer_id = loan_and_officer(demo_service, demo_inspections)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(child),
            str(folder),
            str(loan_id),
            str(officer_id),
            ANSWER,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 120)
        assert ready, "the child never answered"
        line = process.stdout.readline()
        assert line.startswith("answered "), process.stderr.read() if process.stderr else line
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    inspection_id = InspectionId(uuid.UUID(line.split()[1]))
    del demo_summary

    from postloan_desktop.services.bootstrap import open_services

    services = open_services(folder, today=dt.date(2026, 11, 28))
    form = services.inspections.form(inspection_id)
    assert form.answers["actual_use"] == ANSWER
    assert services.inspections.draft_for_loan(loan_id) == inspection_id
