from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail screen: one time-ordered list over every audit source of every app,
    read through the scope rules (an admin sees his office subtree)."""

    name = "audit"
    verbose_name = _("审计")
