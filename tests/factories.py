"""factory_boy factories for the whole suite: one per model, with traits for its states.

By convention (shared/CONVENTIONS.md) there is exactly one builder per model, here;
a state of a model is a trait of its factory (``CohortFactory(running=True)``), and
what a factory builds around its object is a post-generation hook
(``CourseFactory(lessons=4, lessons__required=3)``, ``CohortFactory(sessions=5)``).

Wagtail pages are added under their ``parent`` (live) and indexed once their tags
are saved, as publishing from the admin does, without the cost of a revision.
"""

import datetime
from decimal import Decimal
from io import BytesIO

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from accounts import roles
from accounts.models import Area, SchoolLevel, Subject, User

DEFAULT_PASSWORD = "mat-khau-Thu-nghiem-2026"


# --- Accounts -----------------------------------------------------------------------


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Khu vực {n}")


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("name",)

    name = factory.Iterator(["Toán", "Vật lý", "Hóa học", "Sinh học", "Tin học", "Công nghệ"])


class UserFactory(factory.django.DjangoModelFactory):
    """A learner with a confirmed e-mail address and a complete profile; ``role=`` another group."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"giaovien{n}@truong.edu.vn")
    full_name = factory.Iterator(["Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Minh Châu", "Phạm Thu Trang"])
    organisation = "Trường THCS Nguyễn Du"
    school_level = SchoolLevel.LOWER_SECONDARY
    area = factory.SubFactory(AreaFactory)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if not create:
            return
        group, _ = Group.objects.get_or_create(name=extracted or roles.LEARNER)
        self.groups.add(group)
        self.save()
        EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"verified": True, "primary": True})


# --- Images and documents -----------------------------------------------------------


def _png(colour: str) -> bytes:
    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (320, 180), colour).save(buffer, "PNG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """A small PNG drawn with Pillow, in a file named like an upload (``anh-N.png``)."""

    class Meta:
        model = "wagtailimages.Image"

    class Params:
        colour = "#0b4f8a"

    title = "Ảnh minh họa"
    file = factory.LazyAttributeSequence(lambda o, n: ImageFile(BytesIO(_png(o.colour)), name=f"anh-{n + 1}.png"))


class DocumentFactory(factory.django.DjangoModelFactory):
    """A one-line PDF in the root collection."""

    class Meta:
        model = "wagtaildocs.Document"

    title = "Phiếu học tập"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 demo", name="phieu-hoc-tap.pdf"))


# --- Pages ----------------------------------------------------------------------------


def _site_home():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


def _slug(title: str) -> str:
    from lms.text import fold

    return "-".join("".join(c if c.isalnum() else " " for c in fold(title)).split())[:80]


class PageFactory(factory.django.DjangoModelFactory):
    """A live page under ``parent`` (the site's home page unless said), indexed with its tags.

    With ``Meta.django_get_or_create``, a child of ``parent`` with the same values is reused.
    """

    class Meta:
        abstract = True

    parent = factory.LazyFunction(_site_home)
    slug = factory.LazyAttribute(lambda o: _slug(o.title))

    @classmethod
    def _build(cls, model_class, *args, parent=None, subjects=(), topics=(), **kwargs):
        return model_class(*args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, parent, subjects=(), topics=(), **kwargs):
        from wagtail.search import index

        if cls._meta.django_get_or_create:
            same = {field: kwargs[field] for field in cls._meta.django_get_or_create}
            existing = model_class.objects.child_of(parent).filter(**same).first()
            if existing is not None:
                return existing
        page = model_class(*args, **kwargs)
        if subjects:
            page.subjects.add(*subjects)
        if topics:
            page.topics.add(*topics)
        parent.add_child(instance=page)
        index.insert_or_update_object(page)
        return page


class SectionIndexFactory(PageFactory):
    """A section's index under the home page: there is one, reused when it exists."""

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)


class StandardPageFactory(PageFactory):
    class Meta:
        model = "home.StandardPage"

    title = "Giới thiệu"


class ProgrammeIndexFactory(SectionIndexFactory):
    class Meta:
        model = "courses.ProgrammeIndexPage"

    title = "Chương trình"
    slug = "chuong-trinh"


def _next_programme_code():
    from courses.models import ProgrammePage

    return f"2.{ProgrammePage.objects.count() + 4}"


