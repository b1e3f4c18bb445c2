"""The anonymous full-page cache: fast for visitors, never one person's page for another."""

import pytest
from django.test import Client

from lms import page_cache

from .factories import CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enabled(page_cache_on):
    pass


@pytest.fixture
def course():
    course = CourseFactory(title="Xây dựng giáo án STEM")
    LessonFactory(parent=course, title="Bài 1: Chọn chủ đề", free_preview=True)
    return course


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get("X-Page-Cache")


def test_an_anonymous_page_is_rendered_once_then_served_from_the_cache(client, course, django_assert_num_queries):
    url = course.url
    first, state = get(client, url)
    assert (first.status_code, state) == (200, "miss")
    with django_assert_num_queries(0):
        second, state = get(client, url)
    assert (second.status_code, state) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Security-Policy"]  # the cached page keeps the security headers
    assert second["X-Frame-Options"] == "DENY"


def test_each_language_has_its_own_entry(client, course):
    vietnamese, _ = get(client, course.url)
    client.cookies["django_language"] = "en"
    english, state = get(client, course.url)
    assert state == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="vi">' in vietnamese.content.decode()


def test_a_logged_in_page_is_never_stored_nor_served_from_the_cache(client, course, learner):
    get(Client(), course.url)  # an anonymous visitor fills the cache
    client.force_login(learner)
    response, state = get(client, course.url)
    assert state is None
    assert learner.full_name in response.content.decode()
    anonymous, state = get(Client(), course.url)
    assert state == "hit"
    assert learner.full_name not in anonymous.content.decode()
    assert learner.email not in anonymous.content.decode()


def test_cached_pages_hold_no_csrf_token(client, course):
    get(client, course.url)
    response, state = get(client, course.url)
    assert state == "hit"
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies


def test_publishing_invalidates_the_cache(client, course):
    get(client, course.url)
    course.title = "Xây dựng giáo án STEM (cập nhật 2026)"
    course.save_revision().publish()
    response, state = get(client, course.url)
    assert state == "miss"
    assert "cập nhật 2026" in response.content.decode()


def test_unpublishing_and_moving_invalidate_the_cache(client, course):
    get(client, course.url)
    course.unpublish()
    response, _ = get(client, course.url)
    assert response.status_code == 404


def test_a_new_class_on_the_course_invalidates_the_cache(client, course):
    from .factories import CohortFactory

    get(client, course.url)
    CohortFactory(course=course)
    assert get(client, course.url)[1] == "miss"


def test_site_settings_changes_invalidate_the_cache(client, course):
    from wagtail.models import Site

    from lms.models import SiteSettings

    get(client, course.url)
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.short_name = "Sở KH&CN Mới"
    settings_row.save()
    response, state = get(client, course.url)
    assert state == "miss"
    assert "Sở KH&amp;CN Mới" in response.content.decode()


def test_a_visitor_with_a_pending_message_bypasses_the_cache(client, course):
    get(client, course.url)
    client.cookies["messages"] = "x"
    assert get(client, course.url)[1] is None


def test_other_views_and_errors_are_not_cached(client, course):
    assert get(client, "/khong-ton-tai/")[1] is None
    assert get(client, "/quyen-rieng-tu/")[1] is None
    assert get(client, "/xac-thuc/khong-co-ma-nay/")[1] is None  # an unknown code: 404, never stored


def test_search_results_are_cached_and_follow_publishing(client, course):
    assert get(client, "/tim-kiem/?q=stem")[1] == "miss"
    response, state = get(client, "/tim-kiem/?q=stem")
    assert state == "hit"
    assert "Xây dựng giáo án" in response.content.decode()
    course.title = "Thiết kế bài học STEM"
    course.save_revision().publish()
    response, state = get(client, "/tim-kiem/?q=stem")
    assert state == "miss"
    assert "Thiết kế bài học" in response.content.decode()


def test_a_verification_page_is_cached_until_its_certificate_is_revoked(client, manager):
    from certificates.services import issue, revoke_certificate

    from .factories import CertificateFactory, EnrolmentFactory

    certificate = CertificateFactory()
    other = EnrolmentFactory(cohort=certificate.cohort, status="completed")
    url = f"/xac-thuc/{certificate.verification_code}/"
    assert get(client, url)[1] == "miss"
    response, state = get(client, url)
    assert state == "hit"
    assert b"csrfmiddlewaretoken" not in response.content  # its PDF check form holds no token
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    issue(other)  # issuing another certificate keeps the cache
    assert get(client, url)[1] == "hit"
    revoke_certificate(certificate, actor=manager, reason="Cấp nhầm lớp")
    response, state = get(client, url)
    assert state == "miss"
    assert "Cấp nhầm lớp" in response.content.decode() or "thu hồi" in response.content.decode().lower()


