"""Rebuild the README's tour pictures from the demo site, at 1280 px and 360 px.

    make run                                   # or: manage.py migrate && manage.py load_demo && runserver
    .venv/bin/python docs/img/make_tour.py [http://127.0.0.1:8000]

It reads the demo's database (the same settings as the server) to find the
pages, signs in as the demo's learner, trainer and manager, takes each page
with Debian's Chromium, then crops, scales and reduces each picture to 256
colours so that it stays small.
"""

import os
import sys
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

LEARNER = ("hocvien@example.com", "demo-hocvien-2026")
TRAINER = ("giangvien@example.com", "demo-giangvien-2026")
MANAGER = ("quanly@example.com", "demo-quanly-2026")
WIDTHS = {1280: (1280, 1000, 800), 360: (360, 740, 360)}  # viewport width: crop width, crop height, saved width


def pages() -> list[tuple[str, tuple | None, str]]:
    """(name, who signs in, path) of each picture, found in the demo's data."""
    import django

    django.setup()
    from assessment.models import Assignment, Submission
    from courses.models import CoursePage, LessonPage
    from enrolment.models import Session

    course = CoursePage.objects.live().get(slug="y-nghia-giao-duc-stem")
    lesson = LessonPage.objects.live().descendant_of(course).order_by("path")[1]
    assignment = Assignment.objects.order_by("pk").first()
    waiting = Submission.objects.filter(status="submitted").order_by("pk").first()
    session = Session.objects.order_by("date").first()
    return [
        ("home", None, "/"),
        ("course", None, course.url),
        ("lesson", LEARNER, lesson.url),
        ("my-courses", LEARNER, "/khoa-hoc-cua-toi/"),
        ("lesson-plan-form", LEARNER, f"/bai-tap/{assignment.pk}/bai-lam/"),
        ("grading", TRAINER, f"/cham-bai/{waiting.pk}/"),
        ("attendance", TRAINER, f"/giang-vien/buoi-hoc/{session.pk}/diem-danh/"),
        ("admin-home", MANAGER, "/admin/"),
    ]


def shoot(base: str) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    wanted = pages()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for width, (crop_width, crop_height, saved_width) in WIDTHS.items():
            for name, who, path in wanted:
                context = browser.new_context(viewport={"width": width, "height": crop_height}, locale="vi-VN")
                page = context.new_page()
                if who:
                    page.goto(base + "/tai-khoan/login/")
                    page.fill("input[name=login]", who[0])
                    page.fill("input[name=password]", who[1])
                    page.locator("main form button[type=submit]").last.click()
                    page.wait_for_load_state()
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                image = Image.open(BytesIO(page.screenshot())).convert("RGB").crop((0, 0, crop_width, crop_height))
                context.close()
                if image.width != saved_width:
                    image = image.resize((saved_width, round(image.height * saved_width / image.width)), Image.LANCZOS)
                image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
                target = OUT / f"tour-{name}-{width}.png"
                image.save(target, optimize=True)
                print(f"{target.name}: {target.stat().st_size // 1024} KB")  # noqa: T201
        browser.close()


if __name__ == "__main__":
    shoot(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
