"""Things of teachers' training and start-ups: the lesson plan on a clipboard, the rubric, gears and a
lightbulb, people around a table, a rocket taking off, a growing chart, a trophy and an exhibition stand.
Each is drawn around its own origin in scene units; place it with ``Canvas.at``.
"""

import math

from .canvas import Canvas, mix
from .palette import (
    AMBER,
    BLUE,
    GREEN,
    GREY,
    HAIR,
    INK,
    LIGHT,
    NAVY,
    ORANGE,
    PAPER,
    PURPLE,
    RED,
    SILVER,
    SKIN,
    STEEL,
    TEAL,
    WHITE,
    WOOD,
    WOOD_LIGHT,
    YELLOW,
)

# Digits as strokes in a unit box, so numbered items need no font.
DIGITS = {
    1: [(0.3, 0.25), (0.55, 0.08), (0.55, 0.92)],
    2: [(0.22, 0.3), (0.32, 0.12), (0.52, 0.06), (0.72, 0.14), (0.78, 0.32), (0.66, 0.52), (0.22, 0.92), (0.8, 0.92)],
    3: [(0.24, 0.1), (0.76, 0.1), (0.46, 0.42), (0.7, 0.52), (0.8, 0.7), (0.68, 0.88), (0.46, 0.94), (0.22, 0.86)],
    4: [(0.64, 0.92), (0.64, 0.08), (0.16, 0.66), (0.86, 0.66)],
    5: [
        (0.76, 0.08),
        (0.3, 0.08),
        (0.25, 0.46),
        (0.5, 0.4),
        (0.72, 0.5),
        (0.8, 0.7),
        (0.66, 0.88),
        (0.42, 0.94),
        (0.2, 0.86),
    ],  # fmt: skip
}
ACTIVITY_COLOURS = (BLUE, TEAL, AMBER, ORANGE, PURPLE)


def numbered(c: Canvas, x: float, y: float, number: int, colour: str, r: float = 30) -> None:
    """A coloured disc with ``number`` drawn on it in white strokes."""
    c.circle(x, y, r, colour)
    size = r * 1.05
    c.stroke([(x - size / 2 + px * size, y - size / 2 + py * size) for px, py in DIGITS[number]], WHITE, r * 0.2)


def tick(c: Canvas, x: float, y: float, size: float, colour: str = GREEN, width: float = 12) -> None:
    points = [(x - size * 0.5, y), (x - size * 0.15, y + size * 0.35), (x + size * 0.55, y - size * 0.4)]
    c.stroke(points, colour, width)


def text_lines(c: Canvas, x: float, y: float, widths, gap: float = 22, colour: str = SILVER) -> None:
    """Grey bars standing for lines of writing."""
    for i, width in enumerate(widths):
        c.stroke([(x, y + i * gap), (x + width, y + i * gap)], colour, 10)


def clipboard(c: Canvas) -> None:
    """A lesson plan on a clipboard, centred on the origin: five numbered activities, one under another."""
    c.rect(-200, -270, 200, 270, WOOD, r=22)
    c.rect(-172, -230, 172, 248, PAPER, r=6)
    c.rect(-70, -290, 70, -226, STEEL, r=14)
    c.rect(-40, -282, 40, -262, mix(STEEL, INK, 0.3), r=8)
    c.stroke([(-140, -188), (40, -188)], NAVY, 14)
    for i, colour in enumerate(ACTIVITY_COLOURS):
        y = -120 + i * 80
        numbered(c, -124, y, i + 1, colour, 26)
        text_lines(c, -80, y - 10, (200 - (i % 2) * 50, 150 - (i % 3) * 20), 22)


