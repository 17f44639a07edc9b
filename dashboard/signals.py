"""Lifecycle changes queue the recompute of the scopes they touch, on commit.

The services stay as they are (side effects on commit, STYLE.md): a ``post_save`` of an issue,
clue, review, plan or assignment registers ``transaction.on_commit`` with the scope keys of the
row; a rolled-back change queues nothing. What the keys trigger is in dashboard/tasks.py.
Connected in DashboardConfig.ready().
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver


def queue_on_commit(keys: list[str]) -> None:
    from .tasks import queue_keys

    transaction.on_commit(partial(queue_keys, keys), robust=True)


@receiver(post_save, sender="inspections.Issue", dispatch_uid="stats_issue_saved")
def issue_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_on_commit([f"assignment:{instance.assignment_id}", f"category:{instance.category_id}"])


@receiver(post_save, sender="inspections.Clue", dispatch_uid="stats_clue_saved")
def clue_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_on_commit([f"assignment:{instance.assignment_id}"])


@receiver(post_save, sender="rectification.Review", dispatch_uid="stats_review_saved")
def review_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_on_commit([f"issue:{instance.issue_id}"])


# Plans and assignments move no issue figure, but their dates and approvals raise and resolve
# plan and report alerts, and a new assignment adds a unit inspected.
@receiver(post_save, sender="rectification.Plan", dispatch_uid="stats_plan_saved")
@receiver(post_save, sender="inspections.Assignment", dispatch_uid="stats_assignment_saved")
def assignment_touched(sender, instance, raw=False, **kwargs):
    if not raw:
        assignment_id = instance.pk if sender._meta.model_name == "assignment" else instance.assignment_id
        queue_on_commit([f"assignment:{assignment_id}"])
