"""The alert list (未解除的预警): the open alerts of an office's subtree, or of one round, that the
dashboard's alert chart counts, by severity, filtered with the alert FilterSet (level, kind),
each with a link to its subject when the reader may see it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.scopes import is_office_reader
from core.web import advanced_fields, filter_page, list_template
from notifications.selectors import alert_subjects

from .filters import AlertListFilterSet
from .selectors import by_severity, open_alerts, picked_office_and_round

RELATED = ("issue", "assignment__round", "assignment__unit", "clue", "unit", "office")


@login_required
def alert_list(request):
    """The open alerts behind the alert chart: by level and kind, with links to their subjects."""
    user = request.user
    if not is_office_reader(user):  # clue officers among them see the clue alerts only (scope rule)
        raise PermissionDenied(_("只有审核监督人员、领导、线索管理员和系统管理员可以查看统计。"))
    office, round_ = picked_office_and_round(user, request.GET.get("office"), request.GET.get("round"))
    alerts = by_severity(open_alerts(user, office=office, round=round_).select_related(*RELATED))
    filterset, page = filter_page(request, AlertListFilterSet, alerts)
    _advanced, basic = advanced_fields(filterset.form, ("level", "kind"))
    subjects = alert_subjects(user, list(page.object_list))
    scope = [("office", office.pk)] + ([("round", round_.pk)] if round_ else [])
    context = {
        "office": office,
        "round": round_,
        "scope": scope,
        "filterset": filterset,
        "basic_fields": basic,
        "page": page,
        "rows": [(alert, subjects[alert.pk]) for alert in page.object_list],
        "dashboard_url": f"{reverse('dashboard:home')}?{urlencode(scope)}",
    }
    return render(request, list_template(request, "alerts/list.html", "alerts/_table.html"), context)
