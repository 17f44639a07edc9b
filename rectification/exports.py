"""The rectification ledger (问题清单 + 任务清单 + 责任清单) and the statistics table."""

from __future__ import annotations

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dashboard.filters import StatFilterSet
from dashboard.models import Stat
from inspections.choices import IssueStatus, Ledger
from inspections.exports import DATE, INT, MONEY, Column, LedgerSpec, choices_map
from inspections.filters import IssueFilterSet
from inspections.ledgers import round_name
from inspections.models import Issue

from .choices import StatScope
from .models import Evidence, Measure, Progress, Review


def rectification_queryset(user):
    """One row per fed-back issue with its measures, people, latest progress and evidence count."""
    measures = Measure.objects.filter(issue=OuterRef("pk")).order_by().values("issue")
    latest = Progress.objects.filter(issue=OuterRef("pk")).order_by("-date", "-id")
    evidence = (
        Evidence.objects.filter(progress__issue=OuterRef("pk"))
        .order_by()
        .values("progress__issue")
        .annotate(n=Count("pk"))
        .values("n")
    )
    closing = Review.objects.filter(issue=OuterRef("pk"), decision="close").order_by("-created_at")
    return (
        Issue.objects.visible_to(user)
        .filter(
            status__in=[IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.CLOSED, IssueStatus.LONG_TERM]
        )
        .annotate(
            round_name=round_name(),
            measure_text=Subquery(measures.annotate(t=StringAgg("content", "；")).values("t")),
            leaders=Subquery(measures.annotate(t=StringAgg("responsible_leader", "、", distinct=True)).values("t")),
            persons=Subquery(measures.annotate(t=StringAgg("responsible_person", "、", distinct=True)).values("t")),
            departments=Subquery(
                measures.annotate(t=StringAgg("responsible_department", "、", distinct=True)).values("t")
            ),
            latest_progress=Subquery(latest.values("text")[:1]),
            latest_progress_on=Subquery(latest.values("date")[:1]),
            evidence_count=Coalesce(Subquery(evidence), Value(0)),
            close_comment=Subquery(closing.values("comment")[:1]),
        )
    )


def stats_queryset(user):
    """Today's (latest) statistics rows of offices and rounds in the user's scope."""
    latest = Stat.objects.order_by("-day").values("day")[:1]
    return (
        Stat.objects.visible_to(user)
        .filter(scope__in=[StatScope.OFFICE, StatScope.ROUND], day=Subquery(latest))
        .annotate(office_name=F("office__name"))
    )


def rectification_ledgers() -> list[LedgerSpec]:
    rectification_columns = [
        Column(_("问题编号"), "code", width=20),
        Column(_("轮次"), "round_name", width=18),
        Column(_("被巡察单位"), "unit__name", width=24),
        Column(_("问题类别"), "category__name", width=16),
        Column(_("问题清单"), "title", width=40),
        Column(_("任务清单（整改措施）"), "measure_text", width=50),
        Column(_("责任领导"), "leaders", width=14),
        Column(_("责任部门"), "departments", width=16),
        Column(_("责任人"), "persons", width=14),
        Column(_("整改期限"), "deadline", DATE, width=12),
        Column(_("最新进展"), "latest_progress", width=40),
        Column(_("进展日期"), "latest_progress_on", DATE, width=12),
        Column(_("佐证材料数"), "evidence_count", INT, width=10, total=True),
        Column(_("状态"), "status", choices=choices_map(IssueStatus.choices), width=10),
        Column(_("销号时间"), "closed_at", DATE, width=12),
        Column(_("销号意见"), "close_comment", width=30),
    ]
    stats_columns = [
        Column(_("统计口径"), "scope", choices=choices_map(StatScope.choices), width=10),
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
            Ledger.RECTIFICATION,
            str(Ledger.RECTIFICATION.label),
            rectification_columns,
            rectification_queryset,
            IssueFilterSet,
        ),
        LedgerSpec(
            Ledger.STATS,
            str(Ledger.STATS.label),
            stats_columns,
            stats_queryset,
            StatFilterSet,
            order_by=("scope", "office__path", "scope_id"),
        ),
    ]
