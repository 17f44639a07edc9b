"""Celery jobs that keep the statistics and the deadline alerts current.

- ``recompute_all_stats``: every scope, nightly from beat (and on a worker start when the day
  has no full recompute yet).
- ``recompute_scopes``: the scopes touched by lifecycle changes, then the alert check of the
  touched assignments. Changes do not queue one task each: on commit, the signal handlers
  (dashboard/signals.py) add their scope keys to a Redis sorted set and queue one task
  with a short countdown unless one is already queued (a Redis flag); the task drains the set.
  Many changes in a burst thus cost one recompute per scope.

The daily alert check and the email digest are in alerts/tasks.py and notifications/tasks.py.
Every task keeps the name it had in the rectification app (``rectification.tasks.…``): the beat
schedules stored in the database and the task results refer to it.

Robust against a worker killed mid-run: each recompute is one transaction (all or nothing), a
drained key leaves the set only after its recompute committed (and only if it was not marked
again meanwhile: every mark gets a higher sequence number), and a starting worker drains what a
dead one left behind. Tasks are idempotent, acknowledge late, have time limits and retry on
transient database and broker errors.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

import redis
from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError, connections
from kombu.exceptions import OperationalError as BrokerError

from alerts import rules as alert_rules
from core.tasks import RELIABLE
from inspections import deadlines

from . import stats
from .models import StatRun

logger = logging.getLogger(__name__)

PENDING_KEY = "xuncha:stats:pending"  # sorted set: scope key -> sequence number of its last mark
SEQUENCE_KEY = "xuncha:stats:sequence"
SCHEDULED_KEY = "xuncha:stats:scheduled"  # set while a drain is queued
FULL_QUEUED_KEY = "xuncha:stats:full-queued"
COALESCE_SECONDS = 2  # how long a burst of changes may gather before the recompute
SCHEDULED_TTL = 60  # a lost drain message holds the flag this long at most
FULL_THRESHOLD = 5000  # more pending keys than this: one full recompute is cheaper

# Mark keys pending (one sequence number per call) and, if asked, set the "drain queued" flag;
# returns 1 when the flag was newly set (the caller then queues the drain).
MARK = """
local seq = redis.call('INCR', KEYS[2])
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], seq, ARGV[i]) end
if ARGV[1] == '1' then
    if redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[2]) then return 1 end
end
return 0
"""

_client: redis.Redis | None = None


def client() -> redis.Redis:
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=2)
    return _client


def _mark(keys: Iterable[str], *, schedule: bool) -> bool:
    keys = sorted(set(keys))
    script = client().register_script(MARK)
    return bool(
        script(keys=[PENDING_KEY, SEQUENCE_KEY, SCHEDULED_KEY], args=["1" if schedule else "0", SCHEDULED_TTL, *keys])
    )


def mark_pending(keys: Iterable[str]) -> None:
    """Remember scope keys to recompute, without queueing anything (the next drain takes them)."""
    _mark(keys, schedule=False)


def pending() -> tuple[list[str], float | None]:
    """The pending keys and the highest sequence number among them."""
    items = client().zrange(PENDING_KEY, 0, -1, withscores=True)
    if not items:
        return [], None
    return [member.decode() for member, _ in items], max(score for _, score in items)


def forget_pending(upto: float) -> None:
    """Drop the keys whose last mark is not newer than ``upto`` (they have been recomputed)."""
    client().zremrangebyscore(PENDING_KEY, "-inf", upto)


def queue_keys(keys: Iterable[str]) -> None:
    """On commit of a lifecycle change: mark its scope keys and queue one drain for the burst.

    Never raises: a change is committed already, and the periodic drain and the nightly
    recompute catch up with whatever Redis or the broker lost.
    """
    try:
        if _mark(keys, schedule=True):
            try:
                recompute_scopes.apply_async(countdown=COALESCE_SECONDS)
            except BrokerError:
                client().delete(SCHEDULED_KEY)
                raise
    except (redis.RedisError, BrokerError):
        logger.warning("Could not queue the statistics recompute of %s; the periodic drain will", keys, exc_info=True)


def _day(day: str | None) -> dt.date:
    return dt.date.fromisoformat(day) if day else deadlines.today()


# --- tasks ----------------------------------------------------------------------------------


@shared_task(bind=True, name="rectification.tasks.recompute_all_stats", soft_time_limit=300, time_limit=360, **RELIABLE)
def recompute_all_stats(self, day: str | None = None) -> dict:
    """Every scope's figures for the day (default today), in one transaction."""
    result = stats.recompute_all(_day(day))
    logger.info("Full statistics recompute: %d rows changed in %d ms", result.rows, result.duration_ms)
    return {"rows": result.rows, "ms": result.duration_ms}


@shared_task(bind=True, name="rectification.tasks.recompute_scopes", soft_time_limit=120, time_limit=150, **RELIABLE)
def recompute_scopes(self, scope_keys: list[str] | None = None, day: str | None = None) -> dict:
    """Drain the pending scope keys (plus ``scope_keys``): recompute them, then check their alerts."""
    r = client()
    r.delete(SCHEDULED_KEY)  # changes from now on queue another drain
    if scope_keys:
        mark_pending(scope_keys)
    keys, upto = pending()
    if not keys:
        return {"keys": 0}
    today = _day(day)
    if len(keys) > FULL_THRESHOLD:
        result = stats.recompute_all(today)
        checked = alert_rules.check(today)
    else:
        result = stats.recompute(keys, today)
        checked = alert_rules.check(today, assignment_ids=result.scopes.assignment)
    forget_pending(upto)
    return {
        "keys": len(keys),
        "rows": result.rows,
        "ms": result.duration_ms,
        "full": result.full,
        "alerts_raised": checked.raised,
        "alerts_resolved": checked.resolved,
    }


@worker_ready.connect
def resume_after_restart(**kwargs) -> None:
    """A starting worker picks up what a dead one left: pending keys, and a missed full recompute."""
    try:
        r = client()
        if r.zcard(PENDING_KEY):
            recompute_scopes.apply_async(countdown=1)
        if not StatRun.objects.filter(day=deadlines.today()).exists() and r.set(FULL_QUEUED_KEY, "1", nx=True, ex=900):
            recompute_all_stats.delay()
    except (redis.RedisError, BrokerError, DatabaseError):
        logger.warning("Could not resume the statistics jobs on worker start", exc_info=True)
    finally:
        connections.close_all()


from .history import rebuild_stat_history  # noqa: E402, F401 - registered with the other dashboard tasks
