"""What each role must do today: the workbench's figures, each the row count of the list it links
to — it is counted by the same FilterSet over the same queryset that list uses, with the query
string of the link — most urgent first, with the deadline colour of its urgency.

A tile is ``Tile(key, label, url, count, colour)``; sections are lists of tiles per role.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections import selectors as inspection_selectors
from inspections.choices import ClueStatus, IssueStatus
from inspections.filters import ClueFilterSet, IssueFilterSet, overdue_q
from inspections.models import GroupMembership, Issue, IssueEvent
from rectification import selectors as rect
from rectification.filters import ExtensionFilterSet, PlanFilterSet

GROUP_PROGRESS_LIMIT = 30  # a group leader's assignments, newest round first
COLOUR_RANK = {"red": 0, "yellow": 1, "green": 2, None: 3}


@dataclass
class Tile:
    key: str
    label: str
    url: str
    count: int
    colour: str | None = None  # red, yellow, green: the deadline colour of its urgency


class _Request:
    """What a FilterSet needs of a request: the user."""

    def __init__(self, user):
        self.user = user


def _counted(user, filterset_class, queryset, params: dict) -> int:
    data = _querydict(params)
    return filterset_class(data or None, queryset=queryset, request=_Request(user)).qs.count()


def _querydict(params: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in params.items():
        if isinstance(value, list | tuple):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return data


def _url(name: str, params: dict) -> str:
    return reverse(name) + ("?" + urlencode(params, doseq=True) if params else "")


def _issues_url(params: dict) -> str:
    return _url("inspections:issue-list", params)


def issue_tile(user, key, label, params: dict, colour=None, tab: str = "all") -> Tile:
    """A count of the issue list (问题清单) with ``params``; ``tab`` picks its base list."""
    base = {
        "all": inspection_selectors.issue_list,
        "mine": inspection_selectors.my_drafts,
        "review": inspection_selectors.awaiting_my_review,
    }[tab](user=user)
    query = {"tab": tab, **params} if tab != "all" else params
    return Tile(key, label, _url("inspections:issue-list", query), _counted(user, IssueFilterSet, base, params), colour)


def clue_tile(user, key, label, params: dict, colour=None) -> Tile:
    base = inspection_selectors.clue_list(user=user)
    return Tile(key, label, _url("inspections:clue-list", params), _counted(user, ClueFilterSet, base, params), colour)


def queue_tile(user, tab: str, label: str, colour=None) -> Tile:
    filterset, queryset = {
        "issues": (IssueFilterSet, rect.issues_awaiting_review(user=user)),
        "plans": (PlanFilterSet, rect.plans_awaiting_review(user=user)),
        "extensions": (ExtensionFilterSet, rect.extensions_awaiting_decision(user=user)),
    }[tab]
    url = _url("rectification:queue", {"tab": tab})
    return Tile(f"queue-{tab}", label, url, _counted(user, filterset, queryset, {}), colour)


def _urgent_first(tiles: list[Tile]) -> list[Tile]:
    """Tiles with work first (most urgent colour first), then the empty ones; stable otherwise."""
    return sorted(tiles, key=lambda t: (t.count == 0, COLOUR_RANK.get(t.colour, 3)))


def _window(days: int, today: dt.date) -> dict:
    return {
        "status": IssueStatus.RECTIFYING,
        "deadline_after": today.isoformat(),
        "deadline_before": (today + dt.timedelta(days=days)).isoformat(),
    }


# --- per role ------------------------------------------------------------------------------------


def inspector_tiles(user) -> list[Tile]:
    return [
        issue_tile(user, "drafts", _("我的草稿"), {}, tab="mine"),
        issue_tile(user, "to-review", _("待我审核或确认"), {}, "yellow", tab="review"),
    ]


def group_leader_tiles(user) -> list[Tile]:
    tiles = [clue_tile(user, "clues-to-transfer", _("待移交线索"), {"status": ClueStatus.DRAFT}, "yellow")]
    return tiles


def group_progress(user) -> list[Tile]:
    """The groups the user leads: each assignment's findings so far, linking to its issues (one
    grouped count, the same rows the issue list filtered by assignment shows)."""
    led = GroupMembership.objects.filter(user=user, role="leader").values("group_id")
    led_assignments = inspection_selectors.my_assignments(user=user).filter(group__in=led).select_related("unit")
    assignments = list(led_assignments[:GROUP_PROGRESS_LIMIT])
    counts = dict(
        inspection_selectors.issue_list(user=user)
        .filter(assignment__in=[a.pk for a in assignments])
        .order_by()
        .values_list("assignment")
        .annotate(n=Count("id"))
    )
    return [
        Tile(f"assignment-{a.pk}", a.unit.name, _issues_url({"assignment": a.pk}), counts.get(a.pk, 0))
        for a in assignments
    ]


def liaison_tiles(user, today: dt.date) -> list[Tile]:
    return _urgent_first(
        [
            issue_tile(user, "overdue", _("已逾期"), {"overdue": "true"}, "red"),
            issue_tile(user, "due-10", _("10天内到期"), _window(10, today), "yellow"),
            issue_tile(user, "due-20", _("20天内到期"), _window(20, today), "green"),
            issue_tile(user, "pending-review", _("已报请销号待审核"), {"status": IssueStatus.PENDING_REVIEW}),
        ]
    )


def returned_tile(user) -> Tile:
    """Unread notices of returns (issues and plans): what came back to the user."""
    from notifications.choices import NotificationKind
    from notifications.models import Notification

    kinds = [NotificationKind.ISSUE_RETURNED, NotificationKind.PLAN_RETURNED]
    count = Notification.objects.visible_to(user).unread().filter(kind__in=kinds).count()
    url = _url("notifications:list", {"tab": "unread", "kind": kinds})
    return Tile("returned", _("被退回待处理"), url, count, "red")


def latest_comments(user, limit: int = 5):
    """The latest reviewers' decisions (return, close) on the issues the user sees."""
    visible = Issue.objects.visible_to(user).values("pk")
    return list(
        IssueEvent.objects.filter(issue__in=visible, action__in=("return", "close", "long_term"))
        .select_related("issue", "actor")
        .order_by("-at", "-id")[:limit]
    )


