"""The registration forms: the e-mail and its code, the guardian, the children, the sessions and the consent."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.text import CleanTextFormMixin

from .models import Participant, WalkIn


class HoneypotMixin(CleanTextFormMixin, forms.Form):
    # Left empty by people (hidden from them and from screen readers); robots fill it.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def shown_fields(self):
        return [field for field in self.visible_fields() if field.name != "website"]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class EmailForm(HoneypotMixin):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("The 6-digit code we sent"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}),
    )


class GuardianForm(HoneypotMixin):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    phone = forms.CharField(label=_("Your phone number"), max_length=40)
    relationship = forms.CharField(
        label=_("Your relationship to the children"),
        max_length=60,
        required=False,
        help_text=_("For example: mẹ, bố, ông, bà, người giám hộ"),
    )


class ChildForm(CleanTextFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Child's full name"), max_length=200)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    school = forms.CharField(label=_("School"), max_length=200)
    grade = forms.CharField(label=_("Grade"), max_length=20, help_text=_("For example: 5, 7A"))
    gender = forms.ChoiceField(
        label=_("Gender (optional, for the Department's counts)"),
        choices=[("", _("Not given")), *Participant.Gender.choices],
        required=False,
    )
    health_notes = forms.CharField(
        label=_("Health or allergy notes (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept only if you tick the consent for health notes below."),
    )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("A date of birth cannot be in the future."))
        return born


ChildFormSet = forms.formset_factory(ChildForm, extra=3, max_num=6, min_num=1, validate_min=True, validate_max=True)


class ConsentForm(forms.Form):
    participation = forms.BooleanField(
        label=_("I agree that the children take part and that the organiser keeps the records this needs (required)."),
        required=False,
    )
    health_data = forms.BooleanField(
        label=_(
            "I agree that the health or allergy notes I give are kept and read by the organisers (sensitive data)."
        ),
        required=False,
    )
    photos = forms.BooleanField(label=_("I agree that photos are taken during the session."), required=False)
    publishing = forms.BooleanField(
        label=_("I agree that photos or works of the children are published by the organiser."), required=False
    )
    child_agrees_to_publishing = forms.BooleanField(
        label=_("Children aged 7 or older have told me they agree to publishing."), required=False
    )


class AdultForm(HoneypotMixin):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    phone = forms.CharField(label=_("Your phone number"), max_length=40, required=False)
    organisation = forms.CharField(label=_("School / organisation"), max_length=200, required=False)


class AdultConsentForm(forms.Form):
    participation = forms.BooleanField(
        label=_("I agree that the organiser keeps the records my participation needs (required)."), required=False
    )
    photos = forms.BooleanField(label=_("I agree that photos are taken during the session."), required=False)
    publishing = forms.BooleanField(
        label=_("I agree that photos of me are published by the organiser."), required=False
    )


class SessionChoiceForm(forms.Form):
    sessions = forms.TypedMultipleChoiceField(
        label=pgettext_lazy("activity", "Sessions"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one session.")},
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sessions"].choices = [(s.pk, s.label) for s in sessions]


class WalkInForm(forms.Form):
    age_band = forms.ChoiceField(label=_("Age band"), choices=WalkIn.AgeBand.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=WalkIn.Gender.choices, required=False)
    count = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=500, initial=1)
