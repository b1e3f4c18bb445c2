"""The cluster tests' people and class, made once per cluster on its primary (run through remote.py).

Sessions are created the way a login creates them (``Client.force_login``), in
the cluster's session store (Redis); the tests send their cookies to any node.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.test import Client

from accounts import roles
from tests.factories import AssignmentFactory, CohortFactory, EnrolmentFactory, UserFactory

SEED_FILE = Path(os.environ["CLUSTER_DIR"]) / "run" / "seed.json"


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def build() -> dict:
    trainer = UserFactory(role=roles.TRAINER, email="giangvien@cluster.test", full_name="Phạm Minh Đức")
    cohort = CohortFactory(running=True, trainers=[trainer])
    assignment = AssignmentFactory(course=cohort.course)
    manager = UserFactory(role=roles.MANAGER, email="quanly1@cluster.test", full_name="Lê Thị Thu Hà")
    EnrolmentFactory(user=manager, cohort=cohort)
    other_manager = UserFactory(role=roles.MANAGER, email="quanly2@cluster.test", full_name="Đỗ Văn Nam")
    learner = UserFactory(email="hocvien@cluster.test", full_name="Nguyễn Thị Hồng Nhung")
    EnrolmentFactory(user=learner, cohort=cohort)
    EnrolmentFactory(user=UserFactory(email="banhoc@cluster.test", full_name="Hoàng Văn Bạn"), cohort=cohort)
    outsider = UserFactory(email="nguoingoai@cluster.test", full_name="Trần Văn Khoa")
    people = {"trainer": trainer, "manager": manager, "other_manager": other_manager, "learner": learner}
    people["outsider"] = outsider
    return {
        "cohort": cohort.pk,
        "assignment": assignment.pk,
        "users": {key: {"id": user.pk, "email": user.email} for key, user in people.items()},
    }


def seed() -> dict:
    """The seed, built once per cluster; the sessions anew each time (a Redis restart empties them)."""
    from accounts.models import User

    if not SEED_FILE.exists():
        SEED_FILE.write_text(json.dumps(build()))
    data = json.loads(SEED_FILE.read_text())
    data["sessions"] = {key: _session(User.objects.get(pk=user["id"])) for key, user in data["users"].items()}
    return data
