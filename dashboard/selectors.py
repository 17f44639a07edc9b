"""Reading the statistics: the headline figures of an office (with its descendants) or a round,
and the dashboard's breakdowns, trend and choices.

- Headline figures: :func:`summary`, the function behind ``GET /api/v1/stats/summary/`` and the
  dashboard's cards — the scope's latest Stat row, or computed live for a period.
- Breakdowns without a period: the same day's Stat rows (round, group and assignment scopes;
  assignments added up per unit by SQL) and the (round, category) parts, all limited to the
  office's subtree (and the round, when one is picked). Category rows of the Stat table span
  every office, so the parts are added up here instead.
- Breakdowns for a period: one ``GROUP BY GROUPING SETS`` over the issues found in it, by the
  same rules as the live summary (issues by the date found, overdue as of today).
- Trend: the office's (or round's) daily Stat snapshots.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from accounts.models import Office
from core import generations
from core.replica import routed_connection as connection  # the replica for the dashboard (core/replica.py)
from inspections import deadlines
from inspections.models import Group, IssueCategory, Round, Unit
from rectification.choices import StatScope

from .models import Stat
from .stats import FIGURES, STATS_GENERATION, sql_params

TREND_DAYS = 365  # the trend without a period: the last year of daily snapshots
TOP_UNITS = 10  # units shown with the highest and the lowest completion rate
WORST_OVERDUE = 15  # units shown with the most overdue issues
PARTS_SHOWN = 30  # rounds (or a round's groups) in the completion-rate chart: the latest, with “更多”
ZERO = Decimal("0.00")


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
        return completion_rate(self.closed, self.fed_back)


SUBTREE = "(SELECT o.id FROM accounts_office o WHERE o.path LIKE %(path)s)"

# The units the charts show, chosen in SQL (the city's subtree has tens of thousands): the lowest and
# the highest completion rates and the most overdue, in the order ``shown_units`` sorts them. The
# rate key is the rate in tenths of a percent rounded half to even, as Decimal.quantize rounds it
# in ``completion_rate``: q = floor(1000·closed / fed_back), r its remainder.
UNITS_FROM_STATS = """
WITH units AS (
    SELECT a.unit_id, sum(s.issues_found) AS found, sum(s.issues_fed_back) AS fed_back,
        sum(s.issues_closed) AS closed, sum(s.overdue) AS overdue
    FROM rectification_stat s
    JOIN inspections_assignment a ON a.id = s.scope_id
    WHERE s.scope = 'assignment' AND s.day = %(day)s AND s.office_id IN {subtree} {round_filter}
    GROUP BY a.unit_id
),
rated AS (
    SELECT u.*, CASE WHEN 2 * r > fed_back THEN q + 1 WHEN 2 * r = fed_back THEN q + mod(q, 2) ELSE q END AS rate
    FROM (
        SELECT units.*, div(1000 * closed, fed_back) AS q, mod(1000 * closed, fed_back) AS r
        FROM units WHERE fed_back > 0
    ) u
),
shown AS (
    (SELECT unit_id FROM rated ORDER BY rate, fed_back DESC, unit_id LIMIT %(top)s)
    UNION
    (SELECT unit_id FROM rated ORDER BY rate DESC, fed_back DESC, unit_id LIMIT %(top)s)
    UNION
    (SELECT unit_id FROM units WHERE overdue > 0 ORDER BY overdue DESC, unit_id LIMIT %(worst)s)
)
SELECT units.unit_id, units.found, units.fed_back, units.closed, units.overdue
FROM units JOIN shown ON shown.unit_id = units.unit_id
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


