"""The page parameters: one record, the templates' parameters cells, the build's options, settling."""

import subprocess
import sys

import pytest

from analysis import params, templates
from analysis.cli import main
from analysis.load import load
from analysis.params import ParamError, settle
from analysis.plan import plan

from .conftest import DATA, PROJECT, ROOT

pytestmark = pytest.mark.unit

TEMPLATES = sorted(p.name for p in PROJECT.book.glob("*.md"))


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_template_declares_its_parameters_as_the_record_says(name):
    assert templates.parameter_drift(PROJECT.book / name) == []


def test_a_drifted_parameters_cell_is_caught(tmp_path):
    text = (PROJECT.book / "votes.md").read_text(encoding="utf-8")
    cases = {
        "comment": text.replace("# the body studied", "# which body"),
        "default": text.replace('page_id: str = "votes"', 'page_id: str = "ballots"'),
        "unknown": text.replace('page_id: str = "votes"', 'colour: str = "red"  # x\npage_id: str = "votes"'),
        "type": text.replace('body: str = ""', 'body = ""'),
    }
    for case, changed in cases.items():
        assert changed != text, case
        path = tmp_path / "votes.md"
        path.write_text(changed, encoding="utf-8")
        assert templates.parameter_drift(path), case


def test_papermill_lists_a_templates_parameters_with_their_meaning():
    done = subprocess.run(
        [sys.executable.replace("python", "papermill"), "--help-notebook", "book/snapshot.md"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    for name in ("data_dir", "body", "focus_date", "page_id"):
        assert f"{name}: str" in done.stdout
        assert params.PARAMS[name].meaning in " ".join(done.stdout.split())
    assert "period_start" not in done.stdout  # the template declares only what it uses


def test_the_build_options_come_from_the_record(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for p in params.PARAMS.values():
        if p.option and p.name != "data_dir":
            assert p.option in shown and p.meaning in shown


def test_empty_values_are_settled_from_the_data(council):
    ds = load(council)
    s = settle(ds, {"data_dir": str(council)})
    assert (s.body, s.period_start, s.period_end) == ("council", "1950-01-01", "1953-12-31")
    assert s.snapshot_dates == ("1950-01-01", "1951-03-01", "1951-05-10", "1952-06-15")
    assert s.focus_date == "1951-05-10"  # the middle one of the dated pages' days
    # a page that does not list the days gets the same focus, and the days only if it needs them
    assert settle(ds, {}, need_lists=False).focus_date == "1951-05-10"
    assert settle(ds, {"focus_date": "1950-02-01"}, need_lists=False).snapshot_dates == ()
    given = settle(ds, {"body": "council", "period_start": "1951-01-01", "focus_date": "1952-01-01"})
    assert (given.period_start, given.focus_date) == ("1951-01-01", "1952-01-01")


@pytest.mark.parametrize(
    "given, name, message",
    [
        ({"snapshot_dates": ["1951-02-30"]}, "snapshot_dates", "not a calendar date"),
        ({"focus_date": "1951-02"}, "focus_date", "must be a day"),
        ({"period_start": "1952-01-01", "period_end": "1951-01-01"}, "period_end", "before the period"),
        ({"body": "senate"}, "body", "not a body_id"),
        ({"page_id": "Votes Page"}, "page_id", "lowercase"),
        ({"colour": "red"}, "colour", "not a page parameter"),
    ],
)
def test_a_bad_value_names_its_parameter(council, given, name, message):
    with pytest.raises(ParamError, match=message) as caught:
        settle(load(council), given)
    assert caught.value.name == name


def test_the_plan_and_a_chapter_settle_alike(council):
    from analysis.chapter import setup

    ds = load(council)
    book = plan(PROJECT, ds, {})
    roles = next(r for r in book.runs if r.page == "roles")
    by_hand = setup({"data_dir": str(council), "page_id": "roles", "body": "", "focus_date": ""})
    assert by_hand.focus == roles.parameters["focus_date"] == book.settled.focus_date
    dated = [r.page for r in book.runs if r.template.each == "focus_date"]
    assert dated == [f"snapshot-{d}" for d in book.settled.snapshot_dates]
    people = [r.page for r in book.runs if r.template.each == "person_id"]
    assert people == [f"person-{p}" for p in ("ada", "bo", "cy", "dee", "eve")]
    assert [r.title for r in book.runs if r.page == "person-dee"] == ['<script>alert("x")</script> Dee & Co']
    for run in book.runs:
        assert set(run.parameters) == set(run.template.declared)  # only what the template declares


def test_the_shipped_book_plans_its_pages():
    book = plan(PROJECT, load(DATA), {})
    pages = [r.page for r in book.runs]
    assert pages[:6] == ["index", "dataset", "coverage", "bibliography", "membership", "people"]
    assert "snapshot-1927-06-20" in pages and len(pages) == len(set(pages))
    assert "person-molotov" in pages and "person-kuznetsov-vv" in pages
    assert (
        pages[-3:] == ["1927", "cite", "figures"] and not book.left_out
    )  # the essay, then the pages for citers


def test_a_template_may_require_a_kind_of_row(council):
    from analysis.plan import missing
    from analysis.templates import TemplateError, read_template

    ds = load(council)
    assert missing(ds, {"vote_events": {"procedure": ["signature"]}}) == []
    assert missing(ds, {"vote_events": {"procedure": ["meeting", "poll"]}, "persons": ["ada", "zed"]}) == [
        "persons zed"
    ]
    text = (council / "vote_events.csv").read_text(encoding="utf-8")
    (council / "vote_events.csv").write_text(text.replace(",signature,", ",meeting,"), encoding="utf-8")
    assert missing(load(council), {"vote_events": {"procedure": ["signature"]}}) == [
        "vote_events with procedure signature"
    ]
    bad = council / "bad.md"
    good = (ROOT / "book" / "signatures.md").read_text(encoding="utf-8")
    broken = good.replace("    vote_events:\n      procedure: [signature]\n", "    vote_events: signature\n")
    assert broken != good
    bad.write_text(broken, encoding="utf-8")
    with pytest.raises(TemplateError, match="requires"):
        read_template(bad)
