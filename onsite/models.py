"""The on-site registers of a group (现场工作台账): talks, letters and visits, documents called up,
personal-matters spot checks, field visits; and the public reporting channel (码上巡察).

Each entry carries copies of its assignment's office, round, unit and group (as issues and clues
do, set by the services) so that its scope rule is single indexed columns. An entry that became
a finding or a clue keeps a link to it (``issue`` / ``clue``; the reverse names are
``onsite_<kind>s``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.querysets import ScopedQuerySet
from inspections.choices import ReadVia
from inspections.models import APPEND_ONLY, Assignment, AssignmentCopies, Clue, Issue, TimeStamped

from .choices import EntryKind, LetterChannel, LetterStatus, PublicStatus, SpotCheckResult


class Entry(AssignmentCopies, TimeStamped):
    """What every register entry has: its assignment (and copies), who recorded it, and the finding
    or clue it became."""

    kind: str = ""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("巡察对象"), on_delete=models.PROTECT, related_name="onsite_%(class)ss"
    )
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("转为问题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="onsite_%(class)ss",
    )
    clue = models.ForeignKey(
        Clue,
        verbose_name=_("转为线索"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="onsite_%(class)ss",
    )
    # Empty for a public report (码上巡察): nobody signed in recorded it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-id"]

    def conversion_title(self) -> str:
        """The finding's title when this entry becomes one."""
        raise NotImplementedError

    def conversion_text(self) -> str:
        """The text a finding's facts or a clue's summary carries over."""
        raise NotImplementedError

    def conversion_persons(self) -> list[dict]:
        """The persons a clue made of this entry reports."""
        return []


class Talk(Entry):
    """An individual talk (个别谈话); the person's name is shown to the group only."""

    kind = EntryKind.TALK

    person_name = models.CharField(_("谈话对象"), max_length=50)
    person_post = models.CharField(_("职务"), max_length=100, blank=True)
    talked_on = models.DateField(_("谈话日期"))
    talkers = models.CharField(_("谈话人"), max_length=200)
    summary = models.TextField(_("谈话摘要"))
    follow_ups = models.TextField(_("后续事项"), blank=True)

    class Meta(Entry.Meta):
        verbose_name = _("个别谈话")
        verbose_name_plural = _("个别谈话")
        indexes = [models.Index(fields=["group", "-id"]), models.Index(fields=["office", "-id"])]

    def __str__(self) -> str:
        return f"{self.talked_on} {self.person_post}"

    def conversion_title(self) -> str:
        return (self.summary.strip().splitlines() or [""])[0][:100]

    def conversion_text(self) -> str:
        return "\n".join(part for part in (self.summary, self.follow_ups) if part)

    # No persons: the person talked to is a source, not the person a clue reports (and his name
    # stays with the group).


