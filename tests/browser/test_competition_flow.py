"""The start-up competition end to end: an organiser sets it up in the admin, two teams enter, three
judges score (one declares a conflict and is never shown that entry), a tie is broken by the rule,
results are published, award certificates are issued and verify publicly."""

import datetime

import pytest
from django.utils import timezone

from accounts import roles
from certificates.models import Certificate, CertificateTemplate
from competitions.models import Award, Competition, Conflict, Result, Score
from tests.factories import ActivityFactory, RubricFactory, UserFactory
from tests.sample_files import pdf_bytes

from .steps import follow, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def people(settings, live_server):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    CertificateTemplate.objects.create(name="Giấy khen cuộc thi", title="GIẤY KHEN", place="Bình Dương")
    return {
        "organiser": UserFactory(role=roles.MANAGER, full_name="Lê Thị Thu Hà"),
        "judges": [
            UserFactory(full_name="Nguyễn Văn Giám Khảo Một", email="gk1@so.gov.vn"),
            UserFactory(full_name="Trần Thị Giám Khảo Hai", email="gk2@so.gov.vn"),
            UserFactory(full_name="Phạm Văn Giám Khảo Ba", email="gk3@so.gov.vn"),
        ],
        "teams": [
            UserFactory(full_name="Võ Minh Tâm", email="tam@thpt-bencat.edu.vn"),
            UserFactory(full_name="Đặng Thu Hằng", email="hang@thpt-dian.edu.vn"),
        ],
        "event": ActivityFactory(adults=True, title="Ngày hội khởi nghiệp đổi mới sáng tạo 2026"),
        "rubric": RubricFactory(criteria=2, title="Phiếu chấm dự án khởi nghiệp"),
    }


def _choose(page, name, pk):
    page.evaluate("([name, pk]) => { document.querySelector(`input[name='${name}']`).value = pk; }", [name, str(pk)])


def _set_up(page, live_server, people):
    """The organiser creates the competition in the admin: event, window, rules, tie-break, a round."""
    page.goto(live_server.url + "/admin/competitions_admin/new/")
    # The event and the rubric come from Wagtail's choosers; the chosen ids are what the form sends.
    _choose(page, "event", people["event"].pk)
    page.fill("input[name=title]", "Cuộc thi dự án khởi nghiệp học sinh 2026")
    page.fill("input[name=slug]", "khoi-nghiep-2026")
    page.fill("textarea[name=rules]", "Mỗi đội từ 1 đến 5 thành viên.\nHồ sơ nộp trước hạn chót.")
    now = timezone.now()
    for name, moment in (
        ("registration_opens_at", now - datetime.timedelta(days=1)),
        ("registration_closes_at", now + datetime.timedelta(days=2)),
    ):
        page.fill(f"input[name={name}]", _local(moment))
        page.keyboard.press("Escape")
    page.locator("textarea[name=rules]").click()  # the date picker stays open over the form until one clicks elsewhere
    page.fill("input[name=tie_break_criterion]", "Tiêu chí sản phẩm 2")
    page.fill("input[name=rounds-0-title]", "Chung kết")
    page.select_option("select[name=rounds-0-kind]", "final")
    _choose(page, "rounds-0-rubric", people["rubric"].pk)
    page.select_option("select[name=rounds-0-judges]", [str(j.pk) for j in people["judges"]])
    follow(page, page.locator("button[type=submit].button-longrunning").first)
    competition = Competition.objects.get(slug="khoi-nghiep-2026")
    round_ = competition.rounds.get()
    assert round_.judges.count() == 3 and round_.rubric_id == people["rubric"].pk
    return competition, round_


def _enter(page, live_server, competition, team, school, member, tmp_path):
    page.goto(live_server.url + f"/cuoc-thi/{competition.slug}/dang-ky/")
    page.fill("input[name=team_name]", team)
    page.fill("input[name=school]", school)
    page.fill("textarea[name=summary]", f"Dự án của {team}: thiết bị tưới cây tiết kiệm nước.")
    page.fill("input[name=video_url]", "https://www.youtube.com/watch?v=abc123")
    plan = tmp_path / f"{team}.pdf"
    plan.write_bytes(pdf_bytes())
    page.set_input_files("input[name=files]", str(plan))
    page.fill("input[name=members-0-full_name]", member)
    page.fill("input[name=members-0-date_of_birth]", "15/03/2008")
    follow(page, page.locator("main form button[type=submit]"))
    assert team in page.locator("h1").inner_text()


def _score(page, live_server, round_, entry, points):
    page.goto(live_server.url + f"/cuoc-thi/vong/{round_.pk}/bai/{entry.pk}/")
    for criterion, wanted in zip(round_.rubric.criteria.order_by("sort_order"), points, strict=True):
        level = criterion.levels.get(points=wanted)
        page.check(f"input[name=level-{criterion.pk}][value='{level.pk}']")
    page.fill("textarea[name=comments]", "Ý tưởng thiết thực, cần làm rõ chi phí.")
    follow(page, page.locator("main form button[type=submit]"))


