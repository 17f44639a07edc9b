from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "onsite"
    verbose_name = _("现场工作台账")

    def ready(self):
        from .scopes import register_rules

        register_rules()
