"""Programme reports for the Department: targets against results, breakdowns, exports, charts.

An app of its own because it owns no data: it reads classes, enrolments,
attendance, submissions, grades and certificates of the other apps and turns
them into the figures the Department reports to the province (plan section
III). Every figure is defined once, in ``reports.indicators``.
"""
