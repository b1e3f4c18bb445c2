"""A system check: every page type of the project declares where it lives and how it shows.

A page type must declare ``parent_page_types``, ``subpage_types``, its
panels, ``search_fields`` and a template that exists; inheriting Wagtail's
defaults would let managers create it anywhere, edit it with no fields,
or leave it out of search.
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from wagtail.models import Page

REQUIRED = {
    "parent_page_types": "E101",
    "subpage_types": "E102",
    "content_panels": "E103",
    "search_fields": "E104",
}


def _declared(model, attribute: str) -> bool:
    """Whether a class between ``model`` and Wagtail's Page sets ``attribute``."""
    for klass in model.__mro__:
        if klass is Page:
            return False
        if attribute in vars(klass):
            return True
    return False


def check_page_type(model) -> list[checks.CheckMessage]:
    """The errors of one page type (empty when it declares everything)."""
    errors = []
    for attribute, code in REQUIRED.items():
        if not _declared(model, attribute):
            errors.append(
                checks.Error(
                    f"{model.__name__} does not declare {attribute}.",
                    hint=f"Set {attribute} on the page model.",
                    obj=model,
                    id=f"courses.{code}",
                )
            )
    # Wagtail gives every page class a default template name, so what can be
    # missing is the template itself.
    if not getattr(model, "template", ""):
        errors.append(checks.Error(f"{model.__name__} has no template.", obj=model, id="courses.E105"))
    else:
        try:
            get_template(model.template)
        except TemplateDoesNotExist:
            errors.append(
                checks.Error(
                    f"{model.__name__}'s template {model.template} does not exist.",
                    obj=model,
                    id="courses.E106",
                )
            )
    return errors


@checks.register(checks.Tags.models)
def check_page_types(app_configs=None, **kwargs):
    errors = []
    for model in apps.get_models():
        if issubclass(model, Page) and model is not Page and model._meta.app_label in settings.PROJECT_APPS:
            errors.extend(check_page_type(model))
    return errors
