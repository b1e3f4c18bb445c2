"""lms.storage.StaticFilesStorage: WhiteNoise's manifest storage, each URL worked out once."""

import json

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from lms.storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"paths": {"css/site.css": "css/site.0a1b2c3d.css"}, "version": "1.1", "hash": "0a1b"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_a_static_url_is_the_manifests_and_is_worked_out_once(storage, monkeypatch):
    worked_out = []
    original = CompressedManifestStaticFilesStorage.url

    def counting(self, name, force=False):
        worked_out.append(name)
        return original(self, name, force)

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", counting)
    assert storage.url("css/site.css") == "/static/css/site.0a1b2c3d.css"
    assert storage.url("css/site.css") == "/static/css/site.0a1b2c3d.css"
    assert worked_out == ["css/site.css"]
    with pytest.raises(ValueError):  # a name missing from the manifest is still an error, every time
        storage.url("css/missing.css")
    with pytest.raises(ValueError):
        storage.url("css/missing.css")


def test_with_debug_on_or_forced_the_url_is_worked_out_each_time(storage, settings):
    settings.DEBUG = True
    assert storage.url("css/site.css") == "/static/css/site.css"
    settings.DEBUG = False
    assert storage.url("css/site.css") == "/static/css/site.0a1b2c3d.css"
    assert storage.url("css/site.css", force=True) == "/static/css/site.0a1b2c3d.css"


def test_production_serves_static_files_through_it():
    from .test_settings import run_python

    code = "import lms.settings.production as s; print(s.STORAGES['staticfiles']['BACKEND'])"
    result = run_python(code, SECRET_KEY="k" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "lms.storage.StaticFilesStorage"
