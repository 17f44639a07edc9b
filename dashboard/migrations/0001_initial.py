# The Stat, StatRun and StatPart models moved here from the rectification app (issue 11). The tables stay where they
# are (Meta.db_table keeps their old names): this migration only tells Django's model state that
# the models now belong to this app; rectification's 0003 removes them from its state.

import django.contrib.postgres.fields
import django.db.models.deletion
from decimal import Decimal
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
                    name='StatRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(db_index=True, verbose_name='统计日期')),
                        ('started_at', models.DateTimeField(verbose_name='开始时间')),
                        ('finished_at', models.DateTimeField(auto_now_add=True, verbose_name='完成时间')),
                        ('duration_ms', models.PositiveIntegerField(verbose_name='耗时（毫秒）')),
                        ('rows', models.PositiveIntegerField(verbose_name='写入行数')),
                    ],
                    options={
                        'verbose_name': '统计计算记录',
                        'verbose_name_plural': '统计计算记录',
                        'db_table': 'rectification_statrun',
                        'ordering': ['-finished_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Stat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('scope', models.CharField(choices=[('office', '机构'), ('round', '轮次'), ('unit', '单位'), ('assignment', '巡察对象'), ('group', '巡察组'), ('category', '问题类别')], max_length=20, verbose_name='统计口径')),
                        ('scope_id', models.BigIntegerField(verbose_name='对象')),
                        ('day', models.DateField(verbose_name='日期')),
                        ('rounds', models.PositiveIntegerField(default=0, verbose_name='巡察轮次')),
                        ('units_inspected', models.PositiveIntegerField(default=0, verbose_name='巡察单位数')),
                        ('issues_found', models.PositiveIntegerField(default=0, verbose_name='发现问题数')),
                        ('issues_fed_back', models.PositiveIntegerField(default=0, verbose_name='反馈问题数')),
                        ('issues_closed', models.PositiveIntegerField(default=0, verbose_name='销号问题数')),
                        ('overdue', models.PositiveIntegerField(default=0, verbose_name='逾期问题数')),
                        ('clues_transferred', models.PositiveIntegerField(default=0, verbose_name='移交线索数')),
                        ('persons_accountable', models.PositiveIntegerField(default=0, verbose_name='追责问责人数')),
                        ('persons_to_judiciary', models.PositiveIntegerField(default=0, verbose_name='移送司法人数')),
                        ('loss_recovered_wan', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, verbose_name='挽回和避免经济损失（万元）')),
                        ('funds_refunded_wan', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, verbose_name='清退资金（万元）')),
                        ('computed_at', models.DateTimeField(auto_now=True, verbose_name='计算时间')),
                        ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.office', verbose_name='巡察机构')),
                    ],
                    options={
                        'verbose_name': '统计',
                        'verbose_name_plural': '统计',
                        'db_table': 'rectification_stat',
                        'indexes': [models.Index(fields=['office', 'scope', 'day'], name='rectificati_office__9e3868_idx')],
                        'constraints': [models.UniqueConstraint(fields=('scope', 'scope_id', 'day'), name='one_stat_per_scope_day')],
                    },
                ),
                migrations.CreateModel(
                    name='StatPart',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('issues_found', models.PositiveIntegerField(default=0, verbose_name='发现问题数')),
                        ('issues_fed_back', models.PositiveIntegerField(default=0, verbose_name='反馈问题数')),
                        ('issues_closed', models.PositiveIntegerField(default=0, verbose_name='销号问题数')),
                        ('overdue', models.PositiveIntegerField(default=0, verbose_name='逾期问题数')),
                        ('funds_refunded_wan', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=14, verbose_name='清退资金（万元）')),
                        ('unit_ids', django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), default=list, size=None, verbose_name='有问题的单位')),
                        ('computed_at', models.DateTimeField(auto_now=True, verbose_name='计算时间')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='inspections.issuecategory', verbose_name='问题类别')),
                        ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='inspections.round', verbose_name='轮次')),
                    ],
                    options={
                        'verbose_name': '分类统计分项',
                        'verbose_name_plural': '分类统计分项',
                        'db_table': 'rectification_statpart',
                        'indexes': [models.Index(fields=['category'], name='stat_part_category')],
                        'constraints': [models.UniqueConstraint(fields=('round', 'category'), name='one_stat_part_per_round_category')],
                    },
                ),
            ],
        ),
    ]
