"""Things pupils build: the line-following robot, the paper circuit, the laser-cut keychain, the water rocket
and the solar night lamp. Each is drawn around its own origin in scene units; place it with ``Canvas.at``.
"""

from .canvas import Canvas, mix
from .palette import (
    BLUE,
    COPPER,
    DARK_BROWN,
    DARK_RED,
    GREEN,
    GREY,
    INK,
    LEAF,
    LIGHT,
    NAVY,
    NIGHT,
    ORANGE,
    PAPER,
    RED,
    SILVER,
    STEEL,
    TEAL,
    WATER,
    WHITE,
    WOOD,
    WOOD_LIGHT,
    YELLOW,
)

BOARD = "#1f8a4c"
MOTOR = "#f5b82e"


# The line-following robot --------------------------------------------------------------------------------
def wheel_top(c: Canvas, x: float) -> None:
    c.rect(x - 24, -70, x + 24, 70, INK, r=14)
    for y in range(-54, 60, 18):
        c.stroke([(x - 14, y), (x + 14, y)], "#3a4658", 5)


def robot(c: Canvas, colour: str = BLUE, board: bool = True, sensors: bool = True, wheels: int = 2) -> None:
    """The robot seen from above, centred on the origin, its sensors pointing up (−y)."""
    for x in (-128, 128)[:wheels]:
        wheel_top(c, x)
    c.rect(-104, -120, 104, 126, colour, r=44)
    c.rect(-108, -30, -60, 18, MOTOR, r=6)
    c.rect(60, -30, 108, 18, MOTOR, r=6)
    c.circle(0, 104, 14, GREY)
    if board:
        c.rect(-62, -74, 62, 52, BOARD, r=8)
        c.rect(-30, -44, 30, 6, INK, r=4)
        for x in range(-50, 56, 14):
            c.circle(x, 36, 3, LIGHT)
        c.circle(40, -60, 6, RED)
        c.rect(-52, 62, 52, 100, INK, r=8)  # battery pack
        c.rect(-44, 72, -6, 90, RED, r=4)
        c.stroke([(-62, 0), (-84, 0)], RED, 6)
        c.stroke([(62, 0), (84, 0)], YELLOW, 6)
    if sensors:
        c.rect(-70, -158, 70, -118, INK, r=10)
        for x in (-38, 38):
            c.circle(x, -138, 14, "#3a4658")
            c.circle(x, -138, 7, RED)


def track(c: Canvas, points, width: float = 40) -> None:
    """The black line the robot follows, through ``points``."""
    c.stroke(points, INK, width)


def finish_flag(c: Canvas) -> None:
    """A chequered flag on a pole, the pole's foot at the origin."""
    c.stroke([(0, 0), (0, -200)], GREY, 10)
    for row in range(4):
        for col in range(5):
            c.rect(5 + col * 24, -200 + row * 24, 29 + col * 24, -176 + row * 24, INK if (row + col) % 2 else WHITE)


def wheel_side(c: Canvas, r: float = 60) -> None:
    """A robot wheel seen from the side, centred on the origin."""
    c.circle(0, 0, r, INK)
    c.circle(0, 0, r * 0.55, MOTOR)
    for angle in (0, 60, 120):
        c.ring(0, 0, r * 0.5, 1, angle, mix(MOTOR, INK, 0.3), 6)
    c.circle(0, 0, r * 0.15, INK)


def screw(c: Canvas) -> None:
    c.circle(0, 0, 12, GREY)
    c.stroke([(-7, 0), (7, 0)], INK, 4)


def robot_side(c: Canvas, colour: str = BLUE) -> None:
    """The robot from the side, on the floor (y = 0), facing right, its sensor board just above the floor."""
    c.stroke([(-20, -150), (60, -190), (170, -150), (190, -100)], RED, 6)  # wires to the sensor
    c.stroke([(-10, -150), (70, -176), (180, -136), (200, -100)], YELLOW, 6)
    c.rect(-150, -118, 170, -92, colour, r=10)  # chassis plate
    c.rect(-110, -92, 10, -56, MOTOR, r=6)
    with c.at(-70, -60):
        wheel_side(c)
    c.stroke([(100, -92), (100, -36)], GREY, 10)
    c.circle(100, -18, 18, GREY)  # caster
    c.rect(-120, -168, 60, -118, BOARD, r=6)
    c.rect(-80, -160, -20, -130, INK, r=4)
    c.rect(150, -110, 176, -30, INK, r=4)  # bracket
    c.rect(140, -34, 250, -18, BOARD, r=4)  # the sensor board, 1 cm above the floor
    for x in (180, 220):
        c.rect(x - 9, -18, x + 9, -8, INK, r=3)
    c.rect(236, -46, 250, -34, BLUE, r=3)


