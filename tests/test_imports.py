"""The imports (make data): the Stalin lists turned into vote events and votes, reproducibly."""

import csv
import hashlib
import io
import json
import shutil
from collections import Counter

import pytest

from analysis import codebook, imports, queries
from analysis.load import load
from analysis.validate import errors, validate

from .conftest import DATA

SNAPSHOT = DATA / "imports" / imports.LISTS


def _raw_rows():
    """The raw table, read with the csv module alone (an independent reader of the snapshot)."""
    with (SNAPSHOT / "lists.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.data
def test_make_data_reproduces_the_shipped_tables_byte_for_byte(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    imports.run(copy)
    for name in ("vote_events.csv", "votes.csv", "variants.csv"):
        assert (copy / name).read_bytes() == (DATA / name).read_bytes(), f"{name}: rerun `make data`"


@pytest.mark.data
def test_a_hand_edited_imported_row_is_undone_and_curated_rows_kept(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    text = (copy / "votes.csv").read_text(encoding="utf-8")
    edited = text.replace("list_409_04,stalin,yes", "list_409_04,stalin,no", 1)
    assert edited != text
    (copy / "votes.csv").write_text(edited, encoding="utf-8")
    imports.run(copy)
    assert (copy / "votes.csv").read_bytes() == (DATA / "votes.csv").read_bytes()
    curated = [
        r for r in csv.DictReader(io.StringIO(text)) if not r["event_id"].startswith(imports.EVENT_PREFIX)
    ]
    assert curated and all(not r["event_id"].startswith("list_") for r in curated)


@pytest.mark.data
def test_the_snapshot_matches_its_recorded_checksum_and_citation():
    meta = json.loads((SNAPSHOT / "snapshot.json").read_text(encoding="utf-8"))
    assert hashlib.sha256((SNAPSHOT / meta["file"]).read_bytes()).hexdigest() == meta["sha256"]
    ds = load(DATA)
    assert meta["work_source_id"] in set(ds.sources["source_id"])
    assert meta["copy"]["source_id"] in set(ds.sources["source_id"])
    assert len(_raw_rows()) == meta["rows"]


def test_a_changed_snapshot_is_refused_naming_the_file(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    table = copy / "imports" / imports.LISTS / "lists.csv"
    table.write_bytes(table.read_bytes().replace(b'"1937-03-19"', b'"1937-03-20"', 1))
    with pytest.raises(imports.ImportError_, match=r"lists\.csv: sha256 .* not the"):
        imports.run(copy)


@pytest.mark.data
def test_signatures_per_member_are_those_of_the_raw_table():
    """Count each signature column of the raw table over the lists the import keeps, and compare."""
    kept = [
        r
        for r in _raw_rows()
        if r["reallist"] == "1"
        and r["ed_hr"] in imports.LIST_FILES
        and (r["datetext"] or not r["adate"].startswith("0000"))
    ]
    expected = Counter()
    for r in kept:
        for column, (person, _) in imports.SIGNERS.items():
            expected[person] += r[column] == "1"
    rows = queries.signed(load(DATA), "politburo")
    rows = rows[rows["event_id"].str.startswith(imports.EVENT_PREFIX)]
    assert rows["event_id"].nunique() == len(kept)
    got = Counter(rows.loc[rows["signed"], "person_id"])
    assert {p: n for p, n in expected.items() if n} == dict(got)


@pytest.mark.data
def test_counts_stand_beside_the_published_ones_and_differences_are_explained():
    beside = codebook.published_beside(load(DATA))
    assert len(beside) >= 8
    memorial = beside[beside["source_id"] == "voxgratis_lists"].set_index("person_id")
    # every published count of Memorial's edition is met within one list, and each difference of
    # one is either a differing reading (variants) or a list left out, which the row's note says
    for person, row in memorial.iterrows():
        assert abs(row["published"] - row["computed"]) <= 1, person
        if row["published"] != row["computed"]:
            assert row["published"] == row["with_variants"] or "left out" in str(row["note"]), person


@pytest.mark.data
def test_signers_who_were_not_members_are_warnings_that_name_them():
    problems = validate(DATA)
    assert not errors(problems)
    warned = [p for p in problems if p.rule == "signer-not-member"]
    assert warned and all("Nikolai Yezhov signed" in p.message for p in warned)
    ds = load(DATA)
    outside = queries.signed(ds, "politburo")
    outside = outside[outside["signed"] & (outside["membership_type"] == "not a member")]
    assert len(warned) == len(outside)


def test_a_non_member_is_an_error_at_a_meeting_but_a_warning_on_a_signed_document(council):
    problems = validate(council)
    assert [p.rule for p in problems if p.value == "bo" and p.severity == "warning"] == ["signer-not-member"]
    text = (council / "vote_events.csv").read_text(encoding="utf-8")
    (council / "vote_events.csv").write_text(
        text.replace(",signature,adopted", ",meeting,adopted"), encoding="utf-8"
    )
    bad = errors(validate(council))
    assert [(p.rule, p.value, p.row) for p in bad] == [("voter-is-member", "bo", 11)]


@pytest.mark.data
def test_no_printed_column_of_an_imported_row_carries_the_archive_description():
    """The archive's description of a list may name people; it stays in the curators' note."""
    titles = {r["listtitle"] for r in _raw_rows() if r["listtitle"]}
    ds = load(DATA)
    events = ds.vote_events[ds.vote_events["event_id"].str.startswith(imports.EVENT_PREFIX)]
    for column in ("title", "note", "identifier", "source_loc"):
        assert not any(t in str(v) for v in events[column] for t in titles), column
    assert all("Список" not in str(v) for v in events["note"])


@pytest.mark.parametrize(
    ("datetext", "adate", "expected"),
    [
        ("19 марта 1937 года", "1937-03-19", ("1937-03-19", "certain")),
        ("от 10 июня 1938 года", "1938-06-10", ("1938-06-10", "certain")),
        ('" " апреля 1937 года', "1937-04-01", ("1937-04", "certain")),
        ('от " " марта 1938 года', "1938-03-05", ("1938-03", "certain")),
        ("", "1938-08-20", ("1938-08-20", "inferred")),
        ("", "0000-00-00", ("", "")),
    ],
)
def test_a_list_bears_its_own_date_and_a_missing_day_is_not_guessed(datetext, adate, expected):
    value, certainty, _ = imports.list_date({"datetext": datetext, "adate": adate}, 2, "lists.csv")
    assert (value, certainty) == expected


def test_a_day_that_is_not_in_the_calendar_is_refused():
    with pytest.raises(ValueError, match="calendar"):
        imports.list_date({"datetext": "31 июня 1937 года", "adate": ""}, 7, "lists.csv")
