"""Private files: downloaded or previewed only through these permission-checked views."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .. import permissions
from ..http import private_file_response


@login_required
@require_safe
def download(request, pk):
    """The file as an attachment, for its owner, the class's trainers, the second marker and managers.

    Anyone else gets a 404: they cannot even learn that the id exists.
    """
    file = get_object_or_404(permissions.files_visible_to(request.user), pk=pk)
    return private_file_response(file)


@login_required
@require_safe
def preview(request, pk):
    """A PDF or image shown inline, under a sandboxing Content-Security-Policy."""
    file = get_object_or_404(permissions.files_visible_to(request.user), pk=pk)
    if not file.is_previewable:
        raise Http404
    return private_file_response(file, inline=True)
