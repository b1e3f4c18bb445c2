"""The dry run: what each row would do, and everything wrong with it.

Errors block the whole import (the manager fixes the file and uploads it
again): formula cells, missing name, bad e-mail, duplicate row, unknown
school level, bad phone number. Warnings are applied as they say: already
enrolled (skipped), class full (goes to the waiting list), unknown subject
(ignored). Four queries whatever the number of rows.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from accounts.models import SchoolLevel, Subject, school_key
from accounts.schools import known_names
from lms.text import clean_text

from ..models import Cohort, Enrolment
from ..services import seats_taken
from .reading import fold

FORMULA_STARTS = ("=", "+", "-", "@")
PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{6,19}$")
LEVEL_ALIASES = {
    SchoolLevel.PRIMARY: ["Tiểu học", "TH", "Primary", "Primary school"],
    SchoolLevel.LOWER_SECONDARY: ["THCS", "Trung học cơ sở", "Lower secondary", "Lower secondary school"],
    SchoolLevel.UPPER_SECONDARY: ["THPT", "Trung học phổ thông", "Upper secondary", "Upper secondary school"],
    SchoolLevel.VOCATIONAL: ["GDNN-GDTX", "GDNN", "GDTX", "Trung tâm GDNN-GDTX", "Vocational"],
    SchoolLevel.HIGHER: ["Cao đẳng/Đại học", "Cao đẳng", "Đại học", "CĐ/ĐH", "College", "University"],
    SchoolLevel.ENTERPRISE: ["Doanh nghiệp", "Enterprise"],
    SchoolLevel.OTHER: ["Khác", "Other"],
}
LEVELS = {fold(alias): level for level, aliases in LEVEL_ALIASES.items() for alias in [*aliases, level]}
LEVEL_HINT = "Tiểu học, THCS, THPT, GDNN-GDTX, Cao đẳng/Đại học, Doanh nghiệp, Khác"
COLUMN_LABELS = {
    "full_name": "Họ và tên",
    "email": "E-mail",
    "organisation": "Đơn vị",
    "school_level": "Cấp học",
    "subjects": "Môn dạy",
    "phone": "Số điện thoại",
}
REENROLLABLE = (Enrolment.Status.WITHDRAWN, Enrolment.Status.REMOVED)


@dataclass
class RowCheck:
    """One row of the preview: cleaned values, what will happen, what is wrong."""

    line: int
    values: dict
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    user_id: int | None = None
    enrolment_id: int | None = None
    subject_ids: list = field(default_factory=list)
    outcome: str = ""  # "active", "waitlisted", "skip" once checked

    @property
    def creates_account(self) -> bool:
        return self.user_id is None and not self.errors


@dataclass
class Preview:
    cohort: Cohort
    rows: list[RowCheck]

    @property
    def error_rows(self):
        return [r for r in self.rows if r.errors]

    @property
    def can_apply(self) -> bool:
        return not self.error_rows and any(r.outcome in ("active", "waitlisted") for r in self.rows)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome and not r.errors)

    @property
    def new_accounts(self) -> int:
        return sum(1 for r in self.rows if r.creates_account and r.outcome != "skip")


def _formula_cells(row: dict) -> list[str]:
    found = []
    for column, raw in row.items():
        if column == "line" or not isinstance(raw, str):
            continue
        value = raw.lstrip()
        if not value.startswith(FORMULA_STARTS):
            continue
        if column == "phone" and PHONE.match(clean_text(value)):
            continue  # "+84 912 345 678" is a phone number, not a formula
        found.append(column)
    return found


def _check_values(row: dict, check: RowCheck, subjects: dict) -> None:
    for column in _formula_cells(row):
        check.errors.append(
            _("Column “%(column)s” starts with “%(sign)s”: formulas are not accepted. Remove the sign.")
            % {"column": COLUMN_LABELS[column], "sign": row[column].lstrip()[0]}
        )
    values = check.values
    if not values["full_name"]:
        check.errors.append(_("The full name is missing."))
    try:
        validate_email(values["email"])
    except ValidationError:
        check.errors.append(_("“%(value)s” is not a valid e-mail address.") % {"value": values["email"]})
    level = values["school_level"]
    if level:
        if fold(level) in LEVELS:
            values["school_level"] = LEVELS[fold(level)]
        else:
            check.errors.append(
                _("Unknown school level “%(value)s”. Use one of: %(levels)s.") % {"value": level, "levels": LEVEL_HINT}
            )
    if values["phone"] and not PHONE.match(values["phone"]):
        check.errors.append(_("“%(value)s” is not a phone number.") % {"value": values["phone"]})
    for name in filter(None, (clean_text(n) for n in re.split(r"[,;/]", values["subjects"]))):
        if fold(name) in subjects:
            check.subject_ids.append(subjects[fold(name)])
        else:
            check.warnings.append(_("Unknown subject “%(value)s”: ignored.") % {"value": name})


def check_rows(cohort: Cohort, rows: list[dict]) -> Preview:
    """The preview of importing ``rows`` into ``cohort`` against the database as it is now."""
    subjects = {fold(s.name): s.pk for s in Subject.objects.all()}
    checks, seen = [], {}
    for row in rows:
        values = {c: clean_text(str(row.get(c) or "")) for c in COLUMN_LABELS}
        values["email"] = values["email"].lower()
        check = RowCheck(line=row["line"], values=values)
        _check_values(row, check, subjects)
        if values["email"] in seen:
            check.errors.append(_("Same e-mail as line %(line)s: duplicate row.") % {"line": seen[values["email"]]})
        elif values["email"]:
            seen[values["email"]] = check.line
        checks.append(check)

    emails = [c.values["email"] for c in checks if c.values["email"]]
    users = {u.email.lower(): u for u in get_user_model().objects.filter(email__in=emails)}
    enrolments = {
        e.user_id: e for e in Enrolment.objects.filter(cohort=cohort, user__in=[u.pk for u in users.values()])
    }
    known = known_names(c.values["organisation"] for c in checks)
    free = cohort.capacity - seats_taken(cohort)
    position = cohort.enrolments.filter(status=Enrolment.Status.WAITLISTED).count()
    for check in checks:
        user = users.get(check.values["email"])
        if user is not None:
            check.user_id = user.pk
            enrolment = enrolments.get(user.pk)
            if enrolment is not None:
                check.enrolment_id = enrolment.pk
                if enrolment.status not in REENROLLABLE:
                    check.outcome = "skip"
                    check.warnings.append(
                        _("Already in this class (%(status)s): skipped.") % {"status": enrolment.get_status_display()}
                    )
                    continue
        if check.errors:
            continue
        organisation = check.values["organisation"]
        if check.user_id is None and organisation and school_key(organisation) not in known:
            check.warnings.append(
                _("“%(name)s” is not in the list of schools yet: it will be added for a manager to confirm.")
                % {"name": organisation}
            )
        if free > 0:
            check.outcome, free = "active", free - 1
        else:
            position += 1
            check.outcome = "waitlisted"
            check.warnings.append(
                _("The class is full: goes to the waiting list (position %(position)s).") % {"position": position}
            )
    return Preview(cohort=cohort, rows=checks)
