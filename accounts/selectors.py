"""Reads about users, their offices and roles."""

from django.db.models import QuerySet

from .models import RoleAssignment, User


def user_role_assignments(*, user: User) -> QuerySet[RoleAssignment]:
    """The user's role assignments with their offices, in one query."""
    return RoleAssignment.objects.filter(user=user).select_related("office").order_by("office__path", "role")
