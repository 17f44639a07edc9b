"""Loading an office's historic ledger (历史台账) read by ``inspections.historic``: all or nothing.

``historic_load`` takes a checked :class:`~inspections.historic.HistoricLedger` and writes, in one
transaction, the findings it lists *with their state*: closed ones closed on their dates
(``closed_at``, ``status_changed_at``), the close-out opinion as a close-out review when the sheet
has one, the measure and its responsible people when the sheet names them, and one lifecycle
event of their own (``historic_import``) each, so the audit trail shows them as imported, not
worked through the live lifecycle. The rounds, groups and units the sheet names are found in the
actor's office by name, or created when the user agreed (``create_missing``). Any error, with the
sheet's row and column, refuses the whole file: nothing is written. After the commit the
statistics are rebuilt (the dashboard's full recompute, queued by task name).

Rows are written in bulk (a 20,000-row ledger loads in well under a minute, docs/performance.md).
The live services are not called row by row: a historic import is not the lifecycle, and the
rows are written directly (review and event times are the historic dates, not now).

The close-out reviews and measures are rectification's tables: rectification writes them itself
(``rectification/historic.py``), through a row writer it registers here from its
``AppConfig.ready()`` (:func:`register_row_writer`), so that this module does not import an app to
its right nor know its tables. The statistics task is queued by its name for the same reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pgtrigger
from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Office, User
from accounts.scopes import require_manager
from core.errors import ApplicationError
from core.services import service

from ..choices import IssueStatus, RoundStage, UnitKind
from ..historic import (
    CellError,
    HistoricFileError,
    HistoricLedger,
    HistoricRow,
    column_letter,
    half_width,
    read_ledger,
)
from ..models import CHINESE_DIGITS, Assignment, Group, Issue, IssueCategory, IssueEvent, Round, Unit

ACTION = "historic_import"
STATS_TASK = "rectification.tasks.recompute_all_stats"
FALLBACK_CATEGORY = "历史台账导入"
BATCH = 2000


class HistoricLoadError(ApplicationError):
    """The ledger is refused whole; ``errors`` name the sheet's row and column of each problem."""

    default_code = "historic_refused"

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        head = "；".join(str(e) for e in errors[:5])
        more = _("等 %(count)d 处错误") % {"count": len(errors)} if len(errors) > 5 else ""
        super().__init__(_("台账有错误，所有行均未导入：%(errors)s%(more)s") % {"errors": head, "more": more})


@dataclass
class LoadResult:
    issues: int
    closed: int
    reviews: int
    rounds_created: list[str]
    groups_created: list[str]
    units_created: list[str]
    round_ids: list[int]


# --- names the sheet uses --------------------------------------------------------------------


def chinese_to_int(word: str) -> int | None:
    """十二 → 12, 3 → 3, 二十 → 20 (group numbers and round sequences)."""
    word = half_width(word)
    if word.isdigit():
        return int(word)
    if not word or any(c not in CHINESE_DIGITS + "十" for c in word):
        return None
    if "十" in word:
        tens, _sep, ones = word.partition("十")
        return (CHINESE_DIGITS.index(tens) if tens else 1) * 10 + (CHINESE_DIGITS.index(ones) if ones else 0)
    return CHINESE_DIGITS.index(word) if len(word) == 1 else None


ROUND_NAME = re.compile(r"^(?P<term>.*?)第?(?P<seq>[0-9零一二三四五六七八九十]+)轮(?:巡察)?$")
GROUP_NAME = re.compile(r"^第?(?P<num>[0-9零一二三四五六七八九十]+)(?:巡察)?组?$")


def parse_round(name: str) -> tuple[str, int] | None:
    """“十届第3轮” → ("十届", 3); “2023年第二轮” → ("2023年", 2)."""
    match = ROUND_NAME.match(half_width(name).replace(" ", ""))
    if not match:
        return None
    seq = chinese_to_int(match["seq"])
    term = match["term"].rstrip("第") or _("历史")
    return (term, seq) if seq else None


def parse_group(name: str) -> int | None:
    """“第一组”, “第一巡察组”, “2”, “二组” → the group's number."""
    match = GROUP_NAME.match(half_width(name).replace(" ", ""))
    return chinese_to_int(match["num"]) if match else None


