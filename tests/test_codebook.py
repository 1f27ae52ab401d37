import pytest

from analysis import codebook
from analysis.load import load

pytestmark = pytest.mark.unit


@pytest.fixture
def ds(council):
    return load(council)


def test_rows_by_decade_counts_each_dated_table(ds, council):
    with open(council / "memberships.csv", "a") as handle:
        handle.write("m7,eve,council,full,1961-01-01,,,certain,fixture,,\n")
    with open(council / "memberships.csv") as handle:
        assert handle.read().count("\n") == 8
    wide = codebook.rows_by_decade(load(council)).set_index("decade")
    assert list(wide.index) == ["1950s", "1960s"]
    assert tuple(wide.loc["1950s"]) == (6, 4, 3)  # memberships, roles, vote_events
    assert tuple(wide.loc["1960s"]) == (1, 0, 0)


def test_precision_and_certainty_counts(ds):
    p = codebook.date_precision(ds).set_index(["table", "column"])
    assert tuple(p.loc[("memberships", "start_date")]) == (5, 1, 0, 0)
    assert tuple(p.loc[("memberships", "end_date")]) == (2, 0, 1, 3)
    # with the session's date and the signed list's
    assert codebook.share_day_precise(p.reset_index()) == pytest.approx(18 / 24)
    c = codebook.certainty_mix(ds).set_index("table")
    assert tuple(c.loc["memberships"]) == (4, 1, 1, 0)


def test_known_gaps_come_from_the_descriptor(ds):
    assert codebook.known_gaps(ds) == []
    ds.descriptor["coverage"] = {"known_gaps": ["No votes before 1951."]}
    assert codebook.known_gaps(ds) == ["No votes before 1951."]


def test_codebook_fields_follow_the_descriptor(ds):
    f = codebook.fields(ds, "votes").set_index("column")
    assert f.at["event_id", "key"] == "primary key → vote_events"
    assert f.at["position", "required"] == "yes"
    assert f.at["position", "rule"].startswith("one of: yes (for), no (against)")


def test_date_columns_are_the_fields_with_the_contract_date_pattern(ds):
    from analysis.load import date_columns

    cols = date_columns(ds.descriptor)
    assert cols["memberships"] == ["start_date", "end_date"]
    assert cols["bodies"] == ["founded", "dissolved"]
    assert cols["votes"] == []


def test_row_sources_by_standing_and_the_published_counts(ds, council):
    # the fixture's one source is a general reference work: no spell rests on a scholarly work
    assert codebook.share_scholarly(ds, "memberships") == 0.0
    standing = codebook.row_source_standing(ds)
    assert standing.set_index("table").loc["memberships", "standing"] == "general reference work"
    (council / "published_counts.csv").write_text(
        "person_id,body_id,procedure,events_source_id,count,source_id,source_loc,note,curator_note\n"
        "ada,council,signature,,1,fixture,,,\n"
        "dee,council,signature,,1,fixture,,,\n",
        encoding="utf-8",
    )
    (council / "variants.csv").write_text(
        "variant_id,table,row_id,field,value,source_id,source_loc,note,curator_note\n"
        "v1,votes,e3/dee,position,yes,fixture,,Another reading has her sign.,\n",
        encoding="utf-8",
    )
    beside = codebook.published_beside(load(council)).set_index("person_id")
    assert tuple(beside.loc["ada", ["published", "computed", "with_variants"]]) == (1, 1, 1)
    assert tuple(beside.loc["dee", ["published", "computed", "with_variants"]]) == (1, 0, 1)
    assert codebook.variants_by_table(load(council)).to_dict("records") == [
        {"table": "votes", "field": "position", "readings": 1}
    ]
