from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup (pg_dump snapshot + uploaded files + manifest) to a folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="folder to write (default: backups/<timestamp>)")
        parser.add_argument("--database-url", help="back up this database instead of the default one")
        parser.add_argument("--media-root", help="uploaded files folder (default: MEDIA_ROOT)")

    def handle(self, *args, **options):
        output = Path(options["output"] or f"backups/{timezone.localtime():%Y%m%d-%H%M%S}")
        try:
            manifest = backup(output, database_url=options["database_url"], media_root=options["media_root"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {len(manifest['tables'])} tables, {rows} rows, "
                f"{len(manifest['files'])} files."
            )
        )
