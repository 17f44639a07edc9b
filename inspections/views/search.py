"""Search over issues, units, rounds and clues."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.web import never_store

from .. import selectors, services
from ..choices import ReadVia
from ..filters import (
    ClueFilterSet,
    IssueFilterSet,
)


@never_store
@login_required
def search(request):
    """One search box over issues, units, rounds and — for those who may read them — clues."""
    q = (request.GET.get("q") or "").strip()
    context = {"q": q, "issues": [], "clues": [], "units": [], "rounds": []}
    if q:
        issues = selectors.issue_list(user=request.user)
        context["issues"] = list(IssueFilterSet({"q": q}, queryset=issues, request=request).qs[:20])
        context["units"] = list(selectors.lookup_units(user=request.user, q=q))
        context["rounds"] = list(selectors.lookup_rounds(user=request.user, q=q))
        if selectors.can_read_clues(request.user):
            clues = list(
                ClueFilterSet({"q": q}, queryset=selectors.clue_list(user=request.user), request=request).qs[:20]
            )
            services.clue_reads_log(user=request.user, clues=clues, via=ReadVia.UI_LIST)
            context["clues"] = clues
    return render(request, "inspections/search.html", context)
