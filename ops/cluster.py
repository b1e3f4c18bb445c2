#!/usr/bin/env python3
"""``make cluster`` / ``make cluster-stop``: the site as several processes, on loopback.

Starts, from the project's own files and Debian's packages:

- PostgreSQL: a primary and a streaming replica made with ``pg_basebackup``,
  each its own data folder and port (run as the ``postgres`` user when this
  runs as root: PostgreSQL refuses to run as root);
- Redis (cache, sessions, the page cache's version), its own process and port;
- moto's standalone S3 server (object storage for media and private files);
- N web nodes: each a gunicorn process group with its own temporary folder;
- two task workers (``manage.py task_worker``: ``db_worker`` with a heartbeat, re-queuing
  the tasks a dead worker left RUNNING);
- HAProxy in front, round-robin, checking each node's readiness (``/readyz``) every second,
  and its liveness (``/healthz``) for when no node is ready (a shared service down).

Everything listens on 127.0.0.1 only. Every process logs into one folder
(``var/cluster/logs``); every process started is written with its pid to
``var/cluster/run/state.json``, and ``stop`` stops exactly those pids (after
checking each pid still runs the command it started). ``env`` prints the
environment of the Django processes (the cluster tests read it).

Usage: ``python ops/cluster.py start|stop|status|env``, and for fault tests
``pause NAME`` / ``revive NAME`` (NAME as ``status`` lists it); the ports, the number
of web nodes and the replica's apply delay come from the environment
(see ``Config``).
"""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass
class Config:
    home: Path = field(default_factory=lambda: Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster")).resolve())
    port: int = field(default_factory=lambda: _int("CLUSTER_PORT", 8210))
    web_nodes: int = field(default_factory=lambda: _int("WEB_NODES", 2))
    web_workers: int = field(default_factory=lambda: _int("WEB_WORKERS", 2))
    task_workers: int = field(default_factory=lambda: _int("TASK_WORKERS", 2))
    redis_port: int = field(default_factory=lambda: _int("CLUSTER_REDIS_PORT", 8219))
    s3_port: int = field(default_factory=lambda: _int("CLUSTER_S3_PORT", 19000))
    pg_port: int = field(default_factory=lambda: _int("CLUSTER_PG_PORT", 55432))
    replica_port: int = field(default_factory=lambda: _int("CLUSTER_REPLICA_PORT", 55433))
    # The replica applies each commit this long after the primary: lag you can see,
    # so read-your-writes is tested against a replica that really is behind.
    replica_delay_ms: int = field(default_factory=lambda: _int("CLUSTER_REPLICA_DELAY_MS", 3000))
    bucket: str = "lms-cluster"

    @property
    def web_ports(self) -> list[int]:
        return [self.port + 1 + i for i in range(self.web_nodes)]

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def run(self) -> Path:
        return self.home / "run"

    @property
    def state_file(self) -> Path:
        return self.run / "state.json"


def log(message: str) -> None:
    print(f"[cluster] {message}", flush=True)


# --- Processes --------------------------------------------------------------------------


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _alive(pid: int, marker: str) -> bool:
    """The pid runs and is still the process we started (its command line holds ``marker``)."""
    cmd = _cmdline(pid)
    if not cmd:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z" and marker in cmd


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait(predicate, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise SystemExit(f"[cluster] timed out waiting for {what}")


class State:
    """The processes this cluster started, saved after each start so a failed start can be stopped."""

    def __init__(self, config: Config):
        self.config = config
        self.data: dict = {"processes": [], "postgres": []}
        if config.state_file.exists():
            self.data = json.loads(config.state_file.read_text())

    def save(self) -> None:
        self.config.run.mkdir(parents=True, exist_ok=True)
        self.config.state_file.write_text(json.dumps(self.data, indent=2))

    def add(self, name: str, pid: int, marker: str, port: int | None = None) -> None:
        self.data["processes"].append({"name": name, "pid": pid, "marker": marker, "port": port})
        self.save()


def spawn(config: Config, state: State, name: str, argv: list[str], env: dict, marker: str, port=None, cwd=ROOT):
    """Start ``argv`` in its own session, output into logs/<name>.log; record its pid."""
    logfile = open(config.logs / f"{name}.log", "ab")  # noqa: SIM115 (the child keeps it)
    proc = subprocess.Popen(  # noqa: S603 (our own argv)
        argv,
        env=env,
        cwd=cwd,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    state.add(name, proc.pid, marker, port)
    return proc


# --- PostgreSQL ------------------------------------------------------------------------------


def pg_bin(tool: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), key=lambda p: int(p.split("/")[4]))
    if found:
        return found[-1]
    path = shutil.which(tool)
    if not path:
        raise SystemExit(f"[cluster] {tool} not found: install PostgreSQL (apt-get install postgresql)")
    return path


def as_postgres(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool as the ``postgres`` user when we are root (the server refuses root)."""
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    return subprocess.run(argv, check=True, cwd="/", **kwargs)  # noqa: S603


def _pg_conf(data: Path, port: int, extra: dict) -> None:
    settings = {
        "port": port,
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{data.parent}'",
        "wal_level": "replica",
        "max_wal_senders": 5,
        "hot_standby": "on",
        "max_connections": 100,
        "shared_buffers": "'64MB'",
        "logging_collector": "off",
        **extra,
    }
    with (data / "postgresql.auto.conf").open("a") as conf:
        for key, value in settings.items():
            conf.write(f"{key} = {value}\n")


def _pg_owned_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    path.chmod(0o700)


def start_postgres(config: Config, state: State) -> None:
    pgdir = config.home / "pg"
    if pgdir.exists():
        shutil.rmtree(pgdir)
    pgdir.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(pgdir, "postgres", "postgres")
        # The server writes its log into the shared folder.
        for name in ("pg-primary.log", "pg-replica.log"):
            (config.logs / name).touch()
            shutil.chown(config.logs / name, "postgres", "postgres")
    primary, replica = pgdir / "primary", pgdir / "replica"
    _pg_owned_dir(primary)
    log(f"PostgreSQL primary on 127.0.0.1:{config.pg_port}")
    as_postgres(
        [pg_bin("initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
        stdout=subprocess.DEVNULL,
    )
    with (primary / "pg_hba.conf").open("w") as hba:
        hba.write("local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n")
    _pg_conf(primary, config.pg_port, {})
    _pg_start(config, state, "pg-primary", primary)

    log(f"PostgreSQL replica (pg_basebackup, streaming) on 127.0.0.1:{config.replica_port}")
    as_postgres(
        [
            pg_bin("pg_basebackup"),
            *("-h", "127.0.0.1", "-p", str(config.pg_port), "-U", "postgres"),
            *("-D", str(replica), "-R", "-X", "stream", "-c", "fast"),
        ]
    )
    replica.chmod(0o700)
    _pg_conf(replica, config.replica_port, {"recovery_min_apply_delay": f"'{config.replica_delay_ms}ms'"})
    _pg_start(config, state, "pg-replica", replica)
    subprocess.run(  # noqa: S603
        [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(config.pg_port), "-U", "postgres", "-qc", "CREATE DATABASE lms"],
        check=True,
    )


def _pg_start(config: Config, state: State, name: str, data: Path) -> None:
    as_postgres([pg_bin("pg_ctl"), "-D", str(data), "-l", str(config.logs / f"{name}.log"), "-w", "-t", "60", "start"])
    pid = int((data / "postmaster.pid").read_text().split()[0])
    state.data["postgres"].append({"name": name, "pid": pid, "data": str(data)})
    state.save()


def stop_postgres(entry: dict) -> None:
    data = Path(entry["data"])
    if not _alive(entry["pid"], "postgres"):
        return
    log(f"stopping {entry['name']} (pid {entry['pid']})")
    try:
        as_postgres(
            [pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "30", "stop"], stdout=subprocess.DEVNULL
        )
    except subprocess.CalledProcessError:
        os.kill(entry["pid"], signal.SIGQUIT)


# --- The Django side ---------------------------------------------------------------------------


def django_env(config: Config, state: State) -> dict:
    """The Django processes' environment, fixed when the cluster starts (a revived node gets the same)."""
    if "env" in state.data:
        return state.data["env"]
    state.data["env"] = _new_django_env(config)
    state.save()
    return state.data["env"]


def _new_django_env(config: Config) -> dict:
    secret = "cluster-" + secrets.token_urlsafe(40)
    base = f"http://127.0.0.1:{config.port}"
    return {
        "DJANGO_SETTINGS_MODULE": "lms.settings.cluster",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"{base},http://localhost:{config.port}",
        "BASE_URL": base,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{config.pg_port}/lms",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{config.replica_port}/lms",
        # Longer than the replica's apply delay, so a session's own change is never read stale.
        "READ_YOUR_WRITES_SECONDS": str(max(5, config.replica_delay_ms / 1000 * 2)),
        "CLUSTER_REPLICA_DELAY_MS": str(config.replica_delay_ms),
        "REPLICA_MAX_LAG_SECONDS": "10",
        "REDIS_URL": f"redis://127.0.0.1:{config.redis_port}/0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        # A dead worker's task is queued again within about TTL + one recovery round.
        "TASK_HEARTBEAT_SECONDS": "1",
        "TASK_HEARTBEAT_TTL": "5",
        "TASK_RECOVERY_SECONDS": "1",
        "AWS_STORAGE_BUCKET_NAME": config.bucket,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{config.s3_port}",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "cluster",
        "AWS_SECRET_ACCESS_KEY": "cluster-secret",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(config.home / "mail"),
        "MEDIA_ROOT": str(config.home / "media"),
        "PRIVATE_MEDIA_ROOT": str(config.home / "private-media"),
        # make cluster-test lowers it so a few rows already go through a task worker.
        "DOWNLOAD_INLINE_MAX_ROWS": os.environ.get("DOWNLOAD_INLINE_MAX_ROWS", "5000"),
        "CLUSTER_PORT": str(config.port),
        "CLUSTER_DIR": str(config.home),
    }


def process_env(extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "AWS_", "REDIS_"))}
    env.update(extra)
    env["PATH"] = f"{VENV_BIN}:{env.get('PATH', '/usr/bin:/bin')}"
    return env


def manage(env: dict, *args: str, quiet: bool = True) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=out)  # noqa: S603


