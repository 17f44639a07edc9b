"""The statistics dashboard (统计): headline figures as cards, charts by round, unit, category,
overdue by unit, open alerts by colour and the trend over time, each figure a link to the
filtered list it counts; and the admins' "recompute now". The figures are read by
dashboard/selectors.py (where they come from is told there); the open alerts by
alerts/selectors.py (the open alerts the user may see: supervisors and leaders no clue alerts,
clue officers only those), whose list (alerts:list) the alert chart links to.

Drill-down links use the list screens' own filter parameters (inspections/filters.py):
``/issues/?round=…&status=closed``, ``/issues/?unit=…&overdue=true``, ``/clues/?status=…``.
An office's figures are those of the office and the offices below it, so every link passes
``office=<id>&office_scope=subtree`` (accounts/filters.py): a drill-down count always equals
the row count of the list it opens (tests/dashboard/test_drilldowns.py walks them all). The
units inspected open the unit list by ``inspected_by`` (units with an assignment in a round of
the subtree), not by the units' own office.

An office's page shows two sets of headline figures, labelled apart (issue 12): "the rounds it
ran" (by inspecting office, Stat scope ``office``: the seed's figures) and "the units in its
area" (by the unit's own office, whoever inspected, Stat scope ``area``), whose links filter the
lists by ``home_office`` (the rounds, findings and clues of units in the area) and the unit list
by ``office`` with ``inspected=true``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.filters import OfficeScope
from accounts.models import Office
from accounts.scopes import has_role, is_office_reader
from alerts.selectors import LEVELS, open_alert_counts, picked_office_and_round, visible_offices
from inspections import deadlines
from inspections.choices import FED_BACK_STATUSES, FOUND_STATUSES, TRANSFERRED_CLUE_STATUSES, IssueStatus
from inspections.models import Round
from inspections.selectors import can_read_clues
from rectification.choices import AlertKind

from . import selectors
from .forms import PeriodForm
from .selectors import Row, completion_rate


def require_reader(user) -> None:
    if not is_office_reader(user):
        raise PermissionDenied(_("只有审核监督人员、领导、线索管理员和系统管理员可以查看统计。"))


def _url(name: str, params, *args) -> str:
    query = urlencode([(key, value) for key, value in params if value not in (None, "")])
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


# --- the scope the page shows -----------------------------------------------------------------


@dataclass
class Scope:
    """The office (with its descendants) or round the dashboard shows, and the period."""

    office: Office
    round: Round | None
    date_from: dt.date | None
    date_to: dt.date | None
    basis: str = selectors.OFFICE_BASIS  # the office's own rounds, or the units in its area (AREA)

    @property
    def period(self) -> bool:
        return bool(self.date_from or self.date_to)

    def _place(self) -> list[tuple[str, object]]:
        if self.round is not None:
            return [("round", self.round.pk)]
        office = "home_office" if self.basis == selectors.AREA else "office"
        return [(office, self.office.pk), ("office_scope", OfficeScope.SUBTREE.value)]

    def issues(self, *params) -> str:
        """The issue list filtered to this scope and period, plus ``params``."""
        period = [("found_on_after", self.date_from), ("found_on_before", self.date_to)]
        return _url("inspections:issue-list", [*self._place(), *period, *params])

    def clues(self, *params) -> str:
        period = [("transfer_date_after", self.date_from), ("transfer_date_before", self.date_to)]
        return _url("inspections:clue-list", [*self._place(), *period, *params])

    def rounds(self) -> str:
        if self.round is not None:
            return reverse("inspections:round-detail", args=[self.round.pk])
        period = [("planned_start_after", self.date_from), ("planned_start_before", self.date_to)]
        return _url("inspections:round-list", [*self._place(), *period])

    def units(self) -> str:
        if self.round is not None:
            return reverse("inspections:round-detail", args=[self.round.pk])
        subtree = ("office_scope", OfficeScope.SUBTREE.value)
        if self.basis == selectors.AREA:
            return _url("rectification:unit-list", [("office", self.office.pk), subtree, ("inspected", "true")])
        return _url("rectification:unit-list", [("inspected_by", self.office.pk), subtree])

    def query(self) -> list[tuple[str, object]]:
        """The dashboard's own query: office, round, period."""
        return [
            ("office", self.office.pk),
            ("round", self.round.pk if self.round else None),
            ("from", self.date_from),
            ("to", self.date_to),
        ]

    def alerts(self, *params) -> str:
        return _url(
            "alerts:list", [("office", self.office.pk), ("round", self.round.pk if self.round else None), *params]
        )


def status_params(statuses) -> list[tuple[str, str]]:
    return [("status", str(status)) for status in statuses]


