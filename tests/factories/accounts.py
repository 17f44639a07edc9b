"""Offices, people and their roles."""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password

from accounts.choices import OfficeLevel
from accounts.models import Office, RoleAssignment, User

from .base import Factory


class OfficeFactory(Factory):
    """A county office (巡察办) under ``parent``, or a city office when it has none."""

    class Meta:
        model = Office

    name = factory.Sequence(lambda n: f"第{n}县委巡察办")
    parent = None
    level = factory.LazyAttribute(lambda o: OfficeLevel.COUNTY if o.parent else OfficeLevel.CITY)


class UserFactory(Factory):
    """A person with no role; his password is ``pw-<username>`` unless ``raw_password`` says otherwise."""

    class Meta:
        model = User

    class Params:
        raw_password = factory.LazyAttribute(lambda o: f"pw-{o.username}")

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.SelfAttribute("username")
    password = factory.LazyAttribute(lambda o: make_password(o.raw_password))


class RoleAssignmentFactory(Factory):
    """A role held in an office (a liaison's also names his unit)."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    office = factory.SubFactory(OfficeFactory)
    unit = None


def grant(person: User, role: str, office: Office, unit=None) -> RoleAssignment:
    """Give ``person`` a role in ``office`` (and, for a liaison, his ``unit``)."""
    return RoleAssignmentFactory(user=person, role=role, office=office, unit=unit)


def user(username: str, role: str | None = None, office: Office | None = None, unit=None, **fields) -> User:
    """A person called ``username`` (password ``pw-<username>``), holding ``role`` in ``office`` if given."""
    person = UserFactory(username=username, **fields)
    if role:
        grant(person, role, office, unit)
    return person
