"""The cluster tests: real HTTP through HAProxy to a cluster started by ``ops/cluster.py``.

Collected only with ``CLUSTER_TESTS=1`` (``make cluster-test`` and ``.ci/run`` set it, after
starting the cluster); the normal suite never sees them, so they are never skipped as passes.
Every request goes to 127.0.0.1.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster"))

if os.environ.get("CLUSTER_TESTS") != "1":
    collect_ignore_glob = ["test_*.py"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/cluster/" in str(item.fspath):
            item.add_marker(pytest.mark.cluster)


class Cluster:
    def __init__(self):
        env_file = CLUSTER_DIR / "run" / "cluster.env"
        if not env_file.exists():
            raise RuntimeError(f"no cluster running ({env_file} missing): run `make cluster` first")
        self.env = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
        self.url = f"http://127.0.0.1:{self.env['CLUSTER_PORT']}"
        self.state_file = CLUSTER_DIR / "run" / "state.json"

    @property
    def state(self) -> dict:
        return json.loads(self.state_file.read_text())

    def process(self, name: str) -> dict:
        return next(p for p in self.state["processes"] + self.state["postgres"] if p["name"] == name)

    def node_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.process(name)['port']}"

    def run(self, code: str, timeout: float = 120):
        """Run ``code`` in the cluster's Django (see remote.py); its ``result``, decoded."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
        env.update(self.env)
        done = subprocess.run(  # noqa: S603
            [sys.executable, str(Path(__file__).with_name("remote.py"))],
            input=code,
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise AssertionError(f"remote code failed:\n{done.stderr[-4000:]}")
        line = [x for x in done.stdout.splitlines() if x.startswith("RESULT:")][-1]
        return json.loads(line[len("RESULT:") :])

    def ops(self, *args: str) -> None:
        subprocess.run([sys.executable, str(ROOT / "ops" / "cluster.py"), *args], check=True, cwd=ROOT, timeout=120)  # noqa: S603

    def haproxy_status(self) -> dict:
        sys.path.insert(0, str(ROOT / "ops"))
        import cluster as ops_cluster  # noqa: PLC0415

        config = ops_cluster.Config()
        return {row["svname"]: row["status"] for row in ops_cluster.haproxy_nodes(config)}

    def wait_for(self, predicate, what: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.25)
        raise AssertionError(f"timed out after {timeout} s waiting for {what}")

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        os.killpg(self.process(name)["pid"], sig)


@pytest.fixture(scope="session")
def cluster():
    return Cluster()


@pytest.fixture(scope="session")
def seed(cluster):
    return cluster.run("from tests.cluster.seed import seed\nresult = seed()")


def session_for(cluster, seed, who: str) -> requests.Session:
    """A browser-like session signed in as ``who`` (its cookie is valid on every node)."""
    browser = requests.Session()
    browser.cookies.set("sessionid", seed["sessions"][who], domain="127.0.0.1")
    return browser


@pytest.fixture
def browser_as(cluster, seed):
    return lambda who: session_for(cluster, seed, who)