FOUND = status_params(FOUND_STATUSES)
FED_BACK = status_params(FED_BACK_STATUSES)
CLOSED = status_params([IssueStatus.CLOSED])
OVERDUE = [("overdue", "true")]
TRANSFERRED = status_params(TRANSFERRED_CLUE_STATUSES)
GRANULARITY_LABELS = {"day": gettext_lazy("按日"), "month": gettext_lazy("按月"), "year": gettext_lazy("按年")}


def scope_of(request: HttpRequest) -> tuple[Scope, PeriodForm]:
    """The office, round and period asked for. An office or round the user may not see is a
    404, like an unknown id; no office means the user's top office."""
    user = request.user
    get = request.GET
    office, round_ = picked_office_and_round(user, get.get("office"), get.get("round"))
    form = PeriodForm({"date_from": get.get("from", ""), "date_to": get.get("to", "")})
    date_from = date_to = None
    if form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return Scope(office, round_, date_from, date_to), form


# --- presentation -----------------------------------------------------------------------------


def number(value) -> str:
    """Counts and 万元 amounts with thousands separators; amounts keep their cents only if any."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    return f"{value:,}"


def _rate(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def cards(figures: dict, scope: Scope, clue_links: bool) -> list[dict]:
    """The headline figures, each with the list it counts (for the area: keys ``area_…``)."""
    area = scope.basis == selectors.AREA

    def card(key, label, value, url=None, unit="", note=""):
        return {
            "key": f"area_{key}" if area else key,
            "label": label,
            "value": value,
            "text": number(value),
            "url": url,
            "unit": unit,
            "note": note,
        }

    clue_url = scope.clues(*TRANSFERRED) if clue_links else None
    rate = figures["completion_rate"]
    return [
        card("rounds", _("巡察过辖区单位的轮次") if area else _("巡察轮次"), figures["rounds"], scope.rounds()),
        card(
            "units_inspected",
            _("辖区内被巡察单位数") if area else _("巡察单位数"),
            figures["units_inspected"],
            scope.units(),
        ),
        card("issues", _("发现问题数"), figures["issues"], scope.issues(*FOUND)),
        card("issues_fed_back", _("反馈问题数"), figures["issues_fed_back"], scope.issues(*FED_BACK)),
        card("issues_closed", _("销号问题数"), figures["issues_closed"], scope.issues(*CLOSED)),
        {
            **card("completion_rate", _("整改完成率"), rate, scope.issues(*FED_BACK), unit="%"),
            "text": "—" if rate is None else f"{rate}",
            "note": _("销号 %(closed)s ÷ 反馈 %(fed_back)s")
            % {"closed": number(figures["issues_closed"]), "fed_back": number(figures["issues_fed_back"])},
        },
        card("overdue", _("逾期问题数"), figures["overdue"], scope.issues(*OVERDUE)),
        card("clues_transferred", _("移交线索数"), figures["clues_transferred"], clue_url),
        card("persons_accountable", _("追责问责人数"), figures["persons_accountable"], clue_url),
        card("persons_to_judiciary", _("移送司法人数"), figures["persons_to_judiciary"], clue_url),
        card("loss_recovered_wan", _("挽回和避免经济损失"), figures["loss_recovered_wan"], clue_url, unit=_("万元")),
        card("funds_refunded_wan", _("清退资金"), figures["funds_refunded_wan"], scope.issues(*CLOSED), unit=_("万元")),
    ]


def chart_data(scope: Scope, parts, units, headings, alerts, snapshots) -> dict:
    """What static/js/dashboard.js draws (passed with json_script): names, figures and links."""
    by_part = "group" if scope.round else "round"
    part_rows = sorted((r for r in parts if r.fed_back), key=lambda r: (r.sort, r.pk))
    lowest, highest, overdue = selectors.unit_charts(units)

    def rate_item(row: Row, url: str) -> dict:
        return {
            "name": row.name,
            "short": row.short or row.name,
            "value": _rate(row.rate),
            "closed": row.closed,
            "fed_back": row.fed_back,
            "url": url,
        }

    return {
        "text": {
            "rate": _("整改完成率（%）"),
            "closed": _("已销号"),
            "fed_back": _("反馈问题"),
            "found": _("发现问题"),
            "overdue": _("逾期问题数"),
            "issues": _("问题数"),
            "alerts": _("预警数"),
        },
        "parts": [rate_item(r, scope.issues((by_part, r.pk), *FED_BACK)) for r in part_rows],
        "units_low": [rate_item(r, scope.issues(("unit", r.pk), *FED_BACK)) for r in lowest],
        "units_high": [rate_item(r, scope.issues(("unit", r.pk), *FED_BACK)) for r in highest],
        "overdue": [
            {"name": r.name, "value": r.overdue, "url": scope.issues(("unit", r.pk), *OVERDUE)} for r in overdue
        ],
        "headings": [
            {
                "name": h.row.name,
                "value": h.row.found,
                "url": scope.issues(("category", h.row.pk), *FOUND),
                "children": [
                    {"name": c.name, "value": c.found, "url": scope.issues(("category", c.pk), *FOUND)}
                    for c in h.children
                    if c.found
                ],
            }
            for h in headings
            if h.row.found
        ],
        "alerts": alerts if any(level["value"] for level in alerts) else [],
        "trend": {
            "days": [row.get("label") or row["day"].isoformat() for row in snapshots],
            "rate": [_rate(completion_rate(row["issues_closed"], row["issues_fed_back"])) for row in snapshots],
            "closed": [row["issues_closed"] for row in snapshots],
            "found": [row["issues_found"] for row in snapshots],
            "overdue": [row["overdue"] for row in snapshots],
        },
    }


def alert_levels(counts: dict[tuple[str, str], int], scope: Scope) -> list[dict]:
    """Open alerts by colour, each with its kinds, and links to the alert list."""
    levels = []
    for level in LEVELS:
        kinds = [
            {
                "kind": kind.value,
                "label": str(kind.label),
                "value": counts.get((level.value, kind.value), 0),
                "url": scope.alerts(("level", level.value), ("kind", kind.value)),
            }
            for kind in AlertKind
        ]
        levels.append(
            {
                "level": level.value,
                "label": str(level.label),
                "value": sum(k["value"] for k in kinds),
                "url": scope.alerts(("level", level.value)),
                "kinds": [k for k in kinds if k["value"]],
            }
        )
    return levels


# --- views ------------------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    require_reader(user)
    scope, form = scope_of(request)
    today = deadlines.today()
    figures = selectors.summary(
        user=user,
        office_id=scope.office.pk,
        round_id=scope.round.pk if scope.round else None,
        date_from=scope.date_from,
        date_to=scope.date_to,
        today=today,
    )
    context = {
        "scope": scope,
        "form": form,
        "offices": [(o.pk, o.name) for o in visible_offices(user).only("pk", "name", "path")],
        "rounds": selectors.round_choices(user, scope.office, scope.round),
        "figures": figures,
        "has_data": not figures["live"] or scope.period,
        "can_recompute": has_role(user, Role.ADMIN),
        "can_read_clues": can_read_clues(user),
    }
    if context["has_data"]:
        place = {"office": scope.office, "round": scope.round}
        period = {"date_from": scope.date_from, "date_to": scope.date_to}
        data = selectors.breakdowns(user, **place, **period, day=figures["day"], today=today)
        levels = alert_levels(open_alert_counts(user, **place), scope)
        granularity = request.GET.get("trend")
        if granularity not in selectors.GRANULARITIES:
            granularity = "month"  # the long view first: the state at each month's end
        snapshots = selectors.trend(user, **place, **period, today=today, granularity=granularity)
        context["granularity"] = granularity
        context["granularity_links"] = [
            (value, label, _url("dashboard:home", [*scope.query(), ("trend", value)]))
            for value, label in ((g, GRANULARITY_LABELS[g]) for g in selectors.GRANULARITIES)
        ]
        context["cards"] = cards(figures, scope, context["can_read_clues"])
        if scope.round is None:
            area_figures = selectors.summary(
                user=user,
                office_id=scope.office.pk,
                date_from=scope.date_from,
                date_to=scope.date_to,
                today=today,
                basis=selectors.AREA,
            )
            area = replace(scope, basis=selectors.AREA)
            context["area_cards"] = cards(area_figures, area, context["can_read_clues"])
        context["chart"] = chart_data(scope, data["parts"], data["units"], data["categories"], levels, snapshots)
        context["rate_title"] = _("整改完成率（按巡察组）") if scope.round else _("整改完成率（按轮次）")
        context["parts_shown"], context["parts_total"] = len(data["parts"]), data["parts_total"]
        context["parts_more"] = scope.rounds() if len(data["parts"]) < data["parts_total"] else ""
        context["trend_rows"] = [
            {**row, "rate": completion_rate(row["issues_closed"], row["issues_fed_back"])}
            for row in reversed(snapshots[-31:])
        ]
    return render(request, "dashboard/home.html", context)


@login_required
@require_POST
def recompute(request):
    """An admin queues the full recompute now instead of waiting for the night."""
    if not has_role(request.user, Role.ADMIN):
        raise PermissionDenied(_("只有系统管理员可以立即运行统计任务。"))
    from kombu.exceptions import OperationalError as BrokerError

    from .tasks import recompute_all_stats

    try:
        recompute_all_stats.delay()
    except BrokerError:
        messages.error(request, _("统计任务未能提交，请稍后重试。"))
    else:
        messages.success(request, _("已提交统计任务，稍候刷新本页即可看到结果。"))
    try:
        office = int(request.POST.get("office"))
    except (TypeError, ValueError):
        office = None
    return redirect(_url("dashboard:home", [("office", office)]))
