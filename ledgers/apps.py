from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    """Ledgers (台账): the export log, the Excel writer, the ledger screens, API and export jobs.

    The ledgers are declared by the apps owning their data, each in its own ``ledgers.py`` with
    ``core.ledgers.declare``; importing those modules here registers them."""

    name = "ledgers"
    verbose_name = _("台账")

    def ready(self):
        autodiscover_modules("ledgers")
