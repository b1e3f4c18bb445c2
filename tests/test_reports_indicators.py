"""Reconciliation: every indicator against figures worked out by hand (see tests/reports_dataset.py)."""

import datetime
from decimal import Decimal

import pytest

from reports import indicators
from reports.indicators import Scope, indicator_values, people
from reports.period import Period

pytestmark = pytest.mark.django_db

Y2019 = Period.year(2019)
Y2020 = Period.year(2020)


def test_totals_of_2019(reports_world):
    total = indicator_values(Y2019)[None]
    assert total["classes"] == 3  # K1 (sessions), K2 (overlaps with seats), K3; not the draft K4 nor K5
    assert total["learners_per_class"] == Decimal(8) / 3  # K1 3 seats, K2 2, K3 3
    assert (total["seats_min"], total["seats_max"]) == (2, 3)
    assert total["learners"] == 5  # l1 l2 l3 l4 l6; l5 only waitlisted or in a draft class
    assert total["participations"] == 10  # 6 present in K1 + 2 in K3 + 2 places in the online K2
    assert total["completions"] == 2  # l1 and l2 in K1; l1 in K2 completed in 2020
    assert total["completion_rate"] == Decimal(2) / 6  # classes ended in 2019: K1 (2 of 3), K3 (0 of 3)
    assert total["certificates_issued"] == 2  # the superseded one is counted as its reissue
    assert total["certificates_revoked"] == 1
    assert total["submissions"] == 3  # the draft is not handed in
    assert total["passed"] == 2
    assert total["average_score"] == Decimal(70)  # (40 + 80 + 90) / 3; the second marking is ignored
    assert total["feedback_days"] == Decimal(2)  # (2 + 3 + 1) / 3 days
    assert total["sessions"] == 3


def test_a_class_spanning_two_years_counts_in_both(reports_world):
    total = indicator_values(Y2020)[None]
    assert total["classes"] == 1  # K2
    assert total["learners"] == 2
    assert total["participations"] == 2  # its two places, again
    assert total["completions"] == 1
    assert total["completion_rate"] == Decimal(1) / 2
    assert total["certificates_issued"] == 1
    assert total["certificates_revoked"] == 0
    assert total["submissions"] == 0
    assert total["average_score"] is None
    assert total["feedback_days"] is None


@pytest.mark.parametrize(("quarter", "classes", "participations"), [(1, 1, 6), (2, 2, 2), (3, 0, 0), (4, 1, 2)])
def test_quarters(reports_world, quarter, classes, participations):
    total = indicator_values(Period.quarter(2019, quarter))[None]
    assert total["classes"] == classes
    assert total["participations"] == participations


def test_an_empty_period_gives_zeros_not_errors(reports_world):
    total = indicator_values(Period(datetime.date(2030, 1, 1), datetime.date(2030, 12, 31), "custom"))[None]
    assert total["classes"] == 0
    assert total["learners"] == 0
    assert total["learners_per_class"] is None
    assert total["completion_rate"] is None


def test_per_programme_figures_add_up_to_the_totals(reports_world):
    figures = indicator_values(Y2019, "programme")
    p1, p2 = figures[reports_world.p1.path], figures[reports_world.p2.path]
    assert reports_world.p3.path not in figures  # nothing happened in it
    assert (p1["classes"], p2["classes"]) == (2, 1)
    assert p1["learners_per_class"] == Decimal("2.5")
    assert (p1["learners"], p2["learners"]) == (4, 3)  # l3 and l6 are in both: distinct learners do not add up
    assert figures["total"]["learners"] == 5
    for key in ("classes", "participations", "completions", "certificates_issued", "submissions", "sessions"):
        assert p1[key] + p2[key] == figures["total"][key], key
    assert (p1["participations"], p2["participations"]) == (8, 2)
    assert p2["completion_rate"] == 0


def test_per_course_and_class(reports_world):
    by_class = indicator_values(Y2019, "cohort", Scope(programme_path=reports_world.p1.path))
    assert set(by_class) == {reports_world.k1.pk, reports_world.k2.pk, "total"}
    assert by_class[reports_world.k1.pk]["learners"] == 3
    assert by_class[reports_world.k1.pk]["participations"] == 6
    assert by_class[reports_world.k2.pk]["participations"] == 2
    assert by_class[reports_world.k1.pk]["average_score"] == Decimal(70)
    by_course = indicator_values(Y2019, "course", Scope(programme_path=reports_world.p1.path))
    assert by_course[reports_world.c1.pk]["completions"] == 2
    assert by_course[reports_world.c2.pk]["learners"] == 2


def test_sums_over_areas_equal_the_totals(reports_world):
    by_area = indicator_values(Y2019, "area")
    total = by_area.pop("total")
    assert by_area[reports_world.tdm.pk]["learners"] == 2
    assert by_area[reports_world.dian.pk]["learners"] == 2
    assert by_area[None]["learners"] == 1  # l6 gave no area
    assert by_area[reports_world.tdm.pk]["participations"] == 5
    assert by_area[reports_world.dian.pk]["participations"] == 4
    for key in ("learners", "participations", "completions", "certificates_issued", "certificates_revoked"):
        assert sum(group[key] for group in by_area.values()) == total[key], key


def test_sums_over_school_levels_and_schools_equal_the_totals(reports_world):
    for dimension in ("school_level", "organisation"):
        groups = indicator_values(Y2019, dimension)
        total = groups.pop("total")
        for key in ("learners", "participations", "completions", "submissions"):
            assert sum(group[key] for group in groups.values()) == total[key], (dimension, key)


