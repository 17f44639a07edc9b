"""The Word summary of the annual / term report: the report's figures as the context of the
documents app's ``report_summary`` template (an office's own, else the built-in one), and its
download at ``/stats/report.docx?office=…&year=…|term=…`` (same filters as the report ledger)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render as render_page
from django.utils.translation import gettext as _

from accounts.models import Office
from core.web import no_store
from documents.rendering import REPORT, DocumentTemplateError, render
from inspections.choices import UnitKind
from inspections.models import Round

from . import reports
from .report_ledger import ReportFilterSet, period_of
from .views import require_reader

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _number(value) -> str:
    """5938 → "5938"; 3213.00 → "3213"; 52000.50 → "52000.5" (as the seed writes figures)."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return str(value)


def context(*, office: Office, period: reports.Period, round_ids: list[int], subtree: bool = True) -> dict:
    """The report's placeholders (documents/report_template.py) for these rounds."""
    f = reports.figures(round_ids=round_ids)
    by_kind = reports.breakdown(round_ids=round_ids, by="unit_kind")
    loss = Decimal(f["loss_recovered_wan"])
    return {
        "office": office.name,
        "scope": _("含下级机构") if subtree else _("本级"),
        "period": period.describe() if period != reports.Period() else _("历年"),
        "rounds": f["rounds"],
        "units": f["units_inspected"],
        "issues": f["issues_found"],
        "fed_back": f["issues_fed_back"],
        "closed": f["issues_closed"],
        "rate": _number(f["completion_rate"] or Decimal("0")),
        "clues": f["clues_transferred"],
        "county_clues": f["county_level_clues"],
        "surrenders": f["self_surrenders"],
        "accountable": f["persons_accountable"],
        "judiciary": f["persons_to_judiciary"],
        "loss_wan": _number(loss),
        "loss_yi": _number((loss / 10000).quantize(Decimal("0.1"))),
        "refunded": _number(Decimal(f["funds_refunded_wan"])),
        "villages": f["villages_inspected"],
        "village_issues": f["village_issues"],
        "village_clues": f["village_clues"],
        "immediate_found": f["immediate_found"],
        "immediate_done": f["immediate_done"],
        "special_reports": f["special_reports"],
        "campaigns": f["campaigns"],
        "evaluation_rounds": f["evaluation_rounds"],
        "evaluations": f["evaluations"],
        "called_in": f["units_called_in"],
        "leader_attendance": f["leader_attendance"],
        "feedback_meetings": f["feedback_meetings"],
        "corrected": f["outcome_corrected"],
        "outcome_campaigns": f["outcome_campaign"],
        "outcome_accountable": f["outcome_accountable"],
        "rules": f["outcome_rules"],
        "breakdown": [
            {
                "label": str(dict(UnitKind.choices).get(row["key"], row["key"])),
                "units": row["units"],
                "issues": row["issues_found"],
                "clues": row["clues_transferred"],
            }
            for row in by_kind
        ],
    }


def report_summary(*, office: Office, period: reports.Period, round_ids: list[int], subtree: bool = True) -> bytes:
    return render(REPORT, context(office=office, period=period, round_ids=round_ids, subtree=subtree), office=office)


@login_required
def report_docx(request):
    require_reader(request.user)
    filterset = ReportFilterSet(data=request.GET, queryset=Round.objects.visible_to(request.user), request=request)
    if not filterset.is_valid():
        return HttpResponseBadRequest(_("筛选条件有误。"))
    data = filterset.form.cleaned_data
    office = data.get("office") or reports.report_office(request.user, None)
    period = period_of(data)
    round_ids = list(filterset.qs.values_list("pk", flat=True))
    subtree = data.get("subtree") is not False
    title = _("%(office)s巡察工作统计报告") % {"office": office.name}
    try:
        content = report_summary(office=office, period=period, round_ids=round_ids, subtree=subtree)
    except DocumentTemplateError as exc:
        return render_page(request, "documents/error.html", {"message": exc.message}, status=exc.status_code)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '.docx')}"
    return no_store(response)
