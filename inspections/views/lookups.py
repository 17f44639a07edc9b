"""Type-ahead endpoints (JSON) for the pickers of forms and filters, each scoped to the user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.web import int_or_none

from .. import selectors
from ..models import Group
from ..recusal import candidate_office_conflicts


def _results(items) -> JsonResponse:
    return JsonResponse({"results": [{"value": str(value), "text": text} for value, text in items]})


@login_required
@require_GET
def lookup_units(request):
    q = (request.GET.get("q") or "").strip()
    units = selectors.lookup_units(user=request.user, q=q, round_id=int_or_none(request.GET.get("round")))
    return _results((u.pk, f"{u.name}（{u.code}）") for u in units)


@login_required
@require_GET
def lookup_rounds(request):
    rounds = selectors.lookup_rounds(user=request.user, q=(request.GET.get("q") or "").strip())
    return _results((r.pk, f"{r.office.name} · {r}") for r in rounds)


@login_required
@require_GET
def lookup_groups(request):
    groups = selectors.lookup_groups(
        user=request.user, q=(request.GET.get("q") or "").strip(), round_id=int_or_none(request.GET.get("round"))
    )
    return _results((g.pk, f"{g.round} · {g}") for g in groups)


@login_required
@require_GET
def lookup_assignments(request):
    assignments = selectors.lookup_assignments(
        user=request.user, q=(request.GET.get("q") or "").strip(), mine=request.GET.get("mine") == "1"
    )
    return _results((a.pk, f"{a.round} · {a.unit} · {a.group}") for a in assignments)


@login_required
@require_GET
def lookup_categories(request):
    categories = selectors.lookup_categories(user=request.user, q=(request.GET.get("q") or "").strip())
    return _results((c.pk, f"{c.parent.name} / {c.name}" if c.parent_id else c.name) for c in categories)


@login_required
@require_GET
def lookup_people(request):
    people = selectors.lookup_group_members(
        user=request.user, q=(request.GET.get("q") or "").strip(), group_id=int_or_none(request.GET.get("group"))
    )
    return _results((p.pk, f"{p.display_name}（{p.username}）") for p in people)


@login_required
@require_GET
def lookup_candidates(request):
    """People a manager may add to a group; those who worked in a unit the group inspects are
    marked (回避) so the warning shows while picking."""
    candidates = selectors.lookup_member_candidates(
        user=request.user, q=(request.GET.get("q") or "").strip(), group_id=int_or_none(request.GET.get("group"))
    )
    # 回避 by office (a cross round's members from a county never inspect that county's units);
    # only for a group the user manages, as above.
    group_id = int_or_none(request.GET.get("group"))
    by_office = {}
    managed = Group.objects.visible_to(request.user).filter(round__office__in=selectors.managed_offices(request.user))
    if candidates and group_id and managed.filter(pk=group_id).exists():
        by_office = candidate_office_conflicts(user_ids=[person.pk for person, _units in candidates], group_id=group_id)
    items = []
    for person, units in candidates:
        text = f"{person.display_name}（{person.username}）"
        talent = getattr(person, "talent", None)
        if talent is not None and talent.employer:
            text += f" · {talent.employer}"
        if units:
            text += " · " + _("回避：曾在%(units)s工作") % {"units": "、".join(unit.name for unit in units)}
        if person.pk in by_office:
            text += " · " + _("回避：属地单位%(units)s") % {"units": "、".join(u.name for u in by_office[person.pk])}
        items.append((person.pk, text))
    return _results(items)
