"""The short anonymous feedback survey after a session, on Wagtail's form builder.

Managers edit the questions (what was good, what to improve...) on a
:class:`SurveyPage`; the satisfaction scale (1–5) is fixed so it can be
averaged per activity, kind and programme. An answer records its session and
satisfaction, never who gave it: the registration the link was sent for is
only marked as answered (:class:`SurveyAnswered`, not joined to the answer),
so each place answers once and the answers stay anonymous.
"""

from __future__ import annotations

from django import forms
from django.core import signing
from django.db import models, transaction
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.fields import RichTextField

from lms.rich_text import RICH_TEXT_FEATURES
from lms.text import fold

SATISFACTION_CHOICES = [(n, str(n)) for n in range(1, 6)]
SIGNING_SALT = "activities.survey"
TOKEN_MAX_AGE = 60 * 24 * 3600  # the link in the e-mail and on the private page works for 60 days


def survey_token(registration) -> str:
    return signing.dumps(registration.pk, salt=SIGNING_SALT, compress=True)


def read_survey_token(token: str):
    """The registration a survey link was made for, or None when the link is bad or too old."""
    from .people import Registration

    try:
        pk = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return Registration.objects.select_related("session", "session__activity").filter(pk=pk).first()


def may_answer(registration) -> bool:
    """A confirmed place at a session that has ended, not answered yet."""
    return (
        registration is not None
        and registration.status == registration.Status.CONFIRMED
        and registration.session.is_past
        and registration.session.status != "cancelled"
        and not SurveyAnswered.objects.filter(registration=registration).exists()
    )


class SurveyField(AbstractFormField):
    page = ParentalKey("activities.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")

    def get_field_clean_name(self):
        # "Điều gì tốt" -> "dieu_gi_tot" (Wagtail's own would give "u0110ieu_gi_tot").
        return get_field_clean_name(fold(self.label))


class SurveyPage(AbstractForm):
    """ "Ý kiến sau buổi hoạt động": the questions asked after every session (managers edit them)."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        FormSubmissionsPanel(),
        *AbstractForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Questions"), label=_("Question")),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [*AbstractForm.search_fields]
    parent_page_types = ["activities.ActivityIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "activities/survey_page.html"
    landing_page_template = "activities/survey_page_landing.html"

    class Meta:
        verbose_name = _("feedback survey")

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        fields = {
            "satisfaction": forms.TypedChoiceField(
                label=_("How satisfied are you with the session? (1 = not at all, 5 = very)"),
                choices=SATISFACTION_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
        }
        fields.update(form.fields)
        form.fields = fields
        return form

    def get_submission_class(self):
        return SurveyAnswer

    def process_form_submission(self, form):
        registration = form.registration
        with transaction.atomic():
            # One answer per place, even with two tabs sending at once (unique registration).
            _answered, created = SurveyAnswered.objects.get_or_create(registration=registration)
            if not created:
                return None
            data = {key: value for key, value in form.cleaned_data.items() if key != "satisfaction"}
            return SurveyAnswer.objects.create(
                form_data=data,
                page=self,
                session=registration.session,
                satisfaction=form.cleaned_data["satisfaction"],
            )

    def serve(self, request, *args, **kwargs):
        token = request.POST.get("r") if request.method == "POST" else request.GET.get("r")
        registration = read_survey_token(token or "")
        if not may_answer(registration):
            response = render(
                request,
                "activities/survey_closed.html",
                {"page": self, "answered": registration is not None and registration.session.is_past},
                status=404 if registration is None else 200,
            )
        elif request.method == "POST":
            form = self.get_form(request.POST, page=self, user=request.user)
            if form.is_valid():
                form.registration = registration
                self.process_form_submission(form)
                response = render(request, self.get_landing_page_template(request), {"page": self})
            else:
                response = render(
                    request,
                    self.get_template(request),
                    self._context(request, form, registration, token),
                    status=400,
                )
        else:
            form = self.get_form(page=self, user=request.user)
            response = render(request, self.get_template(request), self._context(request, form, registration, token))
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def _context(self, request, form, registration, token):
        context = self.get_context(request)
        context.update({"form": form, "session": registration.session, "token": token})
        return context


class SurveyAnswer(AbstractFormSubmission):
    """One anonymous answer: the session and the satisfaction, the other answers in ``form_data``."""

    session = models.ForeignKey("activities.ActivitySession", on_delete=models.PROTECT, related_name="survey_answers")
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), choices=SATISFACTION_CHOICES)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5), name="survey_satisfaction_1_to_5"
            )
        ]


class SurveyAnswered(models.Model):
    """A registration whose survey was answered (never joined to the answer itself)."""

    registration = models.OneToOneField(
        "activities.Registration", on_delete=models.CASCADE, related_name="survey_answered"
    )

    class Meta:
        verbose_name = _("survey answered")
        verbose_name_plural = _("surveys answered")

    def __str__(self):
        return str(self.registration_id)


def survey_links(registrations) -> dict[int, str]:
    """{registration pk: survey link} for the confirmed places at ended sessions not answered yet (two queries)."""
    rows = [
        r
        for r in registrations
        if r.status == r.Status.CONFIRMED and r.session.is_past and r.session.status != "cancelled"
    ]
    if not rows:
        return {}
    page = SurveyPage.objects.live().public().first()
    if page is None:
        return {}
    answered = set(
        SurveyAnswered.objects.filter(registration__in=[r.pk for r in rows]).values_list("registration_id", flat=True)
    )
    url = page.url
    return {r.pk: f"{url}?r={survey_token(r)}" for r in rows if r.pk not in answered}
