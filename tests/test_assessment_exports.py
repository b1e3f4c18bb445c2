"""The class gradebook, as XLSX and CSV: contents, Vietnamese text, no formula injection."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessment.gradebook import gradebook
from lms.spreadsheets import formula_safe, xlsx_value

from .assessment_helpers import hand_in, release
from .factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded_class(stem_class, trainer):
    """Three learners: passed (v2, late), returned for revision, not handed in."""
    from datetime import timedelta

    from django.utils import timezone

    nhung = EnrolmentFactory(cohort=stem_class.cohort, user=UserFactory(full_name="Nguyễn Thị Hồng Nhung"))
    injected = EnrolmentFactory(cohort=stem_class.cohort, user=UserFactory(full_name='=HYPERLINK("http://x")'))
    EnrolmentFactory(cohort=stem_class.cohort, user=UserFactory(full_name="Trần Văn Đức"))
    release(trainer, hand_in(nhung, stem_class.assignment), outcome="needs_revision", level_index=1)
    stem_class.assignment.due_at = timezone.now() - timedelta(hours=1)
    stem_class.assignment.save()
    release(trainer, hand_in(nhung, stem_class.assignment), outcome="passed", level_index=3)
    release(trainer, hand_in(injected, stem_class.assignment), outcome="needs_revision", level_index=1)
    return stem_class


def test_the_gradebook_rows(graded_class):
    titles, rows = gradebook(graded_class.cohort, graded_class.assignment)
    assert len(titles) == 3
    by_name = {row.learner: row for row in rows}
    nhung = by_name["Nguyễn Thị Hồng Nhung"]
    assert (nhung.attempts, nhung.status, nhung.late, str(nhung.score), nhung.outcome) == (
        2,
        "Đạt",
        True,
        "100.00",
        "Đạt",
    )
    assert [str(p) for p in nhung.criteria] == ["3.00", "3.00", "3.00"]
    duc = by_name["Trần Văn Đức"]
    assert (duc.attempts, duc.status, duc.score, duc.criteria) == (0, "", None, [None, None, None])


def test_the_gradebook_takes_the_same_number_of_queries_for_any_class_size(
    graded_class, trainer, django_assert_num_queries
):
    with django_assert_num_queries(7):
        gradebook(graded_class.cohort, graded_class.assignment)
    for _ in range(3):
        release(
            trainer,
            hand_in(EnrolmentFactory(cohort=graded_class.cohort), graded_class.assignment),
            level_index=3,
        )
    with django_assert_num_queries(7):
        gradebook(graded_class.cohort, graded_class.assignment)


def test_the_xlsx_export(client, graded_class, trainer):
    client.force_login(trainer)
    response = client.get(
        reverse("assessment:gradebook_xlsx", args=[graded_class.cohort.pk, graded_class.assignment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="so-diem-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Học viên", "E-mail", "Số lần nộp", "Trạng thái gần nhất")
    assert rows[0][-3:] == ("Tổng điểm", "Kết quả", "Nộp muộn")
    nhung = next(r for r in rows if r[0] == "Nguyễn Thị Hồng Nhung")
    assert nhung[2:4] == (2, "Đạt") and nhung[-3:] == (100.0, "Đạt", "Có")
    assert nhung[4:7] == (3.0, 3.0, 3.0)
    cells = list(sheet["A"])
    assert all(cell.data_type != "f" for cell in cells)
    assert '\'=HYPERLINK("http://x")' in [c.value for c in cells]


def test_the_csv_export_has_a_bom_and_no_formula(client, graded_class, manager):
    client.force_login(manager)
    response = client.get(
        reverse("assessment:gradebook_csv", args=[graded_class.cohort.pk, graded_class.assignment.pk])
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Học viên"
    names = [row[0] for row in rows[1:]]
    assert "Nguyễn Thị Hồng Nhung" in names
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_prefixed(value):
    assert formula_safe(value) == "'" + value
    assert xlsx_value(value).startswith("'")


def test_numbers_and_plain_text_are_left_alone():
    assert formula_safe(3.5) == 3.5
    assert formula_safe("Nguyễn Thị Hồng Nhung") == "Nguyễn Thị Hồng Nhung"
