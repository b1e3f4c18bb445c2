"""The demo's start-up competition: the final of the start-up day, three teams, three judges, results
published (a tie broken by the rule) and award certificates issued. Rerunnable: made once."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.demo import ensure_user
from activities.models import ActivityPage
from assessment.models import Rubric, RubricCriterion, RubricLevel

from . import awards, services
from .models import Competition, Round

SLUG = "du-an-khoi-nghiep-2026"
RUBRIC_TITLE = "Phiếu chấm dự án khởi nghiệp"
CRITERIA = ["Tính sáng tạo", "Tính khả thi", "Tác động xã hội"]
LEVELS = [("Chưa đạt", 0), ("Đạt", 1), ("Khá", 2), ("Tốt", 3)]
JUDGES = [
    ("giamkhao1@example.com", "Nguyễn Hữu Phước"),
    ("giamkhao2@example.com", "Trần Thị Mỹ Linh"),
    ("giamkhao3@example.com", "Lâm Quốc Việt"),
]
TEAMS = [
    # contact, team, school, members, levels per judge (one list per criterion)
    (
        ("doi1@example.com", "Nguyễn Thanh Tùng"),
        "Đội Nước Sạch Bến Cát",
        "Trường THPT Bến Cát",
        ["Nguyễn Thanh Tùng", "Lê Ngọc Hân"],
        [3, 2, 3],
    ),
    (
        ("doi2@example.com", "Phạm Thị Kim Oanh"),
        "Đội Nông Nghiệp Số",
        "Trường THPT Dĩ An",
        ["Phạm Thị Kim Oanh", "Võ Tấn Phát"],
        [2, 3, 3],
    ),
    (
        ("doi3@example.com", "Đỗ Minh Khôi"),
        "Đội Xe Điện Xanh",
        "Trường THPT Thủ Dầu Một",
        ["Đỗ Minh Khôi"],
        [2, 2, 1],
    ),
]


def _rubric() -> Rubric:
    existing = Rubric.objects.filter(title=RUBRIC_TITLE, is_current=True).first()
    if existing:
        return existing
    rubric = Rubric.objects.create(title=RUBRIC_TITLE, description="Ba tiêu chí, mỗi tiêu chí bốn mức.")
    for position, title in enumerate(CRITERIA):
        criterion = RubricCriterion.objects.create(rubric=rubric, sort_order=position, title=title, weight=1)
        for index, (label, points) in enumerate(LEVELS):
            RubricLevel.objects.create(criterion=criterion, sort_order=index, label=label, points=points)
    return rubric


def load(command):
    if Competition.objects.filter(slug=SLUG).exists():
        return
    event = ActivityPage.objects.filter(slug="ngay-hoi-khoi-nghiep-2026").first()
    organiser = ensure_user("quanly@example.com", "demo-quanly-2026", "Lê Thị Thu Hà", roles.MANAGER, "Sở KH&CN")
    if event is None:
        command.stdout.write("  (no start-up day in the demo: the competition waits for the activities demo)")
        return
    now = timezone.now()
    rubric = _rubric()
    competition = Competition.objects.create(
        event=event,
        title="Cuộc thi dự án khởi nghiệp đổi mới sáng tạo 2026",
        slug=SLUG,
        summary="Dành cho học sinh THPT tỉnh Bình Dương: ý tưởng, sản phẩm khởi nghiệp giải quyết vấn đề địa phương.",
        rules=(
            "Mỗi đội từ 1 đến 5 học sinh, có thể kèm giáo viên hướng dẫn.\n"
            "Hồ sơ gồm bản mô tả dự án (PDF) và video giới thiệu không quá 3 phút.\n"
            "Phiên bản được chấm là phiên bản nộp tại hạn chót."
        ),
        registration_opens_at=now - datetime.timedelta(days=40),
        registration_closes_at=now - datetime.timedelta(days=10),
        age_min=14,
        age_max=19,
        tie_break_criterion="Tác động xã hội",
    )
    round_ = Round.objects.create(
        competition=competition,
        sort_order=0,
        kind=Round.Kind.FINAL,
        title="Chung kết",
        rubric=rubric,
        combination=Round.Combination.MEAN,
        outlier_margin=Decimal("20"),
    )
    judges = [ensure_user(email, "demo-giamkhao-2026", name, roles.TRAINER, "Sở KH&CN") for email, name in JUDGES]
    round_.judges.set(judges)
    round_.save()
    entries = []
    for offset, ((email, name), team, school, members, _levels) in enumerate(TEAMS):
        contact = ensure_user(email, "demo-doithi-2026", name, roles.LEARNER, school)
        data = services.EntryData(
            team_name=team,
            summary=f"{team}: dự án giải quyết một vấn đề của địa phương, đã làm mẫu thử và thử nghiệm tại trường.",
            school=school,
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            members=[
                services.Member(member, "student", datetime.date(now.year - 17, 3 + offset, 10 + index))
                for index, member in enumerate(members)
            ],
        )
        entries.append(services.enter(contact, competition, data, now=now - datetime.timedelta(days=30 - offset)))
    # The third judge teaches at the first team's school: declared, never given its entry.
    services.declare_conflict(judges[2], round_, reason="own_school", school=TEAMS[0][2])
    for entry, (*_rest, levels) in zip(entries, TEAMS, strict=True):
        for judge in judges:
            if judge == judges[2] and entry == entries[0]:
                continue
            chosen = {}
            for criterion, wanted in zip(rubric.criteria.order_by("sort_order"), levels, strict=True):
                chosen[criterion.pk] = criterion.levels.get(points=wanted).pk
            services.score_entry(judge, round_, entry, levels=chosen, comments={}, overall="Dự án có tính thực tiễn.")
    services.publish_round(organiser, round_)
    # The award certificates' numbers are committed on their own, outside the demo loader's transaction.
    transaction.on_commit(lambda: awards.issue_awards(organiser, competition))
    command.stdout.write(f"  competition “{competition.title}”: {len(entries)} teams, results published")
