"""``manage.py backup [PATH]``: one archive with the database, media and private files."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from home.backup import create_backup


class Command(BaseCommand):
    help = "Write a backup archive (database dump, media, private files, checksums)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Archive path (default: backups/lms-<time>.tar.gz)")

    def handle(self, *args, path=None, **options):
        destination = Path(path or f"backups/lms-{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%S}.tar.gz")
        manifest = create_backup(destination)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {destination} ({manifest['database']['method']}, {len(manifest['files'])} files)"
            )
        )
