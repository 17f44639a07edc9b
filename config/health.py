"""`GET /healthz`: the state of PostgreSQL, Redis and the Celery workers, as JSON."""

import time

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app


def _timed(check):
    started = time.monotonic()
    try:
        detail = check()
    except Exception as exc:  # noqa: BLE001 - any failure means "down", reported as text
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    if detail:
        result.update(detail)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return {"version": cursor.fetchone()[0].split(" on ")[0]}


def check_redis():
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
        return {"version": client.info("server")["redis_version"]}
    finally:
        client.close()


def check_celery():
    # limit=1: answer as soon as one worker replies instead of waiting out the timeout.
    replies = celery_app.control.ping(timeout=1.0, limit=1)
    if not replies:
        raise RuntimeError("no Celery worker answered the ping")
    return {"workers": sorted(name for reply in replies for name in reply)}


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": _timed(check_database),
        "redis": _timed(check_redis),
        "celery": _timed(check_celery),
    }
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
