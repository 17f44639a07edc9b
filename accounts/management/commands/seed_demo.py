from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import CITY_OFFICE, DEMO_ACCOUNTS, seed_accounts, seed_offices


class Command(BaseCommand):
    help = "Load the demo data set (idempotent). Refused unless DEMO_ENABLED (never in production)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ENABLED", False):
            raise CommandError("Demo data is disabled in these settings (DEMO_ENABLED is off).")
        offices = seed_offices()
        seed_accounts(offices=offices, password=settings.DEMO_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(offices)} offices, {len(DEMO_ACCOUNTS)} demo accounts.")
        )
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        for username, full_name, role, office in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {role.label} · {office or CITY_OFFICE} · {full_name}")
