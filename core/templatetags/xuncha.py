"""Template helpers shared by every screen: sortable column headers, pagination links and
status badges."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_th(context, field: str, label, css: str = ""):
    """A column header that sorts by ``field`` (toggling the direction) and keeps the filters."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("ordering", "")
    if current == field:
        target, arrow = f"-{field}", "▲"
    elif current == f"-{field}":
        target, arrow = field, "▼"
    else:
        target, arrow = field, ""
    params["ordering"] = target
    params.pop("page", None)
    return format_html(
        '<th class="{}"><a class="sort-link" href="?{}">{}</a> <span class="sort-arrow">{}</span></th>',
        css,
        params.urlencode(),
        label,
        arrow,
    )


STATUS_CLASSES = {
    "draft": "secondary",
    "confirmed": "primary",
    "rectifying": "warning",
    "pending_review": "info",
    "closed": "success",
    "long_term": "dark",
    "withdrawn": "light",
    "transferred": "warning",
    "concluded": "success",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "secondary")


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.filter
def thousands(value) -> str:
    """1000000 → 1,000,000 (the way counts are written in the offices' reports)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value
