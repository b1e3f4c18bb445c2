"""The demo's covers (1200 × 675): one scene a subject, each a backdrop and the things that show it."""

from collections.abc import Callable
from typing import NamedTuple

from . import ideas, making, science
from .canvas import Canvas, mix
from .palette import CREAM, GREEN, LEAF, LILAC, MINT, MIST, NIGHT, PEACH, SKY, WHITE, YELLOW

Scene = Callable[[Canvas], None]


def backdrop(c: Canvas, tint: tuple[str, str, str], ground: bool = False, blob=(600, 330, 300)) -> None:
    """The soft background: a round shape of a deeper tint behind the subject, and the ground if asked."""
    c.rect(-10, -10, 1210, 700, tint[0])
    c.circle(*blob, tint[1])
    if ground:
        c.rect(-10, 560, 1210, 700, tint[2])


def outdoors(c: Canvas) -> None:
    """Sky, two clouds and grass."""
    c.rect(0, 0, 1200, 675, mix(SKY, WHITE, 0.55))
    for x, y, s in ((230, 130, 1.0), (960, 90, 0.8)):
        with c.at(x, y, s):
            c.circle(-50, 10, 40, WHITE)
            c.circle(0, -10, 55, WHITE)
            c.circle(55, 10, 40, WHITE)
            c.rect(-90, 10, 95, 50, WHITE, r=20)
    c.rect(-10, 560, 1210, 700, LEAF)
    c.rect(-10, 560, 1210, 574, mix(LEAF, GREEN, 0.4))


def volcano(c: Canvas) -> None:
    backdrop(c, PEACH, ground=True)
    with c.at(600, 580, 1.05):
        science.volcano(c)


def robot(c: Canvas) -> None:
    backdrop(c, MIST, blob=(600, 337, 330))
    c.rect(150, 60, 1050, 615, WHITE, r=30)
    making.track(c, [(150, 520), (360, 520), (520, 470), (600, 360), (690, 230), (860, 170), (1050, 170)], 46)
    with c.at(600, 360, 1.05, 35):
        making.robot(c)
    with c.at(960, 160, 0.8):
        making.finish_flag(c)


def glowing_painting(c: Canvas) -> None:
    backdrop(c, LILAC, ground=True, blob=(600, 320, 320))
    with c.at(470, 320, 0.98):
        making.night_painting(c)
    with c.at(905, 420, 0.55, 8):
        c.rect(-250, -170, 250, 170, mix(LILAC[1], "#000000", 0.12), r=10)
        making.copper_circuit(c)


def laser_keychain(c: Canvas) -> None:
    backdrop(c, MINT, ground=True, blob=(560, 330, 320))
    with c.at(520, 580, 0.95):
        making.laser_cutter(c)
    with c.at(990, 380, 0.9, -12):
        making.keychain(c)


def water_rocket(c: Canvas) -> None:
    outdoors(c)
    for i in range(8):  # the flight it is about to make
        x = 720 + i * 60
        c.circle(x, 150 - (-((i - 3) ** 2) + 9) * 12, 9, WHITE)
    with c.at(560, 590, 1.25):
        making.launcher(c)
    with c.at(560, 440, 0.88, 18):
        making.water_rocket(c)
    c.stroke([(545, 545), (420, 610), (280, 600)], "#e0483e", 12)
    with c.at(280, 610, 1.05):
        making.pump(c)
    with c.at(1080, 600, 0.7):
        making.finish_flag(c)


def water_filter(c: Canvas) -> None:
    backdrop(c, MIST, ground=True)
    with c.at(560, 462, 1.0):
        science.filter_bottle(c)
    with c.at(560, 636, 1.1):
        science.glass(c, level=0.45)
    with c.at(880, 636, 1.0):
        science.glass(c, science.MUD, 0.7)


def solar_lamp(c: Canvas) -> None:
    c.rect(600, 0, 1210, 700, NIGHT)
    c.rect(-10, 0, 600, 700, mix(SKY, WHITE, 0.4))
    with c.at(150, 140):
        making.sun(c, 62)
    with c.at(1040, 120):
        making.moon(c, 50, NIGHT)
    for x, y in ((760, 90), (880, 200), (1120, 260), (700, 230), (960, 60)):
        c.circle(x, y, 5, YELLOW)
    c.rect(-10, 560, 600, 700, LEAF)
    c.rect(600, 560, 1210, 700, "#2a3a6b")
    c.stroke([(330, 560), (330, 610), (870, 610), (870, 556)], "#1e2a3b", 10)
    with c.at(330, 560, 1.05):
        making.solar_panel(c)
    with c.at(870, 560, 1.1):
        making.night_lamp(c)


def lesson_plan(c: Canvas) -> None:
    backdrop(c, CREAM, blob=(600, 337, 320))
    with c.at(600, 350, 1.08, -4):
        ideas.clipboard(c)
    with c.at(820, 560, 1, -40):
        making.pencil(c)


def rubric(c: Canvas) -> None:
    backdrop(c, MINT, blob=(560, 337, 320))
    with c.at(540, 350, 1.12):
        ideas.rubric(c)
    with c.at(900, 470, 0.95):
        ideas.magnifier(c)
    with c.at(220, 190, 0.8):
        ideas.medal(c)


