"""The QR code's offline token: decoded from the rendered PDF page, checked with only the public keys."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path
from urllib.parse import urlparse

import pytest
import zxingcpp
from PIL import Image

from credentials import keys, offline, signing

from .factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_keys(settings, tmp_path):
    settings.CREDENTIAL_KEYS_DIR = tmp_path / "keys"
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.CREDENTIAL_KEYS_AUTOGENERATE = True


def qr_codes_of(pdf: bytes, tmp_path: Path, dpi: int = 150) -> list[str]:
    """The QR codes on the PDF's first page, rendered at ``dpi`` (a printed page as a phone would see it)."""
    source = tmp_path / "certificate.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed program on a file of ours
        ["/usr/bin/pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
    )
    page = next(tmp_path.glob("page*.png"))
    with Image.open(BytesIO(page.read_bytes())) as picture:
        return [found.text for found in zxingcpp.read_barcodes(picture.convert("L"))]


def public_set() -> list[dict]:
    return keys.export_set(keys.all_keys(), private=False)["keys"]


def test_the_printed_qr_code_carries_a_token_that_verifies_with_only_the_public_key(tmp_path):
    certificate = CertificateFactory()
    with certificate.pdf.open("rb") as stored:
        codes = qr_codes_of(stored.read(), tmp_path)
    assert len(codes) == 1, "the QR code must read from the page at 150 dpi"
    address = urlparse(codes[0])
    assert f"{address.scheme}://{address.netloc}{address.path}" == certificate.get_verification_url()
    token = address.fragment.removeprefix("t=")
    facts = offline.read(token, public_set())  # no database, no network: the JWK set alone
    assert facts["n"] == certificate.number
    assert facts["h"] == certificate.snapshot["name"]
    assert facts["c"] == certificate.snapshot["course"]
    assert (facts["s"], facts["e"]) == (certificate.snapshot["starts_on"], certificate.snapshot["ends_on"])
    # The same entry of the status list as the credential's.
    assert (facts["l"], facts["i"]) == (certificate.credential.status_list_id, certificate.credential.status_index)


def test_a_changed_fact_in_the_token_fails_and_another_issuers_key_fails(tmp_path):
    import base64
    import json

    certificate = CertificateFactory()
    token = certificate.snapshot["qr_url"].split("#t=", 1)[1]
    header, payload, signature = token.split(".")
    facts = offline.unverified_facts(token)
    facts["h"] = "Trần Văn Giả"
    forged_payload = base64.urlsafe_b64encode(json.dumps(facts, ensure_ascii=False).encode()).decode().rstrip("=")
    with pytest.raises(signing.InvalidCredential):
        offline.read(f"{header}.{forged_payload}.{signature}", public_set())
    stranger = keys.new_key()
    with pytest.raises(signing.InvalidCredential):
        offline.read(token, [stranger.public_jwk()])


def test_the_verification_page_embeds_the_public_keys_for_the_check_in_the_browser(client):
    certificate = CertificateFactory()
    page = client.get(f"/xac-thuc/{certificate.verification_code}/").content.decode()
    assert 'id="issuer-keys"' in page
    assert keys.signing_key().public_jwk()["x"] in page
    assert "credentials/offline.js" in page
