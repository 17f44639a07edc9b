from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The project's own plumbing shared by every app: errors, the service decorator, web
    helpers for lists and forms, form widgets and admin base classes. It imports no app."""

    name = "core"
    verbose_name = _("公共")
