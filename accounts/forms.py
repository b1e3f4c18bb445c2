"""Forms a person fills in about themselves: sign-up and profile."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lms.text import CleanTextFormMixin

from . import notifications, roles
from .models import Area, School, SchoolLevel, Subject, User
from .schools import school_for

PHONE_HELP = _("Digits only, for example 0912345678.")


def as_email_field(field: forms.Field) -> forms.Field:
    """Give an allauth e-mail field our label and Vietnamese-first messages."""
    field.label = _("E-mail address")
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs["autocomplete"] = "email"
    field.error_messages["required"] = _("Please enter your e-mail address.")
    field.error_messages["invalid"] = _("Enter a valid e-mail address, for example ten@truong.edu.vn.")
    return field


class SchoolInput(forms.TextInput):
    """A text box offering the confirmed schools (a ``<datalist>``: works without JavaScript).

    A name typed that is not in the list is kept: it becomes an unconfirmed school for a
    manager to confirm (``accounts.schools.school_for``).
    """

    template_name = "accounts/widgets/school_input.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "list": "school-options", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["schools"] = (
            School.objects.filter(confirmed=True).select_related("area").only("name", "area__name")
        )
        return context


def validate_phone(value: str) -> str:
    digits = value.replace(" ", "").replace(".", "").replace("-", "")
    if digits.startswith("+"):
        digits = digits[1:]
    if digits and (not digits.isdigit() or not 9 <= len(digits) <= 15):
        raise forms.ValidationError(_("Enter a valid phone number, for example 0912345678."))
    return value.strip()


class ProfileFieldsMixin(forms.Form):
    """The profile fields shared by sign-up and the profile page."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please enter your full name.")},
    )
    organisation = forms.CharField(
        label=_("School / organisation"),
        max_length=200,
        help_text=_(
            "Choose your school from the list as you type. Not in the list? Type its full name: a manager will add it."
        ),
        widget=SchoolInput(),
        error_messages={"required": _("Please enter your school or unit.")},
    )
    school_level = forms.ChoiceField(
        label=_("School level"),
        choices=[("", _("— Choose —")), *SchoolLevel.choices],
        error_messages={
            "required": _("Please choose your school level."),
            "invalid_choice": _("Please choose a school level from the list."),
        },
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects taught"),
        queryset=Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please choose subjects from the list.")},
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
        empty_label=_("— Choose —"),
        error_messages={
            "required": _("Please choose your area."),
            "invalid_choice": _("Please choose an area from the list."),
        },
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        help_text=PHONE_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        return validate_phone(self.cleaned_data.get("phone", ""))

    def clean_full_name(self):
        name = self.cleaned_data["full_name"]
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError(_("Please enter your full name."))
        return name


class SignupForm(CleanTextFormMixin, AllauthSignupForm, ProfileFieldsMixin):
    """allauth's sign-up (e-mail and password) plus the learner's profile."""

    accept_privacy = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please read and accept the privacy notice to register.")},
    )

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "organisation",
        "school_level",
        "subjects",
        "area",
        "phone",
        "accept_privacy",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        as_email_field(self.fields["email"])
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
            self.fields[name].error_messages["required"] = _("Please enter a password.")
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password (again)")
        self.fields["accept_privacy"].label = format_html(
            '{} <a href="{}">{}</a>',
            _("I have read and accept the"),
            reverse_lazy("privacy"),
            _("privacy notice"),
        )

    def signup(self, request, user):
        """Called by allauth once the user row exists: store the profile."""
        data = self.cleaned_data
        user.full_name = data["full_name"]
        user.organisation = data["organisation"]
        user.school_level = data["school_level"]
        user.area = data["area"]
        user.school = school_for(data["organisation"], data["area"], data["school_level"], proposed_by=user)
        user.phone = data.get("phone", "")
        user.language = getattr(request, "LANGUAGE_CODE", "vi")
        user.save()
        user.subjects.set(data.get("subjects") or [])
        roles.assign_role(user, roles.LEARNER)


class ProfileForm(CleanTextFormMixin, ProfileFieldsMixin, forms.ModelForm):
    """A person edits their own profile (not their e-mail: allauth manages it) and chooses
    the e-mails they want (``accounts.notifications``)."""

    language = forms.ChoiceField(label=_("Language for e-mails"), choices=User._meta.get_field("language").choices)

    class Meta:
        model = User
        fields = [
            "full_name",
            "organisation",
            "school_level",
            "subjects",
            "area",
            "phone",
            "language",
            *notifications.PREFERENCE_FIELDS,
        ]

    def save(self, commit=True):
        user = super().save(commit=False)
        data = self.cleaned_data
        if "organisation" in self.changed_data or "area" in self.changed_data or user.school_id is None:
            user.school = school_for(data["organisation"], data["area"], data["school_level"], proposed_by=user)
        if commit:
            user.save()
            self._save_m2m()
        return user

    def profile_fields(self):
        return [field for field in self.visible_fields() if field.name not in notifications.PREFERENCE_FIELDS]

    def email_fields(self):
        return [self[name] for name in notifications.PREFERENCE_FIELDS]


class LoginForm(AllauthLoginForm):
    """allauth's e-mail login with our labels and messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        as_email_field(self.fields["login"])
        password = self.fields["password"]
        password.widget.attrs.pop("placeholder", None)
        password.help_text = ""
        password.error_messages["required"] = _("Please enter your password.")


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's password reset request, with our label and messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        as_email_field(self.fields["email"])
