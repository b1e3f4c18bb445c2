"""A deadline evening (issue 21), for Locust: teachers write and hand in lesson plans, browse lessons;
a trainer opens the grading queue and the work to grade; a manager opens the reports.

Run by ``ops/loadtest/run.py`` (``make cluster-load``), headless, bounded in users and time,
against 127.0.0.1 only. The people come from ``LOAD_SEED`` (a JSON file the runner writes:
sessions made on the cluster, so no password hashing skews the figures). Each teacher's saves
are written to ``LOAD_JOURNAL`` as they are answered, so the runner can check afterwards that
every save acknowledged with success is in the database.
"""

import itertools
import json
import os
import re
import time
import uuid

from locust import HttpUser, between, events, task

SEED = json.loads(open(os.environ["LOAD_SEED"], encoding="utf-8").read())  # noqa: SIM115
JOURNAL: list[dict] = []
_teachers = itertools.cycle(SEED["teachers"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.test_stop.add_listener
def _write_journal(environment, **kwargs):
    with open(os.environ["LOAD_JOURNAL"], "w", encoding="utf-8") as handle:
        json.dump(JOURNAL, handle)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def sign_in(self, session: str) -> None:
        self.client.cookies.set("sessionid", session, domain="127.0.0.1")

    def page(self, url: str, name: str, **params):
        with self.client.get(url, params=params or None, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")
            return r


class Teacher(Person):
    weight = 8

    def on_start(self):
        self.me = next(_teachers)
        self.sign_in(self.me["session"])
        self.handed_in = False
        self.saves = 0
        self.csrf = ""

    def open_work(self):
        url = f"/bai-tap/{SEED['assignment']}/bai-lam/"
        with self.client.get(url, name="work page", catch_response=True, allow_redirects=False) as response:
            # Handed in: the work page sends its author to the assignment's page.
            if response.status_code == 302 and "/bai-tap/" in response.headers.get("Location", ""):
                self.handed_in = True  # handed in (perhaps by a hand-in whose answer was lost)
            elif response.status_code != 200:
                response.failure(f"{response.status_code}")
        found = CSRF.search(response.text or "")
        if found:
            self.csrf = found.group(1)

    def post_work(self, action: str, name: str) -> bool:
        if not self.csrf:
            self.open_work()
        marker = f"Tên lửa nước {uuid.uuid4().hex[:10]}"
        entry = {"user": self.me["id"], "action": action, "topic": marker, "sent": time.time(), "ok": False}
        JOURNAL.append(entry)
        data = {
            "csrfmiddlewaretoken": self.csrf,
            "action": action,
            "plan-topic": marker,
            "plan-grade_level": "Lớp 7",
            "plan-duration": "4 tiết",
            "plan-problem": "Làm sao để tên lửa nước bay xa nhất với 1,5 lít nước?",
            "plan-product_criteria": "Bay xa trên 20 m, rơi đúng vùng đích",
        }
        if action == "hand_in":
            data["confirm"] = "on"
        with self.client.post(
            f"/bai-tap/{SEED['assignment']}/bai-lam/",
            data=data,
            headers={"Accept": "application/json", "Referer": self.host + f"/bai-tap/{SEED['assignment']}/bai-lam/"},
            name=name,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            try:
                ok = response.status_code == 200 and response.json().get("ok") is True
            except ValueError:
                ok = False
            if ok:
                entry["ok"] = True
                entry["answered"] = time.time()
            else:
                response.failure(f"{response.status_code}: {(response.text or '')[:120]}")
        return entry["ok"]

    @task(4)
    def save_plan(self):
        if not self.handed_in:
            self.post_work("save", "save plan")
            self.saves += 1

    @task(1)
    def hand_in(self):
        if not self.handed_in and self.saves >= 2:
            # Its own answer (JOURNAL is every simulated person's, interleaved).
            self.handed_in = self.post_work("hand_in", "hand in")

    @task(3)
    def read_lesson(self):
        self.page(SEED["lessons"][self.saves % len(SEED["lessons"])], "lesson")

    @task(2)
    def work_page(self):
        self.open_work()

    @task(1)
    def my_courses(self):
        self.page("/khoa-hoc-cua-toi/", "my courses")


class Trainer(Person):
    weight = 1

    def on_start(self):
        self.sign_in(SEED["trainer"])

    @task(2)
    def queue(self):
        response = self.page("/cham-bai/", "grading queue")
        self.to_grade = re.findall(r'href="/cham-bai/(\d+)/"', response.text or "")

    @task(3)
    def grade(self):
        if getattr(self, "to_grade", None):
            self.page(f"/cham-bai/{self.to_grade[0]}/", "grading page")


class Manager(Person):
    weight = 1

    def on_start(self):
        self.sign_in(SEED["manager"])

    @task(1)
    def overview(self):
        self.page("/admin/reports/", "report overview")

    @task(2)
    def people(self):
        self.page("/admin/reports/people/", "report people", cohort=SEED["cohort"])
