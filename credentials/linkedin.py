"""LinkedIn's "Add to profile" link for a certificate, its fields filled in.

LinkedIn documents the ``/profile/add`` address for certifications: the
person lands on the form with the name, the organisation, the issue month,
the certificate's number and its verification address filled in, and saves
it themselves. Nothing is sent to LinkedIn until they do.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils import timezone

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def add_to_profile_url(*, name: str, organisation: str, issued_at, number: str, verification_url: str) -> str:
    issued = timezone.localtime(issued_at)
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": name,
        "organizationName": organisation,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certId": number,
        "certUrl": verification_url,
    }
    return f"{ADD_TO_PROFILE}?{urlencode(query)}"
