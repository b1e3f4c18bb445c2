"""The period filter: years, quarters, custom dates, and what happens to bad input."""

import datetime

from django.http import QueryDict

from reports.period import Period, period_from_query


def read(query: str) -> Period:
    return period_from_query(QueryDict(query))[0]


def test_a_year_and_its_quarters():
    assert read("year=2019") == Period(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31), "year")
    q4 = read("year=2019&quarter=4")
    assert (q4.start, q4.end, q4.label) == (datetime.date(2019, 10, 1), datetime.date(2019, 12, 31), "Quý 4/2019")
    assert read("year=2020&quarter=1").end == datetime.date(2020, 3, 31)


def test_the_period_starts_and_ends_at_midnight_in_ho_chi_minh_city():
    period = read("year=2019")
    assert period.start_at.isoformat() == "2019-01-01T00:00:00+07:00"
    assert period.end_at.isoformat() == "2020-01-01T00:00:00+07:00"


def test_custom_dates_in_either_format_win_over_the_year():
    period = read("year=2018&from=01/03/2019&to=2019-05-31")
    assert (period.start, period.end, period.kind) == (datetime.date(2019, 3, 1), datetime.date(2019, 5, 31), "custom")
    assert period.label == "01/03/2019 – 31/05/2019"
    assert period.query() == {"from": "2019-03-01", "to": "2019-05-31"}


def test_a_reversed_range_is_swapped_with_a_note():
    period = read("from=2019-12-31&to=2019-01-01")
    assert (period.start, period.end) == (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
    assert period.notes


def test_one_date_gives_a_one_day_period():
    period = read("to=2019-06-01")
    assert period.start == period.end == datetime.date(2019, 6, 1)


def test_unreadable_input_falls_back_to_the_current_year_with_a_note():
    from django.utils import timezone

    for query in ("year=abc", "year=1800", "quarter=7", "from=30/02/2019"):
        period = read(query)
        assert period.kind == "year"
        assert period.start.year == timezone.localdate().year
        assert period.notes, query
