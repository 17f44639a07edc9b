"""Pieces of pages, loaded by htmx into the pages of other apps (which do not import this one):
the similar panel of a finding, the duplicate/common hint of the issue form, and a unit's
recurrences. Every read is scoped; nothing outside the reader's scope is ever listed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.web import int_or_none, visible_or_404
from inspections.models import Assignment, Issue, Unit

from . import selectors

HINT_MIN_CHARS = 4  # fewer characters than this say too little to compare


@login_required
@require_GET
def issue_similar(request, pk: int):
    issue = visible_or_404(Issue, request, pk, "unit")
    rows = selectors.similar_issues(request.user, issue, 8)
    return render(request, "similarity/_similar_panel.html", {"issue": issue, "rows": rows})


@login_required
@require_GET
def hint(request):
    """While a finding is written: similar findings of the same unit (可能重复) and of others (可能共性)."""
    title = request.GET.get("title", "")[:300]
    facts = request.GET.get("facts", "")[:2000]
    text = f"{title} {facts}".strip()
    rows = []
    if len(text) >= HINT_MIN_CHARS:
        assignment_id = int_or_none(request.GET.get("assignment", ""))
        unit_id = None
        if assignment_id:
            unit_id = (
                Assignment.objects.visible_to(request.user)
                .filter(pk=assignment_id)
                .values_list("unit_id", flat=True)
                .first()
            )
        exclude = int_or_none(request.GET.get("issue", ""))
        rows = [r for r in selectors.similar_issues(request.user, text, 6, unit_id=unit_id) if r.issue.pk != exclude][
            :5
        ]
    return render(request, "similarity/_hint.html", {"rows": rows})


@login_required
@require_GET
def unit_recurrences(request, pk: int):
    unit = visible_or_404(Unit, request, pk)
    rows = selectors.unit_recurrences(user=request.user, unit=unit)
    return render(request, "similarity/_unit_recurrences.html", {"unit": unit, "rows": rows})
