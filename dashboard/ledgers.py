"""The statistics table (统计表): the latest figures of every office (the rounds it ran, and the
units in its area: two rows, told apart by the scope column) and round in the reader's scope.
Declared here, exported by the ledgers app (which finds this module when Django starts)."""

from __future__ import annotations

from django.db.models import F, Subquery
from django.utils.translation import gettext as _

from core.ledgers import DATE, INT, MONEY, Column, LedgerSpec, choices_map, declare
from rectification.choices import StatScope

from .filters import StatFilterSet
from .models import Stat


def stats_queryset(user):
    """Today's (latest) statistics rows of offices (both bases) and rounds in the user's scope."""
    latest = Stat.objects.order_by("-day").values("day")[:1]
    return (
        Stat.objects.visible_to(user)
        .filter(scope__in=[StatScope.OFFICE, StatScope.AREA, StatScope.ROUND], day=Subquery(latest))
        .annotate(office_name=F("office__name"))
    )


@declare
def stats_ledgers() -> list[LedgerSpec]:
    stats_columns = [
        Column(_("统计口径"), "scope", choices=choices_map(StatScope.choices), width=22),
        Column(_("巡察机构"), "office_name", width=18),
        Column(_("对象编号"), "scope_id", INT, width=10),
        Column(_("统计日期"), "day", DATE, width=12),
        Column(_("巡察轮次"), "rounds", INT, width=10),
        Column(_("巡察单位数"), "units_inspected", INT, width=10),
        Column(_("发现问题数"), "issues_found", INT, width=10),
        Column(_("反馈问题数"), "issues_fed_back", INT, width=10),
        Column(_("销号问题数"), "issues_closed", INT, width=10),
        Column(_("逾期问题数"), "overdue", INT, width=10),
        Column(_("移交线索数"), "clues_transferred", INT, width=10),
        Column(_("追责问责人数"), "persons_accountable", INT, width=10),
        Column(_("移送司法人数"), "persons_to_judiciary", INT, width=10),
        Column(_("挽回和避免经济损失（万元）"), "loss_recovered_wan", MONEY, width=14),
        Column(_("清退资金（万元）"), "funds_refunded_wan", MONEY, width=14),
    ]
    return [
        LedgerSpec(
            "stats",
            stats_columns,
            stats_queryset,
            StatFilterSet,
            description=_("各巡察机构和轮次的最新统计：巡察单位数、发现、反馈、销号和逾期问题数、移交线索和挽回损失。"),
            list_url="dashboard:home",
            basic_fields=("office", "scope", "day_after", "day_before"),
            order_by=("scope", "office__path", "scope_id"),
        ),
    ]


from .report_ledger import report_ledgers  # noqa: E402, F401 - the report ledger declares itself
