"""Template helpers of the rectification screens: deadline colours, event labels, the review
counts for the navigation and the rectification panel of the inspection issue page."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from rectification import selectors
from rectification.models import Feedback, Plan

register = template.Library()

COLOUR_CLASSES = {"red": "danger", "yellow": "warning", "green": "success"}


@register.filter
def colour_class(colour: str | None) -> str:
    """Bootstrap's colour for a deadline warning (green / yellow / red)."""
    return COLOUR_CLASSES.get(colour or "", "secondary")


@register.filter
def colour_label(colour: str | None) -> str:
    return {
        "red": _("已逾期"),
        "yellow": _("临期"),
        "green": _("即将到期"),
    }.get(colour or "", _("正常"))


@register.filter
def translated(text) -> str:
    """Translate a string kept in data (e.g. a checklist item's label) if the catalogue has it."""
    return _(str(text)) if text else ""


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def review_counts(context) -> dict:
    """{"plans", "issues", "total"} waiting for the user's review (cached for the request)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"plans": 0, "issues": 0, "total": 0}
    return selectors.review_counts(request.user)


@register.simple_tag(takes_context=True)
def rectification_panel(context, issue) -> dict:
    """What the inspection issue page shows about the issue's rectification (measures, progress
    with evidence, reviews), read within the user's scope."""
    request = context["request"]
    data = selectors.issue_rectification(user=request.user, issue=issue)
    data["show"] = issue.status not in ("draft", "confirmed", "withdrawn") or bool(data["measures"] or data["progress"])
    return data


@register.simple_tag(takes_context=True)
def assignment_rectification(context, assignment) -> dict:
    """The feedback and plans the inspection assignment page shows, read within the user's scope."""
    user = context["request"].user
    return {
        "feedback": Feedback.objects.visible_to(user).filter(assignment=assignment).first(),
        "plans": Plan.objects.visible_to(user).filter(assignment=assignment).order_by("-version"),
    }