def test_the_cache_is_off_without_a_shared_cache(client, course, settings):
    settings.PAGE_CACHE_ENABLED = False
    get(client, course.url)
    assert get(client, course.url)[1] is None


def test_invalidate_bumps_the_version():
    before = page_cache.current_version()
    page_cache.invalidate()
    assert page_cache.current_version() == before + 1


def test_no_benchmarked_anonymous_page_ever_holds_a_learners_page_or_a_csrf_token(tmp_path):
    """Every anonymous page of ``make bench``: a learner's visit is never stored, the cached
    copy never names the learner, and every form it posts works without a token."""
    import io
    import json
    import re

    from django.contrib.auth import get_user_model

    from bench.scenarios import SCENARIOS, resolve
    from bench.seeds import seed_all

    path = tmp_path / "manifest.json"
    seed_all("tiny", stdout=io.StringIO(), manifest=path)
    manifest = json.loads(path.read_text())
    learner = get_user_model().objects.get(email=manifest["user.learner"])
    urls = [
        r["path"]
        for s in SCENARIOS
        if s["name"].startswith("anonymous") and (r := resolve(s, manifest)) and r["method"] == "GET"
    ]
    assert len(urls) == 8
    signed_in = Client()
    signed_in.force_login(learner)
    for url in urls:
        mine, state = get(signed_in, url)
        assert state is None and mine.status_code == 200, url
        assert learner.full_name in mine.content.decode(), url  # the header names the learner
        first, state = get(Client(), url)
        assert state == "miss", url  # the learner's visit stored nothing
        cached, state = get(Client(), url)
        assert state == "hit", url
        body = cached.content.decode()
        assert learner.full_name not in body and learner.email not in body, url
        assert "csrfmiddlewaretoken" not in body, url
        for action in re.findall(r'<form[^>]*method="post"[^>]*action="([^"]+)"', body) + re.findall(
            r'<form[^>]*action="([^"]+)"[^>]*method="post"', body
        ):
            response = Client(enforce_csrf_checks=True).post(action.replace("&amp;", "&"), {"language": "vi"})
            assert response.status_code != 403, (url, action)


def test_one_learners_cached_dashboard_is_never_anothers(client):
    from django.urls import reverse

    from .factories import CohortFactory, EnrolmentFactory, UserFactory

    first, second = UserFactory(full_name="Nguyễn Thị Hồng Nhung"), UserFactory(full_name="Trần Văn Đức")
    EnrolmentFactory(user=first, cohort=CohortFactory(code="LOP-CUA-NHUNG", running=True))
    EnrolmentFactory(user=second, cohort=CohortFactory(code="LOP-CUA-DUC", running=True))
    pages = {}
    for user in (first, second, first, second):
        client = Client()
        client.force_login(user)
        client.get(reverse("my_courses"))
        pages.setdefault(user.pk, []).append(client.get(reverse("my_courses")).content.decode())
    assert all("LOP-CUA-NHUNG" in page and "LOP-CUA-DUC" not in page for page in pages[first.pk])
    assert all("LOP-CUA-DUC" in page and "LOP-CUA-NHUNG" not in page for page in pages[second.pk])


# --- Signed-in pages: the grading page's kept section, the lesson's cached routing ---------


def _token(page: str) -> str:
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _grading_setup(stem_class, enrolment, trainer):
    from .assessment_helpers import hand_in
    from .factories import UserFactory

    submission = hand_in(enrolment, stem_class.assignment)
    colleague = UserFactory(role="Giảng viên", full_name="Võ Thị Lan")
    stem_class.cohort.trainers.add(colleague)
    clients = {}
    for user in (trainer, colleague):
        clients[user.pk] = Client(enforce_csrf_checks=True)
        clients[user.pk].force_login(user)
    return submission, colleague, clients


