"""Make, rotate and list the issuer's credential signing keys.

    manage.py credential_keys generate   # the first key, in CREDENTIAL_KEYS_DIR
    manage.py credential_keys rotate     # a new signing key; old ones keep verifying
    manage.py credential_keys list       # kid, date, which one signs (no secret printed)
    manage.py credential_keys export     # the public JWK set (what /chung-nhan-so/to-chuc/khoa.json shows)
    manage.py credential_keys export --private   # the private set, for CREDENTIAL_SIGNING_KEYS or a backup

Keys given in CREDENTIAL_SIGNING_KEYS are read-only here: ``rotate`` then
prints a new private key to add to the set in the environment.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from credentials import keys
from lms.page_cache import invalidate


class Command(BaseCommand):
    help = "Make, rotate, list or export the Ed25519 keys that sign Open Badges credentials."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["generate", "rotate", "list", "export"])
        parser.add_argument("--private", action="store_true", help="export: include the private halves")

    def handle(self, *args, action, private=False, **options):
        folder = Path(settings.CREDENTIAL_KEYS_DIR)
        from_environment = bool(settings.CREDENTIAL_SIGNING_KEYS)
        if action in ("generate", "rotate"):
            existing = keys.from_environment() if from_environment else keys.from_folder(folder)
            if action == "generate" and existing:
                raise CommandError("A signing key exists already: use `rotate` to add a new one.")
            if from_environment:
                made = keys.new_key(existing)  # in memory only: printed once, never written here
                self.stdout.write(json.dumps(keys.export_set([made], private=True)["keys"][0]))
                self.stderr.write("Add this key to the set in CREDENTIAL_SIGNING_KEYS, then restart the site.")
                return
            made = keys.generate(folder)
            invalidate()  # cached verification pages embed the public keys
            self.stdout.write(self.style.SUCCESS(f"New signing key {made.kid} in {folder}"))
            self.stdout.write("Back it up now (see README, 'Backing up the credential keys').")
            return
        found = (
            keys.all_keys()
            if action == "export"
            else (keys.from_environment() if from_environment else keys.from_folder(folder))
        )
        if action == "export":
            self.stdout.write(json.dumps(keys.export_set(found, private=private), indent=2))
            return
        signing = found[-1].kid if found else None
        for key in sorted(found, key=lambda k: (k.created, k.kid)):
            made = datetime.fromtimestamp(key.created, UTC).strftime("%d/%m/%Y %H:%M UTC")
            mark = " (signs)" if key.kid == signing else ""
            self.stdout.write(f"{key.kid}  {made}{mark}")
        if not found:
            self.stdout.write("No key yet: run `manage.py credential_keys generate`.")
