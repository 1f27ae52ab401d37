"""The pinned environment: environment.yml agrees with the lock; charts need no network."""

import altair as alt
import pytest
import yaml

from analysis.envfile import environment_pins, lock_pins, render_environment

from .conftest import ROOT

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
    from analysis.scripts import vega_bundle

    text = vega_bundle(tmp_path).read_text()
    assert "window.vegaEmbed=" in text and "window.vegaLite=" in text
    assert f'VEGA_DEBUG.VEGALITE_VERSION = "{alt.VEGALITE_VERSION}"' in text


def test_citation_cff_meets_the_cff_1_2_0_schema():
    import json

    import jsonschema

    schema = json.loads((ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.schema.json").read_text())
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    cff["date-released"] = str(cff["date-released"])  # YAML reads it as a date; CFF wants the string
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(cff)]
    assert problems == []
    bad = dict(cff, authors=[{"nickname": 3}])
    assert list(validator.iter_errors(bad)), "the schema must be able to fail"


def test_config_runs_no_notebooks_and_loads_the_bundle():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "off"
    assert "vega-bundle.js" in config["sphinx"]["config"]["html_js_files"]


def test_datatables_ship_as_a_classic_script(tmp_path):
    from analysis.scripts import datatables_bundle

    script, style = datatables_bundle(tmp_path)
    text = script.read_text()
    assert "export{" not in text.replace(" ", "")[-2000:]  # not a module: it loads from file://
    assert "window.itables_dt={" in text and "jQuery:" in text
    assert style.is_file() and style.stat().st_size > 10_000
