"""Benchmark helper: sessions for the load generator, and SQL queries per request.

``bench_probe sessions EMAIL...`` prints a JSON map of e-mail to
``{"sessionid", "csrftoken"}`` usable as cookies by wrk.
``bench_probe queries FILE`` reads a JSON list of scenarios
(``name, method, path, user, data``) and prints the number of SQL queries
each one runs on a warm second request.
"""

import json

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Sessions and query counts for make bench (not for production use)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["sessions", "queries"])
        parser.add_argument("targets", nargs="*")

    def handle(self, *, what, targets, **options):
        args = targets
        if what == "sessions":
            self.stdout.write(json.dumps({email: self.session_for(email) for email in args}))
        else:
            if len(args) != 1:
                raise CommandError("queries takes one JSON file")
            with open(args[0], encoding="utf-8") as handle:
                scenarios = json.load(handle)
            self.stdout.write(json.dumps({s["name"]: self.count_queries(s) for s in scenarios}))

    def session_for(self, email):
        user = get_user_model().objects.get(email=email)
        store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return {"sessionid": store.session_key, "csrftoken": get_random_string(32)}

    def count_queries(self, scenario):
        client = Client()
        if scenario.get("user"):
            client.force_login(get_user_model().objects.get(email=scenario["user"]))
        request = client.post if scenario["method"] == "POST" else client.get
        data = scenario.get("data") or {}
        request(scenario["path"], data)  # warm caches as the load test does
        with CaptureQueriesContext(connection) as queries:
            response = request(scenario["path"], data)
        return {"queries": len(queries), "status": response.status_code}
