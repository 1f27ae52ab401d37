"""The book as a reader meets it: a page per person, words not codes, context for every date, votes
told truly, notes for readers, the whole data to download, no path of the building machine."""

import csv
import hashlib
import re
import zipfile

import pytest

from analysis.checks import machine_paths
from analysis.load import load
from analysis.plan import plan

from .conftest import DATA, PROJECT, visible_text

pytestmark = pytest.mark.notebooks

CODES = (
    "not_reelected",
    "party_apparatus",
    "body_reorganized",
    "died_in_custody",
    "not_voting",
    "head_of_state",
)


def test_every_person_has_a_page_and_every_name_links_to_it(council_book):
    _, _, html = council_book
    for person in ("ada", "bo", "cy", "dee", "eve"):
        assert (html / "book" / f"person-{person}.html").is_file()
    index = (html / "book" / "people.html").read_text(encoding="utf-8")
    assert index.count('href="../book/person-') == 5
    membership = (html / "book" / "membership.html").read_text(encoding="utf-8")
    assert '<a href="../book/person-cy.html">Cy Gamma</a>' in membership
    spec = (html / "_static" / "figures" / "membership" / "membership-timeline.vl.json").read_text()
    assert '"href": "../book/person-cy.html"' in spec  # the chart's bars link too
    for page in (html / "book").glob("*.html"):  # the static picture of a chart carries no link
        assert 'xlink:href="https://vega.github.io' not in page.read_text(encoding="utf-8"), page.name
    cy = visible_text(html / "book" / "person-cy.html")
    assert "Cy Gamma was born" not in cy and "died on 3 March 1955. Fate: executed." in cy
    assert "1950 to 1953 in the Example Council" in cy


