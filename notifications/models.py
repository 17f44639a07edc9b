"""A person's notifications (站内提醒) about alerts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own notifications: nobody reads another person's bell."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice (站内提醒) telling one person about one alert; reruns never repeat it.

    ``emailed_on`` is the day of the email digest that carried it (one digest per person per day).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    alert = models.ForeignKey(
        "alerts.Alert", verbose_name=_("预警"), on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_on = models.DateField(_("邮件汇总日期"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "rectification_notification"  # the table it had in the rectification app
        verbose_name = _("站内提醒")
        verbose_name_plural = _("站内提醒")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "alert"], name="one_notification_per_user_alert")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["user"], condition=Q(emailed_on__isnull=True), name="notification_not_emailed"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.alert}"
