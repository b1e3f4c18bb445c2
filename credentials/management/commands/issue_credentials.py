"""Sign the credentials that certificates lack (issued before the keys existed, or when signing failed)."""

from django.core.management.base import BaseCommand

from certificates.models import Certificate
from credentials.services import issue_missing


class Command(BaseCommand):
    help = "Sign the Open Badges credential of every certificate that has none; set the bits of withdrawn ones."

    def handle(self, *args, **options):
        made = issue_missing(Certificate.objects.all())
        self.stdout.write(self.style.SUCCESS(f"{made} credentials signed"))
