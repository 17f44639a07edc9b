import pytest
from django.test import override_settings


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_healthz_reports_every_service_up(client, celery_worker_process):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["database"]["version"].startswith("PostgreSQL 16")
    assert body["redis"]["ok"] and body["redis"]["version"]
    assert body["celery"]["ok"] and body["celery"]["workers"]


@pytest.mark.django_db
def test_healthz_is_503_when_redis_is_down(client):
    # Nothing listens on port 1.
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is True
    assert body["redis"]["ok"] is False and "Connection" in body["redis"]["error"]


@pytest.mark.django_db
def test_healthz_is_503_when_database_fails(client, monkeypatch):
    from config import health

    def broken():
        raise RuntimeError("database down")

    monkeypatch.setattr(health, "check_database", broken)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "error": "RuntimeError: database down"}
