"""The enrolment state machine: every transition, and every refusal with its message."""

import datetime

import pytest
from django.utils import timezone, translation

from accounts import roles
from accounts.models import SchoolLevel, Subject
from audit.models import AuditEvent
from enrolment import services
from enrolment.errors import EnrolmentError
from enrolment.models import Cohort, Enrolment, EnrolmentEvent

from .factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Enrolment.Status


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def refusal(callable_, *args, **kwargs) -> EnrolmentError:
    with pytest.raises(EnrolmentError) as info:
        callable_(*args, **kwargs)
    return info.value


def history(enrolment) -> list[tuple[str, str]]:
    return list(enrolment.events.values_list("from_status", "to_status"))


# --- Enrolling ------------------------------------------------------------------


def test_a_learner_enrols_in_an_open_class_and_the_change_is_recorded(learner):
    cohort = CohortFactory()
    enrolment = services.enrol(learner, cohort)
    assert enrolment.status == S.ACTIVE
    assert enrolment.changed_by == learner
    assert history(enrolment) == [("", S.ACTIVE)]
    assert AuditEvent.objects.filter(action="enrolment.active", target_id=str(enrolment.pk)).exists()


def test_a_full_class_is_refused_with_an_offer_of_the_waiting_list(learner):
    cohort = CohortFactory(capacity=1)
    services.enrol(UserFactory(), cohort)
    error = refusal(services.enrol, learner, cohort)
    assert error.code == "full"
    assert "danh sách chờ" in str(error)
    assert not Enrolment.objects.filter(user=learner).exists()


def test_joining_the_waiting_list_of_a_full_class(learner):
    cohort = CohortFactory(capacity=1)
    services.enrol(UserFactory(), cohort)
    enrolment = services.enrol(learner, cohort, join_waitlist=True)
    assert enrolment.status == S.WAITLISTED


def test_asking_for_the_waiting_list_with_a_free_seat_gives_the_seat(learner):
    enrolment = services.enrol(learner, CohortFactory(), join_waitlist=True)
    assert enrolment.status == S.ACTIVE


def test_a_class_needing_approval_makes_the_request_pending(learner):
    cohort = CohortFactory(enrolment_policy=Cohort.Policy.APPROVAL)
    assert services.enrol(learner, cohort).status == S.PENDING


@pytest.mark.parametrize(
    ("status", "code", "words"),
    [
        (Cohort.Status.DRAFT, "not_open", "không mở ghi danh"),
        (Cohort.Status.RUNNING, "not_open", "không mở ghi danh"),
        (Cohort.Status.FINISHED, "not_open", "không mở ghi danh"),
        (Cohort.Status.ARCHIVED, "not_open", "không mở ghi danh"),
    ],
)
def test_only_open_classes_take_enrolments(learner, status, code, words):
    error = refusal(services.enrol, learner, CohortFactory(status=status))
    assert (error.code, words in str(error)) == (code, True)


def test_enrolment_before_the_window_opens_is_refused_with_the_opening_time(learner):
    opens = timezone.now() + datetime.timedelta(days=2)
    error = refusal(services.enrol, learner, CohortFactory(enrolment_opens_at=opens))
    assert error.code == "not_yet_open"
    assert timezone.localtime(opens).strftime("%d/%m/%Y") in str(error)


def test_enrolment_after_the_window_closed_is_refused(learner):
    closed = timezone.now() - datetime.timedelta(hours=1)
    error = refusal(services.enrol, learner, CohortFactory(enrolment_closes_at=closed))
    assert error.code == "closed"
    assert "đã đóng" in str(error)


def test_a_key_class_needs_the_key(learner):
    cohort = CohortFactory(enrolment_policy=Cohort.Policy.KEY, enrolment_key="STEM2019")
    assert refusal(services.enrol, learner, cohort).code == "key_required"
    assert refusal(services.enrol, learner, cohort, key="stem2019").code == "wrong_key"
    assert services.enrol(learner, cohort, key=" STEM2019 ").status == S.ACTIVE


