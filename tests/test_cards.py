"""Figure and table cards: files written, data escaped, output byte-stable."""

import json

import altair as alt
import pandas as pd
import pytest

from analysis.cards import Page, _json_for_script

pytestmark = pytest.mark.unit

EVIL = '</script><script>alert("x")</script> & <b>bold</b>'


@pytest.fixture
def frame():
    return pd.DataFrame({"name": ["Ada", EVIL], "n": [1, 2]})


def _chart(frame):
    return alt.Chart(frame).mark_bar().encode(x="n:Q", y="name:N")


def test_figure_card_writes_its_spec_and_data_and_numbers_itself(tmp_path, frame):
    """The pictures to download (PNG, SVG, PDF) carry the edition's address: the site's assembly
    makes them from the spec (analysis.stills, tested in test_citable); the card links to them."""
    page = Page("demo", root=tmp_path)
    card = page.figure(_chart(frame), "demo-chart", "A chart. With detail.", frame)
    folder = tmp_path / "_static" / "figures" / "demo"
    assert sorted(p.name for p in folder.iterdir()) == ["cards.json", "demo-chart.csv", "demo-chart.vl.json"]
    (listed,) = json.loads((folder / "cards.json").read_text())["cards"]
    assert (listed["id"], listed["kind"], listed["number"]) == ("demo-chart", "figure", "Figure 1")
    assert sorted(listed["files"]) == ["csv", "pdf", "png", "svg", "vl.json"]
    html = card._repr_html_()
    assert "Figure 1." in html and 'id="demo-chart"' in html
    assert 'href="../_static/figures/demo/demo-chart.svg"' in html
    second = page.table(frame, "demo-table", "A table.")
    assert "Table 1." in second._repr_html_()


def test_data_is_escaped_everywhere(tmp_path, frame):
    page = Page("demo", root=tmp_path)
    html = page.figure(_chart(frame), "c", EVIL, frame)._repr_html_()
    html += page.table(frame, "t", EVIL)._repr_html_()
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_spec_json_cannot_close_its_script_element():
    text = _json_for_script({"name": EVIL})
    assert "</" not in text and "<" not in text
    assert json.loads(text)["name"] == EVIL


def test_same_inputs_give_the_same_bytes(tmp_path, frame):
    outputs = []
    for run in ("a", "b"):
        page = Page("demo", root=tmp_path / run)
        page.figure(_chart(frame), "c", "Caption.", frame)
        folder = tmp_path / run / "_static" / "figures" / "demo"
        outputs.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert outputs[0] == outputs[1]


def test_ids_must_be_slugs(tmp_path, frame):
    page = Page("demo", root=tmp_path)
    with pytest.raises(ValueError, match="lowercase"):
        page.table(frame, "Bad Id", "x")


def test_citation_is_filled_in_at_assembly_from_the_book_facts(tmp_path, frame):
    import nbformat

    from analysis.citations import BookFacts, fill, page_cards

    page = Page("demo", root=tmp_path)
    card = page.table(frame, "t", "Counts of things. More words.")._repr_html_()
    assert "version" not in card and 'data-card="t"' in card  # nothing that changes by commit
    notebook = tmp_path / "demo.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_code_cell(
            outputs=[nbformat.v4.new_output("display_data", data={"text/html": card, "text/plain": "card"})]
        )
    )
    nbformat.write(nb, notebook)
    facts = BookFacts(
        "The Book",
        ("A. Author",),
        "1.2.3",
        "2026-11-25",
        "https://example.org/b",
        "0123456789abcdef",
        "f" * 64,
    )
    cards = page_cards(tmp_path / "_static", "demo")
    assert fill(notebook, cards, facts, "book/demo", "book/demo.md", tmp_path / "_static") == 1
    html = nbformat.read(notebook, as_version=4).cells[0].outputs[0].data["text/html"]
    assert "A. Author. (2026). Counts of things [Table]. In The Book (Version 1.2.3)." in html
    assert "https://example.org/b/v1.2.3/book/demo.html#t" in html
    assert "0123456789ab" in html and "book/demo.md" in html
    for ext in ("bib", "ris", "csl.json"):  # the citation's files, beside the card's own
        assert (tmp_path / "_static" / "figures" / "demo" / f"t.{ext}").is_file()
        assert f'href="../_static/figures/demo/t.{ext}" download' in html


def test_a_table_can_download_fuller_data_than_it_shows(tmp_path, frame):
    page = Page("demo", root=tmp_path)
    full = frame.assign(extra=["x", "y"])
    html = page.table(frame, "t", "Shown.", data=full)._repr_html_()
    assert "extra" not in html
    assert "extra" in (tmp_path / "_static" / "figures" / "demo" / "t.csv").read_text()
