"""The pinned environment: environment.yml agrees with the lock; charts need no network."""

import altair as alt
import pytest
import yaml

from analysis.envfile import environment_pins, lock_pins, render_environment
from analysis.paths import ROOT

pytestmark = pytest.mark.unit


def test_environment_yml_names_the_lock_versions():
    lock = lock_pins(ROOT / "requirements.lock")
    env = environment_pins(ROOT / "environment.yml")
    assert env == lock
    assert (ROOT / "environment.yml").read_text() == render_environment(ROOT / "requirements.lock")


def test_key_pins_are_the_known_good_set():
    lock = lock_pins(ROOT / "requirements.lock")
    expected = {
        "jupyter-book": "1.0.4.post1",
        "sphinx": "7.4.7",
        "myst-nb": "1.4.0",
        "altair": "6.3.0",
        "papermill": "2.7.0",
        "vl-convert-python": "1.9.0.post1",
    }
    assert {k: lock[k] for k in expected} == expected
    assert alt.__version__ == lock["altair"], "the venv is not the locked one: run make venv"


def test_vega_bundle_defines_the_globals_offline(tmp_path):
    from analysis.build import vega_bundle

    text = vega_bundle(tmp_path).read_text()
    assert "window.vegaEmbed=" in text and "window.vegaLite=" in text
    assert f'VEGA_DEBUG.VEGALITE_VERSION = "{alt.VEGALITE_VERSION}"' in text
    assert "cdn.jsdelivr" not in text.split("(function(){")[0]


def test_citation_cff_has_the_required_fields():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "version", "license"} <= set(cff)
    assert all(a.get("name") or a.get("family-names") for a in cff["authors"])


def test_config_runs_no_notebooks_and_loads_the_bundle():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "off"
    assert "vega-bundle.js" in config["sphinx"]["config"]["html_js_files"]
