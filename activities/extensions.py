"""What apps above this one add to the guardian's private page: more files of a child's certificate.

A guardian downloads a child's certificate of participation (its PDF) from the private link; an app
above (credentials: the Open Badges credential as JSON and as a baked PNG badge) offers more files
of the same certificate with the ``register_guardian_certificate_file`` hook in its
``wagtail_hooks.py``, so this app names none of them::

    @hooks.register("register_guardian_certificate_file")
    def credential_json():
        return GuardianCertificateFile(key="json", label=..., available=signed, response=json_file, order=10)

The file is served at ``hoat-dong/cua-toi/<token>/giay-chung-nhan/<certificate>/<key>/`` by this
app's view, after the very check of the PDF download (``views.guardian_certificate``): only a
certificate of the link's own registrations, valid, not erased, while the link is valid.

- ``available`` is called once per page with every certificate shown and returns the ids of those
  that have this file (one batch: the page's queries stay constant whatever its length).
- ``response`` is a function of one certificate returning the file as an ``HttpResponse``, or None
  when it has none after all (the view answers 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wagtail import hooks

FILE_HOOK = "register_guardian_certificate_file"


@dataclass(frozen=True)
class GuardianCertificateFile:
    key: str  # in the address; letters, digits and "-"
    label: str  # the button's text, shown under the certificate's PDF button
    available: Callable[[list], set[int]]
    response: Callable[[Any], Any]
    title: str = ""  # a longer explanation, shown on hover and to screen readers
    order: int = 100


def guardian_certificate_files() -> list[GuardianCertificateFile]:
    """The registered files, in order."""
    return sorted((fn() for fn in hooks.get_hooks(FILE_HOOK)), key=lambda item: (item.order, item.key))


def guardian_certificate_file(key: str) -> GuardianCertificateFile | None:
    return next((item for item in guardian_certificate_files() if item.key == key), None)


def files_of(certificates) -> dict[int, list[GuardianCertificateFile]]:
    """``{certificate pk: [files it offers]}`` for the certificates shown (one batch per registration)."""
    certificates = list(certificates)
    if not certificates:
        return {}
    found: dict[int, list[GuardianCertificateFile]] = {}
    for item in guardian_certificate_files():
        for pk in item.available(certificates):
            found.setdefault(pk, []).append(item)
    return found
