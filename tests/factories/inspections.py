"""Units, rounds, groups, assignments, issues, clues, secretary points and special reports."""

from __future__ import annotations

import datetime as dt

import factory

from inspections.choices import ClueStatus, GroupRole, PointKind, UnitKind
from inspections.models import (
    Assignment,
    Clue,
    CluePerson,
    Group,
    GroupMembership,
    Issue,
    IssueCategory,
    Round,
    SecretaryPoint,
    SpecialReport,
    Unit,
)

from .accounts import OfficeFactory, UserFactory
from .base import ENTRY, EXIT, ROUND_END, ROUND_START, Factory

HANDED_OVER = (ClueStatus.TRANSFERRED, ClueStatus.CONCLUDED)


def leaf_category() -> IssueCategory:
    """A seeded sub-type; transactional tests flush the seeded rows, so make one if needed."""
    category = IssueCategory.objects.filter(parent__isnull=False).order_by("pk").first()
    if category is None:
        heading = IssueCategory.objects.create(name="聚焦群众身边腐败问题和不正之风")
        category = IssueCategory.objects.create(name="工程建设", parent=heading)
    return category


class UnitFactory(Factory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"U-{n:04d}")
    kind = UnitKind.DEPARTMENT
    office = factory.SubFactory(OfficeFactory)


class RoundFactory(Factory):
    class Meta:
        model = Round

    office = factory.SubFactory(OfficeFactory)
    term = "十一届"
    sequence = factory.Sequence(lambda n: n + 1)
    planned_start = ROUND_START
    planned_end = ROUND_END


class GroupFactory(Factory):
    """A group of a round; ``members=[(user, GroupRole…), …]`` adds its people in that order."""

    class Meta:
        model = Group

    round = factory.SubFactory(RoundFactory)
    number = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def members(group, create, extracted, **kwargs):
        for person, role in extracted or ():
            GroupMembershipFactory(group=group, user=person, role=role)


class GroupMembershipFactory(Factory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = GroupRole.MEMBER


class AssignmentFactory(Factory):
    """A unit of the round's office inspected by a group of the round, entered and left on the usual dates."""

    class Meta:
        model = Assignment

    round = factory.SubFactory(RoundFactory)
    unit = factory.SubFactory(UnitFactory, office=factory.SelfAttribute("..round.office"))
    group = factory.SubFactory(GroupFactory, round=factory.SelfAttribute("..round"))
    entry_date = ENTRY
    exit_date = EXIT


class CopiesAssignment(Factory):
    """Issues and clues carry copies of their assignment's office, round, unit and group."""

    class Meta:
        abstract = True

    assignment = factory.SubFactory(AssignmentFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        row = model_class(*args, **kwargs)
        row.copy_from_assignment()
        row.save()
        return row


class IssueFactory(CopiesAssignment):
    class Meta:
        model = Issue

    code = factory.Sequence(lambda n: f"I-{n:05d}")
    title = factory.LazyAttribute(lambda o: f"问题 {o.code}")
    found_on = dt.date(2026, 3, 20)
    category = factory.LazyFunction(leaf_category)


class ClueFactory(CopiesAssignment):
    """A clue; a transferred or concluded one has been handed to the discipline commission.
    ``persons=["张某", …]`` names the people it reports."""

    class Meta:
        model = Clue

    code = factory.Sequence(lambda n: f"XS-{n:05d}")
    status = ClueStatus.DRAFT
    summary = "反映某干部问题"
    created_by = factory.SubFactory(UserFactory)
    recipient = factory.LazyAttribute(lambda o: "discipline" if o.status in HANDED_OVER else "")
    transfer_date = factory.LazyAttribute(lambda o: dt.date(2026, 4, 25) if o.status in HANDED_OVER else None)

    @factory.post_generation
    def persons(clue, create, extracted, **kwargs):
        for name in extracted or ():
            CluePersonFactory(clue=clue, name=name, **kwargs)


class CluePersonFactory(Factory):
    class Meta:
        model = CluePerson

    clue = factory.SubFactory(ClueFactory)
    name = "张某"
    post = "科长"


class SecretaryPointFactory(Factory):
    class Meta:
        model = SecretaryPoint

    round = factory.SubFactory(RoundFactory)
    kind = PointKind.MATTER
    content = "关注工程建设"
    created_by = factory.SubFactory(UserFactory)


class SpecialReportFactory(Factory):
    class Meta:
        model = SpecialReport

    round = factory.SubFactory(RoundFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"专报{o.number}")
    created_by = factory.SubFactory(UserFactory)
