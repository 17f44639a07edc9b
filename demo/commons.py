"""Demo common issues (共性问题) and campaigns (专项治理), on top of the demo city (demo.city).

Common issues: the problems found in the most units, one finding per unit, grouped by the city
office's supervisor through the services (as a supervisor would, never automatically). Campaigns:
the seed's “巡察专报15期，推动专项治理6个” as data, one campaign for each of the six campaigns the
special reports name, started from those reports, covering the closed findings whose close-out
review names the campaign and the common issues of their theme. Nothing here changes an issue,
so the seed's figures stay as they are. Idempotent: skipped once a common issue exists.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from commons import services
from commons.models import CommonIssue
from inspections.choices import FOUND_STATUSES, IssueStatus
from inspections.models import Issue, SpecialReport, Unit
from rectification.models import Review

COMMON_ISSUES = 4  # problems found in the most units
UNITS_PER_COMMON_ISSUE = 12  # the seed: 共性问题集中通报 — the same problem in many units


def seed_commons(*, accounts: dict) -> dict[str, int]:
    supervisor = accounts["supervisor"]
    if CommonIssue.objects.exists():
        return {}
    by_title: dict[str, dict[int, Issue]] = defaultdict(dict)
    order = {IssueStatus.RECTIFYING: 0, IssueStatus.LONG_TERM: 1, IssueStatus.PENDING_REVIEW: 2}
    issues = Issue.objects.filter(status__in=FOUND_STATUSES).only("pk", "title", "unit_id", "status", "round_id")
    for issue in sorted(issues, key=lambda i: (order.get(i.status, 3), -i.pk)):
        by_title[issue.title].setdefault(issue.unit_id, issue)
    titles = sorted(by_title, key=lambda t: (-len(by_title[t]), t))[:COMMON_ISSUES]
    commons = []
    for title in titles:
        findings = list(by_title[title].values())[:UNITS_PER_COMMON_ISSUE]
        commons.append(
            services.common_issue_create(
                actor=supervisor,
                title=title,
                description=f"巡察发现{len(findings)}个单位存在“{title}”问题，属于共性问题，需从制度和机制上整改。",
                measure_content=(
                    f"对照有关规定全面自查“{title}”问题，建立健全相关制度，明确责任领导、责任人和完成时限，"
                    "举一反三，防止反弹回潮。"
                ),
                measure_deadline=dt.date.today() + dt.timedelta(days=90),
                issues=findings,
            )
        )

    common_units = {common.pk: set(common.issues.values_list("unit_id", flat=True)) for common in commons}
    reports_by_campaign: dict[str, list[SpecialReport]] = defaultdict(list)
    for report in SpecialReport.objects.exclude(campaigns="").order_by("number"):
        reports_by_campaign[report.campaigns].append(report)
    campaigns = 0
    for name, reports in reports_by_campaign.items():
        reviews = Review.objects.filter(special_campaign=name)
        findings = list(Issue.objects.filter(pk__in=reviews.values("issue_id")).order_by("pk")[:200])
        units = {issue.unit_id for issue in findings}
        recovered = reviews.aggregate(total=Sum("funds_refunded_wan"))["total"] or Decimal("0")
        # the common issues whose units the campaign reaches most
        related = [common for common in commons if len(common_units[common.pk] & units) >= 2]
        campaign = services.campaign_create(
            actor=supervisor,
            title=name,
            special_reports=reports,
            started_on=min(report.created_at for report in reports).date(),
            goal=f"针对专报反映的问题，在全市开展{name}，推动问题整改到位、制度完善。",
            target_units=list(Unit.objects.filter(pk__in=units)),
            target_findings=len(findings),
            target_amount_wan=(recovered * Decimal("1.2")).quantize(Decimal("0.01")),
            issues=findings,
            common_issues=related,
        )
        services.campaign_update(
            actor=supervisor,
            campaign=campaign,
            recovered_amount_wan=recovered,
            results=f"已整改问题{len(findings)}个，收回/退还资金{recovered}万元，建立健全制度若干项。",
        )
        campaigns += 1
    return {"commons.CommonIssue": len(commons), "commons.Campaign": campaigns}