def test_a_kept_grading_page_shows_every_change_at_once(stem_class, enrolment, trainer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from assessment import services

    from .assessment_helpers import release

    submission, colleague, clients = _grading_setup(stem_class, enrolment, trainer)
    mine = clients[trainer.pk]
    url = reverse("assessment:grade", args=[submission.pk])
    first = mine.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        kept = mine.get(url).content.decode()
    # Kept: no grade, plan, revision or neighbour is read again.
    plans_read = [q for q in queries.captured_queries if '"assessment_lessonplan"."topic"' in q["sql"]]
    assert not plans_read
    assert len(queries) <= 6
    # A colleague saves a draft: my kept page shows it at once.
    services.save_grade(colleague, submission, levels={}, feedback="Nhận xét của cô Lan", expected_version=0)
    assert "Nhận xét của cô Lan" in mine.get(url).content.decode()
    assert "Nhận xét của cô Lan" not in kept
    # The learner renamed (erasure, profile): at once too.
    enrolment.user.full_name = "Đặng Thu Trang"
    enrolment.user.save()
    assert "Đặng Thu Trang" in mine.get(url).content.decode()
    # Released by the colleague: shown at once.
    release(colleague, submission, outcome="needs_revision", feedback="Cần sửa phần đánh giá")
    assert "Cần sửa phần đánh giá" in mine.get(url).content.decode()


def test_a_kept_grading_page_is_never_another_graders_and_its_form_posts(stem_class, enrolment, trainer):
    from django.urls import reverse

    from .factories import UserFactory

    submission, colleague, clients = _grading_setup(stem_class, enrolment, trainer)
    url = reverse("assessment:grade", args=[submission.pk])
    mine, theirs = clients[trainer.pk], clients[colleague.pk]
    my_page = mine.get(url).content.decode()
    mine.get(url)
    their_page = theirs.get(url).content.decode()
    # Each grader's section holds their own CSRF token: each kept form posts.
    assert _token(my_page) != _token(their_page)
    for client in (mine, theirs):
        page = client.get(url).content.decode()
        response = client.post(url, {"csrfmiddlewaretoken": _token(page), "version": "0", "action": "save"})
        assert response.status_code in (302, 409), response.status_code
    # A trainer of another class never gets the kept page.
    outsider = Client()
    outsider.force_login(UserFactory(role="Giảng viên", full_name="Ngô Văn Tú"))
    assert outsider.get(url).status_code == 404


def _enrolled_lesson(learner):
    from .factories import EnrolmentFactory

    course = CourseFactory(title="Khóa học có hạn chế", lessons=2)
    EnrolmentFactory(cohort__running=True, cohort__course=course, user=learner)
    return course, course.get_children().first().specific


def test_a_signed_in_lesson_follows_view_restrictions_and_moves_at_once(client, learner):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    course, lesson = _enrolled_lesson(learner)
    client.force_login(learner)
    url = lesson.url
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # from the cache: route, site, restrictions
    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get_or_create(name="Nhóm khác")[0]])
    assert client.get(url).status_code != 200
    restriction.delete()
    assert client.get(url).status_code == 200
    # Renamed: the old address answers 404 at once, the new one the lesson.
    lesson.slug = "bai-doi-ten"
    lesson.save_revision().publish()
    renamed = type(lesson).objects.get(pk=lesson.pk).url
    assert renamed.endswith("/bai-doi-ten/")
    assert client.get(url).status_code == 404
    assert client.get(renamed).status_code == 200


def test_a_signed_in_lesson_reads_its_page_row_once_per_content_version(client, learner):
    """The lesson's row (a join of the page's two tables) is kept like its route, a copy for each
    request: a published change or an unpublished lesson shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _course, lesson = _enrolled_lesson(learner)
    client.force_login(learner)
    url = lesson.url
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    row = f'"{type(lesson)._meta.db_table}"."page_ptr_id" = {lesson.pk}'
    reads = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in reads if sql.startswith('SELECT "wagtailcore_page"."id"') and row in sql], reads
    lesson.title = "Bài học đã đổi tên"
    lesson.save_revision().publish()
    assert "Bài học đã đổi tên" in client.get(url).content.decode()
    lesson.unpublish()
    assert client.get(url).status_code == 404


def test_a_signed_in_lesson_follows_the_readers_progress_and_access_at_once(client, learner):
    from django.urls import reverse

    from enrolment.models import Enrolment

    from .factories import UserFactory

    _course, lesson = _enrolled_lesson(learner)
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert "data-lesson-done-form" in page and 'value="0" data-progress-bar' in page
    client.post(reverse("lesson_done", args=[lesson.pk]))
    done = client.get(lesson.url).content.decode()
    assert "data-lesson-done-form" not in done and 'value="50" data-progress-bar' in done
    # Another reader, not enrolled: locked, whatever the learner's page had.
    stranger = Client()
    stranger.force_login(UserFactory(full_name="Người lạ"))
    assert stranger.get(lesson.url).status_code == 403
    # The learner withdrawn: locked at once.
    Enrolment.objects.filter(user=learner).update(status="withdrawn")
    assert client.get(lesson.url).status_code == 403


def test_a_knowledge_check_added_to_a_lesson_shows_at_once(client, learner):
    """Where quizzes are (``quiz_map``) is kept under the content version in each process: a
    quiz's save bumps it, so a lesson read just before shows its new check at once."""
    from .factories import QuizFactory

    course, lesson = _enrolled_lesson(learner)
    client.force_login(learner)
    assert "Kiểm tra nhanh" not in client.get(lesson.url).content.decode()
    QuizFactory(course=course, lesson=lesson, title="Kiểm tra nhanh bài 1")
    page = client.get(lesson.url).content.decode()
    assert "Kiểm tra nhanh" in page and "Kiểm tra nhanh bài 1" in page
    # The canonical address is kept likewise and names the lesson.
    assert f'<link rel="canonical" href="{lesson.get_full_url()}">' in page and lesson.url in lesson.get_full_url()


