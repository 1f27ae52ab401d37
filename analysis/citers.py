"""The parts of the pages for citers that name the edition or gather every page's cards: how to cite
the book, an edition and the data, and the index of every figure and table. A template shows
`part("how-to-cite")` or `part("figure-index")`; the site's assembly fills them in (like the cards'
citations, analysis.citations), once every page has run.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from . import citeformats, dates
from .cards import HTML, Cell, table_html

PARTS = ("how-to-cite", "figure-index")


def part(name: str) -> HTML:
    """Where one of the parts goes, until the site's assembly fills it in."""
    if name not in PARTS:
        raise ValueError(f"{name!r}: one of {', '.join(PARTS)}")
    return HTML(f'<div class="book-part" data-part="{name}"></div>')


def marker(name: str) -> str:
    return part(name)._repr_html_()


def _copyable(text: str, files: dict[str, str] | None = None) -> str:
    """A citation with its copy button and, when given, its files for reference managers."""
    e = html.escape
    links = ""
    if files:
        links = " For a reference manager: " + " · ".join(
            f'<a href="{e(href)}" download>{label}</a>' for label, href in files.items()
        )
        links += "."
    return (
        f'<div class="card-cite-open"><p class="card-citation">{e(text)}</p>'
        f'<p class="card-cite-tools"><button type="button" class="card-copy">Copy the citation</button>'
        f"{links}</p></div>"
    )


def _write_item(folder: Path, item: dict) -> dict[str, str]:
    """Write an item's citation files into folder (_static/cite); returns label -> link from a page."""
    folder.mkdir(parents=True, exist_ok=True)
    names = citeformats.write_files(folder, item)
    return {label: f"../_static/cite/{names[ext]}" for ext, label in citeformats.FILES}


def book_item(facts, kind: str = "book", title: str = "", page: str = "") -> dict:
    """The CSL-JSON item of the book at this edition (or of its data: kind "data")."""
    name = {"data": "dataset"}.get(kind, kind)
    return citeformats.csl_item(
        item_id=f"compendium-{name}-{facts.version}" if facts.version else f"compendium-{name}",
        kind=kind,
        title=title or facts.title,
        authors=list(facts.authors) or ["The compendium's authors"],
        book_title="",
        version=facts.version,
        released=facts.released,
        url=facts.page_url(page) if page else facts.edition_url,
        doi=facts.doi,
    )


def how_to_cite(facts, static: Path, data_title: str, example: str) -> str:
    """The how-to-cite part: the book at this edition, the editions, a figure or table, the data."""
    e = html.escape
    folder = static / "cite"
    book = book_item(facts)
    data = book_item(facts, "data", data_title, "book/dataset")
    out = ["<h2>The book</h2>"]
    out.append(
        "<p>Cite the edition you read. Each edition is fixed: once published, its pages, figures and "
        "tables do not change, so a reference to it needs no date of access (add one if your style "
        "asks for it).</p>"
    )
    out.append(_copyable(citeformats.plain_text(book), _write_item(folder, book)))
    out.append("<h2>Editions</h2>")
    said = f"<p>This is edition {e(facts.version)}" if facts.version else "<p>This edition"
    if facts.released:
        said += f", released on {e(dates.label(facts.released))}"
    said += "."
    if facts.url:
        said += (
            f' It stays at <a href="{e(facts.edition_url)}">{e(facts.edition_url)}</a>; the latest edition '
            f'is always at <a href="{e(facts.url)}/latest/">{e(facts.url)}/latest/</a>, and every earlier '
            "edition stays at its own address."
        )
    if facts.doi:
        said += f' Its DOI is <a href="https://doi.org/{e(facts.doi)}">{e(facts.doi)}</a>.'
    out.append(said + " The line at the top of every page names its edition.</p>")
    out.append("<h2>A figure or a table</h2>")
    out.append(
        "<p>Under every figure and table, <em>Cite this figure</em> (or table) gives its reference at "
        "this edition, with a button that copies it and files for reference managers (BibTeX, RIS "
        "and CSL-JSON). A figure downloads as a picture (PNG, SVG or PDF) that carries its source, "
        "licence and address under the chart, with its data as CSV. The "
        '<a href="figures.html">list of figures and tables</a> gathers them all. For example:</p>'
    )
    if example:
        out.append(f'<p class="card-citation">{e(example)}</p>')
    out.append("<h2>The data</h2>")
    out.append(
        '<p>The <a href="dataset.html">dataset chapter</a> offers the whole dataset and each of its '
        "tables for download. Cite the data as:</p>"
    )
    out.append(_copyable(citeformats.plain_text(data), _write_item(folder, data)))
    out.append(
        "<p>Every row of the data names its source; cite those works too when you use their facts. "
        'The <a href="bibliography.html">list of sources</a> gives them all.</p>'
    )
    return "".join(out)


def figure_index(rows: list[dict]) -> str:
    """The list of every figure and table: rows of number, caption, page (title, link), id,
    downloads (label -> link) and citation. Searching finds words of the whole caption and the id."""
    from .citations import first_sentence

    if not rows:
        return "<p>The book has no figures or tables.</p>"
    frame = pd.DataFrame(
        {
            "Figure or table": [
                Cell(
                    f"{r['number']}: {r['caption']} {r['id']}",
                    html_=f'<a href="../{html.escape(r["page"])}.html#{html.escape(r["id"])}">'
                    f"{html.escape(r['number'])}: {html.escape(first_sentence(r['caption']))}</a>"
                    f'<br><span class="index-id">{html.escape(r["id"])}</span>',
                )
                for r in rows
            ],
            "Page": [Cell(r["title"], href=f"../{r['page']}.html") for r in rows],
            "Downloads": [
                Cell(
                    " ".join(r["files"]),
                    html_=" · ".join(
                        f'<a href="{html.escape(href)}" download>{html.escape(label)}</a>'
                        for label, href in r["files"].items()
                    ),
                )
                for r in rows
            ],
            "Citation": [r["citation"] for r in rows],
        }
    )
    return f'<div class="card-scroll">{table_html(frame, long=True)}</div>'
