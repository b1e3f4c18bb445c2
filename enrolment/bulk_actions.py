"""Bulk actions of the admin listings: approve, turn down, move and remove
enrolments; archive classes. Each calls the service for every selected row,
so each change is in the enrolment's history and the audit trail."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from . import services
from .errors import EnrolmentError
from .forms import MoveForm, NoteForm
from .models import Cohort, Enrolment
from .permissions import can_manage_enrolments


class ServiceBulkAction(SnippetBulkAction):
    """Runs ``apply(obj, user, form)`` per object; refusals are listed, not fatal."""

    template_name = "enrolment/admin/bulk_confirm.html"
    question = ""

    def check_perm(self, obj):
        return can_manage_enrolments(self.request.user)

    @classmethod
    def get_queryset(cls, model, object_ids):
        related = ["user", "cohort"] if model is Enrolment else ["course"]
        return list(model.objects.filter(pk__in=object_ids).select_related(*related))

    def get_execution_context(self):
        return {"action": self}

    def apply(self, obj, user, form):
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, action=None, **kwargs):
        done, refused = 0, []
        for obj in objects:
            try:
                action.apply(obj, action.request.user, action.cleaned_form)
            except EnrolmentError as error:
                refused.append(f"{obj}: {error.message}")
            else:
                done += 1
        for line in refused:
            messages.warning(action.request, line)
        return done, 0

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "action_title": self.display_name,
            "question": self.question,
            "no_access_msg": _("You cannot change these items."),
        }

    def get_success_message(self, num_parent_objects, num_child_objects):
        # No plural forms: Vietnamese has none, and the catalogue test reads msgstr only.
        return _("Items updated: %(count)d.") % {"count": num_parent_objects}


class EnrolmentBulkAction(ServiceBulkAction):
    models = [Enrolment]


class ApproveBulkAction(EnrolmentBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected enrolments")
    question = _("Approve these requests? Each learner gets a place if one is free, otherwise the waiting list.")
    action_priority = 10

    def apply(self, obj, user, form):
        services.approve(obj, actor=user)


class RejectBulkAction(EnrolmentBulkAction):
    display_name = _("Turn down")
    action_type = "reject"
    aria_label = _("Turn down the selected requests")
    question = _("Turn down these requests? Each learner is told by e-mail.")
    form_class = NoteForm
    action_priority = 20

    def apply(self, obj, user, form):
        services.reject(obj, actor=user, note=form.cleaned_data["note"])


class MoveBulkAction(EnrolmentBulkAction):
    display_name = _("Move to another class")
    action_type = "move"
    aria_label = _("Move the selected learners to another class")
    question = _("Move these learners? They get a place in the new class if one is free, otherwise its waiting list.")
    form_class = MoveForm
    action_priority = 30

    def apply(self, obj, user, form):
        services.move(obj, form.cleaned_data["to_cohort"], actor=user)


class RemoveBulkAction(EnrolmentBulkAction):
    display_name = _("Remove from the class")
    action_type = "remove"
    aria_label = _("Remove the selected learners from their class")
    question = _("Remove these learners from their class? Their places go to the waiting list. History is kept.")
    form_class = NoteForm
    classes = {"serious"}
    action_priority = 40

    def apply(self, obj, user, form):
        services.remove(obj, actor=user, note=form.cleaned_data["note"])


class ArchiveBulkAction(ServiceBulkAction):
    models = [Cohort]
    display_name = _("Archive")
    action_type = "archive"
    aria_label = _("Archive the selected classes")
    question = _("Archive these classes? They leave the catalogue; enrolments, attendance and history are kept.")
    action_priority = 20

    def apply(self, obj, user, form):
        services.archive(obj, actor=user)


BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, MoveBulkAction, RemoveBulkAction, ArchiveBulkAction]
