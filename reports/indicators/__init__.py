"""Every figure of the reports, defined once: what is counted, and the query that counts it.

Read in this order:

- :mod:`.definitions`: the indicators the pages show, with the definition
  readers read and the parts each is made of;
- :mod:`.parts`: the parts, each one aggregate over one model (a count of
  enrolments, of attendance marks, an average of grades...) under a
  condition that depends on the period, and which classes were held;
- :mod:`.breakdowns`: what figures are grouped by (programme, course, class,
  a profile field of the learner) and the :class:`Scope` that limits them;
- :mod:`.queries`: :func:`compute` groups the parts by model and runs **one
  aggregate query per model**, grouped as asked: the number of queries never
  depends on the amount of data, and no row is looped over in Python. The
  people behind a figure (:func:`people`) come from the same conditions.
"""

from .breakdowns import ACTIVITY_DIMENSIONS, ALL, DIMENSIONS, Scope, group_expression
from .definitions import BY_KEY, INDICATORS, MEASURE_INDICATOR, PEOPLE_INDICATORS, Indicator, values
from .parts import PARTS, SEAT, Part, Source, held_classes, held_condition, seats_subquery
from .queries import compute, indicator_values, participants, people

__all__ = [
    "ACTIVITY_DIMENSIONS",
    "ALL",
    "BY_KEY",
    "DIMENSIONS",
    "INDICATORS",
    "MEASURE_INDICATOR",
    "PARTS",
    "PEOPLE_INDICATORS",
    "SEAT",
    "Indicator",
    "Part",
    "Scope",
    "Source",
    "compute",
    "group_expression",
    "held_classes",
    "held_condition",
    "indicator_values",
    "participants",
    "people",
    "seats_subquery",
    "values",
]