def _target():
    from courses.models import ProgrammeTarget

    return [ProgrammeTarget(indicator="Số lớp", target=2, measure="classes")]


class ProgrammeFactory(PageFactory):
    """A programme; codes run 2.4, 2.5, ... in a test, so that certificate numbers differ.

    Trait ``described``: described for the catalogue, with its audience, period and a
    target of two classes.
    """

    class Meta:
        model = "courses.ProgrammePage"

    class Params:
        described = factory.Trait(
            audience="Giáo viên tiểu học và trung học", period="2019", targets=factory.LazyFunction(_target)
        )

    parent = factory.SubFactory(ProgrammeIndexFactory)
    title = "Bồi dưỡng giáo viên về giáo dục STEM"
    code = factory.LazyFunction(_next_programme_code)
    slug = factory.LazyAttribute(lambda o: f"chuong-trinh-{_slug(o.code)}")
    targets = factory.LazyFunction(list)


class CourseFactory(PageFactory):
    """A course (subject Toán, 12 hours, lower secondary) in a programme of its own.

    ``lessons=N`` adds N lessons ``Bài 1`` ... (slugs ``bai-1`` ...); ``lessons__required=M``:
    only the first M are required for completion (all by default).
    """

    class Meta:
        model = "courses.CoursePage"
        skip_postgeneration_save = True

    parent = factory.SubFactory(ProgrammeFactory)
    title = "Giáo dục STEM cơ bản"
    summary = "Khóa học giúp giáo viên hiểu giáo dục STEM."
    duration_hours = 12
    school_levels = factory.LazyFunction(lambda: ["thcs"])
    subjects = ("Toán",)
    topics = ()

    @factory.post_generation
    def lessons(self, create, extracted, required=None, **kwargs):
        if not (create and extracted):
            return
        required = extracted if required is None else required
        for number in range(1, extracted + 1):
            LessonFactory(
                parent=self,
                title=f"Bài {number}",
                slug=f"bai-{number}",
                summary="",
                body=[],
                required_for_completion=number <= required,
            )


class ModuleFactory(PageFactory):
    class Meta:
        model = "courses.ModulePage"

    parent = factory.SubFactory(CourseFactory)
    title = "Phần 2: Đánh giá"


class TrainerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "courses.TrainerProfile"

    name = factory.Iterator(["Nguyễn Văn Hùng", "Trần Thị Mai", "Đặng Quốc Việt"])
    honorific = "TS."
    position = "Giảng viên"
    organisation = "Trường Đại học Thủ Dầu Một"
    bio = "Nghiên cứu và giảng dạy giáo dục STEM cho giáo viên phổ thông."


def lesson_body(image=None, document=None) -> list[dict]:
    """A realistic lesson body in StreamField JSON: every kind of block."""
    body = [
        {
            "type": "paragraph",
            "value": "<h2>Giáo dục STEM là gì?</h2><p>Giáo dục STEM tích hợp <b>Khoa học</b>, Công nghệ, "
            "Kỹ thuật và Toán học để học sinh giải quyết vấn đề thực tiễn.</p>",
        },
        {
            "type": "callout",
            "value": {"kind": "safety", "title": "", "text": "<p>Đeo kính bảo hộ khi dùng súng bắn keo.</p>"},
        },
        {
            "type": "stem_activity",
            "value": {
                "title": "Chế tạo xe chạy bằng bóng bay",
                "objective": "Vận dụng định luật III Newton.",
                "materials": ["Bóng bay", "Ống hút", "Nắp chai"],
                "steps": ["Lắp trục bánh xe.", "Gắn bóng bay vào ống hút.", "Thổi bóng và thả xe."],
                "expected_product": "Xe chạy được ít nhất 2 m.",
            },
        },
        {"type": "equation", "value": {"text": "v = s / t", "image": None, "caption": "Vận tốc trung bình"}},
        {
            "type": "video",
            "value": {"url": "https://www.youtube.com/watch?v=abcdefghijk", "title": "Giới thiệu STEM", "caption": ""},
        },
    ]
    if image is not None:
        body.append(
            {
                "type": "figure",
                "value": {
                    "image": image.pk,
                    "alt_text": "Học sinh thử xe",
                    "caption": "Thử nghiệm",
                    "credit": "Sở KH&CN",
                },
            }
        )
    if document is not None:
        body.append({"type": "download", "value": {"document": document.pk, "title": "", "description": "Bản in"}})
    return body


