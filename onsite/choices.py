"""Choices of the on-site registers (谈话、信访、调阅、抽查、走访) and of letter triage."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inspections.choices import HowFound


class EntryKind(models.TextChoices):
    """The five registers; each maps to the finding's discovery method (发现方式)."""

    TALK = "talk", _("个别谈话")
    LETTER = "letter", _("信访件")
    DOCUMENT_CHECK = "document_check", _("调阅资料")
    SPOT_CHECK = "spot_check", _("个人有关事项抽查")
    VISIT = "visit", _("下沉走访")


# Where a finding was born: the register's kind → Issue.how_found.
HOW_FOUND = {
    EntryKind.TALK: HowFound.TALK,
    EntryKind.LETTER: HowFound.PETITION,
    EntryKind.DOCUMENT_CHECK: HowFound.DOCUMENTS,
    EntryKind.SPOT_CHECK: HowFound.AUDIT,
    EntryKind.VISIT: HowFound.VISIT,
}


class LetterChannel(models.TextChoices):
    LETTER = "letter", _("来信")
    CALL = "call", _("来电")
    VISIT = "visit", _("来访")
    ONLINE = "online", _("网上举报")
    PUBLIC = "public", _("码上巡察")


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("待处置")
    TO_ISSUE = "to_issue", _("已转为问题")
    TO_CLUE = "to_clue", _("已转为线索")
    HANDED_OVER = "handed_over", _("已转办")
    CLOSED = "closed", _("已了结")


class PublicStatus(models.TextChoices):
    """What a reporter is told (nothing more): received, being handled, handled."""

    RECEIVED = "received", _("已受理")
    IN_HAND = "in_hand", _("处理中")
    DONE = "done", _("已办结")


class SpotCheckResult(models.TextChoices):
    CONSISTENT = "consistent", _("如实报告")
    OMISSION = "omission", _("漏报")
    CONCEALMENT = "concealment", _("隐瞒不报")
    PENDING = "pending", _("待核实")
