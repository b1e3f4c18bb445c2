"""Demo news of programme 1.4: articles here, press articles, television episodes and the social-media channel.

Rerunnable: an item is added only when no item with its slug exists. Dates
fall in the current year so the report of the demo year counts them; the
television target (10 episodes) is left short on purpose.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Site

from courses.demo import add, child
from courses.models import ProgrammePage

from .models import NewsIndexPage, NewsItemPage, NewsKind

PRESS = [
    ("Báo Bình Dương", "Tỉnh phát động phong trào khởi nghiệp đổi mới sáng tạo năm nay"),
    ("Báo Bình Dương", "Ngày hội khởi nghiệp thu hút hơn 60 dự án của học sinh, sinh viên"),
    ("Báo Bình Dương", "Giáo viên học cách dạy học theo chủ đề STEM"),
    ("Cổng thông tin điện tử tỉnh", "Sở KH&CN ký kết hợp tác ươm tạo với Trường Đại học Thủ Dầu Một"),
    ("Cổng thông tin điện tử tỉnh", "Nhóm tư vấn khởi nghiệp tỉnh chính thức ra mắt"),
    ("Báo Thanh Niên", "Sân chơi robotics cho thiếu nhi mùa hè"),
    ("Báo Tuổi Trẻ", "Học sinh trung học cơ sở chế tạo sản phẩm tại Fablab"),
    ("Báo Người Lao Động", "Doanh nghiệp khởi nghiệp học cách gọi vốn"),
    ("VnExpress", "Định giá công nghệ: bài toán của doanh nghiệp nhỏ"),
    ("Báo Khoa học và Phát triển", "Mô hình ươm tạo công nghệ trong trường đại học"),
    ("Báo Bình Dương", "Trại hè STEM: khoa học lý thú cho các em 8–15 tuổi"),
    ("Báo Bình Dương", "Hội thảo khoa học công nghệ và đổi mới sáng tạo trong giáo dục"),
]
TELEVISION = [
    ("Đài Phát thanh và Truyền hình Bình Dương", "Khởi nghiệp cùng BTV – Số 1: Từ ý tưởng đến sản phẩm"),
    ("Đài Phát thanh và Truyền hình Bình Dương", "Khởi nghiệp cùng BTV – Số 2: Gọi vốn cho dự án"),
    ("Đài Phát thanh và Truyền hình Bình Dương", "Khởi nghiệp cùng BTV – Số 3: Sở hữu trí tuệ"),
    ("Đài Phát thanh và Truyền hình Bình Dương", "Khởi nghiệp cùng BTV – Số 4: Thương hiệu"),
]
SITE_ARTICLES = [
    (
        "Mở đăng ký lớp bồi dưỡng giáo dục STEM cho giáo viên",
        "Sở KH&CN phối hợp Sở GD&ĐT mở các lớp bồi dưỡng giáo dục STEM, nhánh cơ bản và nhánh nâng cao.",
    ),
    (
        "Kết quả Ngày hội khởi nghiệp đổi mới sáng tạo",
        "Ban tổ chức công bố các dự án đạt giải và kế hoạch hỗ trợ ươm tạo sau ngày hội.",
    ),
]


def _slug(prefix: str, number: int) -> str:
    return f"{prefix}-{number:02d}"


def load(command):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    index = child(home, "tin-tuc") or add(
        home,
        NewsIndexPage(
            title="Tin tức",
            slug="tin-tuc",
            intro="<p>Tin bài, phóng sự truyền hình và kênh mạng xã hội về khởi nghiệp đổi mới sáng tạo và "
            "giáo dục STEM của tỉnh.</p>",
        ),
    )
    programme = ProgrammePage.objects.filter(code="1.4").first()
    today = timezone.localdate()
    first = today.replace(month=1, day=1)

    def day(days_ago: int) -> datetime.date:
        return max(today - datetime.timedelta(days=days_ago), first)

    items = []
    for number, (outlet, title) in enumerate(PRESS, start=1):
        items.append((_slug("bai-bao", number), title, NewsKind.PRESS, outlet, day(number * 9), ""))
    for number, (outlet, title) in enumerate(TELEVISION, start=1):
        items.append((_slug("phong-su", number), title, NewsKind.TELEVISION, outlet, day(number * 20), ""))
    items.append(
        (
            "kenh-khoi-nghiep-binh-duong",
            "Trang Facebook “Khởi nghiệp Bình Dương”",
            NewsKind.SOCIAL,
            "Facebook",
            day(120),
            "Kênh mạng xã hội do Sở KH&CN quản lý: lịch lớp, sự kiện và gương khởi nghiệp của tỉnh.",
        )
    )
    for number, (title, summary) in enumerate(SITE_ARTICLES, start=1):
        items.append((_slug("bai-viet", number), title, NewsKind.SITE, "", day(number * 15), summary))
    existing = set(NewsItemPage.objects.child_of(index).values_list("slug", flat=True))
    added = 0
    for slug, title, kind, outlet, on, summary in items:
        if slug in existing:
            continue
        link = "" if kind == NewsKind.SITE else f"https://example.com/khoi-nghiep/{slug}"
        add(
            index,
            NewsItemPage(
                title=title,
                slug=slug,
                kind=kind,
                published_on=on,
                programme=programme,
                outlet=outlet,
                link=link,
                summary=summary or f"{outlet} đưa tin: {title.lower()}.",
                body=f"<p>{summary or title}</p>",
            ),
        )
        added += 1
    command.stdout.write(f"news: {added} items")