def haproxy_config(config: Config) -> str:
    servers = "\n".join(f"    server web{i + 1} 127.0.0.1:{port} check" for i, port in enumerate(config.web_ports))
    template = (Path(__file__).parent / "haproxy.cfg.in").read_text()
    return template.format(run=config.run, port=config.port, servers=servers)


def ensure_haproxy() -> str:
    path = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if path:
        return path
    log("installing HAProxy (Debian package)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "haproxy"]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:  # noqa: S603
        subprocess.run(["apt-get", "update"], env=env, stdout=subprocess.DEVNULL, check=True)  # noqa: S607
        subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=True)  # noqa: S603
    return shutil.which("haproxy") or "/usr/sbin/haproxy"


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # nosec B310 (http://127.0.0.1 only)
            return response.status == 200
    except OSError:
        return False


def start_web_node(config: Config, state: State, env: dict, index: int) -> None:
    port = config.web_ports[index]
    name = f"web-{index + 1}"
    tmp = config.home / name / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    metrics = config.home / name / "prometheus"  # emptied at each start, as prometheus_client requires
    if metrics.exists():
        shutil.rmtree(metrics)
    metrics.mkdir(parents=True)
    node_env = {**env, "TMPDIR": str(tmp), "CLUSTER_NODE": name, "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    argv = [
        str(VENV_BIN / "gunicorn"),
        "lms.wsgi",
        *("--bind", f"127.0.0.1:{port}", "--workers", str(config.web_workers)),
        *("--name", f"lms-{name}", "--worker-tmp-dir", str(tmp), "--timeout", "60", "--graceful-timeout", "10"),
        *("--access-logfile", str(config.logs / f"{name}.access.log")),
        # Each node its own control socket (gunicorn's default path is one per user).
        *("--control-socket", str(config.run / f"{name}.ctl")),
    ]
    spawn(config, state, name, argv, node_env, marker="gunicorn", port=port)


