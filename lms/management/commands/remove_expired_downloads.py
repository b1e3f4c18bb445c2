"""Delete the background downloads (and their files) whose time is up; run it hourly from cron."""

from django.core.management.base import BaseCommand

from lms.downloads import remove_expired


class Command(BaseCommand):
    help = "Delete expired background downloads and their files."

    def handle(self, *args, **options):
        removed = remove_expired()
        self.stdout.write(f"{removed} expired download(s) removed.")
