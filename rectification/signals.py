"""Saves that move the review queue's counts (the navigation badge, selectors/reviews.py): a
finding, plan or extension request changing status, an assignment handing over supervision, a
role granted or taken away. Connected in ``RectificationConfig.ready``."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from accounts.models import RoleAssignment
from core import generations
from inspections.models import Assignment, Issue

from .models import DeadlineExtension, Plan
from .selectors.reviews import REVIEW_COUNTS


def _moved(sender, **kwargs) -> None:
    generations.changed(REVIEW_COUNTS)


def connect() -> None:
    for model in (Issue, Plan, DeadlineExtension, Assignment, RoleAssignment):
        post_save.connect(_moved, sender=model, dispatch_uid=f"review-counts-{model._meta.label}-save")
        post_delete.connect(_moved, sender=model, dispatch_uid=f"review-counts-{model._meta.label}-delete")
