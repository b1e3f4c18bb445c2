"""Read ``.env`` in the project folder into the environment, when there is one.

``manage.py``, the WSGI entry point and the settings call :func:`read_dotenv`
before anything reads the environment, so a ``.env`` copied from
``.env.example`` works for every command. Variables already set in the real
environment (a process manager, a CI job) win over the file. The test
settings never read it: a developer's ``.env`` must not change what the test
suite runs against.
"""

import os
from pathlib import Path

import environ

DOTENV = Path(__file__).resolve().parent.parent / ".env"


def read_dotenv() -> bool:
    """Load ``.env`` (without overriding set variables); True when a file was read."""
    if os.environ.get("DJANGO_SETTINGS_MODULE") == "lms.settings.test" or not DOTENV.is_file():
        return False
    environ.Env.read_env(DOTENV, overwrite=False)
    return True
