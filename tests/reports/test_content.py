"""What a report says, gathered by ReportService from the real services: every answered item
in the officer's words, nothing unanswered and optional, signals, warnings, collateral with
value changes, photos with their warnings, signature slots — and its digest."""

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from report_support import LONG_TEXT, ReportSetting, answer_everything, make_content, photo

from postloan_desktop.domain.enums import BorrowerType
from postloan_desktop.domain.errors import InvalidInput
from postloan_desktop.forms.engine import is_answered, visible_sections
from postloan_desktop.reports.content import (
    ItemState,
    ReportContent,
    SignalLevel,
    SignatureRole,
    canonical_json,
    qr_payload,
    report_digest,
)
from postloan_desktop.services.bootstrap import open_services
from postloan_desktop.services.reports import mask_id_number
from postloan_desktop.storage.models import Loan


def all_items(content: ReportContent) -> list[tuple[str, str, str, ItemState]]:
    return [
        (i.question, i.answer, i.note, i.state)
        for section in content.sections
        for i in section.items
    ] + [(i.question, i.answer, i.note, i.state) for i in content.conclusion]


def test_every_answered_item_is_there_in_the_officers_words(
    report_setting: ReportSetting,
) -> None:
    s = report_setting
    answer_everything(s)
    s.inspections.note(
        inspection_id=s.inspection, key="opinion", text="备注：电话回访", actor_id=s.inspector
    )
    form = s.inspections.form(s.inspection)
    content = s.reports.content(s.inspection, "zh")
    printed = {(q, a) for q, a, _, _ in all_items(content)}
    expected = 0
    for section in visible_sections(form.template, form.context, form.answers):
        for instance in section.items:
            if instance.key == "warnings_handling" or not is_answered(
                form.answers.get(instance.key)
            ):
                continue
            expected += 1
            question = instance.item.label.zh
            assert any(q == question for q, _ in printed), question
    assert len(all_items(content)) == expected
    answers = {q: a for q, a, _, _ in all_items(content)}
    assert answers["贷款业务所面临的现时风险和未来风险"] == LONG_TEXT
    assert answers["下次检查日期"] == form.answers["next_inspection_date"]
    assert "1,234,567.89 元" in answers.values()  # money is printed as yuan
    assert {"是", "否"} & set(answers.values())
    notes = {q: n for q, _, n, _ in all_items(content)}
    assert notes["检查意见及后续管理建议"] == "备注：电话回访"
    assert content.warnings_handling == LONG_TEXT  # taken out of the conclusion
    assert "风险预警信息及处理情况" not in answers
    # the collateral section is titled with its item
    assert any("—" in section.title for section in content.sections)


def test_unanswered_optional_items_are_left_out_and_missing_required_ones_shown(
    report_setting: ReportSetting,
) -> None:
    s = report_setting
    s.answer("proposed_risk_class", "normal")
    s.inspections.note(
        inspection_id=s.inspection, key="collateral_occupancy@" + str(s.collateral_ids[0]),
        text="现场无人，未能确认", actor_id=s.inspector,
    )  # fmt: skip
    content = s.reports.content(s.inspection, "zh")
    form = s.inspections.form(s.inspection)
    required = {
        i.item.label.zh
        for section in visible_sections(form.template, form.context, form.answers)
        for i in section.items
        if i.item.required and i.key not in ("proposed_risk_class", "warnings_handling")
    }
    items = all_items(content)
    missing = {q for q, _, _, state in items if state is ItemState.MISSING}
    assert missing == required
    answered = [(q, a) for q, a, _, state in items if state is ItemState.ANSWERED]
    # the one answer, and the optional item that has only a note
    assert sorted(answered) == [("建议风险分类(五级分类)", "正常"), ("抵(质)押物使用状况", "—")]
    with pytest.raises(InvalidInput, match="still to answer"):
        s.reports.unsigned(s.inspection)


