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