def start_task_worker(config: Config, state: State, env: dict, index: int) -> None:
    name = f"worker-{index + 1}"
    argv = [
        str(VENV_BIN / "python"),
        "manage.py",
        "task_worker",
        # A new id each start: a revived worker is not mistaken for the one that died
        # with a task RUNNING (lms.task_recovery re-queues that task).
        *("--interval", "0.5", "--worker-id", f"cluster-{name}-{secrets.token_hex(3)}"),
        *("--no-startup-delay", "--no-reload"),
    ]
    spawn(config, state, name, argv, {**env, "CLUSTER_NODE": name}, marker="task_worker")


def start_redis(config: Config, state: State) -> None:
    """Redis without persistence: a restart starts empty, as a lost cache server would."""
    spawn(
        config,
        state,
        "redis",
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            *("--bind", "127.0.0.1", "--port", str(config.redis_port), "--save", "", "--appendonly", "no"),
        ],
        process_env({}),
        marker="redis-server",
        port=config.redis_port,
    )
    _wait(lambda: _port_open(config.redis_port), "Redis", 20)


def start(config: Config) -> None:
    if config.state_file.exists() and any(_alive(p["pid"], p["marker"]) for p in State(config).data["processes"]):
        raise SystemExit("[cluster] already running: `make cluster-stop` first")
    ports = (config.port, *config.web_ports, config.redis_port, config.s3_port, config.pg_port, config.replica_port)
    busy = [p for p in ports if _port_open(p)]
    if busy:
        raise SystemExit(f"[cluster] ports already in use on 127.0.0.1: {busy}")
    haproxy = ensure_haproxy()
    if config.run.exists():
        shutil.rmtree(config.run)
    for folder in (config.logs, config.run, config.home / "mail"):
        folder.mkdir(parents=True, exist_ok=True)
    for old in config.logs.glob("*.log"):
        old.unlink()
    state = State(config)
    state.save()
    started = time.monotonic()
    try:
        _start_all(config, state, haproxy)
    except BaseException:
        log(f"start failed: stopping what was started (see the logs in {config.logs})")
        stop(config)
        raise
    log(f"up in {time.monotonic() - started:.0f} s: http://127.0.0.1:{config.port}/ (logs in {config.logs})")


