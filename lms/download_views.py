"""A background download's page (progress, then the file) and the file itself: for its owner only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import Download
from .storage import private_storage


def _own_download(request, pk) -> Download:
    # Anyone else's download, or an expired one, does not exist for this person.
    return get_object_or_404(Download, pk=pk, owner=request.user, expires_at__gt=timezone.now())


@never_cache
@login_required
@require_safe
def download(request, pk):
    return render(request, "lms/download.html", {"download": _own_download(request, pk)})


@login_required
@require_safe
def download_file(request, pk):
    prepared = _own_download(request, pk)
    if prepared.status != Download.Status.READY:
        raise Http404
    response = FileResponse(private_storage().open(prepared.stored_name, "rb"), content_type=prepared.content_type)
    response["Content-Disposition"] = f'attachment; filename="{prepared.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
