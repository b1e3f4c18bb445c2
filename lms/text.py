"""Text hygiene shared by every form: Unicode NFC and collapsed whitespace.

Vietnamese typed on some keyboards (and pasted from some PDFs) arrives in
decomposed form (NFD). It looks the same on screen but compares, searches
and prints differently, so every piece of text is stored composed (NFC).
"""

import unicodedata

from django import forms

# Control characters other than tab, newline and carriage return.
_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)} | {0x7F: None}


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` in NFC, without control characters, trimmed.

    Single-line text also has its runs of whitespace collapsed to one space.
    """
    value = unicodedata.normalize("NFC", value).translate(_CONTROL)
    if multiline:
        return value.replace("\r\n", "\n").strip()
    return " ".join(value.split())


class CleanTextFormMixin:
    """Apply :func:`clean_text` to every text field of a form before validation."""

    def _clean_fields(self):
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                key = self.add_prefix(name)
                if key in self.data and isinstance(self.data.get(key), str):
                    if not getattr(self.data, "_mutable", True):
                        self.data = self.data.copy()
                    self.data[key] = clean_text(self.data[key], multiline=isinstance(field.widget, forms.Textarea))
        super()._clean_fields()