def at_noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def insert_rows(model, rows: list[dict]) -> None:
    """INSERT rows as given (auto_now_add fields keep the historic times given here)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table = connection.ops.quote_name(model._meta.db_table)
    params = []
    for row in rows:
        instance = model(**row)
        params.append([f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields])
    # One multi-row INSERT per batch (executemany does not mix with the history context wrapper).
    with connection.cursor() as cursor:
        for start in range(0, len(params), 1000):
            batch = params[start : start + 1000]
            values = ", ".join([marks] * len(batch))
            # Names from the model's metadata and placeholders only: the values are parameters.
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [v for p in batch for v in p])


@dataclass(frozen=True)
class RowWriter:
    """Writes, in the load's transaction, the rows another app keeps for the loaded findings.

    ``write(*, actor, loaded, now)`` gets each new finding with its sheet row (``loaded``: a list
    of ``(Issue, HistoricRow)``) and returns counts by name (``{"reviews": n}`` feeds
    :attr:`LoadResult.reviews`); ``models`` are the ``"app.Model"`` labels of the tables it writes,
    whose field-history triggers the load skips as it does for the findings."""

    models: tuple[str, ...]
    write: Callable[..., dict[str, int]]


_ROW_WRITERS: dict[str, RowWriter] = {}


def register_row_writer(name: str, *, models: tuple[str, ...], write: Callable[..., dict[str, int]]) -> None:
    """Register an app's writer of the rows it keeps for loaded findings (from its ``ready()``)."""
    _ROW_WRITERS[name] = RowWriter(models=tuple(models), write=write)


def schedule_stats_rebuild() -> None:
    """Queue the dashboard's full statistics recompute (by task name: no import of dashboard)."""
    from celery import current_app

    current_app.send_task(STATS_TASK)


# --- the service -----------------------------------------------------------------------------


