"""Facts of the shipped dataset that the book's chapters rely on, each checked against the data."""

import pandas as pd
import pytest

from analysis import queries
from analysis.load import load
from analysis.scope import scope

from .conftest import DATA

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
    cov = scope(ds)
    assert (cov.body, cov.start, cov.end) == ("politburo,presidium", "1919-03-25", "1953-03-05")
    assert cov.name == "Politburo (from October 1952 the Presidium)"


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


# --- The compositions after each congress, and the great changes (issue 3) -------------------
# Each case: day, full members, candidate members, and where the data sources it (sources.csv).
COMPOSITIONS = [
    (
        "1919-03-25",
        "lenin kamenev krestinsky stalin trotsky",
        "bukharin kalinin zinoviev",
        "archontology_politburo_hist; wiki_en_8th_congress",
    ),
    (
        "1922-04-03",
        "lenin kamenev rykov stalin tomsky trotsky zinoviev",
        "bukharin kalinin molotov",
        "rima_1922_politburo",
    ),
    (
        "1924-06-02",
        "bukharin kamenev rykov stalin tomsky trotsky zinoviev",
        "dzerzhinsky frunze kalinin molotov rudzutak sokolnikov",
        "wiki_de_pb_candidates",
    ),
    (
        "1926-01-01",
        "bukharin kalinin molotov rykov stalin tomsky trotsky voroshilov zinoviev",
        "dzerzhinsky kamenev petrovsky rudzutak uglanov",
        "wiki_en_politburo_14th",
    ),
    (
        "1934-02-10",
        "andreev kaganovich kalinin kirov kosior kuibyshev molotov ordzhonikidze stalin voroshilov",
        "chubar mikoyan petrovsky postyshev rudzutak",
        "khlevniuk_1996_politburo",
    ),
    (
        "1935-02-01",
        "andreev chubar kaganovich kalinin kosior mikoyan molotov ordzhonikidze stalin voroshilov",
        "eikhe petrovsky postyshev rudzutak zhdanov",
        "khlevniuk_1996_politburo",
    ),
    (
        "1939-03-22",
        "andreev kaganovich kalinin khrushchev mikoyan molotov stalin voroshilov zhdanov",
        "beria shvernik",
        "khlevniuk_1996_politburo",
    ),
    (
        "1941-02-21",
        "andreev kaganovich kalinin khrushchev mikoyan molotov stalin voroshilov zhdanov",
        "beria malenkov shcherbakov shvernik voznesensky",
        "the members' own rows",
    ),
    (
        "1946-03-18",
        "andreev beria kaganovich kalinin khrushchev malenkov mikoyan molotov stalin voroshilov zhdanov",
        "bulganin kosygin shvernik voznesensky",
        "the members' own rows",
    ),
]


@pytest.mark.parametrize("day, full, candidates, source", COMPOSITIONS, ids=[c[0] for c in COMPOSITIONS])
def test_composition_on_the_day(ds, day, full, candidates, source):
    assert _sitting(ds, day, "full") == set(full.split()), source
    assert _sitting(ds, day, "candidate") == set(candidates.split()), source


def test_the_purge_of_the_late_1930s(ds):
    # Rudzutak, Chubar, Kosior, Postyshev and Eikhe left the Politburo between May 1937 and June 1938
    # and were shot (conquest_great_terror; khlevniuk_1996_politburo; the persons' own rows).
    m = ds.memberships[ds.memberships["body_id"] == "politburo"]
    for person in ("rudzutak", "chubar", "kosior", "postyshev", "eikhe"):
        last = m[m["person_id"] == person].sort_values("start").iloc[-1]
        assert "1937-05" <= last["end_date"] <= "1938-06-30", person
        assert last["end_reason"] in {"removed", "arrested", "executed"}, person
        assert ds.persons.set_index("person_id").at[person, "fate"] == "executed", person
    assert not _sitting(ds, "1939-03-22", "full") & {"rudzutak", "chubar", "kosior", "postyshev", "eikhe"}


def test_presidium_of_16_october_1952_and_5_march_1953(ds):
    # 25 full and 11 candidate members after the 19th Congress; 10 and 4 after the joint session
    # on the day of Stalin's death (archontology_presidium_hist; the rows' notes explain 5 vs 6 March).
    def count(day, kind):
        m = queries.members_on(ds, day, "presidium")
        return int((m["membership_type"] == kind).sum())

    assert (count("1952-10-16", "full"), count("1952-10-16", "candidate")) == (25, 11)
    assert (count("1953-03-05", "full"), count("1953-03-05", "candidate")) == (10, 4)
    after = set(queries.members_on(ds, "1953-03-05", "presidium")["person_id"])
    assert {"malenkov", "beria", "molotov", "khrushchev", "bulganin", "kaganovich"} <= after
    assert "stalin" not in after
    assert "stalin" not in _sitting(ds, "1952-10-16", "full")  # the Politburo itself is gone


def test_membership_starts_are_mostly_day_precise(ds):
    days = ds.memberships["start_precision"].eq("day").mean()
    assert days > 0.9, f"only {days:.0%} of membership starts are day-precise"


