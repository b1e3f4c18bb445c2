"""The competition's public pages, the teams' entry pages and the judges' desk.

The organiser's screens (progress, agreement, publishing, corrections, awards) are in the Wagtail
admin (``competitions.admin_views``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from activities.models import Audience, ConsentText

from . import awards, permissions, selectors, services
from .forms import ConflictForm, ConsentForm, EntryForm, MemberFormSet, VersionForm
from .models import Award, Competition, EntryFile, Round, Score


def _published_rounds(competition):
    return [r for r in competition.rounds.order_by("sort_order", "pk") if r.is_published]


@require_safe
def detail(request, slug):
    """The competition's public page: what, who may enter, rules, rounds, deadline, results once published."""
    competition = get_object_or_404(Competition.objects.select_related("event"), slug=slug)
    rounds = list(competition.rounds.select_related("rubric").order_by("sort_order", "pk"))
    now = timezone.now()
    return render(
        request,
        "competitions/detail.html",
        {
            "competition": competition,
            "rounds": rounds,
            "areas": list(competition.areas.all()),
            "open": competition.registration_opens_at <= now <= competition.registration_closes_at,
            "published": [r for r in rounds if r.is_published],
        },
    )


@require_safe
def results(request, slug):
    """The public results page: each published round's ranking, prizes and corrections."""
    competition = get_object_or_404(Competition, slug=slug)
    rounds = []
    for round_ in _published_rounds(competition):
        rows = list(round_.results.prefetch_related("corrections").order_by("rank", "pk"))
        rounds.append((round_, rows))
    return render(request, "competitions/results.html", {"competition": competition, "rounds": rounds})


def _member_formset(request):
    return MemberFormSet(request.POST or None, prefix="members")


