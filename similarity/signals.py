"""A saved finding is (re)indexed on commit (STYLE.md: side effects on commit); a rolled-back
change queues nothing. The task is idempotent, so a finding saved twice costs one rewrite."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver


def queue_index(issue_id: int) -> None:
    from .tasks import index_issue

    index_issue.delay(issue_id)


@receiver(post_save, sender="inspections.Issue", dispatch_uid="similarity_issue_saved")
def issue_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(lambda: queue_index(instance.pk), robust=True)
