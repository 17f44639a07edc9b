from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about: a deadline alert, or a hand-over of work to the reader."""

    ALERT = "alert", _("预警")
    ISSUE_SUBMITTED = "issue_submitted", _("报请销号待审核")
    PLAN_SUBMITTED = "plan_submitted", _("整改方案待审核")
    ISSUE_RETURNED = "issue_returned", _("整改被退回")
    ISSUE_CLOSED = "issue_closed", _("问题已销号")
    PLAN_RETURNED = "plan_returned", _("整改方案被退回")
    FINDING_SUBMITTED = "finding_submitted", _("问题底稿待审核确认")
    CLUE_RESULT_DUE = "clue_result_due", _("线索已移交待反馈结果")
    ACTION_ISSUED = "action_issued", _("督办")


# The kinds a person may mute (all of them: a muted kind is neither shown nor mailed).
MUTABLE_KINDS = NotificationKind.choices
