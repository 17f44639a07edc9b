"""``{% breakdown_section scope user %}``: the dashboard's 分类统计 section (templates/dashboard/
breakdown.html) — a few breakdowns of the office's rounds, with links to the full API answer and
the report downloads. Kept out of dashboard/views.py so the page's view stays as it is."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from dashboard import reports

register = template.Library()

SHOWN = ("unit_kind", "round_kind", "rank", "outcome", "immediate", "action_kind")


@register.inclusion_tag("dashboard/breakdown.html")
def breakdown_section(scope, user):
    office = scope.office
    round_ids = reports.period_rounds(
        office=office, period=reports.Period(date_from=scope.date_from, date_to=scope.date_to), user=user
    )
    if scope.round is not None:
        round_ids = [pk for pk in round_ids if pk == scope.round.pk]
    tables = [
        {"by": by, "title": reports.DIMENSION_LABELS[by], "rows": reports.breakdown(round_ids=round_ids, by=by)}
        for by in SHOWN
    ]
    query = {"office": office.pk}
    if scope.date_from:
        query["from"] = scope.date_from.isoformat()
    if scope.date_to:
        query["to"] = scope.date_to.isoformat()
    docx_query = {"office": office.pk}
    if scope.date_from:
        docx_query["date_from"] = scope.date_from.isoformat()
    if scope.date_to:
        docx_query["date_to"] = scope.date_to.isoformat()
    return {
        "tables": tables,
        "api": f"{reverse('stats-breakdown')}?{urlencode(query)}",
        "docx": f"{reverse('dashboard:report_docx')}?{urlencode(docx_query)}",
    }
