from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimilarityConfig(AppConfig):
    """Similar findings (相似问题): the term index of the findings' texts, the similar list, the
    duplicate/common hints while a finding is written, and recurrences across rounds (屡查屡犯)."""

    name = "similarity"
    verbose_name = _("相似问题")

    def ready(self):
        from . import signals  # noqa: F401  (queues the indexing of a saved finding on commit)
        from .scopes import register_rules

        register_rules()
