"""Consistent backups of the database and uploaded files, and their restore.

The database goes through ``pg_dump --format=custom`` (one snapshot, so consistent while the
site runs) and comes back with ``pg_restore``; uploaded files go into a tar.gz of MEDIA_ROOT.
A manifest records row counts per table and a checksum per file so a restore can be verified.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import environ
import psycopg
from django.conf import settings
from django.db import connection
from django.utils import timezone

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    pass


def pg_tool(name: str) -> str:
    """pg_dump/pg_restore: PG_BIN_DIR, else the embedded server's (same major version), else PATH."""
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        candidates.append(POSTGRES_BIN_PATH / name)
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: set PG_BIN_DIR")
    return found


def libpq_env(database_url: str | None = None) -> dict[str, str]:
    """Environment for pg_dump/pg_restore from a URL or the default Django connection."""
    conf = environ.Env.db_url_config(database_url) if database_url else settings.DATABASES["default"]
    host = (conf.get("OPTIONS") or {}).get("host") or conf.get("HOST") or ""
    env = {**os.environ, "PGDATABASE": conf["NAME"], "PGUSER": conf.get("USER") or "", "PGHOST": host}
    if conf.get("PORT"):
        env["PGPORT"] = str(conf["PORT"])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    return env


def table_counts(database_url: str | None = None) -> dict[str, int]:
    """Exact row counts of every table in the public schema."""
    env = libpq_env(database_url)
    conninfo = {"dbname": env["PGDATABASE"], "user": env["PGUSER"], "host": env["PGHOST"]}
    if env.get("PGPORT"):
        conninfo["port"] = env["PGPORT"]
    if env.get("PGPASSWORD"):
        conninfo["password"] = env["PGPASSWORD"]
    with psycopg.connect(**conninfo) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - catalogue names
            for table in tables
        }


def file_digests(root: Path) -> dict[str, str]:
    digests = {}
    if root.exists():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digests[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def backup(output: Path, *, database_url: str | None = None, media_root: Path | None = None) -> dict:
    """Write database.dump, media.tar.gz and manifest.json into ``output``; returns the manifest."""
    output.mkdir(parents=True, exist_ok=True)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    subprocess.run(
        [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={output / DUMP}"],
        env=libpq_env(database_url),
        check=True,
        capture_output=True,
    )
    with tarfile.open(output / MEDIA, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "tables": table_counts(database_url),
        "files": file_digests(media_root),
    }
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def restore(source: Path, *, database_url: str | None = None, media_root: Path | None = None) -> dict:
    """Bring a backup back into an EMPTY database and MEDIA_ROOT; verify counts and checksums."""
    manifest = json.loads((source / MANIFEST).read_text())
    if table_counts(database_url):
        raise BackupError("the target database is not empty; restore needs an empty database")
    result = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={libpq_env(database_url)['PGDATABASE']}",
            str(source / DUMP),
        ],
        env=libpq_env(database_url),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr[-2000:]}")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.name.startswith("media"):
                continue
            member.name = member.name[len("media") :].lstrip("/")
            if member.name:
                archive.extract(member, media_root, filter="data")
    problems = []
    counts = table_counts(database_url)
    for table, count in manifest["tables"].items():
        if counts.get(table) != count:
            problems.append(f"{table}: {counts.get(table)} rows, expected {count}")
    digests = file_digests(media_root)
    for name, digest in manifest["files"].items():
        if digests.get(name) != digest:
            problems.append(f"file {name} missing or changed")
    if problems:
        raise BackupError("restore verification failed: " + "; ".join(problems[:20]))
    connection.close()
    return manifest