def test_a_teacher_of_two_subjects_counts_under_each(reports_world):
    by_subject = indicator_values(Y2019, "subject")
    assert by_subject[reports_world.toan.pk]["learners"] == 2  # l1, l3
    assert by_subject[reports_world.ly.pk]["learners"] == 2  # l2, l3
    assert by_subject[None]["learners"] == 2  # l4, l6


def test_the_people_behind_a_figure_match_it(reports_world):
    scope = Scope(programme_path=reports_world.p1.path)
    figures = indicator_values(Y2019, "programme")[reports_world.p1.path]
    for key in ("learners", "participations", "completions", "certificates_issued", "submissions", "passed"):
        listed = list(people(Y2019, key, scope))
        if key == "learners":
            assert len(listed) == figures[key]
        else:
            assert sum(person.records for person in listed) == figures[key], key
    assert {p.pk for p in people(Y2019, "learners", scope)} == {
        reports_world.l1.pk,
        reports_world.l2.pk,
        reports_world.l3.pk,
        reports_world.l6.pk,
    }
    in_area = people(Y2019, "participations", Scope(dimension="area", value=reports_world.dian.pk))
    assert {p.pk: p.records for p in in_area} == {reports_world.l3.pk: 2, reports_world.l4.pk: 2}
    no_area = people(Y2019, "learners", Scope(dimension="area", value=None))
    assert [p.pk for p in no_area] == [reports_world.l6.pk]


def test_every_indicator_has_a_definition():
    for indicator in indicators.INDICATORS:
        assert len(str(indicator.definition)) > 30, indicator.key
        assert all(part in indicators.PARTS for part in indicator.parts)


def test_an_average_against_its_target_shows_the_decimal_its_share_is_computed_from():
    """ "Học viên/lớp: 7 / 25 = 30,0 %" was shown for an average of 7.5: now 7,5 / 25 = 30,0 %."""
    from decimal import Decimal
    from types import SimpleNamespace

    from reports.tables import Cell, format_value, target_status

    target = SimpleNamespace(measure="learners_per_class", target=25)
    actual, fraction, _level = target_status(target, {"learners_per_class": Decimal("7.46")})
    assert Cell(actual, unit="decimal").display("number") == "7,5"
    assert format_value(fraction, "percent") == "30,0 %"


def test_counted_and_hand_entered_results_against_their_targets(reports_world):
    """Issue 17: the targets table reconciles figures counted by the system (news items of programme 1.4's
    kinds, classes) with results entered by hand (the current entry: a correction replaces its original)."""
    from courses.models import ProgrammeTarget
    from reports import manual, tables

    from . import factories as f

    p3 = reports_world.p3
    ProgrammeTarget.objects.create(
        programme=p3, indicator="Số tin bài báo chí", target=4, measure="articles", sort_order=0
    )
    ProgrammeTarget.objects.create(
        programme=p3, indicator="Số phóng sự", target=10, measure="television_episodes", sort_order=1
    )
    report = ProgrammeTarget.objects.create(
        programme=p3, indicator="Báo cáo đánh giá", target=2, measure="other", sort_order=2
    )
    ProgrammeTarget.objects.create(programme=p3, indicator="Nhóm tư vấn", target=1, measure="other", sort_order=3)
    on = datetime.date(2019, 8, 1)
    f.NewsItemFactory(programme=p3, kind="press", published_on=on)  # counted
    f.NewsItemFactory(programme=p3, kind="site", outlet="", link="", published_on=on)  # counted
    f.NewsItemFactory(programme=p3, kind="press", published_on=datetime.date(2020, 2, 1))  # 2020
    f.NewsItemFactory(programme=p3, kind="press", published_on=on, live=False)  # a draft
    f.NewsItemFactory(programme=p3, kind="television", outlet="BTV", published_on=on)  # another kind
    f.NewsItemFactory(programme=reports_world.p2, kind="press", published_on=on)  # another programme
    manager = f.UserFactory(role="Quản lý chương trình")
    first = manual.enter(manager, report, value=3, on=datetime.date(2019, 9, 1), link="https://example.com/a")
    manual.enter(manager, report, value=1, on=datetime.date(2019, 9, 2), link="https://example.com/b", corrects=first)
    manual.enter(manager, report, value=9, on=datetime.date(2020, 1, 5), link="https://example.com/c")  # after 2019

    figures = indicator_values(Y2019, "programme")
    table = tables.targets_table(Y2019, tables.programmes(), figures)
    rows = {(row[0].value.split(" · ")[0], row[1].value): row for row in table.rows}
    assert rows[("2.1", "Số tin bài báo chí")][3].value == 2
    assert rows[("2.1", "Số tin bài báo chí")][4].value == Decimal("0.5")
    assert rows[("2.1", "Số phóng sự")][3].value == 1
    assert rows[("1.2", "Lượt tham gia")][3].value == figures[reports_world.p2.path]["participations"] == 2
    by_hand = rows[("2.1", "Báo cáo đánh giá")]
    assert by_hand[3].value == 1 and by_hand[3].note.startswith("Nhập tay")  # the correction, not the original
    assert by_hand[5].level == "partial"  # 1 of 2
    assert rows[("2.1", "Nhóm tư vấn")][3].value is None
    assert rows[("2.1", "Nhóm tư vấn")][5].value == "Chưa có số liệu"
    # The entry of 2020 is the current one for 2020, not for 2019.
    later = tables.targets_table(Y2020, tables.programmes(), indicator_values(Y2020, "programme"))
    assert {row[1].value: row[3].value for row in later.rows}["Báo cáo đánh giá"] == 9
    assert {row[1].value: row[3].value for row in later.rows}["Số tin bài báo chí"] == 1
