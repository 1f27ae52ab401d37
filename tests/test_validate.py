"""The validator: the shipped data passes; broken copies fail with file, row, column and rule."""

import shutil
import subprocess
import sys

import pytest

from analysis.validate import errors, validate

from .conftest import DATA, edit_csv

pytestmark = pytest.mark.data


def test_shipped_dataset_is_valid():
    problems = validate(DATA)
    assert errors(problems) == [], "\n".join(map(str, problems))


def test_fixture_is_valid(council):
    assert errors(validate(council)) == []


def _only(problems, rule):
    found = [p for p in problems if p.rule == rule]
    assert found, f"no {rule!r} problem among: " + "; ".join(map(str, problems))
    return found


@pytest.mark.parametrize(
    "table, row, column, value, rule",
    [
        ("votes.csv", 3, "position", "yes?", "enum"),
        ("memberships.csv", 2, "membership_type", "member", "enum"),
        ("memberships.csv", 2, "start_date", "1 Jan 1950", "pattern"),
        ("memberships.csv", 2, "start_date", "1950-02-30", "date"),
        ("memberships.csv", 2, "source_id", "", "required"),
        ("persons.csv", 3, "person_id", "ada", "primary-key"),
        ("roles.csv", 2, "person_id", "nobody", "foreign-key"),
        ("votes.csv", 2, "event_id", "e9", "foreign-key"),
        ("memberships.csv", 3, "source_id", "no_such_source", "foreign-key"),
        ("vote_events.csv", 2, "count_yes", "three", "type"),
        ("roles.csv", 2, "end_date", "1949", "end-after-start"),
    ],
)
def test_each_broken_cell_is_named(council, table, row, column, value, rule):
    edit_csv(council / table, row, column, value)
    problem = _only(validate(council), rule)[0]
    assert problem.file.endswith(table)
    assert problem.row == row
    assert column in problem.column
    assert problem.severity == "error"


def test_overlapping_spells_are_rejected(council):
    edit_csv(council / "memberships.csv", 4, "start_date", "1951-02-01")  # cy's candidate spell
    edit_csv(council / "memberships.csv", 4, "end_date", "1951-04-01")  # runs into the full spell
    (problem,) = _only(validate(council), "no-overlap")
    assert "m3" in problem.message or "m4" in problem.message


def test_a_voter_must_be_a_member_that_day(council):
    edit_csv(council / "vote_events.csv", 2, "date", "1949-12-31")
    found = _only(validate(council), "voter-is-member")
    assert {p.value for p in found} == {"ada", "bo", "cy", "dee"}


def test_candidate_votes_and_count_differences_are_warnings(council):
    edit_csv(council / "vote_events.csv", 3, "date", "1950-02-01")  # cy was a candidate then
    edit_csv(council / "vote_events.csv", 2, "count_yes", "5")
    problems = validate(council)
    cand = _only(problems, "candidate-vote")
    counts = _only(problems, "counts-reconcile")
    assert all(p.severity == "warning" for p in cand + counts)
    assert "5" in counts[0].message and "3" in counts[0].message


def test_every_problem_is_reported_not_just_the_first(council):
    edit_csv(council / "votes.csv", 3, "position", "maybe")
    edit_csv(council / "roles.csv", 3, "domain", "cooking")
    edit_csv(council / "persons.csv", 2, "birth_date", "1900-13-01")
    rules = {(p.file.split("/")[-1], p.rule) for p in errors(validate(council))}
    assert {("votes.csv", "enum"), ("roles.csv", "enum"), ("persons.csv", "pattern")} <= rules


def test_missing_required_column_and_extra_columns(council):
    text = (council / "votes.csv").read_text().splitlines()
    header = text[0].split(",")
    keep = [i for i, h in enumerate(header) if h != "position"]
    rows = [",".join(line.split(",")[i] for i in keep) for line in text]
    (council / "votes.csv").write_text("\n".join(rows) + "\n")
    (problem,) = _only(validate(council), "required-column")
    assert problem.column == "position" and problem.row == 1
    # an extra column and an absent optional one are fine
    shutil.copy(council / "persons.csv", council / "persons.bak")
    lines = (council / "persons.bak").read_text().splitlines()
    lines = [line + ",x" for line in lines]
    lines[0] = lines[0][:-2] + ",my_own_column"
    (council / "persons.csv").write_text("\n".join(lines) + "\n")
    found = [p for p in validate(council) if p.file.endswith("persons.csv")]
    assert [(p.severity, p.rule, p.column) for p in found] == [("warning", "extra-column", "my_own_column")]


def test_cli_exits_1_and_names_the_problem(council):
    edit_csv(council / "votes.csv", 3, "position", "yes?")
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data", str(council)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "votes.csv row 3, column position" in done.stderr
    assert "is not one of yes, no, abstain" in done.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data", str(DATA)], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr


def test_a_variant_names_a_row_and_a_column_that_exist(council):
    (council / "variants.csv").write_text(
        "variant_id,table,row_id,field,value,source_id,source_loc,note,curator_note\n"
        "v1,memberships,m2,end_date,1952-06-16,fixture,,,\n"
        "v2,votes,e1/ada,position,no,fixture,,,\n"
        "v3,memberships,m99,end_date,1952,fixture,,,\n"
        "v4,votes,e1/zed,position,no,fixture,,,\n"
        "v5,roles,r1,colour,red,fixture,,,\n",
        encoding="utf-8",
    )
    bad = [(p.row, p.column, p.rule) for p in errors(validate(council))]
    assert bad == [(4, "row_id", "variant-row"), (5, "row_id", "variant-row"), (6, "field", "variant-field")]
