"""Delete login records older than the retention period (docs/privacy.md: one year).

Login history, failed logins and lockout records (django-axes) and expired
sessions older than ``--days`` (default 365) are deleted. The audit trail is
not touched: it keeps that a lockout happened, anonymised on erasure. Run it
daily (cron or a systemd timer); it is idempotent.
"""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

RETENTION_DAYS = 365


class Command(BaseCommand):
    help = "Delete login history, failed logins and lockouts older than the retention period (one year)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=RETENTION_DAYS, help="Keep records this many days.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")

    def handle(self, *args, days, dry_run, **options):
        cutoff = timezone.now() - timedelta(days=days)
        querysets = {
            "login history": AccessLog.objects.filter(attempt_time__lt=cutoff),
            "failed logins": AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
            "lockouts": AccessAttempt.objects.filter(attempt_time__lt=cutoff),
            "expired sessions": Session.objects.filter(expire_date__lt=timezone.now()),
        }
        for label, queryset in querysets.items():
            count = queryset.count() if dry_run else queryset.delete()[0]
            self.stdout.write(f"{label}: {count} {'to delete' if dry_run else 'deleted'}")
