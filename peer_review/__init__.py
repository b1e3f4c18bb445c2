"""Peer review of lesson plans, calibration, and exemplars for the library.

It stands apart from ``assessment`` because it has people of its own (a
learner reviewing a peer, a trainer calibrated against a reference), its own
life cycle (calibrate, get a plan allocated, review, rate what one received,
hand a starved plan to the trainer) and its own concurrency rule (two
reviewers never take the last slot of one plan). It reuses assessment's
rubrics, submissions and grading rules, and sits on the floor above it, so
assessment never names it: it adds its panel to the assignment page through
``assessment.panels`` and its section to "Khóa học của tôi" through
``enrolment.dashboard``.
"""
