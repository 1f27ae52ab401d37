"""Messy data, clear errors: every case of the catalog (tests/broken.py) is rejected, naming the
file, the row, the column and the rule, with all problems in one run and no traceback."""

import subprocess
import sys

import pytest

from analysis.validate import errors, validate

from .broken import CASES
from .conftest import ROOT, make_council

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_broken_dataset_is_rejected_naming_where_and_why(case, tmp_path):
    folder = make_council(tmp_path / "council")
    case.change(folder)
    found = [(p.file.rsplit("/", 1)[-1], p.row, p.column, p.rule) for p in errors(validate(folder))]
    assert (case.file, case.row, case.column, case.rule) in found, found


def test_the_catalog_is_large_and_every_rule_has_a_case():
    assert len(CASES) >= 30
    assert len({c.rule for c in CASES}) >= 25


@pytest.mark.parametrize(
    "name", ["saved by a Russian spreadsheet in cp1251", "a 100 MB file", "a table missing"]
)
def test_the_command_line_exits_non_zero_without_a_traceback(name, tmp_path):
    case = next(c for c in CASES if c.name == name)
    folder = make_council(tmp_path / "council")
    case.change(folder)
    run = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert f"[rule: {case.rule}]" in run.stderr


def test_the_encoding_is_named_with_how_to_convert(tmp_path):
    case = next(c for c in CASES if c.rule == "encoding" and "cp1251" in c.name)
    folder = make_council(tmp_path / "council")
    case.change(folder)
    (problem,) = [p for p in validate(folder) if p.rule == "encoding"]
    assert "CP1251" in problem.message and "iconv -f CP1251 -t UTF-8 persons.csv" in problem.message


def test_an_enum_error_says_how_to_widen_the_enum(tmp_path):
    case = next(c for c in CASES if c.rule == "enum")
    folder = make_council(tmp_path / "council")
    case.change(folder)
    (problem,) = [p for p in validate(folder) if p.rule == "enum"]
    assert "vote_events.procedure" in problem.message and "datapackage.json" in problem.message


def test_every_problem_of_several_files_comes_in_one_run(tmp_path):
    folder = make_council(tmp_path / "council")
    for name in (
        "saved by a Russian spreadsheet in cp1251",
        "saved as 'UTF-8 with BOM'",
        "a value outside an enum",
    ):
        next(c for c in CASES if c.name == name).change(folder)
    rules = {p.rule for p in errors(validate(folder))}
    assert {"encoding", "bom", "enum"} <= rules


def test_line_ends_of_one_kind_are_accepted_crlf_too(tmp_path):
    folder = make_council(tmp_path / "council")
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert errors(validate(folder)) == []


def test_a_dataset_without_its_descriptor_meets_the_standard_contract_and_is_told_so(tmp_path):
    folder = make_council(tmp_path / "council")
    (folder / "datapackage.json").unlink()
    problems = validate(folder)
    assert errors(problems) == []
    assert [p.rule for p in problems if p.file.endswith("datapackage.json")] == ["standard-contract"]


def test_the_standard_contract_is_the_shipped_one():
    import json

    from analysis.load import STANDARD

    from .conftest import DATA

    shipped = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert json.loads(STANDARD.read_text(encoding="utf-8"))["resources"] == shipped["resources"]