@login_required
def enter(request, slug):
    """A signed-in person enters a team (members under 16 only with their consent as guardian or teacher)."""
    competition = get_object_or_404(Competition, slug=slug)
    form = EntryForm(request.POST or None)
    formset = _member_formset(request)
    consent_form = ConsentForm(request.POST or None)
    errors = []
    if request.method == "POST":
        if form.is_valid() and formset.is_valid() and consent_form.is_valid():
            members = [m for m in (f.member() for f in formset) if m is not None]
            data = form.data_for(
                members,
                consent_given=consent_form.cleaned_data["consent_given"],
                relationship=consent_form.cleaned_data["relationship"],
            )
            try:
                entry = services.enter(request.user, competition, data, request.FILES.getlist("files"))
            except services.CompetitionError as error:
                errors = error.messages
            else:
                messages.success(request, _("Your entry has been received."))
                return redirect("competitions:entry", pk=entry.pk)
        else:
            errors = [_("Please correct the errors below.")]
    return render(
        request,
        "competitions/enter.html",
        {
            "competition": competition,
            "form": form,
            "formset": formset,
            "consent_form": consent_form,
            "consent_text": ConsentText.current(Audience.CHILDREN),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
def entry(request, pk):
    """An entry with every version (the team saves a new one until the deadline)."""
    found = get_object_or_404(permissions.visible_entries(request.user), pk=pk)
    competition = found.competition
    can_change = permissions.can_change_entry(request.user, found) and timezone.now() <= competition.deadline
    versions = list(found.versions.prefetch_related("files").order_by("-number"))
    latest = versions[0] if versions else None
    initial = (
        {"team_name": latest.team_name, "summary": latest.summary, "video_url": latest.video_url} if latest else {}
    )
    form = VersionForm(request.POST or None, initial=initial)
    errors = []
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_version(request.user, found, form.data_for(), request.FILES.getlist("files"))
            except services.CompetitionError as error:
                errors = error.messages
            else:
                messages.success(request, _("A new version of your entry has been saved."))
                return redirect("competitions:entry", pk=found.pk)
        else:
            errors = [_("Please correct the errors below.")]
    judged = found.version_at(competition.deadline)
    return render(
        request,
        "competitions/entry.html",
        {
            "entry": found,
            "competition": competition,
            "versions": versions,
            "judged": judged if timezone.now() > competition.deadline else None,
            # A judge reads a member under 16 as initials; the team and the organisers in full.
            "members": permissions.member_names(request.user, found, list(found.members.all())),
            "form": form if can_change else None,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
@require_safe
def entry_file(request, pk):
    """A file of an entry, for those who may see the entry."""
    file = get_object_or_404(EntryFile.objects.select_related("version"), pk=pk)
    if not permissions.can_see_entry(request.user, file.version.entry):
        raise Http404
    return FileResponse(file.open(), as_attachment=True, filename=file.original_name)


@login_required
@require_safe
def judge(request, pk):
    """The judge's desk for a round: the entries given to them, their scores, declaring a conflict."""
    round_ = get_object_or_404(Round.objects.select_related("competition", "rubric"), pk=pk)
    if not permissions.is_judge(request.user, round_):
        raise Http404
    entries = list(permissions.entries_for_judge(request.user, round_))
    versions = selectors.judged_versions(entries, round_.competition.deadline)
    mine = {s.entry_id: s for s in Score.objects.filter(round=round_, judge=request.user)}
    rows = [(e, versions.get(e.pk), mine.get(e.pk)) for e in entries]
    return render(
        request,
        "competitions/judge.html",
        {"round": round_, "rows": rows, "conflict_form": ConflictForm(), "competition": round_.competition},
    )


@login_required
@require_POST
def conflict(request, pk):
    round_ = get_object_or_404(Round.objects.select_related("competition"), pk=pk)
    if not permissions.is_judge(request.user, round_):
        raise Http404
    form = ConflictForm(request.POST)
    if form.is_valid():
        entry_id = form.cleaned_data.get("entry")
        found = None
        if entry_id:
            found = permissions.entries_for_judge(request.user, round_).filter(pk=entry_id).first()
            if found is None:
                raise Http404
        try:
            services.declare_conflict(
                request.user,
                round_,
                reason=form.cleaned_data["reason"],
                entry=found,
                school=form.cleaned_data.get("school") or "",
                note=form.cleaned_data.get("note") or "",
            )
        except services.CompetitionError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Your conflict of interest has been recorded."))
    else:
        messages.error(request, _("Choose a reason."))
    return redirect("competitions:judge", pk=round_.pk)


@login_required
def score(request, pk, entry_pk):
    """Score one entry with the round's rubric: a level and a comment per criterion, an overall comment."""
    round_ = get_object_or_404(Round.objects.select_related("competition"), pk=pk)
    found = get_object_or_404(permissions.entries_for_judge(request.user, round_), pk=entry_pk)
    rubric = services.rubric_with_levels(round_.rubric_id)
    existing = Score.objects.filter(round=round_, entry=found, judge=request.user).prefetch_related("criteria").first()
    chosen = {c.criterion_id: c for c in existing.criteria.all()} if existing else {}
    errors = []
    if request.method == "POST":
        levels = {c.pk: request.POST.get(f"level-{c.pk}", "") for c in rubric.criteria.all()}
        comments = {c.pk: request.POST.get(f"comment-{c.pk}", "") for c in rubric.criteria.all()}
        try:
            services.score_entry(
                request.user, round_, found, levels=levels, comments=comments, overall=request.POST.get("comments", "")
            )
        except services.CompetitionError as error:
            errors = error.messages
        except PermissionDenied:
            errors = [_("The results of this round are published: scores can no longer change.")]
        else:
            messages.success(request, _("Your score has been saved."))
            return redirect("competitions:judge", pk=round_.pk)
    version = found.version_at(round_.competition.deadline)
    criteria = [(c, list(c.levels.all()), chosen.get(c.pk)) for c in rubric.criteria.all()]
    return render(
        request,
        "competitions/score.html",
        {
            "round": round_,
            "entry": found,
            "version": version,
            "files": list(version.files.all()) if version else [],
            "members": permissions.member_names(request.user, found, list(found.members.all())),
            "criteria": criteria,
            "score": existing,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@require_safe
def verify(request, code):
    """The page an award certificate's QR code opened before the certificate engine issued them.

    An award with an engine certificate redirects to its verification page (``/xac-thuc/<code>/``).
    """
    award = Award.objects.select_related("result__round__competition").filter(verification_code=code).first()
    certificate = awards.certificates_of([award]).get(award.pk) if award else None
    if certificate is not None:
        # The certificate engine's page: the register's own status, revocation and credential.
        return redirect("certificates:verify", code=certificate.verification_code)
    return render(
        request,
        "competitions/verify.html",
        {"award": award, "competition": award.result.round.competition if award else None},
        status=200 if award else 404,
    )
