"""Load the demo content: rerunnable, it never creates anything twice.

Each app owns its part of the demo in a ``demo.py`` module with a
``load(command)`` function; this command runs them in dependency order.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = [
    "accounts.demo",
    "home.demo",
    "courses.demo",
    "stem_lessons.demo",
    "camps.demo",
    "enrolment.demo",  # after the catalogue's demo (courses.demo): it uses its courses
    "certificates.demo",  # after enrolment.demo: it certifies the completed demo learners
    "assessment.demo",  # after enrolment.demo: it grades work in the demo classes
]


class Command(BaseCommand):
    help = "Create or update the demo site (accounts, settings, content). Safe to run again."

    def handle(self, *args, **options):
        for dotted in DEMO_MODULES:
            module = import_module(dotted)
            with transaction.atomic():
                module.load(self)
            self.stdout.write(self.style.SUCCESS(f"✓ {dotted}"))
