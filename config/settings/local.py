"""Development settings, used by `make run` and manage.py by default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
# Demo accounts are created by `manage.py seed_demo`, which refuses to run unless this is on.
DEMO_ENABLED = True
DEMO_PASSWORD = env("DEMO_PASSWORD", default="xuncha-demo")
# Serve static files straight from the app folders and node_modules without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
