"""The demo's credentials: every demo certificate signed.

Certificates issued from now on get theirs when issued (``receivers``); this
signs those issued before the app was installed. Rerunnable: only what is missing.
"""

from certificates.models import Certificate

from .services import issue_missing


def load(command=None) -> None:
    made = issue_missing(Certificate.objects.all())
    if command is not None and made:
        command.stdout.write(f"  {made} credentials signed")
