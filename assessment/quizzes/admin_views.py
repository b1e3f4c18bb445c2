"""The question bank's import (GIFT, Moodle XML) and export (Moodle XML) in the Wagtail admin.

Import is two steps on one form: "Check" shows every question as a learner
will see it and every line that could not be read, and imports nothing;
"Import" (the same text, sent again) writes all the readable questions in
one transaction. Only people who may add questions see either screen.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..http import content_disposition, slug
from ..models import Question, QuestionCategory
from . import formats
from .display import preview


def can_import(user) -> bool:
    return user.is_authenticated and user.has_perm("assessment.add_question")


class ImportForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Into the category"), queryset=QuestionCategory.objects.all())
    format = forms.ChoiceField(label=_("Format"), choices=[("gift", "GIFT"), ("xml", "Moodle XML")])
    file = forms.FileField(label=_("File (at most 1 MB)"), required=False)
    text = forms.CharField(
        label=_("Or paste the questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > formats.MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 1 MB."))
            raw = upload.read()
            try:
                cleaned["text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
        if not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the questions."))
        if len(cleaned["text"].encode()) > formats.MAX_BYTES:
            raise forms.ValidationError(_("The text is larger than 1 MB."))
        return cleaned


class ImportView(WagtailAdminTemplateMixin, FormView):
    form_class = ImportForm
    template_name = "assessment/quizzes/admin/import.html"
    page_title = _("Import questions")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"category": self.request.GET.get("category"), "format": "gift"}

    def form_valid(self, form):
        questions, problems = formats.read(form.cleaned_data["text"], form.cleaned_data["format"])
        if self.request.POST.get("action") == "import" and questions:
            created = formats.import_questions(self.request.user, form.cleaned_data["category"], questions)
            messages.success(
                self.request,
                _("%(count)s questions were imported into “%(category)s”.")
                % {"count": len(created), "category": form.cleaned_data["category"]},
            )
            return redirect("wagtailsnippets_assessment_question:list")
        shown = []
        for parsed in questions:
            question = Question(kind=parsed.kind, title=parsed.title, text=parsed.text, **_known(parsed.settings))
            options = [_option(option, index) for index, option in enumerate(parsed.options)]
            shown.append((parsed, _preview(question, options)))
        # The text goes back in the form, so "Import" sends exactly what was checked.
        data = self.request.POST.copy()
        data["text"] = form.cleaned_data["text"]
        return self.render_to_response(
            self.get_context_data(form=ImportForm(data), checked=True, shown=shown, problems=problems)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = QuestionCategory.objects.select_related("parent").order_by("name")
        return context


def _known(settings: dict) -> dict:
    allowed = {f.name for f in Question._meta.get_fields()}
    return {k: v for k, v in settings.items() if k in allowed}


def _option(option: dict, index: int):
    from decimal import Decimal

    from ..models import QuestionOption

    return QuestionOption(
        text=option["text"],
        fraction=formats._fraction(option.get("fraction", 0)),
        match=option.get("match", ""),
        tolerance=Decimal(str(abs(option.get("tolerance", 0) or 0))),
        feedback=option.get("feedback", ""),
        sort_order=index,
    )


def _preview(question, options):
    return preview(question, options)["as_learner"][0]


def export_category(request, pk):
    """A category's questions as Moodle XML."""
    if not (request.user.is_authenticated and request.user.has_perm("assessment.view_question")):
        raise PermissionDenied
    category = get_object_or_404(QuestionCategory, pk=pk)
    questions = Question.objects.filter(category=category).prefetch_related("options").order_by("pk")
    response = HttpResponse(formats.moodle_xml(category, questions), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = content_disposition(f"cau-hoi-{slug(category.name)}.xml")
    return response
