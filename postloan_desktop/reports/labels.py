"""The report's own words in Chinese and English: headings and field names, the names of the
bank's codes, photo warnings. Reports do not go through Qt's translations (no Qt below ui/),
so they carry this small table; ``zh`` is the bank's wording, ``en`` its translation."""

from __future__ import annotations

from enum import StrEnum

from postloan_desktop.domain.collateral import CollateralCondition
from postloan_desktop.domain.enums import (
    BorrowerType,
    BusinessStatus,
    BusinessType,
    CollateralType,
    GuaranteeMethod,
    InspectionKind,
    InspectionStatus,
    RepaymentMethod,
    RiskClass,
)

LANGUAGES = ("zh", "en")

# key: (zh, en)
TEXTS: dict[str, tuple[str, str]] = {
    "title": ("贷后检查报告", "Post-loan inspection report"),
    "report_no": ("报告编号", "Report no."),
    "kind": ("检查类型", "Inspection"),
    "date": ("检查日期", "Date"),
    "place": ("检查地点", "Place"),
    "checklist": ("检查表", "Checklist"),
    "revision": ("修订", "Revision"),
    "scan": ("扫码核验", "Scan to verify"),
    "summary": ("借款人及贷款概况", "Borrower and loan"),
    "borrower": ("借款人", "Borrower"),
    "borrower_kind": ("借款人类型", "Borrower type"),
    "id_number": ("证件号码", "ID / credit code"),
    "legal_rep": ("法定代表人", "Legal representative"),
    "address": ("地址", "Address"),
    "industry": ("行业", "Industry"),
    "business_type": ("经营类型", "Business type"),
    "contract_no": ("合同编号", "Contract no."),
    "product": ("贷款品种", "Product"),
    "amount": ("贷款金额", "Amount"),
    "balance": ("贷款余额", "Balance"),
    "term": ("贷款期限", "Term"),
    "term_to": ("至", "to"),
    "months": ("个月", "months"),
    "rate": ("年利率", "Annual rate"),
    "repayment": ("还款方式", "Repayment"),
    "guarantee": ("担保方式", "Security"),
    "risk_class": ("风险分类", "Risk class"),
    "business_status": ("经营状况", "Business status"),
    "arrears": ("欠款情况", "Arrears"),
    "overdue_principal": ("逾期本金", "overdue principal"),
    "overdue_interest": ("欠息", "unpaid interest"),
    "officer_a": ("客户经理A角", "Officer A"),
    "officer_b": ("客户经理B角", "Officer B"),
    "none": ("无", "none"),
    "yuan": ("元", "yuan"),
    "note": ("备注", "Note"),
    "missing": ("未填写", "not answered"),
    "unconfirmed": (
        "沿用上次检查，尚未确认",
        "carried over from the last inspection, not confirmed",
    ),
    "signals": ("风险预警信号", "Risk signals raised"),
    "no_signals": ("本次检查未触发风险预警信号。", "No risk signal was raised by this inspection."),
    "level": ("级别", "Level"),
    "signal": ("预警信号", "Signal"),
    "source": ("检查项目", "Raised by"),
    "warnings": ("未解除的风险预警及处理情况", "Open warnings and their handling"),
    "open_warnings": ("贷款台账记录的风险预警", "Warnings on the loan's records"),
    "handling": ("处理情况", "Handling"),
    "collateral": ("抵（质）押物", "Collateral"),
    "no_collateral": ("本笔贷款无抵（质）押物。", "The loan has no collateral."),
    "col_no": ("序号", "No."),
    "col_item": ("押品", "Item"),
    "col_appraised": ("评估价值（元）", "Appraised (yuan)"),
    "col_estimate": ("本次估值（元）", "Estimate now (yuan)"),
    "col_change": ("变动金额（元）", "Change (yuan)"),
    "col_percent": ("变动幅度", "Change"),
    "col_condition": ("现状", "Condition"),
    "appraised_on": ("评估日", "appraised"),
    "registration": ("权证号", "Reg. no."),
    "basis": ("估值依据", "Basis"),
    "not_estimated": ("未估值", "not estimated"),
    "coverage": ("押品覆盖情况", "Collateral cover"),
    "coverage_text": (
        "押品现值合计 {value} 元，贷款余额 {balance} 元，覆盖倍数 {ratio} 倍",
        "worth {value} yuan now against a balance of {balance} yuan, {ratio} times",
    ),
    "coverage_low": ("，低于 {threshold} 倍的预警线。", ", below the {threshold} threshold."),
    "coverage_ok": ("。", "."),
    "coverage_none": ("贷款已无余额。", "Nothing is owed on the loan."),
    "conclusion": ("检查结论", "Conclusion"),
    "signatures": ("签字", "Signatures"),
    "sign_here": ("签名（盖章）", "Signature"),
    "sign_date": ("日期", "Date"),
    "photos": ("附件：现场照片", "Appendix: site photos"),
    "no_photos": ("本次检查未附照片。", "No photos are attached to this inspection."),
    "photo": ("照片", "Photo"),
    "photo_missing": ("照片文件缺失", "Photo file missing"),
    "photo_unreadable": ("照片文件无法读取", "Photo file cannot be read"),
    "taken": ("拍摄时间", "Taken"),
    "taken_unknown": ("无拍摄时间", "no capture time"),
    "gps": ("坐标", "Position"),
    "gps_unknown": ("无GPS坐标", "no GPS position"),
    "page": ("第 {page} 页 / 共 {pages} 页", "Page {page} of {pages}"),
    "draft": ("草稿 DRAFT", "DRAFT 草稿"),
    "draft_notice": (
        "草稿预览，不作为正式报告使用。",
        "Draft preview: not the inspection report.",
    ),
}

