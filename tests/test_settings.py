"""Configuration comes from the environment; production refuses to guess."""

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    environment.update(env)
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_python("import lms.settings.production", DJANGO_SETTINGS_MODULE="lms.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_read_the_environment():
    code = (
        "import lms.settings.production as s;"
        "print(s.SECRET_KEY, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.SESSION_ENGINE)"
    )
    result = run_python(
        code,
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="lms.example.org,www.lms.example.org",
        DATABASE_URL="postgres://u:p@db.internal:5432/lms",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "k" * 60,
        "['lms.example.org',",
        "'www.lms.example.org']",
        # PostgreSQL's backend, wrapped by django-prometheus to count the queries.
        "django_prometheus.db.backends.postgresql",
        # Django's Redis cache, counting its reads for /metrics.
        "lms.operations.CountedRedisCache",
        "django.contrib.sessions.backends.cache",
    ]


def test_behind_pgbouncer_no_server_side_cursor_is_opened():
    code = (
        "import lms.settings.production as s;"
        "print(*(s.DATABASES[a].get('DISABLE_SERVER_SIDE_CURSORS', False) for a in ('default', 'replica')))"
    )
    databases = {
        "SECRET_KEY": "k" * 60,
        "DATABASE_URL": "postgres://u:p@pgbouncer.internal:6432/lms",
        "DATABASE_REPLICA_URL": "postgres://u:p@pgbouncer.internal:6432/lms_replica",
    }
    pooled = run_python(code, PGBOUNCER_TRANSACTION_POOLING="1", **databases)
    assert pooled.returncode == 0, pooled.stderr
    assert pooled.stdout.split() == ["True", "True"]
    direct = run_python(code, **databases)
    assert direct.stdout.split() == ["False", "False"]


def test_postgresql_connections_ask_for_no_jit_unless_behind_pgbouncer():
    code = (
        "import lms.settings.production as s;"
        "print(*(s.DATABASES[a]['OPTIONS'].get('options') for a in ('default', 'replica')), sep='|')"
    )
    databases = {
        "SECRET_KEY": "k" * 60,
        "DATABASE_URL": "postgres://u:p@db.internal:5432/lms",
        "DATABASE_REPLICA_URL": "postgres://u:p@replica.internal:5432/lms",
    }
    direct = run_python(code, **databases)
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.strip().split("|") == ["-c jit=off", "-c jit=off"]
    pooled = run_python(code, PGBOUNCER_TRANSACTION_POOLING="1", **databases)
    assert pooled.stdout.strip().split("|") == ["None", "None"]  # PgBouncer would refuse them: set on the role


@pytest.mark.postgresql_only
def test_on_postgresql_the_connection_runs_without_jit(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_database_connections_stay_open_with_health_checks():
    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/lms", conn_max_age=60, conn_health_checks=True)
    assert config["CONN_MAX_AGE"] >= 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 60  # SQLite too: opening one costs ~4 ms a request


def test_wagtail_search_on_postgresql_has_its_contrib_app():
    assert "django.contrib.postgres" in settings.INSTALLED_APPS


def test_the_default_database_is_sqlite_in_the_project_folder():
    result = run_python(
        "import lms.settings.dev as s; print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])"
    )
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"


@pytest.mark.parametrize("name", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL", "EMAIL_HOST"])
def test_every_variable_is_documented_in_env_example(name):
    assert f"{name}=" in (ROOT / ".env.example").read_text()


def test_a_dotenv_file_is_read_without_overriding_the_real_environment(tmp_path, monkeypatch):
    from lms import env

    dotenv = tmp_path / ".env"
    dotenv.write_text("LMS_DOTENV_ONLY=from-file\nLMS_DOTENV_BOTH=from-file\n")
    monkeypatch.setattr(env, "DOTENV", dotenv)
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    monkeypatch.setenv("LMS_DOTENV_BOTH", "from-environment")
    monkeypatch.delenv("LMS_DOTENV_ONLY", raising=False)

    assert env.read_dotenv() is True
    assert os.environ["LMS_DOTENV_ONLY"] == "from-file"
    assert os.environ["LMS_DOTENV_BOTH"] == "from-environment"
    monkeypatch.delenv("LMS_DOTENV_ONLY")


def test_the_test_suite_never_reads_a_developers_dotenv(tmp_path, monkeypatch):
    from lms import env

    dotenv = tmp_path / ".env"
    dotenv.write_text("LMS_DOTENV_ONLY=from-file\n")
    monkeypatch.setattr(env, "DOTENV", dotenv)
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    monkeypatch.delenv("LMS_DOTENV_ONLY", raising=False)

    assert env.read_dotenv() is False
    assert "LMS_DOTENV_ONLY" not in os.environ
