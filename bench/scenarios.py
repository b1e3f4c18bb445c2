"""What ``make bench`` loads, and the ratio each page must reach.

A scenario names its path directly or through a manifest key written by
``seed_bench`` (e.g. ``url.course``); one whose key is missing from the
manifest is reported as "not available" (e.g. the report overview until the
reports app lands), so the list can grow as features land.

POSTs change data, so they rotate: ``users_key`` names a list of learners
(one enrolment each), ``paths_key`` a list of addresses (one lesson each).
When both are given they have the same length and go in pairs (learner i
posts to address i): the quiz deadline, each learner saving and handing in
their own attempt.
"""

ANONYMOUS_CACHED = 0.5
LOGGED_IN = 0.15  # issue 21: signed-in pages at province scale, both databases (was 0.10)
VERIFICATION = 0.25

SCENARIOS = [
    {"name": "bare view (/healthz)", "path": "/healthz"},
    {"name": "anonymous: home", "path": "/", "target": ANONYMOUS_CACHED},
    {"name": "anonymous: programme page", "key": "url.programme", "target": ANONYMOUS_CACHED},
    {"name": "anonymous: course page", "key": "url.course", "target": ANONYMOUS_CACHED},
    {"name": "anonymous: free-preview lesson", "key": "url.free_lesson", "target": ANONYMOUS_CACHED},
    {
        "name": "anonymous: lesson-plan library (filter)",
        "key": "url.lesson_plans_filtered",
        "target": ANONYMOUS_CACHED,
    },
    {"name": "anonymous: search 'giao an stem'", "key": "url.search"},
    {"name": "anonymous: camp material page", "key": "url.camp", "target": ANONYMOUS_CACHED},
    {"name": "anonymous: certificate verification", "key": "url.verify", "target": VERIFICATION},
    {"name": "learner: Khóa học của tôi", "key": "url.my_courses", "user_key": "user.learner", "target": LOGGED_IN},
    {
        "name": "learner: enrolled lesson",
        "key": "url.enrolled_lesson",
        "user_key": "user.learner",
        "target": LOGGED_IN,
    },
    {"name": "trainer: grading queue", "key": "url.grading_queue", "user_key": "user.trainer", "target": LOGGED_IN},
    {"name": "trainer: grading page", "key": "url.grading_page", "user_key": "user.trainer", "target": LOGGED_IN},
    {"name": "trainer: class roster (25)", "key": "url.roster", "user_key": "user.trainer", "target": LOGGED_IN},
    {"name": "manager: report overview (year)", "key": "url.report", "user_key": "user.manager"},
    {
        "name": "POST: enrol in a class",
        "key": "url.enrol",
        "method": "POST",
        "user_key": "user.enrol_learner",
        "users_key": "users.enrol",
    },
    {
        "name": "POST: mark a lesson done",
        "key": "url.mark_done",
        "method": "POST",
        "user_key": "user.learner",
        "paths_key": "url.mark_done.paths",
    },
    {
        "name": "POST: save a quiz page (40 answers)",
        "key": "url.quiz_save",
        "method": "POST",
        "user_key": "user.quiz_learner",
        "users_key": "users.quiz",
        "paths_key": "url.quiz_save.paths",
    },
    {
        "name": "POST: hand in a 40-question quiz",
        "key": "url.quiz_finish",
        "method": "POST",
        "user_key": "user.quiz_learner",
        "users_key": "users.quiz",
        "paths_key": "url.quiz_finish.paths",
    },
]


def resolve(scenario: dict, manifest: dict) -> dict | None:
    """The scenario with its path and user filled in from the manifest, or None."""
    path = scenario.get("path") or manifest.get(scenario.get("key", ""))
    user = manifest.get(scenario["user_key"]) if scenario.get("user_key") else None
    if not path or (scenario.get("user_key") and not user):
        return None
    return {
        "name": scenario["name"],
        "method": scenario.get("method", "GET"),
        "path": path,
        "paths": manifest.get(scenario["paths_key"]) if scenario.get("paths_key") else None,
        "user": user,
        "users": manifest.get(scenario["users_key"]) if scenario.get("users_key") else None,
        "logged_in": bool(user) and scenario.get("method", "GET") == "GET",
        "target": scenario.get("target"),
        "data": manifest.get(scenario.get("key", "") + ".data"),
    }
