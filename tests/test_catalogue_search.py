"""Search ignores Vietnamese diacritics and case, ranks titles first, and never breaks.

Runs on whichever database DATABASE_URL names: SQLite by default, PostgreSQL in CI.
"""

import re

import pytest
from django.db import connection

from lms.searchable import highlight
from lms.text import fold, query_terms

from . import factories as f

pytestmark = pytest.mark.django_db


def results(client, query, **params):
    response = client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    content = response.content.decode()
    titles = [
        re.sub(r"<[^>]+>", "", title) for title in re.findall(r'<h2 class="h3"><a [^>]+>(.*?)</a></h2>', content)
    ]
    return titles, content


def test_the_database_under_test_is_named_in_the_output():
    assert connection.vendor in {"sqlite", "postgresql"}


def test_folding_removes_every_vietnamese_mark_and_maps_d_bar_to_d():
    assert fold("Giáo án STEM") == "giao an stem"
    assert fold("NGUYỄN Thị Hồng Nhung") == "nguyen thi hong nhung"
    assert fold("Đánh giá đồ dùng") == "danh gia do dung"
    assert fold("ỬỮỰ ộ ờ") == "uuu o o"
    # decomposed input (NFD, from some keyboards) folds the same and keeps one character per character
    decomposed = "Gia\u0301o a\u0301n"
    assert fold(decomposed) == "giao an"
    assert len(fold("Nguyễn")) == len("Nguyễn")


def test_query_terms_are_bounded_and_keep_only_letters_and_digits():
    assert query_terms("  Giáo   án STEM!! ") == ["giao", "an", "stem"]
    assert query_terms("';--<script>") == ["script"]
    assert query_terms("!@#$%^&*()") == []
    assert len(query_terms("từ " * 500)) == 1
    assert len(query_terms(" ".join(f"w{n}" for n in range(100)))) <= 8
    assert all(len(term) <= 40 for term in query_terms("a" * 1000))


def test_highlight_marks_the_accented_original_and_escapes_the_rest():
    snippet = highlight("Đánh giá <giáo án> STEM của Nguyễn Văn A", ["giao", "nguyen"])
    assert "<mark>giáo</mark>" in snippet
    assert "<mark>Nguyễn</mark>" in snippet
    assert "&lt;" in snippet and "<giáo" not in snippet


def test_a_query_without_diacritics_finds_the_accented_title(client, catalogue):
    titles, content = results(client, "giao an stem")
    title_hits = {"Giáo án STEM: Tên lửa nước", "Bài 2: Xây dựng giáo án STEM", "Bài 3: Đánh giá giáo án STEM"}
    assert set(titles[:3]) == title_hits
    assert "Ý nghĩa của giáo dục STEM" in titles[3:]  # only its topic tag says "Giáo án STEM"
    assert "<mark>Giáo</mark> <mark>án</mark> <mark>STEM</mark>" in content


def test_a_query_with_diacritics_finds_text_typed_without_them(client, catalogue):
    f.CampMaterialFactory(parent=catalogue.camps, title="Lam den long trung thu", summary="Khong dau")
    titles, _content = results(client, "Làm đèn lồng")
    assert titles == ["Lam den long trung thu"]


def test_case_and_the_d_bar_do_not_matter(client, catalogue):
    for query in ("ĐÁNH GIÁ GIÁO ÁN", "danh gia giao an", "Đánh giá giáo án", "dAnH gIa"):
        titles, _content = results(client, query)
        assert "Bài 3: Đánh giá giáo án STEM" in titles, query


def test_a_trainers_name_without_diacritics_finds_their_course(client, catalogue):
    titles, _content = results(client, "nguyen van hung")
    assert "Ý nghĩa của giáo dục STEM" in titles


def test_title_hits_come_before_body_hits(client, catalogue):
    f.StemLessonFactory(
        parent=catalogue.plans,
        title="Giáo án STEM: Cánh tay thủy lực",
        summary="Học sinh chế tạo cánh tay dùng xi lanh, có thể gắn lên robot.",
    )
    titles, _content = results(client, "robot")
    assert titles[0] == "Robot dò line"
    assert "Giáo án STEM: Cánh tay thủy lực" in titles[1:]


