# The DocumentTemplate model moves from inspections to the documents app: its table
# (inspections_documenttemplate) stays, only the state moves (SeparateDatabaseAndState);
# inspections 0006 removes it from the inspections state after this one.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0003_roleassignment_unit_and_more'),
        ('inspections', '0005_audit_rows_append_only'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DocumentTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('kind', models.CharField(choices=[('feedback_opinion', '巡察反馈意见书'), ('clue_transfer_letter', '问题线索移交函'), ('supervision_notice', '整改督办通知书')], max_length=30, verbose_name='文书')),
                        ('file', models.FileField(upload_to='docx_templates/', verbose_name='模板文件（.docx）')),
                        ('is_active', models.BooleanField(default=True, verbose_name='启用')),
                        ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.office', verbose_name='巡察机构')),
                    ],
                    options={
                        'verbose_name': '文书模板',
                        'verbose_name_plural': '文书模板',
                        'db_table': 'inspections_documenttemplate',
                        'constraints': [models.UniqueConstraint(condition=models.Q(('is_active', True)), fields=('office', 'kind'), name='one_active_template_per_office_kind')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
