"""Small building blocks for Wagtail admin screens shared by several apps."""

from wagtail.permission_policies import ModelPermissionPolicy

from .spreadsheets import formula_safe


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Users with the model's "view" permission may list and inspect; nobody
    may add, change or delete through the admin (append-only records)."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in {"add", "change", "delete"}])


def protect_spreadsheet_exports() -> None:
    """Make the CSV and XLSX exports of every Wagtail listing formula-safe (CSV injection).

    Wagtail writes cells as they are (its XLSX export stores formula-like text
    as text, but a sheet re-saved as CSV, or a cell typed again, would run
    it), and offers no setting for it. A learner naming themselves
    ``=HYPERLINK(...)`` must not run anything on the computer of the manager
    who exports a list, so the one method every exported value goes through is
    wrapped here with :func:`lms.spreadsheets.formula_safe` (called once, from
    ``lms.apps``).
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "formula_safe", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return formula_safe(original(self, field, value, export_format))

    preprocess_field_value.formula_safe = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


class PlainValuesInspectMixin:
    """An inspect screen (Wagtail's ``InspectView``) that never shows a raw value: times in
    Asia/Ho_Chi_Minh and dd/mm/yyyy (Wagtail prints a stored time as it is, in UTC), "—" for
    an empty value instead of "None", "Có"/"Không" for a yes/no, a choice by its label."""

    def get_field_display_value(self, field_name, field):
        import datetime

        from django.utils import formats, timezone
        from django.utils.translation import gettext

        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.datetime):
            moment = timezone.localtime(value) if timezone.is_aware(value) else value
            return formats.date_format(moment, "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "DATE_FORMAT")
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        return value
