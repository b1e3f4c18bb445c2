"""The site as several processes: what must hold when it runs on more than one node.

Run against the cluster of ``ops/cluster.py`` (HAProxy, two gunicorn nodes,
PostgreSQL primary and a replica that applies commits 3 s late, Redis, S3,
two task workers), through real HTTP on 127.0.0.1.
"""

import re
import time
import uuid

import psycopg
import requests

from tests.factories import DEFAULT_PASSWORD

from .forms import form_fields


def _csrf(browser: requests.Session) -> str:
    return browser.cookies.get("csrftoken", domain="127.0.0.1")


# --- Sessions and the load balancer -----------------------------------------------------------


def test_a_login_on_one_node_is_valid_on_the_other(cluster, seed):
    node_a, node_b = cluster.node_url("web-1"), cluster.node_url("web-2")
    browser = requests.Session()
    page = browser.get(f"{node_a}/tai-khoan/login/", timeout=10)
    assert page.status_code == 200
    fields = dict(form_fields(page.text, action="/tai-khoan/login/"))
    fields.update(login=seed["users"]["learner"]["email"], password=DEFAULT_PASSWORD)
    answer = browser.post(f"{node_a}/tai-khoan/login/", data=fields, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]

    mine = browser.get(f"{node_b}/khoa-hoc-cua-toi/", allow_redirects=False, timeout=10)
    assert mine.status_code == 200
    assert "Nguyễn Thị Hồng Nhung" in mine.text

    # Signed out on B: the session is gone on A too.
    browser.post(f"{node_b}/tai-khoan/logout/", data={"csrfmiddlewaretoken": _csrf(browser)}, timeout=10)
    again = browser.get(f"{node_a}/khoa-hoc-cua-toi/", allow_redirects=False, timeout=10)
    assert again.status_code == 302 and "/tai-khoan/login/" in again.headers["Location"]


def test_haproxy_spreads_requests_over_both_nodes(cluster):
    assert cluster.haproxy_status() == {"web1": "UP", "web2": "UP"}
    log = cluster.env["CLUSTER_DIR"] + "/logs/haproxy.log"
    marker = f"/healthz?spread={uuid.uuid4().hex}"
    for _ in range(6):
        assert requests.get(cluster.url + marker, timeout=10).status_code == 200
    with open(log, encoding="utf-8") as handle:
        servers = {re.search(r" web/(web\d) ", line).group(1) for line in handle if marker in line}
    assert servers == {"web1", "web2"}


def test_a_killed_node_leaves_the_rotation_and_every_request_is_still_served(cluster, browser_as):
    learner = browser_as("learner")
    try:
        cluster.kill("web-2")  # SIGKILL to the whole process group: master and workers
        answers = []
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            page = learner.get(f"{cluster.url}/khoa-hoc-cua-toi/", allow_redirects=False, timeout=10)
            answers.append(page.status_code)
        # A refused connection is sent to the other node (retries + redispatch): no visitor sees an error.
        assert set(answers) == {200}, answers
        assert len(answers) >= 10
        cluster.wait_for(lambda: cluster.haproxy_status().get("web2") == "DOWN", "HAProxy to mark web2 DOWN", 10)
    finally:
        cluster.ops("revive", "web-2")
    cluster.wait_for(lambda: cluster.haproxy_status().get("web2") == "UP", "web2 back in the rotation", 60)


# --- The replica ---------------------------------------------------------------------------------


def _people_page(cluster, browser, seed) -> requests.Response:
    return browser.get(
        f"{cluster.url}/admin/reports/people/", params={"cohort": seed["cohort"]}, allow_redirects=False, timeout=20
    )