def test_guessing_the_key_is_limited(learner):
    cohort = CohortFactory(enrolment_policy=Cohort.Policy.KEY, enrolment_key="STEM2019")
    for _ in range(10):
        refusal(services.enrol, learner, cohort, key="sai")
    error = refusal(services.enrol, learner, cohort, key="STEM2019")
    assert error.code == "key_attempts"


def test_the_school_level_must_match_when_the_class_sets_one():
    cohort = CohortFactory(eligible_school_levels=[SchoolLevel.LOWER_SECONDARY])
    primary_teacher = UserFactory(school_level=SchoolLevel.PRIMARY)
    error = refusal(services.enrol, primary_teacher, cohort)
    assert error.code == "level"
    assert "THCS" in str(error) and "Tiểu học" in str(error)
    assert services.enrol(UserFactory(school_level=SchoolLevel.LOWER_SECONDARY), cohort).status == S.ACTIVE


def test_the_subjects_must_match_when_the_class_sets_them():
    maths, physics, literature = (Subject.objects.get_or_create(name=n)[0] for n in ("Toán", "Vật lý", "Ngữ văn"))
    cohort = CohortFactory()
    cohort.eligible_subjects.set([maths, physics])
    literature_teacher = UserFactory()
    literature_teacher.subjects.set([literature])
    error = refusal(services.enrol, literature_teacher, cohort)
    assert error.code == "subject"
    assert "Toán, Vật lý" in str(error)
    physics_teacher = UserFactory()
    physics_teacher.subjects.set([physics])
    assert services.enrol(physics_teacher, cohort).status == S.ACTIVE


def test_an_inactive_account_cannot_enrol():
    error = refusal(services.enrol, UserFactory(is_active=False), CohortFactory())
    assert error.code == "inactive"


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (S.ACTIVE, "already_enrolled"),
        (S.WAITLISTED, "already_waitlisted"),
        (S.PENDING, "already_pending"),
        (S.COMPLETED, "already_completed"),
        (S.REMOVED, "removed"),
    ],
)
def test_nobody_enrols_twice_in_the_same_class(learner, status, code):
    cohort = CohortFactory()
    EnrolmentFactory(user=learner, cohort=cohort, status=status)
    assert refusal(services.enrol, learner, cohort).code == code
    assert Enrolment.objects.filter(user=learner, cohort=cohort).count() == 1


def test_a_learner_who_withdrew_can_enrol_again_and_keeps_one_row(learner):
    cohort = CohortFactory()
    enrolment = services.enrol(learner, cohort)
    services.withdraw(enrolment, actor=learner)
    again = services.enrol(learner, cohort)
    assert again.pk == enrolment.pk and again.status == S.ACTIVE
    assert history(again) == [("", S.ACTIVE), (S.ACTIVE, S.WITHDRAWN), (S.WITHDRAWN, S.ACTIVE)]


# --- Withdrawing and the waiting list ---------------------------------------------


def test_withdrawing_frees_the_seat_for_the_first_on_the_waiting_list(learner):
    cohort = CohortFactory(capacity=1)
    mine = services.enrol(learner, cohort)
    first, second = UserFactory(), UserFactory()
    services.enrol(first, cohort, join_waitlist=True)
    services.enrol(second, cohort, join_waitlist=True)
    services.withdraw(mine, actor=learner)
    statuses = dict(Enrolment.objects.filter(cohort=cohort).values_list("user_id", "status"))
    assert statuses == {learner.pk: S.WITHDRAWN, first.pk: S.ACTIVE, second.pk: S.WAITLISTED}
    promoted = Enrolment.objects.get(user=first)
    assert history(promoted)[-1] == (S.WAITLISTED, S.ACTIVE)
    assert promoted.events.last().note == "promoted from the waiting list"