def stem_ideas(c: Canvas) -> None:
    backdrop(c, CREAM, blob=(600, 330, 300))
    with c.at(600, 270, 1.0):
        ideas.bulb_rays(c, 175)
        ideas.bulb(c)
    with c.at(370, 400):
        ideas.gear(c, 100, 10, "#2f7fd1", 8)
    with c.at(830, 420):
        ideas.gear(c, 80, 8, "#129c94")
    with c.at(900, 215):
        ideas.gear(c, 50, 7, "#f2762e", 10)


def integrated(c: Canvas) -> None:
    backdrop(c, LILAC, ground=True)
    with c.at(200, 190, 0.7):
        science.atom(c)
    with c.at(450, 575, 1.1):
        science.flask(c)
    with c.at(640, 575, 0.9):
        science.set_square(c)
    with c.at(880, 570, 0.9):
        science.microscope(c)
    with c.at(1040, 570, 0.9):
        science.leaf(c)
    with c.at(200, 640, 0.9, -8):
        science.ruler(c)


def startup(c: Canvas) -> None:
    backdrop(c, PEACH, blob=(600, 320, 310))
    with c.at(680, 480, 0.95, 18):
        ideas.rocket(c)
    with c.at(250, 340, 0.8):
        ideas.bulb(c)
    with c.at(860, 600, 0.85):
        ideas.rising_chart(c)


def startup_skills(c: Canvas) -> None:
    backdrop(c, CREAM, blob=(600, 320, 300))
    for i, height in enumerate((4, 7, 10)):
        with c.at(200 + i * 140, 600, 0.9):
            ideas.coins(c, height)
    with c.at(690, 230, 0.8):
        ideas.bulb_rays(c, 170)
        ideas.bulb(c)
    with c.at(970, 430, 1.0):
        ideas.shield(c)


def incubation(c: Canvas) -> None:
    backdrop(c, MINT, blob=(600, 320, 300))
    with c.at(560, 290, 1.0):
        ideas.plant_in_bulb(c)
    with c.at(820, 590, 0.8):
        ideas.rising_chart(c)


def workshop(c: Canvas) -> None:
    backdrop(c, MIST, blob=(600, 280, 300))
    with c.at(600, 200, 0.9):
        ideas.screen(c)
    with c.at(600, 675, 1.0):
        ideas.meeting(c)


def advisers(c: Canvas) -> None:
    backdrop(c, CREAM, blob=(600, 300, 300))
    with c.at(600, 160, 0.75):
        ideas.bulb_rays(c, 140)
        ideas.bulb(c)
    with c.at(600, 675, 1.0):
        ideas.meeting(c, 3)


def startup_day(c: Canvas) -> None:
    backdrop(c, PEACH, ground=True, blob=(600, 300, 320))
    with c.at(0, 40):
        ideas.bunting(c, 1200)
    with c.at(330, 590, 1.0):
        ideas.stand(c, "#2f7fd1")
    with c.at(870, 590, 1.0):
        ideas.stand(c, "#129c94")
    with c.at(600, 600, 0.85):
        ideas.trophy(c)


def media(c: Canvas) -> None:
    """Communication (programme 1.4): a screen (television, social media) and the articles beside it."""
    backdrop(c, LILAC, blob=(600, 330, 310))
    with c.at(380, 330, 1.0):
        ideas.screen(c)
    with c.at(890, 330, 0.9):
        ideas.clipboard(c)


class Picture(NamedTuple):
    scene: Scene
    subject: str  # what it shows, in Vietnamese: the image's title in the library


COVERS: dict[str, Picture] = {
    "volcano": Picture(volcano, "mô hình núi lửa phun trào"),
    "robot": Picture(robot, "robot dò line trên sa bàn"),
    "glowing-painting": Picture(glowing_painting, "tranh phát sáng với mạch điện giấy"),
    "laser-keychain": Picture(laser_keychain, "máy cắt laser và móc khóa gỗ"),
    "water-rocket": Picture(water_rocket, "tên lửa nước trên bệ phóng"),
    "water-filter": Picture(water_filter, "bộ lọc nước bằng sỏi, cát, than"),
    "solar-lamp": Picture(solar_lamp, "đèn ngủ dùng năng lượng mặt trời"),
    "lesson-plan": Picture(lesson_plan, "giáo án STEM năm hoạt động"),
    "rubric": Picture(rubric, "phiếu đánh giá theo tiêu chí"),
    "stem-ideas": Picture(stem_ideas, "bánh răng và bóng đèn ý tưởng"),
    "integrated": Picture(integrated, "dụng cụ Toán, Vật lý, Hóa học, Sinh học"),
    "startup": Picture(startup, "tên lửa khởi nghiệp"),
    "startup-skills": Picture(startup_skills, "ý tưởng, vốn và sở hữu trí tuệ"),
    "incubation": Picture(incubation, "ươm tạo ý tưởng"),
    "workshop": Picture(workshop, "hội thảo quanh bàn"),
    "advisers": Picture(advisers, "nhóm tư vấn khởi nghiệp"),
    "startup-day": Picture(startup_day, "ngày hội khởi nghiệp"),
    "media": Picture(media, "màn hình trình chiếu và danh sách tin bài"),
}
