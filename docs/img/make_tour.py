"""Rebuild the README's tour pictures from the journey test's screenshots.

Run the journey first (pytest tests/browser/test_journey.py), then
``.venv/bin/python docs/img/make_tour.py``. Each picture is cropped, scaled
and reduced to 256 colours so that it stays small (well under 150 KB).
"""

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
OUT = Path(__file__).resolve().parent

# (picture, screenshot, crop box, width)
TOUR = [
    ("tour-1-home.png", "journey-1-home-desktop.png", (0, 0, 1280, 900), 800),
    ("tour-2-course-phone.png", "journey-1-course-phone.png", (0, 0, 360, 740), 360),
    ("tour-3-lesson-plan-form.png", "journey-4-work-desktop.png", (0, 0, 1280, 1100), 800),
    ("tour-4-grading.png", "journey-5-grading-desktop.png", (0, 0, 1280, 1000), 800),
    ("tour-5-attendance-phone.png", "journey-6-attendance-phone.png", (0, 0, 360, 740), 360),
    ("tour-6-my-courses.png", "journey-7-my-courses-completed-desktop.png", (0, 0, 1280, 1000), 800),
    ("tour-7-verify-phone.png", "journey-8-verify-valid-phone.png", (0, 0, 360, 740), 360),
]


def main():
    for name, source, box, width in TOUR:
        image = Image.open(SHOTS / source).convert("RGB").crop(box)
        if image.width != width:
            image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        image.save(OUT / name, optimize=True)
        print(f"{name}: {(OUT / name).stat().st_size // 1024} KB")  # noqa: T201


if __name__ == "__main__":
    main()
