"""Requests too big to be honest are refused early: 10,000 fields, a 1 GB body, oversized uploads."""

import io

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


class CountingStream(io.BytesIO):
    """A request body that records how much of it the server read."""

    def __init__(self, content: bytes):
        super().__init__(content)
        self.read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.read_bytes += len(data)
        return data


def test_ten_thousand_form_fields_are_refused(client, settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 2000
    data = {f"field{n}": "x" for n in range(10_000)}
    response = client.post(reverse("account_login"), data)
    assert response.status_code == 400


def test_ten_thousand_values_of_one_field_are_refused_too(client):
    response = client.post(reverse("account_login"), {"login": ["x"] * 10_000})
    assert response.status_code == 400


def test_a_form_body_over_the_memory_limit_is_refused(client, settings):
    body = "login=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("account_login"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
def test_a_one_gigabyte_body_is_refused_before_it_is_read(content_type):
    stream = CountingStream(b"x" * 1024)
    environ = {"CONTENT_LENGTH": str(1024**3), "wsgi.input": stream}
    response = Client().generic("POST", reverse("account_login"), content_type=content_type, **environ)
    assert response.status_code == 413
    assert stream.read_bytes == 0


def test_a_lying_content_length_is_a_bad_request():
    response = Client().generic("POST", reverse("account_login"), CONTENT_LENGTH="beaucoup")
    assert response.status_code == 400


def test_the_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    assert settings.MAX_REQUEST_BODY_SIZE <= 500 * 1024 * 1024


def test_sign_up_is_rate_limited_per_ip(client):
    statuses = [
        client.post(reverse("account_signup"), {"email": f"x{n}@truong.edu.vn", "full_name": "Thử"}).status_code
        for n in range(21)
    ]
    assert statuses[0] == 200
    assert statuses[-1] == 429


def test_password_reset_is_rate_limited_per_address(client, learner):
    statuses = [client.post(reverse("account_reset_password"), {"email": learner.email}).status_code for _ in range(6)]
    assert statuses[0] == 302
    assert statuses[-1] == 429


UPLOAD = "/bai-tap/1/bai-lam/tep/"  # an assignment's upload address: refused before any view runs
MULTIPART = "multipart/form-data; boundary=x"


def huge_body():
    return {"CONTENT_LENGTH": str(1024**3), "wsgi.input": CountingStream(b"x" * 1024)}


@pytest.mark.parametrize(
    ("language", "heading", "message"),
    [
        ("vi", "Tệp quá lớn", "Nội dung bạn gửi lớn hơn 200 MB nên chưa được nhận."),
        ("en", "The file is too large", "What you sent is larger than 200 MB, so it was not received."),
    ],
)
def test_a_body_over_the_limit_gets_a_page_in_the_visitors_language_with_a_way_back(language, heading, message):
    client = Client(HTTP_REFERER="http://testserver/bai-tap/1/bai-lam/")
    client.cookies["django_language"] = language
    response = client.generic("POST", UPLOAD, content_type=MULTIPART, **huge_body())
    page = response.content.decode()
    assert response.status_code == 413
    assert f'<html lang="{language}">' in page and f"<h1>{heading}</h1>" in page and message in page
    assert 'href="http://testserver/bai-tap/1/bai-lam/"' in page  # back to the form


def test_the_upload_script_gets_the_refusal_as_json():
    response = Client().generic("POST", UPLOAD, content_type=MULTIPART, HTTP_ACCEPT="application/json", **huge_body())
    assert response.status_code == 413
    assert response.json() == {"ok": False, "errors": ["Nội dung bạn gửi lớn hơn 200 MB nên chưa được nhận."]}
