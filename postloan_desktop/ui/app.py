"""Build the application: data folder, database, services, translations, main window."""

import datetime as dt
import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QDialog

from postloan_desktop.domain.enums import Role
from postloan_desktop.domain.errors import PostloanError
from postloan_desktop.domain.ids import LoanId, UserId
from postloan_desktop.logs import setup_logging
from postloan_desktop.paths import DataDir
from postloan_desktop.services.bootstrap import open_services
from postloan_desktop.ui.context import AppContext, EventBus
from postloan_desktop.ui.errors import install_excepthook, show_error
from postloan_desktop.ui.labels import reset_labels
from postloan_desktop.ui.main_window import PAGE_INSPECTIONS, PAGE_LOANS, PAGE_QUEUE, MainWindow
from postloan_desktop.ui.sync_login import LoginDialog

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"
DEFAULT_LANGUAGE = "zh_CN"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load our own and Qt's translations for ``language``; English needs none of ours."""
    translators: list[QTranslator] = []
    if language == "en":
        return translators
    ours = QTranslator(app)
    if ours.load(f"postloan_{language}", str(TRANSLATIONS_DIR)):
        translators.append(ours)
    else:
        log.warning("no translation for %s in %s", language, TRANSLATIONS_DIR)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        translators.append(qt)
    for translator in translators:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    reset_labels()
    return translators


def checklist_language(language: str) -> str:
    """The language of checklist texts for an interface language: 'en' or 'zh'."""
    return "en" if language.startswith("en") else "zh"


def build_context(
    data_dir: Path,
    *,
    today: dt.date | None = None,
    demo: bool = False,
    language: str = DEFAULT_LANGUAGE,
) -> AppContext:
    services = open_services(data_dir, today=today, demo=demo)
    return AppContext(
        data_dir=services.data_dir,
        portfolio=services.portfolio,
        inspections=services.inspections,
        events=EventBus(),
        language=checklist_language(language),
        collateral=services.collateral,
        photos=services.photos,
        reports=services.reports,
        sync=services.sync,
        review=services.review,
    )


def run(
    *,
    data_dir: Path,
    demo: bool,
    language: str | None,
    today: dt.date | None,
    screenshot: Path | None,
    view: str,
    loan: str | None = None,
) -> int:
    if screenshot is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setOrganizationName("postloan")
    app.setApplicationName("postloan")
    language = language or str(QSettings().value("language", DEFAULT_LANGUAGE))
    translators = install_translators(app, language)
    setup_logging(DataDir(data_dir).logs)
    install_excepthook()
    log.info("starting postloan in %s (language %s)", data_dir, language)
    try:
        context = build_context(data_dir, today=today, demo=demo, language=language)
    except PostloanError as exc:
        log.exception("cannot start")
        show_error(None, exc)
        return 1
    if screenshot is not None and view == "login":
        return screenshot_login(context, screenshot)
    if screenshot is None and needs_login(context, demo=demo) and not ask_login(context):
        log.info("login cancelled: quitting")
        return 0
    window = MainWindow(context)
    window.restore_geometry() if screenshot is None else window.resize(1280, 800)
    window.start()
    window.show()
    if screenshot is not None:
        return take_screenshot(window, screenshot, view, loan)
    code = app.exec()
    del translators
    return code


def needs_login(context: AppContext, *, demo: bool) -> bool:
    """A laptop enrolled with head office always logs in; a new one is asked to (or to work
    standalone), except with --demo, which works standalone straight away."""
    sync = context.sync
    return sync is not None and (sync.enrolled() or not demo)


def is_demo_folder(context: AppContext) -> bool:
    from postloan_desktop.services.demo_keys import DEMO_STATE_KEY

    return context.portfolio.state(DEMO_STATE_KEY) == "1"


def login_dialog(context: AppContext) -> LoginDialog:
    """The login before the main window: quitting is the way out."""
    assert context.sync is not None
    return LoginDialog(
        context.sync,
        None,
        allow_standalone=True,
        demo_data=is_demo_folder(context),
        quit_text=QCoreApplication.translate("App", "Quit"),
    )


def ask_login(context: AppContext) -> bool:
    """Log in (or choose standalone) before the main window; False: the user quit."""
    dialog = login_dialog(context)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if dialog.login is not None:
        context.set_login(dialog.login)
    return True


