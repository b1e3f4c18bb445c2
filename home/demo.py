"""Demo home page (the site's settings and logo are the platform's part: ``lms.demo``)."""

from wagtail.models import Site

from .models import HomePage, StandardPage


def load(command):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    # Content is written once; a rerun never overwrites a manager's edits.
    if isinstance(home, HomePage) and not home.intro:
        home.title = "Trang chủ"
        home.seo_title = "Đào tạo STEM và đổi mới sáng tạo"
        home.intro = (
            "Bồi dưỡng giáo viên về giáo dục STEM, hướng nghiệp khởi nghiệp, và trải nghiệm "
            "khoa học cho học sinh: học trực tuyến, nộp giáo án, nhận giấy chứng nhận."
        )
        home.save_revision().publish()
    about = home.get_children().filter(slug="gioi-thieu").first()
    if about is None:
        about = StandardPage(
            title="Giới thiệu",
            slug="gioi-thieu",
            intro="Hệ thống học tập trực tuyến phục vụ các chương trình đào tạo khởi nghiệp và giáo dục STEM.",
            body="<p>Giáo viên ghi danh vào lớp, học bài trực tuyến, nộp giáo án STEM và nhận giấy chứng "
            "nhận. Thiếu nhi và phụ huynh xem tài liệu trải nghiệm STEM mà không cần tài khoản.</p>",
        )
        home.add_child(instance=about)
        about.save_revision().publish()
    # The footer links to it, unless a manager chose another page.
    from lms.site import site_settings

    settings = site_settings()
    if settings is not None and settings.about_page_id is None:
        settings.about_page = about
        settings.save(update_fields=["about_page"])
