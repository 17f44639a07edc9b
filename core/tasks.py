"""Celery options shared by the project's periodic jobs: late acknowledgement (a killed worker's
job runs again) and retries with backoff on transient database, Redis and broker errors. The
jobs using them are idempotent."""

from __future__ import annotations

import redis
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

TRANSIENT = (OperationalError, InterfaceError, redis.RedisError, BrokerError)
RELIABLE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": TRANSIENT,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 6,
}
