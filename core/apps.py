from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The project's own plumbing shared by every app: errors, the service decorator, web
    helpers for lists and forms, form widgets and admin base classes. It imports no app."""

    name = "core"
    verbose_name = _("公共")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .signals import protect_records

        # Once per migrate (sent for every app; this sender is the last word on core's tables).
        post_migrate.connect(protect_records, sender=self, dispatch_uid="core.protect_records")
