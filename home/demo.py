"""Demo home page (the site's settings and logo are the platform's part: ``lms.demo``)."""

from wagtail.models import Site

from .models import HomePage


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
