from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Deadline alerts (预警): the rules that raise and resolve them, their job, the alert list
    and API. Raising an alert notifies people (the notifications app's table)."""

    name = "alerts"
    verbose_name = _("预警")

    def ready(self):
        from .scopes import register_rules

        register_rules()
