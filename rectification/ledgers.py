"""The rectification ledger (问题清单 + 任务清单 + 责任清单).

Declared here, exported by the ledgers app (which finds this module when Django starts). The
statistics table is declared by the dashboard app (dashboard/ledgers.py)."""

from __future__ import annotations

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.ledgers import DATE, INT, Column, LedgerSpec, choices_map, declare
from inspections.choices import IssueStatus
from inspections.filters import IssueFilterSet
from inspections.ledgers import round_name
from inspections.models import Issue

from .models import Evidence, Measure, Progress, Review

RECTIFICATION_STATUSES = (IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.CLOSED, IssueStatus.LONG_TERM)


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
        .filter(status__in=RECTIFICATION_STATUSES)
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


@declare
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
    return [
        LedgerSpec(
            "rectification",
            rectification_columns,
            rectification_queryset,
            IssueFilterSet,
            description=_(
                "已反馈问题的问题清单、任务清单和责任清单：整改措施、责任领导、责任部门、责任人、最新进展和佐证材料数。"
            ),
            # The issue list showing exactly the ledger's rows.
            list_url="inspections:issue-list",
            list_query="&".join(f"status={status}" for status in RECTIFICATION_STATUSES),
            basic_fields=("q", "status", "round", "unit", "category"),
        ),
    ]