class LessonFactory(PageFactory):
    """A lesson with every kind of block in its body (see :func:`lesson_body`)."""

    class Meta:
        model = "courses.LessonPage"

    parent = factory.SubFactory(CourseFactory)
    title = "Bài 1: Giáo dục STEM là gì?"
    summary = "Khái niệm và ý nghĩa của giáo dục STEM."
    body = factory.LazyFunction(lesson_body)
    free_preview = False


class StemLessonIndexFactory(SectionIndexFactory):
    """The lesson-plan library."""

    class Meta:
        model = "stem_lessons.StemLessonIndexPage"

    title = "Thư viện giáo án STEM"
    slug = "giao-an-stem"


def activities_json() -> list[dict]:
    stages = ["1", "2", "3", "4", "5"]
    return [
        {
            "type": "activity",
            "value": {
                "stage": stage,
                "duration": "45 phút",
                "objective": f"Mục tiêu của hoạt động {stage}.",
                "content": f"<p>Nội dung hoạt động {stage}.</p>",
                "expected_product": f"Sản phẩm của hoạt động {stage}.",
                "organisation": "<p>Học sinh làm việc theo nhóm 4 người.</p>",
            },
        }
        for stage in stages
    ]


class StemLessonFactory(PageFactory):
    """A lesson plan with its five activities, materials and safety notes."""

    class Meta:
        model = "stem_lessons.StemLessonPage"

    parent = factory.SubFactory(StemLessonIndexFactory)
    title = "Giáo án STEM: Tên lửa nước"
    grade = 7
    subjects = ("Vật lý",)
    topics = ()
    summary = "Học sinh thiết kế tên lửa nước bay xa nhất."
    problem = "<p>Làm sao để tên lửa nước bay xa nhất?</p>"
    criteria = "<ul><li>Bay xa ít nhất 20 m.</li></ul>"
    activities = factory.LazyFunction(activities_json)
    materials = factory.LazyFunction(
        lambda: [{"type": "material", "value": {"item": "Chai nhựa 1,5 lít", "quantity": "2", "cost": 10000}}]
    )
    safety_notes = "<p>Không đứng trước bệ phóng.</p>"


class CampIndexFactory(SectionIndexFactory):
    """The camp materials."""

    class Meta:
        model = "camps.CampIndexPage"

    title = "Trải nghiệm STEM"
    slug = "trai-nghiem-stem"


class CampMaterialFactory(PageFactory):
    class Meta:
        model = "camps.CampMaterialPage"

    parent = factory.SubFactory(CampIndexFactory)
    title = "Robot dò line"
    theme = "robotics"
    age_min = 10
    age_max = 15
    summary = "Lắp ráp robot đi theo vạch đen."
    what_to_bring = "Bút chì\nSổ tay"
    steps = factory.LazyFunction(
        lambda: [
            {
                "type": "step",
                "value": {"title": "Lắp khung", "text": "<p>Gắn hai động cơ.</p>", "image": None, "image_alt": ""},
            }
        ]
    )


# --- Classes and enrolment ------------------------------------------------------------


def _today():
    return timezone.localdate()


def _next_cohort_code():
    from enrolment.models import Cohort

    return f"STEM-{Cohort.objects.count() + 1:03d}"


