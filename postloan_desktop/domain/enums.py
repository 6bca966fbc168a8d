"""The bank's vocabulary. Values are stable storage codes; labels live in the UI's translations."""

from enum import StrEnum


class InspectionKind(StrEnum):
    """篇4: 首次、定期、专项."""

    FIRST = "first"  # 首次检查
    PERIODIC = "periodic"  # 定期检查
    SPECIAL = "special"  # 专项检查


class InspectionStatus(StrEnum):
    DRAFT = "draft"  # 草稿: being filled in by the inspector
    SIGNING = "signing"  # 签字中: certified by inspector A, waiting for inspector B; frozen
    SUBMITTED = "submitted"  # 已提交: signed by both inspectors, waiting for review
    RETURNED = "returned"  # 已退回: the supervisor sent it back with comments
    APPROVED = "approved"  # 已审批: approved and countersigned, archived
    WITHDRAWN = "withdrawn"  # 已撤回: inspector A took it back half-signed; a new revision follows


class Role(StrEnum):
    INSPECTOR = "inspector"  # 客户经理 / 检查人
    SUPERVISOR = "supervisor"  # 信贷主管 / 审批人
    ADMIN = "admin"  # head-office administrator


class SignatureRole(StrEnum):
    """Who signs a report, in the order they sign: the values are the report's signature
    field names (``reports.signing``)."""

    INSPECTOR_A = "inspector_a"  # 检查人 A角: certifies the report
    INSPECTOR_B = "inspector_b"  # 检查人 B角
    SUPERVISOR = "supervisor"  # 审批人: countersigns when approving


class OfficerRank(StrEnum):
    """Rank of a loan officer, as far as the A/B rule (篇4) cares."""

    OFFICER = "officer"  # 客户经理
    VICE_PRESIDENT = "vice_president"  # 支行副行长
    PRESIDENT = "president"  # 支行行长


class RiskClass(StrEnum):
    """五级分类, from best to worst."""

    NORMAL = "normal"  # 正常
    SPECIAL_MENTION = "special_mention"  # 关注
    SUBSTANDARD = "substandard"  # 次级
    DOUBTFUL = "doubtful"  # 可疑
    LOSS = "loss"  # 损失

    @property
    def is_non_performing(self) -> bool:
        return self in (RiskClass.SUBSTANDARD, RiskClass.DOUBTFUL, RiskClass.LOSS)


class BusinessStatus(StrEnum):
    """The borrower's business status (篇8), which sets the periodic inspection interval."""

    GOOD = "good"  # 好
    AVERAGE = "average"  # 一般
    POOR = "poor"  # 差


class BusinessType(StrEnum):
    """篇8: the business type decides which parts of the small-business checklist apply."""

    PRODUCTION = "production"  # 生产加工型
    TRADE_SERVICE = "trade_service"  # 商贸服务型
    CONSUMER = "consumer"  # 个人消费 (no business)


class BorrowerType(StrEnum):
    INDIVIDUAL = "individual"  # 个人
    ENTERPRISE = "enterprise"  # 企业


class GuaranteeMethod(StrEnum):
    CREDIT = "credit"  # 信用
    GUARANTEE = "guarantee"  # 保证
    MORTGAGE = "mortgage"  # 抵押
    PLEDGE = "pledge"  # 质押


class RepaymentMethod(StrEnum):
    EQUAL_INSTALMENT = "equal_instalment"  # 等额本息
    EQUAL_PRINCIPAL = "equal_principal"  # 等额本金
    INTEREST_ONLY = "interest_only"  # 按月付息、到期还本
    BULLET = "bullet"  # 到期一次还本付息


class CollateralType(StrEnum):
    RESIDENTIAL = "residential"  # 住宅
    COMMERCIAL = "commercial"  # 商铺 / 写字楼
    INDUSTRIAL = "industrial"  # 厂房
    LAND = "land"  # 土地使用权
    VEHICLE = "vehicle"  # 车辆
    EQUIPMENT = "equipment"  # 机器设备
    DEPOSIT = "deposit"  # 存单
    RECEIVABLES = "receivables"  # 应收账款
