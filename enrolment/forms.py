"""Forms of the enrolment pages and admin screens. Text is normalised to NFC."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts import roles
from accounts.models import SchoolLevel
from lms.collation import vietnamese_order
from lms.text import CleanTextFormMixin

from .models import Cohort, Session


def trainer_choices():
    """Active users with the Trainer role, by name."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups__name=roles.TRAINER, is_active=True)
        .order_by(vietnamese_order("full_name"))
    )


class EnrolForm(CleanTextFormMixin, forms.Form):
    key = forms.CharField(label=_("Enrolment key"), max_length=64, required=False)
    waitlist = forms.BooleanField(required=False)
    next = forms.CharField(required=False, max_length=500)


class InvitationForm(SetPasswordForm):
    """Choose a password to open an account created by an import."""


class CohortAdminForm(CleanTextFormMixin, WagtailAdminModelForm):
    """The class form in the admin: school levels as checkboxes, not raw JSON."""

    eligible_school_levels = forms.MultipleChoiceField(
        label=_("eligible school levels"),
        choices=SchoolLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Empty: every level may enrol."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = trainer_choices()
        self.fields["trainers"].widget = forms.CheckboxSelectMultiple(choices=self.fields["trainers"].choices)
        self.fields["trainers"].help_text = _("Users with the Trainer role.")
        subjects = self.fields["eligible_subjects"]
        subjects.widget = forms.CheckboxSelectMultiple(choices=subjects.choices)
        subjects.help_text = _("Empty: teachers of any subject may enrol.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enrolment_policy") == Cohort.Policy.KEY and not (cleaned.get("enrolment_key") or "").strip():
            self.add_error("enrolment_key", _("A class enrolled by key needs a key."))
        if cleaned.get("delivery") in (Cohort.Delivery.ONSITE, Cohort.Delivery.BLENDED) and not cleaned.get("venue"):
            self.add_error("venue", _("An on-site or blended class needs a venue."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The class cannot end before it starts."))
        opens, closes = cleaned.get("enrolment_opens_at"), cleaned.get("enrolment_closes_at")
        if opens and closes and closes < opens:
            self.add_error("enrolment_closes_at", _("Enrolment cannot close before it opens."))
        return cleaned


def online_url_field(**attrs):
    """The session's online link, read as https:// when typed without a scheme."""
    field = Session._meta.get_field("online_url")
    return forms.URLField(
        label=field.verbose_name,
        max_length=field.max_length,
        required=False,
        assume_scheme="https",
        help_text=field.help_text,
        widget=forms.URLInput(attrs=attrs),
    )


class SessionAdminForm(CleanTextFormMixin, WagtailAdminModelForm):
    """The session form in the admin: the trainer is chosen among trainers."""

    online_url = online_url_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainer_choices()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        return cleaned


class MoveForm(forms.Form):
    """Bulk action: the class to move the chosen learners to."""

    to_cohort = forms.ModelChoiceField(
        label=_("Move to class"),
        queryset=Cohort.objects.exclude(status__in=[Cohort.Status.FINISHED, Cohort.Status.ARCHIVED]),
    )


class NoteForm(CleanTextFormMixin, forms.Form):
    """Bulk action: an optional reason, kept in the history and sent to the learner."""

    note = forms.CharField(label=_("Reason (optional)"), max_length=255, required=False)


class TrainerSessionForm(CleanTextFormMixin, forms.ModelForm):
    """A session as a trainer plans it: date, time, topic, and a place or an online link."""

    online_url = online_url_field(placeholder="https://")

    class Meta:
        model = Session
        fields = ["date", "starts_at", "ends_at", "topic", "venue", "online_url"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        if not cleaned.get("venue") and not cleaned.get("online_url") and not self.errors.get("online_url"):
            self.add_error("venue", _("Give the session a place or an online link."))
        return cleaned
