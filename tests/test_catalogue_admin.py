"""Managers build the catalogue in the Wagtail admin: edit forms, previews, snippets."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_manager_opens_the_edit_form_of_every_catalogue_page(client, catalogue, manager):
    client.force_login(manager)
    for page in (
        catalogue.index,
        catalogue.programme,
        catalogue.course,
        catalogue.free,
        catalogue.plan,
        catalogue.camp,
    ):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page


def test_a_manager_previews_a_lesson(client, catalogue, manager):
    client.force_login(manager)
    response = client.get(f"/admin/pages/{catalogue.closed.pk}/edit/preview/?mode=")
    assert response.status_code == 200


def test_a_manager_manages_trainer_profiles_and_tags(client, catalogue, manager):
    client.force_login(manager)
    listing = client.get("/admin/snippets/courses/trainerprofile/")
    assert listing.status_code == 200
    assert "Nguyễn Văn Hùng" in listing.content.decode()
    assert client.get("/admin/snippets/taggit/tag/").status_code == 200
    response = client.post(
        "/admin/snippets/courses/trainerprofile/add/",
        {"name": "Lê Văn Tám", "honorific": "ThS.", "position": "", "organisation": "Fablab", "bio": "", "photo": ""},
    )
    assert response.status_code == 302
    from courses.models import TrainerProfile

    assert TrainerProfile.objects.filter(name="Lê Văn Tám").exists()


def test_a_learner_cannot_reach_the_catalogue_admin(client, catalogue, learner):
    client.force_login(learner)
    assert client.get("/admin/snippets/courses/trainerprofile/").status_code in (302, 403)
