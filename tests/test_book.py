"""The whole pipeline: every chapter executed by papermill on the fixture, a strict build, publishing."""

import hashlib
import json
import shutil

import pytest

from analysis.build import BuildError, build, recorded
from analysis.paths import BOOK, DATA

from .conftest import edit_csv, make_council

pytestmark = pytest.mark.notebooks


def _pages(work):
    return {p.stem: recorded(p) for p in (work / "stage" / "book").glob("*.ipynb")}


def test_every_chapter_records_the_fixture_numbers(council_book):
    _, work, _ = council_book
    pages = _pages(work)
    assert set(pages) == {
        "index",
        "dataset",
        "coverage",
        "membership",
        "snapshots",
        "roles",
        "votes",
        "alignments",
        "snapshot-1950-01-01",
        "snapshot-1951-03-01",
        "snapshot-1951-05-10",
        "snapshot-1952-06-15",
    }
    m = pages["membership"]
    assert (m["n_persons"], m["n_spells"], m["min_total"], m["max_total"]) == (5, 6, 3, 4)
    s = pages["snapshot-1951-05-10"]
    assert (s["n_full"], s["n_candidate"], s["n_joined"], s["n_left"]) == (4, 0, 0, 0)
    s = pages["snapshot-1952-06-15"]
    assert (s["n_full"], s["n_candidate"], s["n_joined"], s["n_left"]) == (3, 1, 1, 1)
    assert (pages["votes"]["n_events"], pages["votes"]["n_votes"]) == (2, 8)
    assert (pages["alignments"]["n_pairs"], pages["alignments"]["max_shared"]) == (6, 2)
    # focus: the middle snapshot day, 1951-05-10: ada, bo, dee, and cy (his "1951" counts from 1 Jan)
    assert (pages["roles"]["n_members"], pages["roles"]["n_offices"]) == (4, 4)
    assert (pages["dataset"]["n_tables"], pages["dataset"]["n_sources"]) == (7, 1)
    d = pages["coverage"]
    assert (d["rows_persons"], d["rows_votes"], d["rows_memberships"]) == (5, 8, 6)
    # dates given: 16 to the day, 2 to the month (bo's birth, dee's start), 4 to the year
    assert d["share_day_precise"] == pytest.approx(16 / 22)
    assert (d["n_decades"], d["n_gaps"]) == (1, 0)
    assert pages["snapshots"]["n_dates"] == 4


@pytest.mark.build
def test_strict_build_of_another_body_escapes_its_data(council_book):
    _, _, html = council_book
    page = (html / "book" / "membership.html").read_text(encoding="utf-8")
    assert "Example Council" in page
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    for name in ("snapshot-1952-06-15", "votes", "alignments", "dataset", "roles"):
        assert (html / "book" / f"{name}.html").is_file()
    assert (html / "_static" / "vega-bundle.js").stat().st_size > 500_000
    assert (html / "_static" / "figures" / "membership" / "membership-timeline.svg").is_file()
    assert "On 15 June 1952" in (html / "book" / "snapshot-1952-06-15.html").read_text()


def _tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.mark.build
def test_a_failed_build_leaves_the_last_good_book(council_book, tmp_path):
    data, work, html = council_book
    before = _tree_digest(html)
    broken = make_council(tmp_path / "broken")
    edit_csv(broken / "votes.csv", 3, "position", "yes?")
    with pytest.raises(BuildError, match=r"votes.csv row 3, column position"):
        build(broken, html, work=work)
    with pytest.raises(BuildError, match=r"--dates: '1951-02-30' is not a calendar date"):
        build(data, html, work=work, snapshot_dates=["1951-02-30"])
    book = tmp_path / "book"
    shutil.copytree(BOOK, book)
    with open(book / "votes.md", "a", encoding="utf-8") as handle:
        handle.write('\n```{code-cell} ipython3\nraise RuntimeError("a researcher broke this page")\n```\n')
    with pytest.raises(BuildError, match=r"book/votes.md \(page votes\) failed .*a researcher broke"):
        build(data, html, work=work, book_dir=book)
    assert _tree_digest(html) == before


@pytest.mark.build
def test_rebuild_is_cached_and_byte_identical(council_book, tmp_path):
    data, work, html = council_book
    figures = html / "_static" / "figures"
    before = {p.relative_to(figures): p.read_bytes() for p in figures.rglob("*") if p.is_file()}
    fresh = build(data, tmp_path / "html", work=tmp_path / "work")  # no cache: executes again
    again = fresh / "_static" / "figures"
    after = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert before == after


@pytest.mark.build
def test_strict_build_of_the_shipped_book(tmp_path):
    html = build(DATA, tmp_path / "html", work=tmp_path / "work")
    pages = sorted(p.name for p in (html / "book").glob("*.html"))
    assert "snapshot-1927-06-20.html" in pages and "snapshot-1927-12-19.html" in pages
    votes = (html / "book" / "votes.html").read_text(encoding="utf-8")
    assert "20 June 1927" in votes and "in absentia" in votes
    info = json.loads((tmp_path / "work" / "stage" / "_build_info.json").read_text())
    assert info["body"] == "politburo,presidium"
