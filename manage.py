#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that change the schema run as the database's owner role (MIGRATE_DATABASE_URL, when set);
# every other command, like the web, worker and beat processes, as the application's role
# (DATABASE_URL). See docs/security.md.
OWNER_COMMANDS = {"migrate", "restore", "pgtrigger"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    # The scale loader (benchmarks) drops and rebuilds the big tables' indexes, which only the owner may.
    scale_load = sys.argv[1:2] == ["seed_demo"] and any(arg.startswith("--scale") for arg in sys.argv)
    if sys.argv[1:2] and sys.argv[1] in OWNER_COMMANDS or scale_load:
        os.environ.setdefault("DATABASE_ROLE", "owner")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
