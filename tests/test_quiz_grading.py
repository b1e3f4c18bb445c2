"""Each question type's automatic grading (assessment.quizzes.grading), edge cases included."""

import pytest

from assessment.quizzes.cloze import parse_cloze
from assessment.quizzes.grading import grade, parse_number

CHOICES = [
    {"id": "a", "text": "v = s/t", "fraction": 0.5},
    {"id": "b", "text": "v = s·t", "fraction": -0.5},
    {"id": "c", "text": "v = Δs/Δt", "fraction": 0.5},
    {"id": "d", "text": "v = t/s", "fraction": 0},
]


def test_single_choice_gives_the_chosen_options_fraction_never_below_zero():
    spec = {"kind": "single", "choices": [{"id": "x", "fraction": 1.0}, {"id": "y", "fraction": -0.3}]}
    assert grade(spec, "x").fraction == 1.0
    assert grade(spec, "y").fraction == 0.0
    assert grade(spec, "nope").fraction == 0.0
    assert grade(spec, "").fraction == 0.0


@pytest.mark.parametrize(
    ("scoring", "chosen", "expected"),
    [
        ("fractions", ["a", "c"], 1.0),
        ("fractions", ["a"], 0.5),
        ("fractions", ["a", "b"], 0.0),
        ("fractions", ["a", "b", "c"], 0.5),
        ("partial", ["a", "c"], 1.0),
        ("partial", ["a", "d"], 0.0),
        ("partial", ["a"], 0.5),
        ("all_or_nothing", ["a", "c"], 1.0),
        ("all_or_nothing", ["a"], 0.0),
        ("all_or_nothing", ["a", "c", "d"], 0.0),
    ],
)
def test_multiple_choice_partial_credit_rules(scoring, chosen, expected):
    assert grade({"kind": "multiple", "choices": CHOICES, "scoring": scoring}, chosen).fraction == pytest.approx(
        expected
    )


def test_true_false():
    spec = {"kind": "truefalse", "correct": False}
    assert grade(spec, "false").fraction == 1.0
    assert grade(spec, "true").fraction == 0.0


SHORT = {
    "kind": "short",
    "answers": [{"text": "động năng", "fraction": 1.0}, {"text": "năng lượng*", "fraction": 0.5}],
}


@pytest.mark.parametrize(
    ("fold", "given", "expected"),
    [
        (False, "động năng", 1.0),
        (False, "  ĐỘNG   Năng ", 1.0),
        (False, "dong nang", 0.0),
        (True, "dong nang", 1.0),
        (True, "Dong  Nang", 1.0),
        (True, "đông năng", 1.0),
        (False, "năng lượng chuyển động", 0.5),
        (False, "năng lượn", 0.0),
        (True, "nang luong", 0.5),
        (False, "thế năng", 0.0),
    ],
)
def test_short_answer_ignores_case_spaces_and_diacritics_when_allowed_with_wildcards(fold, given, expected):
    assert grade({**SHORT, "fold_diacritics": fold}, given).fraction == expected


def test_short_answer_is_case_sensitive_when_the_author_says_so():
    spec = {"kind": "short", "case_sensitive": True, "answers": [{"text": "NaCl", "fraction": 1}]}
    assert grade(spec, "NaCl").fraction == 1.0
    assert grade(spec, "nacl").fraction == 0.0


def test_short_answer_wildcard_does_not_turn_other_characters_into_patterns():
    spec = {"kind": "short", "answers": [{"text": "a.b", "fraction": 1}]}
    assert grade(spec, "a.b").fraction == 1.0
    assert grade(spec, "axb").fraction == 0.0


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("3,5", (3.5, "")),
        ("3.5", (3.5, "")),
        (" -2,5e3 m/s", (-2500.0, "m/s")),
        ("−4", (-4.0, "")),
        (",5", (0.5, "")),
        ("abc", None),
        ("inf", None),
    ],
)
def test_numbers_are_read_with_a_comma_or_a_point(typed, parsed):
    assert parse_number(typed) == parsed


NUMERICAL = {
    "kind": "numerical",
    "numbers": [{"value": 9.8, "tolerance": 0.1, "fraction": 1.0}],
    "units": [{"unit": "m/s²", "multiplier": 1.0}, {"unit": "cm/s²", "multiplier": 100.0}],
    "unit_required": True,
    "unit_penalty": 0.2,
}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("9,8 m/s²", 1.0),
        ("9.8m/s²", 1.0),
        ("9,9 m/s²", 1.0),  # on the edge of the tolerance
        ("9,7 m/s²", 1.0),
        ("9,91 m/s²", 0.0),
        ("980 cm/s²", 1.0),
        ("9,8", 0.8),  # unit missing
        ("9,8 kg", 0.8),  # unknown unit
        ("mười", 0.0),
    ],
)
def test_numerical_with_absolute_tolerance_and_units(given, expected):
    assert grade(NUMERICAL, given).fraction == pytest.approx(expected)


def test_numerical_relative_tolerance():
    spec = {"kind": "numerical", "numbers": [{"value": 200, "tolerance": 0.05, "relative": True, "fraction": 1.0}]}
    assert grade(spec, "210").fraction == 1.0
    assert grade(spec, "189,9").fraction == 0.0


def test_matching_and_ordering_give_the_share_right():
    matching = {
        "kind": "matching",
        "pairs": [{"id": "p", "answer": "J"}, {"id": "q", "answer": "W"}, {"id": "r", "answer": "N"}],
    }
    assert grade(matching, {"p": "J", "q": "N", "r": "N"}).fraction == pytest.approx(2 / 3)
    ordering = {"kind": "ordering", "items": [{"id": "x"}, {"id": "y"}, {"id": "z"}, {"id": "w"}]}
    assert grade(ordering, {"x": "1", "y": "2", "z": "4", "w": "3"}).fraction == 0.5
    assert grade(ordering, "tampered").fraction == 0.0


def test_essay_is_left_to_a_trainer():
    assert grade({"kind": "essay"}, "Bài làm").fraction is None


def test_cloze_weights_its_gaps_by_their_points():
    text, gaps, errors = parse_cloze(
        "Gia tốc rơi tự do g ≈ {2:NUMERICAL:=9,8:0,1} m/s²; năng lượng do chuyển động là {1:SHORTANSWER:=động năng} "
        "và nó {1:MULTICHOICE:=luôn dương~%50%có thể bằng 0~âm}."
    )
    assert errors == []
    assert text.count("[[g") == 3
    spec = {"kind": "cloze", "gaps": gaps}
    choice = {c["text"]: c["id"] for c in gaps[2]["choices"]}
    assert grade(spec, {"g1": "9,85", "g2": "Động năng", "g3": choice["luôn dương"]}).fraction == 1.0
    assert grade(spec, {"g1": "9,85", "g2": "thế năng", "g3": choice["có thể bằng 0"]}).fraction == pytest.approx(
        (2 + 0.5) / 4
    )


def test_a_broken_cloze_gap_is_reported_with_what_was_written():
    _text, gaps, errors = parse_cloze("a {1:NUMERICAL:=chín} b {1:FOO:=x} c {1:SA:sai}")
    assert gaps == []
    assert len(errors) == 3
    assert "{1:NUMERICAL:=chín}" in errors[0]