def test_competition_from_set_up_to_verified_awards(open_page, live_server, people, tmp_path):
    organiser, watcher = open_page("desktop")
    log_in(organiser, live_server, people["organiser"])
    competition, round_ = _set_up(organiser, live_server, people)
    watcher.screenshot("competition-admin-set-up")

    # Two teams enter, each with a file checked by its content.
    for user, team, school, member in (
        (people["teams"][0], "Đội Mặt Trời", "Trường THPT Bến Cát", "Võ Minh Khang"),
        (people["teams"][1], "Đội Phù Sa", "Trường THPT Dĩ An", "Đặng Gia Bảo"),
    ):
        page, team_watcher = open_page("phone")
        log_in(page, live_server, user)
        _enter(page, live_server, competition, team, school, member, tmp_path)
        team_watcher.assert_no_horizontal_overflow()
        team_watcher.screenshot(f"competition-entry-{user.pk}-phone")
    sun, river = (competition.entries.get(contact=people["teams"][i]) for i in (0, 1))
    assert sun.versions.get().files.get().kind == "pdf"

    # The third judge declares a conflict with the first team: it is never shown to them again.
    third, third_watcher = open_page("desktop")
    log_in(third, live_server, people["judges"][2])
    third.goto(live_server.url + f"/cuoc-thi/vong/{round_.pk}/cham/")
    assert "Đội Mặt Trời" in third.content()
    follow(third, third.locator(f"tr[data-entry='{sun.pk}'] form button[type=submit]"))
    assert Conflict.objects.filter(judge=people["judges"][2], entry=sun).exists()
    assert "Đội Mặt Trời" not in third.locator("table.judge-entries").inner_text()
    assert "Đội Phù Sa" in third.locator("table.judge-entries").inner_text()
    response = third.goto(live_server.url + f"/cuoc-thi/vong/{round_.pk}/bai/{sun.pk}/")
    assert response.status == 404
    _score(third, live_server, round_, river, [1, 3])
    third_watcher.screenshot("competition-judge-desk")

    # The two other judges score both teams: equal totals, the second team better on the tie-break criterion.
    for judge in people["judges"][:2]:
        page, _watcher = open_page("desktop")
        log_in(page, live_server, judge)
        _score(page, live_server, round_, sun, [3, 1])
        _score(page, live_server, round_, river, [1, 3])
    assert Score.objects.filter(entry=sun).count() == 2 and Score.objects.filter(entry=river).count() == 3
    assert not Score.objects.filter(entry=sun, judge=people["judges"][2]).exists()

    # The organiser sees the progress and agreement, then publishes.
    organiser.goto(live_server.url + f"/admin/cuoc-thi/vong/{round_.pk}/tien-do/")
    assert "2 / 2" in organiser.locator("table.progress-table").inner_text()
    watcher.screenshot("competition-admin-progress")
    follow(organiser, organiser.locator("main form button[type=submit]").last)
    first, second = Result.objects.filter(round=round_).order_by("rank")
    assert (first.team_name, first.prize, second.team_name, second.prize) == (
        "Đội Phù Sa",
        "Giải Nhất",
        "Đội Mặt Trời",
        "Giải Nhì",
    )
    assert first.score == second.score and "Tiêu chí sản phẩm 2" in first.tie_note

    # The public results page.
    visitor, visitor_watcher = open_page("phone")
    visitor.goto(live_server.url + f"/cuoc-thi/{competition.slug}/ket-qua/")
    table = visitor.locator("table.results-table").inner_text()
    assert table.index("Đội Phù Sa") < table.index("Đội Mặt Trời")
    assert "Giải Nhất" in table and "Tiêu chí sản phẩm 2" in table
    visitor_watcher.assert_no_horizontal_overflow()
    visitor_watcher.screenshot("competition-results-phone")

    # Award certificates are issued by the certificate engine and verify on its public page;
    # the competition's old verification address redirects there.
    organiser.goto(live_server.url + f"/admin/cuoc-thi/{competition.pk}/to-chuc/")
    follow(organiser, organiser.locator("main form button[type=submit]").first)
    award = Award.objects.get(result=first)
    assert award.snapshot["name"] == "Đặng Gia Bảo"
    certificate = Certificate.objects.get(kind="award", source_id=award.pk)
    assert award.number == certificate.number
    visitor.goto(live_server.url + f"/cuoc-thi/xac-thuc/{award.verification_code}/")
    assert visitor.url.endswith(f"/xac-thuc/{certificate.verification_code}/")
    status = visitor.locator(".verify-status").inner_text()
    assert "Hợp lệ" in status or "Valid" in status
    assert "Đặng Gia Bảo" in visitor.content() and "Giải Nhất" in visitor.content()
    visitor_watcher.screenshot("competition-award-verify-phone")
    watcher.assert_clean()
    visitor_watcher.assert_clean()
    # The third judge's only errors are the refused address of the entry they declared.
    assert third_watcher.errors and all("404" in error for error in third_watcher.errors)
