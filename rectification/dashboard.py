"""The statistics dashboard (统计): headline figures as cards, charts by round, unit, category,
overdue by unit, open alerts by colour and the trend over time, each figure a link to the
filtered list it counts; the list of open alerts behind the alert chart; and the admins'
"recompute now".

Where the figures come from:

- Headline cards: :func:`rectification.stats.summary`, the function behind
  ``GET /api/v1/stats/summary/`` — the scope's latest Stat row, or computed live for a period.
- Breakdowns without a period: the same day's Stat rows (round, group and assignment scopes;
  assignments added up per unit by SQL) and the (round, category) parts, all limited to the
  office's subtree (and the round, when one is picked). Category rows of the Stat table span
  every office, so the parts are added up here instead.
- Breakdowns for a period: one ``GROUP BY GROUPING SETS`` over the issues found in it, by the
  same rules as the live summary (issues by the date found, overdue as of today).
- Trend: the office's (or round's) daily Stat snapshots.
- Alerts: the open alerts the user may see (supervisors and leaders no clue alerts, clue
  officers only those), by level and kind.

Drill-down links use the list screens' own filter parameters (inspections/filters.py):
``/issues/?round=…&status=closed``, ``/issues/?unit=…&overdue=true``, ``/clues/?status=…``.
The issue list's ``office`` filter is the issue's own office, not its subtree, so the user's
top office (whose subtree is everything he sees) is left out of the links; a lower office is
passed as ``office=`` and matches exactly as long as it has no offices below it (counties).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Count, Q, Value, When
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.models import Office
from accounts.scopes import has_role
from core.web import list_template
from inspections import deadlines
from inspections.choices import FED_BACK_STATUSES, FOUND_STATUSES, TRANSFERRED_CLUE_STATUSES, IssueStatus
from inspections.models import Group, IssueCategory, Round, Unit
from inspections.selectors import can_read_clues

from . import stats
from .choices import AlertKind, AlertLevel, StatScope
from .models import Alert, Stat

READERS = (Role.SUPERVISOR, Role.ADMIN, Role.LEADER, Role.CLUE_OFFICER)
TOP_UNITS = 10  # units shown with the highest and the lowest completion rate
WORST_OVERDUE = 15  # units shown with the most overdue issues
TREND_DAYS = 365  # the trend without a period: the last year of daily snapshots
LEVELS = (AlertLevel.RED, AlertLevel.YELLOW, AlertLevel.GREEN)


def require_reader(user) -> None:
    if not has_role(user, *READERS):
        raise PermissionDenied(_("只有审核监督人员、领导、线索管理员和系统管理员可以查看统计。"))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _url(name: str, params, *args) -> str:
    query = urlencode([(key, value) for key, value in params if value not in (None, "")])
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


# --- the scope the page shows -----------------------------------------------------------------


class PeriodForm(forms.Form):
    """The optional period (起止日期); office and round are checked by :func:`scope_of`."""

    date_from = forms.DateField(required=False, label=gettext_lazy("起始日期"))
    date_to = forms.DateField(required=False, label=gettext_lazy("截止日期"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data


@dataclass
class Scope:
    """The office (with its descendants) or round the dashboard shows, and the period."""

    office: Office
    round: Round | None
    date_from: dt.date | None
    date_to: dt.date | None
    top: bool  # the office's subtree holds everything the user sees: list links need no office

    @property
    def period(self) -> bool:
        return bool(self.date_from or self.date_to)

    def query(self, **extra) -> list[tuple[str, object]]:
        """The dashboard's own query string for this scope."""
        params = [("office", self.office.pk), ("round", self.round.pk if self.round else None)]
        params += [("from", self.date_from), ("to", self.date_to)]
        return params + list(extra.items())

    def _place(self) -> list[tuple[str, object]]:
        if self.round is not None:
            return [("round", self.round.pk)]
        return [] if self.top else [("office", self.office.pk)]

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
        return _url("rectification:unit-list", [] if self.top else [("office", self.office.pk)])

    def alerts(self, *params) -> str:
        return _url(
            "stats:alerts", [("office", self.office.pk), ("round", self.round.pk if self.round else None), *params]
        )


def status_params(statuses) -> list[tuple[str, str]]:
    return [("status", str(status)) for status in statuses]


FOUND = status_params(FOUND_STATUSES)
FED_BACK = status_params(FED_BACK_STATUSES)
CLOSED = status_params([IssueStatus.CLOSED])
OVERDUE = [("overdue", "true")]
TRANSFERRED = status_params(TRANSFERRED_CLUE_STATUSES)


def visible_offices(user):
    return Office.objects.visible_to(user).order_by("path")


