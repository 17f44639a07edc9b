from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "rectification"
    verbose_name = _("整改")

    def ready(self):
        from . import historic, signals
        from .scopes import register_rules

        register_rules()
        historic.register()
        signals.connect()
