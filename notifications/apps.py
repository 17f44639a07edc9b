from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The bell (站内提醒): a person's notifications about alerts and about hand-overs of work,
    their screens, the API and the daily email digest. Alert notifications are created by the
    alert check (alerts/rules.py); hand-over notifications by :mod:`notifications.handovers`,
    which listens to the records the services write."""

    name = "notifications"
    verbose_name = _("站内提醒")

    def ready(self) -> None:
        from . import handovers

        handovers.connect()