def test_a_manager_reads_their_own_change_while_others_read_the_lagging_replica(cluster, seed, browser_as):
    manager, other = browser_as("manager"), browser_as("other_manager")
    # Both see the report from the replica to begin with.
    for browser in (manager, other):
        first = _people_page(cluster, browser, seed)
        assert first.status_code == 200
        assert first.headers["X-Database-Route"] == "replica"

    profile = manager.get(f"{cluster.url}/tai-khoan/ho-so/", timeout=10)
    fields = [(k, v) for k, v in form_fields(profile.text, containing="full_name") if k != "full_name"]
    new_name = f"Lê Thị Thu Hà {uuid.uuid4().hex[:6]}"
    saving = time.monotonic()
    saved = manager.post(
        f"{cluster.url}/tai-khoan/ho-so/",
        data=[*fields, ("full_name", new_name)],
        allow_redirects=False,
        timeout=10,
    )
    assert saved.status_code == 302, saved.text[:1000]

    # Right after the write: the manager's own reads come from the primary and show the change...
    own = _people_page(cluster, manager, seed)
    assert own.headers["X-Database-Route"] == "primary"
    assert new_name in own.text
    # ...while another manager, who wrote nothing, reads the replica, which applies commits
    # CLUSTER_REPLICA_DELAY_MS late: still the old name, when asked within that delay
    # (a machine so loaded that this took longer cannot show it).
    asked = time.monotonic()
    theirs = _people_page(cluster, other, seed)
    assert theirs.headers["X-Database-Route"] == "replica"
    if asked - saving < 0.8 * int(cluster.env["CLUSTER_REPLICA_DELAY_MS"]) / 1000:
        assert new_name not in theirs.text

    # Once the replica has applied the commit, everyone sees it.
    cluster.wait_for(lambda: new_name in _people_page(cluster, other, seed).text, "the replica to catch up", 15)
    # And after READ_YOUR_WRITES_SECONDS the manager is back on the replica.
    time.sleep(float(cluster.env["READ_YOUR_WRITES_SECONDS"]))
    assert _people_page(cluster, manager, seed).headers["X-Database-Route"] == "replica"


def test_reports_fall_back_to_the_primary_when_the_replica_is_stopped(cluster, seed, browser_as):
    other = browser_as("other_manager")
    try:
        cluster.ops("pause", "pg-replica")
        cluster.wait_for(
            lambda: _people_page(cluster, other, seed).headers.get("X-Database-Route") == "primary",
            "reports to read from the primary",
            15,
        )
        for _ in range(5):
            page = _people_page(cluster, other, seed)
            assert page.status_code == 200
            assert page.headers["X-Database-Route"] == "primary"
    finally:
        cluster.ops("revive", "pg-replica")
    cluster.wait_for(
        lambda: _people_page(cluster, other, seed).headers.get("X-Database-Route") == "replica",
        "reports back on the replica",
        30,
    )


# --- Object storage ------------------------------------------------------------------------------


def test_an_upload_through_one_node_lands_in_s3_and_is_served_only_with_permission(cluster, seed, browser_as):
    learner = browser_as("learner")
    node_a, node_b = cluster.node_url("web-1"), cluster.node_url("web-2")
    assignment = seed["assignment"]
    work = learner.get(f"{node_a}/bai-tap/{assignment}/bai-lam/", timeout=10)
    assert work.status_code == 200
    content = b"%PDF-1.4\n% cluster test " + uuid.uuid4().hex.encode() + b"\n%%EOF\n"
    uploaded = learner.post(
        f"{node_a}/bai-tap/{assignment}/bai-lam/tep/",
        data={"csrfmiddlewaretoken": _csrf(learner)},
        files={"files": ("giao-an.pdf", content, "application/pdf")},
        headers={"Accept": "application/json"},
        timeout=20,
    )
    assert uploaded.status_code == 200, uploaded.text[:500]
    assert uploaded.json()["ok"] is True

    stored = cluster.run(
        f"""
import boto3, os
from assessment.models import SubmissionFile
f = SubmissionFile.objects.filter(submission__assignment_id={assignment}).latest("pk")
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"], region_name="us-east-1")
key = "private/" + f.stored_name
obj = s3.get_object(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"], Key=key)
acl = s3.get_object_acl(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"], Key=key)
result = {{"id": f.pk, "key": key, "body": obj["Body"].read().decode("latin-1"),
    "public": [g for g in acl["Grants"] if "AllUsers" in str(g.get("Grantee"))]}}
"""
    )
    assert stored["body"].encode("latin-1") == content
    assert stored["public"] == []

    # Through the other node, from S3, for the owner...
    download = learner.get(f"{node_b}/bai-nop/tep/{stored['id']}/tai-ve/", timeout=10)
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["Cache-Control"] == "private, no-store"
    # ...not for a stranger, nor anyone signed out, nor at the storage key as a site URL.
    assert browser_as("outsider").get(f"{node_b}/bai-nop/tep/{stored['id']}/tai-ve/", timeout=10).status_code == 404
    anonymous = requests.get(f"{cluster.url}/bai-nop/tep/{stored['id']}/tai-ve/", allow_redirects=False, timeout=10)
    assert anonymous.status_code == 302 and "/tai-khoan/login/" in anonymous.headers["Location"]
    for path in (f"/media/{stored['key']}", f"/{stored['key']}", f"/media/{stored['key'][len('private/') :]}"):
        assert requests.get(cluster.url + path, timeout=10).status_code == 404


