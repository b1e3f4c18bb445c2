"""Certificate numbers: a per-programme sequence that never hands out a number twice.

:func:`allocate_number` takes the next value (:func:`allocate_block` the next
``count`` values, for a bulk job's share) in a transaction of its own,
under a row lock (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` serialises writers), and commits it *before* the
certificate is written. A failed issue therefore leaves a gap, never a
number that a later certificate could print again; deleting a certificate
does not give its number back either. The unique constraint on
``Certificate.number`` is the last line of defence.
"""

import re
from collections.abc import Callable

from anyascii import anyascii
from django.db import connection, transaction
from django.utils import timezone

from .models import NumberSequence, ProgrammeCertificateSettings
from .models.rules import DEFAULT_NUMBER_FORMAT, NUMBER_TOKEN_RE


class NumberingInsideTransaction(RuntimeError):
    """Numbers must be committed on their own, so they cannot be taken inside a caller's transaction."""


def in_real_transaction() -> bool:
    """True inside ``transaction.atomic()`` opened by code (a test case's own wrapper does not count)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def number_format_for(programme) -> str:
    settings_row = ProgrammeCertificateSettings.objects.filter(programme=programme).only("number_format").first()
    return settings_row.number_format if settings_row else DEFAULT_NUMBER_FORMAT


def scope_for(number_format: str, year: int) -> str:
    """A format with {year} numbers each year from 1; one without it never starts again."""
    return str(year) if "{year}" in number_format else ""


def format_number(number_format: str, *, code: str, year: int, seq: int) -> str:
    """Fill a validated format: ``KHCN-{year}-{seq:05d}`` → ``KHCN-2019-00012``."""
    safe_code = re.sub(r"[^A-Za-z0-9.]+", "", anyascii(code or "")) or "GCN"

    def fill(match):
        name, width = match.group(1), match.group(2)
        if name == "code":
            return safe_code
        if name == "year":
            return str(year)
        return str(seq).zfill(int(width)) if width else str(seq)

    return NUMBER_TOKEN_RE.sub(fill, number_format)


def allocate_number(programme, *, when=None, series: str = "", number_format: str = "", code: str = "") -> str:
    """Take and commit the next number of ``programme``'s sequence; return it formatted.

    With ``series`` (a registered certificate kind's, see ``extensions.CertificateKind``) the
    number comes from that series' own sequence, in ``number_format``; ``programme`` may be None.
    """
    return allocate_block(programme, 1, when=when, series=series, number_format=number_format, code=code)[0]


def allocate_block(
    programme,
    count: int,
    *,
    record: Callable[[list[str]], None] | None = None,
    when=None,
    series: str = "",
    number_format: str = "",
    code: str = "",
) -> list[str]:
    """Take ``count`` consecutive numbers of the sequence in one transaction; return them formatted.

    ``record(numbers)`` runs inside that transaction, after the sequence moved: what the caller
    writes about the block (a bulk job's share, see ``bulk``) commits with it or not at all, and
    may raise to give the block back. The sequence's row lock is held for that short transaction
    only, never while a certificate renders.
    """
    if in_real_transaction():
        raise NumberingInsideTransaction("allocate_block() must be called outside transaction.atomic().")
    if count < 1:
        raise ValueError("count must be at least 1")
    year = timezone.localtime(when or timezone.now()).year
    number_format = number_format or number_format_for(programme)
    scope = scope_for(number_format, year)
    programme_id = programme.pk if programme is not None else None
    code = code or (programme.code if programme is not None else "")
    with transaction.atomic():
        if series:
            sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
                series=series, scope=scope, defaults={"programme_id": programme_id}
            )
        else:
            sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
                programme_id=programme_id, scope=scope, series=""
            )
        first = sequence.last_value + 1
        sequence.last_value += count
        sequence.save(update_fields=["last_value"])
        numbers = [format_number(number_format, code=code, year=year, seq=seq) for seq in range(first, first + count)]
        if record is not None:
            record(numbers)
    return numbers