# --- Well-known facts of persons, offices and votes, each checked against the row's own source ----
FATES = [
    # person, death date, fate (the assertion message names the persons row's source)
    ("lenin", "1924-01-21", "natural"),
    ("kirov", "1934-12-01", "killed"),
    ("kuibyshev", "1935-01-25", "natural"),
    ("ordzhonikidze", "1937-02-18", "suicide"),
    ("tomsky", "1936-08-22", "suicide"),
    ("zinoviev", "1936-08-25", "executed"),
    ("kamenev", "1936-08-25", "executed"),
    ("bukharin", "1938-03-15", "executed"),
    ("rykov", "1938-03-15", "executed"),
    ("trotsky", "1940-08-21", "killed"),
    ("kalinin", "1946-06-03", "natural"),
    ("zhdanov", "1948-08-31", "natural"),
    ("stalin", "1953-03-05", "natural"),
]


@pytest.mark.parametrize("person, died, fate", FATES, ids=[f[0] for f in FATES])
def test_deaths_and_fates(ds, person, died, fate):
    row = ds.persons.set_index("person_id").loc[person]
    assert (row["death_date"], row["fate"]) == (died, fate), row["source_id"]
    last = ds.memberships[ds.memberships["person_id"] == person]["end"].max()
    if not pd.isna(last):  # nobody sits in a body after their death
        assert last <= pd.Timestamp(died), person


OFFICES = [
    # person, a word of the office, organisation word, start, end
    ("lenin", "Chairman of the Council of People's Commissars", "RSFSR", "1917-11-09", "1924-01-21"),
    ("stalin", "General Secretary", "Central Committee", "1922-04-03", None),
    ("rykov", "Chairman of the Council of People's Commissars", "USSR", "1924-02-02", "1930-12-19"),
    ("molotov", "Chairman of the Council of People's Commissars", "USSR", "1930-12-19", "1941-05-06"),
    ("stalin", "Chairman of the Council of People's Commissars", "Council", "1941-05-06", "1953-03-05"),
    ("molotov", "Foreign Affairs", "Council", "1939-05-03", "1949-03-04"),
    ("ezhov", "Internal Affairs", "USSR", "1936-09-26", "1938-11-25"),
    ("beria", "Internal Affairs", "USSR", "1938-11-25", None),
    (
        "kalinin",
        "Chairman of the Presidium of the Supreme Soviet",
        "Supreme Soviet",
        "1938-01-17",
        "1946-03-19",
    ),
]


@pytest.mark.parametrize("person, office, org, start, end", OFFICES, ids=[f"{o[0]}-{o[3]}" for o in OFFICES])
def test_principal_offices(ds, person, office, org, start, end):
    r = ds.roles
    found = r[
        (r["person_id"] == person)
        & r["role"].str.contains(office, regex=False)
        & r["organization"].str.contains(org, regex=False)
        & (r["start_date"] == start)
    ]
    assert len(found) == 1, f"{person} {office} from {start}"
    if end:
        assert found.iloc[0]["end_date"] == end
    assert found.iloc[0]["source_id"] in set(ds.sources["source_id"])


def _positions(ds, event_id):
    v = ds.votes[ds.votes["event_id"] == event_id]
    return {p: set(v.loc[v["position"] == p, "person_id"]) for p in ("yes", "no", "abstain")}


def test_central_committee_vote_of_23_october_1917(ds):
    # The armed uprising: ten for, Kamenev and Zinoviev against (the CC minutes; Lenin CW notes).
    p = _positions(ds, "v1917_10_23_cc_armed_uprising")
    assert p["no"] == {"kamenev", "zinoviev"}
    assert len(p["yes"]) == 10 and {"lenin", "trotsky", "stalin", "sverdlov"} <= p["yes"]
    event = ds.vote_events.set_index("event_id").loc["v1917_10_23_cc_armed_uprising"]
    assert (event["count_yes"], event["count_no"]) == (10, 2)


def test_central_committee_vote_of_23_february_1918(ds):
    # Brest-Litovsk: seven for Lenin's motion, four against, four abstaining (CC minutes 1917-1918).
    p = _positions(ds, "v1918_02_23_cc_accept_german_terms")
    assert p["yes"] == {"lenin", "stasova", "zinoviev", "stalin", "sverdlov", "sokolnikov", "smilga"}
    assert p["no"] == {"bukharin", "oppokov", "uritsky", "bubnov"}
    assert p["abstain"] == {"trotsky", "dzerzhinsky", "krestinsky", "joffe"}


def test_ryutin_affair_is_marked_disputed(ds):
    event = ds.vote_events.set_index("event_id").loc["v1932_ryutin_death_penalty_dispute"]
    assert event["certainty"] == "disputed"
    votes = ds.votes[ds.votes["event_id"] == "v1932_ryutin_death_penalty_dispute"]
    assert set(votes["certainty"]) == {"disputed"}


def test_every_fact_row_cites_a_known_source(ds):
    known = set(ds.sources["source_id"])
    for name in ("bodies", "persons", "memberships", "roles", "vote_events", "votes"):
        assert set(ds.tables[name]["source_id"].dropna()) <= known, name


def test_default_snapshot_pages_include_the_great_plenums(ds):
    cov = scope(ds)
    days = queries.default_snapshot_days(ds, cov.body, cov.start, cov.end)
    for day in (
        "1927-06-20",
        "1927-12-19",
        "1930-07-13",
        "1934-02-10",
        "1935-02-01",
        "1939-03-22",
        "1952-10-16",
        "1953-03-05",
    ):
        assert day in days
