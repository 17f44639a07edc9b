# The Export model moves from inspections to the ledgers app: its table (inspections_export) stays,
# the state moves (SeparateDatabaseAndState). Its triggers are named after the app (pgtrigger's
# pgid hashes "app.Model:name"), so the ledgers' triggers are installed here and the old ones are
# dropped by inspections 0006, which runs after this one; the table is never unprotected.

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('inspections', '0005_audit_rows_append_only'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Export',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('ledger', models.CharField(choices=[('issues', '面上问题台账'), ('clues', '问题线索台账'), ('points', '书记点人点事点问题台账'), ('reports', '巡察专报及建议台账'), ('rectification', '整改台账'), ('stats', '统计表')], max_length=20, verbose_name='台账')),
                        ('filters', models.JSONField(blank=True, default=dict, verbose_name='筛选条件')),
                        ('status', models.CharField(choices=[('pending', '排队中'), ('running', '生成中'), ('done', '已完成'), ('failed', '失败')], default='pending', max_length=10, verbose_name='状态')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='进度')),
                        ('rows', models.PositiveIntegerField(default=0, verbose_name='行数')),
                        ('file', models.FileField(blank=True, upload_to='exports/%Y/%m/', verbose_name='文件')),
                        ('error', models.TextField(blank=True, verbose_name='错误信息')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='提交时间')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='开始时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                        ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='过期时间')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='导出人')),
                    ],
                    options={
                        'verbose_name': '台账导出',
                        'verbose_name_plural': '台账导出记录',
                        'db_table': 'inspections_export',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['user', '-created_at'], name='inspections_user_id_591377_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='export_progress_percent')],
                    },
                ),
            ],
            database_operations=[],
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='export',
            trigger=pgtrigger.compiler.Trigger(name='export_log_no_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='a1be8821abbba1a9b48748100795dcf672187bea', operation='DELETE', pgid='pgtrigger_export_log_no_delete_01705', table='inspections_export', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='export',
            trigger=pgtrigger.compiler.Trigger(name='export_log_immutable', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."filters" IS DISTINCT FROM (NEW."filters") OR OLD."ledger" IS DISTINCT FROM (NEW."ledger") OR OLD."user_id" IS DISTINCT FROM (NEW."user_id"))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='ea6eaa354578f023654d92c3c24d09ff4cbfa773', operation='UPDATE', pgid='pgtrigger_export_log_immutable_ed3dc', table='inspections_export', when='BEFORE')),
        ),
    ]
