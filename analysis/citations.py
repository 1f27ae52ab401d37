"""What a citation names, gathered when the site is assembled: the book's authors, version, year,
address and commit, and the data's fingerprint. Filled into each card's placeholder then, so that an
executed page stays valid in the cache across commits and releases.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import citeformats
from .cards import MANIFEST, placeholder
from .project import Project


@dataclass(frozen=True)
class BookFacts:
    """The facts every card's citation and provenance name, and every page's metadata."""

    title: str
    authors: tuple[str, ...]
    version: str
    released: str  # ISO date of the release (CITATION.cff's date-released), or ""
    url: str  # the site's public address, without a trailing slash, or "" while it has none
    commit: str
    data_fingerprint: str
    doi: str = ""
    repository: str = ""  # CITATION.cff's repository-code, or ""
    license: str = ""
    site: bool = False  # part of a published site, beside other editions (analysis.publish)

    @property
    def year(self) -> str:
        return self.released[:4]

    @property
    def authors_text(self) -> str:
        return ", ".join(self.authors) or "The compendium's authors"

    @property
    def edition(self) -> str:
        """The edition's folder in the site: v<version>."""
        return f"v{self.version}" if self.version else "latest"

    @property
    def edition_url(self) -> str:
        """The public address of this edition's root, or "" while the book has none."""
        return f"{self.url}/{self.edition}/" if self.url else ""

    def page_url(self, page: str) -> str:
        """The public address of one page of this edition (page: book/votes), or ""."""
        return f"{self.edition_url}{page}.html" if self.url else ""

    def as_config(self) -> dict:
        """The facts for the Sphinx extension (analysis.sphinxext), through the staged _config.yml."""
        return {
            "title": self.title,
            "authors": list(self.authors),
            "version": self.version,
            "released": self.released,
            "url": self.url,
            "edition": self.edition,
            "doi": self.doi,
            "repository": self.repository,
            "license": self.license,
            "site": self.site,
        }


def _commit(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def read_cff(project: Project) -> dict:
    """The project's CITATION.cff as a mapping ({} when there is none)."""
    if not project.citation.is_file():
        return {}
    return yaml.safe_load(project.citation.read_text(encoding="utf-8")) or {}


def book_facts(
    project: Project, title: str, data_fingerprint: str, base_url: str | None = None, site: bool = False
) -> BookFacts:
    """The book's facts from its CITATION.cff and git, and the data's fingerprint; `base_url`
    overrides the address in CITATION.cff (`url`)."""
    cff = read_cff(project)
    names = []
    for a in cff.get("authors", []):
        names.append(a.get("name") or " ".join(x for x in (a.get("given-names"), a.get("family-names")) if x))
    url = base_url if base_url is not None else str(cff.get("url") or "")
    return BookFacts(
        title=title,
        authors=tuple(names),
        version=str(cff.get("version", "")),
        released=str(cff.get("date-released", "") or ""),
        url=url.strip().rstrip("/"),
        commit=_commit(project.root),
        data_fingerprint=data_fingerprint,
        doi=str(cff.get("doi") or ""),
        repository=str(cff.get("repository-code") or "").rstrip("/"),
        license=str(cff.get("license") or ""),
        site=site,
    )


# A full stop that ends a sentence: not one after an initial (M. Tomsky) or a short abbreviation.
_ABBREVIATIONS = {
    "c",
    "ca",
    "cf",
    "e.g",
    "i.e",
    "no",
    "nos",
    "st",
    "vol",
    "vols",
    "pp",
    "p",
    "ed",
    "eds",
    "etc",
}


def first_sentence(text: str) -> str:
    """The caption's first sentence, for a citation's title; an initial ("M. Tomsky") or an
    abbreviation ("c. 1930") does not end it."""
    text = " ".join(text.split())
    for match in re.finditer(r"\.\s+(?=\S)", text):
        word = text[: match.start()].rsplit(" ", 1)[-1].strip("(“\"'")
        if re.fullmatch(r"[A-ZА-ЯЁ]", word) or word.lower() in _ABBREVIATIONS:
            continue
        return text[: match.start() + 1]
    return text if text.endswith(".") else text + "."


def card_item(facts: BookFacts, page: str, card: dict) -> dict:
    """A card's CSL-JSON item at this edition; `page` is the page's path in the book (book/votes)."""
    url = facts.page_url(page)
    return citeformats.csl_item(
        item_id=card["id"],
        kind=card["kind"],
        title=first_sentence(card["caption"]).removesuffix("."),
        authors=list(facts.authors) or ["The compendium's authors"],
        book_title=facts.title,
        version=facts.version,
        released=facts.released,
        url=f"{url}#{card['id']}" if url else "",
        doi=facts.doi,
    )


def card_citation(facts: BookFacts, page: str, card: dict) -> str:
    """A ready citation of one card, plain text (APA)."""
    return citeformats.plain_text(card_item(facts, page, card))


def cite_block(facts: BookFacts, page: str, template: str, card: dict, static: Path | None = None) -> str:
    """The HTML that replaces a card's placeholder: its citation (APA), a copy button, the citation's
    files for reference managers, and the card's provenance, escaped. With `static`, the citation's
    files are written under it."""
    e = html.escape
    item = card_item(facts, page, card)
    citation = e(citeformats.plain_text(item))
    made = [f"made by <code>{e(template)}</code>"] if template else []
    if facts.commit:
        made.append(f"commit <code>{e(facts.commit[:12])}</code>")
    if facts.data_fingerprint:
        made.append(f"data sha256 <code>{e(facts.data_fingerprint[:16])}</code>")
    provenance = f'<p class="card-provenance">{"; ".join(made).capitalize()}.</p>' if made else ""
    files = ""
    if static is not None:
        page_id = page.rsplit("/", 1)[-1]
        names = citeformats.write_files(static / "figures" / page_id, item)
        links = " · ".join(
            f'<a href="../_static/figures/{e(page_id)}/{e(names[ext])}" download>{label}</a>'
            for ext, label in citeformats.FILES
        )
        files = f" For a reference manager: {links}."
    tools = (
        f'<p class="card-cite-tools"><button type="button" class="card-copy">Copy the citation</button>'
        f"{files}</p>"
    )
    number = e(card["number"])
    return (
        f'<details class="card-cite"><summary>Cite this {e(card["kind"])}</summary>'
        f'<p class="card-citation">{citation}</p>{tools}{provenance}</details>'
        f'<p class="card-citation-print">Cite {number} as: {citation}</p>'
    )


def page_cards(static: Path, page_id: str) -> list[dict]:
    """The cards a page made, from the manifest its notebook wrote."""
    path = static / "figures" / page_id / MANIFEST
    return json.loads(path.read_text(encoding="utf-8"))["cards"] if path.is_file() else []


def fill(
    notebook: Path, cards: list[dict], facts: BookFacts, page: str, template: str, static: Path | None = None
):
    """Put each card's citation into its placeholder in an executed notebook (and, with `static`,
    write each card's citation files); returns how many were filled."""
    blocks = {placeholder(c["id"]): cite_block(facts, page, template, c, static) for c in cards}
    return replace_in_outputs(notebook, blocks)


def replace_in_outputs(notebook: Path, blocks: dict[str, str]) -> int:
    """Replace each marker by its HTML in the HTML outputs of an executed notebook; returns how many."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    filled = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/html")
            if not isinstance(text, str) or not any(m in text for m in blocks):
                continue
            for marker, block in blocks.items():
                if marker in text:
                    text = text.replace(marker, block)
                    filled += 1
            output["data"]["text/html"] = text
    if filled:
        nbformat.write(nb, notebook)
    return filled
