from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The bell (站内提醒): a person's notifications about alerts, their screens and the daily
    email digest. The notifications themselves are created by the alert check (alerts/rules.py)."""

    name = "notifications"
    verbose_name = _("站内提醒")
