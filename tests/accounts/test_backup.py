"""Backup and restore round trip: every record and every uploaded file comes back."""

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.backup import table_counts
from inspections.choices import IssueStatus
from rectification import services as rect
from tests.factories import make_issue, make_world

PDF = b"%PDF-1.4\n%%EOF\n"


def admin_settings() -> dict:
    """The role that creates and restores databases: the owner (config.testdb), else the connection's."""
    return connection.settings_dict.get("TEST", {}).get("OWNER") or connection.settings_dict


def target_url(name: str) -> str:
    settings_dict = admin_settings()
    host = settings_dict.get("OPTIONS", {}).get("host") or settings_dict["HOST"]
    return f"postgres://{settings_dict['USER']}@/{name}?host={host}"


@pytest.fixture
def empty_database():
    name = "xuncha_restore_check"
    admin = admin_settings()
    conninfo = {"dbname": "postgres", "user": admin["USER"], "host": admin["OPTIONS"].get("host") or admin["HOST"]}
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield target_url(name)
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(tmp_path, settings, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = make_world()
    issue = make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=1)
    rect.progress_create(
        actor=w.liaison_x,
        issue=issue,
        date=dt.date(2026, 6, 1),
        text="已整改",
        files=[SimpleUploadedFile("证明.pdf", PDF)],
    )
    before = table_counts()

    call_command("backup", output=str(tmp_path / "bk"))
    assert {p.name for p in (tmp_path / "bk").iterdir()} == {"database.dump", "media.tar.gz", "manifest.json"}

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(tmp_path / "bk"), database_url=empty_database, media_root=str(restored_media))

    after = table_counts(empty_database)
    assert after == before and after["inspections_issue"] == 1 and after["rectification_evidence"] == 1
    files = [p for p in restored_media.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].read_bytes() == PDF

    # A second restore into the now non-empty database is refused, changing nothing.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "bk"), database_url=empty_database, media_root=str(restored_media))
    assert table_counts(empty_database) == after
    assert Path(files[0]).exists()
