from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonsConfig(AppConfig):
    name = "commons"
    verbose_name = _("共性问题与专项治理")

    def ready(self):
        from .scopes import register_rules

        register_rules()
