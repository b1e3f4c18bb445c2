"""GIFT and Moodle XML: reading the questions teachers bring from Moodle, writing a category back.

:func:`read_gift` and :func:`read_moodle_xml` never raise on what a person
uploads: they return the questions they could read (:class:`Parsed`, with
the line each starts on) and a :class:`Problem` per thing they could not,
with its line number. :func:`import_questions` writes them all in one
transaction or nothing; :func:`moodle_xml` writes a category's questions.
Formats as Moodle documents them (docs.moodle.org "GIFT format", "Moodle
XML format"); the parsers are ours because no maintained Python library
reads either (the few on PyPI are unmaintained or read only GIFT).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - only to write; reading goes through defusedxml
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree as SafeET
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

import audit

from ..models import Question, QuestionOption

MAX_BYTES = 1024 * 1024
MAX_QUESTIONS = 500


@dataclass
class Parsed:
    """A question read from a file, ready to become a ``Question`` with its options."""

    line: int
    kind: str
    title: str
    text: str
    options: list[dict] = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    feedback: str = ""


@dataclass
class Problem:
    line: int
    message: str
    source: str = ""


# --- GIFT -----------------------------------------------------------------------------

_ESCAPED = {"\\~": "\x01", "\\=": "\x02", "\\#": "\x03", "\\{": "\x04", "\\}": "\x05", "\\:": "\x06"}
_RESTORED = {v: k[1] for k, v in _ESCAPED.items()}


def _protect(text: str) -> str:
    for escaped, mark in _ESCAPED.items():
        text = text.replace(escaped, mark)
    return text


def _restore(text: str) -> str:
    for mark, char in _RESTORED.items():
        text = text.replace(mark, char)
    return text.strip()


def _plain(text: str) -> str:
    """GIFT text without its format marker ([html], [moodle], [markdown], [plain])."""
    text = re.sub(r"^\[(html|moodle|markdown|plain)\]", "", text.strip())
    return _restore(text)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Question blocks (separated by blank lines) with their first line number; comments dropped."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("//"):
            continue
        if not line.strip():
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _number(text: str) -> float:
    return float(text.strip().replace(",", "."))


_MARK = re.compile(r"(?:^|(?<=\s))([=~])(?:%(-?\d+(?:[.,]\d+)?)%)?")


def gift_answers(body: str) -> list[tuple[float, str, str]]:
    """[(fraction, answer, feedback)] of a GIFT answer list: "=right ~wrong ~%50%half#why" (escapes protected)."""
    marks = list(_MARK.finditer(body))
    answers = []
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(body)
        chunk = body[mark.end() : end]
        answer, _sep, feedback = chunk.partition("#")
        if mark.group(2) is not None:
            fraction = float(mark.group(2).replace(",", ".")) / 100
        else:
            fraction = 1.0 if mark.group(1) == "=" else 0.0
        answers.append((fraction, answer.strip(), feedback.strip()))
    if not marks and body.strip():
        raise ValueError(_("an answer must start with = or ~"))
    return answers


def _gift_answers(kind_hint: str, body: str) -> tuple[str, list[dict], dict]:
    """(kind, options, settings) from the inside of a GIFT answer block."""
    body = body.strip()
    general = ""
    if "####" in body:
        body, general = body.split("####", 1)
    settings: dict = {"general_feedback": _plain(general)} if general.strip() else {}
    if not body:
        return "essay", [], settings
    if re.fullmatch(r"(T|TRUE|F|FALSE)(#.*)?", body, re.DOTALL):
        value = body.split("#", 1)[0]
        settings["statement_is_true"] = value in ("T", "TRUE")
        return "truefalse", [], settings
    if body.startswith("#"):
        options = []
        numbers = body[1:].strip()
        for fraction, answer, feedback in gift_answers(numbers if numbers[:1] in "=~" else "=" + numbers):
            answer = _restore(answer)
            if ".." in answer:
                low, high = (_number(p) for p in answer.split("..", 1))
                value, tolerance = (low + high) / 2, (high - low) / 2
            else:
                value_text, _sep, tolerance_text = answer.partition(":")
                value, tolerance = _number(value_text), (_number(tolerance_text) if tolerance_text else 0.0)
            options.append(
                {
                    "text": f"{value:g}",
                    "fraction": fraction * 100,
                    "tolerance": tolerance,
                    "feedback": _plain(feedback),
                }
            )
        return "numerical", options, settings
    answers = gift_answers(body.replace("\n", " "))
    if not answers:
        raise ValueError(_("no answer could be read"))
    if all("->" in answer for _f, answer, _fb in answers):
        options = []
        for _fraction, answer, _feedback in answers:
            prompt, _arrow, match = answer.partition("->")
            options.append({"text": _restore(prompt), "match": _restore(match), "fraction": 0})
        return "matching", options, settings
    wrong = any(mark.group(1) == "~" for mark in _MARK.finditer(body))
    options = [{"text": _plain(a), "fraction": f * 100, "feedback": _plain(fb)} for f, a, fb in answers]
    if not wrong:
        return "short", options, settings
    positive = [o for o in options if o["fraction"] > 0]
    if not positive:
        raise ValueError(_("no right answer"))
    if len(positive) == 1 and positive[0]["fraction"] >= 100:
        return "single", options, settings
    return "multiple", options, settings


def read_gift(text: str) -> tuple[list[Parsed], list[Problem]]:
    """Questions and problems of a GIFT text."""
    questions: list[Parsed] = []
    problems: list[Problem] = []
    for line, block in _blocks(text or ""):
        source = block.splitlines()[0][:120]
        if block.strip().startswith("$CATEGORY:"):
            continue
        protected = _protect(block)
        title = ""
        match = re.match(r"\s*::(.*?)::", protected, re.DOTALL)
        if match:
            title = _restore(match.group(1))
            protected = protected[match.end() :]
        opening = protected.find("{")
        closing = protected.find("}", opening + 1)
        if opening < 0 or closing < 0:
            problems.append(Problem(line, _("No answer block {…} was found."), source))
            continue
        if protected.find("{", closing + 1) >= 0:
            problems.append(Problem(line, _("More than one answer block: write this question as cloze."), source))
            continue
        before, body, after = protected[:opening], protected[opening + 1 : closing], protected[closing + 1 :]
        try:
            kind, options, settings = _gift_answers("", body)
        except (ValueError, InvalidOperation) as error:
            problems.append(Problem(line, _("The answers cannot be read: %(error)s.") % {"error": error}, source))
            continue
        text_value = _plain(before)
        if after.strip():
            text_value = f"{text_value} _____ {_plain(after)}"
        if not text_value:
            problems.append(Problem(line, _("The question has no text."), source))
            continue
        feedback = settings.pop("general_feedback", "")
        questions.append(
            Parsed(line, kind, (title or strip_tags(text_value))[:200], text_value, options, settings, feedback)
        )
    return questions, problems


# --- Moodle XML ------------------------------------------------------------------------

_KINDS = {
    "multichoice": "single",
    "truefalse": "truefalse",
    "shortanswer": "short",
    "numerical": "numerical",
    "matching": "matching",
    "essay": "essay",
    "cloze": "cloze",
    "ordering": "ordering",
}


def _text_of(element, path: str = "text") -> str:
    found = element.find(path) if element is not None else None
    return strip_tags((found.text or "") if found is not None else "").strip()


def read_moodle_xml(text: str) -> tuple[list[Parsed], list[Problem]]:
    """Questions and problems of a Moodle XML export (no DTD, no entities: they are refused)."""
    starts = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<question\b", text or "")]
    try:
        root = SafeET.fromstring(text or "", forbid_dtd=True)
    except SafeET.ParseError as error:
        line = getattr(error, "position", (1, 0))[0]
        return [], [Problem(line, _("The file is not valid XML: %(error)s.") % {"error": error})]
    except Exception as error:  # noqa: BLE001 - defusedxml's refusals (a DTD, entities) and the like
        return [], [Problem(1, _("The file cannot be read: %(error)s.") % {"error": type(error).__name__})]
    questions: list[Parsed] = []
    problems: list[Problem] = []
    for index, element in enumerate(root.iter("question")):
        line = starts[index] if index < len(starts) else 1
        moodle_type = element.get("type", "")
        if moodle_type == "category":
            continue
        kind = _KINDS.get(moodle_type)
        name = _text_of(element.find("name"))
        if kind is None:
            problems.append(
                Problem(line, _("Questions of type “%(type)s” cannot be imported.") % {"type": moodle_type}, name)
            )
            continue
        text_value = _text_of(element.find("questiontext"))
        if not text_value:
            problems.append(Problem(line, _("The question has no text."), name))
            continue
        options, settings = [], {}
        try:
            if moodle_type == "multichoice":
                kind = "single" if (element.findtext("single") or "true").strip() == "true" else "multiple"
                options = [
                    {
                        "text": _text_of(a),
                        "fraction": float(a.get("fraction", "0")),
                        "feedback": _text_of(a.find("feedback")),
                    }
                    for a in element.findall("answer")
                ]
            elif moodle_type == "truefalse":
                right = next((a for a in element.findall("answer") if float(a.get("fraction", "0")) > 0), None)
                settings["statement_is_true"] = right is not None and _text_of(right).lower() in ("true", "đúng")
            elif moodle_type == "shortanswer":
                options = [
                    {"text": _text_of(a), "fraction": float(a.get("fraction", "0"))} for a in element.findall("answer")
                ]
                settings["case_sensitive"] = (element.findtext("usecase") or "0").strip() == "1"
            elif moodle_type == "numerical":
                options = [
                    {
                        "text": _text_of(a),
                        "fraction": float(a.get("fraction", "0")),
                        "tolerance": _number(a.findtext("tolerance") or "0"),
                    }
                    for a in element.findall("answer")
                ]
                units = [
                    f"{u.findtext('unit_name', '').strip()}={u.findtext('multiplier', '1').strip()}"
                    for u in element.findall("units/unit")
                ]
                if units:
                    settings["units"] = "; ".join(units)
            elif moodle_type == "matching":
                options = [
                    {"text": _text_of(s), "match": _text_of(s.find("answer")), "fraction": 0}
                    for s in element.findall("subquestion")
                ]
                options = [o for o in options if o["text"]]
            elif moodle_type == "ordering":
                answers = sorted(element.findall("answer"), key=lambda a: float(a.get("fraction", "0")))
                options = [{"text": _text_of(a), "fraction": 0} for a in answers]
        except (ValueError, InvalidOperation) as error:
            problems.append(Problem(line, _("The answers cannot be read: %(error)s.") % {"error": error}, name))
            continue
        if kind in ("single", "multiple", "short", "numerical", "matching", "ordering") and not options:
            problems.append(Problem(line, _("The question has no answers."), name))
            continue
        questions.append(
            Parsed(
                line,
                kind,
                (name or text_value)[:200],
                text_value,
                options,
                settings,
                _text_of(element.find("generalfeedback")),
            )
        )
    return questions, problems


def read(text: str, fmt: str) -> tuple[list[Parsed], list[Problem]]:
    """``fmt``: "gift" or "xml"; too many questions is a problem of its own."""
    questions, problems = (read_moodle_xml if fmt == "xml" else read_gift)(text)
    if len(questions) > MAX_QUESTIONS:
        problems.append(
            Problem(questions[MAX_QUESTIONS].line, _("At most %(max)s questions per file.") % {"max": MAX_QUESTIONS})
        )
        questions = questions[:MAX_QUESTIONS]
    return questions, problems


def _fraction(value) -> Decimal:
    try:
        return max(Decimal("-100"), min(Decimal("100"), Decimal(str(round(float(value), 4)))))
    except (InvalidOperation, ValueError):
        return Decimal("0")


def import_questions(user, category, questions: list[Parsed]) -> list[Question]:
    """Create every question in ``category`` (one transaction: all or none), each frozen as version 1."""
    from .services import save_question_version

    allowed = {f.name for f in Question._meta.get_fields()}
    created = []
    with transaction.atomic():
        for parsed in questions:
            settings = {k: v for k, v in parsed.settings.items() if k in allowed}
            question = Question.objects.create(
                category=category,
                title=parsed.title[:200] or "—",
                kind=parsed.kind,
                text=parsed.text,
                general_feedback=parsed.feedback,
                **settings,
            )
            QuestionOption.objects.bulk_create(
                [
                    QuestionOption(
                        question=question,
                        sort_order=index,
                        text=option["text"],
                        fraction=_fraction(option.get("fraction", 0)),
                        match=(option.get("match") or "")[:300],
                        tolerance=_fraction(option.get("tolerance", 0)).copy_abs(),
                        feedback=option.get("feedback", ""),
                    )
                    for index, option in enumerate(parsed.options)
                ]
            )
            save_question_version(user, question)
            created.append(question)
        audit.record("assessment.questions_imported", actor=user, target=category, count=len(created))
    return created


# --- Export -----------------------------------------------------------------------------


def _text_element(parent, tag: str, value: str, **attrs):
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = value or ""
    return element


def moodle_xml(category, questions) -> bytes:
    """The questions of ``category`` in Moodle XML, readable by Moodle and by :func:`read_moodle_xml`."""
    quiz = ET.Element("quiz")
    head = ET.SubElement(quiz, "question", type="category")
    _text_element(head, "category", "$course$/" + "/".join(c.name for c in category.ancestors()))
    types = {v: k for k, v in _KINDS.items()} | {"single": "multichoice", "multiple": "multichoice"}
    for question in questions:
        element = ET.SubElement(quiz, "question", type=types[question.kind])
        _text_element(element, "name", question.title)
        _text_element(element, "questiontext", question.text, format="plain_text")
        _text_element(element, "generalfeedback", question.general_feedback, format="plain_text")
        ET.SubElement(element, "defaultgrade").text = str(question.default_points)
        options = list(question.options.all())
        if question.kind in ("single", "multiple"):
            ET.SubElement(element, "single").text = "true" if question.kind == "single" else "false"
            ET.SubElement(element, "shuffleanswers").text = "1" if question.shuffle else "0"
        if question.kind == "truefalse":
            for value in ("true", "false"):
                right = (value == "true") == question.statement_is_true
                _text_element(element, "answer", value, fraction="100" if right else "0")
        elif question.kind == "matching":
            for option in options:
                sub = _text_element(element, "subquestion", option.text, format="plain_text")
                _text_element(sub, "answer", option.match)
        elif question.kind == "ordering":
            for index, option in enumerate(options, start=1):
                _text_element(element, "answer", option.text, fraction=str(index))
        else:
            if question.kind == "short":
                ET.SubElement(element, "usecase").text = "1" if question.case_sensitive else "0"
            for option in options:
                answer = _text_element(
                    element, "answer", option.text, fraction=f"{option.fraction:g}", format="plain_text"
                )
                _text_element(answer, "feedback", option.feedback)
                if question.kind == "numerical":
                    ET.SubElement(answer, "tolerance").text = f"{option.tolerance:g}"
            if question.kind == "numerical" and question.units:
                units = ET.SubElement(element, "units")
                from .specs import parse_units

                for unit in parse_units(question.units):
                    entry = ET.SubElement(units, "unit")
                    ET.SubElement(entry, "multiplier").text = f"{unit['multiplier']:g}"
                    ET.SubElement(entry, "unit_name").text = unit["unit"]
    ET.indent(quiz)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode")).encode()