class _Resolver:
    """Finds (or, when allowed, plans) the round, group, unit and category of each row."""

    def __init__(self, *, actor: User, office: Office, ledger: HistoricLedger, round: Round | None, create: bool):
        self.actor, self.office, self.ledger, self.default_round, self.create = actor, office, ledger, round, create
        self.columns = {f: i for i, f in ledger.mapping.items()}
        self.errors: list[CellError] = []
        self.rounds: dict[str, Round] = {}
        self.groups: dict[tuple[int, int], Group] = {}
        self.units: dict[str, Unit] = {u.name: u for u in Unit.objects.filter(office=office, is_active=True)}
        self.created = {"rounds": [], "groups": [], "units": []}
        self.assignments: dict[tuple[int, int], Assignment] = {}
        self.categories = self._categories()

    def letter(self, field_name: str) -> str:
        return column_letter(self.columns[field_name]) if field_name in self.columns else ""

    def error(self, row: HistoricRow, field_name: str, message: str) -> None:
        self.errors.append(CellError(row.number, self.letter(field_name), message))

    def _categories(self) -> dict[str, IssueCategory]:
        categories = IssueCategory.objects.filter(is_active=True).filter(
            office__isnull=True
        ) | IssueCategory.objects.filter(is_active=True, office=self.office)
        names: dict[str, IssueCategory] = {}
        for category in categories.select_related("parent").order_by("office_id", "id"):
            names.setdefault(category.name, category)
            if category.parent_id:
                names.setdefault(f"{category.parent.name}/{category.name}", category)
        return names

    def category(self, word: str) -> IssueCategory:
        word = word or FALLBACK_CATEGORY
        if word not in self.categories:
            # An office's own category named by its old ledger (kept, not lost).
            self.categories[word], _created = IssueCategory.objects.get_or_create(
                name=word[:100], office=self.office, parent=None
            )
        return self.categories[word]

    def round_of(self, row: HistoricRow) -> Round | None:
        name = str(row.values.get("round") or "")
        if not name:
            if self.default_round is None:
                self.error(row, "round", _("没有轮次：请在表中填写轮次，或在导入时选择一个轮次。"))
            return self.default_round
        if name in self.rounds:
            return self.rounds[name]
        parsed = parse_round(name)
        if parsed is None:
            self.error(row, "round", _("无法识别的轮次“%(name)s”（如 十届第3轮）。") % {"name": name})
            return None
        term, sequence = parsed
        round_ = Round.objects.filter(office=self.office, term=term, sequence=sequence).first()
        if round_ is None and not self.create:
            self.error(row, "round", _("本机构没有轮次“%(name)s”。") % {"name": name})
            return None
        if round_ is None:
            days = [d for r in self.ledger.rows if str(r.values.get("round") or "") == name for d in _days(r)]
            start = min(days, default=timezone.localdate())
            round_ = Round.objects.create(
                office=self.office,
                term=term[:40],
                sequence=sequence,
                theme=_("历史台账导入"),
                planned_start=start,
                planned_end=max(days, default=start),
                stage=RoundStage.RECTIFICATION,
            )
            self.created["rounds"].append(str(round_))
        self.rounds[name] = round_
        return round_

    def group_of(self, row: HistoricRow, round_: Round) -> Group | None:
        name = str(row.values.get("group") or "")
        number = parse_group(name) if name else 1
        if number is None:
            self.error(row, "group", _("无法识别的巡察组“%(name)s”（如 第一组）。") % {"name": name})
            return None
        key = (round_.pk, number)
        if key not in self.groups:
            group = Group.objects.filter(round=round_, number=number).first()
            if group is None and not self.create:
                self.error(row, "group", _("%(round)s没有%(name)s。") % {"round": round_, "name": name})
                return None
            if group is None:
                group = Group.objects.create(round=round_, number=number)
                self.created["groups"].append(f"{round_}{group}")
            self.groups[key] = group
        return self.groups[key]

    def unit_of(self, row: HistoricRow) -> Unit | None:
        name = str(row.values["unit"])
        if name not in self.units:
            if not self.create:
                self.error(row, "unit", _("本机构没有被巡察单位“%(name)s”。") % {"name": name})
                return None
            count = Unit.objects.filter(code__startswith=f"LS{self.office.pk}-").count() + len(self.created["units"])
            self.units[name] = Unit.objects.create(
                office=self.office, name=name[:200], code=f"LS{self.office.pk}-{count + 1:05d}", kind=UnitKind.OTHER
            )
            self.created["units"].append(name)
        return self.units[name]

    def assignment_of(self, row: HistoricRow, round_: Round, group: Group, unit: Unit) -> Assignment | None:
        key = (round_.pk, unit.pk)
        if key not in self.assignments:
            assignment = Assignment.objects.filter(round=round_, unit=unit).select_related("round").first()
            if assignment is None:
                assignment = Assignment.objects.create(round=round_, unit=unit, group=group)
            self.assignments[key] = assignment
        assignment = self.assignments[key]
        if assignment.group_id != group.pk and row.values.get("group"):
            self.error(row, "group", _("%(unit)s在该轮由另一个巡察组巡察。") % {"unit": unit.name})
        return assignment


def _days(row: HistoricRow) -> list[dt.date]:
    return [row.values[f] for f in ("found_on", "closed_on", "deadline") if row.values.get(f)]


@service("historic_import")
def historic_load(
    *,
    actor: User,
    office: Office,
    ledger: HistoricLedger,
    round: Round | None = None,
    create_missing: bool = False,
    code_prefix: str = "",
) -> LoadResult:
    """Load a checked historic ledger into ``office``, all rows or none (see the module's doc).

    ``round`` is the round of rows that name none; ``create_missing`` is the user's agreement to
    create the rounds, groups and units the sheet names that the office does not have. Codes are
    the sheet's (``code`` column) or generated (``<prefix>LS-<round id>-<n>``, n following the round's earlier
    imports); a duplicate — in the sheet or already in the database — is refused with its row.
    """
    require_manager(actor, office.pk, _("导入历史台账"))
    if round is not None and round.office_id != office.pk:
        raise ApplicationError(_("所选轮次不属于本机构。"))
    if not ledger.ok:
        raise HistoricLoadError(ledger.errors or [CellError(ledger.header_row, "", _("表头下没有数据行。"))])
    resolver = _Resolver(actor=actor, office=office, ledger=ledger, round=round, create=create_missing)
    planned: list[tuple[HistoricRow, Assignment]] = []
    for row in ledger.rows:
        round_ = resolver.round_of(row)
        unit = resolver.unit_of(row)
        if round_ is None or unit is None:
            continue
        group = resolver.group_of(row, round_)
        if group is None:
            continue
        planned.append((row, resolver.assignment_of(row, round_, group, unit)))
    # The archived-round lock (FOR KEY SHARE until commit), each round once.
    from .core import require_round_open

    for round_id in sorted({a.round_id for _row, a in planned}):
        require_round_open(round_id)
    codes = _codes(planned, resolver, code_prefix)
    if resolver.errors:
        raise HistoricLoadError(sorted(resolver.errors, key=lambda e: (e.row, e.column)))

    # Field history is not written for the loaded rows (a starting state, not anyone's change, as
    # the demo load does): the per-row history triggers would cost most of the load's time. The
    # audit trail of the import is each finding's ``historic_import`` event and this service's
    # context.
    with pgtrigger.ignore(*_history_triggers()):
        return _write(actor=actor, resolver=resolver, planned=planned, codes=codes)


