"""The service decorator every write goes through (HackSoft style: one keyword-only function
per state change). It makes the function atomic and attaches the actor and the service's name
to the field history written inside it (pghistory context)."""

from __future__ import annotations

from functools import wraps

import pghistory
from django.db import transaction


def service(label: str):
    """Run the function atomically with the actor and action attached to field history."""

    def decorator(func):
        @wraps(func)
        def wrapper(*args, **kwargs):
            actor = kwargs.get("actor")
            with transaction.atomic(), pghistory.context(user=getattr(actor, "pk", None), service=label):
                return func(*args, **kwargs)

        return wrapper

    return decorator
