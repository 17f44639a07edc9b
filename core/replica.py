"""Reads of dashboards, ledgers, statistics and exports from a PostgreSQL streaming replica.

With ``DATABASE_REPLICA_URL`` set, settings add the database alias ``replica`` and this router
sends to it the reads made *inside a replica context*, and nothing else:

- :class:`ReplicaMiddleware` opens one for a GET/HEAD/OPTIONS request whose path starts with one
  of ``REPLICA_PATHS`` (the dashboard, the stats API, the ledger pages and export jobs) and not
  with one of ``REPLICA_EXCLUDED_PATHS``;
- :func:`replica_reads` opens one in a Celery task (the ledger export job), for its reads.

The context is a choice of *request or job*, not of model: the findings a dashboard counts are the
same rows the list screens show, and the lists stay on the primary. Inside a context a read still
goes to the primary when

- the primary's connection is inside a transaction (``atomic``, ``select_for_update``, services):
  a transaction reads what it writes;
- the request has written something already (the rest of it reads from the primary);
- its model is in ``REPLICA_PRIMARY_MODELS`` (sessions, API tokens: a token issued a moment ago
  must authenticate at once);
- the user is *pinned*: whoever made a successful POST/PUT/PATCH/DELETE anywhere in the site is
  served from the primary for ``REPLICA_PIN_SECONDS`` (a key per user in the cache, i.e. Redis),
  so that he sees his own change at once whatever the replica's lag (read-your-writes);
- a job's :func:`replica_reads` found the replica more than ``REPLICA_MAX_WAIT_SECONDS`` behind
  the primary's position at the job's start.

Writes always go to the primary. Without the ``replica`` alias every method answers ``None``:
Django's own choice, exactly as without this router.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest

logger = logging.getLogger(__name__)

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PIN_KEY = "replica:pin:{user_id}"


def replica_configured() -> bool:
    """Whether the ``replica`` alias exists (settings, from DATABASE_REPLICA_URL)."""
    return REPLICA in connections.settings


@dataclass
class ReplicaReads:
    """One request's or job's replica context."""

    request: HttpRequest | None = None
    user_id: int | None = None
    primary: bool = False  # decided: the rest reads from the primary
    sticky_writes: bool = True  # a write sends the following reads to the primary
    _pinned_users: dict = field(default_factory=dict)

    def pinned(self) -> bool:
        user_id = self.user_id
        if user_id is None and self.request is not None:
            user = getattr(self.request, "user", None)  # DRF sets it on the request once authenticated
            user_id = user.pk if user is not None and user.is_authenticated else None
        if user_id is None:
            return False
        if user_id not in self._pinned_users:
            self._pinned_users[user_id] = is_pinned(user_id)
        return self._pinned_users[user_id]


_reads: ContextVar[ReplicaReads | None] = ContextVar("replica_reads", default=None)


def current() -> ReplicaReads | None:
    return _reads.get()


# --- read-your-writes -------------------------------------------------------------------------


def pin_to_primary(user_id: int) -> None:
    """Serve ``user_id``'s routed reads from the primary for the next REPLICA_PIN_SECONDS."""
    try:
        cache.set(PIN_KEY.format(user_id=user_id), 1, timeout=settings.REPLICA_PIN_SECONDS)
    except Exception:  # the cache is down: is_pinned() answers True for everyone meanwhile
        logger.warning("Could not pin user %s to the primary database", user_id, exc_info=True)


def is_pinned(user_id: int) -> bool:
    try:
        return bool(cache.get(PIN_KEY.format(user_id=user_id)))
    except Exception:  # no cache, no way to know whether he just wrote: the primary is always right
        logger.warning("Could not read the replica pin of user %s", user_id, exc_info=True)
        return True


# --- the router ---------------------------------------------------------------------------------


def _use_replica(model=None) -> bool:
    reads = _reads.get()
    if reads is None or reads.primary or not replica_configured():
        return False
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False
    if model is not None and model._meta.label_lower in settings.REPLICA_PRIMARY_MODELS:
        return False
    if reads.pinned():
        reads.primary = True
        return False
    return True


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: routed reads to ``replica``, all else to ``default``."""

    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        # Explicitly the primary outside a context: an object read from the replica must not
        # take its related reads there (Django's fallback is the instance's own database).
        return REPLICA if _use_replica(model) else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        if not replica_configured():
            return None
        reads = _reads.get()
        if reads is not None and reads.sticky_writes:
            reads.primary = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True  # the same database, one of them a copy
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None


def read_alias() -> str:
    """The database a raw SQL read should use now: the replica inside a replica context, else default."""
    return REPLICA if _use_replica() else DEFAULT_DB_ALIAS


class _RoutedConnection:
    """``django.db.connection`` for raw SQL reads, on the database :func:`read_alias` names at each use."""

    def __getattr__(self, name):
        return getattr(connections[read_alias()], name)


# A selector's raw SQL reads follow the router too: ``from core.replica import routed_connection as connection``.
routed_connection = _RoutedConnection()


# --- where a context is opened ----------------------------------------------------------------


def routed_path(path: str) -> bool:
    if any(path.startswith(prefix) for prefix in settings.REPLICA_EXCLUDED_PATHS):
        return False
    return any(path.startswith(prefix) for prefix in settings.REPLICA_PATHS)


class ReplicaMiddleware:
    """Opens a replica context for reads of the routed pages; pins a user who wrote to the primary.

    Placed after the authentication middlewares: the session and the signed-in user are read
    (from the primary) before the context opens. The context ends before the session is saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        routed = request.method in SAFE_METHODS and routed_path(request.path_info)
        if routed:
            user = getattr(request, "user", None)
            if user is not None:
                user.is_authenticated  # noqa: B018 - resolve the lazy user (session, user row) on the primary
            token = _reads.set(ReplicaReads(request=request))
            try:
                response = self.get_response(request)
            finally:
                _reads.reset(token)
        else:
            response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            user = getattr(request, "user", None)  # after the view: DRF's token user too
            if user is not None and user.is_authenticated:
                pin_to_primary(user.pk)
        return response


def _lsn(alias: str, function: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT {function}() - '0/0'::pg_lsn")  # bytes since the start of the WAL
        value = cursor.fetchone()[0]
    return -1 if value is None else int(value)


def wait_for_replica(max_seconds: float | None = None) -> bool:
    """Wait until the replica has replayed everything committed on the primary so far.

    True once it has, False when it is still behind after ``max_seconds`` (default
    REPLICA_MAX_WAIT_SECONDS) or cannot be asked.
    """
    if max_seconds is None:
        max_seconds = settings.REPLICA_MAX_WAIT_SECONDS
    try:
        target = _lsn(DEFAULT_DB_ALIAS, "pg_current_wal_lsn")
        deadline = time.monotonic() + max_seconds
        while _lsn(REPLICA, "pg_last_wal_replay_lsn") < target:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
    except Exception:
        logger.warning("The replica could not be asked for its position; reading from the primary", exc_info=True)
        return False
    return True


@contextmanager
def replica_reads():
    """The reads in the block go to the replica (when configured), for a Celery job.

    On entry the replica must have caught up with the primary's current position (everything
    the job's requester committed before the job started, within REPLICA_MAX_WAIT_SECONDS);
    otherwise, or inside a transaction, the block reads from the primary. The job's own writes
    (progress, logs) go to the primary and leave its reads on the replica.
    """
    reads = ReplicaReads(sticky_writes=False)
    if replica_configured() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        reads.primary = not wait_for_replica()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)
