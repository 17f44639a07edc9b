"""What every factory shares."""

from __future__ import annotations

import datetime as dt

import factory
from django.apps import apps

# The dates the test worlds live in: a round planned for spring 2026, entered in March, left in April.
ROUND_START = dt.date(2026, 3, 1)
ROUND_END = dt.date(2026, 5, 1)
ENTRY = dt.date(2026, 3, 10)
EXIT = dt.date(2026, 4, 20)
FEEDBACK = dt.date(2026, 4, 25)


class Factory(factory.django.DjangoModelFactory):
    """A model factory that writes each row once: post-generation hooks (memberships, persons,
    evidence files, roles) add rows of their own and never save the object a second time, which
    would write an extra update event to the audit history."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True


def model_named(name: str):
    """The model class called ``name`` in whichever app holds it.

    Alerts, notifications, statistics and exports are moving out of
    ``inspections`` and ``rectification`` into apps of their own (keeping their tables), so their
    factories find them by class name instead of importing them from one place.
    """
    found = [model for model in apps.get_models() if model.__name__ == name]
    if len(found) != 1:
        raise LookupError(f"expected one model called {name}, found {found}")
    return found[0]
