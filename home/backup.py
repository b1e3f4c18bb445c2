"""Backup and restore of the whole site: database, media and private files.

An archive is one ``.tar.gz`` holding ``manifest.json`` (format, engine,
versions, and the SHA-256 and size of every file), the database dump and
the files. PostgreSQL is dumped with ``pg_dump`` (custom format) when it is
on the PATH; otherwise, and always on SQLite, Django's serialisation is used
(``dumpdata`` with natural keys). Restoring checks every checksum before it
writes anything.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

FORMAT = "stem-lms-backup/1"
FILE_ROOTS = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}
# Rebuilt by migrate and by Wagtail itself; dumping them would clash on restore.
# The search index is rebuilt with ``manage.py update_index``; task results are transient.
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions", "wagtailsearch", "django_tasks_database"]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _db_settings():
    return connection.settings_dict


def _use_pg_dump() -> bool:
    return connection.vendor == "postgresql" and shutil.which("pg_dump") is not None


def _pg_env() -> dict:
    db = _db_settings()
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args() -> list[str]:
    db = _db_settings()
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return [*args, "-d", db["NAME"]]


def _dump_database(workdir: Path) -> str:
    if _use_pg_dump():
        target = workdir / "db.pgdump"
        command = [shutil.which("pg_dump"), "-Fc", "--no-owner", "-f", str(target), *_pg_args()]
        subprocess.run(command, check=True, env=_pg_env())  # noqa: S603 - fixed program, our own arguments
        return "pg_dump"
    target = workdir / "db.json"
    installed = {config.label for config in apps.get_app_configs()}
    with target.open("w", encoding="utf-8") as handle:
        call_command(
            "dumpdata",
            "--natural-foreign",
            *[f"--exclude={label}" for label in EXCLUDED_MODELS if label.split(".")[0] in installed],
            indent=None,
            stdout=handle,
        )
    return "django-json"


def create_backup(destination: Path) -> dict:
    """Write a backup archive to ``destination`` and return its manifest."""
    with tempfile.TemporaryDirectory(prefix="lms-backup-") as tmp:
        workdir = Path(tmp)
        method = _dump_database(workdir)
        files = []
        for path in sorted(workdir.iterdir()):
            files.append({"path": path.name, "sha256": sha256_file(path), "size": path.stat().st_size})
        roots = {}
        for prefix, setting in FILE_ROOTS.items():
            root = Path(getattr(settings, setting, "") or "")
            roots[prefix] = str(root)
            if not root or not root.is_dir():
                continue
            for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
                relative = path.relative_to(root).as_posix()
                files.append(
                    {"path": f"{prefix}/{relative}", "sha256": sha256_file(path), "size": path.stat().st_size}
                )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database": {"vendor": connection.vendor, "method": method},
            "versions": {"django": django.get_version(), "wagtail": wagtail.__version__},
            "files": files,
        }
        destination.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(destination, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            for entry in files:
                prefix, _, rest = entry["path"].partition("/")
                source = workdir / entry["path"] if not rest else Path(roots[prefix]) / rest
                archive.add(source, arcname=entry["path"], recursive=False)
    return manifest


def database_is_empty() -> bool:
    """No people and no content beyond what migrations create."""
    from wagtail.models import Page

    from accounts.models import User

    tables = connection.introspection.table_names()
    if User._meta.db_table not in tables:
        return True
    return not User.objects.exists() and Page.objects.count() <= 2


def _safe_members(archive: tarfile.TarFile, manifest: dict) -> dict[str, tarfile.TarInfo]:
    expected = {entry["path"] for entry in manifest["files"]}
    members = {}
    for member in archive.getmembers():
        if member.name == "manifest.json":
            continue
        if member.name not in expected or not member.isfile():
            raise BackupError(f"Unexpected entry in the archive: {member.name}")
        members[member.name] = member
    missing = expected - set(members)
    if missing:
        raise BackupError(f"Files missing from the archive: {sorted(missing)[:5]}")
    return members


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    if manifest.get("format") != FORMAT:
        raise BackupError("This is not a backup made by this system.")
    return manifest


def restore_backup(archive_path: Path, *, force: bool = False) -> dict:
    """Restore ``archive_path`` into this database and file storage.

    Refuses a database that already holds people or content unless ``force``.
    Every file's checksum is verified before anything is written.
    """
    manifest = read_manifest(archive_path)
    if not force and not database_is_empty():
        raise BackupError("The database is not empty. Restore into an empty database, or pass --force.")
    with tempfile.TemporaryDirectory(prefix="lms-restore-") as tmp, tarfile.open(archive_path, "r:gz") as archive:
        workdir = Path(tmp)
        members = _safe_members(archive, manifest)
        for entry in manifest["files"]:
            target = workdir / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(members[entry["path"]]) as source, target.open("wb") as handle:
                shutil.copyfileobj(source, handle)
            if sha256_file(target) != entry["sha256"]:
                raise BackupError(f"Checksum mismatch for {entry['path']}: the archive is damaged.")
        _restore_database(workdir, manifest)
        for prefix, setting in FILE_ROOTS.items():
            source = workdir / prefix
            if source.is_dir():
                root = Path(getattr(settings, setting))
                root.mkdir(parents=True, exist_ok=True)
                shutil.copytree(source, root, dirs_exist_ok=True)
    return manifest


def _restore_database(workdir: Path, manifest: dict) -> None:
    method = manifest["database"]["method"]
    if method == "pg_dump":
        if connection.vendor != "postgresql" or not shutil.which("pg_restore"):
            raise BackupError(
                "This archive holds a PostgreSQL dump: restore it into PostgreSQL with pg_restore available."
            )
        connection.close()
        command = [shutil.which("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        subprocess.run([*command, *_pg_args(), str(workdir / "db.pgdump")], check=True, env=_pg_env())  # noqa: S603
        return
    call_command("migrate", interactive=False, verbosity=0)
    # flush empties every table, then post_migrate recreates content types and
    # permissions, which the dump refers to by natural key.
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(workdir / "db.json"), verbosity=0)