def scope_of(request: HttpRequest, *, period: bool = True) -> tuple[Scope, PeriodForm]:
    """The office, round and period asked for. An office or round the user may not see is a
    404, like an unknown id; no office means the user's top office."""
    user = request.user
    get = request.GET
    offices = visible_offices(user)
    office_id, round_id = _int(get.get("office")), _int(get.get("round"))
    if (get.get("office") and office_id is None) or (get.get("round") and round_id is None):
        raise Http404
    office = offices.filter(pk=office_id).first() if office_id else offices.first()
    if office is None:
        raise Http404
    round_ = None
    if round_id:
        round_ = (
            Round.objects.visible_to(user)
            .filter(pk=round_id, office__path__startswith=office.path)
            .select_related("office")
            .first()
        )
        if round_ is None:
            raise Http404
    form = PeriodForm({"date_from": get.get("from", ""), "date_to": get.get("to", "")})
    date_from = date_to = None
    if period and form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    top = not offices.exclude(path__startswith=office.path).exists()
    return Scope(office, round_, date_from, date_to, top), form


# --- breakdowns -------------------------------------------------------------------------------


@dataclass
class Row:
    """The figures of one round, group, unit or category."""

    pk: int
    found: int = 0
    fed_back: int = 0
    closed: int = 0
    overdue: int = 0
    name: str = ""
    short: str = ""  # the label on a chart's axis
    sort: tuple = ()

    @property
    def rate(self) -> Decimal | None:
        return stats.completion_rate(self.closed, self.fed_back)


SUBTREE = "(SELECT o.id FROM accounts_office o WHERE o.path LIKE %(path)s)"

UNITS_FROM_STATS = """
SELECT a.unit_id, sum(s.issues_found), sum(s.issues_fed_back), sum(s.issues_closed), sum(s.overdue)
FROM rectification_stat s
JOIN inspections_assignment a ON a.id = s.scope_id
WHERE s.scope = 'assignment' AND s.day = %(day)s AND s.office_id IN {subtree} {round_filter}
GROUP BY a.unit_id
"""

CATEGORIES_FROM_PARTS = """
SELECT p.category_id, sum(p.issues_found), sum(p.issues_fed_back), sum(p.issues_closed), sum(p.overdue)
FROM rectification_statpart p
JOIN inspections_round r ON r.id = p.round_id
WHERE r.office_id IN {subtree} {round_filter}
GROUP BY p.category_id
"""

LIVE = """
SELECT
    CASE WHEN GROUPING(i.round_id) = 0 THEN 'round'
         WHEN GROUPING(i.group_id) = 0 THEN 'group'
         WHEN GROUPING(i.unit_id) = 0 THEN 'unit'
         ELSE 'category' END,
    COALESCE(i.round_id, i.group_id, i.unit_id, i.category_id),
    count(*),
    count(*) FILTER (WHERE i.status = ANY(%(fed_back)s)),
    count(*) FILTER (WHERE i.status = %(closed)s),
    count(*) FILTER (WHERE i.status = %(rectifying)s AND i.deadline < %(today)s)
FROM inspections_issue i
WHERE i.status = ANY(%(found)s) AND i.office_id IN {subtree} {round_filter} {period}
GROUP BY GROUPING SETS ((i.round_id), (i.group_id), (i.unit_id), (i.category_id))
"""


def _rows(sql: str, params: dict) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Row(pk, found, fed_back, closed, overdue) for pk, found, fed_back, closed, overdue in cursor.fetchall()]


def _sql_params(scope: Scope, today: dt.date, **extra) -> tuple[dict, str]:
    params = {**stats.sql_params(today), "path": scope.office.path + "%", **extra}
    round_filter = ""
    if scope.round is not None:
        params["round"] = scope.round.pk
        round_filter = "AND {alias}.round_id = %(round)s"
    return params, round_filter


