"""Who sees what and who may do what: the mechanism, the named groups of roles and the named
checks every app uses. Each app declares its models' rules in its own ``scopes.py``
(inspections/scopes.py, rectification/scopes.py …) and registers them here in
``AppConfig.ready()``; this module imports no app.

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
- Two offices per finding: the inspecting office (the round's) and the home office of the
  inspected unit (``Unit.office``). Rectification readers (supervisors, leaders, admins) of the
  home office or an ancestor also see the fed-back findings in their area and their
  rectification, whoever inspected; never the clues, drafts or unconfirmed findings of another
  office's round (``Paths.home`` and ``Paths.home_sees``).
- Recusal by office (回避): an inspector never sees the findings or clues of a unit whose home
  office is his own inspector office when another office's round inspects it (a cross round's
  members from county A never see county A's units).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, F, Q, Value
from django.utils.translation import gettext as _

from .choices import Role

# Named groups of roles. Every rule below and every role check elsewhere uses these names (or the
# named checks further down), so a change of who may do what is made here once.
# Read everything of their office subtree (clues only as CLUE_READERS).
OFFICE_READERS = (Role.SUPERVISOR, Role.ADMIN, Role.LEADER, Role.CLUE_OFFICER)
# Office readers who follow rectification and its alerts (clue officers deal with clues only).
RECTIFICATION_READERS = (Role.SUPERVISOR, Role.ADMIN, Role.LEADER)
# Arrange rounds, groups and assignments; record feedback, review plans, evaluate, supervise.
MANAGERS = (Role.SUPERVISOR, Role.ADMIN)
# Close out, return or move to long-term an issue a unit reported done (销号审核).
CLOSE_OUT_REVIEWERS = (Role.SUPERVISOR,)
# Read clues office-wide, their ledger and their alerts.
CLUE_READERS = (Role.CLUE_OFFICER, Role.ADMIN)
# Read the audit trail of their office subtree.
AUDITORS = (Role.ADMIN,)


@dataclass(frozen=True)
class Grant:
    role: str
    office_id: int
    office_path: str
    unit_id: int | None
    subtree: tuple[int, ...] = ()  # ids of the office and the offices below it (the office tree: small)


def grants(user) -> tuple[Grant, ...]:
    """The user's role assignments, read once per user object (one small query)."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_scope_grants", None)
    if cached is None:
        from django.contrib.postgres.expressions import ArraySubquery
        from django.db.models import Func, OuterRef, Subquery

        from .models import Office, RoleAssignment

        below = Office.objects.filter(path__startswith=OuterRef("office__path")).values("id")
        tree_size = Office.objects.order_by().annotate(n=Func("id", function="COUNT")).values("n")[:1]
        rows = list(
            RoleAssignment.objects.filter(user=user)
            .annotate(subtree=ArraySubquery(below), offices=Subquery(tree_size))
            .values_list("role", "office_id", "office__path", "unit_id", "subtree", "offices")
        )
        cached = tuple(
            Grant(role, office_id, path, unit_id, tuple(subtree)) for role, office_id, path, unit_id, subtree, _ in rows
        )
        # How many offices the tree holds, read with the grants (reaches_every_office).
        user._scope_office_total = rows[0][5] if rows else 0
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


def offices_reached(user, roles):
    """Subquery of the ids of the offices the user's given roles reach, or None if none do."""
    from .models import Office

    q = office_subtree(user, roles)
    return None if q is None else Office.objects.filter(q).values("id")


_offices = offices_reached


def office_ids_reached(user, roles) -> list[int] | None:
    """The ids of the offices the user's given roles reach, or None: read with the grants (no
    query of its own). A literal list of office ids (the office tree, never rows) lets PostgreSQL
    combine two indexes (BitmapOr) where a rule ORs an office column with the home office."""
    ids = {office_id for grant in grants(user) if grant.role in roles for office_id in grant.subtree}
    return sorted(ids) if ids else None


def member_groups(user, leader_only: bool = False):
    """Subquery of the ids of the inspection groups the user belongs to (leads, if leader_only).

    Groups are the inspections app's; it registers the subquery with :func:`register_groups`."""
    return _GROUPS["member_groups"](user, leader_only)


_member_groups = member_groups


def liaison_units(user):
    from .models import RoleAssignment

    return RoleAssignment.objects.filter(user=user, role=Role.LIAISON).values("unit_id")


_liaison_units = liaison_units


NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Paths:
    """Where a model keeps its office, group and unit (lookup paths), and what a liaison may see.

    ``home`` is the path to the home office of the unit concerned (``Unit.office``): with it, the
    rectification readers of that office and its ancestors see the rows that meet ``home_sees``
    (e.g. fed back), and inspectors are recused from their own office's units in another office's
    round. Both paths must be single-valued."""

    office: str
    group: str | None = None
    unit: str | None = None
    liaison: Q | None = None  # extra condition for liaisons; None means liaisons see nothing
    inspector: bool = True
    home: str | None = None
    home_sees: Q | None = None  # what the home office's rectification readers see; None: nothing
    # The office subtree as literal ids rather than a subquery: for a table read in an index's
    # order with a LIMIT (the similarity postings), where a join with the offices would make the
    # planner read every row of the range and sort them.
    literal_offices: bool = False
    # The office and home paths' last hop as ``fk IN (SELECT id FROM … WHERE office_id IN …)``
    # (``_semi_join``): for paths that reach small tables (rounds, units), so that a county's count
    # need not join them. Not through findings: a page ordered by finding then walks the findings'
    # key backwards through every other office's rows.
    semi_join: bool = False


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


def _semi_join(model, path: str, values) -> Q:
    """``path IN values`` for a single-valued path, its last hop as ``fk IN (SELECT id FROM …)``
    rather than a join: a count over an OR of two such paths (a county's assignments: its own
    rounds or its area's units) is then one pass with two hashed id sets, where the joins read and
    hash every round and unit first (44 → 14 ms at 1M). The hops before stay joins: nested sets
    the planner misjudges (plans through assignments through rounds: 41,844 rows expected, 6,816
    found, and a nested loop over the rounds)."""
    *hops, column = path.split("__")
    if not hops:
        return Q(**{f"{path}__in": values})
    opts = model._meta
    for hop in hops:
        field = opts.get_field(hop)
        opts = field.related_model._meta
    if not (field.many_to_one or field.one_to_one) or not field.concrete:
        return Q(**{f"{path}__in": values})
    last = "__".join(hops)
    return Q(**{f"{last}__in": opts.model._base_manager.filter(**{f"{column}__in": values}).values("pk")})


def inspector_offices(user) -> list[int]:
    """The offices the user holds the inspector role in (where he comes from, for recusal)."""
    return sorted({grant.office_id for grant in grants(user) if grant.role == Role.INSPECTOR})


def recused_q(user, office: str, home: str) -> Q | None:
    """Rows an inspector is recused from (回避 by office): the unit's home office (path ``home``) is
    one of his inspector offices while another office (path ``office``) inspects it; None if he
    holds no inspector role."""
    own = inspector_offices(user)
    if not own:
        return None
    return Q(**{f"{home}__in": own}) & ~Q(**{office: F(home)})


# Every row: what the rule comes to for a reader of the whole office tree. Not ``Q()``, which
# Django drops when it is OR-ed with another condition (``Q() | x`` is ``x``), and not a test of a
# column (``id IS NOT NULL``, its first form): the SQL is ``WHERE true``, which PostgreSQL folds
# away, so a count over an index-only condition (a search of two characters) need not read a
# single row (a bitmap scan skips the pages the visibility map shows all-visible: 29 → 10 ms).
EVERYTHING = Q(Value(True, output_field=BooleanField()))


def _always_set(model, path: str) -> bool:
    """Whether the lookup path is single-valued and never null: every row has an office there."""
    opts = model._meta
    for part in path.split("__"):
        field = opts.get_field(part)
        if field.one_to_many or field.many_to_many or getattr(field, "null", True):
            return False
        if not field.is_relation:
            return True
        opts = field.related_model._meta
    return True


def reaches_every_office(user, roles) -> bool:
    """Whether the user's given roles reach every office of the tree (the top office's readers:
    the city office of a city deployment). Their office rule then holds for every row, and a
    list needs no join to the office columns at all (issue 18: the office that sees everything
    pays what a liaison pays)."""
    ids = office_ids_reached(user, roles)  # reads the grants, and the tree's size with them
    return bool(ids) and len(ids) >= getattr(user, "_scope_office_total", 0)


def _scoped_q(model, user, paths: Paths) -> Q:
    if _always_set(model, paths.office) and reaches_every_office(user, OFFICE_READERS):
        return EVERYTHING
    q = NOTHING
    # With a home office the rule ORs two office columns: literal office ids let the planner use
    # both indexes; elsewhere the office subtree stays a subquery.
    by_id = paths.literal_offices or (paths.home is not None and paths.home_sees is not None)
    offices = office_ids_reached(user, OFFICE_READERS) if by_id else _offices(user, OFFICE_READERS)
    if offices is not None:
        semi = paths.semi_join and by_id and not _is_multi_valued(model, paths.office)
        q |= _semi_join(model, paths.office, offices) if semi else _via(model, paths.office, offices)
    if paths.home is not None and paths.home_sees is not None:
        readers = office_ids_reached(user, RECTIFICATION_READERS)
        if readers is not None:
            home = _semi_join(model, paths.home, readers) if paths.semi_join else Q(**{f"{paths.home}__in": readers})
            q |= home & paths.home_sees
    if paths.group and paths.inspector and has_role(user, Role.INSPECTOR):
        mine = _via(model, paths.group, _member_groups(user))
        recused = recused_q(user, paths.office, paths.home) if paths.home else None
        q |= mine if recused is None else mine & ~recused
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