def supervisor_tiles(user) -> list[Tile]:
    return [
        queue_tile(user, "issues", _("待审核销号问题"), "yellow"),
        queue_tile(user, "plans", _("待审核整改方案"), "yellow"),
        queue_tile(user, "extensions", _("待审批延期申请")),
        issue_tile(user, "overdue", _("逾期未整改问题"), {"overdue": "true"}, "red"),
    ]


def review_ages(user, today: dt.date) -> list[dict]:
    """The review queue by age: how many reports wait 0–7, 8–15, 16–30 and over 30 days (by the local
    date they were reported; one aggregate, not the dates of the whole queue)."""

    def start(days_ago: int) -> dt.datetime:  # the beginning of that local day
        return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time.min))

    at = "status_changed_at"
    buckets = [
        (_("7天内"), None, Q(**{f"{at}__gte": start(7), f"{at}__lt": start(-1)})),
        (_("8–15天"), "green", Q(**{f"{at}__gte": start(15), f"{at}__lt": start(7)})),
        (_("16–30天"), "yellow", Q(**{f"{at}__gte": start(30), f"{at}__lt": start(15)})),
        (_("30天以上"), "red", Q(**{f"{at}__lt": start(30)})),
    ]
    counts = rect.issues_awaiting_review(user=user).aggregate(
        **{str(n): Count("pk", filter=where) for n, (_label, _colour, where) in enumerate(buckets)}
    )
    return [
        {"label": label, "count": counts[str(n)], "colour": colour} for n, (label, colour, _where) in enumerate(buckets)
    ]


def overdue_by_unit(user, limit: int = 10) -> list[Tile]:
    """The red list: units with the most overdue issues, each linking to its overdue issues (one
    grouped count over the issue list's rows, with the list's own overdue rule)."""
    rows = (
        inspection_selectors.issue_list(user=user)
        .filter(overdue_q(timezone.localdate()))
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__name")[:limit]
    )
    return [
        Tile(
            f"unit-{row['unit_id']}",
            row["unit__name"],
            _url("inspections:issue-list", {"overdue": "true", "unit": row["unit_id"]}),
            row["n"],
            "red",
        )
        for row in rows
    ]


def clue_officer_tiles(user) -> list[Tile]:
    return _urgent_first(
        [
            clue_tile(user, "clue-results-overdue", _("线索结果逾期未反馈"), {"result_overdue": "true"}, "red"),
            clue_tile(user, "clue-results-due", _("已移交待反馈结果"), {"status": ClueStatus.TRANSFERRED}, "yellow"),
        ]
    )


def leader_tiles(user) -> list[Tile]:
    return [
        issue_tile(user, "found", _("发现问题"), {"status": list(map(str, _found()))}),
        issue_tile(user, "rectifying", _("整改中"), {"status": [IssueStatus.RECTIFYING, IssueStatus.LONG_TERM]}),
        issue_tile(user, "pending-review", _("待审核销号问题"), {"status": IssueStatus.PENDING_REVIEW}, "yellow"),
        issue_tile(user, "closed", _("已销号"), {"status": IssueStatus.CLOSED}, "green"),
        issue_tile(user, "overdue", _("逾期未整改问题"), {"overdue": "true"}, "red"),
    ]


def _found():
    from inspections.choices import FOUND_STATUSES

    return FOUND_STATUSES


def _admin_url(name: str, params: dict | None = None) -> str:
    try:
        return _url(name, params or {})
    except NoReverseMatch:
        return ""


def admin_section(user) -> dict:
    """Recent exports, accounts locked out, failed jobs (exports and Celery tasks)."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django_celery_results.models import TaskResult

    from ledgers.choices import ExportStatus
    from ledgers.selectors import export_log

    exports = export_log(user)
    locked = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).count()
    failed_tasks = TaskResult.objects.filter(status="FAILURE").count()
    failed_exports = exports.filter(status=ExportStatus.FAILED).count()
    return {
        "exports": list(exports.order_by("-id")[:5]),
        "tiles": [
            # The locked accounts and failed jobs open the Django admin: shown to whom it lets read them.
            *(
                [Tile("locked", _("被锁定的账号"), _admin_url("admin:axes_accessattempt_changelist"), locked, "red")]
                if user.is_staff and user.has_perm("axes.view_accessattempt")
                else []
            ),
            *(
                [
                    Tile(
                        "failed-tasks",
                        _("失败的后台任务"),
                        _admin_url("admin:django_celery_results_taskresult_changelist", {"status__exact": "FAILURE"}),
                        failed_tasks,
                        "red",
                    )
                ]
                if user.is_staff and user.has_perm("django_celery_results.view_taskresult")
                else []
            ),
            Tile("failed-exports", _("失败的导出"), reverse("ledgers:home"), failed_exports, "red"),
        ],
    }
