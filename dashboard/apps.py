from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Statistics (统计): the precomputed figures, their recompute jobs, the dashboard screen and
    the stats API."""

    name = "dashboard"
    verbose_name = _("统计")

    def ready(self):
        from . import signals  # noqa: F401  (connects the on-commit recompute hooks)
        from .scopes import register_rules

        register_rules()
