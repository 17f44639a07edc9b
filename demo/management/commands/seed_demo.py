import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.accounts import CITY_OFFICE, DEMO_ACCOUNTS, seed_accounts, seed_offices
from demo.archive import seed_archive_demo
from demo.city import load_demo
from demo.commons import seed_commons
from demo.figures import DEFAULT_SEED
from demo.handovers import seed_handovers
from demo.onsite import seed_onsite
from demo.report_figures import load_report_figures
from demo.scale import load_scale
from demo.twolevel import load_two_level


def compute_figures_and_alerts() -> None:
    """COPY fires no signals: compute the figures and alerts now, as the nightly jobs would,
    so the dashboard shows the demo's figures at once (both are idempotent)."""
    from alerts import rules as alerts
    from dashboard import stats
    from dashboard.history import rebuild_monthly

    stats.recompute_all()
    rebuild_monthly()  # the trend's past months, from the records' dates (idempotent)
    alerts.check()
    from similarity.management.commands.build_similarity_index import build_all

    build_all()


class Command(BaseCommand):
    help = (
        "Load the demo data set (idempotent), or with --scale N add N generated issues for benchmarks. "
        "Refused unless DEMO_ENABLED (never in production)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            metavar="N",
            help="add N issues with proportional units, rounds, groups, clues, measures and progress (benchmark data)",
        )
        parser.add_argument("--seed", type=int, default=None, help="random seed (default: fixed, so loads repeat)")

    def handle(self, *args, scale=None, seed=None, **options):
        if not getattr(settings, "DEMO_ENABLED", False):
            raise CommandError("Demo data is disabled in these settings (DEMO_ENABLED is off).")
        if scale is not None and scale < 1:
            raise CommandError("--scale must be a positive number of issues.")
        seed = DEFAULT_SEED if seed is None else seed
        offices = seed_offices()
        accounts = {user.username: user for user in seed_accounts(offices=offices, password=settings.DEMO_PASSWORD)}
        started = time.monotonic()
        if scale:
            counts = load_scale(issues=scale, offices=offices, accounts=accounts, seed=seed, log=self._log)
            rows = sum(counts.values())
            seconds = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Scale data loaded: {counts['inspections.Issue']} issues, {rows} rows in {seconds:.1f} s "
                    f"({rows / max(seconds, 1e-9):,.0f} rows/s)."
                )
            )
        else:
            counts = load_demo(offices=offices, accounts=accounts, seed=seed)
            seed_archive_demo(offices=offices, accounts=accounts)
            seed_commons(accounts=accounts)
            load_two_level(offices=offices, accounts=accounts)
            load_report_figures(offices=offices, accounts=accounts, today=timezone.localdate())
            compute_figures_and_alerts()
            seed_handovers(accounts)
            seed_onsite(accounts=accounts)
            if counts is None:
                self.stdout.write(self.style.SUCCESS("Demo data already loaded; demo accounts reset."))
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Demo data loaded in {time.monotonic() - started:.1f} s: "
                        f"{counts['inspections.Round']} rounds, {counts['inspections.Issue']} issues, "
                        f"{counts['inspections.Clue']} clues, {sum(counts.values())} rows."
                    )
                )
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        for username, full_name, role, office in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {role.label} · {office or CITY_OFFICE} · {full_name}")

    def _log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
