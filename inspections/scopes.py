"""Who sees what of the inspection side: the scope rules of this app's models, registered with
the one scope mechanism (accounts/scopes.py) when the app is ready.

- Office readers see their office subtree; inspectors their groups' work; a unit's liaison sees
  his unit, its rounds and groups, and only the issues that have been fed back (never drafts).
- Clues are read only by the leader of the clue's group and by clue officers and admins of the
  owning office or an ancestor (every read is logged elsewhere).
- Categories: the shared ones, and those of the user's offices, ancestors and descendants.
- Home office (accounts/scopes.py, ``Paths.home``): rectification readers of a unit's home office
  and its ancestors see its fed-back findings and its fed-back assignments whoever inspected; an
  inspector is recused from his own office's units in another office's round (clues too).
- Revisits (回头看, ``inherited_issue_q``): whoever sees a revisit's assignment reads, as a list, the
  unit's findings of the rounds it looks back on; each finding opens only through the issue rule.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from accounts.choices import Role
from accounts.scopes import (
    AUDITORS,
    CLUE_READERS,
    EVERYTHING,
    NOTHING,
    RECTIFICATION_READERS,
    Paths,
    grants,
    has_role,
    member_groups,
    offices_reached,
    recused_q,
    register,
    register_groups,
    scoped_q,
    sees_internal_work,
)

from .choices import FED_BACK_STATUSES, FOUND_STATUSES, ClueStatus, GroupRole


def fed_back(prefix: str = "") -> Q:
    """What a liaison may see of issues: those fed back to his unit (not the group's drafts)."""
    return Q(**{f"{prefix}status__in": FED_BACK_STATUSES})


def _member_groups(user, leader_only: bool = False):
    from .models import GroupMembership

    memberships = GroupMembership.objects.filter(user=user)
    if leader_only:
        memberships = memberships.filter(role=GroupRole.LEADER)
    return memberships.values("group_id")


def _group_role(user, group_id: int) -> str | None:
    from .models import GroupMembership

    return GroupMembership.objects.filter(group_id=group_id, user=user).values_list("role", flat=True).first()


def clue_q(user) -> Q:
    q = NOTHING
    offices = offices_reached(user, CLUE_READERS)
    if offices is not None:
        q |= Q(office__in=offices)
    if has_role(user, Role.INSPECTOR):
        mine = Q(group__in=member_groups(user, leader_only=True))
        # The inspector who recorded a clue reads it (read-only; every read is logged) until it is
        # transferred (issue 15).
        mine |= Q(created_by=user, status=ClueStatus.DRAFT, group__in=member_groups(user))
        recused = recused_q(user, "office", "home_office")
        q |= mine if recused is None else mine & ~recused
    return q


def clue_read_q(user) -> Q:
    """The clue-read log: admins of the clue's office or an ancestor."""
    offices = offices_reached(user, AUDITORS)
    return NOTHING if offices is None else Q(clue__office__in=offices)


def category_q(user) -> Q:
    """Shared categories, plus those of the user's offices, their ancestors and descendants."""
    q = Q(office__isnull=True)
    ancestors = {int(part) for grant in grants(user) for part in grant.office_path.strip("/").split("/") if part}
    if ancestors:
        q |= Q(office_id__in=sorted(ancestors))
    offices = offices_reached(user, tuple(Role.values))
    if offices is not None:
        q |= Q(office__in=offices)
    return q


ROUND_PATHS = Paths(office="office", group="groups", unit="assignments__unit", liaison=Q())


def round_q(user) -> Q:
    """The standard rule, and for the rectification readers of a unit's home office the rounds
    (of any office) that inspect a unit in their area: the round is announced to the unit on
    entry (巡察公告) and they follow its findings once fed back, so they see the round itself;
    its groups, assignments before feedback, points and reports stay the inspecting office's."""
    from .models import Assignment, Round

    q = scoped_q(Round, user, ROUND_PATHS)
    if q is EVERYTHING:  # a reader of the whole office tree
        return q
    readers = offices_reached(user, RECTIFICATION_READERS)
    if readers is not None:
        q |= Q(pk__in=Assignment.objects.filter(unit__office__in=readers).values("round_id"))
    return q


def inherited_issue_q(user) -> Q:
    """回头看 (inspections/revisits.py): the earlier findings a revisit hands down to ``user``.

    Found findings (confirmed onward: never a draft or a withdrawn one; for a unit's liaison, only
    those fed back, as the issue rule) of a unit that a revisit assignment he may see inspects, in
    a round that revisit looks back on. He reads them as a list
    (code, title, status, deadline) on the revisit's assignment page and may mark a finding of the
    revisit as not rectified against one of them; a finding itself opens only through the issue
    rule below (``inspections.issue``). Clues are never handed down.
    """
    from .models import Assignment

    revisits = Assignment.objects.visible_to(user).filter(unit=OuterRef("unit"), round__looks_back_on=OuterRef("round"))
    statuses = FOUND_STATUSES if sees_internal_work(user) else FED_BACK_STATUSES
    return Q(status__in=statuses) & Q(Exists(revisits))


def register_rules() -> None:
    register_groups(member_groups=_member_groups, group_role=_group_role)
    everything = Q()
    register("inspections.unit", Paths(office="office", group="assignments__group", unit="id", liaison=everything))
    register("inspections.round", round_q)
    register(
        "inspections.group", Paths(office="round__office", group="id", unit="assignments__unit", liaison=everything)
    )
    register(
        "inspections.assignment",
        Paths(
            office="round__office",
            group="group",
            unit="unit",
            liaison=everything,
            home="unit__office",
            home_sees=Q(feedback_date__isnull=False),
            semi_join=True,
        ),
    )
    register(
        "inspections.issue",
        Paths(
            office="office", group="group", unit="unit", liaison=fed_back(), home="home_office", home_sees=fed_back()
        ),
    )
    register("inspections.secretarypoint", Paths(office="round__office", group="round__groups"))
    register("inspections.specialreport", Paths(office="round__office", group="round__groups"))
    register("inspections.clue", clue_q)
    register("inspections.clueread", clue_read_q)
    register("inspections.issuecategory", category_q)
    # Saved ledger layouts: the office's own readers (its managers use them; nobody else sees them).
    register("inspections.historicmapping", Paths(office="office", inspector=False))
