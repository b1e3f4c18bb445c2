"""Cloze (fill in the gaps) in Moodle's "embedded answers" syntax, which teachers already write.

``{1:SHORTANSWER:=động năng~%50%năng lượng}``, ``{2:NUMERICAL:=9,8:0,1}``,
``{1:MULTICHOICE:=đúng~sai#Xem lại định luật}``: the number is the gap's
points; each answer is ``=`` (100 %) or ``%n%``, an optional ``:tolerance``
for numbers and ``#feedback``. :func:`parse_cloze` returns the text with a
placeholder per gap, the gaps as specs graded by ``grading`` and the errors
met (with what was written), never an exception.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

GAP = re.compile(r"\{(\d*):([A-Z_]+):(.*?)(?<!\\)\}", re.DOTALL)
PLACEHOLDER = re.compile(r"\[\[(g\d+)\]\]")
KINDS = {
    "SHORTANSWER": ("short", False),
    "SA": ("short", False),
    "MW": ("short", False),
    "SHORTANSWER_C": ("short", True),
    "SAC": ("short", True),
    "MWC": ("short", True),
    "NUMERICAL": ("numerical", False),
    "NM": ("numerical", False),
    "MULTICHOICE": ("single", False),
    "MC": ("single", False),
    "MCV": ("single", False),
    "MCH": ("single", False),
    "MULTICHOICE_S": ("single", False),
    "MCS": ("single", False),
}
_FRACTION = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")


def _unescape(text: str) -> str:
    return re.sub(r"\\([~#}{=%:])", r"\1", text).strip()


def split_answers(body: str) -> list[tuple[float, str, str]]:
    """[(fraction, answer, feedback)] from ``=a~%50%b#feedback~c``."""
    answers = []
    for raw in re.split(r"(?<!\\)~", body):
        raw = raw.strip()
        if not raw:
            continue
        fraction = 0.0
        if raw.startswith("="):
            fraction, raw = 1.0, raw[1:]
        else:
            match = _FRACTION.match(raw)
            if match:
                fraction, raw = float(match.group(1).replace(",", ".")) / 100, raw[match.end() :]
        parts = re.split(r"(?<!\\)#", raw, maxsplit=1)
        answer, feedback = parts[0], parts[1] if len(parts) > 1 else ""
        answers.append((fraction, _unescape(answer), _unescape(feedback)))
    return answers


def _number(text: str) -> float:
    return float(text.strip().replace(",", "."))


def parse_gap(gap_id: str, points: str, kind_code: str, body: str, opaque) -> tuple[dict | None, str]:
    """One gap as a spec, or (None, the reason)."""
    if kind_code not in KINDS:
        return None, _("unknown gap type %(type)s") % {"type": kind_code}
    kind, case_sensitive = KINDS[kind_code]
    answers = split_answers(body)
    if not answers or not any(fraction > 0 for fraction, _a, _f in answers):
        return None, _("the gap has no right answer")
    spec: dict = {"id": gap_id, "kind": kind, "points": float(points or 1)}
    if kind == "short":
        spec.update(case_sensitive=case_sensitive, fold_diacritics=False)
        spec["answers"] = [{"text": a, "fraction": f, "feedback": fb} for f, a, fb in answers]
    elif kind == "numerical":
        numbers = []
        for fraction, answer, feedback in answers:
            value, _sep, tolerance = answer.partition(":")
            try:
                numbers.append(
                    {
                        "value": _number(value),
                        "tolerance": _number(tolerance) if tolerance else 0.0,
                        "fraction": fraction,
                        "feedback": feedback,
                    }
                )
            except ValueError:
                return None, _("“%(value)s” is not a number") % {"value": answer}
        spec["numbers"] = numbers
    else:
        spec["choices"] = [
            {"id": opaque(f"{gap_id}:{index}"), "text": a, "fraction": f, "feedback": fb}
            for index, (f, a, fb) in enumerate(answers)
        ]
        spec["shuffle"] = kind_code in ("MULTICHOICE_S", "MCS")
    return spec, ""


def parse_cloze(text: str, opaque=lambda key: key) -> tuple[str, list[dict], list[str]]:
    """(text with ``[[g1]]`` placeholders, gap specs, errors)."""
    gaps: list[dict] = []
    errors: list[str] = []

    def replace(match: re.Match) -> str:
        gap_id = f"g{len(gaps) + len(errors) + 1}"
        spec, error = parse_gap(gap_id, match.group(1), match.group(2), match.group(3), opaque)
        if spec is None:
            errors.append(_("Gap “%(gap)s”: %(error)s.") % {"gap": match.group(0), "error": error})
            return match.group(0)
        gaps.append(spec)
        return f"[[{gap_id}]]"

    return GAP.sub(replace, text or ""), gaps, errors
