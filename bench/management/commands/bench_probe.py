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
            if len(args) == 1 and args[0].startswith("@"):  # a JSON list in a file (thousands of learners)
                with open(args[0][1:], encoding="utf-8") as handle:
                    args = json.load(handle)
            users = get_user_model().objects.in_bulk(args, field_name="email")
            # One CSRF secret for every session: a POST body can then serve any of them.
            csrf = get_random_string(32)
            self.stdout.write(json.dumps({email: self.session_for(users[email], csrf) for email in args}))
        else:
            if len(args) != 1:
                raise CommandError("queries takes one JSON file")
            with open(args[0], encoding="utf-8") as handle:
                scenarios = json.load(handle)
            self.stdout.write(json.dumps({s["name"]: self.count_queries(s) for s in scenarios}))

    def session_for(self, user, csrf):
        store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return {"sessionid": store.session_key, "csrftoken": csrf}

    def count_queries(self, scenario):
        """Queries of a warm request. A POST is counted doing real work: warmed with the last
        learner or path of its rotation, counted with the one before (the load starts at the first);
        learners and paths of the same length go in pairs."""
        users = scenario.get("users") or [scenario.get("user")]
        paths = scenario.get("paths") or [scenario["path"]]
        warm = (users[-1], paths[-1])
        if len(users) > 1 and len(users) == len(paths):  # in pairs: each learner their own address
            counted = (users[-2], paths[-2])
        elif len(users) > 1:
            counted = (users[-2], paths[-1])
        else:
            counted = (users[0], paths[-2] if len(paths) > 1 else paths[0])
        data = scenario.get("data") or {}
        for user, path in (warm, counted):
            client = Client()
            if user:
                client.force_login(get_user_model().objects.get(email=user))
            request = client.post if scenario["method"] == "POST" else client.get
            with CaptureQueriesContext(connection) as queries:
                response = request(path, data)
        return {"queries": len(queries), "status": response.status_code}
