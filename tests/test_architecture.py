"""The floors of docs/architecture.md hold, in Python imports and in templates.

The layers are declared once, in pyproject.toml (``[tool.importlinter]``):
import-linter checks the Python imports (an app imports only from its own
floor or below; apps on one floor, written "a | b", never import each other,
so no cycle between apps can form). The same floors are checked here over
the templates: a template never extends, includes or loads a tag library of
a higher app (or of another app on its floor). Higher apps plug into lower
apps' pages through the registries (Wagtail hooks) instead.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines

ROOT = Path(settings.BASE_DIR)
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
TAG = re.compile(r"{%\s*(extends|include|load)\s+(.+?)\s*%}")
QUOTED = re.compile(r"""^(["'])(.+?)\1""")


def floors() -> dict[str, tuple[int, bool]]:
    """app -> (floor number, counting up from lms at 0; whether the floor's apps are independent)."""
    layers = CONFIG["contracts"][0]["layers"]
    found = {}
    for number, layer in enumerate(reversed(layers)):
        independent = "|" in layer
        for app in re.split(r"[|:]", layer):
            found[app.strip()] = (number, independent)
    return found


FLOORS = floors()


def allowed(importer: str, imported: str) -> bool:
    if importer == imported or imported not in FLOORS:
        return True  # the app itself, or Wagtail, Django, allauth...
    (mine, independent), (theirs, _independent) = FLOORS[importer], FLOORS[imported]
    return theirs < mine or (theirs == mine and not independent)


def template_owner(name: str) -> str | None:
    """The project app whose templates folder provides ``name`` (as Django's loaders find it)."""
    for app in settings.PROJECT_APPS:
        if (ROOT / app / "templates" / name).exists():
            return app
    return None


def library_owner(name: str) -> str | None:
    path = engines["django"].engine.libraries.get(name)  # "app.templatetags.module"
    return path.split(".")[0] if path is not None else None


def template_references():
    """(app, template file, kind, name, owner app) for every static extends, include and load."""
    for app in settings.PROJECT_APPS:
        for path in sorted((ROOT / app / "templates").rglob("*")):
            if not path.is_file() or path.suffix not in {".html", ".txt", ".xml"}:
                continue
            text = path.read_text(encoding="utf-8")
            for kind, argument in TAG.findall(text):
                if kind == "load":
                    names = [n for n in argument.split() if n != "from"]
                    if " from " in f" {argument} ":
                        names = [argument.split(" from ")[-1].strip()]
                    for name in names:
                        yield app, path.relative_to(ROOT), kind, name, library_owner(name)
                else:
                    quoted = QUOTED.match(argument)
                    if quoted:  # a name held in a variable is a registry's doing
                        yield app, path.relative_to(ROOT), kind, quoted.group(2), template_owner(quoted.group(2))


def test_python_imports_respect_the_floors():
    """import-linter over the project (the contract in pyproject.toml): no upward import, no cycle between apps."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(  # noqa: S603 (our own tool, no input from outside)
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " 0 broken" in result.stdout and "kept" in result.stdout


@pytest.mark.parametrize("app", settings.PROJECT_APPS)
def test_templates_never_reach_up_a_floor(app):
    wrong = [
        f"{path}: {{% {kind} {name} %}} is {owner}'s"
        for source, path, kind, name, owner in template_references()
        if source == app and owner is not None and not allowed(app, owner)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_template_check_sees_includes_and_libraries():
    """The check would fail if a lower app named a higher one: it finds both kinds of reference."""
    references = list(template_references())
    assert any(kind == "include" and owner == "lms" for _a, _p, kind, _n, owner in references)
    assert any(kind == "load" and owner == "lms" for _a, _p, kind, _n, owner in references)
    assert not allowed("enrolment", "assessment")
    assert not allowed("assessment", "certificates")
    assert not allowed("lms", "home")
    assert allowed("reports", "enrolment")
