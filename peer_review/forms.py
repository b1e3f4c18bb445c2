"""Forms of peer review's pages. They validate input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.forms import GradeForm
from lms.text import CleanTextFormMixin

from .models import ExemplarConsent, PeerReview, PeerReviewSettings


class ReviewForm(GradeForm):
    """The trainer's grading form (a level and a comment per criterion, overall feedback), for a peer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["version"]  # a review has one writer: no optimistic lock to carry
        self.fields["feedback"].label = _("Overall feedback for your peer")


class CalibrationForm(ReviewForm):
    """Grading an example plan: the levels only (comments are not compared)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            del self.fields[f"comment_{criterion.pk}"]
        del self.fields["feedback"]

    def rows(self):
        return [
            (
                criterion,
                self[f"level_{criterion.pk}"],
                None,
                list(zip(self[f"level_{criterion.pk}"].subwidgets, criterion.levels.all(), strict=True)),
            )
            for criterion in self.criteria
        ]

    def levels(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"level_{c.pk}") for c in self.criteria}


class SettingsForm(forms.ModelForm):
    """A manager's or trainer's settings of peer review for one assignment."""

    class Meta:
        model = PeerReviewSettings
        fields = [
            "enabled",
            "reviews_to_give",
            "reviews_needed",
            "opens_at",
            "closes_at",
            "anonymous",
            "self_assessment_first",
            "calibration_required",
            "combination",
            "wait_hours",
            "hold_hours",
            "calibration_tries",
            "exemplar_min_score",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RatingForm(forms.Form):
    helpfulness = forms.TypedChoiceField(
        label=_("How helpful was this review?"),
        coerce=int,
        choices=PeerReview.Helpfulness.choices,
        widget=forms.RadioSelect,
    )


class FlagForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this review?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the trainers read this. The reviewer is not told who flagged it."),
    )


class ConsentForm(forms.Form):
    credit = forms.ChoiceField(
        label=_("If it is published"), choices=ExemplarConsent.Credit.choices, widget=forms.RadioSelect
    )
    agree = forms.BooleanField(
        label=_("I agree that this plan may be published in the lesson-plan library as an exemplar"),
        required=True,
    )


class ReleaseForm(CleanTextFormMixin, forms.Form):
    """A trainer lets a learner stuck at calibration review peers, with their reasons."""

    reason = forms.CharField(
        label=_("Your reasons, shown to the learner"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExampleForm(CleanTextFormMixin, forms.Form):
    """A trainer's reasons for a plan used as a calibration example."""

    reasons = forms.CharField(
        label=_("The trainer's reasons"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to a learner whose grade was too far."),
    )
