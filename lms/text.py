"""Text hygiene shared by every form (Unicode NFC, collapsed whitespace) and folding for search.

Vietnamese typed on some keyboards (and pasted from some PDFs) arrives in
decomposed form (NFD). It looks the same on screen but compares, searches
and prints differently, so every piece of text is stored composed (NFC).
"""

import re
import unicodedata
from functools import lru_cache
from html import unescape

from django import forms

# Control characters other than tab, newline and carriage return.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]*>")
_SKIP_KEYS = {"type", "id", "url", "kind", "image", "document", "stage", "duration"}

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


# --- Folding: Vietnamese without diacritics, for search ------------------------


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character without its marks, lower case; always one character long."""
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char.lower()


def fold(text: str) -> str:
    """``text`` without diacritics, lower case, with "đ" as "d".

    The result has exactly one character per character of the NFC input, so a
    position found in the folded text is the same position in the original.
    """
    return "".join(fold_char(c) for c in unicodedata.normalize("NFC", text or ""))


def query_terms(query: str) -> list[str]:
    """The distinct search words of a visitor's query, folded, bounded in number and length."""
    terms: list[str] = []
    for word in WORD.findall(fold(query[:MAX_QUERY_CHARS])):
        word = word[:MAX_TERM_CHARS]
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def stream_text(raw_data) -> list[str]:
    """The words of a StreamField's raw JSON, without HTML, ids or links.

    Reads the stored data directly, so it costs no query for images or documents.
    """
    texts: list[str] = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in _SKIP_KEYS:
                    walk(v, k)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and value and not value.startswith(("http://", "https://")):
            texts.append(plain(value))

    walk(list(getattr(raw_data, "raw_data", raw_data) or []))
    return texts


def plain(html_or_text: str) -> str:
    """Rich text as plain text; every tag counts as a space, so list items stay apart.

    Only for indexing and for snippets, which are escaped again before display.
    """
    return " ".join(unescape(_TAG.sub(" ", html_or_text or "")).split())


# --- Vietnamese collation ------------------------------------------------------

# The Vietnamese alphabet (with the Latin letters used in borrowed words), then the tones
# in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_MODIFIERS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_key(text: str) -> tuple:
    """A sort key that orders names and places as a Vietnamese reader expects.

    Letters first, in the Vietnamese alphabet (a < ă < â < b … d < đ …),
    ignoring spaces and punctuation; then tones (none, huyền, hỏi, ngã, sắc,
    nặng); then case. "Tân Uyên" < "Thuận An" < "Thủ Dầu Một"; "Đức" sorts
    after every "D…" name, not with it nor after "Z".
    """
    text = str(text or "")
    letters = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if letters and char in _TONES:
                letters[-1][1] = _TONES[char]
            elif letters and char in _MODIFIERS:
                letters[-1][0] = unicodedata.normalize("NFC", letters[-1][0] + char)
        elif char.isalnum():
            letters.append([char.lower(), 0, char.isupper()])
    primary = tuple(_RANK.get(letter, len(_ALPHABET) + ord(letter[0])) for letter, _tone, _upper in letters)
    return (primary, tuple(tone for _l, tone, _u in letters), tuple(upper for *_x, upper in letters), text)


def vietnamese_sorted(items, key=lambda item: item):
    """``items`` sorted by :func:`vietnamese_key` of ``key(item)``."""
    return sorted(items, key=lambda item: vietnamese_key(key(item)))


# --- Money -----------------------------------------------------------------------


def format_dong(value) -> str:
    """An amount in đồng as Vietnamese readers write it: ``25000`` -> "25.000 đ" ("" for None or "").

    Whole đồng (the currency has no smaller unit in use); a dot between
    thousands and a non-breaking space before "đ", in pages and PDFs alike,
    whatever the interface language.
    """
    if value is None or value == "":
        return ""
    amount = round(float(value))
    digits = f"{abs(amount):,}".replace(",", ".")
    return f"{'-' if amount < 0 else ''}{digits}\u00a0đ"
