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
