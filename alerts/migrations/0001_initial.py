# The Alert model moved here from the rectification app (issue 11). The tables stay where they
# are (Meta.db_table keeps their old names): this migration only tells Django's model state that
# the models now belong to this app; rectification's 0003 removes them from its state.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('rectification', '0002_notification_statrun_schedules'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Alert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('issue_deadline', '问题整改期限'), ('plan_due', '整改方案报送'), ('report_due', '整改报告报送'), ('clue_result', '线索办理结果反馈')], max_length=20, verbose_name='类型')),
                        ('level', models.CharField(choices=[('green', '临近期限'), ('yellow', '临期'), ('red', '逾期')], max_length=10, verbose_name='等级')),
                        ('due', models.DateField(verbose_name='期限')),
                        ('raised_at', models.DateTimeField(auto_now_add=True, verbose_name='发出时间')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='解除时间')),
                        ('assignment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='inspections.assignment', verbose_name='巡察对象')),
                        ('clue', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='inspections.clue', verbose_name='线索')),
                        ('issue', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='inspections.issue', verbose_name='问题')),
                        ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.office', verbose_name='巡察机构')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='inspections.unit', verbose_name='单位')),
                    ],
                    options={
                        'verbose_name': '预警',
                        'verbose_name_plural': '预警',
                        'db_table': 'rectification_alert',
                        'ordering': ['-raised_at'],
                        'indexes': [models.Index(condition=models.Q(('resolved_at__isnull', True)), fields=['office', 'level'], name='open_alerts')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('kind', 'level', 'issue', 'assignment', 'clue'), name='one_open_alert_per_subject_level', nulls_distinct=False), models.CheckConstraint(condition=models.Q(('issue__isnull', False), ('assignment__isnull', False), ('clue__isnull', False), _connector='OR'), name='alert_has_subject')],
                    },
                ),
            ],
        ),
    ]