def screenshot_login(context: AppContext, path: Path) -> int:
    """``--view login``: the login dialog as it first shows (a new laptop: the server
    address, the standalone choice; an enrolled one: the address read-only)."""
    dialog = login_dialog(context)
    if not dialog.enrolled and not dialog.server.text():
        dialog.server.setText("https://headoffice.example.cn")
    if not dialog.username.text():
        dialog.username.setText("zhangsan")
    dialog.password.setText("password")
    dialog.show()
    dialog.password.setFocus()
    for _ in range(5):
        QCoreApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = dialog.grab().save(str(path))
    dialog.password.clear()
    if not ok:
        log.error("cannot write the screenshot to %s", path)
        return 1
    return 0


def _screenshot_loan(window: MainWindow, contract_no: str | None) -> LoanId | None:
    """The --loan contract, or the first loan whose inspection is due today."""
    if contract_no:
        window.loans_view.search.setText(contract_no)
        window.loans_view.apply_filter()
        row = window.loans_view.model.row_at(0)
        return row.id if row is not None else None
    queue = window.context.portfolio.work_queue()
    for group in (queue.due_today, queue.overdue, queue.due_this_week):
        if group.items:
            return group.items[0].loan_id
    return None


def _act_as_inspector_of(window: MainWindow, loan_id: LoanId) -> None:
    """For a screenshot: act as the loan's officer A (or another inspector of its branch),
    without remembering the choice in the settings."""
    context = window.context
    detail = context.portfolio.loan_detail(loan_id)
    staff = context.inspections.staff()
    inspectors = [
        m for m in staff if m.branch_name == detail.branch_name and Role.INSPECTOR in m.roles
    ]
    if not inspectors:
        return
    wanted: UserId = inspectors[0].id
    for officer in (detail.officer_a, detail.officer_b):
        if officer is not None and any(m.id == officer.id for m in inspectors):
            wanted = officer.id  # so the inspection is among "my inspections" too
            break
    window.user_combo.select_user(wanted, remember=False)


def take_screenshot(window: MainWindow, path: Path, view: str, loan: str | None) -> int:
    if view in ("sign", "verify"):
        from postloan_desktop.ui.sign_dialog import screenshot_signing

        loan_id = _screenshot_loan(window, loan)
        if loan_id is None:
            log.error("no loan to inspect: load the demo portfolio with --demo, check --loan")
            return 1
        return screenshot_signing(window, loan_id, path, verify=view == "verify")
    if view in ("review-queue", "review"):
        from postloan_desktop.ui.review_view import screenshot_review

        return screenshot_review(window, path, queue=view == "review-queue")
    if view == "collateral":
        from postloan_desktop.ui.collateral import screenshot_comparison

        loan_id = _screenshot_loan(window, loan)
        return 1 if loan_id is None else screenshot_comparison(window.context, loan_id, path)
    if view in ("inspection", "inspection-collateral", "inspections", "gallery", "photo"):
        loan_id = _screenshot_loan(window, loan)
        if loan_id is None:
            log.error("no loan to inspect: load the demo portfolio with --demo, check --loan")
            return 1
        _act_as_inspector_of(window, loan_id)
        if view == "inspections":
            window.show_page(PAGE_INSPECTIONS)
        else:
            draft = window.context.inspections.draft_for_loan(loan_id)
            if draft is not None:
                window.open_inspection(draft)
            elif window.start_inspection(loan_id) is None:
                log.error("cannot start an inspection of loan %s", loan_id)
                return 1
        if view in ("gallery", "photo"):
            from postloan_desktop.ui.photo_viewer import screenshot_photos

            return screenshot_photos(window, window.editor, path, viewer=view == "photo")
        if view == "inspection-collateral":
            window.editor.show_collateral()
    elif view == "loans":
        window.show_page(PAGE_LOANS)
    elif view in ("loan", "loan-collateral"):
        if loan:
            window.loans_view.search.setText(loan)
            window.loans_view.apply_filter()
        first = window.loans_view.model.row_at(0)
        if first is None:
            log.error("no loan to show: load the demo portfolio with --demo, check --loan")
            return 1
        window.open_loan(first.id)
        if view == "loan-collateral":
            window.loan_view.show_collateral()
    else:
        window.show_page(PAGE_QUEUE)
    for _ in range(5):
        QCoreApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        log.error("cannot write the screenshot to %s", path)
        return 1
    return 0
