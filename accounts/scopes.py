"""Who sees what and who may do what: the one place the role and office-tree rules live.

Reads: ``Model.objects.visible_to(user)`` filters by :func:`visible_q`, built from database
subqueries (offices by materialised path, groups by membership, units by liaison role).
Writes: services call :func:`require` with an action name and the object; it raises
:class:`~django.core.exceptions.PermissionDenied` with a readable message.

The rules (DESIGN.md, "Users and what they do"):
- A role held in an office reaches that office and its descendants, never a sibling.
- Office-wide readers are supervisors, admins, leaders and clue officers.
- Inspectors reach only the assignments of the groups they belong to.
- Liaisons reach only their own unit, and only issues that have been fed back; never clues.
- Clues are read only by the leader of the clue's group and by clue officers and admins of
  the owning office or an ancestor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .choices import Role

OFFICE_READERS = (Role.SUPERVISOR, Role.ADMIN, Role.LEADER, Role.CLUE_OFFICER)
CLUE_OFFICE_READERS = (Role.CLUE_OFFICER, Role.ADMIN)


@dataclass(frozen=True)
class Grant:
    role: str
    office_id: int
    office_path: str
    unit_id: int | None


def grants(user) -> tuple[Grant, ...]:
    """The user's role assignments, read once per user object (one small query)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_scope_grants", None)
    if cached is None:
        from .models import RoleAssignment

        cached = tuple(
            Grant(role, office_id, path, unit_id)
            for role, office_id, path, unit_id in RoleAssignment.objects.filter(user=user).values_list(
                "role", "office_id", "office__path", "unit_id"
            )
        )
        user._scope_grants = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return any(grant.role in roles for grant in grants(user))


def office_subtree(user, roles) -> Q | None:
    """Q over Office for the offices the user's given roles reach (their subtrees), or None."""
    paths = sorted({grant.office_path for grant in grants(user) if grant.role in roles})
    if not paths:
        return None
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def _offices(user, roles):
    from .models import Office

    q = office_subtree(user, roles)
    return None if q is None else Office.objects.filter(q).values("id")


def _member_groups(user, leader_only: bool = False):
    from inspections.choices import GroupRole
    from inspections.models import GroupMembership

    memberships = GroupMembership.objects.filter(user=user)
    if leader_only:
        memberships = memberships.filter(role=GroupRole.LEADER)
    return memberships.values("group_id")


def _liaison_units(user):
    from .models import RoleAssignment

    return RoleAssignment.objects.filter(user=user, role=Role.LIAISON).values("unit_id")


NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Paths:
    """Where a model keeps its office, group and unit (lookup paths), and what a liaison may see."""

    office: str
    group: str | None = None
    unit: str | None = None
    liaison: Q | None = None  # extra condition for liaisons; None means liaisons see nothing
    inspector: bool = True


def _is_multi_valued(model, path: str) -> bool:
    """Whether a lookup path crosses a reverse or many-to-many relation (a join that repeats rows)."""
    opts = model._meta
    for part in path.split("__"):
        field = opts.get_field(part)
        if field.one_to_many or field.many_to_many:
            return True
        if not field.is_relation:
            return False
        opts = field.related_model._meta
    return False


def _via(model, path: str, subquery) -> Q:
    """``path IN subquery``, as a semi-join on the primary key when the path would repeat rows."""
    q = Q(**{f"{path}__in": subquery})
    if _is_multi_valued(model, path):
        return Q(pk__in=model._base_manager.filter(q).values("pk"))
    return q


def _scoped_q(model, user, paths: Paths) -> Q:
    q = NOTHING
    offices = _offices(user, OFFICE_READERS)
    if offices is not None:
        q |= _via(model, paths.office, offices)
    if paths.group and paths.inspector and has_role(user, Role.INSPECTOR):
        q |= _via(model, paths.group, _member_groups(user))
    if paths.unit and paths.liaison is not None and has_role(user, Role.LIAISON):
        if _is_multi_valued(model, paths.unit):
            q |= Q(
                pk__in=model._base_manager.filter(
                    Q(**{f"{paths.unit}__in": _liaison_units(user)}) & paths.liaison
                ).values("pk")
            )
        else:
            q |= Q(**{f"{paths.unit}__in": _liaison_units(user)}) & paths.liaison
    return q


def _fed_back(prefix: str = "") -> Q:
    from inspections.choices import FED_BACK_STATUSES

    return Q(**{f"{prefix}status__in": FED_BACK_STATUSES})


def _all() -> Q:
    return Q()


# model label -> function building its Paths (called lazily: models import this module's querysets).
RULES = {
    "accounts.office": lambda: Paths(office="id", inspector=False),
    "inspections.unit": lambda: Paths(office="office", group="assignments__group", unit="id", liaison=_all()),
    "inspections.round": lambda: Paths(office="office", group="groups", unit="assignments__unit", liaison=_all()),
    "inspections.group": lambda: Paths(office="round__office", group="id", unit="assignments__unit", liaison=_all()),
    "inspections.assignment": lambda: Paths(office="round__office", group="group", unit="unit", liaison=_all()),
    "inspections.issue": lambda: Paths(office="office", group="group", unit="unit", liaison=_fed_back()),
    "inspections.secretarypoint": lambda: Paths(office="round__office", group="round__groups"),
    "inspections.specialreport": lambda: Paths(office="round__office", group="round__groups"),
    "rectification.feedback": lambda: Paths(
        office="assignment__round__office", group="assignment__group", unit="assignment__unit", liaison=_all()
    ),
    "rectification.plan": lambda: Paths(
        office="assignment__round__office", group="assignment__group", unit="assignment__unit", liaison=_all()
    ),
    "rectification.evaluation": lambda: Paths(
        office="assignment__round__office", group="assignment__group", unit="assignment__unit", liaison=_all()
    ),
    "rectification.action": lambda: Paths(office="unit__office", unit="unit", liaison=_all()),
    "rectification.measure": lambda: Paths(
        office="issue__office", group="issue__group", unit="issue__unit", liaison=_fed_back("issue__")
    ),
    "rectification.progress": lambda: Paths(
        office="issue__office", group="issue__group", unit="issue__unit", liaison=_fed_back("issue__")
    ),
    "rectification.review": lambda: Paths(
        office="issue__office", group="issue__group", unit="issue__unit", liaison=_fed_back("issue__")
    ),
    "rectification.evidence": lambda: Paths(
        office="progress__issue__office",
        group="progress__issue__group",
        unit="progress__issue__unit",
        liaison=_fed_back("progress__issue__"),
    ),
    "dashboard.stat": lambda: Paths(office="office", inspector=False),
}


