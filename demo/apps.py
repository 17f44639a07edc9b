from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and benchmark data (``manage.py seed_demo``). It may see every app and no app imports it."""

    name = "demo"
    verbose_name = _("演示数据")
