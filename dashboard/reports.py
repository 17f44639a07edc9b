"""The figures an office reports upward, for a period: headline figures and breakdowns added up
from the ``StatBreakdown`` rows (dashboard/breakdowns.py) of the rounds in the period.

A period picks rounds: those run by the office (and, by default, its descendants) whose planned
start falls in the year, quarter or custom range, or those of one term (届, ``Round.term``, e.g.
六届市委) — the way offices count an annual or a five-year report. Every figure of a round
(its findings, clues, close-outs, evaluations, actions and feedback meetings) counts in the
period its round belongs to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from core import generations
from core.replica import routed_connection as connection  # the replica for the reports (core/replica.py)
from inspections.choices import PersonRank, RoundKind, UnitKind, VillageCategory
from inspections.models import IssueCategory, Round, SpecialReport
from rectification.choices import ActionKind, Grade

from . import breakdowns
from .breakdowns import DIMENSIONS, OUTCOME_KEYS
from .selectors import completion_rate

ZERO = Decimal("0.00")
SUMMED = (
    "issues_found",
    "issues_fed_back",
    "issues_closed",
    "overdue",
    "clues_transferred",
    "persons_accountable",
    "persons_to_judiciary",
    "self_surrenders",
    "loss_recovered_wan",
    "funds_refunded_wan",
    "events",
    "amount",
)
MONEY_FIGURES = ("loss_recovered_wan", "funds_refunded_wan", "amount")

FIXED_LABELS = {
    "unit_kind": dict(UnitKind.choices),
    "village_category": dict(VillageCategory.choices),
    "round_kind": dict(RoundKind.choices),
    "rank": {PersonRank.COUNTY: _("县处级及以上"), PersonRank.TOWNSHIP: _("乡科级"), PersonRank.GENERAL: _("其他")},
    "self_surrender": {"yes": _("有主动投案"), "no": _("无主动投案")},
    "immediate": {"immediate": _("立行立改"), "other": _("限期整改及其他")},
    "outcome": {
        "corrected": _("纠：纠正问题"),
        "refunded": _("清：收回/退还资金（万元）"),
        "campaign": _("治：专项治理"),
        "accountable": _("问：追责问责人数"),
        "rules": _("建：建立完善制度"),
    },
    "grade": dict(Grade.choices),
    "evaluation_batch": {"first": _("首次评估"), "repeat": _("再次评估")},
    "action_kind": dict(ActionKind.choices),
    "attendance": dict(RoundKind.choices),
}
DIMENSION_LABELS = {
    "unit_kind": _("按单位类型"),
    "village_category": _("按村（社区）类别"),
    "round_kind": _("按巡察方式"),
    "category": _("按问题类别"),
    "rank": _("按线索涉及人员职级"),
    "self_surrender": _("按主动投案"),
    "immediate": _("立行立改"),
    "outcome": _("纠清治问建"),
    "grade": _("审核评估等次"),
    "evaluation_batch": _("审核评估轮次"),
    "action_kind": _("督办方式"),
    "attendance": _("领导参加反馈会"),
}


@dataclass(frozen=True)
class Period:
    """A year, a quarter of a year, a custom range (from, to, inclusive) or a term; all None: every round."""

    year: int | None = None
    quarter: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    term: str = ""

    def bounds(self) -> tuple[dt.date | None, dt.date | None]:
        if self.year and self.quarter:
            start = dt.date(self.year, 3 * self.quarter - 2, 1)
            end_month = 3 * self.quarter
            end = dt.date(self.year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
            return start, end
        if self.year:
            return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        return self.date_from, self.date_to

    def describe(self) -> str:
        if self.term:
            return str(self.term)
        if self.year and self.quarter:
            return _("%(year)s年第%(quarter)s季度") % {"year": self.year, "quarter": self.quarter}
        if self.year:
            return _("%(year)s年") % {"year": self.year}
        start, end = self.bounds()
        if start or end:
            return f"{start or ''} — {end or ''}"
        return str(_("全部"))


def report_office(user, office_id: int | None) -> Office:
    """The office a report is for, if the caller may see it (404 otherwise); default: his top office."""
    offices = Office.objects.visible_to(user)
    office = offices.filter(pk=office_id).first() if office_id is not None else offices.order_by("path").first()
    if office is None:
        raise Http404
    return office


def period_rounds(*, office: Office, period: Period, subtree: bool = True, user=None) -> list[int]:
    """Ids of the rounds the office (with descendants unless ``subtree`` is False) ran in the period."""
    rounds = Round.objects.visible_to(user) if user is not None else Round.objects.all()
    rounds = rounds.filter(office__path__startswith=office.path) if subtree else rounds.filter(office=office)
    if period.term:
        rounds = rounds.filter(term=period.term)
    start, end = period.bounds()
    if start:
        rounds = rounds.filter(planned_start__gte=start)
    if end:
        rounds = rounds.filter(planned_start__lte=end)
    return list(rounds.order_by().values_list("pk", flat=True))  # a set: no sort (the city has thousands)


BREAKDOWN_SQL = """
WITH picked AS MATERIALIZED (
    SELECT * FROM dashboard_statbreakdown s WHERE s.dimension = %(by)s AND s.round_id = ANY(%(rounds)s)
),
units AS (
    SELECT t.key, count(DISTINCT u) AS units FROM picked t CROSS JOIN LATERAL unnest(t.unit_ids) AS u GROUP BY t.key
),
sums AS (
    SELECT s.key, {sums} FROM picked s GROUP BY s.key
)
SELECT sums.*, COALESCE(units.units, 0) FROM sums LEFT JOIN units ON units.key = sums.key
ORDER BY sums.key
"""

BREAKDOWN_CACHE_SECONDS = 3600
REPLICA_CACHE_SECONDS = 60

DISTINCT_UNITS_SQL = """
SELECT count(DISTINCT u) FROM dashboard_statbreakdown t CROSS JOIN LATERAL unnest(t.unit_ids) AS u
WHERE t.dimension = %(by)s AND t.key = ANY(%(keys)s) AND t.round_id = ANY(%(rounds)s)
"""


def _labels(by: str, keys: list[str]) -> dict[str, str]:
    if by == "category":
        ids = [int(k) for k in keys if k.isdigit()]
        return {str(pk): name for pk, name in IssueCategory.objects.filter(pk__in=ids).values_list("pk", "name")}
    return {key: str(label) for key, label in FIXED_LABELS[by].items()}


def _order(by: str) -> list[str]:
    return [] if by == "category" else list(FIXED_LABELS[by])


def breakdown(*, round_ids: list[int], by: str) -> list[dict]:
    """The rows of one breakdown for these rounds: key, label, units (distinct) and the summed figures.

    Keys of a fixed list come in its order (those without figures left out); categories by id.
    """
    if by not in DIMENSIONS:
        raise ValueError(by)
    fetched = _fetched(round_ids, by)
    labels = _labels(by, [row[0] for row in fetched])
    rows = []
    for key, *figures, units in fetched:
        row = {"key": key, "label": labels.get(key, key), "units": units}
        for name, value in zip(SUMMED, figures, strict=True):
            row[name] = Decimal(value).quantize(ZERO) if name in MONEY_FIGURES else int(value)
        row["completion_rate"] = completion_rate(row["issues_closed"], row["issues_fed_back"])
        rows.append(row)
    order = _order(by)
    rows.sort(key=lambda r: (order.index(r["key"]) if r["key"] in order else len(order), r["key"]))
    return rows


def _fetched(round_ids: list[int], by: str) -> list[tuple]:
    """The summed rows, from the cache while no statistics job has changed a breakdown row since.

    ``breakdowns.write`` moves the generation whenever it changes a row (at once, and again when its
    transaction commits, so a reader that cached old figures in between is not believed); reading
    it costs a Redis GET, the sums and the distinct units ten times more than the whole page at 1M.
    Without the cache (Redis down) the figures are computed every time.
    """
    params = {"by": by, "rounds": round_ids}
    digest = hashlib.sha1(",".join(map(str, sorted(round_ids))).encode(), usedforsecurity=False).hexdigest()

    def compute() -> list[tuple]:
        sums = ", ".join(f"sum(s.{name})" for name in SUMMED)
        with connection.cursor() as cursor:
            cursor.execute(BREAKDOWN_SQL.format(sums=sums), params)
            return cursor.fetchall()

    return generations.cached(
        breakdowns.GENERATION,
        f"breakdown:{by}:{digest}",
        compute,
        timeout=BREAKDOWN_CACHE_SECONDS,
        replica_timeout=REPLICA_CACHE_SECONDS,
    )


def _distinct_units(round_ids: list[int], by: str, keys: list[str]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(DISTINCT_UNITS_SQL, {"by": by, "keys": keys, "rounds": round_ids})
        return cursor.fetchone()[0]


# Figures that apps after dashboard keep (docs/architecture.md: dependencies go one way): commons
# registers the count of its campaign records from its AppConfig.ready(). name -> f(round_ids).
FIGURE_SOURCES: dict[str, Callable[[list[int]], int]] = {}


def register_figure(name: str, source: Callable[[list[int]], int]) -> None:
    FIGURE_SOURCES[name] = source


def campaigns(round_ids: list[int]) -> int:
    """Special campaigns (专项治理) the special reports of these rounds led to: the campaign records
    when the commons app keeps them, else the distinct campaign names the special reports state."""
    if "campaigns" in FIGURE_SOURCES:
        return FIGURE_SOURCES["campaigns"](round_ids)
    texts = SpecialReport.objects.filter(round__in=round_ids).exclude(campaigns="").values_list("campaigns", flat=True)
    return len({text.strip() for text in texts})


def figures(*, round_ids: list[int]) -> dict:
    """The report's headline figures for these rounds, as the seed states them."""
    by_kind = breakdown(round_ids=round_ids, by="round_kind")
    total = {name: sum((row[name] for row in by_kind), ZERO if name in MONEY_FIGURES else 0) for name in SUMMED}
    keyed = {by: {row["key"]: row for row in breakdown(round_ids=round_ids, by=by)} for by in DIMENSIONS}
    outcome = {key: keyed["outcome"].get(key, {}) for key in OUTCOME_KEYS}
    village = keyed["unit_kind"].get(UnitKind.VILLAGE, {})
    immediate = keyed["immediate"].get("immediate", {})
    closeout_accountable = int(outcome["accountable"].get("amount", 0))
    result = {
        "rounds": len(round_ids),
        "units_inspected": _distinct_units(round_ids, "round_kind", list(RoundKind.values)),
        "issues_found": total["issues_found"],
        "issues_fed_back": total["issues_fed_back"],
        "issues_closed": total["issues_closed"],
        "completion_rate": completion_rate(total["issues_closed"], total["issues_fed_back"]),
        "overdue": total["overdue"],
        "clues_transferred": total["clues_transferred"],
        "persons_accountable": total["persons_accountable"] + closeout_accountable,
        "persons_accountable_clues": total["persons_accountable"],
        "persons_accountable_closeout": closeout_accountable,
        "persons_to_judiciary": total["persons_to_judiciary"],
        "self_surrenders": total["self_surrenders"],
        "loss_recovered_wan": total["loss_recovered_wan"],
        "funds_refunded_wan": total["funds_refunded_wan"],
        "county_level_clues": keyed["rank"].get(PersonRank.COUNTY, {}).get("clues_transferred", 0),
        "villages_inspected": village.get("units", 0),
        "village_issues": village.get("issues_found", 0),
        "village_clues": village.get("clues_transferred", 0),
        "immediate_found": immediate.get("issues_found", 0),
        "immediate_done": immediate.get("issues_closed", 0),
        "special_reports": SpecialReport.objects.filter(round__in=round_ids).count(),
        "campaigns": campaigns(round_ids),
        "evaluations": sum(row["events"] for row in keyed["grade"].values()),
        "evaluation_rounds": sum(row["events"] for row in keyed["evaluation_batch"].values()),
        "units_called_in": _distinct_units(round_ids, "action_kind", [ActionKind.INTERVIEW, ActionKind.NOTICE]),
        "feedback_meetings": sum(row["events"] for row in keyed["attendance"].values()),
        "leader_attendance": int(sum(row["amount"] for row in keyed["attendance"].values())),
        "outcome_corrected": int(outcome["corrected"].get("amount", 0)),
        "outcome_refunded_wan": outcome["refunded"].get("amount", ZERO),
        "outcome_campaign": outcome["campaign"].get("events", 0),
        "outcome_accountable": closeout_accountable,
        "outcome_rules": int(outcome["rules"].get("amount", 0)),
    }
    totals = {kind: 0 for kind in REGISTERS}
    for counts in register_counts(round_ids).values():
        for kind, count in counts.items():
            totals[kind] += count
    result.update(totals)
    return result


# The on-site registers (onsite/) counted per round: talks, letters and visits, documents called up,
# personal-matters spot checks, field visits.
REGISTERS = ("talks", "letters", "document_checks", "spot_checks", "visits")


def register_counts(round_ids: list[int]) -> dict[int, dict[str, int]]:
    """{round id: {register: entries}} for these rounds (rounds without entries left out)."""
    from django.db.models import Count

    from onsite.models import DocumentCheck, Letter, SpotCheck, Talk, Visit

    counts: dict[int, dict[str, int]] = {}
    for kind, model in zip(REGISTERS, (Talk, Letter, DocumentCheck, SpotCheck, Visit), strict=True):
        rows = model.objects.filter(round__in=round_ids).values("round").annotate(n=Count("pk")).order_by()
        for row in rows:
            counts.setdefault(row["round"], dict.fromkeys(REGISTERS, 0))[kind] = row["n"]
    return counts
