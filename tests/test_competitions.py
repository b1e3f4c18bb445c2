"""The start-up competition (programme 1.5): scoring rules, tie-break, conflicts, versions at the deadline,
permissions, publishing and corrections, award certificates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from activities.models import Consent
from assessment.models import Rubric
from audit.models import AuditEvent
from competitions import awards, permissions, selectors, services
from competitions.models import Award, Competition, Conflict, EntryVersion, Result, ResultCorrection, Score
from competitions.scoring import Standing, combine, is_outlier, rank
from tests.factories import CompetitionFactory, EntryFactory, RubricFactory, UserFactory
from tests.sample_files import pdf_bytes

pytestmark = pytest.mark.django_db

D = Decimal


def _born(years_ago: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years_ago, day=min(today.day, 28))


# --- Scoring rules (pure) -----------------------------------------------------------------


def test_the_mean_combines_every_judge():
    assert combine([D("70"), D("80"), D("90")], "mean") == D("80.00")
    assert combine([D("70"), D("75")], "mean") == D("72.50")


def test_the_median_of_three_ignores_the_far_judge():
    assert combine([D("70"), D("72"), D("20")], "median") == D("70.00")
    assert combine([], "median") is None


def test_two_judges_further_apart_than_the_margin_are_flagged():
    assert is_outlier([D("50"), D("66")], D("15")) is True
    assert is_outlier([D("50"), D("65")], D("15")) is False
    assert is_outlier([D("50")], D("0")) is False


def test_a_tie_is_broken_by_the_named_criterion_then_by_the_earlier_submission():
    early = timezone.now() - datetime.timedelta(days=2)
    late = timezone.now() - datetime.timedelta(days=1)
    a = Standing(1, "A", [D("80"), D("80")], criterion_scores=[D("2"), D("2")], submitted_at=late)
    b = Standing(2, "B", [D("80"), D("80")], criterion_scores=[D("3"), D("2")], submitted_at=late)
    c = Standing(3, "C", [D("90"), D("70")], criterion_scores=[D("2"), D("2")], submitted_at=early)
    ordered = rank([a, b, c], rule="mean", margin=D("30"), criterion="Tính khả thi")
    # B beats A and C on the criterion; C (earlier) beats A, whose criterion mean is the same.
    assert [s.team_name for s in ordered] == ["B", "C", "A"]
    assert [s.rank for s in ordered] == [1, 2, 3]
    assert "Tính khả thi" in ordered[0].tie_note
    assert ordered[2].tie_note  # A lost its tie


def test_without_a_criterion_the_earlier_submission_wins_the_tie():
    early = timezone.now() - datetime.timedelta(days=2)
    late = timezone.now() - datetime.timedelta(days=1)
    ordered = rank(
        [Standing(1, "Late", [D("75")], submitted_at=late), Standing(2, "Early", [D("75")], submitted_at=early)],
        rule="mean",
        margin=D("10"),
    )
    assert [s.team_name for s in ordered] == ["Early", "Late"]
    assert ordered[0].tie_note == ordered[1].tie_note != ""


# --- A world: one competition, three judges -------------------------------------------------


@pytest.fixture
def world():
    judges = [UserFactory(full_name=f"Giám khảo {n}") for n in range(3)]
    organiser = UserFactory(role=roles.MANAGER)
    competition = CompetitionFactory(rounds=1, rounds__judges=judges, tie_break_criterion="Tiêu chí sản phẩm 2")
    round_ = competition.rounds.get()
    first = EntryFactory(competition=competition, school="Trường THPT Bến Cát", versions__team_name="Đội Mặt Trời")
    second = EntryFactory(competition=competition, school="Trường THPT Dĩ An", versions__team_name="Đội Phù Sa")
    return type("World", (), locals())


def _levels(round_, points):
    """{criterion id: level id} choosing the level worth ``points[i]`` on criterion i."""
    rubric = round_.rubric
    chosen = {}
    for criterion, wanted in zip(rubric.criteria.order_by("sort_order"), points, strict=True):
        chosen[criterion.pk] = criterion.levels.get(points=wanted).pk
    return chosen


def _score(judge, round_, entry, points):
    return services.score_entry(judge, round_, entry, levels=_levels(round_, points), comments={}, overall="Tốt")


def test_a_judge_scores_with_the_rubric_and_the_rubric_is_locked_on_first_use(world):
    assert world.round_.rubric.locked_at is None
    score = _score(world.judges[0], world.round_, world.first, [3, 3, 3])
    assert score.total == D("100.00")
    assert Rubric.objects.get(pk=world.round_.rubric_id).locked_at is not None
    assert AuditEvent.objects.filter(action="competitions.scored").count() == 1


def test_someone_not_assigned_to_the_round_cannot_score(world):
    with pytest.raises(PermissionDenied):
        _score(UserFactory(), world.round_, world.first, [3, 3, 3])


def test_a_judge_who_declares_a_conflict_is_never_given_that_entry(world):
    judge = world.judges[2]
    _score(judge, world.round_, world.first, [1, 1, 1])
    services.declare_conflict(judge, world.round_, reason=Conflict.Reason.RELATIVE, entry=world.first)
    assert list(permissions.entries_for_judge(judge, world.round_)) == [world.second]
    # The score given before the declaration is withdrawn, and scoring again is refused.
    assert not Score.objects.filter(judge=judge, entry=world.first).exists()
    with pytest.raises(PermissionDenied):
        _score(judge, world.round_, world.first, [3, 3, 3])
    assert not permissions.can_see_entry(judge, world.first)


def test_a_conflict_with_a_school_covers_its_entries_whatever_the_spelling(world):
    judge = world.judges[1]
    services.declare_conflict(judge, world.round_, reason=Conflict.Reason.OWN_SCHOOL, school="truong thpt ben cat")
    assert list(permissions.entries_for_judge(judge, world.round_)) == [world.second]


def test_progress_counts_scores_and_names_the_judges_still_to_score(world):
    services.declare_conflict(world.judges[2], world.round_, reason=Conflict.Reason.RELATIVE, entry=world.first)
    _score(world.judges[0], world.round_, world.first, [3, 2, 2])
    rows = {row.entry.pk: row for row in selectors.progress(world.round_)}
    assert rows[world.first.pk].scored == 1
    assert rows[world.first.pk].judges_available == 2
    assert [j.pk for j in rows[world.first.pk].missing_judges] == [world.judges[1].pk]
    assert rows[world.second.pk].judges_available == 3


def test_results_cannot_be_published_before_every_entry_has_two_scores(world):
    _score(world.judges[0], world.round_, world.first, [3, 3, 3])
    with pytest.raises(services.CompetitionError):
        services.publish_round(world.organiser, world.round_)


def _score_all(world):
    # Both entries end at 66.67 (mean); Phù Sa is better on the tie-break criterion (the second one).
    _score(world.judges[0], world.round_, world.first, [3, 1, 2])
    _score(world.judges[1], world.round_, world.first, [3, 1, 2])
    _score(world.judges[0], world.round_, world.second, [1, 3, 2])
    _score(world.judges[1], world.round_, world.second, [1, 3, 2])


def test_publishing_ranks_with_the_tie_break_and_gives_the_prizes(world):
    _score_all(world)
    results = services.publish_round(world.organiser, world.round_)
    assert [(r.team_name, r.rank, r.prize) for r in results] == [
        ("Đội Phù Sa", 1, "Giải Nhất"),
        ("Đội Mặt Trời", 2, "Giải Nhì"),
    ]
    assert results[0].score == results[1].score
    assert "Tiêu chí sản phẩm 2" in results[0].tie_note
    # Once published, a judge can no longer change a score.
    with pytest.raises(PermissionDenied):
        _score(world.judges[0], world.round_, world.first, [3, 3, 3])


def test_only_an_organiser_publishes(world):
    _score_all(world)
    with pytest.raises(PermissionDenied):
        services.publish_round(world.judges[0], world.round_)


def test_a_published_result_changes_only_by_a_recorded_correction(world):
    _score_all(world)
    result = services.publish_round(world.organiser, world.round_)[1]
    result.prize = "Giải Nhất"
    with pytest.raises(ValidationError):
        result.save()
    correction = services.correct_result(
        world.organiser, result, reason="Cộng sót điểm tiêu chí 1", score=D("70.00"), rank=1, prize="Giải Nhất"
    )
    result = Result.objects.get(pk=result.pk)
    assert (result.rank, result.prize, result.score) == (1, "Giải Nhất", D("70.00"))
    assert (correction.old_rank, correction.old_prize) == (2, "Giải Nhì")
    event = AuditEvent.objects.get(action="competitions.result_corrected")
    assert event.data["old"]["rank"] == 2 and event.data["reason"] == "Cộng sót điểm tiêu chí 1"
    with pytest.raises(PermissionDenied):
        services.correct_result(world.judges[0], result, reason="x", score=None, rank=1, prize="")
    assert ResultCorrection.objects.count() == 1


def test_the_median_rule_with_three_judges_flags_the_outlier(world):
    world.round_.combination = "median"
    world.round_.save()
    _score(world.judges[0], world.round_, world.first, [3, 3, 3])
    _score(world.judges[1], world.round_, world.first, [3, 3, 2])
    _score(world.judges[2], world.round_, world.first, [0, 0, 1])
    row = next(s for s in selectors.standings(world.round_) if s.entry_id == world.first.pk)
    assert row.combined == D("88.89")
    assert row.outlier is True


def test_agreement_between_judges_uses_the_second_marking_figures(world):
    _score(world.judges[0], world.round_, world.first, [3, 3, 3])
    _score(world.judges[1], world.round_, world.first, [3, 3, 2])
    figures = {f.trainer_id: f for f in selectors.agreement(world.round_)}
    total = figures[world.judges[0].pk].total
    assert total.count == 3
    assert total.exact == 2
    assert total.adjacent == 3


# --- Entries, versions, minors ----------------------------------------------------------------


def _data(**changes):
    data = services.EntryData(
        team_name="Đội Sông Bé",
        summary="Ứng dụng đặt lịch khám cho trạm y tế xã.",
        school="Trường THPT Thủ Dầu Một",
        members=[services.Member("Nguyễn Văn An", "teacher")],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_versions_are_kept_and_the_one_judged_is_the_one_at_the_deadline():
    competition = CompetitionFactory(rounds=1)
    contact = UserFactory()
    opened = competition.registration_opens_at
    entry = services.enter(contact, competition, _data(), now=opened + datetime.timedelta(hours=1))
    services.save_version(contact, entry, _data(team_name="Đội Sông Bé 2"), now=opened + datetime.timedelta(hours=2))
    with pytest.raises(services.CompetitionError):
        services.save_version(
            contact, entry, _data(team_name="Sau hạn"), now=competition.deadline + datetime.timedelta(minutes=1)
        )
    assert list(entry.versions.values_list("number", "team_name")) == [(1, "Đội Sông Bé"), (2, "Đội Sông Bé 2")]
    assert entry.version_at(competition.deadline).number == 2
    assert entry.version_at(opened + datetime.timedelta(minutes=90)).number == 1
    with pytest.raises(ValidationError):
        EntryVersion.objects.get(number=1, entry=entry).save()


def test_a_version_after_the_deadline_is_never_the_one_judged():
    competition = CompetitionFactory(rounds=1)
    entry = EntryFactory(competition=competition)
    EntryVersion.objects.create(
        entry=entry,
        number=2,
        team_name="Sửa sau hạn",
        summary="…",
        created_at=competition.deadline + datetime.timedelta(seconds=1),
        created_by=entry.contact,
    )
    assert entry.version_at(competition.deadline).number == 1
    assert selectors.judged_versions([entry], competition.deadline)[entry.pk].number == 1


def test_files_are_checked_by_their_content_like_submissions():
    competition = CompetitionFactory(rounds=1)
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(services.CompetitionError):
        services.enter(UserFactory(), competition, _data(), [fake])
    good = SimpleUploadedFile("ke-hoach.pdf", pdf_bytes(), content_type="application/pdf")
    entry = services.enter(UserFactory(), competition, _data(), [good])
    file = entry.versions.get().files.get()
    assert (file.kind, file.original_name) == ("pdf", "ke-hoach.pdf")
    # A new version without files keeps the same ones.
    version = services.save_version(entry.contact, entry, _data(team_name="Đội mới"))
    assert [f.sha256 for f in version.files.all()] == [file.sha256]


def test_members_under_16_need_the_consent_of_their_guardian_or_teacher():
    competition = CompetitionFactory(rounds=1)
    child = services.Member("Phạm Bảo Ngọc", "student", _born(13))
    with pytest.raises(services.CompetitionError):
        services.enter(UserFactory(), competition, _data(members=[child]))
    teacher = UserFactory(full_name="Võ Thị Lan", email="lan@truong.edu.vn")
    entry = services.enter(teacher, competition, _data(members=[child], consent_given=True, relationship="giáo viên"))
    member = entry.members.get()
    consent = Consent.objects.get(pk=member.consent_id)
    assert consent.participant.is_child and consent.participation
    assert consent.given_by_email == "lan@truong.edu.vn"
    assert consent.verification == Consent.Verification.ACCOUNT
    assert consent.text_sha256 == consent.text.sha256


def test_eligibility_age_and_window_are_enforced():
    competition = CompetitionFactory(rounds=1, age_min=14, age_max=18)
    too_young = services.Member("Bé Na", "student", _born(10))
    with pytest.raises(services.CompetitionError) as refused:
        services.enter(UserFactory(), competition, _data(members=[too_young], consent_given=True))
    assert "độ tuổi" in refused.value.message or "age" in refused.value.message
    closed = CompetitionFactory(rounds=1, closed=True)
    with pytest.raises(services.CompetitionError):
        services.enter(UserFactory(), closed, _data())


# --- Pages and permissions --------------------------------------------------------------------


def test_a_team_sees_its_own_entry_but_not_another_teams(client, world):
    client.force_login(world.first.contact)
    assert client.get(reverse("competitions:entry", args=[world.first.pk])).status_code == 200
    assert client.get(reverse("competitions:entry", args=[world.second.pk])).status_code == 404


def test_a_judge_never_opens_an_entry_they_declared(client, world):
    judge = world.judges[2]
    services.declare_conflict(judge, world.round_, reason=Conflict.Reason.RELATIVE, entry=world.first)
    client.force_login(judge)
    page = client.get(reverse("competitions:judge", args=[world.round_.pk])).content.decode()
    assert "Đội Phù Sa" in page and "Đội Mặt Trời" not in page
    assert client.get(reverse("competitions:score", args=[world.round_.pk, world.first.pk])).status_code == 404
    assert client.get(reverse("competitions:entry", args=[world.first.pk])).status_code == 404


def test_a_judge_desk_is_not_for_other_people(client, world):
    client.force_login(world.first.contact)
    assert client.get(reverse("competitions:judge", args=[world.round_.pk])).status_code == 404
    assert client.get(reverse("competitions:score", args=[world.round_.pk, world.first.pk])).status_code == 404


def test_the_organiser_screens_are_for_managers_only(client, world):
    url = reverse("competitions_round_progress", args=[world.round_.pk])
    client.force_login(world.judges[0])
    assert client.get(url).status_code in (302, 403)
    client.force_login(world.organiser)
    assert client.get(url).status_code == 200


def test_the_judge_scores_through_the_page(client, world):
    client.force_login(world.judges[0])
    levels = _levels(world.round_, [3, 2, 1])
    response = client.post(
        reverse("competitions:score", args=[world.round_.pk, world.first.pk]),
        {f"level-{c}": lv for c, lv in levels.items()} | {"comments": "Ý tưởng rõ ràng"},
    )
    assert response.status_code == 302
    assert Score.objects.get(judge=world.judges[0]).comments == "Ý tưởng rõ ràng"


def test_the_public_results_page_shows_only_published_rounds(client, world):
    url = reverse("competitions:results", args=[world.competition.slug])
    assert "Đội Phù Sa" not in client.get(url).content.decode()
    _score_all(world)
    services.publish_round(world.organiser, world.round_)
    page = client.get(url).content.decode()
    assert "Đội Phù Sa" in page and "Giải Nhất" in page


# --- Award certificates -----------------------------------------------------------------------


def test_award_certificates_are_issued_by_the_certificate_engine_to_each_member_of_the_winners(client, world):
    from certificates.models import Certificate
    from credentials import signing
    from credentials.models import Credential

    _score_all(world)
    services.publish_round(world.organiser, world.round_)
    young = world.second.members.first()  # a member of the winners (Giải Nhất), under 16
    young.date_of_birth = _born(14)
    young.save()
    issued = awards.issue_awards(world.organiser, world.competition)
    assert len(issued) == 4  # two members in each of the two prize-winning teams
    certificates = Certificate.objects.filter(kind="award")
    assert certificates.count() == 4 and {c.status for c in certificates} == {"valid"}
    first = Award.objects.filter(result__prize="Giải Nhất", member=young).get()
    certificate = awards.certificates_of([first])[first.pk]
    assert first.number == certificate.number and "-GK-" in certificate.number
    assert certificate.snapshot["values"]["result"] == "Giải Nhất" and certificate.pdf.read(5) == b"%PDF-"
    assert certificate.holder_is_minor and certificate.holder_email == world.second.contact.email
    adult = Award.objects.filter(result__prize="Giải Nhất").exclude(member=young).get()
    assert not awards.certificates_of([adult])[adult.pk].holder_is_minor
    # The engine's verification page (a minor's initials only); the old address redirects to it.
    page = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Giải Nhất – Đội Phù Sa" in text and world.competition.title in text
    old = client.get(reverse("competitions:verify", args=[first.verification_code]))
    assert old.status_code == 302
    assert old.url == reverse("certificates:verify", args=[certificate.verification_code])
    # The number lookup knows it; an Open Badges 3.0 credential of type Award.
    from certificates.views import lookup_answer

    assert lookup_answer(certificate.number, young.full_name) == "valid"
    credential = Credential.objects.get(certificate=certificate)
    _header, claims = signing.verify(credential.jwt)
    achievement = claims["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Award"
    assert "Giải Nhất" in achievement["criteria"]["narrative"] and "Completion" not in achievement["description"]
    # Issuing again adds nothing; a judge cannot issue.
    assert awards.issue_awards(world.organiser, world.competition) == []
    assert Certificate.objects.filter(kind="award").count() == 4
    with pytest.raises(PermissionDenied):
        awards.issue_awards(world.judges[0], world.competition)
    assert client.get(reverse("competitions:verify", args=["khong-co"])).status_code == 404
    # The organiser's screen lists them with the engine's page, and gives the engine's PDF.
    client.force_login(world.organiser)
    screen = client.get(reverse("competitions_competition", args=[world.competition.pk])).content.decode()
    assert reverse("certificates:verify", args=[certificate.verification_code]) in screen
    pdf = client.get(reverse("competitions_award_pdf", args=[first.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"


def test_a_correction_that_removes_a_prize_revokes_its_award_certificates(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    from certificates.models import Certificate
    from credentials.models import Credential

    _score_all(world)
    second = services.publish_round(world.organiser, world.round_)[1]
    awards.issue_awards(world.organiser, world.competition)
    removed = list(Award.objects.filter(result=second))
    kept = list(Award.objects.exclude(result=second))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_result(
            world.organiser, second, reason="Vi phạm quy chế", score=second.score, rank=2, prize=""
        )
    # The person who entered the team is told, once, which certificates were revoked and why.
    [mail] = mailoutbox
    assert mail.to == [second.entry.contact.email]
    assert str(second.entry) in mail.subject and "thu hồi" in mail.subject
    assert "Vi phạm quy chế" in mail.body
    for award in removed:
        assert award.number in mail.body and award.get_verification_path() in mail.body
    for award in removed:
        award.refresh_from_db()
        certificate = awards.certificates_of([award])[award.pk]
        assert award.status == "revoked" and certificate.status == "revoked"
        assert certificate.revocation_reason == "Vi phạm quy chế"
        assert Credential.objects.get(certificate=certificate).revoked
        page = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
        assert page.status_code == 200
    assert {awards.certificates_of([a])[a.pk].status for a in kept} == {"valid"}
    assert Certificate.objects.filter(kind="award", status="valid").count() == 2


def test_a_correction_that_changes_a_prize_reissues_its_award_certificates(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    _score_all(world)
    second = services.publish_round(world.organiser, world.round_)[1]
    awards.issue_awards(world.organiser, world.competition)
    before = awards.certificates_of(list(Award.objects.filter(result=second)))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_result(
            world.organiser, second, reason="Cộng sót điểm", score=second.score, rank=2, prize="Giải Ba"
        )
    after = awards.certificates_of(list(Award.objects.filter(result=second)))
    [mail] = mailoutbox
    assert mail.to == [second.entry.contact.email] and "Giải Ba" in mail.body and "Cộng sót điểm" in mail.body
    for pk, old in before.items():
        assert old.number in mail.body and after[pk].number in mail.body
    for pk, old in before.items():
        old.refresh_from_db()
        assert old.status == "superseded" and old.superseded_by == after[pk]
        assert after[pk].status == "valid" and after[pk].snapshot["values"]["result"] == "Giải Ba"
        assert Award.objects.get(pk=pk).number == after[pk].number


def test_rubric_factory_is_used_here():
    # The rounds use the rubric library's rubrics (assessment.Rubric), never a copy.
    competition = CompetitionFactory(rounds=2, rounds__rubric=RubricFactory(criteria=2))
    assert competition.rounds.count() == 2
    assert {r.rubric.criteria.count() for r in competition.rounds.all()} == {2}


def test_the_demo_competition_is_loaded_once_with_its_results_and_awards(django_capture_on_commit_callbacks):
    from io import StringIO
    from types import SimpleNamespace

    from certificates.models import Certificate
    from competitions import demo
    from tests.factories import ActivityFactory

    ActivityFactory(adults=True, slug="ngay-hoi-khoi-nghiep-2026", title="Ngày hội khởi nghiệp đổi mới sáng tạo 2026")
    command = SimpleNamespace(stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(command)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(command)  # rerunnable: nothing twice
    competition = Competition.objects.get(slug=demo.SLUG)
    first, second, third = Result.objects.filter(round__competition=competition).order_by("rank")
    assert (first.team_name, second.team_name) == ("Đội Nước Sạch Bến Cát", "Đội Nông Nghiệp Số")
    assert first.score == second.score and first.tie_note
    assert Award.objects.filter(result__round__competition=competition).count() == 5
    assert Certificate.objects.filter(kind="award", status="valid").count() == 5
    assert not Score.objects.filter(entry=first.entry, judge__email="giamkhao3@example.com").exists()


def test_the_reports_count_entries_and_prizes_against_the_events_programme(world):
    from reports.indicators import indicator_values
    from reports.period import Period
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    event = world.competition.event
    event.programme = programme
    event.save()
    # The deadline has passed: both entries (each with a version by then) count.
    world.competition.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    world.competition.save()
    _score_all(world)
    services.publish_round(world.organiser, world.round_)
    year = Period.year(timezone.localdate().year)
    figures = indicator_values(year, "programme")[programme.path]
    assert figures["competition_entries"] == 2
    assert figures["competition_prizes"] == 2
    assert indicator_values(year)[None]["competition_entries"] == 2


def test_a_rounds_rubric_cannot_change_once_judges_have_scored(world):
    _score(world.judges[0], world.round_, world.first, [3, 3, 3])
    world.round_.rubric = RubricFactory()
    with pytest.raises(ValidationError):
        world.round_.clean()


# --- Data minimisation: judges read a minor member as initials (Law 91/2025/QH15) --------------


def _minor_member(entry, name="Nguyễn Hoàng Bảo Anh"):
    from competitions.models import EntryMember

    return EntryMember.objects.create(entry=entry, full_name=name, date_of_birth=_born(13), sort_order=5)


def test_a_judges_pages_never_show_a_minor_members_full_name(client, world):
    _minor_member(world.first)
    judge = world.judges[0]
    client.force_login(judge)
    pages = [
        client.get(reverse("competitions:judge", args=[world.round_.pk])),
        client.get(reverse("competitions:score", args=[world.round_.pk, world.first.pk])),
        client.get(reverse("competitions:entry", args=[world.first.pk])),
    ]
    assert [page.status_code for page in pages] == [200, 200, 200]
    text = "".join(page.content.decode() for page in pages)
    assert "Đội Mặt Trời" in text  # the team's name
    assert "Nguyễn Hoàng Bảo Anh" not in text and "Bảo Anh" not in text
    assert "N. H. B. A." in pages[1].content.decode() and "N. H. B. A." in pages[2].content.decode()
    # An adult member (no date of birth, no child's consent) is shown as before.
    assert "Lê Thu Trang" in pages[2].content.decode()


def test_the_team_and_the_organisers_keep_the_minors_full_name(client, world):
    _minor_member(world.first)
    url = reverse("competitions:entry", args=[world.first.pk])
    for person in (world.first.contact, world.organiser):
        client.force_login(person)
        assert "Nguyễn Hoàng Bảo Anh" in client.get(url).content.decode()


def test_a_member_entered_with_a_childs_consent_and_no_date_of_birth_counts_as_a_minor(world):
    member = _minor_member(world.first, name="Phan Thị Mai")
    member.date_of_birth = None
    member.consent = Consent(pk=1)  # only its id is read
    names = {m.full_name: shown for m, shown in permissions.member_names(world.judges[0], world.first, [member])}
    assert names == {"Phan Thị Mai": "P. T. M."}


# --- The event's page links to its competition (activities' register_activity_page_panel) -----


def test_the_event_page_links_to_its_competition(client):
    competition = CompetitionFactory(title="Cuộc thi Ý tưởng xanh 2026", slug="y-tuong-xanh")
    page = client.get(competition.event.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'href="/cuoc-thi/y-tuong-xanh/"' in text and "Cuộc thi Ý tưởng xanh 2026" in text
    assert "Cuộc thi tại sự kiện này" in text


def test_an_event_without_a_competition_has_no_competition_panel(client):
    from tests.factories import ActivityFactory

    event = ActivityFactory(adults=True)
    text = client.get(event.url).content.decode()
    assert "Cuộc thi tại sự kiện này" not in text and "/cuoc-thi/" not in text


def test_a_new_competition_shows_on_the_cached_event_page(client, settings):
    from tests.factories import ActivityFactory

    settings.PAGE_CACHE_ENABLED = True
    event = ActivityFactory(adults=True)
    assert "/cuoc-thi/" not in client.get(event.url).content.decode()  # now in the cache
    CompetitionFactory(event=event, slug="sau-khi-luu")
    assert "/cuoc-thi/sau-khi-luu/" in client.get(event.url).content.decode()


# --- The award certificate's default template signs like a completion certificate's -------------


def test_the_default_award_certificate_has_the_signature_block_of_the_completion_template(world):
    import subprocess

    from certificates.models import CertificateTemplate, ProgrammeCertificateSettings, Signatory
    from tests.factories import ProgrammeFactory

    first = CertificateTemplate.objects.create(name="Mẫu đầu tiên", place="Thủ Dầu Một")
    Signatory.objects.create(template=first, sort_order=0, position="GIÁM ĐỐC", name="Nguyễn Văn Chung")
    # The programme's own default template (a completion certificate's) wins over the first one.
    programme = ProgrammeFactory(code="1.5")
    own = CertificateTemplate.objects.create(name="Mẫu của chương trình 1.5", place="Thành phố Hồ Chí Minh")
    Signatory.objects.create(template=own, sort_order=0, position="TRƯỞNG BAN TỔ CHỨC", name="Phạm Minh Đức")
    Signatory.objects.create(template=own, sort_order=1, position="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", name="Trần Minh Tuấn")
    ProgrammeCertificateSettings.objects.create(programme=programme, default_template=own)
    event = world.competition.event
    event.programme = programme
    event.save()
    assert world.competition.certificate_template is None  # the kind's default text
    _score_all(world)
    services.publish_round(world.organiser, world.round_)
    awards.issue_awards(world.organiser, world.competition)
    award = Award.objects.filter(result__prize="Giải Nhất").first()
    certificate = awards.certificates_of([award])[award.pk]
    assert certificate.snapshot["title"] == "GIẤY CHỨNG NHẬN ĐẠT GIẢI"
    assert [(s["position"], s["name"]) for s in certificate.snapshot["signatories"]] == [
        (["TRƯỞNG BAN TỔ CHỨC"], "Phạm Minh Đức"),
        (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Trần Minh Tuấn"),
    ]
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=certificate.pdf.read(), capture_output=True, check=True
    ).stdout.decode()
    assert "Phạm Minh Đức" in text and "Trần Minh Tuấn" in text and "PHÓ GIÁM ĐỐC" in text
    # The templates themselves are untouched (the default is never saved).
    assert CertificateTemplate.objects.count() == 2 and Signatory.objects.count() == 3


def test_the_judge_desk_shows_a_message_once(world, client):
    # The page's own include of the messages doubled the base template's ("Đã lưu điểm của bạn." twice).
    from django.urls import reverse

    judge = world.judges[2]
    client.force_login(judge)
    response = client.post(
        reverse("competitions:conflict", args=[world.round_.pk]),
        {"reason": Conflict.Reason.RELATIVE, "entry": world.first.pk},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Đã ghi nhận khai báo xung đột lợi ích của bạn.") == 1
