from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and MEDIA_ROOT, then verify counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a folder written by `manage.py backup`")
        parser.add_argument("--database-url", help="restore into this (empty) database instead of the default one")
        parser.add_argument("--media-root", help="uploaded files folder (default: MEDIA_ROOT)")

    def handle(self, *args, **options):
        try:
            manifest = restore(
                Path(options["source"]), database_url=options["database_url"], media_root=options["media_root"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files."
            )
        )
