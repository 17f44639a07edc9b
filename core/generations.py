"""Generations of cached reads: a value in the cache (Redis) that changes whenever the rows a
cached read depends on change, so that keys built with it are never served stale after a write.

A writer calls :func:`changed` inside its transaction: the generation moves at once (reads later
in the same transaction miss the cache) and again on commit (a read by someone else between the
two, which still saw the old rows, cached them under a generation that is gone by then). With
the cache down, reads compute and writes carry on: cached values then live until they expire.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

CACHE_ERRORS = (RedisError, OSError)


def _key(name: str) -> str:
    return f"generation:{name}"


def current(name: str) -> str:
    """The generation of ``name`` (created on first use)."""
    try:
        value = cache.get(_key(name))
        if value is None:
            cache.add(_key(name), uuid.uuid4().hex, timeout=None)
            value = cache.get(_key(name))
    except CACHE_ERRORS:
        value = None
    return value or uuid.uuid4().hex  # no cache: a generation no key was cached under


def bump(name: str) -> None:
    try:
        cache.set(_key(name), uuid.uuid4().hex, timeout=None)
    except CACHE_ERRORS:
        pass


def changed(name: str) -> None:
    """The rows behind ``name`` change in the current transaction: a new generation now and on commit."""
    bump(name)
    transaction.on_commit(lambda: bump(name), robust=True)


def cached(name: str, key: str, compute, *, timeout: int, replica_timeout: int = 60):
    """``compute()``, cached under ``key`` and the current generation of ``name``.

    Read on a replica, the rows may predate a change committed a few ms earlier on the primary,
    after the generation moved: such a value is kept ``replica_timeout`` seconds only. Without the
    cache (Redis down) the value is computed every time."""
    from django.db import DEFAULT_DB_ALIAS

    from .replica import read_alias

    try:
        full_key = f"{key}:{current(name)}"
        value = cache.get(full_key)
    except CACHE_ERRORS:
        full_key, value = None, None
    if value is None:
        value = compute()
        if full_key is not None:
            seconds = timeout if read_alias() == DEFAULT_DB_ALIAS else replica_timeout
            try:
                cache.set(full_key, value, timeout=seconds)
            except CACHE_ERRORS:
                pass
    return value
