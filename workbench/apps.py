from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    """The first screen of each role (工作台) and the site's navigation: the one app allowed to
    import every other, because it links them all."""

    name = "workbench"
    verbose_name = _("工作台")
