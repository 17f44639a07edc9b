# Alert, Notification, Stat, StatRun and StatPart moved to the alerts, notifications and dashboard
# apps (issue 11). Their tables stay (each model keeps its old name in Meta.db_table): this only
# removes them from the rectification app's model state, after the new apps' 0001 added them to
# theirs. Their content types follow them, so permissions and admin log entries stay attached.

from django.db import migrations

MOVED = {
    "alert": "alerts",
    "notification": "notifications",
    "stat": "dashboard",
    "statrun": "dashboard",
    "statpart": "dashboard",
}


def move_content_types(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        old, new = ("rectification", app_label) if forward else (app_label, "rectification")
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('rectification', '0003_deadline_extension'),
        ('alerts', '0001_initial'),
        ('notifications', '0001_initial'),
        ('dashboard', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='Notification'),
                migrations.DeleteModel(name='Alert'),
                migrations.DeleteModel(name='Stat'),
                migrations.DeleteModel(name='StatRun'),
                migrations.DeleteModel(name='StatPart'),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
