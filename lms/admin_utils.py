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


def protect_csv_exports() -> None:
    """Make the CSV exports of every Wagtail listing formula-safe (CSV injection).

    Wagtail's XLSX export already stores formula-like text as text; its CSV
    export writes cells as they are, and offers no setting for it. A learner
    naming themselves ``=HYPERLINK(...)`` must not run anything on the
    computer of the manager who exports a list, so the one method that writes
    a CSV row is wrapped here (called once, from ``lms.apps``).
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin.write_csv_row, "formula_safe", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: formula_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    write_csv_row.formula_safe = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
