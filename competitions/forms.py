"""The forms of a competition: an entry (with its members), a conflict, a correction."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Area, SchoolLevel

from .models import Conflict, EntryMember
from .services import EntryData, Member

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class EntryForm(forms.Form):
    team_name = forms.CharField(label=_("Team name"), max_length=200)
    school = forms.CharField(label=_("School"), max_length=200)
    school_level = forms.ChoiceField(
        label=_("School level"), choices=[("", "—"), *SchoolLevel.choices], required=False
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False)
    summary = forms.CharField(label=_("Project summary"), widget=forms.Textarea(attrs={"rows": 6}))
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def data_for(self, members=(), consent_given=False, relationship="") -> EntryData:
        data = self.cleaned_data
        return EntryData(
            team_name=data["team_name"],
            summary=data["summary"],
            school=data.get("school", ""),
            school_level=data.get("school_level", ""),
            area=data.get("area"),
            video_url=data.get("video_url", ""),
            members=list(members),
            consent_given=consent_given,
            relationship=relationship,
        )


class VersionForm(EntryForm):
    """A new version: what the team may change (its school and members stay as entered)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("school", "school_level", "area"):
            del self.fields[name]


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=EntryMember.Role.choices, initial=EntryMember.Role.STUDENT)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
    )

    def member(self) -> Member | None:
        data = self.cleaned_data
        if not data.get("full_name", "").strip():
            return None
        return Member(full_name=data["full_name"], role=data["role"], date_of_birth=data.get("date_of_birth"))


MemberFormSet = forms.formset_factory(MemberForm, extra=4, max_num=8)


class ConsentForm(forms.Form):
    consent_given = forms.BooleanField(
        label=_(
            "I am the guardian or the teacher of the members under 16 and I consent, on the terms shown, "
            "to their taking part and to the organiser keeping their names and dates of birth."
        ),
        required=False,
    )
    relationship = forms.CharField(label=_("Your relationship to them"), max_length=60, required=False)


class ConflictForm(forms.Form):
    entry = forms.IntegerField(required=False, widget=forms.HiddenInput)
    school = forms.CharField(label=_("School"), max_length=200, required=False)
    reason = forms.ChoiceField(label=_("Reason"), choices=Conflict.Reason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    score = forms.DecimalField(label=_("Score"), max_digits=6, decimal_places=2, required=False)
    rank = forms.IntegerField(label=_("Rank"), min_value=1)
    prize = forms.CharField(label=_("Prize"), max_length=100, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}))
