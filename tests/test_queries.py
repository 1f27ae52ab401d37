import pandas as pd
import pytest

from analysis import queries
from analysis.load import load
from analysis.scope import scope

pytestmark = pytest.mark.unit


@pytest.fixture
def ds(council):
    return load(council)


def test_members_on_a_day_full_first(ds):
    sitting = queries.members_on(ds, "1950-01-01", "council")
    assert list(sitting["person_id"]) == ["ada", "bo", "cy"]
    assert list(sitting["membership_type"]) == ["full", "full", "candidate"]


def test_half_open_spells_and_reduced_start(ds):
    # cy is promoted on 1951-03-01: candidate the day before, full that day.
    before = queries.members_on(ds, "1951-02-28", "council").set_index("person_id")
    on = queries.members_on(ds, "1951-03-01", "council").set_index("person_id")
    assert before.at["cy", "membership_type"] == "candidate"
    assert on.at["cy", "membership_type"] == "full"
    # dee's start "1950-06" counts from the first of the month
    assert "dee" not in queries.members_on(ds, "1950-05-31", "council")["person_id"].values
    assert "dee" in queries.members_on(ds, "1950-06-01", "council")["person_id"].values


def test_size_by_date_counts_each_change(ds):
    size = queries.size_by_date(ds, "council", "1950-01-01", "1952-12-31")
    assert list(size["date"].dt.strftime("%Y-%m-%d")) == [
        "1950-01-01",
        "1950-06-01",
        "1951-03-01",
        "1952-06-15",
    ]
    assert list(size["full"]) == [2, 3, 4, 3]
    assert list(size["candidate"]) == [1, 1, 0, 1]


def test_spells_are_clipped_to_the_period(ds):
    spells = queries.spells(ds, "council", "1951-01-01", "1951-12-31")
    assert set(spells["person_id"]) == {"ada", "bo", "cy", "dee"}
    assert spells["draw_start"].min().strftime("%Y-%m-%d") == "1951-01-01"
    assert spells["draw_end"].max().strftime("%Y-%m-%d") == "1951-12-31"


def test_roles_on_a_day(ds):
    held = queries.roles_on(ds, "1952-06-15")
    assert set(held["person_id"]) == {"ada", "cy", "dee"}  # bo's office ended that day


def test_vote_tallies_count_individual_positions(ds):
    t = queries.vote_tallies(ds).set_index("event_id")
    assert (t.at["e1", "yes"], t.at["e1", "no"], t.at["e1", "absent"]) == (3, 1, 0)
    assert (t.at["e2", "yes"], t.at["e2", "no"], t.at["e2", "absent"]) == (2, 1, 1)
    assert t.at["e1", "count_yes"] == 3


def test_positions_inherit_the_event_source(ds):
    p = queries.positions(ds, "e2").set_index("person_id")
    assert p.at["cy", "certainty"] == "inferred"  # its own
    assert p.at["ada", "certainty"] == "certain"  # the event's
    assert set(p["source_id"]) == {"fixture"}


def test_agreement_counts_only_decided_positions(ds):
    pairs = queries.agreement(ds).set_index(["person_a", "person_b"])
    assert tuple(pairs.loc[("ada", "cy"), ["shared", "agree"]]) == (2, 2)
    assert tuple(pairs.loc[("ada", "dee"), ["shared", "agree"]]) == (2, 1)
    assert pairs.loc[("ada", "dee"), "rate"] == pytest.approx(0.5)
    # bo was absent in e2: only e1 is shared with him
    assert tuple(pairs.loc[("ada", "bo"), ["shared", "agree"]]) == (1, 0)
    assert len(queries.agreement_matrix(pairs.reset_index())) == 2 * len(pairs)


def test_coverage_comes_from_the_data_without_a_declaration(ds):
    cov = scope(ds)
    assert cov.body == "council"
    assert (cov.start, cov.end) == ("1950-01-01", "1953-12-31")


def test_default_snapshot_days_are_changes_and_votes(ds):
    days = queries.default_snapshot_days(ds, "council", "1950-01-01", "1953-12-31")
    assert days == ["1950-01-01", "1951-03-01", "1951-05-10", "1952-06-15"]
    assert len(queries.default_snapshot_days(ds, "council", "1950-01-01", "1953-12-31", limit=2)) <= 2


def test_coverage_of_a_body_other_than_the_declared_one(council):
    import json

    descriptor = json.loads((council / "datapackage.json").read_text())
    descriptor["coverage"] = {"body_id": "elsewhere", "start": "1900-01-01", "end": "1901-01-01"}
    (council / "datapackage.json").write_text(json.dumps(descriptor))
    cov = scope(load(council), "council")
    assert (cov.start, cov.end) == ("1950-01-01", "1953-12-31")