SIGNAL_LEVELS = {
    "notice": ("提示", "Notice"),
    "warning": ("关注", "Attention"),
    "alert": ("预警", "Alert"),
}

SIGNATURE_ROLES = {
    "inspector_a": ("检查人（A角）", "Inspector A"),
    "inspector_b": ("检查人（B角）", "Inspector B"),
    "supervisor": ("审批人（信贷主管）", "Supervisor"),
}

_CODES: dict[tuple[type[StrEnum], str], tuple[str, str]] = {
    (InspectionKind, "first"): ("首次检查", "First inspection"),
    (InspectionKind, "periodic"): ("定期检查", "Periodic inspection"),
    (InspectionKind, "special"): ("专项检查", "Special inspection"),
    (InspectionStatus, "draft"): ("草稿", "Draft"),
    (InspectionStatus, "submitted"): ("已提交", "Submitted"),
    (InspectionStatus, "returned"): ("已退回", "Returned"),
    (InspectionStatus, "approved"): ("已审批", "Approved"),
    (RiskClass, "normal"): ("正常", "Normal"),
    (RiskClass, "special_mention"): ("关注", "Special mention"),
    (RiskClass, "substandard"): ("次级", "Substandard"),
    (RiskClass, "doubtful"): ("可疑", "Doubtful"),
    (RiskClass, "loss"): ("损失", "Loss"),
    (BusinessStatus, "good"): ("好", "Good"),
    (BusinessStatus, "average"): ("一般", "Average"),
    (BusinessStatus, "poor"): ("差", "Poor"),
    (BusinessType, "production"): ("生产加工型", "Production / processing"),
    (BusinessType, "trade_service"): ("商贸服务型", "Trade / service"),
    (BusinessType, "consumer"): ("个人消费", "Consumer (no business)"),
    (BorrowerType, "individual"): ("个人", "Individual"),
    (BorrowerType, "enterprise"): ("企业", "Enterprise"),
    (GuaranteeMethod, "credit"): ("信用", "Credit"),
    (GuaranteeMethod, "guarantee"): ("保证", "Guarantee"),
    (GuaranteeMethod, "mortgage"): ("抵押", "Mortgage"),
    (GuaranteeMethod, "pledge"): ("质押", "Pledge"),
    (RepaymentMethod, "equal_instalment"): ("等额本息", "Equal instalments"),
    (RepaymentMethod, "equal_principal"): ("等额本金", "Equal principal"),
    (RepaymentMethod, "interest_only"): (
        "按月付息，到期还本",
        "Monthly interest, principal at maturity",
    ),
    (RepaymentMethod, "bullet"): ("到期一次还本付息", "Principal and interest at maturity"),
    (CollateralType, "residential"): ("住宅", "Residential property"),
    (CollateralType, "commercial"): ("商业用房", "Commercial property"),
    (CollateralType, "industrial"): ("厂房", "Industrial building"),
    (CollateralType, "land"): ("土地使用权", "Land use right"),
    (CollateralType, "vehicle"): ("车辆", "Vehicle"),
    (CollateralType, "equipment"): ("机器设备", "Equipment"),
    (CollateralType, "deposit"): ("存单", "Deposit certificate"),
    (CollateralType, "receivables"): ("应收账款", "Receivables"),
    (CollateralCondition, "intact"): ("完好", "Intact"),
    (CollateralCondition, "damaged"): ("受损", "Damaged"),
    (CollateralCondition, "lost"): ("灭失", "Lost"),
    (CollateralCondition, "disposed"): ("已处置", "Disposed of"),
    (CollateralCondition, "occupied"): ("被占用", "Occupied by others"),
    (CollateralCondition, "seized"): ("被查封", "Seized"),
    (CollateralCondition, "other"): ("其他", "Other"),
}

