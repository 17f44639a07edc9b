"""Screens of common issues (共性问题) and campaigns (专项治理); every read is scoped."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scopes import is_manager, is_unit_liaison
from core.web import (
    advanced_fields,
    call_service,
    filter_page,
    int_or_none,
    list_template,
    no_store,
    run_action,
    visible_or_404,
)
from documents.rendering import DocumentTemplateError
from inspections.choices import FOUND_STATUSES, IssueStatus
from inspections.filters import IssueFilterSet
from inspections.models import Issue, Round, SpecialReport
from similarity.clusters import MIN_UNITS, attach_issues, suggest_clusters

from . import selectors, services
from .documents import common_issue_notice
from .filters import CampaignFilterSet, CommonIssueFilterSet
from .forms import AdoptForm, CampaignForm, CampaignUpdateForm, CommonIssueForm, FindingsForm, SuggestionForm
from .models import Campaign, CommonIssue, CommonIssueFinding

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CANDIDATES = 300  # findings offered at once on the create and add pages (narrow with the filters)


def _candidates(request, exclude=()):
    """Findings the user may group: the issue list's filters (a selection ``issues=…`` or a round)
    over his visible, found findings."""
    queryset = Issue.objects.visible_to(request.user).filter(status__in=FOUND_STATUSES).exclude(pk__in=exclude)
    params = request.GET.copy()
    selected = [int(pk) for pk in params.getlist("issues") if pk.isdigit()]
    params.pop("issues", None)
    params.pop("title", None)  # the title proposed for the common issue (from a suggested cluster)
    filterset = IssueFilterSet(params or None, queryset=queryset, request=request)
    candidates = filterset.qs if filterset.is_valid() else queryset.none()
    chosen = list(queryset.filter(pk__in=selected).values_list("pk", flat=True)[:CANDIDATES]) if selected else []
    others = candidates.exclude(pk__in=chosen) if params or not selected else queryset.none()
    # The selection first (a suggested cluster of a large round), then the filtered findings.
    ids = chosen + list(others.order_by("unit_id", "-id").values_list("pk", flat=True)[: CANDIDATES - len(chosen)])
    return Issue.objects.filter(pk__in=ids).select_related("unit").order_by("unit__name", "code"), selected


@login_required
def common_issue_list(request):
    filterset, page = filter_page(
        request, CommonIssueFilterSet, CommonIssue.objects.visible_to(request.user).select_related("office")
    )
    progress = selectors.progress_by_common_issue(request.user, [row.pk for row in page.object_list])
    for row in page.object_list:
        row.progress = progress[row.pk]
    advanced, basic = advanced_fields(filterset.form, ("q", "round"))
    context = {
        "filterset": filterset,
        "page": page,
        "basic_fields": basic,
        "advanced_fields": advanced,
        "can_create": is_manager(request.user),
        "statistics": selectors.common_issue_statistics(request.user),
    }
    return render(
        request, list_template(request, "commons/common_issue_list.html", "commons/common_issue_table.html"), context
    )


@login_required
def common_issue_create(request):
    candidates, selected = _candidates(request)
    initial = {"issues": selected, "title": request.GET.get("title", "")[:200]}
    form = CommonIssueForm(
        request.POST or None,
        initial=initial,
        candidates=Issue.objects.visible_to(request.user) if request.method == "POST" else candidates,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        round_id = int_or_none(request.GET.get("round"))
        source = Round.objects.visible_to(request.user).filter(pk=round_id).first() if round_id else None
        common, status = call_service(request, form, services.common_issue_create, round=source, **form.cleaned_data)
        if common is not None:
            messages.success(request, _("已归并共性问题。"))
            return redirect("commons:common-issue-detail", pk=common.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "commons/common_issue_form.html", {"form": form, "count": len(candidates)}, status=status)


def _findings(request, common):
    measure = CommonIssueFinding.objects.filter(common_issue=common, issue=OuterRef("pk")).values("measure_id")
    return list(selectors.visible_findings(request.user, common).annotate(adopted_measure_id=Subquery(measure[:1])))


SHOWN_CLUSTERS = 30  # suggested clusters shown at once, biggest first (a page of ~1 MB at most)


@login_required
def common_issue_suggestions(request):
    """建议归并: suggested clusters of a round's or a period's findings, for a supervisor to confirm
    each on the create page (nothing is merged here). The computation is loaded by htmx."""
    if not is_manager(request.user):
        raise PermissionDenied(_("只有巡察机构的审核人员或管理员可以归并共性问题。"))
    form = SuggestionForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid() and "round" in form.errors:
        raise Http404  # a round the user may not see answers like an unknown one
    context = {"form": form, "round": form.cleaned_data.get("round") if form.is_bound else None, "found": None}
    if request.GET.get("part") != "results":
        return render(request, "commons/suggestions.html", context)
    if not (form.is_valid() and form.chosen):
        return render(request, "commons/_suggestions.html", context)
    data = form.cleaned_data
    try:
        found = suggest_clusters(
            request.user,
            round=data["round"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            office=data["office"],
            min_units=data["min_units"] or MIN_UNITS,
        )
    except ValidationError as exc:
        context["refused"] = " ".join(exc.messages)
        return render(request, "commons/_suggestions.html", context)
    shown = found.clusters[:SHOWN_CLUSTERS]
    attach_issues(request.user, shown)
    context.update(found=found, clusters=shown, min_units=data["min_units"] or MIN_UNITS)
    return render(request, "commons/_suggestions.html", context)


@login_required
def common_issue_detail(request, pk: int):
    common = visible_or_404(CommonIssue, request, pk, "office", "round", "created_by")
    findings = _findings(request, common)
    user = request.user
    for finding in findings:
        finding.can_adopt = (
            finding.adopted_measure_id is None
            and finding.status in (IssueStatus.RECTIFYING, IssueStatus.LONG_TERM)
            and is_unit_liaison(user, finding.unit_id)
        )
    manager = is_manager(user, common.office_id)
    context = {
        "common": common,
        "findings": findings,
        "progress": selectors.common_issue_progress(user, common),
        "can_manage": manager,
        "adopt_form": AdoptForm(initial={"deadline": common.measure_deadline})
        if any(f.can_adopt for f in findings)
        else None,
        "campaigns": Campaign.objects.visible_to(user).filter(common_issues=common),
    }
    return render(request, "commons/common_issue_detail.html", context)


@login_required
def common_issue_add(request, pk: int):
    common = visible_or_404(CommonIssue, request, pk, "office")
    present = CommonIssueFinding.objects.filter(common_issue=common).values("issue_id")
    candidates, selected = _candidates(request, exclude=present)
    form = FindingsForm(
        request.POST or None,
        initial={"issues": selected},
        candidates=Issue.objects.visible_to(request.user) if request.method == "POST" else candidates,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = call_service(
            request, form, services.common_issue_add_findings, common_issue=common, **form.cleaned_data
        )
        if done is not None:
            messages.success(request, _("已增加问题。"))
            return redirect("commons:common-issue-detail", pk=common.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "commons/common_issue_add.html",
        {"form": form, "common": common, "count": len(candidates)},
        status=status,
    )


@login_required
@require_POST
def common_issue_remove(request, pk: int, issue: int):
    common = visible_or_404(CommonIssue, request, pk)
    finding = visible_or_404(Issue, request, issue)
    run_action(request, services.common_issue_remove_finding, _("已移出问题。"), common_issue=common, issue=finding)
    return redirect("commons:common-issue-detail", pk=common.pk)


@login_required
@require_POST
def common_issue_adopt(request, pk: int, issue: int):
    common = visible_or_404(CommonIssue, request, pk)
    finding = visible_or_404(Issue, request, issue)
    form = AdoptForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            services.common_measure_adopt,
            _("已采纳共性整改措施。"),
            common_issue=common,
            issue=finding,
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("请填写责任领导和责任人。"))
    return redirect("commons:common-issue-detail", pk=common.pk)


@login_required
def common_issue_notice_download(request, pk: int):
    common = visible_or_404(CommonIssue, request, pk, "office")
    try:
        content = common_issue_notice(request.user, common)
    except DocumentTemplateError as exc:
        return render(request, "documents/error.html", {"message": exc.message}, status=exc.status_code)
    response = HttpResponse(content, content_type=DOCX)
    filename = quote(_("共性问题集中通报") + f"_{common.title}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return no_store(response)


# --- campaigns -----------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    filterset, page = filter_page(
        request, CampaignFilterSet, Campaign.objects.visible_to(request.user).select_related("office")
    )
    progress = selectors.progress_by_campaign(request.user, list(page.object_list))
    for row in page.object_list:
        row.progress = progress[row.pk]
    advanced, basic = advanced_fields(filterset.form, ("q", "status"))
    context = {
        "filterset": filterset,
        "page": page,
        "basic_fields": basic,
        "advanced_fields": advanced,
        "can_create": is_manager(request.user),
    }
    return render(request, list_template(request, "commons/campaign_list.html", "commons/campaign_table.html"), context)


@login_required
def campaign_create(request):
    initial = {}
    if request.GET.get("special_report", "").isdigit():
        initial["special_reports"] = [int(request.GET["special_report"])]
    form = CampaignForm(request.POST or None, initial=initial, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        campaign, status = call_service(request, form, services.campaign_create, **form.cleaned_data)
        if campaign is not None:
            messages.success(request, _("已启动专项治理。"))
            return redirect("commons:campaign-detail", pk=campaign.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "commons/campaign_form.html", {"form": form}, status=status)


@login_required
def campaign_detail(request, pk: int):
    campaign = visible_or_404(Campaign, request, pk, "office", "created_by")
    user = request.user
    form = CampaignUpdateForm(
        request.POST or None,
        initial={
            "status": campaign.status,
            "ended_on": campaign.ended_on,
            "recovered_amount_wan": campaign.recovered_amount_wan,
            "results": campaign.results,
        },
    )
    manager = is_manager(user, campaign.office_id)
    status = 200
    if request.method == "POST" and manager and form.is_valid():
        done, status = call_service(request, form, services.campaign_update, campaign=campaign, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("已更新专项治理进展。"))
            return redirect("commons:campaign-detail", pk=campaign.pk)
    elif request.method == "POST":
        status = 400 if manager else 403
    context = {
        "campaign": campaign,
        "progress": selectors.campaign_progress(user, campaign),
        "reports": SpecialReport.objects.visible_to(user)
        .filter(pk__in=campaign.special_reports.values("pk"))
        .select_related("round"),
        "units": campaign.target_units.all().order_by("name"),
        "common_issues": CommonIssue.objects.visible_to(user).filter(campaigns=campaign),
        "findings": selectors.campaign_findings(user, campaign)
        .select_related("unit")
        .order_by("unit__name", "code")[:200],
        "form": form if manager else None,
    }
    return render(request, "commons/campaign_detail.html", context, status=status)