def test_leaving_the_waiting_list_frees_no_seat(learner):
    cohort = CohortFactory(capacity=1)
    services.enrol(UserFactory(), cohort)
    waiting = services.enrol(learner, cohort, join_waitlist=True)
    services.withdraw(waiting, actor=learner)
    assert Enrolment.objects.get(pk=waiting.pk).status == S.WITHDRAWN
    assert Enrolment.objects.filter(cohort=cohort, status=S.ACTIVE).count() == 1


def test_a_learner_cannot_withdraw_someone_else(learner):
    other = services.enrol(UserFactory(), CohortFactory())
    assert refusal(services.withdraw, other, actor=learner).code == "forbidden"


def test_a_completed_enrolment_cannot_be_withdrawn(learner):
    enrolment = EnrolmentFactory(user=learner, status=S.COMPLETED)
    assert refusal(services.withdraw, enrolment, actor=learner).code == "not_withdrawable"


def test_withdrawing_from_a_finished_class_is_refused(learner):
    enrolment = EnrolmentFactory(user=learner, cohort=CohortFactory(finished=True))
    assert refusal(services.withdraw, enrolment, actor=learner).code == "class_over"


def test_raising_the_capacity_moves_the_waiting_list_up(manager):
    cohort = CohortFactory(capacity=1)
    services.enrol(UserFactory(), cohort)
    waiting = [services.enrol(UserFactory(), cohort, join_waitlist=True) for _ in range(3)]
    cohort.capacity = 3
    cohort.save()
    promoted = services.refill(cohort, actor=manager)
    assert [e.pk for e in promoted] == [waiting[0].pk, waiting[1].pk]
    assert Enrolment.objects.get(pk=waiting[2].pk).status == S.WAITLISTED


# --- Managers: approve, turn down, remove, move -------------------------------------


def test_a_manager_approves_a_request_into_a_free_seat(manager, learner):
    enrolment = services.enrol(learner, CohortFactory(enrolment_policy=Cohort.Policy.APPROVAL))
    services.approve(enrolment, actor=manager)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.changed_by) == (S.ACTIVE, manager)
    assert enrolment.events.last().note == "approved"


def test_approving_into_a_full_class_puts_the_learner_on_the_waiting_list(manager, learner):
    cohort = CohortFactory(enrolment_policy=Cohort.Policy.APPROVAL, capacity=1)
    EnrolmentFactory(cohort=cohort)
    enrolment = services.enrol(learner, cohort)
    assert services.approve(enrolment, actor=manager).status == S.WAITLISTED


def test_turning_down_a_request_removes_it_with_the_reason(manager, learner):
    enrolment = services.enrol(learner, CohortFactory(enrolment_policy=Cohort.Policy.APPROVAL))
    services.reject(enrolment, actor=manager, note="Lớp dành cho giáo viên THCS")
    enrolment.refresh_from_db()
    assert enrolment.status == S.REMOVED
    assert enrolment.events.last().note == "Lớp dành cho giáo viên THCS"


def test_only_pending_requests_are_approved_or_turned_down(manager):
    enrolment = EnrolmentFactory(status=S.ACTIVE)
    assert refusal(services.approve, enrolment, actor=manager).code == "not_pending"
    assert refusal(services.reject, enrolment, actor=manager).code == "not_pending"


@pytest.mark.parametrize("action", ["approve", "reject", "remove", "archive"])
def test_learners_and_trainers_cannot_use_manager_actions(action):
    enrolment = EnrolmentFactory(status=S.PENDING)
    for user in (enrolment.user, UserFactory(role=roles.TRAINER)):
        target = enrolment.cohort if action == "archive" else enrolment
        assert refusal(getattr(services, action), target, actor=user).code == "forbidden"


def test_removing_a_learner_gives_the_seat_to_the_waiting_list(manager):
    cohort = CohortFactory(capacity=1)
    seated = services.enrol(UserFactory(), cohort)
    waiting = services.enrol(UserFactory(), cohort, join_waitlist=True)
    services.remove(seated, actor=manager, note="Không tham gia")
    assert Enrolment.objects.get(pk=seated.pk).status == S.REMOVED
    assert Enrolment.objects.get(pk=waiting.pk).status == S.ACTIVE