def _tuples(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def _sql_params(office: Office, round: Round | None, today: dt.date, **extra) -> tuple[dict, str]:
    params = {**sql_params(today), "path": office.path + "%", **extra}
    round_filter = ""
    if round is not None:
        params["round"] = round.pk
        round_filter = "AND {alias}.round_id = %(round)s"
    return params, round_filter


def breakdowns(
    user,
    *,
    office: Office,
    round: Round | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    day: dt.date,
    today: dt.date,
) -> dict:
    """Figures by round (by group when a round is picked), unit and category, as SQL aggregates:
    ``{"parts": [Row], "units": [Row], "categories": [Heading]}``."""
    if date_from or date_to:
        params, round_filter = _sql_params(office, round, today)
        period = ""
        if date_from:
            params["date_from"] = date_from
            period += " AND i.found_on >= %(date_from)s"
        if date_to:
            params["date_to"] = date_to
            period += " AND i.found_on <= %(date_to)s"
        found: dict[str, list[Row]] = {"round": [], "group": [], "unit": [], "category": []}
        with connection.cursor() as cursor:
            cursor.execute(
                LIVE.format(subtree=SUBTREE, round_filter=round_filter.format(alias="i"), period=period), params
            )
            for kind, pk, *figures in cursor.fetchall():
                found[kind].append(Row(pk, *figures))
        parts = [row for row in (found["round"] if round is None else found["group"]) if row.fed_back]
        parts_total = len(parts)
        parts = _latest(parts, Group if round else Round)
        units, categories = found["unit"], found["category"]
    else:
        stat_rows = Stat.objects.visible_to(user).filter(day=day)
        if round is None:
            stat_rows = stat_rows.filter(scope=StatScope.ROUND, office__path__startswith=office.path)
        else:
            stat_rows = stat_rows.filter(
                scope=StatScope.GROUP, scope_id__in=Group.objects.filter(round=round).values("pk")
            )
        stat_rows = stat_rows.filter(issues_fed_back__gt=0)
        figures = ("scope_id", "issues_found", "issues_fed_back", "issues_closed", "overdue")
        parts_total = stat_rows.count()
        if parts_total > PARTS_SHOWN:  # only the latest rounds' rows (the city: tens of thousands)
            model = Group if round else Round
            latest = model.objects.filter(pk__in=stat_rows.values("scope_id")).order_by(*_newest_order(model))
            stat_rows = stat_rows.filter(scope_id__in=list(latest.values_list("pk", flat=True)[:PARTS_SHOWN]))
        parts = [Row(*values) for values in stat_rows.values_list(*figures)]
        units, categories = _unit_and_category_rows(office, round, day, today)
    units = shown_units(units)
    _name(parts, Group if round else Round)
    _name(units, Unit)
    return {"parts": parts, "parts_total": parts_total, "units": units, "categories": _by_heading(categories)}


def _newest_order(model) -> tuple[str, str]:
    """Rounds by planned start, groups by number: the latest first."""
    return ("-planned_start", "-pk") if model is Round else ("-number", "-pk")


def _latest(rows: list[Row], model) -> list[Row]:
    """The PARTS_SHOWN latest rounds (by planned start) or groups (by number) of ``rows``: the city
    office's subtree has thousands of rounds, more than a chart can show or a page can name."""
    if len(rows) <= PARTS_SHOWN:
        return rows
    latest = model.objects.filter(pk__in=[r.pk for r in rows]).order_by(*_newest_order(model))
    keep = set(latest.values_list("pk", flat=True)[:PARTS_SHOWN])
    return [row for row in rows if row.pk in keep]


STATS_CACHE_SECONDS = 3600


def _unit_and_category_rows(office: Office, round: Round | None, day: dt.date, today: dt.date):
    """The units the charts show and the figures by category, from the day's Stat rows and parts:
    the same for every reader of the office (the view checks he may read it), cached until the
    statistics job changes a row (generation ``stats``, dashboard/stats.py). At a million findings
    the two sums cost the city office more than the rest of the page."""
    params, round_filter = _sql_params(office, round, today, day=day, top=TOP_UNITS, worst=WORST_OVERDUE)

    def compute():
        units = UNITS_FROM_STATS.format(subtree=SUBTREE, round_filter=round_filter.format(alias="a"))
        categories = CATEGORIES_FROM_PARTS.format(subtree=SUBTREE, round_filter=round_filter.format(alias="p"))
        return _tuples(units, params), _tuples(categories, params)

    key = f"dashboard:units-categories:{office.pk}:{round.pk if round else 0}:{day.isoformat()}"
    units, categories = generations.cached(STATS_GENERATION, key, compute, timeout=STATS_CACHE_SECONDS)
    return [Row(*values) for values in units], [Row(*values) for values in categories]


def unit_charts(units: list[Row]) -> tuple[list[Row], list[Row], list[Row]]:
    """The units of the three unit charts, in their order: the lowest and the highest completion
    rates and the most overdue (UNITS_FROM_STATS chooses the same in SQL)."""
    rated = [(r.rate, r) for r in units if r.fed_back]  # each rate computed once
    lowest = heapq.nsmallest(TOP_UNITS, rated, key=lambda x: (x[0], -x[1].fed_back, x[1].pk))
    highest = heapq.nsmallest(TOP_UNITS, rated, key=lambda x: (-x[0], -x[1].fed_back, x[1].pk))
    overdue = heapq.nsmallest(WORST_OVERDUE, (r for r in units if r.overdue), key=lambda r: (-r.overdue, r.pk))
    return [x[1] for x in lowest], [x[1] for x in highest], overdue


def shown_units(units: list[Row]) -> list[Row]:
    """The units the charts show, so that only they are named (the city's subtree has tens of
    thousands of units)."""
    lowest, highest, overdue = unit_charts(units)
    return list({r.pk: r for r in (*lowest, *highest, *overdue)}.values())


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


GRANULARITIES = ("day", "month", "year")  # the trend's points: each snapshot, or the last one of each month / year


def trend(
    user,
    *,
    office: Office,
    round: Round | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    today: dt.date,
    granularity: str = "day",
) -> list[dict]:
    """The scope's snapshots (office or round rows), oldest first: every day (of the last year when no
    period is given), or the last snapshot of each month or year (the state at its end) over the whole
    history the rows keep — the five-year view a term report needs."""
    kind, pk = (StatScope.ROUND, round.pk) if round else (StatScope.OFFICE, office.pk)
    rows = Stat.objects.visible_to(user).filter(scope=kind, scope_id=pk, day__lte=date_to or today)
    if granularity == "day":
        rows = rows.filter(day__gte=date_from or today - dt.timedelta(days=TREND_DAYS))
    elif date_from:
        rows = rows.filter(day__gte=date_from)
    rows = rows.order_by("day").values("day", "issues_found", "issues_fed_back", "issues_closed", "overdue")
    if granularity == "day":
        return list(rows)
    width = 7 if granularity == "month" else 4  # "YYYY-MM" / "YYYY"
    last: dict[str, dict] = {}
    for row in rows:  # oldest first: the last row of a bucket wins
        last[row["day"].isoformat()[:width]] = {**row, "label": row["day"].isoformat()[:width]}
    return list(last.values())


ROUND_CHOICES = 300  # the round picker lists the latest rounds; older ones are reached from the round list


def round_choices(user, office: Office, selected: Round | None = None) -> list[tuple[int, str]]:
    """The latest rounds of the office's subtree the user may pick (newest first, named with their
    office), and the selected one wherever it is."""
    rounds = (
        Round.objects.visible_to(user)
        .filter(office__path__startswith=office.path)
        .select_related("office")
        .only("pk", "term", "sequence", "office__name")
        .order_by("-planned_start", "-pk")  # no DISTINCT: the scope rules are semi-joins, no round repeats
    )
    picked = list(rounds[:ROUND_CHOICES])
    if selected is not None and selected.pk not in {r.pk for r in picked}:
        picked.append(selected)
    return [(r.pk, f"{r.office.name} · {r}") for r in picked]


# --- headline figures -------------------------------------------------------------------------


def completion_rate(closed: int, fed_back: int) -> Decimal | None:
    """Closed ÷ fed back in percent, one decimal (the same rule as ``Stat.completion_rate``)."""
    if not fed_back:
        return None
    return (Decimal(closed) * 100 / fed_back).quantize(Decimal("0.1"))


LIVE_SELECT = """
WITH
scope_rounds AS (
    SELECT r.id, r.planned_start FROM inspections_round r WHERE {round_scope}
)
SELECT
    (SELECT count(*) FROM scope_rounds r WHERE TRUE {round_period}),
    (SELECT count(DISTINCT a.unit_id) FROM inspections_assignment a JOIN scope_rounds r ON r.id = a.round_id
        WHERE TRUE {assignment_scope} {assignment_period}),
    i.issues_found, i.issues_fed_back, i.issues_closed, i.overdue,
    c.clues_transferred, c.persons_accountable, c.persons_to_judiciary, c.loss_recovered_wan,
    (SELECT COALESCE(sum(rv.funds_refunded_wan), 0) FROM rectification_review rv
        JOIN inspections_issue i ON i.id = rv.issue_id
        WHERE rv.decision = %(close)s AND rv.funds_refunded_wan > 0 AND i.status = ANY(%(found)s)
            AND {issue_scope} {issue_period})
FROM (
    SELECT count(*) AS issues_found,
        count(*) FILTER (WHERE i.status = ANY(%(fed_back)s)) AS issues_fed_back,
        count(*) FILTER (WHERE i.status = %(closed)s) AS issues_closed,
        count(*) FILTER (WHERE i.status = %(rectifying)s AND i.deadline < %(today)s) AS overdue
    FROM inspections_issue i
    WHERE i.status = ANY(%(found)s) AND {issue_scope} {issue_period}
) i, (
    SELECT count(*) AS clues_transferred,
        COALESCE(sum(c.persons_accountable), 0) AS persons_accountable,
        COALESCE(sum(c.persons_to_judiciary), 0) AS persons_to_judiciary,
        COALESCE(sum(c.loss_recovered_wan), 0) AS loss_recovered_wan
    FROM inspections_clue c
    WHERE c.status = ANY(%(transferred)s) AND {clue_scope} {clue_period}
) c
"""


AREA_UNITS = "(SELECT u.id FROM inspections_unit u WHERE u.office_id IN {subtree})"
AREA_ROUNDS = "r.id IN (SELECT a.round_id FROM inspections_assignment a WHERE a.unit_id IN {units})"
OFFICE_BASIS = "office"  # the rounds the office and the offices below it ran
AREA = "area"  # the units whose own office (Unit.office) is the office or one below it


def live_figures(
    *,
    office: Office | None = None,
    basis: str = OFFICE_BASIS,
    round_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> dict:
    """The figures of one office (with descendants) or one round, straight from the records.

    ``basis`` (an office only): ``OFFICE_BASIS``, the rounds the office's subtree ran (the Stat
    ``office`` rows), or ``AREA``, the units in its area whoever inspected them (``area`` rows).

    With a period: issues (and their close-out funds) by the date found, clues by transfer date,
    rounds by planned start and units by entry date (the round's start when not recorded);
    "overdue" is always as of ``today``.
    """
    today = today or deadlines.today()
    params = sql_params(today)
    if round_id is not None:
        scope = {"round_scope": "r.id = %(round_id)s", "issue_scope": "i.round_id = %(round_id)s"}
        scope["clue_scope"] = "c.round_id = %(round_id)s"
        scope["assignment_scope"] = ""
        params["round_id"] = round_id
    elif basis == AREA:
        # The home office is the unit's (after the home-office copy on issues and clues lands,
        # i.home_office_id / c.home_office_id IN {subtree} reads one indexed column instead).
        units = AREA_UNITS.format(subtree=SUBTREE)
        scope = {
            "round_scope": AREA_ROUNDS.format(units=units),
            "assignment_scope": f"AND a.unit_id IN {units}",
            "issue_scope": f"i.unit_id IN {units}",
            "clue_scope": f"c.unit_id IN {units}",
        }
        params["path"] = office.path + "%"
    else:
        scope = {
            "round_scope": f"r.office_id IN {SUBTREE}",
            "assignment_scope": "",
            "issue_scope": f"i.office_id IN {SUBTREE}",
            "clue_scope": f"c.office_id IN {SUBTREE}",
        }
        params["path"] = office.path + "%"
    periods = {"round_period": "", "assignment_period": "", "issue_period": "", "clue_period": ""}
    for bound, op in (("date_from", ">="), ("date_to", "<=")):
        value = date_from if bound == "date_from" else date_to
        if value is None:
            continue
        params[bound] = value
        periods["round_period"] += f" AND r.planned_start {op} %({bound})s"
        periods["assignment_period"] += f" AND COALESCE(a.entry_date, r.planned_start) {op} %({bound})s"
        periods["issue_period"] += f" AND i.found_on {op} %({bound})s"
        periods["clue_period"] += f" AND c.transfer_date {op} %({bound})s"
    with connection.cursor() as cursor:
        cursor.execute(LIVE_SELECT.format(**scope, **periods), params)
        row = cursor.fetchone()
    return dict(zip(FIGURES, row, strict=True))


def summary(
    *,
    user,
    office_id: int | None = None,
    round_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
    basis: str = OFFICE_BASIS,
) -> dict:
    """Headline figures of an office (with descendants) or a round, as the caller may see them.

    For an office, ``basis`` says which: ``OFFICE_BASIS`` the rounds it and the offices below it
    ran (the default, the figures the seed reports), ``AREA`` the units in its area whoever
    inspected them. A round's figures are its own whatever the basis.

    Without a period they come from the Stat table (the scope's latest row up to today), with
    a period they are computed live. An office or round outside the caller's reach raises
    Http404, as an unknown id does. Without office and round: the caller's top office.
    """
    today = today or deadlines.today()
    offices = Office.objects.visible_to(user)
    office = None
    if office_id is not None:
        office = offices.filter(pk=office_id).first()
        if office is None:
            raise Http404
    round_ = None
    if round_id is not None:
        round_ = (
            Round.objects.visible_to(user)
            .filter(pk=round_id, office__in=offices.values("pk"))
            .select_related("office")
            .first()
        )
        if round_ is None or (office is not None and not round_.office.path.startswith(office.path)):
            raise Http404
    if office is None and round_ is None:
        office = offices.order_by("path").first()
        if office is None:
            raise Http404
    if round_:
        scope, scope_id = StatScope.ROUND, round_.pk
    else:
        scope, scope_id = (StatScope.AREA if basis == AREA else StatScope.OFFICE), office.pk

    stat = None
    if date_from is None and date_to is None:
        stat = (
            Stat.objects.visible_to(user)
            .filter(scope=scope, scope_id=scope_id, day__lte=today)
            .order_by("-day")
            .first()
        )
    if stat is not None:
        figures = {name: getattr(stat, name) for name in FIGURES}
    else:
        figures = live_figures(
            office=office, basis=basis, round_id=round_id, date_from=date_from, date_to=date_to, today=today
        )
    return {
        "scope": scope,
        "scope_id": scope_id,
        "office": round_.office_id if round_ else office.pk,
        "round": round_.pk if round_ else None,
        "date_from": date_from,
        "date_to": date_to,
        "day": stat.day if stat else today,
        "computed_at": stat.computed_at if stat else None,
        "live": stat is None,
        "rounds": figures["rounds"],
        "units_inspected": figures["units_inspected"],
        "issues": figures["issues_found"],
        "issues_fed_back": figures["issues_fed_back"],
        "issues_closed": figures["issues_closed"],
        "completion_rate": completion_rate(figures["issues_closed"], figures["issues_fed_back"]),
        "overdue": figures["overdue"],
        "clues_transferred": figures["clues_transferred"],
        "persons_accountable": figures["persons_accountable"],
        "persons_to_judiciary": figures["persons_to_judiciary"],
        "loss_recovered_wan": Decimal(figures["loss_recovered_wan"]).quantize(ZERO),
        "funds_refunded_wan": Decimal(figures["funds_refunded_wan"]).quantize(ZERO),
    }