def test_carried_forward_answers_are_marked_until_confirmed(
    report_setting: ReportSetting,
) -> None:
    s = report_setting
    answer_everything(s, optional=False)
    s.inspections.submit(inspection_id=s.inspection, actor_id=s.inspector)
    second = s.inspections.start(loan_id=s.loan_id, actor_id=s.inspector)
    content = s.reports.content(second, "zh")
    states = {state for _, _, _, state in all_items(content)}
    assert ItemState.UNCONFIRMED in states
    form = s.inspections.form(second)
    s.inspections.confirm(
        inspection_id=second, keys=sorted(form.carried_forward), actor_id=s.inspector
    )
    states = {state for _, _, _, state in all_items(s.reports.content(second, "zh"))}
    assert ItemState.UNCONFIRMED not in states


def test_signals_warnings_and_collateral_with_value_changes(
    report_setting: ReportSetting,
) -> None:
    s = report_setting
    answer_everything(s)
    first, *others = s.collateral_ids
    s.answer(f"collateral_value_change@{first}", "decreased")
    loan = s.reports._portfolio.loan_detail(s.loan_id)
    appraised = {c.id: c.appraised_fen for c in loan.collateral}
    s.collateral.save_note(
        inspection_id=s.inspection,
        collateral_id=first,
        actor_id=s.inspector,
        condition="damaged",
        estimated_value_fen=appraised[first] * 3 // 4,
        valuation_basis="中介询价",
        notes="外墙渗水",
    )
    content = s.reports.content(s.inspection, "zh")

    decreased = [x for x in content.signals if x.message.startswith("抵(质)押物变现价值减少")]
    assert len(decreased) == 1
    assert decreased[0].level is SignalLevel.WARNING
    assert decreased[0].source.startswith("变现价值较上次检查")
    assert " — " in decreased[0].source  # which collateral item

    row = content.collateral[0]
    assert row.estimate_fen == appraised[first] * 3 // 4
    assert row.change_fen == row.estimate_fen - row.appraised_fen
    assert row.change_percent == pytest.approx(-25, abs=0.01)
    assert (row.condition, row.basis, row.note) == ("受损", "中介询价", "外墙渗水")
    for other, line in zip(others, content.collateral[1:], strict=True):
        # no note: the checklist's estimate (123,456,789 fen) is used
        assert line.estimate_fen == 123_456_789
        assert line.change_fen == 123_456_789 - appraised[other]
    assert content.coverage is not None
    assert content.coverage.balance_fen == loan.balance_fen


def test_open_warnings_are_what_the_loans_records_flag(report_setting: ReportSetting) -> None:
    s = report_setting
    with s.sessions.begin() as session:
        loan = session.get(Loan, s.loan_id)
        assert loan is not None
        loan.principal_overdue_since = dt.date(2026, 10, 1)
        loan.overdue_principal_fen = 100_000
        loan.matures_on = s.today + dt.timedelta(days=10)
    for item in s.collateral_ids:
        s.collateral.save_note(
            inspection_id=s.inspection, collateral_id=item, actor_id=s.inspector,
            estimated_value_fen=1,
        )  # fmt: skip
    warnings = s.reports.content(s.inspection, "zh").open_warnings
    assert warnings[0] == "本金自 2026-10-01 起逾期，逾期本金 1,000.00 元。"
    assert any(w.startswith("押品覆盖倍数 0.00，低于 1.20 倍的预警线") for w in warnings)
    due = (s.today + dt.timedelta(days=10)).isoformat()
    assert f"贷款将于 {due} 到期，应发出提示归还到期贷款通知书。" in warnings
    english = s.reports.content(s.inspection, "en").open_warnings
    assert english[0] == "Principal overdue since 2026-10-01: 1,000.00 yuan."