def visible_q(model, user) -> Q:
    """The filter selecting the rows of ``model`` that ``user`` may read."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    label = model._meta.label_lower
    if label == "inspections.clue":
        return _clue_q(user)
    if label == "inspections.clueread":
        offices = _offices(user, (Role.ADMIN,))
        return NOTHING if offices is None else Q(clue__office__in=offices)
    if label == "inspections.issuecategory":
        return _category_q(user)
    if label == "alerts.alert":
        return _alert_q(user)
    rule = RULES.get(label)
    if rule is None:
        raise LookupError(f"No scope rule for {label}: add one to accounts/scopes.py")
    return _scoped_q(model, user, rule())


def _clue_q(user) -> Q:
    q = NOTHING
    offices = _offices(user, CLUE_OFFICE_READERS)
    if offices is not None:
        q |= Q(office__in=offices)
    if has_role(user, Role.INSPECTOR):
        q |= Q(group__in=_member_groups(user, leader_only=True))
    return q


def _category_q(user) -> Q:
    """Shared categories, plus those of the user's offices, their ancestors and descendants."""
    q = Q(office__isnull=True)
    ancestors = {int(part) for grant in grants(user) for part in grant.office_path.strip("/").split("/") if part}
    if ancestors:
        q |= Q(office_id__in=sorted(ancestors))
    offices = _offices(user, tuple(Role.values))
    if offices is not None:
        q |= Q(office__in=offices)
    return q


def _alert_q(user) -> Q:
    from rectification.choices import AlertKind

    q = NOTHING
    readers = _offices(user, (Role.SUPERVISOR, Role.ADMIN, Role.LEADER))
    if readers is not None:
        q |= Q(office__in=readers) & ~Q(kind=AlertKind.CLUE_RESULT)
    clue_readers = _offices(user, CLUE_OFFICE_READERS)
    if clue_readers is not None:
        q |= Q(office__in=clue_readers, kind=AlertKind.CLUE_RESULT)
    if has_role(user, Role.LIAISON):
        q |= Q(unit__in=_liaison_units(user)) & ~Q(kind=AlertKind.CLUE_RESULT)
    return q


# ---------------------------------------------------------------------------------------------
# Actions: who may do what to an object already known to be visible.


def reaches_office(user, office_id: int, roles) -> bool:
    """Whether one of the user's ``roles`` is held in ``office_id``'s office or an ancestor."""
    from .models import Office

    path = Office.objects.filter(pk=office_id).values_list("path", flat=True).first() or ""
    return any(grant.role in roles and path.startswith(grant.office_path) for grant in grants(user))


def group_role(user, group_id: int) -> str | None:
    """The user's role in a group (leader, deputy, member), or None."""
    if not has_role(user, Role.INSPECTOR):
        return None
    from inspections.models import GroupMembership

    return GroupMembership.objects.filter(group_id=group_id, user=user).values_list("role", flat=True).first()


def is_unit_liaison(user, unit_id: int) -> bool:
    return any(grant.role == Role.LIAISON and grant.unit_id == unit_id for grant in grants(user))


def require(condition: bool, message: str) -> None:
    """Raise PermissionDenied(message) unless ``condition``; the API answers 403 with it."""
    if not condition:
        raise PermissionDenied(message)


def require_office_role(user, office_id: int, roles, what: str) -> None:
    labels = "、".join(str(Role(role).label) for role in roles)
    require(
        reaches_office(user, office_id, roles),
        _("只有本级或上级机构的%(roles)s可以%(what)s。") % {"roles": labels, "what": what},
    )


def require_group_role(user, group_id: int, roles, what: str) -> None:
    from inspections.choices import GroupRole

    labels = "、".join(str(GroupRole(role).label) for role in roles)
    require(
        group_role(user, group_id) in roles,
        _("只有本巡察组的%(roles)s可以%(what)s。") % {"roles": labels, "what": what},
    )


# ---------------------------------------------------------------------------------------------
# Internal work a unit never sees: the group's drafting of findings, and its political portrait.

INTERNAL_ISSUE_ACTIONS = ("create", "update", "review", "confirm")


def sees_internal_work(user) -> bool:
    """Office staff and inspectors; a user who is only a unit's liaison does not."""
    return has_role(user, *OFFICE_READERS, Role.INSPECTOR)


def issue_events_q(user) -> Q:
    """The lifecycle events of a (visible) issue this user may read."""
    return Q() if sees_internal_work(user) else ~Q(action__in=INTERNAL_ISSUE_ACTIONS)


def export_log_q(user) -> Q:
    """Export log rows an admin may read: exports by people holding a role in his office subtree."""
    from .models import RoleAssignment

    offices = _offices(user, (Role.ADMIN,))
    if offices is None:
        return NOTHING
    return Q(user__in=RoleAssignment.objects.filter(office__in=offices).values("user_id"))