class Letter(Entry):
    """A letter, call or visit from the public (信访件), or a public report (码上巡察): as
    confidential as a clue. Triage: to a finding, to a clue, hand-over (转办) or closed (了结)."""

    kind = EntryKind.LETTER

    channel = models.CharField(_("来源渠道"), max_length=10, choices=LetterChannel.choices)
    received_on = models.DateField(_("受理日期"))
    anonymous = models.BooleanField(_("匿名"), default=False)
    reporter_name = models.CharField(_("反映人"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    subject = models.CharField(_("标题"), max_length=200)
    about_whom = models.CharField(_("被反映人"), max_length=100, blank=True)
    text = models.TextField(_("反映内容"))
    status = models.CharField(_("处置状态"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.RECEIVED)
    handed_to = models.CharField(_("转办单位"), max_length=100, blank=True)
    reply_due = models.DateField(_("办理结果反馈期限"), null=True, blank=True)
    reply_received_on = models.DateField(_("办理结果反馈日期"), null=True, blank=True)
    reply = models.TextField(_("办理结果"), blank=True)
    closed_reason = models.TextField(_("了结理由"), blank=True)
    triaged_at = models.DateTimeField(_("处置时间"), null=True, blank=True, editable=False)
    # A public report's query code (查询码), given to the reporter; empty for the others.
    query_code = models.CharField(_("查询码"), max_length=20, null=True, blank=True, unique=True, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta(Entry.Meta):
        verbose_name = _("信访件")
        verbose_name_plural = _("信访件")
        indexes = [
            models.Index(fields=["group", "status", "-id"], name="letter_group_status"),
            models.Index(fields=["office", "status", "-id"], name="letter_office_status"),
            models.Index(fields=["status", "reply_due"], name="letter_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=LetterStatus.HANDED_OVER) | (~Q(handed_to="") & Q(reply_due__isnull=False)),
                name="handed_over_letter_has_body_and_due",
            ),
            models.CheckConstraint(
                condition=~Q(status=LetterStatus.CLOSED) | ~Q(closed_reason=""), name="closed_letter_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def conversion_title(self) -> str:
        return self.subject

    def conversion_text(self) -> str:
        return self.text

    def conversion_persons(self) -> list[dict]:
        return [{"name": self.about_whom}] if self.about_whom.strip() else []

    @property
    def public_status(self) -> str:
        """What the reporter sees: received (also once it became a finding or a clue, which stay
        confidential), being handled (handed over, no reply yet), handled."""
        if self.status == LetterStatus.CLOSED or (self.status == LetterStatus.HANDED_OVER and self.reply_received_on):
            return PublicStatus.DONE
        if self.status == LetterStatus.HANDED_OVER:
            return PublicStatus.IN_HAND
        return PublicStatus.RECEIVED

    def get_public_status_display(self) -> str:
        return PublicStatus(self.public_status).label


class LetterAttachment(models.Model):
    """An image or PDF attached to a letter (checked by content and size before it is stored)."""

    letter = models.ForeignKey(Letter, verbose_name=_("信访件"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to="onsite/letters/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=60)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("信访件附件")
        verbose_name_plural = _("信访件附件")

    def __str__(self) -> str:
        return self.name


class LetterRead(models.Model):
    """Who read which letter, when and how: letters are as confidential as clues, so every list
    row, detail view and export is logged (append-only, like the clue-read log)."""

    letter = models.ForeignKey(Letter, verbose_name=_("信访件"), on_delete=models.PROTECT, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("读取人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    via = models.CharField(_("方式"), max_length=20, choices=ReadVia.choices)

    class Meta:
        verbose_name = _("信访件查阅记录")
        verbose_name_plural = _("信访件查阅记录")
        ordering = ["-at"]
        triggers = [APPEND_ONLY]
        indexes = [models.Index(fields=["letter", "-at"]), models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.letter_id} · {self.at:%Y-%m-%d %H:%M}"


class DocumentCheck(Entry):
    """Documents called up (调阅资料): what, from whom, when returned."""

    kind = EntryKind.DOCUMENT_CHECK

    title = models.CharField(_("调阅资料"), max_length=200)
    provided_by = models.CharField(_("提供单位（人）"), max_length=100)
    requested_on = models.DateField(_("调阅日期"))
    returned_on = models.DateField(_("归还日期"), null=True, blank=True)
    notes = models.TextField(_("查阅情况"), blank=True)

    class Meta(Entry.Meta):
        verbose_name = _("调阅资料")
        verbose_name_plural = _("调阅资料")
        indexes = [models.Index(fields=["group", "-id"]), models.Index(fields=["office", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=models.F("requested_on")),
                name="document_returned_after_requested",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def conversion_title(self) -> str:
        return self.title

    def conversion_text(self) -> str:
        return self.notes or self.title


class SpotCheck(Entry):
    """A spot check of an official's personal-matters report (个人有关事项抽查)."""

    kind = EntryKind.SPOT_CHECK

    person_name = models.CharField(_("抽查对象"), max_length=50)
    person_post = models.CharField(_("职务"), max_length=100, blank=True)
    checked_on = models.DateField(_("抽查日期"))
    result = models.CharField(_("抽查结果"), max_length=20, choices=SpotCheckResult.choices)
    notes = models.TextField(_("情况说明"), blank=True)

    class Meta(Entry.Meta):
        verbose_name = _("个人有关事项抽查")
        verbose_name_plural = _("个人有关事项抽查")
        indexes = [models.Index(fields=["group", "-id"]), models.Index(fields=["office", "-id"])]

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_result_display()}"

    def conversion_title(self) -> str:
        return _("个人有关事项报告%(result)s：%(post)s") % {
            "result": self.get_result_display(),
            "post": self.person_post,
        }

    def conversion_text(self) -> str:
        return self.notes or str(self)

    def conversion_persons(self) -> list[dict]:
        return [{"name": self.person_name, "post": self.person_post}]


class Visit(Entry):
    """A field visit (下沉走访): where, whom the group met, what it learnt."""

    kind = EntryKind.VISIT

    visited_on = models.DateField(_("走访日期"))
    place = models.CharField(_("走访地点"), max_length=200)
    people_met = models.CharField(_("走访对象"), max_length=200, blank=True)
    summary = models.TextField(_("走访情况"))

    class Meta(Entry.Meta):
        verbose_name = _("下沉走访")
        verbose_name_plural = _("下沉走访")
        indexes = [models.Index(fields=["group", "-id"]), models.Index(fields=["office", "-id"])]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.place}"

    def conversion_title(self) -> str:
        return (self.summary.strip().splitlines() or [self.place])[0][:100]

    def conversion_text(self) -> str:
        return self.summary


class PublicChannel(TimeStamped):
    """The public reporting channel of an on-site assignment (码上巡察): a secret token in the link
    and the QR code of the round's notice; open during the reporting period only."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("巡察对象"), on_delete=models.PROTECT, related_name="public_channel"
    )
    token = models.CharField(_("链接令牌"), max_length=40, unique=True, editable=False)
    opens_on = models.DateField(_("受理开始日期"))
    closes_on = models.DateField(_("受理截止日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("开通人"), on_delete=models.PROTECT, editable=False, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("码上巡察渠道")
        verbose_name_plural = _("码上巡察渠道")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="channel_dates_in_order")
        ]

    def __str__(self) -> str:
        return str(self.assignment)

    def is_open(self, today) -> bool:
        return self.opens_on <= today <= self.closes_on


REGISTERS: dict[str, type[Entry]] = {
    EntryKind.TALK: Talk,
    EntryKind.LETTER: Letter,
    EntryKind.DOCUMENT_CHECK: DocumentCheck,
    EntryKind.SPOT_CHECK: SpotCheck,
    EntryKind.VISIT: Visit,
}
