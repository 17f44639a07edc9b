"""Reads of common issues and campaigns: progress rolled up from the findings, statistics.

Every figure counts only the findings the reader may see (``Issue.objects.visible_to``), so a
figure never reveals a finding outside his scope."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from inspections.choices import IssueStatus
from inspections.models import Issue

from .models import Campaign, CommonIssue, CommonIssueFinding


@dataclass(frozen=True)
class Progress:
    findings: int
    closed: int
    units: int
    adopted: int = 0

    @property
    def closed_share(self) -> float:
        return round(self.closed / self.findings, 4) if self.findings else 0.0

    @property
    def percent(self) -> str:
        return f"{self.closed_share * 100:.1f}%"


def visible_findings(user, common_issue: CommonIssue):
    """The findings of ``common_issue`` ``user`` may see, with unit and status."""
    return (
        Issue.objects.visible_to(user)
        .filter(pk__in=CommonIssueFinding.objects.filter(common_issue=common_issue).values("issue_id"))
        .select_related("unit", "office")
        .order_by("unit__name", "code")
    )


def grouped_finding_ids():
    """Ids of the findings already in a common issue (left out of suggested clusters)."""
    return CommonIssueFinding.objects.values("issue_id")


def _roll_up(issues) -> dict:
    return issues.aggregate(
        findings=Count("pk"),
        closed=Count("pk", filter=Q(status=IssueStatus.CLOSED)),
        units=Count("unit_id", distinct=True),
    )


def common_issue_progress(user, common_issue: CommonIssue) -> Progress:
    figures = _roll_up(visible_findings(user, common_issue).order_by())
    visible = Issue.objects.visible_to(user).values("pk")
    adopted = CommonIssueFinding.objects.filter(
        common_issue=common_issue, measure__isnull=False, issue__in=visible
    ).count()
    return Progress(adopted=adopted, **figures)


def progress_by_common_issue(user, common_issue_ids) -> dict[int, Progress]:
    """Progress of several common issues in one query (the list pages)."""
    rows = (
        CommonIssueFinding.objects.filter(
            common_issue_id__in=list(common_issue_ids), issue__in=Issue.objects.visible_to(user).values("pk")
        )
        .values("common_issue_id")
        .annotate(
            findings=Count("pk"),
            closed=Count("pk", filter=Q(issue__status=IssueStatus.CLOSED)),
            units=Count("issue__unit_id", distinct=True),
            adopted=Count("pk", filter=Q(measure__isnull=False)),
        )
    )
    result = {pk: Progress(0, 0, 0, 0) for pk in common_issue_ids}
    for row in rows:
        pk = row.pop("common_issue_id")
        result[pk] = Progress(**row)
    return result


def common_issue_statistics(user) -> dict:
    """Common issues, units covered, findings covered and the closed share, in the user's scope."""
    commons = CommonIssue.objects.visible_to(user)
    findings = Issue.objects.visible_to(user).filter(
        pk__in=CommonIssueFinding.objects.filter(common_issue__in=commons.values("pk")).values("issue_id")
    )
    figures = _roll_up(findings.order_by())
    progress = Progress(**figures)
    return {
        "common_issues": commons.count(),
        "units_covered": progress.units,
        "findings_covered": progress.findings,
        "findings_closed": progress.closed,
        "closed_share": progress.closed_share,
    }


def campaign_findings(user, campaign: Campaign):
    """The findings a campaign covers (its own and its common issues'), as the user may see them."""
    own = Campaign.issues.through.objects.filter(campaign=campaign).values("issue_id")
    via_commons = CommonIssueFinding.objects.filter(
        common_issue__in=Campaign.common_issues.through.objects.filter(campaign=campaign).values("commonissue_id")
    ).values("issue_id")
    return Issue.objects.visible_to(user).filter(Q(pk__in=own) | Q(pk__in=via_commons))


@dataclass(frozen=True)
class CampaignProgress:
    findings: int
    closed: int
    units: int
    target_units: int
    target_findings: int
    target_amount_wan: Decimal
    recovered_amount_wan: Decimal

    @property
    def closed_share(self) -> float:
        return round(self.closed / self.findings, 4) if self.findings else 0.0

    @property
    def findings_share(self) -> float:
        return round(min(self.closed / self.target_findings, 1), 4) if self.target_findings else 0.0

    @property
    def amount_share(self) -> float:
        if not self.target_amount_wan:
            return 0.0
        return round(min(float(self.recovered_amount_wan / self.target_amount_wan), 1.0), 4)


def campaign_progress(user, campaign: Campaign) -> CampaignProgress:
    figures = _roll_up(campaign_findings(user, campaign).order_by())
    return CampaignProgress(
        target_units=campaign.target_units.count(),
        target_findings=campaign.target_findings,
        target_amount_wan=campaign.target_amount_wan,
        recovered_amount_wan=campaign.recovered_amount_wan,
        **figures,
    )


def progress_by_campaign(user, campaigns) -> dict[int, CampaignProgress]:
    """Progress of several campaigns in a fixed number of queries (the list pages)."""
    ids = [campaign.pk for campaign in campaigns]
    covered: dict[int, set[int]] = {pk: set() for pk in ids}
    for campaign_id, issue_id in Campaign.issues.through.objects.filter(campaign__in=ids).values_list(
        "campaign_id", "issue_id"
    ):
        covered[campaign_id].add(issue_id)
    links = Campaign.common_issues.through.objects.filter(campaign__in=ids).values("commonissue_id")
    via = CommonIssueFinding.objects.filter(common_issue__in=links).values_list("common_issue_id", "issue_id")
    by_common: dict[int, set[int]] = {}
    for common_id, issue_id in via:
        by_common.setdefault(common_id, set()).add(issue_id)
    for campaign_id, common_id in Campaign.common_issues.through.objects.filter(campaign__in=ids).values_list(
        "campaign_id", "commonissue_id"
    ):
        covered[campaign_id] |= by_common.get(common_id, set())
    every = set().union(*covered.values()) if covered else set()
    visible = {
        pk: (status, unit)
        for pk, status, unit in Issue.objects.visible_to(user)
        .filter(pk__in=every)
        .values_list("pk", "status", "unit_id")
    }
    targets = dict(
        Campaign.target_units.through.objects.filter(campaign__in=ids)
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .values_list("campaign_id", "n")
    )
    result = {}
    for campaign in campaigns:
        seen = [visible[pk] for pk in covered[campaign.pk] if pk in visible]
        result[campaign.pk] = CampaignProgress(
            findings=len(seen),
            closed=sum(1 for status, _ in seen if status == IssueStatus.CLOSED),
            units=len({unit for _, unit in seen}),
            target_units=targets.get(campaign.pk, 0),
            target_findings=campaign.target_findings,
            target_amount_wan=campaign.target_amount_wan,
            recovered_amount_wan=campaign.recovered_amount_wan,
        )
    return result


def campaigns_of_rounds(round_ids: list[int]) -> int:
    """The term report's 专项治理 figure: campaign records started from special reports of these rounds
    (the report counts for an office and its period; who may export it is the ledger's rule)."""
    return Campaign.objects.filter(special_reports__round__in=round_ids).distinct().count()
