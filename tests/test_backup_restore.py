"""The restore drill: demo data backed up, restored into a fresh database, compared.

It runs the real commands in subprocesses against databases of the same
engine as the suite (SQLite files, or fresh PostgreSQL databases).
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PDF_BYTES = "%PDF-1.4 giáo án thử nghiệm".encode()
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

SNAPSHOT = """
import hashlib, json
from pathlib import Path
from django.apps import apps
from django.conf import settings
counts = {m._meta.label: m._base_manager.count() for m in apps.get_models()
          if not m._meta.proxy and m._meta.app_label not in {"sessions", "wagtailsearch", "django_tasks_database"}}
files = {}
for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
    root = Path(getattr(settings, name))
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        files[name + "/" + path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
from accounts.models import User
people = sorted(User.objects.values_list("email", "full_name", "password"))
print(json.dumps({"counts": counts, "files": files, "people": people}))
"""


def run(env, *args, check=True):
    return subprocess.run(  # noqa: S603 - our interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


@pytest.fixture
def databases(tmp_path):
    """Two empty databases of the suite's engine: the original and the restore target."""
    if not ON_POSTGRES:
        yield [f"sqlite:///{tmp_path / 'original.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"]
        return
    db = settings.DATABASES["default"]
    base = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    names = [f"lms_drill_{uuid.uuid4().hex[:8]}_{n}" for n in ("a", "b")]
    for name in names:
        subprocess.run(["createdb", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], name], check=True)  # noqa: S603, S607
    yield [f"{base}/{name}" for name in names]
    for name in names:
        subprocess.run(["dropdb", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], "--force", name], check=False)  # noqa: S603, S607


def environment(database_url, folder: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_SETTINGS")}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private-media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def snapshot(env):
    return json.loads(run(env, "shell", "-c", SNAPSHOT).stdout.strip().splitlines()[-1])


def test_backup_then_restore_into_a_fresh_database_gives_back_everything(databases, tmp_path):
    original = environment(databases[0], tmp_path / "original")
    restored = environment(databases[1], tmp_path / "restored")
    run(original, "migrate", "--noinput", "-v0")
    run(original, "load_demo")
    private = tmp_path / "original" / "private-media" / "submissions"
    private.mkdir(parents=True, exist_ok=True)
    (private / "giao-an.pdf").write_bytes(PDF_BYTES)
    archive = tmp_path / "backup.tar.gz"
    run(original, "backup", str(archive))

    with tarfile.open(archive) as handle:
        manifest = json.load(handle.extractfile("manifest.json"))
    assert manifest["database"]["method"] == ("pg_dump" if ON_POSTGRES else "django-json")
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    assert listed["private-media/submissions/giao-an.pdf"] == hashlib.sha256(PDF_BYTES).hexdigest()

    result = run(restored, "restore", str(archive))
    assert "files verified" in result.stdout
    before, after = snapshot(original), snapshot(restored)
    assert after["counts"] == before["counts"]
    assert after["counts"]["accounts.User"] >= 4
    assert {k.split("/", 1)[1]: v for k, v in after["files"].items()} == {
        k.split("/", 1)[1]: v for k, v in before["files"].items()
    }
    assert after["people"] == before["people"]

    # A second restore into the now non-empty database is refused without --force.
    refused = run(restored, "restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr

    # A damaged archive is refused, even with --force, before anything is written.
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "private-media/submissions/giao-an.pdf":
                data = b"%PDF-1.4 edited"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    result = run(restored, "restore", "--force", str(damaged), check=False)
    assert result.returncode != 0
    assert "Checksum mismatch" in result.stderr
    assert (tmp_path / "restored" / "private-media" / "submissions" / "giao-an.pdf").read_bytes() == PDF_BYTES


def test_backup_keeps_only_the_newest_archives_when_asked(tmp_path, monkeypatch):
    """The nightly job (ops/lms.crontab) runs ``backup --keep 14``: older archives of the folder go,
    the one just written and files the command did not write stay."""
    from django.core.management import call_command

    from home.management.commands import backup as command

    def fake_backup(destination):
        destination.write_text("archive")
        return {"database": {"method": "test"}, "files": []}

    monkeypatch.setattr(command, "create_backup", fake_backup)
    for day in range(1, 6):
        (tmp_path / f"lms-2026120{day}-020000.tar.gz").write_text("old")
    (tmp_path / "notes.txt").write_text("mine")
    call_command("backup", str(tmp_path / "lms-20261207-020000.tar.gz"), "--keep", "3", stdout=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "lms-20261204-020000.tar.gz",
        "lms-20261205-020000.tar.gz",
        "lms-20261207-020000.tar.gz",
        "notes.txt",
    ]