def test_no_page_carries_the_datas_markup(council_book):
    _, _, html = council_book
    for page in sorted(html.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        raws = ('<script>alert("x")', "<script>alert(“x”)", "<img src=x", 'onerror="')
        for raw in raws:
            assert raw not in text, (page.name, raw)  # print headers, titles, tables, charts: all escaped
        # the data's <i class="injected"> and <b class="injected"> are text (&lt;i ...), never a tag
        assert not re.search(r'<[a-z]+ [^<>]*class="injected"', text), page.name


def test_codes_are_shown_as_words(council_book):
    _, _, html = council_book
    for page in sorted((html / "book").glob("*.html")):
        if page.name in ("dataset.html", "search.html", "genindex.html"):
            continue  # the codebook names the codes on purpose
        text = visible_text(page)
        assert not [c for c in CODES if c in text], page.name
    day = visible_text(html / "book" / "snapshot-1952-06-15.html")
    assert "left as full member: removed" in day and "joined as candidate member" in day
    roles = visible_text(html / "book" / "roles.html")
    assert "party apparatus" in roles and "1 January 1950" in roles and "1950-01-01" not in roles


def test_a_day_says_which_session_acted_and_escapes_it(council_book):
    _, _, html = council_book
    page = (html / "book" / "snapshot-1952-06-15.html").read_text(encoding="utf-8")
    text = visible_text(html / "book" / "snapshot-1952-06-15.html")
    assert "It was the day of the plenum of the Example Assembly." in text
    assert "Removed Bo Beta and elected Eve Epsilon a candidate" in text
    assert "&lt;b&gt;all&lt;/b&gt;" in page and "<b>all</b>" not in page
    assert "{glue}`x`" in text  # Markdown and MyST in the data are shown as text
    assert "This page is one run" not in text and "template" not in text.lower()
    assert "A curator's remark that readers never see" not in page
    quiet = visible_text(html / "book" / "snapshot-1951-05-10.html")
    assert "No spell of membership began or ended on 10 May 1951." in quiet


def test_a_dataset_without_sessions_is_valid_and_loads(council):
    from analysis.validate import errors, validate

    (council / "sessions.csv").unlink()
    assert errors(validate(council)) == []
    assert load(council).sessions.empty


def test_every_vote_is_a_section_and_its_totals_are_told(council_book):
    _, _, html = council_book
    page = (html / "book" / "votes.html").read_text(encoding="utf-8")
    assert '<span id="vote-e1"></span><h3>10 May 1951: Adopt the plan' in page
    assert (
        '<a class="reference internal nav-link" href="#june-1952-remove-bo-beta">' in page
    )  # in the contents
    index = (html / "searchindex.js").read_text(encoding="utf-8")
    assert "Remove Bo Beta" in index  # and in search
    text = visible_text(html / "book" / "votes.html")
    assert "The source reports 3 for and 1 against. 4 positions are recorded member by member" in text
    assert (
        "The sources give no totals. 4 positions are recorded member by member: 2 for, 1 against and 1 absent"
        in text
    )


def test_the_essay_is_left_out_when_the_data_lack_what_it_needs(council_book):
    data, _, html = council_book
    book = plan(PROJECT, load(data), {})
    ((left, reason),) = book.left_out
    assert left.source == "essays/1927.md" and "persons molotov" in reason
    assert not (html / "essays").exists()
    assert "1927" not in (html / "book" / "index.html").read_text(encoding="utf-8").split("Essays")[0][-50:]


def test_the_whole_data_downloads_with_its_checksum(council_book):
    data, _, html = council_book
    (archive,) = (html / "_static" / "figures" / "dataset").glob("*.zip")
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert {"datapackage.json", "persons.csv", "sessions.csv", "votes.csv"} <= names
        assert z.read("votes.csv") == (data / "votes.csv").read_bytes()
    text = visible_text(html / "book" / "dataset.html")
    assert hashlib.sha256(archive.read_bytes()).hexdigest() in text
    assert f'href="../_static/figures/dataset/{archive.name}"' in (html / "book" / "dataset.html").read_text()


def test_no_path_of_the_building_machine_reaches_the_book(council_book, tmp_path):
    data, work, html = council_book
    assert machine_paths(html, [PROJECT.root, work, data]) == []
    planted = tmp_path / "site"
    planted.mkdir()
    (planted / "page.html").write_text(f"<p>{work / 'stage' / 'book'}</p>")
    assert machine_paths(planted, [work]), "the check must be able to fail"


@pytest.mark.data
def test_every_coded_column_has_words_for_each_value():
    descriptor = load(DATA).descriptor
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            enum = field.get("constraints", {}).get("enum")
            if enum:
                labels = [c["value"] for c in field.get("categories", [])]
                assert labels == enum, f"{resource['name']}.{field['name']}"
                assert all(c.get("label") for c in field["categories"])


WORKING_REMARKS = re.compile(
    r"stored (copy|excerpt|page)|\bexcerpt|\bsnippet|my inference|not checked|not verified|\binfobox|"
    r"\b(my|we|our)\b|\bI (think|checked|found|could|did|have|am|was|use|took)\b|/work/|/tmp/|/home/",
    re.I,
)


@pytest.mark.data
def test_notes_for_readers_hold_no_working_remarks():
    found = []
    for path in sorted(DATA.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            for i, row in enumerate(csv.DictReader(handle), start=2):
                m = WORKING_REMARKS.search(row.get("note") or "")
                if m:
                    found.append(f"{path.name} row {i}: {m.group(0)!r}")
    assert found == []
    assert WORKING_REMARKS.search("that link is my inference"), "the check must be able to fail"


@pytest.mark.build
def test_the_shipped_book_answers_a_readers_questions(shipped_book):
    _, html = shipped_book
    ds = load(DATA)
    pages = {p.stem for p in (html / "book").glob("person-*.html")}
    assert len(pages) == len(ds.persons)
    molotov = visible_text(html / "book" / "person-molotov.html")
    assert "Fate: natural death." in molotov and "Secretary of the Central Committee" in molotov
    kosior = visible_text(html / "book" / "person-kosior.html")
    assert "Fate: executed." in kosior
    day = visible_text(html / "book" / "snapshot-1927-12-19.html")
    assert "It was the day of the plenum of the Central Committee after the 15th Party Congress." in day
    votes = visible_text(html / "book" / "votes.html")
    assert "The source reports 19 for, 2 against and 4 abstained. 5 positions are recorded" in votes
    essay = visible_text(html / "essays" / "1927.html")
    assert "1927: the Politburo at work" in essay and "Gorlizki and Khlevniuk 2006" in essay
    ids = set(ds.sources["source_id"]) | set(ds.persons["person_id"])
    for page in ("membership", "roles", "votes", "person-kalinin", "snapshot-1927-06-20", "people"):
        text = visible_text(html / "book" / f"{page}.html")
        shown = {w for w in re.findall(r"[a-z0-9]+_[a-z0-9_]+", text) if w in ids}
        assert not shown, (page, sorted(shown)[:5])
        assert not [c for c in CODES if c in text], page