def rubric(c: Canvas) -> None:
    """A marking rubric centred on the origin: rows of criteria against four levels, one level ticked a row."""
    c.rect(-260, -220, 260, 220, PAPER, r=14)
    levels = (mix(RED, WHITE, 0.55), mix(AMBER, WHITE, 0.45), mix(TEAL, WHITE, 0.5), mix(GREEN, WHITE, 0.45))
    c.rect(-230, -190, -100, -140, mix(NAVY, WHITE, 0.2), r=6)
    for col, colour in enumerate(levels):
        c.rect(-90 + col * 84, -190, -14 + col * 84, -140, colour, r=6)
    chosen = (3, 2, 3, 1)
    for row in range(4):
        y = -124 + row * 82
        c.rect(-230, y, -100, y + 70, mix(GREY, WHITE, 0.85), r=6)
        text_lines(c, -216, y + 22, (90, 60), 24, mix(GREY, WHITE, 0.35))
        for col in range(4):
            x = -90 + col * 84
            c.rect(x, y, x + 76, y + 70, WHITE if col != chosen[row] else levels[col], r=6)
            if col == chosen[row]:
                tick(c, x + 38, y + 36, 40, INK, 9)
        c.stroke([(-230, y + 76), (246, y + 76)], mix(GREY, WHITE, 0.7), 2)


def magnifier(c: Canvas) -> None:
    """A magnifying glass, its lens centred on the origin, handle to the lower right."""
    c.stroke([(70, 70), (150, 150)], INK, 34)
    c.circle(0, 0, 96, INK)
    c.circle(0, 0, 76, mix("#bfe3f7", WHITE, 0.4))
    c.arc(0, 0, 52, 200, 260, WHITE, 12)


def medal(c: Canvas) -> None:
    """A rosette with a star, centred on the origin."""
    c.poly([(-40, 20), (-70, 130), (-30, 110), (-10, 150), (0, 30)], RED)
    c.poly([(40, 20), (70, 130), (30, 110), (10, 150), (0, 30)], RED)
    for i in range(16):
        a = math.radians(i * 22.5)
        c.circle(math.cos(a) * 60, math.sin(a) * 60, 22, AMBER)
    c.circle(0, 0, 62, YELLOW)
    points = []
    for i in range(10):
        r = 36 if i % 2 == 0 else 16
        a = math.radians(-90 + i * 36)
        points.append((math.cos(a) * r, math.sin(a) * r))
    c.poly(points, AMBER)


def gear(c: Canvas, r: float, teeth: int, colour: str, turn: float = 0) -> None:
    """A gear wheel centred on the origin."""
    points = []
    for i in range(teeth * 4):
        a = math.radians(turn + i * 360 / (teeth * 4))
        radius = r * 1.18 if i % 4 in (1, 2) else r
        points.append((math.cos(a) * radius, math.sin(a) * radius))
    c.poly(points, colour)
    c.circle(0, 0, r * 0.42, mix(colour, WHITE, 0.75))
    c.circle(0, 0, r * 0.2, colour)


def bulb(c: Canvas, lit: bool = True, colour: str = YELLOW) -> None:
    """A lightbulb, its glass centred on the origin (radius 110), the screw base below."""
    if lit:
        c.glow(0, 0, 190, LIGHT, 210)
    c.circle(0, 0, 110, colour)
    c.poly([(-64, 84), (64, 84), (44, 150), (-44, 150)], colour)
    c.arc(-10, -6, 70, 200, 250, WHITE, 16)
    filament = mix(colour, ORANGE, 0.6)
    c.stroke([(-20, 150), (-20, 100)], filament, 8)
    c.stroke([(20, 150), (20, 100)], filament, 8)
    c.arc(0, 100, 20, 180, 360, filament, 8)
    for i in range(3):
        c.rect(-48, 150 + i * 22, 48, 166 + i * 22, GREY if i % 2 else STEEL, r=8)
    c.rect(-24, 214, 24, 232, INK, r=8)


def bulb_rays(c: Canvas, r: float = 160) -> None:
    for angle in (-150, -120, -90, -60, -30):
        a = math.radians(angle)
        c.stroke([(math.cos(a) * r, math.sin(a) * r), (math.cos(a) * (r + 50), math.sin(a) * (r + 50))], AMBER, 14)


def person(c: Canvas, skin: str, hair: str, shirt: str, long_hair: bool = False) -> None:
    """A person from the chest up, the bottom of the chest at the origin."""
    c.rect(-78, -120, 78, 40, shirt, r=60)
    c.rect(-18, -150, 18, -112, mix(skin, INK, 0.08), r=6)
    if long_hair:
        c.rect(-60, -220, -26, -110, hair, r=16)
        c.rect(26, -220, 60, -110, hair, r=16)
    c.circle(0, -190, 52, skin)
    c.pie(0, -196, 54, 180, 360, hair)
    c.ellipse(0, -198, 54, 16, hair)
    for x in (-18, 18):
        c.circle(x, -182, 5, INK)
    c.arc(0, -176, 18, 30, 150, mix(skin, INK, 0.45), 5)


