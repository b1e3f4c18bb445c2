"""A question's ``spec``: the dict a version freezes, graded by ``grading`` and shown by the attempt page.

Option ids are opaque (a keyed hash of the question and the option), so
neither their order nor their names hint at the right answer; what a learner
sees of a spec is chosen by :func:`public_view`, which never copies a
fraction, an accepted answer, a tolerance or a feedback.
"""

from __future__ import annotations

import hashlib
import hmac
import random

from django.conf import settings

from lms.text import clean_text

from .cloze import parse_cloze


def opaque_id(*parts) -> str:
    key = settings.SECRET_KEY.encode()
    return "o" + hmac.new(key, ":".join(str(p) for p in parts).encode(), hashlib.sha256).hexdigest()[:10]


def parse_units(text: str) -> list[dict]:
    """ "m/s=1; km/h=3,6" -> [{"unit": "m/s", "multiplier": 1.0}, {"unit": "km/h", "multiplier": 3.6}]."""
    units = []
    for piece in (text or "").split(";"):
        unit, _sep, multiplier = piece.partition("=")
        unit = unit.strip()
        if not unit:
            continue
        try:
            value = float(multiplier.strip().replace(",", ".")) if multiplier.strip() else 1.0
        except ValueError:
            value = 1.0
        units.append({"unit": unit, "multiplier": value or 1.0})
    return units


def build_spec(question, options=None) -> dict:
    """The spec of ``question`` as it stands (``options``: its options, in order, if already read)."""
    options = list(options if options is not None else question.options.all())
    kind = question.kind
    spec: dict = {
        "kind": kind,
        "text": question.text,
        "feedback": question.general_feedback,
        "image_id": question.image_id,
        "image_alt": question.image_alt,
        "shuffle": bool(question.shuffle),
    }

    def fraction(option) -> float:
        return float(option.fraction) / 100

    def key(index, option):
        # An option not saved yet (the admin's preview) has no pk: its place stands in.
        return opaque_id(question.pk or "new", option.pk or f"n{index}")

    if kind in ("single", "multiple"):
        spec["choices"] = [
            {"id": key(i, o), "text": o.text, "fraction": fraction(o), "feedback": o.feedback}
            for i, o in enumerate(options)
        ]
        spec["scoring"] = question.scoring
    elif kind == "truefalse":
        spec["correct"] = bool(question.statement_is_true)
    elif kind == "short":
        spec.update(case_sensitive=question.case_sensitive, fold_diacritics=question.fold_diacritics)
        spec["answers"] = [
            {"text": clean_text(o.text), "fraction": fraction(o) or 1.0, "feedback": o.feedback} for o in options
        ]
    elif kind == "numerical":
        spec["numbers"] = [
            {
                "value": float(str(o.text).strip().replace(",", ".")),
                "tolerance": float(o.tolerance),
                "relative": bool(o.relative),
                "fraction": fraction(o) or 1.0,
                "feedback": o.feedback,
            }
            for o in options
            if _is_number(o.text)
        ]
        spec["units"] = parse_units(question.units)
        spec["unit_required"] = bool(question.unit_required)
        spec["unit_penalty"] = float(question.unit_penalty) / 100
    elif kind == "matching":
        spec["pairs"] = [
            {"id": key(i, o), "prompt": o.text, "answer": clean_text(o.match)} for i, o in enumerate(options)
        ]
    elif kind == "ordering":
        spec["items"] = [{"id": key(i, o), "text": o.text} for i, o in enumerate(options)]
    elif kind == "essay" and getattr(question, "rubric_id", None):
        spec["rubric_id"] = question.rubric_id
    elif kind == "cloze":
        text, gaps, _errors = parse_cloze(question.text, lambda gap_key: opaque_id(question.pk or "new", gap_key))
        spec["text"] = text
        spec["gaps"] = gaps
    return spec


def _is_number(text: str) -> bool:
    try:
        float(str(text).strip().replace(",", "."))
    except ValueError:
        return False
    return True