class CohortFactory(factory.django.DjangoModelFactory):
    """An open online class of 25 starting in a week, of a new course of two lessons.

    Traits: ``running`` (started a month ago), ``finished`` (ended a month ago).
    ``sessions=N`` adds N sessions on the days from ``starts_on``; ``trainers=[...]`` assigns trainers.
    """

    class Meta:
        model = "enrolment.Cohort"
        skip_postgeneration_save = True

    class Params:
        running = factory.Trait(
            status="running", starts_on=factory.LazyFunction(lambda: _today() - datetime.timedelta(days=30))
        )
        finished = factory.Trait(
            status="finished", starts_on=factory.LazyFunction(lambda: _today() - datetime.timedelta(days=90))
        )

    course = factory.SubFactory(CourseFactory, lessons=2)
    code = factory.LazyFunction(_next_cohort_code)
    title = factory.Sequence(lambda n: f"Lớp Giáo dục STEM cơ bản {n}")
    starts_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=60))
    capacity = 25
    status = "open"

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.set(extracted)

    @factory.post_generation
    def sessions(self, create, extracted, **kwargs):
        if create and extracted:
            for day in range(extracted):
                SessionFactory(
                    cohort=self,
                    date=self.starts_on + datetime.timedelta(days=day),
                    topic=f"Buổi {day + 1}",
                    **kwargs,
                )


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrolment.Session"

    cohort = factory.SubFactory(CohortFactory)
    date = factory.LazyFunction(_today)
    starts_at = datetime.time(8, 0)
    ends_at = datetime.time(11, 30)
    venue = "Fablab Trường Đại học Thủ Dầu Một"
    topic = factory.Sequence(lambda n: f"Buổi {n + 1}: Thiết kế giáo án STEM")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An active enrolment written directly (tests of the services go through them); ``status=`` another."""

    class Meta:
        model = "enrolment.Enrolment"

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = "active"


# --- Certificates -----------------------------------------------------------------------


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate issued by the service for a completed enrolment in a running class.

    Trait ``on_record``: the row is written as given instead (number, dates, status and
    snapshot of a certificate from the past, which the service cannot issue).
    """

    class Meta:
        model = "certificates.Certificate"

    class Params:
        on_record = factory.Trait(
            learner=factory.SelfAttribute("enrolment.user"),
            cohort=factory.SelfAttribute("enrolment.cohort"),
            course=factory.SelfAttribute("enrolment.cohort.course"),
            programme=factory.LazyAttribute(lambda o: o.enrolment.cohort.course.get_parent().specific),
            number=factory.Sequence(lambda n: f"KHCN-2019-{n + 1:05d}"),
            verification_code=factory.LazyAttribute(lambda o: f"code-{o.number}"),
            snapshot=factory.LazyAttribute(
                lambda o: {"name": o.learner.full_name, "course": o.course.title, "class": o.cohort.code}
            ),
            issued_at=factory.LazyFunction(timezone.now),
            sha256="0" * 64,
        )

    enrolment = factory.SubFactory(EnrolmentFactory, status="completed", cohort__running=True)
    issued_by = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if "number" in kwargs:  # on_record
            return super()._create(model_class, *args, **kwargs)
        from certificates.services import issue

        unexpected = set(kwargs) - {"enrolment", "issued_by"}
        assert not unexpected, f"the service decides {unexpected}: pass on_record=True to write them"
        return issue(kwargs["enrolment"], issued_by=kwargs["issued_by"])


# --- Assessment ------------------------------------------------------------------------


class RubricFactory(factory.django.DjangoModelFactory):
    """A rubric with ``criteria`` criteria (default 3), each with levels worth 0, 1, 2, 3 points."""

    class Meta:
        model = "assessment.Rubric"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Đánh giá giáo án STEM {n}")

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        from assessment.models import RubricCriterion, RubricLevel

        titles = ["Vấn đề thực tiễn", "Tiêu chí sản phẩm", "Tiến trình năm hoạt động", "Tích hợp STEM"]
        count = 3 if extracted is None else extracted
        for position in range(count):
            criterion = RubricCriterion.objects.create(
                rubric=self, sort_order=position, title=titles[position % len(titles)] + f" {position + 1}", weight=1
            )
            for index, (label, points) in enumerate([("Chưa đạt", 0), ("Đạt", 1), ("Khá", 2), ("Tốt", 3)]):
                RubricLevel.objects.create(criterion=criterion, sort_order=index, label=label, points=points)


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment of a new course, due in a week, lesson-plan form optional, files optional."""

    class Meta:
        model = "assessment.Assignment"

    course = factory.SubFactory(CourseFactory)
    title = "Thiết kế giáo án STEM"
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    rubric = factory.SubFactory(RubricFactory)
    files_required = False


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A first attempt written directly (tests of handing in go through the services: assessment_helpers)."""

    class Meta:
        model = "assessment.Submission"

    enrolment = factory.SubFactory(EnrolmentFactory)
    assignment = factory.SubFactory(AssignmentFactory, course=factory.SelfAttribute("..enrolment.cohort.course"))
    learner = factory.SelfAttribute("enrolment.user")
    cohort = factory.SelfAttribute("enrolment.cohort")
    attempt = 1
    status = "draft"


class GradeFactory(factory.django.DjangoModelFactory):
    """A primary grade by a trainer, with the submission's rubric, written directly."""

    class Meta:
        model = "assessment.Grade"

    submission = factory.SubFactory(SubmissionFactory)
    grader = factory.SubFactory(UserFactory, role=roles.TRAINER)
    rubric = factory.SelfAttribute("submission.assignment.rubric")