# --- Task workers ----------------------------------------------------------------------------------


def test_a_large_export_is_prepared_on_a_worker_and_served_from_s3_to_its_owner_only(cluster, seed, browser_as):
    from django.urls import reverse

    manager = browser_as("manager")
    asked = manager.get(
        cluster.url + reverse("wagtailsnippets_enrolment_enrolment:list"),
        params={"export": "xlsx"},
        allow_redirects=False,
        timeout=20,
    )
    # Three rows, above the cluster's DOWNLOAD_INLINE_MAX_ROWS of 2: prepared in the background.
    assert asked.status_code == 302, asked.text[:300]
    page_url = cluster.url + asked.headers["Location"]
    assert asked.headers["Location"].startswith("/tai-ve/")
    file_path = asked.headers["Location"] + "tep/"

    ready = cluster.wait_for(
        lambda: (page := manager.get(page_url, timeout=10)).status_code == 200 and file_path in page.text,
        "the worker to prepare the file",
        60,
    )
    assert ready
    download = manager.get(cluster.node_url("web-2") + file_path, timeout=10)
    assert download.status_code == 200
    assert download.content[:2] == b"PK"  # an XLSX (a ZIP)
    assert download.headers["Cache-Control"] == "private, no-store"
    assert browser_as("other_manager").get(cluster.url + file_path, timeout=10).status_code == 404
    assert requests.get(cluster.url + file_path, allow_redirects=False, timeout=10).status_code == 302

    download_id = asked.headers["Location"].split("/")[2]
    where = cluster.run(
        f"""
import boto3, os
from django_tasks_db.models import DBTaskResult
from lms.models import Download
d = Download.objects.get(pk="{download_id}")
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"], region_name="us-east-1")
keys = [o["Key"] for o in s3.list_objects_v2(
    Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"], Prefix="private/downloads/{download_id}/").get("Contents", [])]
task = DBTaskResult.objects.filter(task_path="lms.tasks.prepare_download", args_kwargs__args=["{download_id}"]).get()
result = {{"keys": keys, "status": d.status, "done": d.done, "total": d.total, "workers": task.worker_ids}}
"""
    )
    assert where["status"] == "ready" and where["done"] == where["total"] == 3
    assert where["keys"] == [f"private/downloads/{download_id}/ghi-danh.xlsx"]
    assert len(where["workers"]) == 1 and where["workers"][0].startswith("cluster-worker-")


