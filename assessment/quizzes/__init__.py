"""Quizzes: a kind of assessed work beside the lesson plan (models in ``assessment.models.quizzes``
and ``assessment.models.quiz_attempts``).

- ``grading``: how each question type is graded, pure functions of a question's spec;
- ``specs``, ``cloze``: a question as a frozen spec, what the learner may see of it;
- ``permissions``, ``services``, ``selectors``: the usual pairs, state changes and read-only questions;
- ``views``, ``urls``, ``wagtail_hooks``: the learner's and trainer's pages, the question bank in the admin.
"""
