"""One-time codes that prove an e-mail address: six digits, ten minutes, five tries, then a pause.

Only a keyed hash of each code is stored (HMAC with the site's secret and
the address), the code itself goes into the e-mail and nowhere else: never
into the audit trail, a log line or an error message. Requests for codes
are limited per address and per IP (in the cache), and every answer reads
the same whether the address is known or not.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from lms.mail import enqueue_email
from lms.site import organisation_name

from .models import EmailCode

CODE_MINUTES = 10
MAX_TRIES = 5
PAUSE_MINUTES = 15
# Codes sent, per address and per IP, in a rolling hour.
SENDS_PER_EMAIL = 5
SENDS_PER_IP = 20
HOUR = 3600


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    reason: str = ""  # "wrong", "expired", "paused"


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def _hash(email: str, code: str) -> str:
    return salted_hmac("activities.email-code", f"{email}:{code}", algorithm="sha256").hexdigest()


def _count(key: str, limit: int) -> bool:
    """Count one use of ``key`` in the hour; False once ``limit`` is passed."""
    if cache.add(key, 1, timeout=HOUR):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:
        cache.add(key, 1, timeout=HOUR)
        return True


def paused(email: str, now=None) -> bool:
    now = now or timezone.now()
    return EmailCode.objects.filter(email=normalise(email), paused_until__gt=now).exists()


def allowed_to_send(email: str, ip: str) -> bool:
    """Rate limits: per address and per IP (both counted, whatever the answer)."""
    by_email = _count(f"activities:code:email:{_hash(normalise(email), 'rate')}", SENDS_PER_EMAIL)
    by_ip = _count(f"activities:code:ip:{ip or 'unknown'}", SENDS_PER_IP)
    return by_email and by_ip


def send_code(email: str, *, language: str | None = None) -> bool:
    """Send a new code to ``email`` (earlier unused codes stop working). False while the address is paused."""
    email = normalise(email)
    now = timezone.now()
    if paused(email, now):
        return False
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        EmailCode.objects.filter(email=email, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        EmailCode.objects.create(
            email=email, code_hash=_hash(email, code), expires_at=now + datetime.timedelta(minutes=CODE_MINUTES)
        )
        context = {"code": code, "minutes": CODE_MINUTES, "organisation": organisation_name()}
        subject = " ".join(render_to_string("activities/emails/code_subject.txt", context).split())
        body = render_to_string("activities/emails/code_message.txt", context)
        enqueue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return True


def check_code(email: str, code: str) -> CheckResult:
    """Check ``code`` against the latest code sent to ``email``; a right code is used up."""
    email = normalise(email)
    code = "".join((code or "").split())
    now = timezone.now()
    with transaction.atomic():
        latest = EmailCode.objects.select_for_update().filter(email=email).order_by("-created_at", "-pk").first()
        if latest is None:
            return CheckResult(False, "expired")
        if latest.paused_until and latest.paused_until > now:
            return CheckResult(False, "paused")
        if latest.used_at is not None or latest.expires_at <= now or latest.attempts >= MAX_TRIES:
            return CheckResult(False, "expired")
        if constant_time_compare(latest.code_hash, _hash(email, code)):
            latest.used_at = now
            latest.save(update_fields=["used_at"])
            return CheckResult(True)
        latest.attempts += 1
        fields = ["attempts"]
        if latest.attempts >= MAX_TRIES:
            latest.paused_until = now + datetime.timedelta(minutes=PAUSE_MINUTES)
            fields.append("paused_until")
        latest.save(update_fields=fields)
        return CheckResult(False, "paused" if latest.attempts >= MAX_TRIES else "wrong")
