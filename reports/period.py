"""The reporting period: a year, a quarter of a year, or custom dates, in Asia/Ho_Chi_Minh.

:func:`period_from_query` never fails: a bad or reversed input gives a usable
period and a note that says what was done with it, so a report page is never
a server error.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR = 2000
DATE_INPUTS = ["%Y-%m-%d", "%d/%m/%Y"]
# A text field read as dd/mm/yyyy: a browser's date picker shows the browser's
# own order (often mm/dd/yyyy), which Vietnamese readers misread.
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "size": "10"}


@dataclass(frozen=True)
class Period:
    """Dates ``start`` to ``end``, both included, as days in Asia/Ho_Chi_Minh."""

    start: datetime.date
    end: datetime.date
    kind: str = "year"  # "year", "quarter" or "custom"
    notes: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = datetime.date(year, 3 * quarter - 2, 1)
        following = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
        return cls(first, following - datetime.timedelta(days=1), "quarter")

    @property
    def start_at(self) -> datetime.datetime:
        """The first instant of the period (aware)."""
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=TZ)

    @property
    def end_at(self) -> datetime.datetime:
        """The first instant after the period (aware, excluded)."""
        return datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=TZ)

    @property
    def last_past_day(self) -> datetime.date:
        """The period's last day that is not in the future: what can have happened so far."""
        return min(self.end, timezone.localdate(timezone=TZ))

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("Year %(year)s") % {"year": self.start.year}
        if self.kind == "quarter":
            return _("Quarter %(quarter)s/%(year)s") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def dates_label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def query(self) -> dict[str, str]:
        """The query parameters that give this period back."""
        if self.kind == "year":
            return {"year": str(self.start.year)}
        if self.kind == "quarter":
            return {"year": str(self.start.year), "quarter": str((self.start.month - 1) // 3 + 1)}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def querystring(self) -> str:
        return urlencode(self.query())

    @property
    def slug(self) -> str:
        """For file names: 2019, 2019-q2 or 2019-03-01_2019-05-31."""
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start.year}-q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def this_year() -> int:
    return timezone.localdate(timezone=TZ).year


class PeriodForm(forms.Form):
    """The period filter shown above every report."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        coerce=int,
        required=False,
        choices=[
            ("", gettext_lazy("Whole year")),
            *((q, gettext_lazy("Quarter %(number)s") % {"number": q}) for q in range(1, 5)),
        ],
    )
    date_from = forms.DateField(
        label=pgettext_lazy("period", "From"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs=DATE_ATTRS, format="%d/%m/%Y"),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("period", "To"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs=DATE_ATTRS, format="%d/%m/%Y"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        current = this_year()
        self.fields["year"].choices = [(y, str(y)) for y in range(current + 1, FIRST_YEAR - 1, -1)]

    def add_prefix(self, field_name):
        # The inputs are named as in the address: ?year=&quarter=&from=&to=
        return {"date_from": "from", "date_to": "to"}.get(field_name, field_name)


def period_from_query(params) -> tuple[Period, PeriodForm]:
    """The period asked for in ``params`` (a QueryDict), and the bound form to redisplay.

    Custom dates win over a year; a reversed range is swapped; a missing date
    of a custom range is taken from the other one; anything unusable falls
    back to the current year. Each correction is explained in ``Period.notes``.
    """
    form = PeriodForm(params)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    notes: list[str] = []
    if any(form.errors.get(name) for name in ("year", "quarter", "date_from", "date_to")):
        notes.append(_("Part of the period could not be read; the rest was used."))
    start, end = data.get("date_from"), data.get("date_to")
    if start or end:
        start, end = start or end, end or start
        if start > end:
            start, end = end, start
            notes.append(_("The start date was after the end date: the two dates were swapped."))
        return Period(start, end, "custom", tuple(notes)), _rebind(form, start=start, end=end)
    year = data.get("year") or this_year()
    quarter = data.get("quarter")
    if quarter:
        period = Period.quarter(year, quarter)
    else:
        period = Period.year(year)
    return Period(period.start, period.end, period.kind, tuple(notes)), _rebind(form, year=year, quarter=quarter)


def _rebind(form, *, year=None, quarter=None, start=None, end=None) -> PeriodForm:
    """A form showing the period actually used."""
    initial = {"year": year or this_year(), "quarter": quarter or ""}
    if start:
        initial.update({"date_from": start, "date_to": end})
    return PeriodForm(initial=initial)