def test_a_series_of_bodies_reads_as_one(council):
    with open(council / "bodies.csv", "a") as handle:
        handle.write("senate,Example Senate,,,1954-01-01,,fixture,successor of the council\n")
    with open(council / "memberships.csv", "a") as handle:
        handle.write("m7,ada,senate,full,1954-01-01,,,certain,fixture,,\n")
    ds = load(council)
    cov = scope(ds, "council,senate")
    assert cov.body_ids == ("council", "senate")
    assert cov.name == "Example Council / Example Senate"
    assert cov.end == "1954-01-01"
    assert list(queries.members_on(ds, "1954-02-01", "council,senate")["person_id"]) == ["ada", "dee", "eve"]
    assert list(queries.members_on(ds, "1954-02-01", "senate")["person_id"]) == ["ada"]


def test_changes_on_a_day_show_only_that_day(ds):
    changes = queries.changes_on(ds, "1951-03-01", "council").set_index("change")
    # cy moves from candidate to full: one spell ends (promoted), another begins (its end is later news)
    assert changes.loc["left as", "end_reason"] == "promoted"
    assert pd.isna(changes.loc["joined as", "end_reason"])


def test_an_unknown_body_is_named(ds):
    with pytest.raises(ValueError, match="senate: not a body_id"):
        scope(ds, "council,senate")


def test_signed_documents_apart_from_votes(ds):
    # e3 is approved by signature: not a vote of the votes chapter, nor of the alignments
    assert list(queries.vote_tallies(ds)["event_id"]) == ["e1", "e2"]
    assert "e3" not in set(queries.person_votes(ds, "ada")["event_id"])
    rows = queries.signed(ds, "council").set_index("person_id")
    assert set(rows.index) == {"ada", "bo", "cy", "dee", "eve"}
    assert rows.at["bo", "membership_type"] == "not a member" and rows.at["bo", "signed"]
    assert rows.at["eve", "membership_type"] == "candidate" and not rows.at["dee", "signed"]
    assert rows.at["ada", "week"] == pd.Timestamp("1952-06-30")  # 1 July 1952 was a Tuesday


def test_signers_and_cosigning(ds):
    rows = queries.signed(ds, "council")
    summary = queries.signers(rows).set_index("person_id")
    assert (summary.at["ada", "signed"], summary.at["dee", "signed"], summary.at["dee", "not_signed"]) == (
        1,
        0,
        1,
    )
    assert pd.isna(summary.at["dee", "last"])
    pairs = queries.cosigned(rows).set_index(["person_a", "person_b"])
    assert len(pairs) == 6  # ada, bo, cy, eve: every pair signed the one document
    assert pairs.at[("ada", "eve"), "share"] == 1.0
    assert queries.per_week(rows)["documents"].tolist() == [1]


def test_pivots_from_the_reported_totals_and_from_a_reported_margin(ds, council, tmp_path):
    p = queries.pivots(ds).set_index("person_id")
    # e1: 3 for, 1 against as reported; a switch of any of the three who voted for would tie it
    assert set(p.index) == {"ada", "cy", "dee"}
    assert (p.at["ada", "margin"], p.at["ada", "switched_margin"], p.at["ada", "pivotal"]) == (2, 0, "tied")
    # e2 has no totals and not every member's position; a reported margin of one makes its voters
    # for pivotal: a switch reverses the result
    import shutil

    other = shutil.copytree(council, tmp_path / "other")
    events = pd.read_csv(other / "vote_events.csv", dtype=str, keep_default_na=False)
    events["margin"] = events["event_id"].map({"e2": "1"}).fillna("")
    events.to_csv(other / "vote_events.csv", index=False)
    p = queries.pivots(load(other))
    e2 = p[p["event_id"] == "e2"].set_index("person_id")
    assert set(e2.index) == {"ada", "cy"} and set(e2["pivotal"]) == {"reversed"}
    assert e2.at["ada", "margin_from"] == "the majority the sources report"


def test_a_tie_fails_so_it_undoes_an_adoption_but_not_a_rejection(council, tmp_path):
    import shutil

    other = shutil.copytree(council, tmp_path / "rejected")
    events = pd.read_csv(other / "vote_events.csv", dtype=str, keep_default_na=False)
    events.loc[events["event_id"] == "e2", "result"] = "rejected"
    events["margin"] = events["event_id"].map({"e2": "-2"}).fillna("")
    events.to_csv(other / "vote_events.csv", index=False)
    e2 = queries.pivots(load(other)).set_index("event_id").loc[["e2"]]
    # dee voted against; had she voted for, 2 against became a tie, and the motion still failed
    assert list(e2["person_id"]) == ["dee"] and list(e2["switched_margin"]) == [0]
    assert list(e2["pivotal"]) == [""]
    events["margin"] = events["event_id"].map({"e2": "-1"}).fillna("")
    events.to_csv(other / "vote_events.csv", index=False)
    shutil.copytree(other, tmp_path / "by-one")
    e2 = queries.pivots(load(tmp_path / "by-one")).set_index("event_id").loc[["e2"]]
    assert list(e2["pivotal"]) == ["reversed"]
