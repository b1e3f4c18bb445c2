"""Benchmark users: learners spread over areas and school levels, plus staff."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts import roles
from accounts.demo import AREAS, SUBJECTS
from accounts.models import Area, SchoolLevel, Subject, User

BENCH_DOMAIN = "bench.example.com"
BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - a benchmark fixture, never a real account
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Thị", "Văn", "Minh", "Ngọc", "Thanh", "Hữu", "Thu", "Quốc"]
GIVEN = ["Nhung", "Hà", "Đức", "Châu", "Trang", "Bảo", "An", "Linh", "Tuấn", "Hương", "Khoa", "Phúc"]


def seed(ctx):
    for order, name in enumerate(AREAS):
        Area.objects.get_or_create(name=name, defaults={"sort_order": order})
    for order, name in enumerate(SUBJECTS):
        Subject.objects.get_or_create(name=name, defaults={"sort_order": order})
    areas = list(Area.objects.order_by("pk"))
    levels = [choice for choice, _label in SchoolLevel.choices]
    wanted = ctx.sizes["users"]
    existing = set(User.objects.filter(email__endswith="@" + BENCH_DOMAIN).values_list("email", flat=True))
    password = make_password(BENCH_PASSWORD)
    new_users = []
    for n in range(wanted):
        email = f"learner{n:05d}@{BENCH_DOMAIN}"
        if email in existing:
            continue
        new_users.append(
            User(
                email=email,
                full_name=f"{ctx.rng.choice(FAMILY)} {ctx.rng.choice(MIDDLE)} {ctx.rng.choice(GIVEN)}",
                organisation=f"Trường THCS số {ctx.rng.randint(1, 120)}",
                school_level=ctx.rng.choice(levels),
                area=ctx.rng.choice(areas),
                password=password,
            )
        )
    User.objects.bulk_create(new_users, batch_size=2000)
    learners = Group.objects.get(name=roles.LEARNER)
    through = User.groups.through
    have_group = set(through.objects.filter(group=learners).values_list("user_id", flat=True))
    through.objects.bulk_create(
        [
            through(user_id=pk, group_id=learners.pk)
            for pk in User.objects.filter(email__endswith="@" + BENCH_DOMAIN).values_list("pk", flat=True)
            if pk not in have_group
        ],
        batch_size=5000,
    )
    staff = {
        "trainer": (f"trainer@{BENCH_DOMAIN}", roles.TRAINER),
        "manager": (f"manager@{BENCH_DOMAIN}", roles.MANAGER),
    }
    for key, (email, role) in staff.items():
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": f"Bench {key}", "password": password}
        )
        roles.assign_role(user, role)
        ctx.manifest[f"user.{key}"] = email
    ctx.manifest["user.learner"] = f"learner00000@{BENCH_DOMAIN}"
    ctx.manifest["password"] = BENCH_PASSWORD
    ctx.log(f"  users: {User.objects.filter(email__endswith='@' + BENCH_DOMAIN).count()}")