def test_tasks_run_on_the_workers_exactly_once(cluster):
    result = cluster.run(
        """
import time, uuid
from django_tasks_db.models import DBTaskResult
from lms.tasks import deliver_email
batch = uuid.uuid4().hex
ids = [
    deliver_email.enqueue(f"Thử nghiệm {i}", "Nội dung", None, "lms@cluster.test", [f"gv{i}-{batch}@cluster.test"], {})
    .id
    for i in range(8)
]
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    rows = list(DBTaskResult.objects.filter(id__in=ids).values("status", "worker_ids"))
    if all(r["status"] in ("SUCCESSFUL", "FAILED") for r in rows):
        break
    time.sleep(0.3)
result = {"rows": rows, "batch": batch}
"""
    )
    rows = result["rows"]
    assert len(rows) == 8
    assert {r["status"] for r in rows} == {"SUCCESSFUL"}
    # Each task was claimed by one worker of the cluster, once.
    assert all(len(r["worker_ids"]) == 1 and r["worker_ids"][0].startswith("cluster-worker-") for r in rows)
    # Every e-mail was written once, by whichever worker ran it.
    from pathlib import Path

    mail = "".join(p.read_text(errors="replace") for p in Path(cluster.env["EMAIL_FILE_PATH"]).glob("*.log"))
    for i in range(8):
        assert mail.count(f"gv{i}-{result['batch']}@cluster.test") == 1


def test_a_bulk_issue_spread_over_both_workers_numbers_every_certificate_once(cluster, seed):
    result = cluster.run(
        """
import re, time, uuid
from accounts.models import User
from certificates.bulk import start_bulk_issue
from certificates.models import BulkIssueJob, Certificate
from django_tasks_db.models import DBTaskResult
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
batch = uuid.uuid4().hex[:8]
cohort = CohortFactory(running=True)
for i in range(12):
    EnrolmentFactory(cohort=cohort, status="completed", user=UserFactory(email=f"cn{i}-{batch}@cluster.test"))
job = start_bulk_issue(cohort, actor=User.objects.get(email="quanly1@cluster.test"))
deadline = time.monotonic() + 150
while time.monotonic() < deadline:
    job.refresh_from_db()
    if job.status == BulkIssueJob.Status.DONE:
        break
    time.sleep(0.5)
numbers = list(Certificate.objects.filter(cohort=cohort).values_list("number", flat=True))
chunks = list(job.chunks.values_list("pk", flat=True))
tasks = [t for t in DBTaskResult.objects.filter(task_path="certificates.bulk.issue_chunk")
         if t.args_kwargs["args"][0] in chunks]
result = {
    "status": job.status, "issued": job.issued, "failed": job.failed, "numbers": numbers,
    "sequence": sorted(int(re.search(r"(\\d+)$", n).group(1)) for n in numbers),
    "workers": [t.worker_ids for t in tasks], "task_status": sorted({t.status for t in tasks}),
}
""",
        timeout=240,
    )
    assert result["status"] == "done", result
    assert (result["issued"], result["failed"]) == (12, 0)
    assert len(result["numbers"]) == len(set(result["numbers"])) == 12
    sequence = result["sequence"]
    assert sequence == list(range(sequence[0], sequence[0] + 12))  # no gap from the spread
    assert result["task_status"] == ["SUCCESSFUL"]
    assert len(result["workers"]) == 4  # 12 learners: four chunks of three, one task each
    assert all(len(w) == 1 for w in result["workers"])  # each chunk's task ran once
    assert {w[0].rsplit("-", 1)[0] for w in result["workers"]} == {"cluster-worker-1", "cluster-worker-2"}


