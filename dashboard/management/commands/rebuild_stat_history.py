import datetime as dt

from django.core.management.base import BaseCommand

from dashboard.history import rebuild_monthly


class Command(BaseCommand):
    help = (
        "Rebuild the past monthly statistics (office and round rows at each month's end) from the records' "
        "dates, where no snapshot exists; run after loading or importing data with past dates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=dt.date.fromisoformat, default=None, help="first month (YYYY-MM-DD)")

    def handle(self, *args, since=None, **options):
        rows = rebuild_monthly(since=since)
        self.stdout.write(self.style.SUCCESS(f"Statistics history rebuilt: {rows} rows."))
