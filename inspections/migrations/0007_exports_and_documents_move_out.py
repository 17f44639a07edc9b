# Export and DocumentTemplate now live in the ledgers and documents apps (same tables). The
# export log's old triggers (named after the inspections app) are dropped once the ledgers app
# has installed its own (ledgers 0001); then both models leave the inspections state only. Their
# content types follow them, so permissions and admin log entries keep pointing at them.

import pgtrigger.migrations
from django.db import migrations


MOVED = (("export", "ledgers"), ("documenttemplate", "documents"))


def move_content_types(apps, schema_editor, *, forwards=True):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    for model, app in MOVED:
        old, new = ("inspections", app) if forwards else (app, "inspections")
        if not content_types.filter(app_label=new, model=model).exists():
            content_types.filter(app_label=old, model=model).update(app_label=new)


def content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ('inspections', '0006_assignment_dates_message'),
        ('ledgers', '0001_initial'),
        ('documents', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name='export', name='export_log_no_delete'),
        pgtrigger.migrations.RemoveTrigger(model_name='export', name='export_log_immutable'),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='DocumentTemplate'),
                migrations.DeleteModel(name='Export'),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, content_types_back),
    ]
