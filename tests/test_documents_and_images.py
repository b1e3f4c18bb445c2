"""Documents are as open as the pages that use them; images of people are never public unless marked."""

import re

import pytest
from wagtail.models import Collection

from accounts import roles
from home import people_images

from . import factories as f
from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected(catalogue, trainer):
    """A document used only in a lesson that is not a free preview, and a class of its course."""
    document = f.DocumentFactory(title="Phiếu học tập riêng của lớp")
    lesson = f.LessonFactory(
        parent=catalogue.course, title="Bài 4: Tài liệu lớp", body=f.lesson_body(document=document)
    )
    cohort = f.CohortFactory(running=True, course=catalogue.course, trainers=[trainer])
    return document, lesson, cohort


def test_a_document_of_a_protected_lesson_is_not_served_to_an_anonymous_visitor(client, protected):
    document, _lesson, _cohort = protected
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/")


def test_a_document_of_a_protected_lesson_is_not_served_to_a_learner_of_no_class_of_it(client, protected):
    document, _lesson, _cohort = protected
    client.force_login(UserFactory())
    assert client.get(document.url).status_code == 404


def test_a_document_of_a_protected_lesson_is_served_to_its_learners_trainers_and_managers(
    client, protected, learner, trainer, manager
):
    document, _lesson, cohort = protected
    f.EnrolmentFactory(user=learner, cohort=cohort)
    for person in (learner, trainer, manager):
        client.force_login(person)
        response = client.get(document.url)
        assert response.status_code == 200, person
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_document_of_a_free_preview_lesson_is_public(client, catalogue):
    document = f.DocumentFactory(title="Phiếu công khai")
    f.LessonFactory(parent=catalogue.course, title="Bài mở", free_preview=True, body=f.lesson_body(document=document))
    assert client.get(document.url).status_code == 200


def test_a_document_no_live_page_uses_is_for_managers_only(client, manager):
    document = f.DocumentFactory(title="Chưa dùng ở đâu")
    assert client.get(document.url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(document.url).status_code == 404
    client.force_login(manager)
    assert client.get(document.url).status_code == 200


def test_a_document_stops_being_served_when_its_only_page_is_unpublished(client, catalogue):
    document = f.DocumentFactory(title="Phiếu sẽ gỡ")
    lesson = f.LessonFactory(
        parent=catalogue.course, title="Bài gỡ", free_preview=True, body=f.lesson_body(document=document)
    )
    assert client.get(document.url).status_code == 200
    lesson.unpublish()
    assert client.get(document.url).status_code == 302


# --- Images of people ---------------------------------------------------------------------


def people_image(public=False):
    people = Collection.objects.get(name=people_images.PEOPLE)
    collection = people.get_children().get(name=people_images.PUBLIC_PEOPLE) if public else people
    image = f.ImageFactory(title="Tập huấn giáo viên")  # file anh-N.png, as uploaded
    image.collection = collection
    image.save()
    return image


def test_the_people_collections_exist_after_migrating():
    people = Collection.objects.get(name=people_images.PEOPLE, depth=2)
    assert people.get_children().filter(name=people_images.PUBLIC_PEOPLE).exists()


def test_an_image_of_people_gets_a_file_name_no_one_can_guess():
    image = people_image()
    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.png", image.file.name)
    assert image.file.storage.exists(image.file.name)
    ordinary = f.ImageFactory(title="Bìa")
    assert re.fullmatch(r"original_images/anh-\d+\.png", ordinary.file.name)


def test_only_images_of_people_not_marked_public_are_private():
    assert people_images.is_public(f.ImageFactory(title="Sơ đồ mạch điện"))
    assert not people_images.is_public(people_image())
    assert people_images.is_public(people_image(public=True))


def page_with_cover(catalogue, image):
    catalogue.course.cover_image = image
    catalogue.course.save_revision().publish()
    return catalogue.course.url


def test_an_image_of_people_is_not_shown_on_a_public_page(client, catalogue):
    image = people_image()
    url = page_with_cover(catalogue, image)
    html = client.get(url).content.decode()
    assert image.file.name.split("/")[-1].split(".")[0] not in html
    assert 'class="cover"' not in html


def test_an_image_of_people_marked_public_by_a_manager_is_shown(client, catalogue):
    image = people_image(public=True)
    html = client.get(page_with_cover(catalogue, image)).content.decode()
    assert 'class="cover"' in html


def test_a_manager_sees_it_and_it_appears_in_the_admin(client, catalogue, manager):
    image = people_image()
    url = page_with_cover(catalogue, image)
    client.force_login(manager)
    assert 'class="cover"' in client.get(url).content.decode()
    assert client.get(f"/admin/images/{image.pk}/").status_code == 200


def test_only_managers_can_move_an_image_into_the_public_collection(client, learner, trainer):
    for person in (learner, trainer):
        client.force_login(person)
        assert client.get("/admin/images/").status_code == 302
    assert not roles.is_manager(trainer)


def test_the_image_tags_are_ours_and_no_other_tag_library_name_is_shared(settings):
    """templates.W003 is silenced for the one deliberate replacement; any other clash still fails."""
    from django.template import engines

    assert settings.SILENCED_SYSTEM_CHECKS == ["templates.W003"]
    libraries = engines["django"].engine.template_libraries
    from home.templatetags import public_images

    assert libraries["wagtailimages_tags"] is public_images.register
    warnings = engines["django"]._check_for_template_tags_with_the_same_name()
    clashes = [w for w in warnings if "'wagtailimages_tags'" not in w.msg]
    assert clashes == []