def draw_order(spec: dict, rng: random.Random) -> list:
    """The order the attempt shows the options in (ids, or answers for matching), shuffled if allowed."""
    kind = spec.get("kind")
    if kind in ("single", "multiple"):
        ids = [c["id"] for c in spec.get("choices", [])]
        if spec.get("shuffle"):
            rng.shuffle(ids)
        return ids
    if kind == "matching":
        answers = sorted({p["answer"] for p in spec.get("pairs", [])})
        rng.shuffle(answers)
        return answers
    if kind == "ordering":
        ids = [i["id"] for i in spec.get("items", [])]
        # Never show the items already in the right order (unless there is only one).
        for _try in range(10):
            rng.shuffle(ids)
            if len(ids) < 2 or ids != [i["id"] for i in spec["items"]]:
                break
        return ids
    if kind == "cloze":
        orders = {}
        for gap in spec.get("gaps", []):
            if gap["kind"] == "single":
                ids = [c["id"] for c in gap["choices"]]
                if gap.get("shuffle"):
                    rng.shuffle(ids)
                orders[gap["id"]] = ids
        return [orders]
    return []


def public_view(spec: dict, order: list) -> dict:
    """What the learner's page may show before submission: texts and opaque ids, no key, no feedback."""
    kind = spec.get("kind")
    view: dict = {
        "kind": kind,
        "text": spec.get("text", ""),
        "image_id": spec.get("image_id"),
        "image_alt": spec.get("image_alt", ""),
    }
    if kind in ("single", "multiple"):
        texts = {c["id"]: c["text"] for c in spec.get("choices", [])}
        view["choices"] = [{"id": i, "text": texts[i]} for i in order if i in texts]
    elif kind == "matching":
        view["prompts"] = [{"id": p["id"], "text": p["prompt"]} for p in spec.get("pairs", [])]
        view["answers"] = list(order)
    elif kind == "ordering":
        texts = {i["id"]: i["text"] for i in spec.get("items", [])}
        view["items"] = [{"id": i, "text": texts[i]} for i in order if i in texts]
        view["positions"] = list(range(1, len(view["items"]) + 1))
    elif kind == "cloze":
        orders = order[0] if order else {}
        gaps = {}
        for gap in spec.get("gaps", []):
            entry = {"id": gap["id"], "kind": gap["kind"]}
            if gap["kind"] == "single":
                texts = {c["id"]: c["text"] for c in gap["choices"]}
                entry["choices"] = [{"id": i, "text": texts[i]} for i in orders.get(gap["id"], []) if i in texts]
            gaps[gap["id"]] = entry
        view["gaps"] = gaps
    elif kind == "numerical":
        units = spec.get("units") or []
        view["unit_hint"] = units[0]["unit"] if units else ""
    return view


def right_answer(spec: dict) -> list[str]:
    """The right answer(s) in words, for the review after submission."""
    kind = spec.get("kind")
    if kind in ("single", "multiple"):
        return [c["text"] for c in spec.get("choices", []) if c.get("fraction", 0) > 0]
    if kind == "truefalse":
        return ["true" if spec.get("correct") else "false"]
    if kind == "short":
        return [a["text"] for a in spec.get("answers", []) if a.get("fraction", 0) >= 1][:1]
    if kind == "numerical":
        unit = (spec.get("units") or [{"unit": ""}])[0]["unit"]
        return [
            f"{n['value']:g} {unit}".strip().replace(".", ",")
            for n in spec.get("numbers", [])
            if n.get("fraction", 0) >= 1
        ][:1]
    if kind == "matching":
        return [f"{p['prompt']} → {p['answer']}" for p in spec.get("pairs", [])]
    if kind == "ordering":
        return [i["text"] for i in spec.get("items", [])]
    if kind == "cloze":
        result = []
        for gap in spec.get("gaps", []):
            result.extend(right_answer(gap)[:1])
        return result
    return []
