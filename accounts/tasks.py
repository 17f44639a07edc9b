from celery import shared_task

from .models import User


@shared_task(soft_time_limit=20, time_limit=30)
def count_active_users() -> int:
    """A trivial database read used by the health round trip and its integration test."""
    return User.objects.filter(is_active=True).count()