def test_a_worker_killed_mid_task_leaves_the_certificate_to_the_other_issued_once(cluster, seed):
    """SIGKILL to the worker running a certificate task: the other worker runs it again, once."""
    started = cluster.run(
        """
import uuid
from tests.cluster.tasks import slow_certificate
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
marker = "killed-" + uuid.uuid4().hex[:8]
learner = UserFactory(email=f"{marker}@cluster.test")
enrolment = EnrolmentFactory(cohort=CohortFactory(running=True), status="completed", user=learner)
result = {"task": slow_certificate.enqueue(enrolment.pk, 20, marker).id, "enrolment": enrolment.pk, "marker": marker}
"""
    )
    look = """
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult
from certificates.models import Certificate
row = DBTaskResult.objects.get(pk=TASK)
result = {"status": row.status, "workers": row.worker_ids, "attempts": cache.get(MARKER + ":attempts"),
          "numbers": list(Certificate.objects.filter(enrolment_id=ENROLMENT).values_list("number", flat=True))}
""".replace("TASK", repr(started["task"])).replace("MARKER", repr(started["marker"]))
    look = look.replace("ENROLMENT", str(started["enrolment"]))

    def task_row():  # straight from the primary: a remote.py round trip is too slow to poll with
        with psycopg.connect(cluster.env["DATABASE_URL"]) as db:
            return db.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s", [started["task"]]
            ).fetchone()

    status, workers = cluster.wait_for(lambda: (r := task_row())[0] == "RUNNING" and r, "a worker to start", 60)
    victim = workers[0].rsplit("-", 1)[0].removeprefix("cluster-")  # worker-1 or worker-2
    assert victim in ("worker-1", "worker-2")
    try:
        cluster.kill(victim)  # SIGKILL mid-task: the row stays RUNNING under the dead worker's id
        cluster.wait_for(lambda: task_row()[0] in ("SUCCESSFUL", "FAILED"), "the task", 120)
    finally:
        cluster.ops("revive", victim)
    done = cluster.run(look)
    assert done["status"] == "SUCCESSFUL"
    assert done["attempts"] == 2
    assert len(done["workers"]) == 2 and done["workers"][0] == workers[0]
    survivor = done["workers"][1].rsplit("-", 1)[0].removeprefix("cluster-")
    assert survivor != victim  # the other worker picked it up
    assert len(done["numbers"]) == 1  # issued exactly once


# --- The page cache: one version in Redis for every node ---------------------------------------------


def test_an_unpublish_through_one_node_empties_the_page_cache_the_other_serves(cluster):
    made = cluster.run(
        """
import uuid
from tests.cluster.seed import _session
from tests.factories import StandardPageFactory, UserFactory
marker = uuid.uuid4().hex[:8]
page = StandardPageFactory(title=f"Trang thử bộ đệm {marker}")
editor = UserFactory(email=f"bientap-{marker}@cluster.test", is_superuser=True, is_staff=True)
result = {"id": page.pk, "url": page.get_url_parts()[2], "title": page.title, "session": _session(editor)}
"""
    )
    node_a, node_b = cluster.node_url("web-1"), cluster.node_url("web-2")
    # Node B serves it to anonymous visitors from the page cache...
    assert requests.get(node_b + made["url"], timeout=10).status_code == 200
    cached = requests.get(node_b + made["url"], timeout=10)
    assert cached.status_code == 200 and made["title"] in cached.text
    assert cached.headers["X-Page-Cache"] == "hit"

    # ...an editor unpublishes it through node A (Wagtail's admin, a real form post)...
    editor = requests.Session()
    editor.cookies.set("sessionid", made["session"], domain="127.0.0.1")
    confirm = editor.get(f"{node_a}/admin/pages/{made['id']}/unpublish/", timeout=20)
    assert confirm.status_code == 200
    fields = form_fields(confirm.text, containing="csrfmiddlewaretoken")
    done = editor.post(f"{node_a}/admin/pages/{made['id']}/unpublish/", data=fields, allow_redirects=False, timeout=20)
    assert done.status_code == 302, done.text[:500]

    # ...and node B stops serving it at once: the version in Redis changed for every node.
    gone = requests.get(node_b + made["url"], timeout=10)
    assert gone.status_code == 404
    assert gone.headers.get("X-Page-Cache") != "hit"


# --- Last: a Redis restart empties the sessions every test above uses -------------------------------


def test_after_a_redis_restart_pages_go_on_and_nobody_is_someone_else(cluster, browser_as):
    learner = browser_as("learner")
    assert learner.get(f"{cluster.url}/khoa-hoc-cua-toi/", allow_redirects=False, timeout=10).status_code == 200
    try:
        cluster.ops("pause", "redis")
    finally:
        cluster.ops("revive", "redis")
    # The sessions were in Redis: the learner is signed out, not signed in as anyone else.
    again = learner.get(f"{cluster.url}/khoa-hoc-cua-toi/", allow_redirects=False, timeout=10)
    assert again.status_code == 302 and "/tai-khoan/login/" in again.headers["Location"]
    # Anonymous pages are served (and the page cache refills).
    for _ in range(4):
        assert requests.get(f"{cluster.url}/", timeout=10).status_code == 200
