"""The pictures of each step of the demo's camp activities (720 × 405, drawn in the same 1200 × 675 units).

``STEPS[name]`` lists the scenes of the activity's steps, in order; the demo's
alternative texts (in ``camps.demo``) describe what each scene shows.
"""

from . import making, science
from .canvas import Canvas, mix
from .covers import Scene, backdrop
from .palette import BLUE, GREY, INK, LILAC, MINT, MIST, PEACH, RED, WHITE, YELLOW


# The volcano -----------------------------------------------------------------------------------------------
def volcano_build(c: Canvas) -> None:
    backdrop(c, PEACH, ground=True)
    with c.at(540, 620, 1.4):
        science.tray(c)
        science.bottle(c)
        science.cone(c, upto=0.6)
        for x, r in ((200, 40), (256, 30)):
            with c.at(x, 0):
                science.clay_ball(c, r)
    with c.at(960, 300, 1.3):
        science.clay_ball(c, 46)
        c.stroke([(-70, -40), (-110, -40)], mix(GREY, WHITE, 0.4), 8)  # it is being brought to the cone
        c.stroke([(-60, -10), (-120, -10)], mix(GREY, WHITE, 0.4), 8)


def volcano_prepare(c: Canvas) -> None:
    backdrop(c, PEACH, ground=True)
    with c.at(540, 630, 1.3):
        science.volcano(c, erupting=False)  # its crater at (540, 292)
    with c.at(500, 170, 1.2, -25):
        science.spoon(c)
    for x, y in ((500, 214), (512, 238), (494, 258), (506, 276)):
        c.circle(x, y, 8, WHITE)
    with c.at(650, 235, 0.9):
        science.dropper(c)
    with c.at(150, 620, 1.3):
        science.soda_box(c)


def volcano_erupt(c: Canvas) -> None:
    backdrop(c, PEACH, ground=True)
    with c.at(520, 630, 1.15):
        science.volcano(c)
    with c.at(1010, 620, 1.3):
        science.cup(c, level=0.12)


# The line-following robot ----------------------------------------------------------------------------------
def robot_assemble(c: Canvas) -> None:
    backdrop(c, MIST, ground=True)
    with c.at(480, 320, 1.7):
        making.robot(c, board=False, sensors=False, wheels=1)
    with c.at(930, 360, 1.6):
        making.wheel_side(c)
    with c.at(110, 610, 1.2, -10):
        making.screwdriver(c)
    for x, y in ((860, 590), (940, 620), (1020, 590)):
        with c.at(x, y, 1.6):
            making.screw(c)


def robot_sensors(c: Canvas) -> None:
    backdrop(c, MIST, blob=(600, 300, 300))
    c.rect(-10, 560, 1210, 700, WHITE)
    c.poly([(680, 560), (820, 560), (870, 700), (630, 700)], INK)  # the black line, running away from us
    c.glow(750, 566, 54, RED, 150)
    with c.at(380, 560, 1.8):
        making.robot_side(c)


def robot_program(c: Canvas) -> None:
    backdrop(c, MIST, ground=True)
    with c.at(430, 330, 1.45):
        making.tablet(c)
    c.stroke([(790, 330), (900, 330), (960, 420)], GREY, 10)
    with c.at(1010, 480, 0.95, -20):
        making.robot(c)


def robot_race(c: Canvas) -> None:
    backdrop(c, MIST, blob=(600, 337, 330))
    c.rect(80, 50, 1120, 625, WHITE, r=40)
    c.ring(600, 337, 420, 200, 0, INK, 44)
    with c.at(300, 230, 0.75, -60):
        making.robot(c)
    with c.at(820, 510, 0.75, 100):
        making.robot(c, colour=RED)
    c.rect(560, 110, 640, 170, WHITE)
    for row in range(2):
        for col in range(4):
            c.rect(560 + col * 20, 114 + row * 26, 580 + col * 20, 140 + row * 26, INK if (row + col) % 2 else WHITE)
    with c.at(640, 120, 0.8):
        making.finish_flag(c)


# The glowing painting --------------------------------------------------------------------------------------
def painting_draw(c: Canvas) -> None:
    backdrop(c, LILAC, ground=True)
    with c.at(500, 330, 1.35):
        c.rect(-250, -170, 250, 170, WHITE, r=6)
        making.night_painting(c, lit=False, frame=False)
        for x, y in making.STARS:
            c.circle(x, y, 34, None, WHITE, 4)
    with c.at(870, 540, 1.1, -30):
        making.pencil(c, BLUE)
    with c.at(900, 620, 0.9, -10):
        making.pencil(c, YELLOW)


def painting_circuit(c: Canvas) -> None:
    backdrop(c, LILAC, ground=True)
    with c.at(500, 330, 1.35):
        making.copper_circuit(c, leds=False)
    with c.at(1010, 520, 1.3):
        making.tape_roll(c)


def painting_leds(c: Canvas) -> None:
    backdrop(c, LILAC, ground=True)
    with c.at(450, 340, 1.3):
        making.copper_circuit(c, leds=True)
    with c.at(1010, 290, 2.6):
        making.led(c)


# The Fablab keychain ---------------------------------------------------------------------------------------
def keychain_sketch(c: Canvas) -> None:
    backdrop(c, MINT, ground=True)
    with c.at(530, 330, 1.5):
        making.grid_paper(c)
        with c.at(0, 30, 0.9):
            making.cat_outline(c, mix(GREY, INK, 0.4), 6)
    with c.at(800, 560, 1.2, -35):
        making.pencil(c)


def keychain_draw(c: Canvas) -> None:
    backdrop(c, MINT, ground=True)
    with c.at(600, 625, 1.65):
        making.laptop(c)


def keychain_cut(c: Canvas) -> None:
    backdrop(c, MINT, ground=True, blob=(560, 330, 320))
    with c.at(480, 625, 1.25):
        making.laser_cutter(c)
    with c.at(1040, 400, 0.85, -12):
        making.keychain(c)


STEPS: dict[str, list[Scene]] = {
    "volcano": [volcano_build, volcano_prepare, volcano_erupt],
    "robot": [robot_assemble, robot_sensors, robot_program, robot_race],
    "glowing-painting": [painting_draw, painting_circuit, painting_leds],
    "laser-keychain": [keychain_sketch, keychain_draw, keychain_cut],
}
