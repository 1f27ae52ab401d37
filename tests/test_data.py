"""Facts of the shipped dataset that the book's chapters rely on, each checked against the data."""

import pytest

from analysis import queries
from analysis.load import coverage, load
from analysis.paths import DATA

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def ds():
    return load(DATA)


def _sitting(ds, day, kind):
    m = queries.members_on(ds, day, "politburo")
    return set(m.loc[m["membership_type"] == kind, "person_id"])


def test_every_fact_row_names_a_source(ds):
    for name in ("bodies", "persons", "memberships", "roles", "vote_events"):
        assert ds.tables[name]["source_id"].notna().all(), name
    assert ds.votes["source_id"].notna().all()  # own or the event's


def test_declared_coverage(ds):
    cov = coverage(ds)
    assert (cov["body_id"], cov["start"], cov["end"]) == ("politburo", "1926-01-01", "1930-07-13")


def test_politburo_elected_on_19_december_1927(ds):
    # After the 15th Congress (sources.csv: soviethistory_msu_politburo and the members' own rows).
    assert _sitting(ds, "1927-12-19", "full") == {
        "bukharin",
        "voroshilov",
        "kalinin",
        "kuibyshev",
        "molotov",
        "rykov",
        "rudzutak",
        "stalin",
        "tomsky",
    }
    assert _sitting(ds, "1927-12-19", "candidate") == {
        "andreev",
        "kaganovich",
        "kirov",
        "kosior",
        "mikoyan",
        "petrovsky",
        "uglanov",
        "chubar",
    }


def test_politburo_elected_on_13_july_1930(ds):
    # After the 16th Congress (sources.csv: khlevniuk_1996_politburo, appendix of Politburo members).
    assert _sitting(ds, "1930-07-13", "full") == {
        "stalin",
        "voroshilov",
        "kaganovich",
        "kalinin",
        "kirov",
        "kosior",
        "kuibyshev",
        "molotov",
        "rykov",
        "rudzutak",
    }
    assert "tomsky" not in _sitting(ds, "1930-07-13", "full")


def test_opposition_leaves_in_1926(ds):
    assert "zinoviev" in _sitting(ds, "1926-07-22", "full")
    assert "zinoviev" not in _sitting(ds, "1926-07-23", "full")
    assert "trotsky" not in _sitting(ds, "1926-10-23", "full")
    assert "kamenev" in _sitting(ds, "1926-01-01", "candidate")


def test_vote_of_20_june_1927(ds):
    event = ds.vote_events.set_index("event_id").loc["v1927_06_20_expel_trotsky_zinoviev"]
    assert (event["date"], event["result"]) == ("1927-06-20", "adopted")
    votes = queries.positions(ds, "v1927_06_20_expel_trotsky_zinoviev").set_index("person_id")
    assert votes.at["stalin", "position"] == "yes"
    assert "absentia" in votes.at["stalin", "raw_position"]
    assert votes.at["kalinin", "position"] == "yes"
    assert "switch" in votes.at["kalinin", "note"].lower()
    assert set(votes["membership_type"]) == {"full"}