# --- Activities (pupils' activities and public events) -----------------------------------------


class ActivityIndexFactory(SectionIndexFactory):
    class Meta:
        model = "activities.ActivityIndexPage"

    title = "Hoạt động & sự kiện"
    slug = "hoat-dong"


def _activity_kind():
    from activities.models import ActivityKind

    kind, _created = ActivityKind.objects.get_or_create(slug="trai-he-stem", defaults={"name": "Trại hè STEM"})
    return kind


class ActivityFactory(PageFactory):
    """A live activity for children aged 8–12 (``adults=True``: a workshop for adults)."""

    class Meta:
        model = "activities.ActivityPage"

    class Params:
        adults = factory.Trait(audience="adults", age_min=None, age_max=None, title="Hội thảo STEM trong giáo dục")

    parent = factory.SubFactory(ActivityIndexFactory)
    title = factory.Sequence(lambda n: f"Trại hè STEM {n}")
    kind = factory.LazyFunction(_activity_kind)
    audience = "children"
    age_min = 8
    age_max = 12
    summary = "Khám phá khoa học vui cùng các anh chị sinh viên."


def _in_days(days: int, hour: int = 8):
    day = timezone.localdate() + datetime.timedelta(days=days)
    zone = timezone.get_current_timezone()
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=zone)


class ActivitySessionFactory(factory.django.DjangoModelFactory):
    """A session in ten days, open for registration (``past=True``: held a week ago; ``closed=True``)."""

    class Meta:
        model = "activities.ActivitySession"
        skip_postgeneration_save = True

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: _in_days(-7)),
            ends_at=factory.LazyFunction(lambda: _in_days(-7, 11)),
            registration_opens_at=factory.LazyFunction(lambda: _in_days(-30)),
            registration_closes_at=factory.LazyFunction(lambda: _in_days(-8)),
        )
        closed = factory.Trait(registration_closes_at=factory.LazyFunction(lambda: _in_days(-1)))

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyFunction(lambda: _in_days(10))
    ends_at = factory.LazyFunction(lambda: _in_days(10, 11))
    venue_name = "Trường Đại học Thủ Dầu Một"
    venue_address = "06 Trần Văn Ơn, Phú Hòa, Thủ Dầu Một"
    capacity = 30
    registration_opens_at = factory.LazyFunction(lambda: _in_days(-5))

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.add(*extracted)


class RegistrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.Registrant"

    email = factory.Sequence(lambda n: f"phuhuynh{n}@example.com")
    full_name = "Nguyễn Thị Hồng Nhung"
    phone = "0909 123 456"


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A child of ten (``adult=True``: the registrant themselves)."""

    class Meta:
        model = "activities.Participant"

    class Params:
        adult = factory.Trait(
            is_child=False, date_of_birth=None, full_name=factory.SelfAttribute("registrant.full_name")
        )

    registrant = factory.SubFactory(RegistrantFactory)
    is_child = True
    full_name = factory.Sequence(lambda n: f"Trần Minh Khang {n}")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year - 10))
    school = "Trường TH Phú Hòa 1"
    grade = "5"
    relationship = "mẹ"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed place (``checked_in=True``: present at the door)."""

    class Meta:
        model = "activities.Registration"

    class Params:
        checked_in = factory.Trait(checked_in_at=factory.LazyFunction(timezone.now))

    session = factory.SubFactory(ActivitySessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    code = factory.Sequence(lambda n: f"TEST{n:04d}")
    status = "confirmed"


class WalkInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.WalkIn"

    session = factory.SubFactory(ActivitySessionFactory, past=True)
    age_band = "8-11"
    gender = "female"
    count = 2


# --- Quizzes (issue 18) -------------------------------------------------------------------


class QuestionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessment.QuestionCategory"

    name = factory.Sequence(lambda n: f"Động học {n}")


class QuestionOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessment.QuestionOption"

    text = "v = s / t"
    fraction = 100
    sort_order = factory.Sequence(int)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question (one right option of three) frozen as version 1.

    ``options``: [(text, percentage)] or, for matching, [(text, 0, match)];
    ``kind`` and the grading fields as the model's."""

    class Meta:
        model = "assessment.Question"
        skip_postgeneration_save = True

    category = factory.SubFactory(QuestionCategoryFactory)
    title = factory.Sequence(lambda n: f"Câu hỏi {n}")
    kind = "single"
    text = r"Công thức tính vận tốc trung bình \(v_{tb}\) là gì?"

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create:
            return
        default = {"single": [("v = s / t", 100), ("v = s · t", 0), ("v = t / s", 0)], "truefalse": [], "essay": []}
        for index, option in enumerate(extracted if extracted is not None else default.get(self.kind, [])):
            text, fraction, *rest = option
            QuestionOptionFactory(
                question=self, text=text, fraction=fraction, match=rest[0] if rest else "", sort_order=index
            )
        from assessment.quizzes.services import save_question_version

        save_question_version(None, self)


class QuizFactory(factory.django.DjangoModelFactory):
    """A graded quiz of a course with ``questions`` (a list of Question) as fixed slots."""

    class Meta:
        model = "assessment.Quiz"
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    title = "Kiểm tra chương 1: Động học"
    max_attempts = 2
    pass_mark = 50
    review = "after_attempt"

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if not create:
            return
        from assessment.models import QuizSlot

        for index, question in enumerate(extracted or [QuestionFactory()]):
            QuizSlot.objects.create(quiz=self, question=question, sort_order=index)


# --- Peer review ---------------------------------------------------------------------


class PeerReviewSettingsFactory(factory.django.DjangoModelFactory):
    """Peer review on for an assignment: 3 reviews given, 2 needed, anonymous, calibration first.

    Traits: ``no_calibration``, ``self_first`` (a self-assessment comes first).
    """

    class Meta:
        model = "peer_review.PeerReviewSettings"

    class Params:
        no_calibration = factory.Trait(calibration_required=False)
        self_first = factory.Trait(self_assessment_first=True)

    assignment = factory.SubFactory(AssignmentFactory)
    reviews_to_give = 3
    reviews_needed = 2


class PeerTeamFactory(factory.django.DjangoModelFactory):
    """A team of a class; ``members=[...]`` adds its learners."""

    class Meta:
        model = "peer_review.PeerTeam"
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Nhóm {n + 1}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class CalibrationExampleFactory(factory.django.DjangoModelFactory):
    """An example of an assignment's calibration set: ``reference`` is a trainer's grade."""

    class Meta:
        model = "peer_review.CalibrationExample"

    assignment = factory.SelfAttribute("reference.submission.assignment")
    reference = factory.SubFactory(GradeFactory)
    reasons = "Vấn đề chưa gắn với thực tiễn địa phương; tiêu chí sản phẩm chưa đo được."
    sort_order = factory.Sequence(lambda n: n)


class PeerReviewFactory(factory.django.DjangoModelFactory):
    """A review allocated to a peer (trait ``submitted``: handed in with a score)."""

    class Meta:
        model = "peer_review.PeerReview"

    class Params:
        submitted = factory.Trait(
            status="submitted", score=Decimal("66.67"), submitted_at=factory.LazyFunction(timezone.now)
        )

    submission = factory.SubFactory(SubmissionFactory, status="submitted")
    assignment = factory.SelfAttribute("submission.assignment")
    reviewer = factory.SubFactory(UserFactory)
    rubric = factory.SelfAttribute("submission.assignment.rubric")


# --- Reports: snapshots (issue 17) ------------------------------------------------------


class ReportSnapshotFactory(factory.django.DjangoModelFactory):
    """A frozen report made directly (no PDF engine): small stand-in bytes with their true SHA-256."""

    class Meta:
        model = "reports.ReportSnapshot"

    series = factory.Sequence(lambda n: f"2026-{n + 1:03d}")
    version = 1
    number = factory.LazyAttribute(lambda o: f"{o.series}/v{o.version}")
    period_kind = "year"
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    period_label = "Năm 2026"
    recipient = "Ủy ban nhân dân tỉnh"
    created_by = factory.SubFactory(UserFactory, role=roles.MANAGER)
    tables = factory.LazyFunction(list)
    tables_sha256 = factory.LazyAttribute(lambda o: _snapshot_digest(o.tables))
    pdf = b"%PDF-1.4 stand-in"
    pdf_sha256 = factory.LazyAttribute(lambda o: _sha256(o.pdf))
    xlsx = b"PK stand-in"
    xlsx_sha256 = factory.LazyAttribute(lambda o: _sha256(o.xlsx))


def _sha256(content: bytes) -> str:
    from reports.models import sha256

    return sha256(content)


def _snapshot_digest(tables) -> str:
    from reports.snapshots import tables_digest

    return tables_digest(tables)


class ManualTargetFactory(factory.django.DjangoModelFactory):
    """A programme target nothing in the system counts (its result is entered by hand)."""

    class Meta:
        model = "courses.ProgrammeTarget"

    programme = factory.SubFactory(ProgrammeFactory)
    indicator = "Số bài báo"
    target = 20
    measure = "other"


class ManualResultFactory(factory.django.DjangoModelFactory):
    """A result entered by hand with a small PDF as its evidence; ``evidence=None`` and ``evidence_link=`` a link."""

    class Meta:
        model = "reports.ManualResult"

    target = factory.SubFactory(ManualTargetFactory)
    value = 12
    on = datetime.date(2026, 6, 30)
    note = "Danh sách bài báo"
    evidence = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n%stand-in\n", name="danh-sach.pdf"))
    evidence_name = "danh-sach.pdf"
    entered_by = factory.SubFactory(UserFactory, role=roles.MANAGER)


# --- Activities: the feedback survey (issue 16) ----------------------------------------


class SurveyPageFactory(PageFactory):
    """The survey after each session, with its two written questions (what was good, what to improve)."""

    class Meta:
        model = "activities.SurveyPage"
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    parent = factory.SubFactory(ActivityIndexFactory)
    title = "Ý kiến sau buổi hoạt động"
    slug = "y-kien"

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        if create and not self.form_fields.exists():
            from activities.models import SurveyField

            SurveyField.objects.create(
                page=self, sort_order=0, label="Điều gì tốt", field_type="multiline", required=False
            )
            SurveyField.objects.create(
                page=self, sort_order=1, label="Cần cải thiện", field_type="multiline", required=False
            )


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "activities.SurveyAnswer"

    page = factory.SubFactory(SurveyPageFactory)
    session = factory.SubFactory(ActivitySessionFactory, past=True)
    satisfaction = 4
    form_data = factory.LazyFunction(lambda: {"dieu_gi_tot": "Các con rất thích lắp robot", "can_cai_thien": ""})


class SchoolFactory(factory.django.DjangoModelFactory):
    """A school of the managed list (``accounts.School``); ``confirmed=False``: one proposed at sign-up."""

    class Meta:
        model = "accounts.School"

    name = factory.Sequence(lambda n: f"Trường THCS Số {n}")
    level = SchoolLevel.LOWER_SECONDARY
    area = factory.SubFactory(AreaFactory)
    confirmed = True


class PartnerAccessFactory(factory.django.DjangoModelFactory):
    """A school's read-only partner access (``kind=`` another, with its ``area`` or ``programme``)."""

    class Meta:
        model = "partners.PartnerAccess"

    user = factory.SubFactory(UserFactory)
    kind = "school"
    organisation = factory.LazyAttribute(lambda o: o.school.name if o.school else "Phòng GD&ĐT")
    school = factory.LazyAttribute(lambda o: SchoolFactory() if o.kind == "school" else None)
    area = None
    programme = None


# --- Competitions (programme 1.5) ---------------------------------------------------------


class CompetitionFactory(factory.django.DjangoModelFactory):
    """A competition of a start-up day, open for entries until tomorrow (``closed=True``: the deadline passed)."""

    class Meta:
        model = "competitions.Competition"
        skip_postgeneration_save = True

    class Params:
        closed = factory.Trait(
            registration_opens_at=factory.LazyFunction(lambda: _in_days(-20)),
            registration_closes_at=factory.LazyFunction(lambda: _in_days(-1)),
        )

    event = factory.SubFactory(
        ActivityFactory, adults=True, title=factory.Sequence(lambda n: f"Ngày hội khởi nghiệp đổi mới sáng tạo {n}")
    )
    title = factory.Sequence(lambda n: f"Cuộc thi ý tưởng khởi nghiệp {n}")
    slug = factory.Sequence(lambda n: f"cuoc-thi-{n}")
    rules = "Mỗi đội từ 2 đến 5 thành viên.\nBài dự thi nộp trước hạn chót."
    registration_opens_at = factory.LazyFunction(lambda: _in_days(-10))
    registration_closes_at = factory.LazyFunction(lambda: _in_days(1))
    tie_break_criterion = ""

    @factory.post_generation
    def rounds(self, create, extracted, **kwargs):
        """``rounds=N`` (default 1) rounds, the last a final; ``rounds__judges=[...]``, ``rounds__combination``."""
        if not create:
            return
        from competitions.models import Round

        count = 1 if extracted is None else extracted
        rubric = kwargs.get("rubric") or RubricFactory()
        for position in range(count):
            round_ = Round.objects.create(
                competition=self,
                sort_order=position,
                kind="final" if position == count - 1 else "preliminary",
                title="Chung kết" if position == count - 1 else "Sơ khảo",
                rubric=rubric,
                combination=kwargs.get("combination", "mean"),
                outlier_margin=kwargs.get("margin", Decimal("15")),
            )
            if kwargs.get("judges"):
                round_.judges.add(*kwargs["judges"])
                round_.save()  # a ParentalManyToManyField is written on save


class EntryFactory(factory.django.DjangoModelFactory):
    """A team's entry with its first version (saved an hour ago) and two members."""

    class Meta:
        model = "competitions.Entry"
        skip_postgeneration_save = True

    competition = factory.SubFactory(CompetitionFactory)
    contact = factory.SubFactory(UserFactory)
    school = "Trường THPT Chuyên Hùng Vương"

    @factory.post_generation
    def versions(self, create, extracted, **kwargs):
        if not create:
            return
        from competitions.models import EntryMember, EntryVersion

        at = kwargs.get("at") or timezone.now() - datetime.timedelta(hours=1)
        if at > self.competition.registration_closes_at:
            at = self.competition.registration_closes_at - datetime.timedelta(hours=1)
        EntryVersion.objects.create(
            entry=self,
            number=1,
            team_name=kwargs.get("team_name") or f"Đội {self.pk}",
            summary="Máy lọc nước dùng năng lượng mặt trời cho vùng sâu.",
            created_at=at,
            created_by=self.contact,
        )
        for position, name in enumerate(["Trần Minh Khoa", "Lê Thu Trang"]):
            EntryMember.objects.create(entry=self, full_name=name, sort_order=position, role="student")


# --- News (issue 17: programme 1.4's communication) -------------------------------------


class NewsIndexFactory(SectionIndexFactory):
    class Meta:
        model = "news.NewsIndexPage"

    title = "Tin tức"
    slug = "tin-tuc"


class NewsItemFactory(PageFactory):
    """A live news item; ``kind`` "press", "television" or "social" name an outlet and a link."""

    class Meta:
        model = "news.NewsItemPage"

    parent = factory.SubFactory(NewsIndexFactory)
    title = factory.Sequence(lambda n: f"Tin khởi nghiệp số {n}")
    kind = "press"
    published_on = datetime.date(2019, 5, 10)
    outlet = "Báo Bình Dương"
    link = "https://baobinhduong.vn/khoi-nghiep"
    summary = "Tin về khởi nghiệp đổi mới sáng tạo."


# --- Section III of the plan (issue 17): budgets, spending, difficulties, reporting deadlines ---------


class BudgetEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.BudgetEstimate"

    programme = factory.SubFactory(ProgrammeFactory)
    amount = 250_000_000
    approved_by = "Quyết định số 123/QĐ-UBND"


class SpendingFactory(factory.django.DjangoModelFactory):
    """A spending with a small PDF as its evidence."""

    class Meta:
        model = "reports.Spending"

    programme = factory.SubFactory(ProgrammeFactory)
    amount = 25_000_000
    spent_on = datetime.date(2019, 5, 10)
    category = "teaching"
    description = "Thù lao giảng viên lớp K1"
    evidence = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4\n%stand-in\n", name="hoa-don.pdf"))
    evidence_name = "hoa-don.pdf"


class DifficultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.Difficulty"

    programme = factory.SubFactory(ProgrammeFactory)
    title = "Thiếu phòng máy cho lớp bồi dưỡng"
    description = "Trường chỉ có một phòng máy 20 chỗ, lớp có 35 học viên."
    reported_by = factory.SubFactory(UserFactory, role=roles.TRAINER)


class ReportingDeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.ReportingDeadline"

    plan_reference = "Kế hoạch số 175/KH-UBND ngày 22/4/2019"
    kind = "quarterly"
    title = "Cập nhật quý"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))
    remind_days = 7
