"""Celery tasks of the inspection side: large Excel imports of findings (registered here for the worker)."""

from .imports import import_findings  # noqa: F401
from .services.historic import historic_load_task  # noqa: F401
