# The Notification model moved here from the rectification app (issue 11). The tables stay where they
# are (Meta.db_table keeps their old names): this migration only tells Django's model state that
# the models now belong to this app; rectification's 0003 removes them from its state.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('rectification', '0002_notification_statrun_schedules'),
        ('alerts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='提醒时间')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='阅读时间')),
                        ('emailed_on', models.DateField(blank=True, null=True, verbose_name='邮件汇总日期')),
                        ('alert', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='alerts.alert', verbose_name='预警')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='接收人')),
                    ],
                    options={
                        'verbose_name': '站内提醒',
                        'verbose_name_plural': '站内提醒',
                        'db_table': 'rectification_notification',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['user', '-created_at'], name='notification_user_created'), models.Index(condition=models.Q(('read_at__isnull', True)), fields=['user'], name='notification_unread'), models.Index(condition=models.Q(('emailed_on__isnull', True)), fields=['user'], name='notification_not_emailed')],
                        'constraints': [models.UniqueConstraint(fields=('user', 'alert'), name='one_notification_per_user_alert')],
                    },
                ),
            ],
        ),
    ]
