from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Word documents (文书): office templates (sandboxed, checked on upload) and their downloads."""

    name = "documents"
    verbose_name = _("文书")