def _history_triggers() -> list[str]:
    labels = {"inspections.Issue", *(label for writer in _ROW_WRITERS.values() for label in writer.models)}
    return sorted(
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if model._meta.label in labels and trigger.name == "insert_insert"
    )


def _write(*, actor: User, resolver: _Resolver, planned: list, codes: dict[int, str]) -> LoadResult:
    now = timezone.now()
    issues = []
    for row, assignment in planned:
        values = row.values
        status = values["status"]
        closed_on = values.get("closed_on") if status == IssueStatus.CLOSED else None
        found_on = values.get("found_on") or assignment.round.planned_start
        closed_at = at_noon(closed_on or values.get("deadline") or found_on) if status == IssueStatus.CLOSED else None
        title = str(values["title"])
        issue = Issue(
            assignment=assignment,
            code=codes[row.number],
            category=resolver.category(str(values.get("category") or "")),
            title=title[:300],
            facts=str(values.get("facts") or "") or (title if len(title) > 300 else ""),
            found_on=found_on,
            deadline=values.get("deadline"),
            status=status,
            closed_at=closed_at,
            status_changed_at=closed_at or at_noon(found_on),
        )
        issue.office_id = assignment.round.office_id
        issue.home_office_id = assignment.unit.office_id
        issue.round_id, issue.unit_id, issue.group_id = assignment.round_id, assignment.unit_id, assignment.group_id
        issue.supervising_office_id = assignment.supervising_office_id or issue.office_id
        issues.append(issue)
    Issue.objects.bulk_create(issues, batch_size=BATCH)

    loaded = [(issue, row) for issue, (row, _assignment) in zip(issues, planned, strict=True)]
    label = _("历史台账导入")
    events = [
        {
            "issue_id": issue.pk,
            "actor_id": actor.pk,
            "action": ACTION,
            "from_status": "",
            "to_status": issue.status,
            "comment": _("%(label)s（第%(row)d行）") % {"label": label, "row": row.number},
            "at": now,
        }
        for issue, row in loaded
    ]
    insert_rows(IssueEvent, events)
    # What other apps keep of each finding (rectification: the close-out review, the measure).
    counts: dict[str, int] = {}
    for writer in _ROW_WRITERS.values():
        for name, count in writer.write(actor=actor, loaded=loaded, now=now).items():
            counts[name] = counts.get(name, 0) + count
    transaction.on_commit(schedule_stats_rebuild)
    return LoadResult(
        issues=len(issues),
        closed=sum(1 for i in issues if i.status == IssueStatus.CLOSED),
        reviews=counts.get("reviews", 0),
        rounds_created=resolver.created["rounds"],
        groups_created=resolver.created["groups"],
        units_created=resolver.created["units"],
        round_ids=sorted({issue.round_id for issue in issues}),
    )


