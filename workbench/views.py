"""The workbench (工作台): each user's first screen after signing in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.selectors import user_role_assignments
from inspections import selectors as inspection_selectors
from inspections.choices import ClueStatus
from inspections.models import Clue


@login_required
def home(request):
    """The workbench (工作台): who the user is, where his roles reach, and his queues of work."""
    user = request.user
    context = {
        "assignments": user_role_assignments(user=user),
        "my_assignments": inspection_selectors.my_assignments(user=user)[:10],
        "drafts": inspection_selectors.my_drafts(user=user)[:5],
        "draft_count": inspection_selectors.my_drafts(user=user).count(),
        "review": inspection_selectors.awaiting_my_review(user=user)[:5],
        "review_count": inspection_selectors.awaiting_my_review(user=user).count(),
        "is_member": inspection_selectors.is_group_member(user),
        "show_clues": inspection_selectors.can_read_clues(user),
    }
    if context["show_clues"]:
        clues = Clue.objects.visible_to(user)
        context["clue_counts"] = {
            "draft": clues.filter(status=ClueStatus.DRAFT).count(),
            "transferred": clues.filter(status=ClueStatus.TRANSFERRED).count(),
        }
    return render(request, "workbench/home.html", context)
