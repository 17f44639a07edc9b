from django.db import models
from django.utils.translation import gettext_lazy as _


class Ledger(models.TextChoices):
    """The ledgers, in the order the ledger home shows them; each app declares its own in ``ledgers.py``."""

    ISSUES = "issues", _("面上问题台账")
    CLUES = "clues", _("问题线索台账")
    POINTS = "points", _("书记点人点事点问题台账")
    REPORTS = "reports", _("巡察专报及建议台账")
    RECTIFICATION = "rectification", _("整改台账")
    STATS = "stats", _("统计表")
    REPORT = "report", _("巡察工作统计报告")
    LETTERS = "letters", _("信访件台账")


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
