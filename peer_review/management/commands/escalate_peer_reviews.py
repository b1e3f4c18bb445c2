"""Hand to the trainers every plan still short of peer reviews after its wait (run hourly)."""

from django.core.management.base import BaseCommand

from peer_review.services import escalate_starved


class Command(BaseCommand):
    help = "Hand plans still short of peer reviews after their wait to the trainers."

    def handle(self, *args, **options):
        found = escalate_starved()
        self.stdout.write(f"{len(found)}")
