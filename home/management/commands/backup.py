"""``manage.py backup [PATH]``: one archive with the database, media and private files."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from home.backup import create_backup


class Command(BaseCommand):
    help = "Write a backup archive (database dump, media, private files, checksums)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Archive path (default: backups/lms-<time>.tar.gz)")
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Then keep only the newest N lms-*.tar.gz archives of its folder (0: keep all)",
        )

    def handle(self, *args, path=None, keep=0, **options):
        destination = Path(path or f"backups/lms-{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%S}.tar.gz")
        manifest = create_backup(destination)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {destination} ({manifest['database']['method']}, {len(manifest['files'])} files)"
            )
        )
        if keep > 0:
            # Only archives written by this command (their names sort by time); never the one just written.
            archives = sorted(destination.parent.glob("lms-*.tar.gz"), key=lambda p: p.name, reverse=True)
            for old in archives[keep:]:
                if old.resolve() != destination.resolve():
                    old.unlink()
                    self.stdout.write(f"Removed old backup {old}")