def test_moving_a_learner_to_another_class(manager, learner):
    source, target = CohortFactory(capacity=1), CohortFactory()
    enrolment = services.enrol(learner, source)
    waiting = services.enrol(UserFactory(), source, join_waitlist=True)
    moved = services.move(enrolment, target, actor=manager)
    assert (moved.cohort, moved.status) == (target, S.ACTIVE)
    assert Enrolment.objects.get(pk=enrolment.pk).status == S.REMOVED
    assert enrolment.events.last().note == f"moved to {target.code}"
    assert moved.events.last().note == f"moved from {source.code}"
    assert Enrolment.objects.get(pk=waiting.pk).status == S.ACTIVE


def test_moving_into_a_full_class_uses_its_waiting_list(manager, learner):
    target = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=target)
    moved = services.move(services.enrol(learner, CohortFactory()), target, actor=manager)
    assert moved.status == S.WAITLISTED


def test_moving_refusals(manager, learner):
    source = CohortFactory()
    enrolment = services.enrol(learner, source)
    assert refusal(services.move, enrolment, source, actor=manager).code == "same_class"
    finished = CohortFactory(finished=True)
    assert refusal(services.move, enrolment, finished, actor=manager).code == "target_closed"
    taken = CohortFactory()
    EnrolmentFactory(user=learner, cohort=taken)
    error = refusal(services.move, enrolment, taken, actor=manager)
    assert error.code == "already_there" and taken.code in str(error)
    assert Enrolment.objects.get(pk=enrolment.pk).status == S.ACTIVE


def test_archiving_a_class_keeps_everything(manager):
    enrolment = EnrolmentFactory()
    services.archive(enrolment.cohort, actor=manager)
    enrolment.cohort.refresh_from_db()
    assert enrolment.cohort.status == Cohort.Status.ARCHIVED
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()


# --- The transition table -----------------------------------------------------------


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(f, t) for f, targets in services.ALLOWED_TRANSITIONS.items() if f for t in sorted(targets)],
)
def test_every_allowed_transition_is_recorded(from_status, to_status, manager):
    enrolment = EnrolmentFactory(status=from_status)
    services.transition(enrolment, to_status, actor=manager, note="test")
    enrolment.refresh_from_db()
    assert enrolment.status == to_status
    assert history(enrolment) == [(from_status, to_status)]


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(f, t) for f in S.values for t in S.values if t not in services.ALLOWED_TRANSITIONS[f]],
)
def test_every_other_transition_is_refused_with_a_message(from_status, to_status):
    enrolment = EnrolmentFactory(status=from_status)
    error = refusal(services.transition, enrolment, to_status)
    assert error.code == "invalid_transition"
    assert str(S(from_status).label) in str(error)
    enrolment.refresh_from_db()
    assert enrolment.status == from_status
    assert not EnrolmentEvent.objects.filter(enrolment=enrolment).exists()


def test_mark_completed_is_idempotent(manager):
    enrolment = EnrolmentFactory()
    services.mark_completed(enrolment, actor=manager)
    services.mark_completed(enrolment, actor=manager)
    enrolment.refresh_from_db()
    assert enrolment.status == S.COMPLETED and enrolment.completed_at is not None
    assert history(enrolment) == [(S.ACTIVE, S.COMPLETED)]


def test_history_cannot_be_deleted_with_the_enrolment():
    from django.db.models import ProtectedError

    enrolment = EnrolmentFactory()
    services.transition(enrolment, S.WITHDRAWN)
    with pytest.raises(ProtectedError):
        enrolment.delete()


def test_a_class_that_is_over_gives_no_more_places(manager):
    cohort = CohortFactory(capacity=1, finished=True)
    seated = EnrolmentFactory(cohort=cohort)
    waiting = EnrolmentFactory(cohort=cohort, status=S.WAITLISTED)
    services.remove(seated, actor=manager)
    assert Enrolment.objects.get(pk=waiting.pk).status == S.WAITLISTED
