"""A person's notifications (站内提醒): deadline alerts and hand-overs of work (an issue returned,
a report of completion waiting for review …), and the kinds a person has muted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import NotificationKind


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own notifications: nobody reads another person's bell."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def visible_to(self, user):
        """The person's own notifications, less the kinds he muted."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.for_user(user).exclude(kind__in=NotificationMute.objects.filter(user=user).values("kind"))

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice (站内提醒) telling one person about one alert, or about one hand-over of
    work (``kind``, ``event_key``, and the subject: issue, assignment or clue); reruns never
    repeat it (one per person and alert, one per person and event).

    ``emailed_on`` is the day of the email digest that carried it (one digest per person per day).
    The alert check inserts its rows in SQL: ``kind`` and ``event_key`` have database defaults.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    alert = models.ForeignKey(
        "alerts.Alert",
        verbose_name=_("预警"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(
        _("类型"),
        max_length=30,
        choices=NotificationKind.choices,
        default=NotificationKind.ALERT,
        db_default=NotificationKind.ALERT,
    )
    # The hand-over it tells of, e.g. "issueevent:42" (empty for alerts): one notification per person and event.
    event_key = models.CharField(_("事件"), max_length=60, blank=True, default="", db_default="")
    issue = models.ForeignKey(
        "inspections.Issue", verbose_name=_("问题"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assignment = models.ForeignKey(
        "inspections.Assignment",
        verbose_name=_("巡察对象"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    clue = models.ForeignKey(
        "inspections.Clue", verbose_name=_("线索"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField(_("内容"), max_length=500, blank=True, default="", db_default="")
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_on = models.DateField(_("邮件汇总日期"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "rectification_notification"  # the table it had in the rectification app
        verbose_name = _("站内提醒")
        verbose_name_plural = _("站内提醒")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "alert"], name="one_notification_per_user_alert"),
            models.UniqueConstraint(
                fields=["user", "event_key"], condition=~Q(event_key=""), name="one_notification_per_user_event"
            ),
            models.CheckConstraint(
                condition=Q(alert__isnull=False) | ~Q(event_key=""), name="notification_has_alert_or_event"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["user"], condition=Q(emailed_on__isnull=True), name="notification_not_emailed"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.alert or self.get_kind_display()}"


class NotificationMute(models.Model):
    """A kind of notification a person does not want (neither in the bell nor in the digest)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="notification_mutes"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=NotificationKind.choices)

    class Meta:
        verbose_name = _("免打扰类型")
        verbose_name_plural = _("免打扰类型")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_mute_per_user_kind")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