def screwdriver(c: Canvas) -> None:
    """A screwdriver lying from the origin to the right."""
    c.rect(0, -20, 120, 20, RED, r=18)
    c.rect(30, -20, 42, 20, DARK_RED, r=2)
    c.rect(120, -6, 230, 6, SILVER, r=3)
    c.poly([(230, -6), (250, 0), (230, 6)], SILVER)


def tablet(c: Canvas, width: float = 420, height: float = 300) -> None:
    """A tablet, its screen centred on the origin, showing block-based code."""
    c.rect(-width / 2 - 22, -height / 2 - 22, width / 2 + 22, height / 2 + 22, INK, r=30)
    c.rect(-width / 2, -height / 2, width / 2, height / 2, WHITE, r=8)
    c.rect(-width / 2, -height / 2, -width / 2 + 90, height / 2, mix(BLUE, WHITE, 0.85))
    for i, colour in enumerate((YELLOW, BLUE, TEAL, ORANGE)):
        c.rect(-width / 2 + 16, -height / 2 + 20 + i * 60, -width / 2 + 74, -height / 2 + 56 + i * 60, colour, r=8)
    x0, y0 = -width / 2 + 120, -height / 2 + 24
    c.rect(x0, y0, x0 + 180, y0 + 38, YELLOW, r=10)  # when started
    c.rect(x0, y0 + 46, x0 + 200, y0 + 80, BLUE, r=8)  # if … then
    c.rect(x0, y0 + 80, x0 + 20, y0 + 170, BLUE)
    c.rect(x0 + 24, y0 + 88, x0 + 190, y0 + 120, TEAL, r=8)
    c.rect(x0 + 24, y0 + 128, x0 + 160, y0 + 160, ORANGE, r=8)
    c.rect(x0, y0 + 170, x0 + 200, y0 + 196, BLUE, r=8)
    c.rect(x0, y0 + 204, x0 + 170, y0 + 238, TEAL, r=8)
    c.circle(width / 2 + 11, 0, 5, GREY)


# The glowing painting ------------------------------------------------------------------------------------
def star(c: Canvas, x: float, y: float, r: float, fill: str) -> None:
    import math

    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.radians(-90 + i * 36)
        points.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
    c.poly(points, fill)


STARS = ((-150, -110), (40, -150), (150, -60))


def night_painting(c: Canvas, lit: bool = True, frame: bool = True) -> None:
    """A painting of a night sky, centred on the origin (500 × 340); its stars glow when ``lit``."""
    if frame:
        c.rect(-270, -190, 270, 190, WOOD, r=10)
        c.rect(-252, -172, 252, 172, DARK_BROWN)
    c.rect(-240, -160, 240, 160, NIGHT)
    c.circle(-60, -40, 44, LIGHT)
    c.circle(-40, -56, 40, NIGHT)
    c.poly([(-240, 90), (-120, 20), (0, 80), (120, 10), (240, 70), (240, 160), (-240, 160)], "#1f6b5c")
    c.poly([(-240, 130), (-60, 70), (100, 120), (240, 100), (240, 160), (-240, 160)], "#2a8a6e")
    for x, y in ((-200, -130), (-90, -150), (100, -110), (200, -140), (-20, -100), (210, -30)):
        c.circle(x, y, 4, LIGHT)
    for x, y in STARS:
        if lit:
            c.glow(x, y, 46, YELLOW, 200)
        star(c, x, y, 26 if lit else 20, YELLOW if lit else mix(YELLOW, NIGHT, 0.5))


def coin_cell(c: Canvas, r: float = 50) -> None:
    """A coin-cell battery seen from above, ``+`` side up, centred on the origin."""
    c.circle(0, 0, r, GREY)
    c.circle(0, 0, r * 0.86, SILVER)
    c.stroke([(-r * 0.3, 0), (r * 0.3, 0)], GREY, r * 0.12)
    c.stroke([(0, -r * 0.3), (0, r * 0.3)], GREY, r * 0.12)


