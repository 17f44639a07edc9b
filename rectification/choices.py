from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("已退回")


class MeasureKind(models.TextChoices):
    IMMEDIATE = "immediate", _("立行立改")
    DEADLINE = "deadline", _("限期整改")
    LONG_TERM = "long_term", _("长期坚持")


class ReviewDecision(models.TextChoices):
    CLOSE = "close", _("销号")
    RETURN = "return", _("退回")
    LONG_TERM = "long_term", _("转长期整改")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    BASIC = "basic", _("基本合格")
    FAIL = "fail", _("不合格")


class ActionKind(models.TextChoices):
    REMINDER = "reminder", _("提醒")
    SUPERVISION = "supervision", _("督办")
    INTERVIEW = "interview", _("约谈")
    NOTICE = "notice", _("通报")


class ActionReason(models.TextChoices):
    DELAY = "delay", _("拖延整改")
    INEFFECTIVE = "ineffective", _("整改不力")
    PERFUNCTORY = "perfunctory", _("敷衍整改")
    FALSE_REPORT = "false_report", _("虚假整改")
    OTHER = "other", _("其他")


class AlertLevel(models.TextChoices):
    GREEN = "green", _("临近期限")
    YELLOW = "yellow", _("临期")
    RED = "red", _("逾期")


class AlertKind(models.TextChoices):
    ISSUE_DEADLINE = "issue_deadline", _("问题整改期限")
    PLAN_DUE = "plan_due", _("整改方案报送")
    REPORT_DUE = "report_due", _("整改报告报送")
    CLUE_RESULT = "clue_result", _("线索办理结果反馈")


class StatScope(models.TextChoices):
    OFFICE = "office", _("机构")
    AREA = "area", _("辖区单位（按单位所在机构）")
    ROUND = "round", _("轮次")
    UNIT = "unit", _("单位")
    ASSIGNMENT = "assignment", _("巡察对象")
    GROUP = "group", _("巡察组")
    CATEGORY = "category", _("问题类别")
