"""Daily reminders: a session tomorrow, an assignment due within 48 hours (``enrolment.reminders``).

Meant for a scheduler (cron, systemd timer), once a day, e.g. at 07:00:
``manage.py send_reminders``. Each reminder goes once to each person who wants it.
"""

from django.core.management.base import BaseCommand

from enrolment.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail the reminders due today (sessions tomorrow, assignments due within 48 hours), once each."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
