"""Wagtail admin screens for people: the user viewset with our profile fields."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import IndexView as BaseIndexView
from wagtail.users.views.users import UserViewSet as BaseUserViewSet

from .models import User

PROFILE_FIELDS = ["full_name", "organisation", "school_level", "subjects", "area", "phone"]


class AdminUserCreationForm(UserCreationForm):
    """Wagtail's create form without first/last name, with the profile."""

    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["email", *PROFILE_FIELDS, "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple, "subjects": forms.CheckboxSelectMultiple}


class AdminUserEditForm(UserEditForm):
    """Wagtail's edit form without first/last name, with the profile."""

    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        model = User
        fields = ["email", *PROFILE_FIELDS, "is_active", "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple, "subjects": forms.CheckboxSelectMultiple}


class IndexView(BaseIndexView):
    @cached_property
    def search_fields(self):
        return ["email", "full_name", "organisation"]


class UserViewSet(BaseUserViewSet):
    index_view_class = IndexView
    menu_label = _("Users")

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