PEOPLE = (
    (SKIN[0], HAIR[1], BLUE, True),
    (SKIN[1], HAIR[0], ORANGE, False),
    (SKIN[2], HAIR[1], TEAL, False),
    (SKIN[0], HAIR[2], PURPLE, True),
    (SKIN[1], HAIR[1], RED, False),
)


def meeting(c: Canvas, count: int = 4) -> None:
    """People seated behind a table with papers, a laptop and cups; the table's front edge at the origin."""
    spread = 200
    for i in range(count):
        skin, hair, shirt, long_hair = PEOPLE[i % len(PEOPLE)]
        with c.at((i - (count - 1) / 2) * spread, -110, 1.0):
            person(c, skin, hair, shirt, long_hair)
    c.rect(-460, -130, 460, -80, WOOD_LIGHT, r=14)
    c.rect(-440, -90, 440, 0, WOOD, r=6)
    c.rect(-120, -214, 40, -134, INK, r=8)  # laptop, its back to us
    c.circle(-40, -174, 12, SILVER)
    c.poly([(-140, -134), (60, -134), (70, -124), (-150, -124)], GREY)
    c.rect(100, -140, 200, -124, WHITE, r=3)
    c.rect(-330, -144, -226, -126, WHITE, r=3)
    c.rect(-310, -150, -250, -142, mix(BLUE, WHITE, 0.6), r=3)
    for x in (260, -380):
        c.rect(x - 20, -162, x + 20, -124, WHITE, r=6)
        c.arc(x + 24, -146, 12, -90, 90, WHITE, 6)


def screen(c: Canvas) -> None:
    """A projection screen with a chart and a gear, centred on the origin."""
    c.rect(-260, -150, 260, 150, WHITE, r=10)
    c.rect(-270, -166, 270, -144, GREY, r=8)
    for i, h in enumerate((60, 100, 80, 140)):
        c.rect(-210 + i * 56, 110 - h, -172 + i * 56, 110, (BLUE, TEAL, AMBER, GREEN)[i], r=4)
    with c.at(140, -10):
        gear(c, 56, 10, ORANGE)
    text_lines(c, -210, -100, (150, 110), 26)


def coins(c: Canvas, count: int) -> None:
    """A stack of ``count`` coins standing at the origin."""
    for i in range(count):
        c.ellipse(0, -20 - i * 26, 70, 22, AMBER)
        c.ellipse(0, -28 - i * 26, 70, 22, YELLOW)
    c.ellipse(0, -28 - (count - 1) * 26, 40, 10, mix(YELLOW, AMBER, 0.5))


def shield(c: Canvas) -> None:
    """A shield with a tick (protected intellectual property), centred on the origin."""
    c.poly([(0, -150), (120, -110), (110, 20), (0, 130), (-110, 20), (-120, -110)], NAVY)
    c.poly([(0, -122), (94, -92), (86, 12), (0, 100)], BLUE)
    tick(c, 0, -6, 120, WHITE, 22)


def rocket(c: Canvas, flame: bool = True) -> None:
    """A rocket taking off, its tail at the origin, nose up."""
    if flame:
        c.poly([(-40, -10), (0, 190), (40, -10)], ORANGE)
        c.poly([(-22, -10), (0, 110), (22, -10)], YELLOW)
        for x, y, r in ((-60, 190, 50), (10, 220, 60), (80, 190, 46), (-110, 220, 40), (120, 230, 40)):
            c.circle(x, y, r, WHITE)
    c.poly([(-60, -120), (-130, 0), (-120, 20), (-60, -10)], RED)
    c.poly([(60, -120), (130, 0), (120, 20), (60, -10)], RED)
    c.rect(-62, -300, 62, 0, WHITE, r=30)
    c.poly([(-62, -280), (0, -420), (62, -280)], RED)
    c.rect(-62, -300, 62, -270, WHITE)
    c.circle(0, -190, 38, NAVY)
    c.circle(0, -190, 26, "#7cc7ee")
    c.rect(-50, -40, 50, -10, mix(GREY, WHITE, 0.4), r=6)
    c.rect(-10, -40, 10, 20, RED)


