"""The audit trail: one time-ordered list over every audit source, read through the scope rules.

Sources: field history (django-pghistory event tables, with the acting user in their context),
lifecycle events of issues and clues, sign-ins and failed sign-ins (django-axes), clue reads,
ledger exports and permission changes (role assignment history). Each source is queried with
the same filters, newest first and limited, and the pages are merged in time order.

Scope (``reader``): a superuser, or an admin of a top office (whose subtree is the whole
tree), reads everything, system writes without an actor included. An admin of a lower office
reads his subtree: actions by people holding a role in it (field history, permission changes,
sign-ins, exports), lifecycle events of the issues and clues he may see, clue reads of his
offices' clues; never the field history of a clue he may not see, whoever changed it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import heapq
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scopes import audited_users, export_log_q, visible_q

CATEGORIES = {
    "history": _("字段变更"),
    "lifecycle": _("流转操作"),
    "signin": _("登录"),
    "signin_failed": _("登录失败"),
    "clue_read": _("线索查阅"),
    "export": _("台账导出"),
    "permission": _("权限变更"),
}


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""  # username (exact) or empty
    category: str = ""
    action: str = ""
    obj: str = ""  # text contained in the object description, e.g. an issue code
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    category: str
    user: str
    action: str
    obj: str
    detail: str

    @property
    def category_label(self) -> str:
        return str(CATEGORIES.get(self.category, self.category))

    # The screen's plain Chinese (the codes stay in the row, for filters and the export).

    @property
    def action_label(self) -> str:
        from inspections.choices import ACTION_LABELS

        label = ACTION_LABELS.get(self.action) or ROW_ACTIONS.get(self.action)
        return str(label) if label else self.action

    @property
    def obj_label(self) -> str:
        model, pk = _model_of(self.obj)
        if model is None:
            return self.obj
        return f"{model._meta.verbose_name} #{pk}"

    @property
    def detail_label(self) -> str:
        if self.category == "lifecycle":
            return _status_words(self.detail)
        model, _pk = _model_of(self.obj)
        if model is None or " → " not in self.detail:
            return self.detail
        parts = []
        for part in self.detail.split("；"):
            name, _sep, change = part.partition(": ")
            with contextlib.suppress(FieldDoesNotExist):  # a field since removed: its code name
                name = str(model._meta.get_field(name).verbose_name)
            parts.append(f"{name}：{change}" if change else part)
        return "；".join(parts)


ROW_ACTIONS = {
    "insert": _("新增"),
    "update": _("修改"),
    "delete": _("删除"),
    "login": _("登录成功"),
    "login_failed": _("登录失败"),
    "locked_out": _("登录失败并锁定"),
}


def _model_of(obj: str):
    """``app.Model#pk`` (field history's object) as (model, pk); (None, None) for anything else."""
    from django.apps import apps

    label, sep, pk = obj.partition("#")
    if not sep or "." not in label:
        return None, None
    try:
        return apps.get_model(label), pk
    except (LookupError, ValueError):
        return None, None


def _status_words(text: str) -> str:
    """Status codes of a lifecycle step ("draft → confirmed …") in words."""
    from inspections.choices import ClueStatus, IssueStatus

    labels = {**dict(ClueStatus.choices), **dict(IssueStatus.choices)}
    head, arrow, rest = text.partition(" → ")
    if not arrow:
        return text
    to, _space, comment = rest.partition(" ")
    words = f"{labels.get(head, head)} → {labels.get(to, to)}"
    return f"{words} {comment}".strip()


def _time(q_field: str, f: AuditFilter) -> Q:
    q = Q()
    if f.since:
        q &= Q(**{f"{q_field}__gte": f.since})
    if f.until:
        q &= Q(**{f"{q_field}__lt": f.until})
    return q


def _user_id(username: str) -> int | None:
    from accounts.models import User

    return User.objects.filter(username=username).values_list("pk", flat=True).first()


def _audited_user_ids(user) -> list[int]:
    users = audited_users(user)
    return [] if users is None else sorted(set(users.values_list("user_id", flat=True)))


def _hidden_clue_history(user) -> Q:
    """Field history of clues (and the persons they name) the reader may not see."""
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from inspections.models import Clue, CluePerson

    clues = Clue.objects.visible_to(user)
    persons = CluePerson.objects.filter(clue__in=clues.values("pk"))
    as_text = {"text": Cast("pk", CharField())}
    return (Q(pgh_obj_model="inspections.Clue") & ~Q(pgh_obj_id__in=clues.annotate(**as_text).values("text"))) | (
        Q(pgh_obj_model="inspections.CluePerson") & ~Q(pgh_obj_id__in=persons.annotate(**as_text).values("text"))
    )


def _history(f: AuditFilter, limit: int, reader, *, permission: bool):
    from pghistory.models import Events

    from accounts.models import User

    events = Events.objects.filter(_time("pgh_created_at", f))
    role_model = "accounts.RoleAssignmentHistory"
    events = events.filter(pgh_model=role_model) if permission else events.exclude(pgh_model=role_model)
    if not reader.sees_all:
        events = events.filter(pgh_context__user__in=_audited_user_ids(reader.user))
        if not permission:
            events = events.exclude(_hidden_clue_history(reader.user))
    if f.user:
        events = events.filter(pgh_context__user=_user_id(f.user))
    if f.action:
        events = events.filter(pgh_label=f.action)
    if f.obj:
        events = events.filter(Q(pgh_obj_id=f.obj) | Q(pgh_obj_model__icontains=f.obj))
    rows = list(events.order_by("-pgh_created_at")[:limit])
    users = dict(
        User.objects.filter(pk__in={(e.pgh_context or {}).get("user") for e in rows} - {None}).values_list(
            "pk", "username"
        )
    )
    category = "permission" if permission else "history"
    for event in rows:
        context = event.pgh_context or {}
        changes = event.pgh_diff or {}
        detail = "；".join(f"{key}: {old} → {new}" for key, (old, new) in changes.items()) if changes else ""
        yield AuditRow(
            event.pgh_created_at,
            category,
            users.get(context.get("user"), ""),
            event.pgh_label,
            f"{event.pgh_obj_model}#{event.pgh_obj_id}",
            detail or context.get("url", "") or context.get("service", ""),
        )