def led(c: Canvas, colour: str = YELLOW, lit: bool = True) -> None:
    """An LED, its dome centred on the origin, legs down (the longer one on the right)."""
    if lit:
        c.glow(0, -6, 60, colour, 190)
    c.stroke([(-10, 20), (-10, 60)], SILVER, 6)
    c.stroke([(10, 20), (10, 76)], SILVER, 6)
    c.rect(-22, -26, 22, 22, colour, r=20)
    c.rect(-26, 14, 26, 24, mix(colour, INK, 0.15), r=3)
    c.rect(-12, -14, -4, 6, WHITE if lit else mix(colour, WHITE, 0.5), r=4)


BACK_LEDS = ((-70, -10), (50, 20), (160, -30))  # where the stars' LEDs come through, seen from the back


def copper_circuit(c: Canvas, lit: bool = True, leds: bool = True) -> None:
    """The back of the painting, centred on the origin: copper tape from a coin cell to three LEDs.

    The + track runs along the top, the − track along the bottom from the cell;
    each LED bridges the gap between a branch of each.
    """
    c.rect(-240, -160, 240, 160, PAPER)
    c.stroke([(-150, 70), (-200, 70), (-200, -120), (200, -120)], COPPER, 16)
    c.stroke([(-130, 110), (200, 110)], COPPER, 16)
    for x, y in BACK_LEDS:
        c.stroke([(x, -120), (x, y - 34)], COPPER, 12)
        c.stroke([(x, y + 34), (x, 110)], COPPER, 12)
        c.circle(x, y, 22, None, mix(GREY, WHITE, 0.3), 3)
    with c.at(-160, 100):
        coin_cell(c, 42)
    if leds:
        for x, y in BACK_LEDS:
            if lit:
                c.glow(x, y, 44, YELLOW, 210)
            c.stroke([(x, y - 40), (x, y + 40)], SILVER, 6)
            c.circle(x, y, 20, YELLOW if lit else mix(YELLOW, GREY, 0.4))
            c.circle(x - 6, y - 6, 6, WHITE)


def tape_roll(c: Canvas) -> None:
    """A roll of copper tape centred on the origin."""
    c.circle(0, 0, 60, COPPER)
    c.circle(0, 0, 44, mix(COPPER, WHITE, 0.25))
    c.circle(0, 0, 28, WHITE)
    c.rect(50, -12, 130, 12, COPPER, r=2)


def pencil(c: Canvas, colour: str = YELLOW, length: float = 300) -> None:
    """A pencil lying from its point at the origin to the right."""
    c.poly([(0, 0), (46, -18), (46, 18)], WOOD_LIGHT)
    c.poly([(0, 0), (16, -6), (16, 6)], INK)
    c.rect(46, -18, length - 40, 18, colour)
    c.rect(46, -18, length - 40, -6, mix(colour, WHITE, 0.3))
    c.rect(length - 40, -18, length - 16, 18, SILVER)
    c.rect(length - 16, -18, length, 18, "#f59ab4", r=6)


# The Fablab keychain -------------------------------------------------------------------------------------
def keychain(c: Canvas, burnt: bool = True) -> None:
    """A laser-cut wooden cat keychain on its ring, the cat's face centred on the origin."""
    edge = DARK_BROWN if burnt else WOOD
    c.poly([(-96, -30), (-90, -128), (-30, -80)], edge)
    c.poly([(96, -30), (90, -128), (30, -80)], edge)
    c.circle(0, 0, 104, edge)
    c.poly([(-86, -36), (-82, -112), (-36, -76)], WOOD_LIGHT)
    c.poly([(86, -36), (82, -112), (36, -76)], WOOD_LIGHT)
    c.circle(0, 0, 96, WOOD_LIGHT)
    c.circle(0, -62, 14, edge)  # the hole for the ring
    c.circle(0, -62, 9, mix(WOOD_LIGHT, WHITE, 0.6))
    for x in (-36, 36):
        c.ellipse(x, 6, 10, 14, DARK_BROWN)
    c.poly([(-12, 34), (12, 34), (0, 46)], DARK_BROWN)
    for side in (-1, 1):
        c.stroke([(side * 24, 50), (side * 80, 40)], DARK_BROWN, 4)
        c.stroke([(side * 24, 58), (side * 80, 64)], DARK_BROWN, 4)
    c.ring(0, -120, 40, 40, 0, STEEL, 10)
    c.ring(0, -180, 16, 26, 0, STEEL, 8)


