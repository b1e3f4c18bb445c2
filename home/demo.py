"""Demo site settings and home page, with a logo drawn by Pillow."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Site

from .models import HomePage, SiteSettings

LOGO_TITLE = "Logo Sở KH&CN (demo)"


def draw_logo() -> ImageFile:
    """A simple round emblem, so the demo downloads nothing."""
    size = 240
    canvas = PILImage.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(canvas)
    draw.ellipse((8, 8, size - 8, size - 8), fill="#0b4f8a")
    draw.ellipse((40, 40, size - 40, size - 40), fill="white")
    draw.polygon([(120, 60), (170, 150), (70, 150)], fill="#b45309")
    draw.ellipse((100, 150, 140, 190), fill="#0b4f8a")
    buffer = BytesIO()
    canvas.save(buffer, "PNG")
    return ImageFile(BytesIO(buffer.getvalue()), name="logo-so-khcn.png")


def demo_image(title: str, draw) -> Image:
    """Return the image titled ``title``, creating it with ``draw()`` once."""
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title, file=draw())
        image.save()
    return image


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
    settings = SiteSettings.for_site(site)
    if settings.organisation_name:
        return
    settings.organisation_name = "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
    settings.short_name = "Sở KH&CN"
    settings.address = "Thủ Dầu Một, Thành phố Hồ Chí Minh"
    settings.contact_email = "lienhe@example.com"
    settings.phone = "0274 3822 000"
    settings.footer = (
        "<p>Thực hiện Kế hoạch số 175/KH-UBND ngày 22/4/2019 về thúc đẩy hoạt động khởi nghiệp đổi mới sáng tạo.</p>"
    )
    settings.logo = demo_image(LOGO_TITLE, draw_logo)
    settings.save()