def _lifecycle(f: AuditFilter, limit: int, reader):
    from inspections.models import Clue, ClueEvent, Issue, IssueEvent, Round, RoundEvent

    for model, subject, code, subjects in (
        (IssueEvent, "issue", "issue__code", Issue),
        (ClueEvent, "clue", "clue__code", Clue),
        (RoundEvent, "round", "round__term", Round),
    ):
        events = model.objects.filter(_time("at", f)).select_related("actor", subject)
        if not reader.sees_all:
            events = events.filter(**{f"{subject}__in": subjects.objects.visible_to(reader.user).values("pk")})
        if f.user:
            events = events.filter(actor__username=f.user)
        if f.action:
            events = events.filter(action=f.action)
        if f.obj:
            events = events.filter(**{f"{code}__icontains": f.obj})
        for event in events.order_by("-at")[:limit]:
            yield AuditRow(
                event.at,
                "lifecycle",
                event.actor.username,
                event.action,
                getattr(event, subject).code,
                f"{event.from_status} → {event.to_status} {event.comment}".strip(),
            )


def _signins(f: AuditFilter, limit: int, reader):
    from axes.models import AccessFailureLog, AccessLog

    from accounts.models import User

    logs = AccessLog.objects.filter(_time("attempt_time", f))
    failures = AccessFailureLog.objects.filter(_time("attempt_time", f))
    if not reader.sees_all:
        # Sign-ins of the reader's people; failures for names nobody has are the superuser's to read.
        users = audited_users(reader.user)
        names = User.objects.filter(pk__in=users if users is not None else []).values("username")
        logs, failures = logs.filter(username__in=names), failures.filter(username__in=names)
    if f.user:
        logs, failures = logs.filter(username=f.user), failures.filter(username=f.user)
    for log in logs.order_by("-attempt_time")[:limit]:
        yield AuditRow(log.attempt_time, "signin", log.username or "", "login", log.ip_address or "", log.path_info)
    for failure in failures.order_by("-attempt_time")[:limit]:
        action = "locked_out" if failure.locked_out else "login_failed"
        yield AuditRow(
            failure.attempt_time,
            "signin_failed",
            failure.username or "",
            action,
            failure.ip_address or "",
            failure.path_info,
        )


def _clue_reads(f: AuditFilter, limit: int, reader):
    from inspections.models import ClueRead

    reads = ClueRead.objects.filter(_time("at", f)).select_related("user", "clue")
    if not reader.sees_all:
        reads = reads.filter(visible_q(ClueRead, reader.user))
    if f.user:
        reads = reads.filter(user__username=f.user)
    if f.obj:
        reads = reads.filter(clue__code__icontains=f.obj)
    for read in reads.order_by("-at")[:limit]:
        yield AuditRow(read.at, "clue_read", read.user.username, read.via, read.clue.code, "")


def _exports(f: AuditFilter, limit: int, reader):
    from ledgers.models import Export

    exports = Export.objects.filter(_time("created_at", f)).select_related("user")
    if not reader.sees_all:
        exports = exports.filter(export_log_q(reader.user))
    if f.user:
        exports = exports.filter(user__username=f.user)
    for export in exports.order_by("-created_at")[:limit]:
        yield AuditRow(
            export.created_at,
            "export",
            export.user.username,
            export.ledger,
            export.get_ledger_display(),
            f"rows={export.rows} status={export.status} filters={export.filters}",
        )


SOURCES = {
    "history": lambda f, n, reader: _history(f, n, reader, permission=False),
    "permission": lambda f, n, reader: _history(f, n, reader, permission=True),
    "lifecycle": _lifecycle,
    "signin": _signins,
    "signin_failed": _signins,
    "clue_read": _clue_reads,
    "export": _exports,
}


@dataclass(frozen=True)
class Reader:
    user: object
    sees_all: bool

    @property
    def pk(self):
        return self.user.pk


def _reader(user) -> Reader:
    from accounts.scopes import AUDITORS, grants

    top = any(grant.role in AUDITORS and grant.office_path.strip("/").count("/") == 0 for grant in grants(user))
    return Reader(user, user.is_superuser or top)


def audit_rows(f: AuditFilter, *, reader, offset: int = 0, limit: int = 50) -> list[AuditRow]:
    """Rows ``offset .. offset+limit`` of the merged trail that ``reader`` may read, newest first."""
    reader = _reader(reader)
    wanted = offset + limit
    sources = (
        [f.category]
        if f.category in SOURCES
        else ["history", "permission", "lifecycle", "signin", "clue_read", "export"]
    )
    streams = []
    for name in sources:
        rows = sorted(SOURCES[name](f, wanted, reader), key=lambda row: row.at, reverse=True)
        if f.category:
            rows = [row for row in rows if row.category == f.category]
        if f.action:
            rows = [row for row in rows if row.action == f.action]
        if f.obj:
            rows = [row for row in rows if f.obj in row.obj or f.obj in row.detail]
        streams.append(rows)
    merged = heapq.merge(*streams, key=lambda row: row.at, reverse=True)
    return list(merged)[offset:wanted]
