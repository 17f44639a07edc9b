from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    FEEDBACK = "feedback_opinion", _("巡察反馈意见书")
    CLUE_LETTER = "clue_transfer_letter", _("问题线索移交函")
    SUPERVISION = "supervision_notice", _("整改督办通知书")
    COMMON_NOTICE = "common_issue_notice", _("共性问题集中通报")
    REPORT = "report_summary", _("巡察工作统计报告")
