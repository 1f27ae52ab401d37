"""What a page tells reference managers, search engines and readers about the edition it belongs to:
`citation_*` meta tags (the Highwire tags Zotero and Google Scholar read), the schema.org `Dataset`
description of the data (JSON-LD), and the line at the top of every page that names its edition.

The Sphinx extension (analysis.sphinxext) puts them into each page; `facts` is the mapping the
build passes it (analysis.citations.BookFacts.as_config).
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

from . import dates

LICENCE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "MIT": "https://opensource.org/licenses/MIT",
}


def page_url(facts: dict, pagename: str) -> str:
    """The public address of a page of this edition, or "" while the book has none."""
    if not facts.get("url"):
        return ""
    return f"{facts['url']}/{facts['edition']}/{quote(pagename)}.html"


def _date(iso: str) -> str:
    return iso.replace("-", "/")  # the citation_* tags' own form: 2026/11/25


def meta_tags(facts: dict, page_title: str, pagename: str) -> str:
    """The page's citation_* meta tags, escaped."""
    e = html.escape
    tags = [("citation_title", page_title), ("citation_inbook_title", facts.get("title", ""))]
    tags += [("citation_author", a) for a in facts.get("authors", [])]
    if facts.get("released"):
        tags += [
            ("citation_publication_date", _date(facts["released"])),
            ("citation_online_date", _date(facts["released"])),
        ]
    if facts.get("version"):
        tags.append(("citation_edition", facts["version"]))
    url = page_url(facts, pagename)
    if url:
        tags.append(("citation_public_url", url))
    if facts.get("doi"):
        tags.append(("citation_doi", facts["doi"]))
    tags.append(("citation_language", "en"))
    return "\n".join(f'<meta name="{e(n)}" content="{e(v)}" />' for n, v in tags if v)


def dataset_jsonld(facts: dict, descriptor: dict, files: list[tuple[str, str]], period: str = "") -> dict:
    """The schema.org Dataset of the data: `files` are (name, path in the book) of each download;
    `period` (start/end, ISO) is the book's when the descriptor declares no coverage."""
    base = f"{facts['url']}/{facts['edition']}/" if facts.get("url") else ""
    coverage = descriptor.get("coverage", {})
    licence = facts.get("license", "")
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": descriptor.get("title") or facts.get("title", ""),
        "description": descriptor.get("description", ""),
        "license": LICENCE_URLS.get(licence, licence),
        "creator": [{"@type": "Organization", "name": a} for a in facts.get("authors", [])],
        "version": facts.get("version", ""),
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "encodingFormat": "application/zip" if name.endswith(".zip") else "text/csv",
                "contentUrl": base + path,
            }
            for name, path in files
        ],
    }
    if coverage.get("start") and coverage.get("end"):
        data["temporalCoverage"] = f"{coverage['start']}/{coverage['end']}"
    elif period:
        data["temporalCoverage"] = period
    if descriptor.get("keywords"):
        data["keywords"] = descriptor["keywords"]
    if base:
        data["url"] = base + "book/dataset.html"
    if facts.get("doi"):
        data["identifier"] = f"https://doi.org/{facts['doi']}"
    if facts.get("released"):
        data["datePublished"] = facts["released"]
    return {k: v for k, v in data.items() if v not in ("", [], None)}


def jsonld_script(data: dict) -> str:
    """JSON-LD in a script element, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def edition_line(facts: dict, pagename: str, root: str, source: str) -> str:
    """The line at the top of a page: its edition and date, the latest edition, how to cite, and,
    when the repository is set, the page's source and a way to run it (Binder). `root` is the
    book's root seen from the page; `source` is the file the page is made from ("" for none)."""
    e = html.escape
    version = facts.get("version", "")
    said = f"Edition {e(version)}" if version else "This edition"
    if facts.get("released"):
        said += f" of {e(dates.label(facts['released']))}"
    parts = [f'<span class="edition-name">{said}</span>']
    if facts.get("url"):
        latest = f"{facts['url']}/latest/{quote(pagename)}.html"
        parts.append(f'<a class="edition-latest" href="{e(latest)}">the latest edition</a>')
    parts.append(f'<a href="{e(root)}book/cite.html">how to cite</a>')
    repo = facts.get("repository", "")
    if repo and source:
        ref = f"v{version}" if version else "HEAD"
        parts.append(f'<a href="{e(repo)}/blob/{e(ref)}/{e(source)}">the source of this page</a>')
        github = repo.removeprefix("https://github.com/")
        if github != repo and source.endswith(".md"):
            binder = f"https://mybinder.org/v2/gh/{github}/{ref}?labpath={quote(source)}"
            parts.append(f'<a href="{e(binder)}">run it on Binder</a>')
    newer = '<span class="edition-newer" hidden></span>'
    return (
        f'<p class="edition-line" data-edition="{e(version)}" data-page="{e(pagename)}">'
        + " · ".join(parts)
        + f"{newer}</p>"
    )
