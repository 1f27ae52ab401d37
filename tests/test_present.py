"""Presentation code the chapters call: escaped, and driven by the descriptor's allowed values."""

import pandas as pd
import pytest

from analysis import figures, present, queries
from analysis.load import load

pytestmark = pytest.mark.unit

EVIL = '<img src=x onerror="alert(1)"> & {glue}`x`'


@pytest.fixture
def ds(council):
    return load(council)


def test_positions_come_from_the_descriptor(ds):
    positions = ds.enum("votes", "position")
    assert "not_voting" in positions
    tallies = queries.vote_tallies(ds)
    assert set(positions) <= set(tallies.columns)
    votes = next(r for r in ds.descriptor["resources"] if r["name"] == "votes")
    votes["schema"]["fields"][2]["constraints"]["enum"].append("signed")
    assert "signed" in queries.vote_tallies(ds).columns  # a widened enum is counted too


def test_a_vote_is_told_in_words_and_escaped(ds):
    from analysis.present import Links, vote_about

    tallies = queries.vote_tallies(ds)
    event = tallies.iloc[1].copy()
    event["title"], event["note"] = EVIL, EVIL + " [@fixture]"
    event["not_voting"] = 2
    html = vote_about(ds, Links.of(ds), event, "council")._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    assert "2 did not vote" in html and "1 absent" in html and "2 for" in html
    assert "The sources give no totals." in html
    assert 'href="../book/bibliography.html#source-fixture"' in html


def test_reported_totals_beside_recorded_positions(ds):
    tallies = queries.vote_tallies(ds).set_index("event_id")
    said = present.tally_sentence(ds, tallies.loc["e1"])
    assert said.startswith("The source reports 3 for and 1 against.")
    assert "4 positions are recorded member by member: 3 for and 1 against." in said
    assert "account for every vote reported" in said
    event = tallies.loc["e1"].copy()
    event["count_yes"], event["count_abstain"] = 19, 4
    assert "So 20 of the votes reported are not known member by member." in present.tally_sentence(ds, event)


def test_headings_from_data_become_markdown_sections():
    import nbformat

    from analysis.execute import split_headings

    heading = present.Heading("1 May 1951: `x` <script> {glue}`y` # z", 3, "vote-E_1")
    cell = nbformat.v4.new_code_cell("show()", metadata={"tags": ["remove-input"]})
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/plain": "before"}),
        nbformat.v4.new_output("display_data", data=heading._repr_mimebundle_()),
        nbformat.v4.new_output("display_data", data={"text/plain": "after"}),
    ]
    cells = split_headings([cell])
    assert [c.cell_type for c in cells] == ["code", "markdown", "code"]
    assert cells[1].source.startswith("(vote-e-1)=\n### 1 May 1951\\: \\`x\\` \\<script\\>")
    assert [o["data"]["text/plain"] for c in cells if c.cell_type == "code" for o in c.outputs] == [
        "before",
        "after",
    ]


def test_notes_cite_sources_as_linked_short_citations(ds):
    from analysis.present import Links

    links = Links.of(ds, persons=["ada"])
    html = links.note_html("Says so <b>here</b> [@fixture]; not [@nowhere].")
    assert "&lt;b&gt;" in html and "[@nowhere]" in html
    assert (
        '<a class="cite" href="../book/bibliography.html#source-fixture">Invented fixture for the test suite'
        in html
    )
    assert links.person("ada") == "../book/person-ada.html" and links.person("bo") is None


def test_page_links_escape_labels_and_targets():
    rows = pd.DataFrame([{"page": 'x"><script>', "label": EVIL, "detail": "3 members"}])
    html = present.page_links(rows)._repr_html_()
    assert "<script>" not in html and "<img" not in html and ": 3 members" in html


def test_colour_scales_cover_values_a_dataset_adds():
    s = figures.scale(["yes", "no", "signed", "vetoed"], figures.POSITION_COLORS).to_dict()
    assert s["domain"] == ["yes", "no", "signed", "vetoed"]
    assert s["range"][:2] == [figures.POSITION_COLORS["yes"], figures.POSITION_COLORS["no"]]
    assert len(set(s["range"])) == 4