def scoped_q(model, user, paths: Paths) -> Q:
    """The standard rule: office readers by office subtree (and by home office, see ``Paths.home``),
    inspectors by group (less recusal), liaisons by unit."""
    return _scoped_q(model, user, paths)


# The scope rule of each model: a Paths (the standard rule above) or a function (user) -> Q for the
# models with rules of their own (clues, categories, alerts …). Each app declares its models' rules
# in its scopes.py and registers them in AppConfig.ready(); a model without a rule is an error.
_RULES: dict = {}
_GROUPS: dict = {}


def register(label: str, rule) -> None:
    """Register the scope rule of the model ``label`` (e.g. "inspections.issue")."""
    _RULES[label] = rule


def register_groups(*, member_groups, group_role) -> None:
    """The inspections app tells the scope rules how to find a user's groups and role in one."""
    _GROUPS.update(member_groups=member_groups, group_role=group_role)


register("accounts.office", Paths(office="id", inspector=False))


def visible_q(model, user) -> Q:
    """The filter selecting the rows of ``model`` that ``user`` may read."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    label = model._meta.label_lower
    rule = _RULES.get(label)
    if rule is None:
        raise LookupError(f"No scope rule for {label}: register one in the app's scopes.py")
    if isinstance(rule, Paths):
        return _scoped_q(model, user, rule)
    return rule(user)


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
    return _GROUPS["group_role"](user, group_id)


def is_unit_liaison(user, unit_id: int) -> bool:
    return any(grant.role == Role.LIAISON and grant.unit_id == unit_id for grant in grants(user))


def _in_office_or_any(user, office_id: int | None, roles) -> bool:
    return has_role(user, *roles) if office_id is None else reaches_office(user, office_id, roles)


def is_office_reader(user) -> bool:
    """Supervisors, admins, leaders and clue officers: readers of their whole office subtree."""
    return has_role(user, *OFFICE_READERS)


def follows_rectification(user) -> bool:
    """Supervisors, admins and leaders, who follow rectification office-wide."""
    return has_role(user, *RECTIFICATION_READERS)


def is_manager(user, office_id: int | None = None) -> bool:
    """A supervisor or admin of ``office_id`` or an ancestor; of any office when None."""
    return _in_office_or_any(user, office_id, MANAGERS)


def is_close_out_reviewer(user, office_id: int | None = None) -> bool:
    """A supervisor of ``office_id`` or an ancestor (any office when None), who closes out issues."""
    return _in_office_or_any(user, office_id, CLOSE_OUT_REVIEWERS)


def reads_clues_office_wide(user) -> bool:
    """Clue officers and admins (a group leader reads his own group's clues besides)."""
    return has_role(user, *CLUE_READERS)


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


def require_manager(user, office_id: int, what: str) -> None:
    """PermissionDenied unless a supervisor or admin of the office or an ancestor."""
    require_office_role(user, office_id, MANAGERS, what)


def require_close_out_reviewer(user, office_id: int, what: str) -> None:
    require_office_role(user, office_id, CLOSE_OUT_REVIEWERS, what)


def require_group_role(user, group_id: int, roles, what: str) -> None:
    """PermissionDenied unless the user holds one of ``roles`` (GroupRole members) in the group."""
    labels = "、".join(str(role.label) for role in roles)
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


def sees_portrait(user, office_id: int) -> bool:
    """The political portrait (政治画像) of an assignment of a round of ``office_id``: internal work
    of that office (its office readers and the inspectors); a home office following rectification
    and a unit's liaison do not see it."""
    if has_role(user, Role.INSPECTOR):
        return True
    return office_id in (office_ids_reached(user, OFFICE_READERS) or ())


def issue_events_q(user) -> Q:
    """The lifecycle events of a (visible) issue this user may read."""
    return Q() if sees_internal_work(user) else ~Q(action__in=INTERNAL_ISSUE_ACTIONS)


def audited_users(user):
    """Subquery of the ids of the people whose actions an admin's audit trail shows: those holding
    a role in his office subtree; None when he audits no office (not an admin)."""
    from .models import RoleAssignment

    offices = _offices(user, AUDITORS)
    if offices is None:
        return None
    return RoleAssignment.objects.filter(office__in=offices).values("user_id")


def export_log_q(user) -> Q:
    """Export log rows an admin may read: exports by people holding a role in his office subtree."""
    users = audited_users(user)
    return NOTHING if users is None else Q(user__in=users)