def test_photos_with_captions_positions_and_warnings_in_the_reports_language(
    report_setting: ReportSetting, tmp_path: Path
) -> None:
    s = report_setting
    records = s.import_photos(tmp_path, 3)
    content = s.reports.content(s.inspection, "zh")
    assert [p.sha256 for p in content.photos] == [r.report_sha256 for r in records]
    assert [p.caption for p in content.photos] == ["现场照片1号", "现场照片2号", "现场照片3号"]
    assert all(isinstance(p.image, Path) and p.image.is_file() for p in content.photos)
    by_caption = {p.caption: p for p in content.photos}
    assert by_caption["现场照片2号"].gps is None
    assert "无GPS坐标：定位未开启或文件经过复制。" in by_caption["现场照片2号"].warnings
    assert by_caption["现场照片1号"].gps == pytest.approx((30 + 35 / 60, 114 + 17 / 60), abs=1e-6)
    assert by_caption["现场照片1号"].subject  # linked to the collateral: its description
    english = s.reports.content(s.inspection, "en")
    assert any("No GPS position" in w for p in english.photos for w in p.warnings), english.photos
    s.blobs.remove(records[2].report_sha256)
    assert s.reports.content(s.inspection, "zh").photos[2].image is None


def test_signature_slots_name_the_inspections_officers(report_setting: ReportSetting) -> None:
    content = report_setting.reports.content(report_setting.inspection, "zh")
    roles = [slot.role for slot in content.signatures]
    assert roles == [SignatureRole.INSPECTOR_A, SignatureRole.INSPECTOR_B, SignatureRole.SUPERVISOR]
    loan = report_setting.reports._portfolio.loan_detail(report_setting.loan_id)
    assert content.signatures[0].name == (loan.officer_a.name if loan.officer_a else "")
    assert content.signatures[2].name == ""  # nobody approved it yet


def test_english_content(report_setting: ReportSetting) -> None:
    s = report_setting
    answer_everything(s)
    content = s.reports.content(s.inspection, "en")
    questions = {q for q, _, _, _ in all_items(content)}
    assert "Proposed risk class (five-category classification)" in questions
    assert content.inspection_kind.endswith("inspection")
    assert content.loan.risk_class in {
        "Normal",
        "Special mention",
        "Substandard",
        "Doubtful",
        "Loss",
    }
    with pytest.raises(InvalidInput):
        s.reports.content(s.inspection, "fr")


def test_the_digest_is_of_the_canonical_content_and_follows_every_change(
    report_setting: ReportSetting,
) -> None:
    s = report_setting
    answer_everything(s)
    content = s.reports.content(s.inspection, "zh", draft=False)
    again = s.reports.content(s.inspection, "zh", draft=False)
    assert report_digest(content) == report_digest(again)
    text = canonical_json(content)
    assert report_digest(content) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    data = json.loads(text)
    assert data["format"] == "postloan-report/1"
    assert text == json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert qr_payload(content) == (
        f"POSTLOAN-REPORT/1 id={s.inspection} sha256={report_digest(content)}"
    )
    s.answer("opinion", "意见有改动")
    assert report_digest(s.reports.content(s.inspection, "zh", draft=False)) != report_digest(
        content
    )


def test_the_digest_names_photos_by_hash_not_by_where_their_bytes_are() -> None:
    one = photo(1)
    assert isinstance(one.image, bytes)
    as_bytes = make_content(photos=(one,))
    as_path = make_content(photos=(dataclasses.replace(one, image=Path("/elsewhere.jpg")),))
    missing = make_content(photos=(dataclasses.replace(one, image=None),))
    assert report_digest(as_bytes) == report_digest(as_path)
    assert report_digest(as_bytes) != report_digest(missing)
    assert report_digest(as_bytes) != report_digest(make_content())
    assert one.sha256 in canonical_json(as_bytes)
    assert '"present":false' in canonical_json(missing)
    assert "2026-11-28T09:01:00" in canonical_json(as_bytes)


def test_individual_id_numbers_are_masked_credit_codes_are_not() -> None:
    assert mask_id_number("420102199001011234", BorrowerType.INDIVIDUAL) == "420102********1234"
    assert mask_id_number("91420100MA4K000000", BorrowerType.ENTERPRISE) == "91420100MA4K000000"


WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def test_bank_name_and_font_come_from_the_settings_file(tmp_path: Path) -> None:
    (tmp_path / "postloan.toml").write_text(
        f'[report]\nbank_name = "测试农商银行"\nfont = "{WQY}"\n',
        encoding="utf-8",
    )
    services = open_services(tmp_path, today=dt.date(2026, 11, 28))
    assert services.reports.bank_name == "测试农商银行"
    assert services.reports.font == WQY
