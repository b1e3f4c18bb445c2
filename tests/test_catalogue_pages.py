"""Every catalogue template with realistic content; constant queries; light pages; filters."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.blocks import video_embed_url
from courses.models import CourseTrainer

from . import factories as f

pytestmark = pytest.mark.django_db


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_programme_index_lists_programme_cards_and_links_the_catalogue(client, catalogue):
    content = html(client, catalogue.index.url)
    assert "Bồi dưỡng giáo viên về giáo dục STEM" in content
    assert "Chương trình 2.4" in content
    assert 'href="/chuong-trinh/khoa-hoc/"' in content


def test_the_programme_page_shows_units_audience_period_targets_and_courses(client, catalogue):
    programme = catalogue.programme
    programme.owner_unit = "Sở Khoa học và Công nghệ"
    programme.partner_units = "Sở Giáo dục và Đào tạo\nTrường Đại học Thủ Dầu Một"
    programme.save()
    content = html(client, programme.url)
    for text in ("Sở Khoa học và Công nghệ", "Trường Đại học Thủ Dầu Một", "Giáo viên tiểu học và trung học"):
        assert text in content
    assert re.search(r"<td>Số lớp</td><td class=\"number\">2</td>", content)
    assert "Ý nghĩa của giáo dục STEM" in content
    assert "Tìm thấy 1 khóa học" in content


def test_the_course_page_shows_everything_a_teacher_needs_to_decide(client, catalogue):
    content = html(client, catalogue.course.url)
    assert "<h1>Ý nghĩa của giáo dục STEM</h1>" in content
    assert "12 giờ" in content
    assert "Trung học cơ sở" in content or "THCS" in content or "Lower secondary" not in content
    assert "TS. Nguyễn Văn Hùng" in content
    assert 'href="/chuong-trinh/khoa-hoc/?mon=to%C3%A1n"' in content
    assert "Phần 2: Đánh giá" in content and "Bài 3: Đánh giá giáo án STEM" in content
    assert (
        'rel="canonical" href="http://localhost/chuong-trinh/chuong-trinh-2-4/y-nghia-cua-giao-duc-stem/"' in content
    )
    assert 'aria-label="Đường dẫn"' in content
    assert "{% block" not in content


def test_the_course_page_image_is_a_responsive_rendition(client, catalogue):
    content = html(client, catalogue.course.url)
    image = re.search(r"<img[^>]*class=\"cover\"[^>]*>", content).group(0)
    assert "srcset=" in image and " width=" in image and "/media/images/" in image


def test_card_images_load_lazily_with_srcset_and_width(client, catalogue):
    content = html(client, catalogue.programme.url)
    card_image = re.search(r"<li class=\"card\">\s*<img[^>]*>", content).group(0)
    assert 'loading="lazy"' in card_image and "srcset=" in card_image and " width=" in card_image


def test_the_lesson_page_renders_every_block(client, catalogue):
    content = html(client, catalogue.free.url)
    assert "Giáo dục STEM là gì?" in content
    assert 'class="callout callout-safety"' in content
    assert "Chế tạo xe chạy bằng bóng bay" in content and "<li>Ống hút</li>" in content
    assert 'role="math" aria-label="v = s / t"' in content
    assert 'src="https://www.youtube-nocookie.com/embed/abcdefghijk"' in content
    figure = re.search(r"<figure class=\"figure\">\s*<img[^>]*>", content).group(0)
    assert 'loading="lazy"' in figure and "srcset=" in figure and 'alt="Học sinh thử xe"' in figure
    assert "phieu-hoc-tap" in content
    assert "Bài 1/3" in content
    assert 'rel="next" href="' + catalogue.closed.url in content


def test_the_module_page_lists_its_lessons(client, catalogue):
    content = html(client, catalogue.module.url)
    assert "Bài 3: Đánh giá giáo án STEM" in content


def test_the_lesson_plan_page_follows_the_five_activities(client, catalogue):
    content = html(client, catalogue.plan.url)
    for stage in (
        "Xác định vấn đề",
        "Nghiên cứu kiến thức nền và đề xuất giải pháp",
        "Lựa chọn giải pháp",
        "Chế tạo mẫu, thử nghiệm và đánh giá",
        "Chia sẻ, thảo luận, điều chỉnh",
    ):
        assert stage in content
    assert "Làm sao để tên lửa nước bay xa nhất?" in content
    assert "Chai nhựa 1,5 lít" in content and "Tổng cộng" in content
    assert "Không đứng trước bệ phóng." in content
    assert "Lớp 7" in content and "4 tiết" in content
    assert "stem_lessons/lesson_plan.css" in content


def test_the_lesson_plan_prints_without_the_site_chrome():
    print_css = open(finders.find("css/print.css"), encoding="utf-8").read()
    plan_css = open(finders.find("stem_lessons/lesson_plan.css"), encoding="utf-8").read()
    assert ".site-header" in print_css and "display: none" in print_css
    assert "@media print" in plan_css


def test_the_camp_page_shows_ages_what_to_bring_and_steps(client, catalogue):
    content = html(client, catalogue.camp.url)
    assert "Từ 10 đến 15 tuổi" in content
    assert "<li>Bút chì</li>" in content
    assert "Lắp khung" in content


def test_a_standard_page_renders(client, catalogue):
    page = f.StandardPageFactory(title="Liên hệ", slug="lien-he", body="<p>Gọi 0274 000 111</p>")
    assert "Gọi 0274 000 111" in html(client, page.url)


def test_the_home_page_opens_the_three_sections_and_features_courses(client, catalogue):
    content = html(client, "/")
    for page in (catalogue.index, catalogue.plans, catalogue.camps, catalogue.course):
        assert f'href="{page.url}"' in content
    header = content.split("</header>", 1)[0]
    assert 'action="/tim-kiem/"' in header and 'name="q"' in header
    assert 'href="/chuong-trinh/khoa-hoc/"' in header


def test_the_menu_follows_publishing(client, catalogue):
    assert f'href="{catalogue.camps.url}"' in html(client, "/").split("</header>", 1)[0]
    catalogue.camps.get_latest_revision_as_object() if catalogue.camps.latest_revision else None
    catalogue.camps.unpublish()
    assert f'href="{catalogue.camps.url}"' not in html(client, "/").split("</header>", 1)[0]


def test_pages_carry_no_inline_script_or_style(client, catalogue):
    for page in (catalogue.course, catalogue.free, catalogue.plan, catalogue.camp, catalogue.programme):
        content = html(client, page.url)
        assert "<script>" not in content and " style=" not in content, page.url


def titles_at(client, url, heading=r'<h2 class="h3">'):
    return set(re.findall(heading + r'<a href="[^"]+">([^<]+)</a>', html(client, url)))


def _course_with_lessons(programme, count):
    course = f.CourseFactory(parent=programme, title=f"Khóa học có {count} bài", cover_image=f.ImageFactory())
    for number in range(count):
        f.LessonFactory(parent=course, title=f"Bài {number + 1}", free_preview=number == 0, body=[])
    for name in ("Nguyễn Văn Hùng", "Trần Thị Mai"):
        CourseTrainer.objects.create(course=course, trainer=f.TrainerProfileFactory(name=name, photo=f.ImageFactory()))
    return course


def _queries(client, url) -> int:
    client.get(url)  # renditions are created on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_course_page_costs_the_same_queries_with_5_or_50_lessons(client, catalogue, learner):
    small = _course_with_lessons(catalogue.programme, 5)
    large = _course_with_lessons(catalogue.programme, 50)
    assert _queries(client, small.url) == _queries(client, large.url)
    client.force_login(learner)
    assert _queries(client, small.url) == _queries(client, large.url)


def test_a_lesson_page_costs_the_same_queries_in_a_course_of_5_or_50_lessons(client, catalogue):
    small = _course_with_lessons(catalogue.programme, 5)
    large = _course_with_lessons(catalogue.programme, 50)
    first_small = small.get_children().first()
    first_large = large.get_children().first()
    assert _queries(client, first_small.url) == _queries(client, first_large.url)


def test_lists_cost_the_same_queries_with_few_or_many_items(client, catalogue):
    index_url = catalogue.index.url + "khoa-hoc/"
    few = _queries(client, index_url)
    for number in range(14):
        f.CourseFactory(
            parent=catalogue.programme, title=f"Khóa bổ sung {number}", cover_image=f.ImageFactory(), topics=("Mới",)
        )
    assert _queries(client, index_url) == few
    f.StemLessonFactory(parent=catalogue.plans, title="Giáo án có ảnh bìa", cover_image=f.ImageFactory())
    plans_few = _queries(client, catalogue.plans.url)
    for number in range(5):
        f.StemLessonFactory(parent=catalogue.plans, title=f"Giáo án bổ sung {number}", cover_image=f.ImageFactory())
    assert _queries(client, catalogue.plans.url) == plans_few


def test_a_course_page_weighs_less_than_150_kb_with_its_css_and_js(client, catalogue):
    course = _course_with_lessons(catalogue.programme, 50)
    response = client.get(course.url)
    content = response.content.decode()
    total = len(response.content)
    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', content)
    assert assets
    for asset in assets:
        total += len(open(finders.find(asset), "rb").read())
    assert total < 150 * 1024, total


def test_course_filters_combine_and_their_urls_can_be_shared(client, catalogue):
    f.CourseFactory(
        parent=catalogue.programme, title="Robotics cho tiểu học", subjects=("Công nghệ",), school_levels=["tieu_hoc"]
    )
    f.CourseFactory(
        parent=catalogue.programme,
        title="Toán cho THPT",
        subjects=("Toán",),
        school_levels=["thpt"],
        topics=("Giáo án STEM",),
    )
    url = catalogue.index.url + "khoa-hoc/"
    titles = lambda query: set(re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html(client, url + query)))  # noqa: E731
    assert titles("") == {"Ý nghĩa của giáo dục STEM", "Robotics cho tiểu học", "Toán cho THPT"}
    assert titles("?mon=toán") == {"Ý nghĩa của giáo dục STEM", "Toán cho THPT"}
    assert titles("?mon=toán&cap=thpt") == {"Toán cho THPT"}
    assert titles("?mon=toán&cap=thcs&chu_de=giáo-án-stem") == {"Ý nghĩa của giáo dục STEM"}
    assert titles("?cap=tieu_hoc&mon=toán") == set()
    assert titles("?cap=khong-co&mon=khong-co") == titles("")  # unknown values are ignored, not errors
    assert "selected>Toán</option>" in html(client, url + "?mon=toán")


def test_list_pagination_keeps_the_filters(client, catalogue):
    for number in range(13):
        f.CourseFactory(parent=catalogue.programme, title=f"Khóa Toán {number}", subjects=("Toán",))
    content = html(client, catalogue.programme.url + "?mon=toán")
    assert "Trang 1/2" in content
    assert 'href="?page=2&amp;mon=to%C3%A1n"' in content
    assert "Trang 2/2" in html(client, catalogue.programme.url + "?mon=toán&page=2")
    assert "Trang 2/2" in html(client, catalogue.programme.url + "?mon=toán&page=99")
    assert "Trang 1/2" in html(client, catalogue.programme.url + "?mon=toán&page=abc")


def test_lesson_plans_filter_by_subject_grade_and_topic(client, catalogue):
    f.StemLessonFactory(
        parent=catalogue.plans, title="Hệ thống lọc nước", grade=6, subjects=("Hóa học",), topics=("Môi trường",)
    )

    def titles(query):
        return titles_at(client, catalogue.plans.url + query)

    assert titles("") == {"Giáo án STEM: Tên lửa nước", "Hệ thống lọc nước"}
    assert titles("?lop=6") == {"Hệ thống lọc nước"}
    assert titles("?mon=vật-lý&lop=7") == {"Giáo án STEM: Tên lửa nước"}
    assert titles("?mon=vật-lý&lop=6") == set()
    assert titles("?chu_de=môi-trường") == {"Hệ thống lọc nước"}


def test_camp_materials_filter_by_theme_and_age(client, catalogue):
    f.CampMaterialFactory(
        parent=catalogue.camps, title="Núi lửa phun trào", theme="khoa-hoc-ly-thu", age_min=8, age_max=11
    )

    def titles(query):
        return titles_at(client, catalogue.camps.url + query)

    assert titles("?tuoi=9") == {"Núi lửa phun trào"}
    assert titles("?tuoi=11") == {"Núi lửa phun trào", "Robot dò line"}
    assert titles("?tuoi=11&chu_de=robotics") == {"Robot dò line"}
    assert titles("?chu_de=fablab") == set()


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=abcdefghijk", "https://www.youtube-nocookie.com/embed/abcdefghijk"),
        ("https://youtu.be/abcdefghijk", "https://www.youtube-nocookie.com/embed/abcdefghijk"),
        ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456"),
        ("https://example.com/video.mp4", None),
        ("javascript:alert(1)", None),
    ],
)
def test_only_youtube_and_vimeo_videos_are_embedded(url, embed):
    assert video_embed_url(url) == embed