def test_results_show_highlighted_snippets(client, catalogue):
    _titles, content = results(client, "ten lua")
    snippet = re.search(r'<p class="snippet">(.*?)</p>', content).group(1)
    assert "<mark>tên</mark> <mark>lửa</mark>" in snippet


def test_lessons_the_visitor_cannot_read_show_no_extract(client, catalogue, manager):
    _titles, content = results(client, "xe chay bang bong bay")
    assert "dành cho học viên" in content  # the protected lessons are named, not quoted
    assert content.count('<p class="snippet">') == 1  # only the free preview is quoted
    client.force_login(manager)
    _titles, content = results(client, "xe chay bang bong bay")
    assert content.count('<p class="snippet">') == 3


def test_the_kind_filter_narrows_the_results(client, catalogue):
    titles, _content = results(client, "giao an", loai="giao-an")
    assert titles == ["Giáo án STEM: Tên lửa nước"]
    titles, _content = results(client, "giao an", loai="khong-co-loai-nay")
    assert len(titles) > 1


def test_drafts_and_unpublished_pages_are_never_found(client, catalogue):
    catalogue.plan.unpublish()
    titles, _content = results(client, "ten lua nuoc")
    assert "Giáo án STEM: Tên lửa nước" not in titles


def test_when_no_page_has_every_word_pages_with_some_words_are_offered(client, catalogue):
    titles, content = results(client, "robot khủnglong")
    assert titles == ["Robot dò line"]
    assert "chứa một vài từ" in content


def test_an_empty_query_gives_a_helpful_page(client, catalogue):
    _titles, content = results(client, "")
    assert "Gõ vài từ" in content
    assert "giáo án STEM" in content
    assert 'class="search-results"' not in content


@pytest.mark.parametrize(
    "query",
    [
        "giáo án " * 125,  # 1,000 characters
        "x" * 1000,
        "!@#$%^&*()_+{}|:\"<>?~`-=[]\\;',./",
        "' OR 1=1; --",
        '"unterminated phrase',
        "NEAR(stem giáo) AND NOT * ^ \u0000",
        "<script>alert(1)</script>",
        "🚀 ✨ 漢字",
    ],
)
def test_long_or_odd_queries_give_a_normal_page(client, catalogue, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_search_box_keeps_the_query(client, catalogue):
    _titles, content = results(client, "giáo án")
    assert 'value="giáo án"' in content


def test_names_and_places_sort_as_a_vietnamese_reader_expects():
    from lms.text import vietnamese_sorted

    places = ["Thủ Dầu Một", "Thuận An", "Tân Uyên", "Dĩ An", "Đồng Nai", "Bến Cát"]
    assert vietnamese_sorted(places) == ["Bến Cát", "Dĩ An", "Đồng Nai", "Tân Uyên", "Thuận An", "Thủ Dầu Một"]
    assert vietnamese_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


@pytest.mark.django_db
def test_the_database_sorts_in_the_same_vietnamese_order(django_user_model):
    """On SQLite and PostgreSQL alike: the vi_vn collation orders as lms.text.vietnamese_key does."""
    from lms.collation import vietnamese_order
    from lms.text import vietnamese_sorted

    names = ["Trần Văn Đức", "Trần Văn Dũng", "Thủ Dầu Một Tâm", "Thuận An Lan", "Tân Uyên Hòa", "Zô Văn A"]
    for number, name in enumerate(names):
        django_user_model.objects.create_user(email=f"nguoi{number}@example.com", password="x", full_name=name)
    ordered = list(
        django_user_model.objects.filter(full_name__in=names)
        .order_by(vietnamese_order("full_name"))
        .values_list("full_name", flat=True)
    )
    assert ordered == vietnamese_sorted(names)
    assert ordered.index("Trần Văn Dũng") < ordered.index("Trần Văn Đức")