# Photo provenance warnings (photos.provenance, photos.reading): {0} is filled per code.
PHOTO_WARNINGS: dict[str, tuple[str, str]] = {
    "capture_time_missing": (
        "无拍摄时间：照片可能不是相机原始文件。",
        "No capture time: the photo may not be the camera's original.",
    ),
    "capture_time_not_on_inspection_date": (
        "拍摄日期为 {0}，不是检查当日。",
        "Taken on {0}, not on the day of the inspection.",
    ),
    "date_before_2000": (
        "拍摄时间早于2000年：相机时钟可能有误。",
        "Capture time before 2000: the camera's clock is probably wrong.",
    ),
    "date_in_future": (
        "拍摄时间晚于当前时间：相机时钟可能有误。",
        "Capture time in the future: the camera's clock is probably wrong.",
    ),
    "gps_missing": (
        "无GPS坐标：定位未开启或文件经过复制。",
        "No GPS position: location services were off or the file was copied.",
    ),
    "gps_zero": ("GPS坐标为 0, 0：相机未定位。", "GPS position 0, 0: the camera had no fix."),
    "gps_invalid": ("文件中的GPS坐标无效。", "The GPS position in the file is not valid."),
    "gps_far_from_site": (
        "拍摄地点距借款人或押品地址超过 {0} 米。",
        "Taken more than {0} m from the borrower's or the collateral's address.",
    ),
    "reused_identical": (
        "与以前检查所附照片为同一文件：疑似重复使用。",
        "The same file is attached to an earlier inspection: reused?",
    ),
    "reused_near_identical": (
        "与以前检查所附照片几乎相同：疑似重复使用。",
        "Nearly the same picture is attached to an earlier inspection: reused?",
    ),
    "edited_by_software": ("经软件编辑（{0}）。", "Edited with software ({0})."),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language.startswith("en") else pair[0]


def text(key: str, language: str, **values: object) -> str:
    """A heading or field name of the report; ``{name}`` placeholders filled from ``values``."""
    words = _pick(TEXTS[key], language)
    return words.format(**values) if values else words


def code(value: StrEnum | None, language: str) -> str:
    """The name of one of the bank's codes ('' for None; the code itself if unknown)."""
    if value is None:
        return ""
    pair = _CODES.get((type(value), value.value))
    return _pick(pair, language) if pair else str(value)


def signal_level(level: str, language: str) -> str:
    pair = SIGNAL_LEVELS.get(level)
    return _pick(pair, language) if pair else level


def signature_role(role: str, language: str) -> str:
    pair = SIGNATURE_ROLES.get(role)
    return _pick(pair, language) if pair else role


def photo_warning(code_: str, language: str, detail: str = "?") -> str:
    """One sentence for a provenance warning code; ``detail`` fills its blank."""
    pair = PHOTO_WARNINGS.get(code_)
    return _pick(pair, language).format(detail) if pair else code_
