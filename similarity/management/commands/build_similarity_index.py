import time

from django.core.management.base import BaseCommand

from similarity import index, services


def build_all() -> None:
    """The index and the recurrences of all findings (the demo load calls it: COPY fires no signal)."""
    index.rebuild()
    services.recurrences_detect_all()


class Command(BaseCommand):
    help = "Build (or bring up to date) the index of all findings and their recurrences (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-recurrences", action="store_true", help="build the index only")

    def handle(self, *args, no_recurrences=False, **options):
        started = time.monotonic()
        counts = index.rebuild(log=lambda message: self.stdout.write(f"  {message}"))
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Index: {counts['findings']} findings, {counts['written']} written, {seconds:.1f} s.")
        )
        if not no_recurrences:
            started = time.monotonic()
            found = services.recurrences_detect_all()
            self.stdout.write(self.style.SUCCESS(f"Recurrences: {found} in {time.monotonic() - started:.1f} s."))
