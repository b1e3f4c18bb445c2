"""The list of schools: the migration from free text, sign-up and import proposals, the merge tool."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import schools
from accounts.models import School, SchoolLevel, User
from audit.models import AuditEvent

from .factories import AreaFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

MERGE_URL = "wagtailsnippets_accounts_school:merge"


def test_the_migration_makes_one_school_per_spelling_and_area_ignoring_case_and_spaces():
    migration = importlib.import_module("accounts.migrations.0007_schools")
    tdm, dian = AreaFactory(name="Thủ Dầu Một"), AreaFactory(name="Dĩ An")
    a = UserFactory(organisation="Trường THCS Nguyễn Du", area=tdm)
    b = UserFactory(organisation="trường thcs  nguyễn du", area=tdm)
    c = UserFactory(organisation="Trường THCS Nguyễn Du ", area=tdm)
    other_district = UserFactory(organisation="Trường THCS Nguyễn Du", area=dian)
    no_accents = UserFactory(organisation="Truong THCS Nguyen Du", area=tdm)
    nobody = UserFactory(organisation="", area=tdm)

    migration.organisations_to_schools(django_apps, None)

    for user in (a, b, c, other_district, no_accents, nobody):
        user.refresh_from_db()
    assert a.school == b.school == c.school
    assert a.school.name == "Trường THCS Nguyễn Du"  # the most frequent spelling names it
    assert b.organisation == "Trường THCS Nguyễn Du"
    assert a.school.level == SchoolLevel.LOWER_SECONDARY and a.school.area == tdm
    assert other_district.school != a.school  # the same name in another district is another school
    assert no_accents.school != a.school  # diacritics: left to the merge tool
    assert nobody.school is None
    assert School.objects.count() == 3


def test_a_sign_up_with_an_unknown_school_proposes_it_unconfirmed(client, django_capture_on_commit_callbacks):
    area = AreaFactory(name="Dĩ An")
    known = SchoolFactory(name="Trường THCS Chu Văn An", area=area)
    data = {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "password1": "Giao-an-STEM-2026!",
        "password2": "Giao-an-STEM-2026!",
        "school_level": SchoolLevel.LOWER_SECONDARY,
        "area": area.pk,
        "accept_privacy": "on",
    }
    page = client.get(reverse("account_signup")).content.decode()
    assert 'list="school-options"' in page and '<option value="Trường THCS Chu Văn An">Dĩ An</option>' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"), {**data, "email": "a@truong.edu.vn", "organisation": "trường thcs chu văn an"}
        )
    assert User.objects.get(email="a@truong.edu.vn").school == known

    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"), {**data, "email": "b@truong.edu.vn", "organisation": "Trường THCS Bình An"}
        )
    new = User.objects.get(email="b@truong.edu.vn").school
    assert new.name == "Trường THCS Bình An" and not new.confirmed and new.area == area
    assert new.proposed_by.email == "b@truong.edu.vn"
    # Not offered to the next person until a manager confirms it.
    assert "Trường THCS Bình An" not in client.get(reverse("account_signup")).content.decode()


def test_the_profile_moves_a_person_to_the_school_they_choose(client):
    area = AreaFactory()
    school = SchoolFactory(name="Trường THPT Trịnh Hoài Đức", area=area)
    user = UserFactory(area=area)
    client.force_login(user)
    response = client.post(
        reverse("profile"),
        {
            "full_name": user.full_name,
            "organisation": "Trường THPT  Trịnh Hoài Đức",
            "school_level": SchoolLevel.UPPER_SECONDARY,
            "area": area.pk,
            "language": "vi",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.school == school and user.organisation == "Trường THPT Trịnh Hoài Đức"


def test_merging_moves_every_person_records_it_and_deletes_the_variants(manager):
    area = AreaFactory()
    keep = SchoolFactory(name="Trường THCS Lê Lợi", area=area)
    variant = SchoolFactory(name="Truong THCS Le Loi", area=area, confirmed=False)
    typo = SchoolFactory(name="Trường THCS Lê Lơi", area=area, level="")
    people = [UserFactory(school=s, area=area) for s in (keep, variant, variant, typo)]

    result = schools.merge_schools(keep, [variant, typo], actor=manager)

    assert result.moved["accounts.user"] == 3
    for person in people:
        person.refresh_from_db()
        assert person.school == keep and person.organisation == "Trường THCS Lê Lợi"
    assert list(School.objects.values_list("name", flat=True)) == ["Trường THCS Lê Lợi"]
    event = AuditEvent.objects.get(action="accounts.schools_merged")
    assert event.actor == manager and event.target_id == str(keep.pk)
    assert {m["name"] for m in event.data["merged"]} == {"Truong THCS Le Loi", "Trường THCS Lê Lơi"}
    assert event.data["moved"]["accounts.user"] == 3


def test_schools_of_two_areas_or_two_levels_are_never_merged_and_the_reason_is_given(manager):
    keep = SchoolFactory(name="Trường THCS Nguyễn Du", area=AreaFactory(name="Thủ Dầu Một"))
    elsewhere = SchoolFactory(name="Trường THCS Nguyễn Du", area=AreaFactory(name="Dĩ An"))
    UserFactory(school=elsewhere)
    with pytest.raises(ValidationError) as refused:
        schools.merge_schools(keep, [elsewhere], actor=manager)
    assert "Dĩ An" in refused.value.messages[0] and "Thủ Dầu Một" in refused.value.messages[0]
    upper = SchoolFactory(name="Trường THPT Nguyễn Du", area=keep.area, level=SchoolLevel.UPPER_SECONDARY)
    with pytest.raises(ValidationError):
        schools.merge_schools(keep, [upper], actor=manager)
    with pytest.raises(ValidationError):
        schools.merge_schools(keep, [], actor=manager)
    assert School.objects.count() == 3 and elsewhere.people.count() == 1
    assert not AuditEvent.objects.filter(action="accounts.schools_merged").exists()


def test_only_managers_merge(learner, trainer):
    keep, variant = SchoolFactory(), SchoolFactory()
    for person in (learner, trainer):
        with pytest.raises(PermissionDenied):
            schools.merge_schools(keep, [variant], actor=person)


def test_the_merge_tool_finds_variants_without_diacritics_and_merges_them(client, manager):
    area = AreaFactory()
    keep = SchoolFactory(name="Trường THCS Lê Lợi", area=area)
    variant = SchoolFactory(name="Truong THCS Le Loi", area=area)
    SchoolFactory(name="Trường THCS Nguyễn Trãi", area=area)
    person = UserFactory(school=variant, area=area)
    client.force_login(manager)
    page = client.get(reverse(MERGE_URL), {"q": "le loi"}).content.decode()
    assert "Trường THCS Lê Lợi" in page and "Truong THCS Le Loi" in page and "Nguyễn Trãi" not in page

    response = client.post(reverse(MERGE_URL), {"q": "le loi", "keep": keep.pk, "merge": [keep.pk, variant.pk]})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.school == keep
    assert not School.objects.filter(pk=variant.pk).exists()


def test_the_merge_tool_explains_a_refusal(client, manager):
    keep = SchoolFactory(name="Trường THCS Nguyễn Du", area=AreaFactory(name="Thủ Dầu Một"))
    other = SchoolFactory(name="Trường THCS Nguyễn Du", area=AreaFactory(name="Dĩ An"))
    client.force_login(manager)
    response = client.post(reverse(MERGE_URL), {"keep": keep.pk, "merge": [other.pk]}, follow=True)
    assert "khác địa bàn" in response.content.decode() or "different areas" in response.content.decode()
    assert School.objects.filter(pk=other.pk).exists()


def test_renaming_a_school_renames_it_on_its_people():
    school = SchoolFactory(name="Trường THCS Lê Loi")
    person = UserFactory(school=school)
    school.name = "Trường THCS Lê Lợi"
    school.save()
    person.refresh_from_db()
    assert person.organisation == "Trường THCS Lê Lợi"


def test_an_import_names_the_schools_it_will_add_and_adds_them_unconfirmed(manager):
    from enrolment.imports import apply_import, check_rows

    from .factories import CohortFactory
    from .test_enrolment_import import ROWS, batch_for, xlsx_file

    known = SchoolFactory(name="Trường THCS Chu Văn An", area=None)
    cohort = CohortFactory(capacity=5)
    from enrolment.imports import read_file

    preview = check_rows(cohort, read_file(xlsx_file(ROWS)))
    warnings = {row.line: " ".join(str(w) for w in row.warnings) for row in preview.rows}
    assert "Chu Văn An" not in warnings[2]
    assert "Trường THPT Bến Cát" in warnings[3]

    apply_import(batch_for(cohort, xlsx_file(ROWS), manager), actor=manager)

    assert User.objects.get(email="hongnhung@thcs-chuvanan.edu.vn").school == known
    ben_cat = User.objects.get(email="tranvanduc@thpt-bencat.edu.vn").school
    assert ben_cat.name == "Trường THPT Bến Cát" and not ben_cat.confirmed and ben_cat.proposed_by == manager
    assert AuditEvent.objects.filter(action="accounts.school_proposed", target_id=str(ben_cat.pk)).exists()


def test_the_school_listing_shows_each_schools_people_and_the_way_to_the_merge_tool(client, manager):
    school = SchoolFactory(name="Trường THCS Lê Lợi")
    UserFactory(school=school)
    client.force_login(manager)
    response = client.get(reverse("wagtailsnippets_accounts_school:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trường THCS Lê Lợi" in page and reverse(MERGE_URL) in page


def test_the_breakdown_by_school_counts_a_merged_school_once(reports_world, manager):
    from reports.indicators import indicator_values
    from reports.period import Period

    year = Period.year(2019)
    area = reports_world.l1.area
    school = SchoolFactory(name="Trường THCS Nguyễn Văn Cừ", area=area)
    variant = SchoolFactory(name="Truong THCS Nguyen Van Cu", area=area)
    for person, where in ((reports_world.l1, school), (reports_world.l2, variant)):
        person.school = where
        person.save()
    before = indicator_values(year, "organisation")
    assert before[school.pk]["learners"] == 1 and before[variant.pk]["learners"] == 1

    schools.merge_schools(school, [variant], actor=manager)

    after = indicator_values(year, "organisation")
    assert after[school.pk]["learners"] == 2 and variant.pk not in after
    assert after["total"] == before["total"]
