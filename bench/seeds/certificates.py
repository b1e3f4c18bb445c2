"""Benchmark certificates: a template, numbering per programme, and issued certificates.

One certificate is rendered and stored for real; the others (bulk-created,
with their own snapshot, number and verification code) share its stored PDF,
which only downloads would read. The classes ``BENCH-BULK-1/2`` are left
without certificates, for the bulk-issue measurement.
"""

import hashlib

from django.db import transaction
from django.utils import timezone

from certificates.demo import landscape_template
from certificates.models import Certificate, NumberSequence, ProgrammeCertificateSettings
from certificates.numbering import format_number
from certificates.rendering import template_part
from certificates.services import issue, snapshot_for
from enrolment.models import Enrolment
from lms.site import site_settings as read_site_settings

from .enrolment import PREFIX

# Issuing takes a certificate number in a transaction of its own: seed_bench
# must not wrap this module in one.
ATOMIC = False


def seed(ctx):
    rng = ctx.rng
    template = landscape_template()
    for programme in ctx.shared["programmes"]:
        ProgrammeCertificateSettings.objects.get_or_create(
            programme=programme, defaults={"default_template": template}
        )
    if Certificate.objects.filter(cohort__code__startswith=PREFIX).count() < 2:
        _seed(ctx, rng, template)
    sample = Certificate.objects.filter(cohort__code__startswith=PREFIX).order_by("pk").first()
    ctx.manifest["url.verify"] = f"/xac-thuc/{sample.verification_code}/"
    ctx.manifest["certificate.sample"] = sample.pk


def _seed(ctx, rng, template):
    completed = list(
        Enrolment.objects.filter(cohort__code__startswith=PREFIX, status=Enrolment.Status.COMPLETED)
        .exclude(cohort__code__startswith=f"{PREFIX}BULK-")
        .select_related("user", "cohort__course")
        .order_by("pk")[: ctx.sizes["certificates"]]
    )
    # One rendered and stored for real, with a real number.
    first = Certificate.objects.filter(enrolment=completed[0]).first() or issue(completed[0])
    programmes = {p.pk: p for p in ctx.shared["programmes"]}
    programme_of = {
        c.pk: p for p in ctx.shared["programmes"] for c in ctx.shared["courses"] if c.path.startswith(p.path)
    }
    site_settings = read_site_settings()
    part = template_part(template, site_settings)
    now = timezone.now().replace(microsecond=0)
    year = timezone.localtime(now).year
    sequences = {p: NumberSequence.objects.get_or_create(programme_id=p, scope=str(year))[0] for p in programmes}
    certificates = []
    for enrolment in completed[1:]:
        cohort, course = enrolment.cohort, enrolment.cohort.course
        programme = programme_of[course.pk]
        sequence = sequences[programme.pk]
        sequence.last_value += 1
        number = format_number("{code}-{year}-{seq:05d}", code=programme.code, year=year, seq=sequence.last_value)
        code = f"{rng.getrandbits(192):048x}"
        certificate = Certificate(
            number=number,
            verification_code=code,
            enrolment=enrolment,
            learner=enrolment.user,
            cohort=cohort,
            course=course,
            programme=programme,
            template=template,
            issued_at=now,
            status=Certificate.Status.VALID,
            pdf=first.pdf.name,
            sha256=hashlib.sha256(code.encode()).hexdigest(),
            pdf_size=first.pdf_size,
        )
        certificate.snapshot = snapshot_for(certificate, template, site_settings, part=part)
        certificates.append(certificate)
    with transaction.atomic():
        Certificate.objects.bulk_create(certificates, batch_size=500)
        for sequence in sequences.values():
            sequence.save(update_fields=["last_value"])
    ctx.log(f"  certificates: {len(certificates) + 1}")