def _start_all(config: Config, state: State, haproxy: str) -> None:
    log(f"Redis on 127.0.0.1:{config.redis_port}")
    start_redis(config, state)
    log(f"S3 (moto standalone server) on 127.0.0.1:{config.s3_port}")
    spawn(
        config,
        state,
        "s3",
        [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(config.s3_port)],
        process_env({}),
        marker="moto_server",
        port=config.s3_port,
    )
    start_postgres(config, state)
    env = process_env(django_env(config, state))
    _wait(lambda: _port_open(config.s3_port) and _port_open(config.redis_port), "Redis and S3")
    log("bucket, migrations, static files")
    subprocess.run(  # noqa: S603
        [str(VENV_BIN / "python"), str(Path(__file__).parent / "make_bucket.py")], env=env, check=True, cwd=ROOT
    )
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    if os.environ.get("DEMO") == "1":
        log("demo content (load_demo)")
        manage(env, "load_demo")
    for index in range(config.web_nodes):
        log(f"web node {index + 1}: gunicorn on 127.0.0.1:{config.web_ports[index]}")
        start_web_node(config, state, env, index)
    for index in range(config.task_workers):
        log(f"task worker {index + 1} (task_worker)")
        start_task_worker(config, state, env, index)
    _start_haproxy(config, state, haproxy)
    (config.run / "cluster.env").write_text("".join(f"{k}={v}\n" for k, v in django_env(config, state).items()))
    for port in config.web_ports:
        _wait(lambda port=port: http_ok(f"http://127.0.0.1:{port}/healthz"), f"web node on {port}", 120)
    _wait(lambda: haproxy_up(config) == len(config.web_ports), "HAProxy to see every node", 30)


def _start_haproxy(config: Config, state: State, haproxy: str) -> None:
    (config.run / "haproxy.cfg").write_text(haproxy_config(config))
    log(f"HAProxy on 127.0.0.1:{config.port}, round-robin over {len(config.web_ports)} nodes")
    spawn(
        config,
        state,
        "haproxy",
        [haproxy, "-db", "-f", str(config.run / "haproxy.cfg")],
        process_env({}),
        marker="haproxy",
        port=config.port,
    )


