# The nightly rebuild of the similar-findings index (hand-written data migration; admins edit the
# schedule in django-celery-beat's admin).

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Asia/Shanghai"
NAME = "相似问题：每夜重建索引"


def add_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return  # an admin may have edited it; leave it alone
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="1", day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIME_ZONE
    )
    PeriodicTask.objects.create(
        name=NAME,
        task="similarity.tasks.rebuild_index",
        crontab=crontab,
        enabled=True,
        description="每天 01:40 重建相似问题索引（幂等：只改写文本或权重变化的问题）",
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("similarity", "0002_posting_term_weight"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
