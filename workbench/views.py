"""The workbench (工作台): each user's first screen after signing in — what he must do today, by
role, each figure linking to the list it counts (workbench/tiles.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.scopes import grants, is_manager, reads_clues_office_wide
from accounts.selectors import user_role_assignments
from core import generations
from inspections import deadlines
from inspections import selectors as inspection_selectors
from inspections.models import GroupMembership

from . import tiles
from .templatetags.navigation import inspector_label

# The sections counted over an office's whole subtree (every finding of the city at the top): kept
# per user for the day under the generation that every save of a finding, plan, extension request,
# assignment or role moves (rectification/signals.py), as the navigation's review badge is. At
# 5,000,000 findings they cost the city office 2 s of SQL; a bulk write that sends no signal shows
# in them within REVIEW_COUNTS_SECONDS.


def office_wide(user, today) -> dict:
    """The office-wide sections' tiles and the review queue by age, computed or from the cache."""
    from rectification.selectors.reviews import REVIEW_COUNTS, REVIEW_COUNTS_SECONDS

    roles = {grant.role for grant in grants(user)}

    def compute() -> dict:
        found = {}
        if is_manager(user):
            found["supervisor"] = tiles.supervisor_tiles(user)
            if Role.SUPERVISOR in roles:
                found["review_ages"] = tiles.review_ages(user, today)
        if Role.LEADER in roles:
            found["leader"] = tiles.leader_tiles(user)
        if roles & {Role.SUPERVISOR, Role.LEADER, Role.ADMIN}:
            found["red-list"] = tiles.overdue_by_unit(user)
        return found

    if not (roles & {Role.SUPERVISOR, Role.LEADER, Role.ADMIN}):
        return {}
    key = f"workbench:{user.pk}:{today.isoformat()}"
    return generations.cached(REVIEW_COUNTS, key, compute, timeout=REVIEW_COUNTS_SECONDS)


def sections(user, today, cached: dict) -> list[dict]:
    """The workbench's sections for the user's roles, in the order he acts on them (``cached``: the
    office-wide ones, from :func:`office_wide`)."""
    roles = {grant.role for grant in grants(user)}
    found = []
    if Role.LIAISON in roles:
        liaison = tiles.liaison_tiles(user, today) + [tiles.returned_tile(user)]
        found.append({"key": "liaison", "title": _("整改任务"), "tiles": liaison})
    if Role.INSPECTOR in roles:
        found.append({"key": "inspector", "title": _("问题底稿"), "tiles": tiles.inspector_tiles(user)})
        if GroupMembership.objects.filter(user=user, role="leader").exists():
            found.append({"key": "group-leader", "title": _("组长事项"), "tiles": tiles.group_leader_tiles(user)})
            found.append({"key": "group-progress", "title": _("本组进度"), "tiles": tiles.group_progress(user)})
    if "supervisor" in cached:
        found.append({"key": "supervisor", "title": _("审核监督"), "tiles": cached["supervisor"]})
    if reads_clues_office_wide(user):
        found.append({"key": "clue-officer", "title": _("线索办理"), "tiles": tiles.clue_officer_tiles(user)})
    if "leader" in cached:
        found.append({"key": "leader", "title": _("关键指标"), "tiles": cached["leader"]})
    if "red-list" in cached:
        found.append({"key": "red-list", "title": _("逾期红榜"), "tiles": cached["red-list"]})
    return found


@login_required
def home(request):
    """The workbench (工作台): what the user must do today, and where his roles reach."""
    user = request.user
    roles = {grant.role for grant in grants(user)}
    today = deadlines.today()
    cached = office_wide(user, today)
    context = {
        "assignments": user_role_assignments(user=user),
        "my_assignments": inspection_selectors.my_assignments(user=user)[:10],
        "is_member": inspection_selectors.is_group_member(user),
        "sections": sections(user, today, cached),
        "drafts": inspection_selectors.my_drafts(user=user).select_related("unit")[:5],
        "review": inspection_selectors.awaiting_my_review(user=user).select_related("unit")[:5],
    }
    if Role.INSPECTOR in roles:
        context["inspector_label"] = inspector_label(user)
    if Role.LIAISON in roles:
        from rectification.selectors import liaison_home

        context["due"] = liaison_home(user=user, today=today)["due"]
        context["comments"] = tiles.latest_comments(user)
    if "review_ages" in cached:
        context["review_ages"] = cached["review_ages"]
    if Role.ADMIN in roles:
        context["admin"] = tiles.admin_section(user)
    return render(request, "workbench/home.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("favicon.svg"))
