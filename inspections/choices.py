from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("部门")
    TOWNSHIP = "township", _("乡镇街道")
    VILLAGE = "village", _("村/社区")
    SOE = "soe", _("国有企业")
    INSTITUTION = "institution", _("学校/医院")
    OTHER = "other", _("其他")


class VillageCategory(models.TextChoices):
    REVITALISATION = "revitalisation", _("市级乡村振兴帮扶村")
    CO_BUILDING = "co_building", _("共同缔造试点村")
    PETITIONS = "petitions", _("信访突出村")
    ASSETS = "assets", _("“三资”富集村")
    DEMOLITION = "demolition", _("拆迁重点村")
    GENERAL = "general", _("一般村")


class RoundKind(models.TextChoices):
    REGULAR = "regular", _("常规巡察")
    SPECIAL = "special", _("专项巡察")
    MOBILE = "mobile", _("机动巡察")
    ELEVATED = "elevated", _("提级巡察")
    CROSS = "cross", _("交叉巡察")
    PINPOINT = "pinpoint", _("点穴式巡察")
    REVISIT = "revisit", _("巡察“回头看”")
    TOWNSHIP_VILLAGES = "township_villages", _("巡乡带村")
    UNIT_VILLAGES = "unit_villages", _("巡单位带村")


class RoundStage(models.TextChoices):
    PLANNING = "planning", _("准备")
    ON_SITE = "on_site", _("进驻")
    REPORTING = "reporting", _("报告")
    FEEDBACK = "feedback", _("反馈")
    RECTIFICATION = "rectification", _("整改")
    CLOSED = "closed", _("立卷归档")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("组员")


class SecondedFrom(models.TextChoices):
    NONE = "", _("专职")
    DISCIPLINE = "discipline", _("纪检监察")
    AUDIT = "audit", _("审计")
    FINANCE = "finance", _("财会")
    PUBLIC_RESOURCES = "public_resources", _("公共资源交易")
    ORGANISATION = "organisation", _("组织人事")
    OTHER = "other", _("其他单位")


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    CONFIRMED = "confirmed", _("已确认")
    RECTIFYING = "rectifying", _("整改中")
    PENDING_REVIEW = "pending_review", _("待审核")
    CLOSED = "closed", _("已销号")
    LONG_TERM = "long_term", _("长期整改")
    WITHDRAWN = "withdrawn", _("已撤销")


# Statuses of an issue that has been fed back to the unit (the completion-rate denominator).
FED_BACK_STATUSES = (
    IssueStatus.RECTIFYING,
    IssueStatus.PENDING_REVIEW,
    IssueStatus.CLOSED,
    IssueStatus.LONG_TERM,
)
# Statuses that count as a finding ("issues found"): confirmed onwards, not withdrawn.
FOUND_STATUSES = (IssueStatus.CONFIRMED, *FED_BACK_STATUSES)


class HowFound(models.TextChoices):
    TALK = "talk", _("个别谈话")
    DOCUMENTS = "documents", _("查阅资料")
    PETITION = "petition", _("受理信访")
    VISIT = "visit", _("走访调研")
    AUDIT = "audit", _("专项检查")
    SURVEY = "survey", _("问卷调查")
    OTHER = "other", _("其他")


class IssueNature(models.TextChoices):
    COMMON = "common", _("共性问题")
    INDIVIDUAL = "individual", _("个性问题")


class ClueStatus(models.TextChoices):
    DRAFT = "draft", _("待移交")
    TRANSFERRED = "transferred", _("已移交")
    CONCLUDED = "concluded", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤销")


TRANSFERRED_CLUE_STATUSES = (ClueStatus.TRANSFERRED, ClueStatus.CONCLUDED)


class ClueRecipient(models.TextChoices):
    DISCIPLINE = "discipline", _("纪检监察机关")
    ORGANISATION = "organisation", _("组织部门")
    OTHER = "other", _("其他")


class Disposal(models.TextChoices):
    INQUIRY = "inquiry", _("谈话函询")
    PRELIMINARY = "preliminary", _("初步核实")
    SHELVED = "shelved", _("暂存待查")
    CLOSED = "closed", _("予以了结")
    CASE = "case", _("立案审查调查")


class PersonRank(models.TextChoices):
    COUNTY = "county", _("县处级")
    TOWNSHIP = "township", _("乡科级")
    GENERAL = "general", _("一般干部")


class PointKind(models.TextChoices):
    PERSON = "person", _("点人")
    MATTER = "matter", _("点事")
    PROBLEM = "problem", _("点问题")


class ReadVia(models.TextChoices):
    UI_LIST = "ui_list", _("页面列表")
    UI_DETAIL = "ui_detail", _("页面详情")
    API_LIST = "api_list", _("接口列表")
    API_DETAIL = "api_detail", _("接口详情")
    EXPORT = "export", _("导出")


# Lifecycle event actions (IssueEvent / ClueEvent.action) and their labels, for timelines and messages.
ACTION_LABELS = {
    "create": _("登记"),
    "update": _("修改"),
    "review": _("副组长审核"),
    "confirm": _("组长确认"),
    "feedback": _("反馈交办"),
    "submit": _("报请销号"),
    "close": _("销号"),
    "return": _("退回"),
    "long_term": _("转长期整改"),
    "reopen": _("重新整改"),
    "withdraw": _("撤销"),
    "measure": _("制定整改措施"),
    "progress": _("报送整改进展"),
    "extension_request": _("申请延期"),
    "extend": _("延期"),
    "extension_refuse": _("不予延期"),
    "transfer": _("移交"),
    "outcome": _("办结"),
    "archive": _("立卷归档"),
    "historic_import": _("历史台账导入"),
    "unarchive": _("重新开启"),
}
