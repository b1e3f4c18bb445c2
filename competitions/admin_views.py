"""The organiser's screens in the Wagtail admin: a round's progress and agreement, publishing,
corrections of published results, award certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import awards, permissions, selectors, services
from .forms import CorrectionForm
from .models import Award, Competition, Result, Round


class OrganiserView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "trophy"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_organiser(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RoundProgressView(OrganiserView):
    """Entries scored, missing judges, outliers, judges' agreement; publishing the results."""

    template_name = "competitions/admin/progress.html"

    def get_page_title(self):
        return str(self.round)

    def dispatch(self, request, *args, **kwargs):
        self.round = get_object_or_404(Round.objects.select_related("competition", "rubric"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.publish_round(request.user, self.round)
        except services.CompetitionError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The results have been published."))
        return redirect("competitions_round_progress", pk=self.round.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.progress(self.round)
        context.update(
            {
                "round": self.round,
                "competition": self.round.competition,
                "rows": rows,
                "scored": sum(1 for row in rows if row.complete),
                "standings": selectors.standings(self.round),
                "agreement": selectors.agreement(self.round),
                "results": list(self.round.results.prefetch_related("corrections").order_by("rank")),
            }
        )
        return context


class CompetitionView(OrganiserView):
    """A competition's rounds (with links to their progress) and its award certificates."""

    template_name = "competitions/admin/competition.html"

    def get_page_title(self):
        return str(self.competition)

    def dispatch(self, request, *args, **kwargs):
        self.competition = get_object_or_404(Competition, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            issued = awards.issue_awards(request.user, self.competition)
        except services.CompetitionError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("%(count)s award certificates issued.") % {"count": len(issued)})
        return redirect("competitions_competition", pk=self.competition.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(Award.objects.filter(result__round__competition=self.competition).select_related("result"))
        certificates = awards.certificates_of(rows)
        for award in rows:
            award.certificate = certificates.get(award.pk)
        context.update(
            {
                "competition": self.competition,
                "rounds": list(self.competition.rounds.order_by("sort_order", "pk")),
                "awards": rows,
                "entries": self.competition.entries.count(),
            }
        )
        return context


class CorrectionView(OrganiserView):
    """Change a published result: only by a recorded correction, with its reason."""

    template_name = "competitions/admin/correct.html"
    page_title = gettext_lazy("Correct a published result")

    def dispatch(self, request, *args, **kwargs):
        self.result = get_object_or_404(Result.objects.select_related("round__competition"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form(self):
        initial = {"score": self.result.score, "rank": self.result.rank, "prize": self.result.prize}
        return CorrectionForm(self.request.POST or None, initial=initial)

    def post(self, request, *args, **kwargs):
        form = self.form()
        if form.is_valid():
            try:
                services.correct_result(
                    request.user,
                    self.result,
                    reason=form.cleaned_data["reason"],
                    score=form.cleaned_data["score"],
                    rank=form.cleaned_data["rank"],
                    prize=form.cleaned_data["prize"],
                )
            except services.CompetitionError as error:
                form.add_error(None, "; ".join(error.messages))
            else:
                messages.success(request, _("The correction has been recorded."))
                return redirect("competitions_round_progress", pk=self.result.round_id)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.form())
        context["result"] = self.result
        return context


def award_pdf(request, pk):
    """The PDF of an award certificate, for organisers."""
    if not permissions.is_organiser(request.user):
        raise PermissionDenied
    award = get_object_or_404(Award, pk=pk)
    certificate = awards.certificates_of([award]).get(award.pk)
    if certificate is not None and certificate.pdf:
        return FileResponse(certificate.pdf.open("rb"), as_attachment=True, filename=certificate.download_filename)
    if not award.pdf:
        raise Http404
    return FileResponse(award.pdf.open("rb"), as_attachment=True, filename=f"giay-khen-{award.number}.pdf")