def haproxy_stats(config: Config) -> list[dict]:
    """HAProxy's own view of its servers (``show stat`` on its admin socket)."""
    sock_path = config.run / "haproxy.sock"
    if not sock_path.exists():
        return []
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(2)
        try:
            sock.connect(str(sock_path))
        except OSError:
            return []
        sock.sendall(b"show stat\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    lines = data.decode().splitlines()
    if not lines:
        return []
    header = lines[0].lstrip("# ").split(",")
    return [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]


def haproxy_nodes(config: Config) -> list[dict]:
    """The rows of the ready nodes' backend (``web``; ``web_alive`` lists the same nodes)."""
    rows = haproxy_stats(config)
    return [row for row in rows if row.get("pxname") == "web" and row.get("svname", "").startswith("web")]


def haproxy_up(config: Config) -> int:
    return sum(1 for row in haproxy_nodes(config) if row["status"] == "UP")


def stop(config: Config) -> None:
    if not config.state_file.exists():
        log("nothing to stop (no state file)")
        return
    state = State(config)
    processes = state.data["processes"]
    # HAProxy first (no new requests), then the web nodes and workers, then the services.
    order = {"haproxy": 0, "web": 1, "worker": 2, "s3": 3, "redis": 4}
    processes.sort(key=lambda p: order.get(p["name"].split("-")[0], 5))
    for proc in processes:
        if _alive(proc["pid"], proc["marker"]):
            log(f"stopping {proc['name']} (pid {proc['pid']})")
            os.kill(proc["pid"], signal.SIGTERM)
    deadline = time.monotonic() + 20
    for proc in processes:
        while _alive(proc["pid"], proc["marker"]) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(proc["pid"], proc["marker"]):
            log(f"{proc['name']} (pid {proc['pid']}) did not stop: SIGKILL")
            os.killpg(proc["pid"], signal.SIGKILL)
    for entry in reversed(state.data["postgres"]):
        stop_postgres(entry)
    ports = [p["port"] for p in processes if p.get("port")]
    _wait(lambda: not any(_port_open(p) for p in ports), "the ports to close", 20)
    config.state_file.unlink()
    log("stopped")


def pause(config: Config, name: str) -> None:
    """Stop one of the cluster's processes (a fault test); ``revive`` starts it again."""
    state = State(config)
    for entry in state.data["postgres"]:
        if entry["name"] == name:
            stop_postgres(entry)
            return
    for proc in state.data["processes"]:
        if proc["name"] == name and _alive(proc["pid"], proc["marker"]):
            os.killpg(proc["pid"], signal.SIGTERM)
            _wait(lambda proc=proc: not _alive(proc["pid"], proc["marker"]), f"{name} to stop", 20)


def revive(config: Config, name: str) -> None:
    """Start again one process of the running cluster (after a fault test stopped or killed it)."""
    state = State(config)
    env = process_env(django_env(config, state))
    for entry in state.data["postgres"]:
        if entry["name"] == name:
            if not _alive(entry["pid"], "postgres"):
                state.data["postgres"].remove(entry)
                state.save()
                _pg_start(config, state, name, Path(entry["data"]))
            return
    for proc in list(state.data["processes"]):
        if proc["name"] != name:
            continue
        if _alive(proc["pid"], proc["marker"]):
            return
        state.data["processes"].remove(proc)
        state.save()
        kind, _, number = name.partition("-")
        if kind == "web":
            start_web_node(config, state, env, int(number) - 1)
            port = proc["port"]
            _wait(lambda port=port: http_ok(f"http://127.0.0.1:{port}/healthz"), name, 60)
        elif kind == "worker":
            start_task_worker(config, state, env, int(number) - 1)
        elif kind == "redis":
            start_redis(config, state)
        elif kind == "haproxy":
            _start_haproxy(config, state, ensure_haproxy())
            _wait(lambda: haproxy_up(config) == len(config.web_ports), "HAProxy to see every node", 30)
        else:
            raise SystemExit(f"[cluster] cannot revive {name}")
        return
    raise SystemExit(f"[cluster] no process named {name}")


def status(config: Config) -> int:
    if not config.state_file.exists():
        print("not running")
        return 1
    state = State(config)
    for proc in state.data["processes"] + state.data["postgres"]:
        alive = _alive(proc["pid"], proc.get("marker", "postgres"))
        print(f"{proc['name']:12} pid {proc['pid']:>7}  {'running' if alive else 'stopped'}")
    for row in haproxy_stats(config):
        if row.get("svname", "").startswith("web"):
            print(f"haproxy {row['pxname']}/{row['svname']}: {row['status']}")
    return 0


def main(argv: list[str]) -> int:
    config = Config()
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        start(config)
    elif command == "stop":
        stop(config)
    elif command == "status":
        return status(config)
    elif command in ("pause", "revive") and len(argv) > 2:
        (pause if command == "pause" else revive)(config, argv[2])
    elif command == "env":
        if not config.state_file.exists():
            print("not running")
            return 1
        for key, value in django_env(config, State(config)).items():
            print(f"{key}={value}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
