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
    ds.descriptor["resources"][-1]["schema"]["fields"][2]["constraints"]["enum"].append("signed")
    assert "signed" in queries.vote_tallies(ds).columns  # a widened enum is counted too


def test_a_vote_heading_escapes_and_counts_every_position(ds):
    tallies = queries.vote_tallies(ds)
    event = tallies.iloc[1].copy()
    event["title"], event["note"], event["body"] = EVIL, EVIL, "Council"
    event["not_voting"] = 2
    html = present.vote_heading(event, ds.enum("votes", "position"))._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    assert "2 not voting" in html and "1 absent" in html
    assert html.startswith('<h3 id="e2">15 June 1952: ')


def test_page_links_escape_labels_and_targets():
    rows = pd.DataFrame([{"page": 'x"><script>', "label": EVIL, "detail": "3 members"}])
    html = present.page_links(rows)._repr_html_()
    assert "<script>" not in html and "<img" not in html and ": 3 members" in html


def test_colour_scales_cover_values_a_dataset_adds():
    s = figures.scale(["yes", "no", "signed", "vetoed"], figures.POSITION_COLORS).to_dict()
    assert s["domain"] == ["yes", "no", "signed", "vetoed"]
    assert s["range"][:2] == [figures.POSITION_COLORS["yes"], figures.POSITION_COLORS["no"]]
    assert len(set(s["range"])) == 4
