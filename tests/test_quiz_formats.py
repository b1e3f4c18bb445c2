"""GIFT and Moodle XML: import of valid and broken files (fuzzed), the preview, export and back."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.models import Question
from assessment.quizzes.formats import import_questions, moodle_xml, read, read_gift, read_moodle_xml
from assessment.quizzes.grading import grade

from .factories import QuestionCategoryFactory, QuestionFactory

GIFT = r"""// Vật lý 8
$CATEGORY: Động học

::Tốc độ::Công thức tốc độ trung bình là? {=\(v \= s/t\) ~\(v \= s \cdot t\) ~\(v \= t/s\)}

::Rơi tự do::Gia tốc rơi tự do gần đúng bằng bao nhiêu m/s²? {#9.8:0.1}

Nước sôi ở 100 °C ở áp suất khí quyển chuẩn. {T}

::Động năng::Năng lượng do chuyển động gọi là gì? {=động năng =dong nang}

::STEM::Chọn các lĩnh vực STEM {~%50%Khoa học ~%50%Toán học ~%-100%Âm nhạc}

::Ghép::Ghép đại lượng với đơn vị {=Lực -> N =Năng lượng -> J =Công suất -> W}

::Tự luận::Nêu một vấn đề thực tiễn. {}

Câu hỏi hỏng không có đáp án

::Hỏng 2::Thiếu ngoặc {=a ~b
"""


def test_a_gift_file_is_read_with_every_type_and_its_broken_lines_named():
    questions, problems = read_gift(GIFT)
    assert [(q.line, q.kind) for q in questions] == [
        (4, "single"),
        (6, "numerical"),
        (8, "truefalse"),
        (10, "short"),
        (12, "multiple"),
        (14, "matching"),
        (16, "essay"),
    ]
    assert questions[0].options[0] == {"text": r"\(v = s/t\)", "fraction": 100.0, "feedback": ""}
    assert questions[1].options[0]["tolerance"] == pytest.approx(0.1)
    assert [p.line for p in problems] == [18, 20]


def test_imported_questions_grade_as_their_source_says(db):
    category = QuestionCategoryFactory()
    questions, _problems = read_gift(GIFT)
    created = import_questions(None, category, questions)
    assert len(created) == 7 and Question.objects.filter(category=category).count() == 7
    numerical = next(q for q in created if q.kind == "numerical").versions.get().spec
    assert grade(numerical, "9,75").fraction == 1.0
    short = next(q for q in created if q.kind == "short").versions.get().spec
    assert grade(short, "Dong Nang").fraction == 1.0


MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/Điện học</text></category></question>
  <question type="multichoice">
    <name><text>Định luật Ôm</text></name>
    <questiontext format="html"><text><![CDATA[<p>Theo định luật Ôm, \\(I = \\dfrac{U}{R}\\). Khi U tăng:</p>]]>
    </text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>tăng gấp đôi</text></answer>
    <answer fraction="0"><text>giảm một nửa</text></answer>
  </question>
  <question type="numerical">
    <name><text>Cường độ</text></name>
    <questiontext><text>R = 12 Ω, U = 6 V. I = ?</text></questiontext>
    <answer fraction="100"><text>0.5</text><tolerance>0.01</tolerance></answer>
    <units><unit><multiplier>1</multiplier><unit_name>A</unit_name></unit></units>
  </question>
  <question type="calculated">
    <name><text>Không hỗ trợ</text></name>
    <questiontext><text>x</text></questiontext>
  </question>
</quiz>
"""


def test_a_moodle_xml_file_is_read_and_unsupported_types_are_named_with_their_line():
    questions, problems = read_moodle_xml(MOODLE_XML)
    assert [q.kind for q in questions] == ["single", "numerical"]
    assert questions[0].text.startswith("Theo định luật Ôm")
    assert questions[1].settings["units"] == "A=1"
    assert [(p.line, "calculated" in p.message) for p in problems] == [(18, True)]


@pytest.mark.parametrize(
    "broken",
    [
        "<quiz><question type='multichoice'>",  # cut short
        '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz>&a;</quiz>',  # entities refused
        "không phải XML",
    ],
)
def test_broken_moodle_xml_is_a_problem_never_an_error(broken):
    questions, problems = read_moodle_xml(broken)
    assert questions == [] and len(problems) == 1 and problems[0].line >= 1


def test_a_category_exported_to_moodle_xml_reads_back_the_same(db):
    category = QuestionCategoryFactory(name="Năng lượng")
    QuestionFactory(category=category, title="Thế năng")
    QuestionFactory(category=category, kind="numerical", title="Động năng", options=[("4", 100)], units="J=1")
    QuestionFactory(category=category, kind="matching", title="Đơn vị", options=[("Lực", 0, "N"), ("Công", 0, "J")])
    QuestionFactory(category=category, kind="truefalse", title="Cơ năng", statement_is_true=False)
    xml = moodle_xml(category, Question.objects.filter(category=category).order_by("pk").prefetch_related("options"))
    questions, problems = read_moodle_xml(xml.decode())
    assert problems == []
    assert [(q.title, q.kind) for q in questions] == [
        ("Thế năng", "single"),
        ("Động năng", "numerical"),
        ("Đơn vị", "matching"),
        ("Cơ năng", "truefalse"),
    ]
    assert questions[3].settings == {"statement_is_true": False}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet=st.sampled_from(list("{}=~#%:->\\ \n/$abcđ1.9[]<>?&'\"")), max_size=300),
    st.sampled_from(["gift", "xml"]),
)
def test_any_text_is_read_without_an_exception(text, fmt):
    questions, problems = read(text, fmt)
    assert all(p.line >= 1 for p in problems)
    for question in questions:
        assert question.kind in {
            "single",
            "multiple",
            "truefalse",
            "short",
            "numerical",
            "matching",
            "essay",
            "ordering",
            "cloze",
        }


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from(list("{}=~#%:-> \nab1.")), max_size=120))
def test_the_import_screen_never_fails_and_imports_all_or_nothing(manager_client, text):
    category = QuestionCategory_for_fuzz()
    before = Question.objects.count()
    url = reverse("quizzes_admin:index")
    response = manager_client.post(url, {"category": category.pk, "format": "gift", "text": text, "action": "import"})
    assert response.status_code in (200, 302)
    questions, _problems = read(text, "gift")
    assert Question.objects.count() - before == (len(questions) if response.status_code == 302 else 0)


def QuestionCategory_for_fuzz():  # noqa: N802 - one category for every example
    from assessment.models import QuestionCategory

    return QuestionCategory.objects.get_or_create(name="Nhập thử")[0]


def test_checking_imports_nothing_and_shows_the_preview_and_problems(manager_client):
    category = QuestionCategoryFactory()
    url = reverse("quizzes_admin:index")
    page = manager_client.post(url, {"category": category.pk, "format": "gift", "text": GIFT, "action": "check"})
    html = page.content.decode()
    assert page.status_code == 200
    assert Question.objects.filter(category=category).count() == 0
    assert "Câu hỏi hỏng không có đáp án" in html and ">18<" in html
    assert "<math" in html  # the preview draws the formulas
    done = manager_client.post(url, {"category": category.pk, "format": "gift", "text": GIFT, "action": "import"})
    assert done.status_code == 302
    assert Question.objects.filter(category=category).count() == 7


def test_learners_and_trainers_cannot_import(client, learner, trainer):
    for user in (learner, trainer):
        client.force_login(user)
        assert client.get(reverse("quizzes_admin:index")).status_code in (302, 403)