def laser_cutter(c: Canvas, cutting: bool = True) -> None:
    """A desktop laser cutter seen from the front, its feet on y = 0, about 640 wide."""
    c.rect(-320, -300, 320, 0, "#e9eef3", r=18)
    c.rect(-320, -40, 320, 0, GREY, r=10)
    c.poly([(-300, -300), (300, -300), (270, -390), (-270, -390)], "#cfd8e2")  # the lid
    c.poly([(-260, -310), (200, -310), (180, -378), (-240, -378)], "#31465e")  # its tinted window
    c.rect(-300, -280, 200, -60, "#31465e", r=8)  # inside, seen through the front window
    c.poly([(-270, -80), (170, -80), (140, -190), (-240, -190)], WOOD)  # the sheet of plywood
    for x, y in ((-180, -130), (-60, -150)):
        c.circle(x, y, 34, None, DARK_BROWN, 4)  # shapes already cut
    c.rect(-290, -262, 190, -244, SILVER, r=6)  # the gantry
    c.rect(40, -276, 100, -220, STEEL, r=8)  # the laser head
    if cutting:
        c.stroke([(70, -220), (70, -128)], RED, 6)
        c.glow(70, -124, 24, ORANGE, 230)
        c.arc(70 + 30, -124, 30, 180, 330, ORANGE, 5)
    c.rect(214, -280, 300, -60, "#d5dde6", r=10)  # control panel
    c.rect(228, -262, 286, -214, TEAL, r=6)
    c.circle(257, -170, 16, RED)
    for y in (-120, -90):
        c.rect(232, y, 282, y + 16, GREY, r=6)


def laptop(c: Canvas, drawing: bool = True) -> None:
    """A laptop on the table (y = 0), its screen showing the cat's outline in a vector editor."""
    c.rect(-250, -330, 250, -20, INK, r=20)
    c.rect(-228, -308, 228, -42, WHITE, r=4)
    c.rect(-228, -308, -180, -42, mix(BLUE, WHITE, 0.8))
    for i in range(4):
        c.rect(-214, -290 + i * 50, -194, -270 + i * 50, GREY, r=4)
    c.poly([(-290, -20), (290, -20), (320, 10), (-320, 10)], GREY)
    c.rect(-60, -16, 60, -6, mix(GREY, WHITE, 0.4), r=4)
    if drawing:
        with c.at(20, -165, 0.95):
            cat_outline(c, RED, 7)
            for x, y in ((-104, 0), (104, 0), (0, 104), (-92, -128), (92, -128), (0, -104)):
                c.rect(x - 9, y - 9, x + 9, y + 9, BLUE)


def cat_outline(c: Canvas, colour: str, width: float) -> None:
    """The keychain's outline (a cat's head with its ring hole), as a drawing, centred on the origin."""
    c.arc(0, 0, 100, -58, 238, colour, width)
    c.stroke([(-53, -85), (-92, -128), (-96, -32)], colour, width)
    c.stroke([(53, -85), (92, -128), (96, -32)], colour, width)
    c.arc(0, -62, 14, 0, 360, colour, width * 0.8)


def grid_paper(c: Canvas, width: float = 420, height: float = 320) -> None:
    """A sheet of squared paper centred on the origin."""
    c.rect(-width / 2, -height / 2, width / 2, height / 2, PAPER, r=6)
    for x in range(int(-width / 2) + 30, int(width / 2), 30):
        c.stroke([(x, -height / 2 + 6), (x, height / 2 - 6)], mix(BLUE, WHITE, 0.75), 2)
    for y in range(int(-height / 2) + 30, int(height / 2), 30):
        c.stroke([(-width / 2 + 6, y), (width / 2 - 6, y)], mix(BLUE, WHITE, 0.75), 2)


