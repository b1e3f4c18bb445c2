"""Demo people and reference lists. Passwords are listed in the README."""

from allauth.account.models import EmailAddress

from . import roles
from .models import Area, School, SchoolLevel, Subject, User
from .schools import school_for

AREAS = [
    "Thủ Dầu Một",
    "Dĩ An",
    "Thuận An",
    "Tân Uyên",
    "Bến Cát",
    "Bàu Bàng",
    "Bắc Tân Uyên",
    "Phú Giáo",
    "Dầu Tiếng",
]

SUBJECTS = [
    "Toán",
    "Vật lý",
    "Hóa học",
    "Sinh học",
    "Khoa học tự nhiên",
    "Tin học",
    "Công nghệ",
    "Khoa học",
    "Ngữ văn",
    "Tiếng Anh",
    "Mĩ thuật",
    "Hoạt động trải nghiệm, hướng nghiệp",
]

# (e-mail, password, full name, role, organisation, school level, area, subjects)
DEMO_USERS = [
    ("quantri@example.com", "demo-quantri-2026", "Trần Quốc Bảo", roles.ADMINISTRATOR, "Sở KH&CN", "", "", []),
    ("quanly@example.com", "demo-quanly-2026", "Lê Thị Thu Hà", roles.MANAGER, "Sở KH&CN", "", "", []),
    (
        "giangvien@example.com",
        "demo-giangvien-2026",
        "Phạm Minh Đức",
        roles.TRAINER,
        "Trường Đại học Thủ Dầu Một",
        SchoolLevel.HIGHER,
        "Thủ Dầu Một",
        ["Vật lý", "Công nghệ"],
    ),
    (
        "hocvien@example.com",
        "demo-hocvien-2026",
        "Nguyễn Thị Hồng Nhung",
        roles.LEARNER,
        "Trường THCS Chu Văn An",
        SchoolLevel.LOWER_SECONDARY,
        "Dĩ An",
        ["Toán", "Vật lý"],
    ),
]


def ensure_user(email, password, full_name, role, organisation="", school_level="", area=None, subjects=()):
    """Create the account once (with a confirmed e-mail); never reset a changed password."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "organisation": organisation,
            "school_level": school_level,
            "area": Area.objects.filter(name=area).first() if area else None,
            "is_superuser": role == roles.ADMINISTRATOR,
            "is_staff": role == roles.ADMINISTRATOR,
        },
    )
    if created:
        user.set_password(password)
        if organisation:
            # The demo's schools are real ones: confirmed (a sign-up's new school waits for a manager).
            user.school = school_for(organisation, user.area, school_level)
            School.objects.filter(pk=user.school.pk).update(confirmed=True)
        user.save()
        user.subjects.set(Subject.objects.filter(name__in=subjects))
    roles.assign_role(user, role)
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load(command):
    for order, name in enumerate(AREAS):
        Area.objects.update_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(SUBJECTS):
        Subject.objects.update_or_create(name=name, defaults={"sort_order": order})
    for email, password, full_name, role, organisation, level, area, subjects in DEMO_USERS:
        ensure_user(email, password, full_name, role, organisation, level, area, subjects)
