from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonsConfig(AppConfig):
    name = "commons"
    verbose_name = _("共性问题与专项治理")

    def ready(self):
        from dashboard.reports import register_figure
        from similarity.clusters import leave_out_grouped

        from .scopes import register_rules
        from .selectors import campaigns_of_rounds, grouped_finding_ids

        register_rules()
        register_figure("campaigns", campaigns_of_rounds)
        leave_out_grouped(grouped_finding_ids)
