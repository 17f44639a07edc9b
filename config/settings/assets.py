"""Third-party front-end assets, installed by npm (`make` runs `npm ci` from package-lock.json)
and served by the app itself under ``static/vendor/...``: no CDN, no copy in the repo.

base.py adds these to STATICFILES_DIRS as ``(prefix, path)`` pairs.
"""

from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parent.parent.parent / "node_modules"

STATICFILES_DIRS_EXTRA = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
