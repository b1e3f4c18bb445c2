"""E-mail registrants the day before their sessions (run daily, like ``send_reminders``; idempotent)."""

from django.core.management.base import BaseCommand

from activities.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail the registrants of tomorrow's activity sessions (once each)."

    def handle(self, *args, **options):
        self.stdout.write(f"reminders queued: {send_reminders()}")