# The water rocket ----------------------------------------------------------------------------------------
def water_rocket(c: Canvas, water: bool = True) -> None:
    """A bottle rocket, its nozzle at the origin, pointing up."""
    c.poly([(-50, -90), (-110, -20), (-104, 10), (-50, -24)], RED)  # fins
    c.poly([(50, -90), (110, -20), (104, 10), (50, -24)], RED)
    c.rect(-18, -24, 18, 0, STEEL, r=4)
    c.poly([(-52, -90), (-18, -24), (18, -24), (52, -90)], "#cbe7f6")
    c.rect(-56, -330, 56, -80, "#cbe7f6", r=26)
    if water:
        c.rect(-52, -150, 52, -84, WATER, r=10)
        c.poly([(-48, -92), (-16, -30), (16, -30), (48, -92)], WATER)
    c.rect(-56, -250, 56, -210, YELLOW)
    c.poly([(-56, -322), (0, -420), (56, -322)], RED)
    c.rect(-60, -330, 60, -316, DARK_RED, r=4)
    c.rect(-6, -110, 6, 10, DARK_RED)  # the middle fin, seen edge on
    c.rect(-40, -300, -26, -170, WHITE, r=7)


def launcher(c: Canvas) -> None:
    """The launch pad: legs on the ground (y = 0) and a launch tube whose top is at (0, −120)."""
    c.stroke([(-120, 0), (0, -60), (120, 0)], INK, 16)
    c.stroke([(0, -60), (0, 0)], INK, 16)
    c.rect(-14, -130, 14, -50, GREY, r=4)
    c.rect(-34, -70, 34, -50, "#3a4658", r=6)


def pump(c: Canvas) -> None:
    """A bicycle pump with a pressure gauge, standing on the ground at the origin."""
    c.rect(-60, -12, 60, 0, INK, r=6)
    c.rect(-26, -240, 26, -12, BLUE, r=10)
    c.stroke([(0, -240), (0, -290)], SILVER, 12)
    c.rect(-70, -304, 70, -282, INK, r=10)
    c.circle(0, -120, 34, WHITE)
    c.circle(0, -120, 34, None, INK, 6)
    c.stroke([(0, -120), (18, -136)], RED, 6)


# The solar night lamp ------------------------------------------------------------------------------------
def sun(c: Canvas, r: float = 70) -> None:
    import math

    c.glow(0, 0, r * 1.5, YELLOW, 150)
    for i in range(12):
        a = math.radians(i * 30)
        c.stroke([(math.cos(a) * r * 1.3, math.sin(a) * r * 1.3), (math.cos(a) * r * 1.7, math.sin(a) * r * 1.7)],
                 YELLOW, 14)  # fmt: skip
    c.circle(0, 0, r, YELLOW)


def solar_panel(c: Canvas) -> None:
    """A small solar panel on a stand, tilted to the sun; its foot at the origin."""
    c.stroke([(0, 0), (0, -150)], GREY, 14)
    c.rect(-60, -10, 60, 0, GREY, r=4)
    with c.at(0, -170, 1, -20):
        c.rect(-150, -90, 150, 90, SILVER, r=8)
        c.rect(-140, -80, 140, 80, NAVY)
        for x in (-70, 0, 70):
            c.stroke([(x, -80), (x, 80)], mix(NAVY, WHITE, 0.35), 4)
        c.stroke([(-140, 0), (140, 0)], mix(NAVY, WHITE, 0.35), 4)
        c.poly([(-140, -80), (-60, -80), (-140, 0)], mix(NAVY, WHITE, 0.15))


def night_lamp(c: Canvas, lit: bool = True) -> None:
    """A bedside lamp standing at the origin; its shade glows when ``lit``."""
    if lit:
        c.glow(0, -190, 120, LIGHT, 220)
    c.rect(-90, -20, 90, 0, WOOD, r=8)
    c.rect(-12, -140, 12, -20, WOOD, r=4)
    c.poly([(-80, -150), (80, -150), (50, -280), (-50, -280)], LIGHT if lit else mix(LIGHT, GREY, 0.5))
    c.rect(-84, -160, 84, -146, mix(YELLOW, ORANGE, 0.3), r=6)


def moon(c: Canvas, r: float, sky: str) -> None:
    c.circle(0, 0, r, LIGHT)
    c.circle(r * 0.45, -r * 0.3, r * 0.9, sky)


def seedling(c: Canvas, height: float = 200) -> None:
    """A young plant with two leaves, its stem's foot at the origin."""
    c.stroke([(0, 0), (0, -height)], GREEN, 12)
    with c.at(0, -height * 0.7, 0.45, -50):
        c.poly([(0, 0), (-60, -90), (0, -200), (60, -90)], LEAF)
    with c.at(0, -height, 0.55, 45):
        c.poly([(0, 0), (-60, -90), (0, -200), (60, -90)], GREEN)
