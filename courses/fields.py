"""A list of school levels stored as JSON, edited as checkboxes, filterable on every database."""

from django import forms
from django.db import models
from django.db.models import Q

from accounts.models import SchoolLevel


class SchoolLevelsField(models.JSONField):
    """A list of :class:`accounts.models.SchoolLevel` codes, e.g. ``["thcs", "thpt"]``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=SchoolLevel.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


def has_school_level(field_name: str, code: str) -> Q:
    """Rows whose ``field_name`` list contains ``code``.

    JSON ``contains`` is not available on SQLite; the quoted code inside the
    stored JSON text is exact because codes are validated against the choices.
    """
    if code not in SchoolLevel.values:
        return Q(pk__in=[])
    return Q(**{f"{field_name}__icontains": f'"{code}"'})


def school_level_labels(codes) -> list[str]:
    labels = dict(SchoolLevel.choices)
    return [str(labels[code]) for code in codes or [] if code in labels]
