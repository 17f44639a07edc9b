"""The site's chrome: the task navigation (with the review queue's badge) and the top bar's
offices and roles. It lives in the workbench app, the one place allowed to see every app."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.scopes import grants, is_manager
from accounts.selectors import user_role_assignments
from inspections import selectors
from rectification.selectors import is_reviewer, review_counts

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context):
    """The left navigation by task, per the user's roles; the current entry is marked active."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return []
    path = request.path
    roles = {grant.role for grant in grants(user)}
    items = [
        {"key": "home", "label": _("工作台"), "url": reverse("home"), "icon": "house"},
        {
            "key": "rounds",
            "label": _("我的巡察"),
            "url": reverse("inspections:round-list"),
            "children": [
                {"label": _("巡察轮次"), "url": reverse("inspections:round-list")},
                {"label": _("书记点题"), "url": reverse("inspections:point-list")},
                {"label": _("巡察专报"), "url": reverse("inspections:report-list")},
                {"label": _("专项治理"), "url": reverse("commons:campaign-list")},
                {"label": _("信访件"), "url": reverse("onsite:letter-list")},
            ],
        },
        {
            "key": "issues",
            "label": _("问题"),
            "url": reverse("inspections:issue-list"),
            "children": [
                {"label": _("问题清单"), "url": reverse("inspections:issue-list")},
                {"label": _("共性问题"), "url": reverse("commons:common-issue-list")},
            ]
            + (
                [
                    {"label": _("录入问题"), "url": reverse("inspections:issue-create")},
                    {"label": _("批量导入"), "url": reverse("inspections:import-upload")},
                ]
                if selectors.is_group_member(user)
                else []
            )
            + (
                [{"label": _("导入历史台账"), "url": reverse("inspections:historic-upload")}]
                if is_manager(user)
                else []
            ),
        },
    ]
    if _can_read_clues(request):
        items.append({"key": "clues", "label": _("线索"), "url": reverse("inspections:clue-list")})
    if roles & {Role.SUPERVISOR, Role.LIAISON, Role.ADMIN, Role.LEADER}:
        children = [{"label": _("整改工作台"), "url": reverse("rectification:home")}]
        if is_reviewer(user):
            children.append({"label": _("审核队列"), "url": reverse("rectification:queue")})
        children += [
            {"label": _("巡察对象"), "url": reverse("rectification:assignment-list")},
            {"label": _("单位整改档案"), "url": reverse("rectification:unit-list")},
        ]
        items.append(
            {
                "key": "rectification",
                "label": _("整改"),
                "url": reverse("rectification:home"),
                "badge": review_counts(user)["total"],
                "children": children,
            }
        )
    if roles & {Role.SUPERVISOR, Role.ADMIN, Role.LEADER, Role.CLUE_OFFICER}:
        items.append({"key": "stats", "label": _("统计"), "url": reverse("dashboard:home")})
        items.append({"key": "ledgers", "label": _("台账"), "url": reverse("ledgers:home")})
    if Role.ADMIN in roles:
        items.append({"key": "audit", "label": _("审计日志"), "url": reverse("audit")})
    if user.is_staff:  # the Django admin lets staff in only: no link that ends in a 403
        items.append({"key": "admin", "label": _("管理"), "url": reverse("admin:index")})
    for item in items:
        urls = [item["url"], *[child["url"] for child in item.get("children", ())]]
        item["active"] = any(
            path == url or (url != "/" and path.startswith(url.rstrip("/") + "/")) for url in urls
        ) or (item["key"] == "rounds" and path.startswith(("/assignments/", "/groups/")))
        for child in item.get("children", ()):
            child["active"] = path == child["url"]
    return items


def _can_read_clues(request) -> bool:
    cached = getattr(request, "_can_read_clues", None)
    if cached is None:
        cached = request._can_read_clues = selectors.can_read_clues(request.user)
    return cached


@register.simple_tag(takes_context=True)
def user_places(context):
    """The user's offices and roles for the top bar: [(office, [role labels])]."""
    user = context["request"].user
    if not user.is_authenticated:
        return []
    places: dict[str, list[str]] = {}
    for assignment in user_role_assignments(user=user):
        label = str(assignment.get_role_display())
        if assignment.role == Role.INSPECTOR:
            label = inspector_label(user)
        places.setdefault(assignment.office.name, []).append(label)
    return list(places.items())


def inspector_label(user) -> str:
    """An inspector is shown by his highest place in a group: 组长, 副组长, or 巡察组成员."""
    from inspections.choices import GroupRole
    from inspections.models import GroupMembership

    group_roles = set(GroupMembership.objects.filter(user=user).values_list("role", flat=True))
    if GroupRole.LEADER in group_roles:
        return _("巡察组组长")
    if GroupRole.DEPUTY in group_roles:
        return _("巡察组副组长")
    return str(Role.INSPECTOR.label)


@register.simple_tag(takes_context=True)
def export_url(context) -> str:
    """The ledger export page of the list on screen, carrying the list's current filters
    ("" when no ledger mirrors this list or the user may not export it)."""
    from ledgers.selectors import may_export, registry

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    for spec in registry().values():
        if spec.list_url and reverse(spec.list_url) == request.path and may_export(request.user, spec):
            query = request.GET.copy()
            for key in ("page", "tab"):
                query.pop(key, None)
            url = reverse("ledgers:ledger", args=[spec.code])
            return f"{url}?{query.urlencode()}" if query else url
    return ""
