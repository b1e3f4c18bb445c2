"""A district office reads its teachers' results on a phone and a desktop; a manager merges two spellings."""

import pytest

from accounts import roles
from tests.factories import (
    AreaFactory,
    CertificateFactory,
    CohortFactory,
    EnrolmentFactory,
    PartnerAccessFactory,
    SchoolFactory,
    UserFactory,
)

from .steps import follow, log_in, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def district():
    dian = AreaFactory(name="Dĩ An")
    school = SchoolFactory(name="Trường THCS Chu Văn An", area=dian)
    cohort = CohortFactory(running=True)
    names = ["Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Minh Châu"]
    enrolments = [
        EnrolmentFactory(user=UserFactory(full_name=name, school=school, area=dian), cohort=cohort, status="completed")
        for name in names
    ]
    CertificateFactory(enrolment=enrolments[0])
    office = UserFactory(full_name="Phòng GD&ĐT Dĩ An", role=roles.LEARNER)
    access = PartnerAccessFactory(
        user=office, kind="district", school=None, area=dian, organisation="Phòng GD&ĐT Dĩ An"
    )
    return access


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_district_office_reads_its_teachers_results(open_page, live_server, district, viewport):
    page, watcher = open_page(viewport)
    log_in(page, live_server, district.user)
    page.goto(live_server.url + "/doi-tac/")
    page.get_by_role("link", name="Phòng GD&ĐT Dĩ An").click()
    page.wait_for_url(f"**/doi-tac/{district.pk}/")
    assert "Nguyễn Thị Hồng Nhung" in page.locator(".partner-table").inner_text()
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"partners-enrolments-{viewport}")
    page.get_by_role("link", name="Giấy chứng nhận").click()
    page.wait_for_url(f"**/doi-tac/{district.pk}/chung-chi/")
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"partners-certificates-{viewport}")
    watcher.assert_clean()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_sign_up_offers_the_schools(open_page, live_server, viewport):
    SchoolFactory(name="Trường THCS Chu Văn An", area=AreaFactory(name="Dĩ An"))
    page, watcher = open_page(viewport)
    page.goto(live_server.url + "/tai-khoan/signup/")
    field = page.get_by_label("Trường / đơn vị")
    assert field.get_attribute("list") == "school-options"
    assert page.locator("#school-options option").count() == 1
    watcher.assert_no_horizontal_overflow()
    watcher.screenshot(f"signup-school-{viewport}")
    watcher.assert_clean()


def test_a_manager_merges_two_spellings_of_one_school(open_page, live_server):
    area = AreaFactory(name="Thủ Dầu Một")
    keep = SchoolFactory(name="Trường THCS Lê Lợi", area=area)
    variant = SchoolFactory(name="Truong THCS Le Loi", area=area, confirmed=False)
    person = UserFactory(school=variant, area=area)
    manager = UserFactory(role=roles.MANAGER)
    page, watcher = open_page("desktop")
    log_in(page, live_server, manager)
    page.goto(live_server.url + "/admin/snippets/accounts/school/")
    follow(page, page.get_by_role("link", name="Gộp các cách viết của một trường"))
    main = page.locator("#main")  # the admin's sidebar has a search button of its own
    main.get_by_label("Tên trường", exact=True).fill("le loi")
    follow(page, main.get_by_role("button", name="Tìm kiếm", exact=True))
    page.get_by_label("Giữ lại Trường THCS Lê Lợi").check()
    page.get_by_label("Gộp Truong THCS Le Loi").check()
    watcher.screenshot("schools-merge-desktop")
    press(page, "Gộp vào trường được giữ lại")
    assert "Đã gộp 1 trường" in page.content()
    person.refresh_from_db()
    assert person.school_id == keep.pk
    watcher.assert_clean()