def rising_chart(c: Canvas) -> None:
    """Bars climbing to the right with an arrow, the baseline's left end at the origin."""
    for i, h in enumerate((80, 140, 200, 280)):
        c.rect(i * 80, -h, i * 80 + 56, 0, (mix(TEAL, WHITE, 0.3), TEAL, GREEN, GREEN)[i], r=8)
    c.stroke([(-10, -110), (90, -180), (170, -170), (290, -320)], AMBER, 16)
    c.poly([(262, -336), (320, -360), (306, -298)], AMBER)
    c.stroke([(-20, 0), (320, 0)], INK, 8)


def trophy(c: Canvas) -> None:
    """A winner's cup standing at the origin."""
    c.rect(-90, -40, 90, 0, NAVY, r=6)
    c.rect(-60, -70, 60, -40, NAVY, r=4)
    c.rect(-14, -130, 14, -70, AMBER)
    for side in (-1, 1):
        c.arc(side * 96, -250, 48, 0 if side > 0 else 180, 180 if side < 0 else 0, AMBER, 18)
        c.arc(side * 96, -250, 48, -90 if side > 0 else 90, 90 if side > 0 else 270, AMBER, 18)
    c.pie(0, -270, 110, 0, 180, YELLOW)
    c.rect(-110, -320, 110, -270, YELLOW)
    c.rect(-70, -300, -50, -170, WHITE, r=10)


def bunting(c: Canvas, width: float) -> None:
    """A string of triangular flags from the origin to ``width`` on the right."""
    c.stroke([(0, 0), (width / 2, 30), (width, 0)], INK, 4)
    colours = (RED, YELLOW, BLUE, GREEN, ORANGE, PURPLE)
    count = int(width // 70)
    for i in range(count):
        x = 35 + i * 70
        sag = 30 * (1 - abs(x - width / 2) / (width / 2))
        c.poly([(x - 26, sag), (x + 26, sag), (x, sag + 56)], colours[i % len(colours)])


def stand(c: Canvas, awning: str, table: str = WHITE) -> None:
    """An exhibition stand with a striped awning and a poster, its feet at the origin."""
    c.stroke([(-150, 0), (-150, -300)], GREY, 12)
    c.stroke([(150, 0), (150, -300)], GREY, 12)
    for i in range(6):
        c.rect(-170 + i * 56.6, -340, -113 + i * 56.6, -280, awning if i % 2 == 0 else WHITE)
    for i in range(6):
        c.circle(-141 + i * 56.6, -280, 28, awning if i % 2 == 0 else WHITE)
    c.rect(-100, -240, 100, -130, mix(awning, WHITE, 0.8), r=6)
    with c.at(-40, -186, 0.35):
        bulb(c, lit=False)
    text_lines(c, 10, -210, (60, 50, 64), 24, mix(awning, INK, 0.2))
    c.rect(-170, -110, 170, 0, table, r=6)
    c.rect(-170, -110, 170, -90, mix(awning, INK, 0.1), r=6)


def plant_in_bulb(c: Canvas) -> None:
    """A seedling growing inside a lightbulb (an idea being incubated), the bulb's glass centred on the origin."""
    c.glow(0, 0, 190, LIGHT, 170)
    c.circle(0, 0, 150, "#e4f4fb")
    c.poly([(-90, 116), (90, 116), (60, 200), (-60, 200)], "#e4f4fb")
    c.arc(-20, -10, 104, 200, 250, WHITE, 18)
    c.ellipse(0, 96, 110, 34, "#8d5a3b")
    c.stroke([(0, 90), (0, -30)], GREEN, 14)
    with c.at(0, 10, 0.55, -55):
        c.poly([(0, 0), (-60, -90), (0, -200), (60, -90)], "#7cc45a")
    with c.at(0, -30, 0.6, 40):
        c.poly([(0, 0), (-60, -90), (0, -200), (60, -90)], GREEN)
    for i in range(3):
        c.rect(-64, 200 + i * 26, 64, 220 + i * 26, GREY if i % 2 else STEEL, r=8)
    c.rect(-32, 276, 32, 296, INK, r=8)
