from django import template

from accounts.scopes import is_manager

register = template.Library()


@register.simple_tag(takes_context=True)
def can_group_common_issues(context) -> bool:
    """Whether the user may group findings into a common issue (a supervisor or admin)."""
    return is_manager(context["request"].user)
