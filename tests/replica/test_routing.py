"""With a replica (DATABASE_REPLICA_URL), the dashboard, the stats API, the ledger pages and the export
job read from a real PostgreSQL streaming standby; lists, transactions and writes stay on the primary;
a user's own write is visible to him at once (pinned to the primary), while the replica still lags."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tokens import issue_token
from core.replica import PIN_KEY, REPLICA, ReplicaRouter, replica_reads
from inspections.choices import IssueStatus
from inspections.models import Issue
from ledgers.choices import ExportStatus
from ledgers.models import Export
from ledgers.tasks import run_export
from tests.dashboard.world import make_dashboard_world
from tests.factories import make_issue
from tests.replica.conftest import caught_up

pytestmark = [
    pytest.mark.usefixtures("replica_alias"),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]

DATA_TABLES = ("rectification_stat", "inspections_issue", "inspections_export", "accounts_office")


@pytest.fixture
def w():
    world = make_dashboard_world()  # committed: the standby replays it
    caught_up()
    yield world
    for person in (world.supervisor, world.leader):
        cache.delete(PIN_KEY.format(user_id=person.pk))


@pytest.fixture
def paused(replica_alias):
    """The standby stops replaying (it still receives the WAL): it lags until the test ends."""
    replica_alias.superuser_sql("SELECT pg_wal_replay_pause()")
    yield
    replica_alias.superuser_sql("SELECT pg_wal_replay_resume()")
    caught_up()


def get(client, url, **extra):
    """GET ``url``; the response and the SQL run on the primary and on the replica meanwhile."""
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections[REPLICA]) as rep:
        response = client.get(url, **extra)
    return response, [q["sql"] for q in primary], [q["sql"] for q in rep]


def reads_data(queries: list[str]) -> bool:
    return any(table in sql for sql in queries for table in DATA_TABLES)


def test_the_replica_is_a_hot_standby_of_the_test_database(replica_alias):
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database()")
        assert cursor.fetchone() == (True, connections["default"].settings_dict["NAME"])
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (False,)


def test_the_dashboard_reads_from_the_replica(client, w):
    client.force_login(w.supervisor)
    response, primary, replica = get(client, "/stats/")
    assert response.status_code == 200
    assert 'id="card-issues"' in response.content.decode()
    assert reads_data(replica) and len(replica) >= 5
    assert not reads_data(primary)  # the primary only signed the request in


def test_the_stats_api_reads_from_the_replica_with_a_session_or_a_token(client, w):
    client.force_login(w.supervisor)
    response, primary, replica = get(client, f"/api/v1/stats/summary/?office={w.city.pk}")
    assert response.status_code == 200
    assert (response.json()["issues"], response.json()["issues_closed"]) == (11, 4)
    assert reads_data(replica) and not reads_data(primary)

    client.logout()
    token = issue_token(w.leader)  # committed a moment ago: read from the primary, never the lagging replica
    response, primary, replica = get(
        client, f"/api/v1/stats/summary/?office={w.city.pk}", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200 and response.json()["issues"] == 11
    assert any("authtoken_token" in sql for sql in primary)
    assert not any("authtoken_token" in sql for sql in replica)
    assert reads_data(replica) and not reads_data(primary)


def test_a_ledger_page_reads_from_the_replica(client, w):
    client.force_login(w.supervisor)
    response, primary, replica = get(client, reverse("ledgers:ledger", args=["issues"]))
    assert response.status_code == 200
    assert response.context["count"] == Issue.objects.visible_to(w.supervisor).count()
    assert reads_data(replica) and not reads_data(primary)


def test_list_screens_stay_on_the_primary(client, w):
    client.force_login(w.supervisor)
    for url in (reverse("inspections:issue-list"), "/api/v1/issues/", "/stats/alerts/"):
        response, primary, replica = get(client, url)
        assert response.status_code == 200, url
        assert replica == [] and reads_data(primary), url


def test_a_users_own_write_is_served_from_the_primary_at_once(client, w, paused):
    client.force_login(w.supervisor)
    ledger = reverse("ledgers:ledger", args=["issues"])
    assert get(client, ledger)[0].context["recent"] == []  # not pinned yet: the replica answers

    # His write (an immediate export, logged as an Export row) commits on the primary; the
    # standby, paused, does not have it.
    assert client.post(reverse("ledgers:export", args=["issues"])).status_code == 200
    export = Export.objects.get()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM inspections_export")
        assert cursor.fetchone() == (0,)

    # Pinned: his next reads of routed pages come from the primary and show it.
    response, primary, replica = get(client, ledger)
    assert [item.pk for item in response.context["recent"]] == [export.pk]
    assert replica == [] and reads_data(primary)
    response, primary, replica = get(client, reverse("ledgers:home"))
    assert [item.pk for item in response.context["recent"]] == [export.pk] and replica == []

    # Another user who wrote nothing still reads from the replica (which lags behind).
    client.force_login(w.leader)
    response, primary, replica = get(client, "/stats/")
    assert response.status_code == 200 and reads_data(replica) and not reads_data(primary)

    # Once the pin ends, the supervisor reads from the replica again: the lagging copy.
    cache.delete(PIN_KEY.format(user_id=w.supervisor.pk))
    client.force_login(w.supervisor)
    response, primary, replica = get(client, ledger)
    assert response.context["recent"] == [] and reads_data(replica)


def test_a_failed_write_does_not_pin(client, w):
    client.force_login(w.supervisor)
    response = client.post(reverse("ledgers:export", args=["issues"]), {"status": "no-such-status"})
    assert response.status_code == 400
    assert cache.get(PIN_KEY.format(user_id=w.supervisor.pk)) is None


def test_the_export_job_reads_its_rows_from_the_replica(w):
    export = Export.objects.create(user=w.supervisor, ledger="issues", filters={})
    caught_up()
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections[REPLICA]) as rep:
        rows = run_export(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.rows == rows
    assert rows == Issue.objects.visible_to(w.supervisor).count() > 0
    assert any("inspections_issue" in q["sql"] for q in rep.captured_queries)
    assert not any("inspections_issue" in q["sql"] for q in primary.captured_queries)
    assert any(q["sql"].startswith("UPDATE") for q in primary.captured_queries)  # status and progress


def test_an_export_job_reads_from_the_primary_while_the_replica_lags(w, paused, settings):
    settings.REPLICA_MAX_WAIT_SECONDS = 0.3
    make_issue(w.assignment_y, IssueStatus.RECTIFYING, 9)  # committed after the replica stopped replaying
    export = Export.objects.create(user=w.supervisor, ledger="issues", filters={})
    with CaptureQueriesContext(connections[REPLICA]) as rep:
        rows = run_export(export.pk)
    assert rows == Issue.objects.visible_to(w.supervisor).count()  # the new finding included
    assert not any("inspections_issue" in q["sql"] for q in rep.captured_queries)


def test_transactions_writes_and_locks_never_use_the_replica(w):
    router = ReplicaRouter()
    assert router.db_for_read(Issue) == "default"  # outside a replica context
    with replica_reads() as reads:
        assert not reads.primary
        assert router.db_for_read(Issue) == REPLICA
        assert Issue.objects.all().db == REPLICA
        assert router.db_for_write(Issue) == "default"
        with transaction.atomic():
            assert router.db_for_read(Issue) == "default"
            locked = Issue.objects.select_for_update().get(pk=w.overdue_x.pk)
            assert locked._state.db == "default"
        issue = Issue.objects.get(pk=w.overdue_x.pk)  # from the replica, saved to the primary
        assert issue._state.db == REPLICA
        issue.save(update_fields=["updated_at"])
        assert issue._state.db == "default"
        assert router.db_for_read(Issue) == REPLICA  # a job's own writes leave its reads where they were
    with pytest.raises(Exception, match="read-only"), connections[REPLICA].cursor() as cursor:
        cursor.execute("UPDATE inspections_issue SET title = title")
