"""Schema conformance run: schemathesis with every check against the API, as a demo admin and a demo liaison.

    .venv/bin/python -m config.embedded --profile schemathesis -- .venv/bin/python bench/schemathesis_run.py

Migrates and loads the demo data (idempotent; a fresh profile gives the figures of docs/security.md),
starts gunicorn on 127.0.0.1, takes a token for each demo account named in ``--users`` through
``POST /api/v1/auth/token/`` (before any fuzzing, since fuzzing the token endpoint locks the
address out of it), then runs, once per account,

    st --config-file .run/schemathesis/USER.toml run http://127.0.0.1:PORT/api/schema/ \
        --checks all --max-examples 25 --seed SEED --workers 1 --header "Authorization: Token …"

``USER.toml`` is ``bench/schemathesis.toml`` (NUL-free text; the operations whose cross-field rules
a schema cannot state) plus dictionaries of ids the account can see, which replace half of the
generated ids in paths, bodies and filters so that requests reach real objects. Prints a summary
(operations, test cases, answers by status, failures by check) and writes it with the raw reports
under ``.run/schemathesis/``. Exit status 0 only when neither run found a failure or an error.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
OUT = BASE / ".run" / "schemathesis"
CONFIG = BASE / "bench" / "schemathesis.toml"
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE, env=env, check=True)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def token_for(base_url: str, username: str, password: str) -> str:
    request = urllib.request.Request(  # noqa: S310 - our own server
        f"{base_url}/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())["token"]


# Resources whose ids the run hands to schemathesis (path ids, and the same ids where a body or a
# filter names one), so that it reaches real objects, not only 404s.
RESOURCES = {
    "offices": "office",
    "units": "unit",
    "rounds": "round",
    "groups": "group",
    "assignments": "assignment",
    "issues": "issue",
    "clues": "clue",
    "secretary-points": None,
    "special-reports": None,
    "feedbacks": None,
    "plans": None,
    "measures": None,
    "progress": None,
    "reviews": None,
    "evaluations": None,
    "actions": None,
    "alerts": None,
    "stats": None,
    "exports": None,
    "extensions": None,
    "notifications": None,
    "talks": None,
    "letters": None,
    "document-checks": None,
    "spot-checks": None,
    "visits": None,
    "common-issues": None,
    "campaigns": None,
    "recurrences": None,
}
# Ids that only appear as a field of another resource's rows.
FIELD_IDS = {"category": ("issues", "category"), "template": ("evaluations", "template")}
ID_SHARE = 0.5  # how often a generated id is replaced by a real one


def get_json(base_url: str, path: str, token: str):
    request = urllib.request.Request(f"{base_url}{path}", headers={"Authorization": f"Token {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.loads(response.read())


def visible_rows(base_url: str, name: str, token: str) -> list[dict]:
    """The first 200 rows of a list the account may read (none for one its role may not: 403)."""
    try:
        return get_json(base_url, f"/api/v1/{name}/?page_size=200", token)["results"]
    except urllib.error.HTTPError as error:
        if error.code == 403:
            return []
        raise


def user_config(base_url: str, token: str, *, user: str, seed: int) -> Path:
    """bench/schemathesis.toml plus dictionaries of the ids this user sees, bound to path ids,
    body ids and filters of the same name (a share of the generated values, the rest stay random)."""
    pick = random.Random(f"{seed}-{user}")  # noqa: S311 - sampling, not secrets
    rows = {name: visible_rows(base_url, name, token) for name in RESOURCES}
    ids = {name: [row["id"] for row in found] for name, found in rows.items()}
    for field, (resource, key) in FIELD_IDS.items():
        ids[field] = sorted({row[key] for row in rows[resource] if row.get(key)})
    lines = [CONFIG.read_text(encoding="utf-8"), "", "# Generated by bench/schemathesis_run.py for " + user]
    binding = f"probability = {ID_SHARE}"
    parameters = []
    for name, values in ids.items():
        if not values:
            continue
        sample = sorted(pick.sample(values, min(len(values), 50)))
        dictionary = name.replace("-", "_")
        lines += ["", f"[dictionaries.{dictionary}]", f"values = {sample}"]
        field = RESOURCES.get(name) or (name if name in FIELD_IDS else None)
        if field:
            for location in ("body", "query"):
                parameters.append(f'"{location}.{field}" = {{ dictionary = "{dictionary}", {binding} }}')
    for name in RESOURCES:
        if ids[name]:
            dictionary = name.replace("-", "_")
            lines += [
                "",
                "[[operations]]",
                f"include-path-regex = '^/api/v1/{name}/\\{{id\\}}/'",  # a TOML literal string
                f'parameters = {{ "path.id" = {{ dictionary = "{dictionary}", {binding} }} }}',
            ]
    lines += ["", "[parameters]", *parameters, ""]
    path = OUT / f"{user}.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_schemathesis(
    base_url: str, token: str, *, user: str, examples: int, seed: int, workers: int, extra: list[str]
) -> dict:
    report_dir = OUT / user
    shutil.rmtree(report_dir, ignore_errors=True)
    config = user_config(base_url, token, user=user, seed=seed)
    command = [
        str(Path(PYTHON).parent / "st"),
        "--config-file",
        str(config),
        "run",
        f"{base_url}/api/schema/",
        "--checks",
        "all",
        "--max-examples",
        str(examples),
        "--seed",
        str(seed),
        "--workers",
        str(workers),
        "--header",
        f"Authorization: Token {token}",
        "--report",
        "json,junit,ndjson",
        "--report-dir",
        str(report_dir),
        "--generation-database",
        "none",  # seeded runs, nothing left in the checkout
        "--no-color",
        *extra,
    ]
    started = time.monotonic()
    with open(report_dir.parent / f"{user}.log", "w", encoding="utf-8") as log:
        # cwd: schemathesis keeps a crash cache (.schemathesis/) in its working directory.
        code = subprocess.run(command, cwd=OUT, stdout=log, stderr=subprocess.STDOUT, check=False).returncode
    elapsed = time.monotonic() - started
    report = json.loads(next(report_dir.glob("json-*.json")).read_text())
    events = next(report_dir.glob("ndjson-*.ndjson")).read_text(encoding="utf-8")
    statuses = Counter(re.findall(r'"status_code": ?(\d{3})', events))
    return {
        "user": user,
        "exit_code": code,
        "seconds": round(elapsed),
        "statuses": dict(sorted(statuses.items())),
        "report": report,
    }


def summarise(result: dict) -> list[str]:
    report = result["report"]
    operations = report["operations"] or {}
    cases = report["test_cases"]
    lines = [
        f"{result['user']}: {operations.get('tested')} of {operations.get('selected')} operations tested, "
        f"{cases['generated']} test cases, {cases['with_failures']} with failures "
        f"({cases['unique_failures']} unique), {cases['errored']} errored, "
        f"{len(report['errors'])} errors, exit {result['exit_code']}, {result['seconds']} s",
    ]
    lines.append("  answers: " + ", ".join(f"{status} ×{count}" for status, count in result["statuses"].items()))
    for failure in report["failures"]:
        lines.append(
            f"  FAIL {failure['title']} ({failure['code']}) ×{failure['count']}: {', '.join(failure['operations'])}"
        )
    for error in report["errors"]:
        lines.append(f"  ERROR {error['title']} ×{error['count']}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="admin,liaison", help="demo accounts to run as (comma-separated)")
    parser.add_argument("--examples", type=int, default=25, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=20261201)
    # One worker: with several, Hypothesis' lambda descriptions call ast.parse from several threads at
    # once, which CPython 3.11.7 can answer with "SystemError: AST constructor recursion depth mismatch".
    parser.add_argument("--workers", type=int, default=1, help="schemathesis workers")
    parser.add_argument("--gunicorn-workers", type=int, default=2)
    parser.add_argument("--skip-seed", action="store_true", help="the database already holds the demo data")
    parser.add_argument("st_args", nargs="*", help="more `st run` options after --, e.g. -- --include-path-regex stats")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "false"}
    env.pop("DATABASE_ROLE", None)
    if not args.skip_seed:
        manage("migrate", "--verbosity", "0", env=env)
        manage("seed_demo", "--verbosity", "0", env=env)
    # The previous run fuzzed the token endpoint from this address: forget those failed sign-ins.
    manage("axes_reset", env=env)
    password = env.get("DEMO_PASSWORD", "xuncha-demo")

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server_log = open(OUT / "server.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.gunicorn_workers), "--threads", "2", "--timeout", "120", "--log-level", "warning"]
        # No request-line limit here: gunicorn's own (4094 bytes) answers an HTML 414 before the
        # application sees the request; in production the proxy in front sets that limit.
        + ["--limit-request-line", "0"]
        + ["--error-logfile", "-"],
        cwd=BASE,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    results = []
    try:
        wait_for(f"{base_url}/api/schema/")  # /healthz wants a Celery worker too
        users = [user.strip() for user in args.users.split(",") if user.strip()]
        tokens = {user: token_for(base_url, user, password) for user in users}
        for user in users:
            print(f"[schemathesis] {user} …", flush=True)
            results.append(
                run_schemathesis(
                    base_url,
                    tokens[user],
                    user=user,
                    examples=args.examples,
                    seed=args.seed,
                    workers=args.workers,
                    extra=args.st_args,
                )
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        server_log.close()

    lines = [
        f"schemathesis --checks all, {args.examples} examples per operation, seed {args.seed}, "
        f"{time.strftime('%Y-%m-%d')}:"
    ]
    for result in results:
        lines += summarise(result)
    summary = "\n".join(lines)
    print(summary)
    (OUT / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    (OUT / "summary.json").write_text(json.dumps(results, indent=2))
    clean = all(r["exit_code"] == 0 and not r["report"]["failures"] and not r["report"]["errors"] for r in results)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