def _codes(planned, resolver: _Resolver, prefix: str) -> dict[int, str]:
    """Each row's issue code: the sheet's, or generated; duplicates refused with their row."""
    codes: dict[int, str] = {}
    seen: dict[str, int] = {}
    counters: dict[int, int] = {}
    for row, assignment in planned:
        code = str(row.values.get("code") or "")
        if not code:
            stem = f"{prefix}LS-{assignment.round_id}-"
            if assignment.round_id not in counters:
                counters[assignment.round_id] = Issue.objects.filter(code__startswith=stem).count()
            counters[assignment.round_id] += 1
            code = f"{stem}{counters[assignment.round_id]:05d}"
        if len(code) > 40:
            resolver.error(row, "code", _("问题编号超过40个字符。"))
        elif code in seen:
            resolver.error(row, "code", _("问题编号“%(code)s”与第%(row)d行重复。") % {"code": code, "row": seen[code]})
        seen.setdefault(code, row.number)
        codes[row.number] = code
    taken = set()
    wanted = list(seen)
    for start in range(0, len(wanted), BATCH):
        taken.update(Issue.objects.filter(code__in=wanted[start : start + BATCH]).values_list("code", flat=True))
    for code in sorted(taken, key=seen.get):
        number = seen[code]
        row = next(r for r, _a in planned if r.number == number)
        resolver.error(row, "code", _("问题编号“%(code)s”已存在。") % {"code": code})
    return codes


# --- the background job for large files ------------------------------------------------------

STATUS_SECONDS = 6 * 60 * 60


def upload_path(user_id: int, token: str, name: str) -> Path:
    """Where an uploaded ledger waits for its background load (outside the static root)."""
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    return Path(settings.MEDIA_ROOT) / "imports" / "historic" / str(int(user_id)) / f"{token}{suffix}"


def status_key(token: str) -> str:
    return f"historic-import:{token}"


def load_status(token: str) -> dict | None:
    """The job's state: ``{"state": "reading"|"loading"|"done"|"failed", "progress": 0–100, …}``."""
    return cache.get(status_key(token))


def _report(token: str, **status) -> dict:
    cache.set(status_key(token), status, STATUS_SECONDS)
    return status


def report_queued(token: str, *, rows: int) -> dict:
    """The job's first state, recorded when the user confirms (before a worker picks it up)."""
    return _report(token, state="queued", progress=0, rows=rows)


def run_load(
    *,
    user_id: int,
    office_id: int,
    token: str,
    name: str,
    mapping: dict | None = None,
    statuses: dict | None = None,
    round_id: int | None = None,
    create_missing: bool = False,
) -> dict:
    """Read, check and load a stored upload, all or nothing, reporting progress in the cache.

    Idempotent: once the file is consumed, a second run returns the recorded outcome.
    """
    path = upload_path(user_id, token, name)
    if not path.exists():
        return load_status(token) or _report(
            token, state="failed", progress=100, message=_("导入文件已失效，请重新上传。")
        )
    actor = User.objects.get(pk=user_id)
    office = Office.objects.get(pk=office_id)
    round_ = Round.objects.filter(pk=round_id, office=office).first() if round_id else None
    _report(token, state="reading", progress=10)
    columns = {int(k): v for k, v in mapping.items()} if mapping else None
    try:
        ledger = read_ledger(path.read_bytes(), name, mapping=columns, statuses=statuses)
        _report(token, state="loading", progress=40, rows=len(ledger.rows))
        result = historic_load(actor=actor, office=office, ledger=ledger, round=round_, create_missing=create_missing)
    except HistoricLoadError as exc:
        errors = [{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors]
        return _report(token, state="failed", progress=100, message=exc.message, errors=errors)
    except (HistoricFileError, ApplicationError, PermissionDenied) as exc:
        message = exc.message if isinstance(exc, ApplicationError) else str(exc)
        return _report(token, state="failed", progress=100, message=message, errors=[])
    path.unlink(missing_ok=True)
    return _report(token, state="done", progress=100, **asdict(result))


@shared_task(name="inspections.historic_load", time_limit=30 * 60, soft_time_limit=25 * 60)
def historic_load_task(
    *,
    user_id: int,
    office_id: int,
    token: str,
    name: str,
    mapping: dict | None = None,
    statuses: dict | None = None,
    round_id: int | None = None,
    create_missing: bool = False,
    language: str = "zh-hans",
) -> dict:
    """The background load of a large historic ledger (see ``run_load``); messages in the user's language."""
    with translation.override(language):
        return run_load(
            user_id=user_id,
            office_id=office_id,
            token=token,
            name=name,
            mapping=mapping,
            statuses=statuses,
            round_id=round_id,
            create_missing=create_missing,
        )
