"""Automatic grading of one answer to one question version, as a pure function of its spec.

A question version's ``spec`` (a dict frozen when the version is made, see
``specs.py``) holds everything needed to grade it; an answer (``response``)
is what the learner's form sent, as stored on the attempt. :func:`grade`
returns the fraction of the question's points earned (0 to 1), or ``None``
for an essay, which a trainer grades.

Rules (as Moodle's, whose questions teachers bring):

- single choice: the chosen option's fraction (never below 0);
- multiple choice: ``fractions`` adds the chosen options' fractions (wrong
  ones are negative) and keeps the sum within 0..1; ``partial`` gives
  (right chosen − wrong chosen) / right options; ``all_or_nothing`` gives 1
  only for exactly the right set;
- short answer: ignoring case (unless the author says otherwise), extra
  spaces and, when allowed, Vietnamese diacritics; ``*`` matches any text;
  the best-scoring accepted answer wins;
- numerical: "3,5" and "3.5" alike, a tolerance absolute or relative, a unit
  from the author's list (each with its multiplier), a penalty when the unit
  is missing or unknown and the author requires one;
- matching, ordering: the share of pairs matched / items in their place;
- cloze: each gap graded by its own kind, weighted by its points.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from lms.text import clean_text, fold

AUTO_KINDS = ("single", "multiple", "truefalse", "short", "numerical", "matching", "ordering", "cloze")
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


@dataclass
class Outcome:
    """The grade of one answer: ``fraction`` in 0..1 (None: a person grades it) and feedback texts."""

    fraction: float | None
    feedback: list[str] = field(default_factory=list)
    parts: dict = field(default_factory=dict)

    @property
    def is_right(self) -> bool:
        return self.fraction is not None and self.fraction >= 0.999


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def grade(spec: dict, response) -> Outcome:
    """The fraction of the points ``response`` earns for the question ``spec``."""
    kind = spec.get("kind")
    grader = GRADERS.get(kind)
    if grader is None:
        return Outcome(None)
    if response in (None, "", [], {}):
        return Outcome(0.0)
    try:
        return grader(spec, response)
    except (TypeError, ValueError, AttributeError, KeyError):
        # A tampered or stale answer (e.g. an option that no longer exists) earns nothing.
        return Outcome(0.0)


def grade_single(spec: dict, response) -> Outcome:
    for choice in spec.get("choices", []):
        if choice["id"] == str(response):
            return Outcome(_clamp(float(choice.get("fraction", 0))), [choice.get("feedback", "")])
    return Outcome(0.0)


def grade_multiple(spec: dict, response) -> Outcome:
    chosen = {str(r) for r in (response if isinstance(response, list) else [response])}
    choices = spec.get("choices", [])
    right = {c["id"] for c in choices if float(c.get("fraction", 0)) > 0}
    feedback = [c.get("feedback", "") for c in choices if c["id"] in chosen]
    scoring = spec.get("scoring", "fractions")
    if scoring == "all_or_nothing":
        return Outcome(1.0 if chosen == right else 0.0, feedback)
    if scoring == "partial":
        if not right:
            return Outcome(0.0, feedback)
        wrong = len(chosen - right)
        return Outcome(_clamp((len(chosen & right) - wrong) / len(right)), feedback)
    total = sum(float(c.get("fraction", 0)) for c in choices if c["id"] in chosen)
    return Outcome(_clamp(total), feedback)


def grade_truefalse(spec: dict, response) -> Outcome:
    said = str(response).lower() == "true"
    right = said == bool(spec.get("correct"))
    return Outcome(1.0 if right else 0.0, [spec.get("feedback_true" if said else "feedback_false", "")])


def normalise_text(text: str, *, case_sensitive: bool = False, fold_diacritics: bool = False) -> str:
    """The form in which a short answer is compared: NFC, single spaces, case and marks as the author allows."""
    text = clean_text(str(text or ""))
    if fold_diacritics:
        return fold(text)  # lms.text's folding: no marks, "đ" as "d", lower case (so case is ignored too)
    return text if case_sensitive else text.lower()


def _pattern(answer: str, *, case_sensitive: bool, fold_diacritics: bool) -> re.Pattern:
    wanted = normalise_text(answer, case_sensitive=case_sensitive, fold_diacritics=fold_diacritics)
    return re.compile("^" + ".*".join(re.escape(piece) for piece in wanted.split("*")) + "$", re.DOTALL)


def grade_short(spec: dict, response) -> Outcome:
    case_sensitive = bool(spec.get("case_sensitive"))
    fold_diacritics = bool(spec.get("fold_diacritics"))
    given = normalise_text(str(response), case_sensitive=case_sensitive, fold_diacritics=fold_diacritics)
    best = Outcome(0.0)
    for answer in spec.get("answers", []):
        pattern = _pattern(answer["text"], case_sensitive=case_sensitive, fold_diacritics=fold_diacritics)
        fraction = _clamp(float(answer.get("fraction", 1)))
        if pattern.match(given) and fraction > (best.fraction or 0):
            best = Outcome(fraction, [answer.get("feedback", "")])
    return best


def parse_number(text: str) -> tuple[float, str] | None:
    """(value, unit) from what a learner typed: "3,5", "3.5", "-2e3", "3,5 m/s"; None if no number leads."""
    match = _NUMBER.match(str(text or "").replace("\u2212", "-"))
    if not match:
        return None
    try:
        value = float(match.group(1).replace(",", "."))
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return value, match.group(2)


def _unit_multiplier(spec: dict, unit: str) -> float | None:
    """The multiplier of ``unit`` (1 when none is given and none is listed); None for an unknown unit."""
    units = spec.get("units") or []
    if not unit:
        return 1.0 if not units else (units[0].get("multiplier", 1.0) if not spec.get("unit_required") else None)
    for entry in units:
        if entry["unit"].replace(" ", "") == unit.replace(" ", ""):
            return float(entry.get("multiplier", 1.0))
    return None


def within(value: float, target: float, tolerance: float, *, relative: bool = False) -> bool:
    """``value`` is ``target`` within the tolerance (a rounding error of 1e-9 forgiven)."""
    allowed = abs(tolerance) * (abs(target) if relative else 1.0)
    return abs(value - target) <= allowed + 1e-9 * max(1.0, abs(target))


def grade_numerical(spec: dict, response) -> Outcome:
    parsed = parse_number(str(response))
    if parsed is None:
        return Outcome(0.0)
    value, unit = parsed
    multiplier = _unit_multiplier(spec, unit)
    penalty = 0.0
    if multiplier is None:
        multiplier = 1.0
        penalty = float(spec.get("unit_penalty", 0.1)) if spec.get("units") else 0.0
    base = value / multiplier if multiplier else value
    best = Outcome(0.0)
    for answer in spec.get("numbers", []):
        if within(
            base, float(answer["value"]), float(answer.get("tolerance", 0)), relative=bool(answer.get("relative"))
        ):
            fraction = _clamp(float(answer.get("fraction", 1)) - penalty)
            if fraction > (best.fraction or 0):
                best = Outcome(fraction, [answer.get("feedback", "")])
    return best


def grade_matching(spec: dict, response) -> Outcome:
    pairs = spec.get("pairs", [])
    if not pairs or not isinstance(response, dict):
        return Outcome(0.0)
    right = sum(1 for pair in pairs if str(response.get(pair["id"], "")) == pair["answer"])
    return Outcome(right / len(pairs), parts={"right": right, "of": len(pairs)})


def grade_ordering(spec: dict, response) -> Outcome:
    """``response`` maps each item id to the position (1..n) the learner gave it."""
    items = spec.get("items", [])
    if not items or not isinstance(response, dict):
        return Outcome(0.0)
    right = sum(
        1 for position, item in enumerate(items, start=1) if str(response.get(item["id"], "")) == str(position)
    )
    return Outcome(right / len(items), parts={"right": right, "of": len(items)})


def grade_cloze(spec: dict, response) -> Outcome:
    gaps = spec.get("gaps", [])
    if not gaps or not isinstance(response, dict):
        return Outcome(0.0)
    total = sum(float(g.get("points", 1)) for g in gaps) or 1.0
    earned = 0.0
    parts = {}
    for gap in gaps:
        outcome = grade(gap, response.get(gap["id"], ""))
        parts[gap["id"]] = outcome.fraction or 0.0
        earned += (outcome.fraction or 0.0) * float(gap.get("points", 1))
    return Outcome(_clamp(earned / total), parts=parts)


GRADERS = {
    "single": grade_single,
    "multiple": grade_multiple,
    "truefalse": grade_truefalse,
    "short": grade_short,
    "numerical": grade_numerical,
    "matching": grade_matching,
    "ordering": grade_ordering,
    "cloze": grade_cloze,
}
