"""Assessment: STEM lesson-plan assignments, versioned submissions, rubric grading.

It stands apart from ``courses`` (content) and ``enrolment`` (people in
classes) because it has its own life cycle (draft, submitted, graded,
returned, passed), its own private files, its own immutability rules (a
submitted version and a used rubric are never changed) and its own
concurrency rule (two trainers grading one version). Other apps read it
through ``assessment.selectors`` and listen to ``assessment.signals``.
"""
