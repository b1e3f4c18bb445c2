"""Anonymise children's registrations older than the retention period (site settings; docs/privacy.md).

Names, exact dates of birth, health notes and the guardian's contact details
are erased; the counts (registrations, check-ins, year of birth, gender,
school) stay for the Department's reports. Run it daily, like
``prune_login_records``; it is idempotent.
"""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from activities.models import ActivitySettings
from activities.retention import prune


class Command(BaseCommand):
    help = "Anonymise children's activity registrations older than the retention period of the site settings."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the site settings' retention period.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be anonymised; change nothing.")

    def handle(self, *args, days, dry_run, **options):
        if days is None:
            site = Site.objects.filter(is_default_site=True).first()
            days = ActivitySettings.for_site(site).retention_days if site else 365
        result = prune(days, dry_run=dry_run)
        verb = "to anonymise" if dry_run else "anonymised"
        self.stdout.write(
            f"children: {result['children']} {verb}; guardians: {result['guardians']} (after {days} days)"
        )