def breakdowns(user, scope: Scope, day: dt.date, today: dt.date) -> dict[str, list[Row]]:
    """Figures by round (by group when a round is picked), unit and category, as SQL aggregates."""
    if scope.period:
        params, round_filter = _sql_params(scope, today)
        period = ""
        if scope.date_from:
            params["date_from"] = scope.date_from
            period += " AND i.found_on >= %(date_from)s"
        if scope.date_to:
            params["date_to"] = scope.date_to
            period += " AND i.found_on <= %(date_to)s"
        found: dict[str, list[Row]] = {"round": [], "group": [], "unit": [], "category": []}
        with connection.cursor() as cursor:
            cursor.execute(
                LIVE.format(subtree=SUBTREE, round_filter=round_filter.format(alias="i"), period=period), params
            )
            for kind, pk, *figures in cursor.fetchall():
                found[kind].append(Row(pk, *figures))
        parts = found["round"] if scope.round is None else found["group"]
        units, categories = found["unit"], found["category"]
    else:
        stat_rows = Stat.objects.visible_to(user).filter(day=day)
        if scope.round is None:
            stat_rows = stat_rows.filter(scope=StatScope.ROUND, office__path__startswith=scope.office.path)
        else:
            stat_rows = stat_rows.filter(
                scope=StatScope.GROUP, scope_id__in=Group.objects.filter(round=scope.round).values("pk")
            )
        parts = [
            Row(s.scope_id, s.issues_found, s.issues_fed_back, s.issues_closed, s.overdue)
            for s in stat_rows.only("scope_id", "issues_found", "issues_fed_back", "issues_closed", "overdue")
        ]
        params, round_filter = _sql_params(scope, today, day=day)
        units = _rows(UNITS_FROM_STATS.format(subtree=SUBTREE, round_filter=round_filter.format(alias="a")), params)
        categories = _rows(
            CATEGORIES_FROM_PARTS.format(subtree=SUBTREE, round_filter=round_filter.format(alias="p")), params
        )
    _name(parts, Group if scope.round else Round)
    _name(units, Unit)
    return {"parts": parts, "units": units, "categories": _by_heading(categories)}


def _name(rows: list[Row], model) -> None:
    """Names for the rows; a round is named with its office too (offices number rounds alike)."""
    objects = model.objects.filter(pk__in=[row.pk for row in rows])
    if model is Round:
        objects = objects.select_related("office")
    names = {obj.pk: (obj.name if model is Unit else str(obj), obj) for obj in objects}
    for row in rows:
        name, obj = names.get(row.pk, ("—", None))
        row.short = row.name = name
        if model is Round and obj is not None:
            row.name = f"{obj.office.name} · {name}"
            row.sort = (obj.planned_start, obj.pk)


@dataclass
class Heading:
    """A top category (三个聚焦) with its sub-types."""

    row: Row
    children: list[Row]


def _by_heading(rows: list[Row]) -> list[Heading]:
    """Category rows folded under their top category (the dictionary is a small tree)."""
    categories = {c.pk: c for c in IssueCategory.objects.only("pk", "name", "parent_id")}

    def root(pk: int) -> int:
        seen = set()
        while categories.get(pk) is not None and categories[pk].parent_id and pk not in seen:
            seen.add(pk)
            pk = categories[pk].parent_id
        return pk

    headings: dict[int, Heading] = {}
    for row in rows:
        row.name = categories[row.pk].name if row.pk in categories else "—"
        top = root(row.pk)
        heading = headings.get(top)
        if heading is None:
            name = categories[top].name if top in categories else "—"
            heading = headings[top] = Heading(Row(top, name=name), [])
        if top != row.pk:
            heading.children.append(row)
        for figure in ("found", "fed_back", "closed", "overdue"):
            setattr(heading.row, figure, getattr(heading.row, figure) + getattr(row, figure))
    result = sorted(headings.values(), key=lambda h: (-h.row.found, h.row.pk))
    for heading in result:
        heading.children.sort(key=lambda r: (-r.found, r.pk))
    return result


def alert_counts(user, scope: Scope) -> dict[tuple[str, str], int]:
    """Open alerts the user may see in the scope: {(level, kind): count}."""
    alerts = open_alerts(user, scope)
    return {(row["level"], row["kind"]): row["n"] for row in alerts.values("level", "kind").annotate(n=Count("id"))}


def open_alerts(user, scope: Scope):
    alerts = Alert.objects.visible_to(user).filter(resolved_at__isnull=True, office__path__startswith=scope.office.path)
    if scope.round is not None:
        alerts = alerts.filter(
            Q(issue__round=scope.round) | Q(assignment__round=scope.round) | Q(clue__round=scope.round)
        )
    return alerts


