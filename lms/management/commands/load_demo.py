"""Load the demo content: rerunnable, it never creates anything twice.

Each app owns its part of the demo (a ``load(command)`` function, usually in
its ``demo.py``) and registers it with the ``register_demo_loader`` hook;
this command runs them in their ``order`` (see :mod:`lms.demo`).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from lms.demo import demo_loaders


class Command(BaseCommand):
    help = "Create or update the demo site (accounts, settings, content). Safe to run again."

    def handle(self, *args, **options):
        for loader in demo_loaders():
            with transaction.atomic():
                loader.load(self)
            self.stdout.write(self.style.SUCCESS(f"✓ {loader.name}"))
