"""``manage.py restore ARCHIVE [--force]``: restore a backup into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (or any database with --force)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="Restore even into a database that holds data.")

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore_backup(Path(archive), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {archive} ({len(manifest['files'])} files verified)"))
