"""Filters of the admin listings: programme, course, class, status, area, school level."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from accounts.models import Area, SchoolLevel
from courses.models import CoursePage, ProgrammePage

from .models import Cohort, Enrolment, Session


def _under_programme(path_field: str):
    def method(queryset, name, programme):
        if programme is None:
            return queryset
        return queryset.filter(**{f"{path_field}__startswith": programme.path})

    return method


class CohortFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=ProgrammePage.objects.all(), method=_under_programme("course__path")
    )
    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=CoursePage.objects.all())
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Cohort.Status.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    delivery = django_filters.ChoiceFilter(
        label=_("Delivery"), choices=Cohort.Delivery.choices, widget=forms.RadioSelect, empty_label=_("All")
    )

    class Meta:
        model = Cohort
        fields = ["programme", "course", "status", "delivery"]


class SessionFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=ProgrammePage.objects.all(), method=_under_programme("cohort__course__path")
    )
    cohort = django_filters.ModelChoiceFilter(label=_("Class"), queryset=Cohort.objects.all())
    date = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = Session
        fields = ["programme", "cohort", "date"]


class EnrolmentFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=ProgrammePage.objects.all(), method=_under_programme("cohort__course__path")
    )
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=CoursePage.objects.all(), field_name="cohort__course"
    )
    cohort = django_filters.ModelChoiceFilter(label=_("Class"), queryset=Cohort.objects.all())
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Enrolment.Status.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    area = django_filters.ModelChoiceFilter(label=_("Area"), queryset=Area.objects.all(), field_name="user__area")
    school_level = django_filters.ChoiceFilter(
        label=_("School level"), choices=SchoolLevel.choices, field_name="user__school_level"
    )

    class Meta:
        model = Enrolment
        fields = ["programme", "course", "cohort", "status", "area", "school_level"]
