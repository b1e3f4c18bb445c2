"""Hostile input: every public form and upload handler, fuzzed with hypothesis.

Each form's field names are read from its own page (so a new field is fuzzed
without touching this file). Values are random Unicode (decomposed NFD
Vietnamese, control characters, right-to-left marks, NUL), 10,000-character
strings, empty values, and wrong types (several values for one field, a JSON
body). The only acceptable answers are success, a form error, a refusal or
a redirect: never a server error. Every request is rolled back, so the shared
world (``tests/security_dataset.py``) stays as it was. Failures found are kept
below as ordinary tests.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_request_log")]

EXAMPLES = 20  # per form: enough to find crashes, few enough for a fast suite

# Text people (and attackers) type: Vietnamese in both normal forms, controls, bidi marks.
VIETNAMESE = "Nguyễn Thị Hồng Nhung giáo án STEM Đắk Lắk"
SPECIAL = [
    "",
    " ",
    "\x00",
    "\u202e\u200f\u200e\u2066",
    unicodedata.normalize("NFD", VIETNAMESE),
    "\r\n\t\x0b\x0c\x1b[31m",
    "a" * 10_000,
    unicodedata.normalize("NFD", VIETNAMESE) * 250,
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "1e309",
    "-1",
    "9" * 40,
    "\ud7ff\ue000\uffff",
]
hostile_text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
)
# A field gets: nothing, one value, or several values (a wrong type for a single field).
field_value = st.one_of(st.none(), hostile_text, st.lists(hostile_text, min_size=2, max_size=3))
fuzz_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def fuzzing_world(security_world, django_db_blocker):
    """The security world with an open assignment and a client per person (raising server errors)."""
    from .factories import AssignmentFactory

    with django_db_blocker.unblock():
        # An assignment nobody has started, so the owner's lesson-plan form and upload are open.
        security_world.open_assignment = AssignmentFactory(course=security_world.course.target, title="Bài tập mở")
        security_world.clients = {}
        for actor in ("anonymous", "owner", "classmate", "trainer", "manager"):
            client = Client(raise_request_exception=True)
            if actor != "anonymous":
                client.force_login(getattr(security_world.users, actor))
            security_world.clients[actor] = client
    return security_world


def rolled_back(call):
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.I)
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.I | re.S)


def form_fields(html: str, marker: str) -> list[str]:
    """The field names of the first form on the page whose HTML contains ``marker``."""
    for form in FORM.findall(html):
        if marker in form:
            return sorted({name for name in NAME.findall(form) if name != "csrfmiddlewaretoken"})
    raise AssertionError(f"no form with {marker!r} on the page")


# (who, URL name, kwargs of the world, a string that identifies the form on its page)
FORMS = {
    "sign-up": ("anonymous", "account_signup", None, 'name="password1"'),
    "log-in": ("anonymous", "account_login", None, 'name="password"'),
    "password reset": ("anonymous", "account_reset_password", None, 'name="email"'),
    "profile": ("owner", "profile", None, 'name="full_name"'),
    "my data": ("classmate", "my_data", None, 'value="erase"'),  # the owner has asked already
    "lesson plan": ("owner", "assessment:work", lambda w: [w.open_assignment.pk], 'name="plan-topic"'),
    "grading": ("trainer", "assessment:grade", lambda w: [w.submission.target.pk], 'name="feedback"'),
    "attendance": ("trainer", "attendance_sheet", lambda w: [w.session.target.pk], "present"),
    "revoke a certificate": (
        "manager",
        "certificates_admin:revoke",
        lambda w: [w.certificate.target.pk],
        'name="reason"',
    ),
}


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_every_form_answers_hostile_input_without_a_server_error(fuzzing_world, form):
    actor, url_name, args, marker = FORMS[form]
    client = fuzzing_world.clients[actor]
    url = reverse(url_name, args=args(fuzzing_world) if args else None)
    page = client.get(url)
    assert page.status_code == 200, url
    names = form_fields(page.content.decode(), marker)
    assert names, url

    @fuzz_settings
    @given(values=st.fixed_dictionaries(dict.fromkeys(names, field_value)))
    def post(values):
        data = {name: value for name, value in values.items() if value is not None}
        response = rolled_back(lambda: client.post(url, data))
        assert response.status_code < 500, (url, data)

    post()


@pytest.mark.parametrize(
    "actor,url_name,field", [("anonymous", "search", "q"), ("anonymous", "certificates:lookup", "so")]
)
def test_search_and_lookup_answer_hostile_queries(fuzzing_world, actor, url_name, field):
    client, url = fuzzing_world.clients[actor], reverse(url_name)

    @fuzz_settings
    @given(value=field_value)
    def get(value):
        response = client.get(url, {} if value is None else {field: value, "page": value})
        assert response.status_code in (200, 404, 429), (url, value)

    get()


hostile_file = st.tuples(
    st.one_of(st.sampled_from(["giao-an.pdf", "../../x.pdf", "a" * 300 + ".pdf", "\u202egpj.exe", ""]), hostile_text),
    st.one_of(st.binary(max_size=2048), st.just(b"%PDF-1.4\n" + b"\x00" * 100), st.just(b"PK\x03\x04" + b"\xff" * 64)),
)


def test_the_submission_upload_answers_hostile_files(fuzzing_world):
    client = fuzzing_world.clients["owner"]
    url = reverse("assessment:upload", args=[fuzzing_world.open_assignment.pk])

    @fuzz_settings
    @given(files=st.lists(hostile_file, min_size=0, max_size=3))
    def upload(files):
        data = {"files": [SimpleUploadedFile(name or "x", content) for name, content in files]}
        response = rolled_back(lambda: client.post(url, data))
        assert response.status_code < 500, files

    upload()


def test_the_certificate_fingerprint_check_answers_hostile_files(fuzzing_world):
    client = fuzzing_world.clients["anonymous"]
    url = reverse("certificates:check_pdf", args=[fuzzing_world.certificate.target.verification_code])

    @fuzz_settings
    @given(file=hostile_file)
    def check(file):
        name, content = file
        response = rolled_back(lambda: client.post(url, {"pdf": SimpleUploadedFile(name or "x", content)}))
        assert response.status_code in (200, 400, 429), file

    check()


@pytest.mark.parametrize("form", ["sign-up", "profile", "grading"])
def test_a_json_body_instead_of_a_form_is_refused_without_a_server_error(fuzzing_world, form):
    actor, url_name, args, _marker = FORMS[form]
    url = reverse(url_name, args=args(fuzzing_world) if args else None)
    for body in ('{"full_name": ["x"], "email": {"a": 1}}', "[1, 2, 3]", "\x00\xff", "{" * 5000):
        response = rolled_back(
            lambda body=body: fuzzing_world.clients[actor].post(url, body, content_type="application/json")
        )
        assert response.status_code < 500, (url, body)


# --- The hostile values above, each sent once, as ordinary tests -------------------------------
# (NUL is the classic: PostgreSQL refuses it in text, so a query that reaches the database
# with it would be a server error there and not on SQLite.)


@pytest.mark.parametrize("value", SPECIAL, ids=lambda v: repr(v[:12]))
def test_each_hostile_value_in_search_lookup_login_and_sign_up(fuzzing_world, value):
    client = fuzzing_world.clients["anonymous"]
    assert client.get(reverse("search"), {"q": value}).status_code == 200
    assert client.get(reverse("certificates:lookup"), {"so": value}).status_code in (200, 404, 429)
    code = quote(value.replace("/", "%2F"), safe="") or "x"
    assert client.get(f"/xac-thuc/{code}/").status_code in (404, 429)
    login = rolled_back(lambda: client.post(reverse("account_login"), {"login": value, "password": value}))
    assert login.status_code in (200, 429)
    signup = {"email": value, "full_name": value, "password1": value, "password2": value, "accept_privacy": "on"}
    assert rolled_back(lambda: client.post(reverse("account_signup"), signup)).status_code in (200, 429)


def test_a_verification_code_with_a_nul_byte_is_not_found_on_postgresql_too(client):
    """Found by the fuzzing above: %00 in the code reached PostgreSQL, which refuses NUL (a 500)."""
    assert client.get("/xac-thuc/abc%00def/").status_code == 404
    assert client.post("/xac-thuc/abc%00def/kiem-tra-tep/").status_code in (400, 404)