def trend(user, scope: Scope, today: dt.date) -> list[dict]:
    """The scope's daily snapshots (office or round rows), oldest first."""
    kind, pk = (StatScope.ROUND, scope.round.pk) if scope.round else (StatScope.OFFICE, scope.office.pk)
    rows = Stat.objects.visible_to(user).filter(scope=kind, scope_id=pk, day__lte=scope.date_to or today)
    rows = rows.filter(day__gte=scope.date_from or today - dt.timedelta(days=TREND_DAYS))
    return list(rows.order_by("day").values("day", "issues_found", "issues_fed_back", "issues_closed", "overdue"))


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
    """The headline figures, each with the list it counts."""

    def card(key, label, value, url=None, unit="", note=""):
        return {
            "key": key,
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
        card("rounds", _("巡察轮次"), figures["rounds"], scope.rounds()),
        card("units_inspected", _("巡察单位数"), figures["units_inspected"], scope.units()),
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
    rated = [r for r in units if r.fed_back]
    lowest = sorted(rated, key=lambda r: (r.rate, -r.fed_back, r.pk))[:TOP_UNITS]
    highest = sorted(rated, key=lambda r: (-r.rate, -r.fed_back, r.pk))[:TOP_UNITS]
    overdue = sorted((r for r in units if r.overdue), key=lambda r: (-r.overdue, r.pk))[:WORST_OVERDUE]

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
            "days": [row["day"].isoformat() for row in snapshots],
            "rate": [_rate(stats.completion_rate(row["issues_closed"], row["issues_fed_back"])) for row in snapshots],
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


def office_choices(user, scope: Scope) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The offices the user may pick and the rounds of the chosen office's subtree."""
    offices = [(o.pk, o.name) for o in visible_offices(user).only("pk", "name", "path")]
    rounds = (
        Round.objects.visible_to(user)
        .filter(office__path__startswith=scope.office.path)
        .select_related("office")
        .order_by("-planned_start", "-pk")
        .distinct()
    )
    return offices, [(r.pk, f"{r.office.name} · {r}") for r in rounds]


# --- views ------------------------------------------------------------------------------------


@login_required
def home(request):
    user = request.user
    require_reader(user)
    scope, form = scope_of(request)
    today = deadlines.today()
    figures = stats.summary(
        user=user,
        office_id=scope.office.pk,
        round_id=scope.round.pk if scope.round else None,
        date_from=scope.date_from,
        date_to=scope.date_to,
        today=today,
    )
    offices, rounds = office_choices(user, scope)
    context = {
        "scope": scope,
        "form": form,
        "offices": offices,
        "rounds": rounds,
        "figures": figures,
        "has_data": not figures["live"] or scope.period,
        "can_recompute": has_role(user, Role.ADMIN),
        "can_read_clues": can_read_clues(user),
    }
    if context["has_data"]:
        data = breakdowns(user, scope, figures["day"], today)
        levels = alert_levels(alert_counts(user, scope), scope)
        snapshots = trend(user, scope, today)
        context["cards"] = cards(figures, scope, context["can_read_clues"])
        context["chart"] = chart_data(scope, data["parts"], data["units"], data["categories"], levels, snapshots)
        context["rate_title"] = _("整改完成率（按巡察组）") if scope.round else _("整改完成率（按轮次）")
        context["trend_rows"] = [
            {**row, "rate": stats.completion_rate(row["issues_closed"], row["issues_fed_back"])}
            for row in reversed(snapshots[-31:])
        ]
    return render(request, "stats/home.html", context)


class AlertFilterForm(forms.Form):
    level = forms.ChoiceField(
        choices=[("", gettext_lazy("全部"))] + list(AlertLevel.choices), required=False, label=gettext_lazy("等级")
    )
    kind = forms.ChoiceField(
        choices=[("", gettext_lazy("全部"))] + list(AlertKind.choices), required=False, label=gettext_lazy("类型")
    )


@login_required
def alert_list(request):
    """The open alerts behind the alert chart: by level and kind, with links to their subjects."""
    from .notification_views import alert_subjects

    user = request.user
    require_reader(user)
    scope, _form = scope_of(request, period=False)
    form = AlertFilterForm(request.GET)
    alerts = open_alerts(user, scope).select_related(
        "issue", "assignment__round", "assignment__unit", "clue", "unit", "office"
    )
    if form.is_valid():
        if form.cleaned_data["level"]:
            alerts = alerts.filter(level=form.cleaned_data["level"])
        if form.cleaned_data["kind"]:
            alerts = alerts.filter(kind=form.cleaned_data["kind"])
    severity = Case(*(When(level=level.value, then=Value(n)) for n, level in enumerate(LEVELS)), default=Value(9))
    page = Paginator(alerts.order_by(severity, "due", "id"), 25).get_page(request.GET.get("page"))
    subjects = alert_subjects(user, list(page.object_list))
    rows = [(alert, subjects[alert.pk]) for alert in page.object_list]
    context = {
        "scope": scope,
        "form": form,
        "page": page,
        "rows": rows,
        "dashboard_url": _url("stats:home", [(k, v) for k, v in scope.query() if k in ("office", "round")]),
    }
    return render(request, list_template(request, "stats/alerts.html", "stats/_alert_table.html"), context)


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
    office = _int(request.POST.get("office"))
    return redirect(_url("stats:home", [("office", office)]))
