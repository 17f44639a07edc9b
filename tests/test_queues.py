"""Celery queues per kind: every task has a route, every routed queue a worker in docker-compose.yml,
and a worker started without -Q (make run, the tests' real worker) consumes every queue."""

from __future__ import annotations

import ast
import shlex
from pathlib import Path

import yaml
from django.conf import settings

from config.celery import app

BASE_DIR = Path(settings.BASE_DIR)
KINDS = {"default", "stats", "alerts", "exports", "imports"}
SKIP = {".venv", "node_modules", "tests", "bench", "static", "locale", ".git"}


def _decorated_task_names() -> set[str]:
    """The registered name of every function decorated @shared_task / @app.task in the project's source."""
    names = set()
    for path in BASE_DIR.rglob("*.py"):
        if SKIP & set(path.relative_to(BASE_DIR).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                call = deco if isinstance(deco, ast.Call) else None
                target = call.func if call else deco
                label = ast.unparse(target)
                if label not in {"shared_task", "app.task", "celery_app.task"}:
                    continue
                name = next((k.value.value for k in (call.keywords if call else []) if k.arg == "name"), None)
                names.add(name or f"{module}.{node.name}")
    return names


def _compose_workers() -> dict[str, set[str]]:
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))
    workers = {}
    for service, spec in compose["services"].items():
        command = spec.get("command") or []
        argv = shlex.split(command) if isinstance(command, str) else list(command)
        if argv[:1] == ["celery"] and "worker" in argv:
            queues = argv[argv.index("-Q") + 1] if "-Q" in argv else ""
            workers[service] = set(filter(None, queues.split(",")))
    return workers


def test_every_task_in_the_source_has_a_route_to_a_declared_queue():
    names = _decorated_task_names()
    assert len(names) >= 8  # the tasks of accounts, alerts, dashboard, inspections, ledgers, notifications
    routes = settings.CELERY_TASK_ROUTES
    assert names - set(routes) == set()
    assert {route["queue"] for route in routes.values()} == KINDS
    assert set(settings.CELERY_TASK_QUEUES) == KINDS


def test_every_registered_task_is_routed_to_its_queue():
    app.loader.import_default_modules()
    ours = {name for name in app.tasks if not name.startswith("celery.")}
    assert ours == _decorated_task_names()
    for name in ours:
        queue = app.amqp.router.route({}, name)["queue"].name
        assert queue == settings.CELERY_TASK_ROUTES[name]["queue"], name
    # Celery's own tasks (chord unlock, result cleanup) go to the default queue.
    assert app.amqp.router.route({}, "celery.backend_cleanup")["queue"].name == "default"
    assert app.amqp.router.route({}, "rectification.tasks.recompute_scopes")["queue"].name == "stats"
    assert app.amqp.router.route({}, "inspections.tasks.run_export")["queue"].name == "exports"


def test_a_worker_without_q_consumes_every_queue():
    # make run (Procfile.dev) and the tests' real worker (tests/conftest.py) start one worker without -Q.
    # (tests of the worker may declare a queue of their own, e.g. for a kill test: at least these.)
    assert set(settings.CELERY_TASK_QUEUES) == KINDS and KINDS <= set(app.amqp.queues)
    procfile = (BASE_DIR / "Procfile.dev").read_text(encoding="utf-8")
    worker = next(line for line in procfile.splitlines() if line.startswith("worker:"))
    assert " -Q" not in worker and "--queues" not in worker


def test_compose_has_one_worker_per_queue_and_a_beat():
    workers = _compose_workers()
    consumed = set().union(*workers.values())
    assert KINDS <= consumed
    for kind in KINDS:
        assert any(queues - {"celery"} == {kind} for queues in workers.values()), kind
    # Tasks queued under the old single queue before the split are drained by the default worker.
    assert "celery" in workers["worker-default"]
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))
    assert compose["services"]["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert "worker" not in compose["services"]  # the single worker was split
