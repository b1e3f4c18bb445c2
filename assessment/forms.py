"""Forms of the learner's and the trainer's pages. They validate input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Subject
from lms.text import CleanTextFormMixin

from .filetypes import accept_attribute
from .models import Assignment, LessonPlan, Rubric

TEXTAREA = {"rows": 4}


class PlanGeneralForm(CleanTextFormMixin, forms.Form):
    """The head of a STEM lesson plan: topic, grade, subjects, problem, criteria."""

    topic = forms.CharField(label=_("Topic"), max_length=255, required=False)
    grade_level = forms.CharField(
        label=_("School grade"), max_length=60, required=False, help_text=_("For example: Lớp 7")
    )
    duration = forms.CharField(label=_("Duration"), max_length=100, required=False, help_text=_("For example: 4 tiết"))
    subjects = forms.MultipleChoiceField(
        label=_("Subjects integrated"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A STEM lesson integrates at least two subjects."),
    )
    problem = forms.CharField(
        label=_("Problem to solve"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("A real problem, suited to the pupils' age, that the product will solve."),
    )
    product_criteria = forms.CharField(
        label=_("Criteria for the product"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Clear and measurable: how pupils and teacher will judge the product."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = list(Subject.objects.values_list("name", flat=True))
        chosen = self.initial.get("subjects") or []
        self.fields["subjects"].choices = [(name, name) for name in [*names, *[c for c in chosen if c not in names]]]


class PlanActivityForm(CleanTextFormMixin, forms.Form):
    """One of the five activities of MoET letter 3089."""

    objective = forms.CharField(label=_("Objective"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    product = forms.CharField(label=_("Expected product"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    organisation = forms.CharField(
        label=_("How it is organised"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanClosingForm(CleanTextFormMixin, forms.Form):
    materials = forms.CharField(
        label=_("Materials and equipment"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    safety = forms.CharField(label=_("Safety notes"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class LessonPlanForms:
    """The plan form as three parts and five activities, each its own small form."""

    def __init__(self, data=None, plan: LessonPlan | None = None):
        initial = {}
        activities = plan.activity_list() if plan else [{} for _ in range(5)]
        if plan is not None:
            initial = {name: getattr(plan, name) for name in LessonPlan.TEXT_FIELDS}
            initial["subjects"] = list(plan.subjects or [])
        self.general = PlanGeneralForm(data, initial=initial, prefix="plan")
        self.activities = [
            (title, PlanActivityForm(data, initial=activities[index], prefix=f"hd{index + 1}"))
            for index, title in enumerate(LessonPlan.ACTIVITY_TITLES)
        ]
        self.closing = PlanClosingForm(data, initial=initial, prefix="plan")

    def all_forms(self):
        return [self.general, *(form for _title, form in self.activities), self.closing]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.all_forms()]  # validate every part, to show every error
        return all(results)

    def to_data(self) -> dict:
        data = {**self.general.cleaned_data, **self.closing.cleaned_data}
        data["activities"] = [dict(form.cleaned_data) for _title, form in self.activities]
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadForm(forms.Form):
    """A plain multiple-file input; the upload script enhances it with drag-and-drop."""

    files = forms.FileField(label=_("Files"), widget=MultipleFileInput)

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["files"]
        field.widget.attrs["accept"] = accept_attribute(assignment.accepted_types)
        field.help_text = _("Accepted: %(types)s. At most %(size)s MB per file and %(count)s files.") % {
            "types": ", ".join(t.upper() for t in assignment.accepted_types),
            "size": assignment.max_file_size_mb,
            "count": assignment.max_files,
        }


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(label=_("I declare that this is my own work"), required=True)


class GradeForm(forms.Form):
    """A level and a comment per criterion, overall feedback, and the grade version it started from."""

    feedback = forms.CharField(label=_("Overall feedback"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, rubric: Rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        self.criteria = list(rubric.criteria.all())
        for criterion in self.criteria:
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.title,
                required=False,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                choices=[(level.pk, level.label) for level in criterion.levels.all()],
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        """(criterion, level field, comment field, [(radio, level), ...]) for the template."""
        rows = []
        for criterion in self.criteria:
            field = self[f"level_{criterion.pk}"]
            rows.append(
                (
                    criterion,
                    field,
                    self[f"comment_{criterion.pk}"],
                    list(zip(field.subwidgets, criterion.levels.all(), strict=True)),
                )
            )
        return rows

    def grade_data(self) -> dict:
        data = self.cleaned_data
        return {
            "levels": {c.pk: data.get(f"level_{c.pk}") for c in self.criteria},
            "comments": {c.pk: data.get(f"comment_{c.pk}", "") for c in self.criteria},
            "feedback": data.get("feedback", ""),
        }


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("waiting", _("Waiting to be graded")),
        ("submitted", _("Not started")),
        ("in_grading", _("Being graded")),
        ("released", _("Released")),
        ("all", _("All")),
    ]
    LATE_CHOICES = [("", _("All")), ("1", _("Late only")), ("0", _("On time only"))]

    cohort = forms.TypedChoiceField(label=_("Class"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    late = forms.ChoiceField(label=_("Late"), required=False, choices=LATE_CHOICES)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [("", _("All my classes")), *[(c.pk, str(c)) for c in cohorts]]

    DEFAULTS = {"cohort_id": None, "status": "waiting", "late": None}

    def filters(self) -> dict:
        if not self.is_valid():
            return dict(self.DEFAULTS)
        late = self.cleaned_data.get("late")
        return {
            "cohort_id": self.cleaned_data.get("cohort"),
            "status": self.cleaned_data.get("status") or "waiting",
            "late": None if late in (None, "") else late == "1",
        }


class SampleForm(forms.Form):
    """Managers: give a second marker a random sample of a class's graded work."""

    cohort = forms.TypedChoiceField(label=_("Class"), coerce=int)
    marker = forms.TypedChoiceField(label=_("Second marker"), coerce=int)
    size = forms.IntegerField(
        label=_("How many submissions"), min_value=1, max_value=500, initial=5, help_text=_("Picked at random.")
    )

    def __init__(self, *args, cohorts, markers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = [(c.pk, str(c)) for c in cohorts]
        self.fields["marker"].choices = [(m.pk, f"{m.get_full_name()} <{m.email}>") for m in markers]


class ExtensionForm(CleanTextFormMixin, forms.Form):
    """More time for one learner of a class: who, until when (local time), and why."""

    enrolment = forms.TypedChoiceField(label=_("Learner"), coerce=int)
    due_at = forms.DateTimeField(
        label=_("New due time"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Asia/Ho_Chi_Minh time."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the class's history, for example: a medical certificate dated 12/03."),
    )

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].choices = [("", "—"), *((e.pk, e.user.get_full_name()) for e in enrolments)]
