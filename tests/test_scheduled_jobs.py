"""Every management command of the project is either scheduled in ``ops/lms.crontab`` or named
here as one an operator runs by hand, so that a periodic job (an erasure on time, a reminder, an
escalation) is never written and then forgotten by the deployments."""

import re
from pathlib import Path

from django.conf import settings

CRONTAB = Path(settings.BASE_DIR) / "ops" / "lms.crontab"
BY_HAND = {
    "backup": "also scheduled; by hand before an upgrade",
    "restore": "by hand, into an empty database",
    "load_demo": "by hand (make run)",
    "credential_keys": "by hand: make, rotate, export keys",
    "task_worker": "a long-running process, not a job",
    "bench_jobs": "make bench only",
    "bench_probe": "make bench only",
    "seed_bench": "make bench only",
}
FIELD = r"(\*|\d+(-\d+)?(,\d+(-\d+)?)*)(/\d+)?"
LINE = re.compile(rf"^{FIELD}\s+{FIELD}\s+{FIELD}\s+{FIELD}\s+{FIELD}\s+(?P<command>.+)$")


def project_commands() -> set[str]:
    """The commands of the project's own apps (bench included, which only its settings install)."""
    base = Path(settings.BASE_DIR)
    return {file.stem for file in base.glob("*/management/commands/*.py") if not file.name.startswith("_")}


def scheduled() -> list[str]:
    names = []
    for raw in CRONTAB.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or re.match(r"^[A-Z_]+=", line):
            continue
        match = LINE.match(line)
        assert match, f"not a crontab line: {raw!r}"
        command = re.search(r"manage\.py (\w+)", match["command"])
        assert command, f"no manage.py command in {raw!r}"
        names.append(command[1])
    return names


def test_every_command_is_scheduled_or_run_by_hand():
    commands = project_commands()
    jobs = scheduled()
    # Children's data erased on time; Wagtail's scheduled publishing; finished tasks' results pruned.
    for needed in ("prune_activity_registrations", "publish_scheduled", "prune_db_task_results", "clearsessions"):
        assert needed in jobs, needed
    assert len(jobs) == len(set(jobs)), "a job is scheduled twice"
    forgotten = commands - set(jobs) - set(BY_HAND)
    assert not forgotten, f"management commands neither in ops/lms.crontab nor run by hand: {sorted(forgotten)}"
    unknown = set(jobs) - commands - {"publish_scheduled", "prune_db_task_results", "clearsessions"}
    assert not unknown, f"ops/lms.crontab names commands that do not exist: {sorted(unknown)}"
    assert not (set(BY_HAND) - commands - {"backup"}), "BY_HAND names a command that no longer exists"


def test_the_crontab_runs_in_vietnam_time_with_production_settings():
    text = CRONTAB.read_text()
    assert "CRON_TZ=Asia/Ho_Chi_Minh" in text
    assert "DJANGO_SETTINGS_MODULE=lms.settings.production" in text
