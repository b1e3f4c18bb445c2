"""Issue the certificates of participation of sessions that have ended (run hourly; idempotent)."""

from django.core.management.base import BaseCommand

from activities.participation import issue_after_sessions


class Command(BaseCommand):
    help = "Issue certificates of participation to those checked in at sessions that ended in the last 30 days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Look back this many days (default 30).")

    def handle(self, *args, **options):
        issued = issue_after_sessions(days=options["days"])
        self.stdout.write(f"certificates issued: {len(issued)}")