def test_a_preview_never_leaves_its_canonical_address_in_the_cache(rf, course):
    """A draft shown in the admin may carry a new slug: its address is computed, never kept
    for the live page (``site_tags.canonical_url``)."""
    from lms.templatetags.site_tags import canonical_url

    lesson = course.get_children().first().specific
    live = lesson.get_full_url()
    preview = rf.get("/")
    preview.is_preview = True
    lesson.slug, lesson.url_path = "ban-nhap", lesson.url_path.replace(lesson.slug, "ban-nhap")
    assert "ban-nhap" in canonical_url({"request": preview}, lesson)
    lesson.refresh_from_db()
    assert canonical_url({"request": rf.get("/")}, lesson) == live


# --- The signed-in header, kept a minute per person and page --------------------------


def _header(page: str) -> str:
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def test_a_kept_header_follows_the_persons_name_roles_page_and_language_at_once(client, learner):
    """The header of a signed-in page is kept (``usercache``): a second visit renders nothing of
    it, yet a new name, a new role, another page or another language shows at once."""
    from django.template import base
    from django.urls import reverse

    from accounts import roles

    learner.full_name = "Nguyễn Thị Hồng Nhung"
    learner.save()
    client.force_login(learner)
    dashboard, profile = reverse("my_courses"), reverse("profile")
    first = client.get(dashboard).content.decode()
    assert "Hồng Nhung" in _header(first) and reverse("assessment:queue") not in _header(first)
    rendered = []
    original = base.Template._render

    def spying(self, context):
        rendered.append(self.origin.template_name)
        return original(self, context)

    base.Template._render = spying
    try:
        assert _header(client.get(dashboard).content.decode()) == _header(first)
    finally:
        base.Template._render = original
    assert "includes/header.html" not in rendered  # kept, not rendered again

    learner.full_name = "Đặng Thu Trang"
    learner.save()
    assert "Đặng Thu Trang" in _header(client.get(dashboard).content.decode())
    roles.assign_role(learner, roles.TRAINER)
    assert reverse("assessment:queue") in _header(client.get(dashboard).content.decode())
    # The language switch sends the visitor back to the page they are on.
    assert f'name="next" value="{profile}"' in _header(client.get(profile).content.decode())
    assert f'name="next" value="{dashboard}"' in _header(client.get(dashboard).content.decode())
    client.cookies["django_language"] = "en"
    assert "My courses" in _header(client.get(dashboard, HTTP_ACCEPT_LANGUAGE="en").content.decode())


def test_a_kept_header_is_never_another_persons_and_its_log_out_form_posts():
    from django.urls import reverse

    from .factories import UserFactory

    learner, other = UserFactory(full_name="Nguyễn Thị Hồng Nhung"), UserFactory(full_name="Trần Văn Đức")
    pages = {}
    for person in (learner, other, learner, other):
        visitor = Client(enforce_csrf_checks=True)
        visitor.force_login(person)
        visitor.get(reverse("my_courses"))
        page = visitor.get(reverse("my_courses")).content.decode()
        pages.setdefault(person.pk, []).append(_header(page))
        assert (
            visitor.post(reverse("account_logout"), {"csrfmiddlewaretoken": _token(_header(page))}).status_code == 302
        )
    assert all("Hồng Nhung" in h and "Trần Văn Đức" not in h for h in pages[learner.pk])
    assert all("Trần Văn Đức" in h and "Hồng Nhung" not in h for h in pages[other.pk])
