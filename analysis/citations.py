"""What a citation names, gathered when the site is assembled: the book's authors, version, year,
address and commit, and the data's fingerprint. Filled into each card's placeholder then, so that an
executed page stays valid in the cache across commits and releases.
"""

from __future__ import annotations

import html
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from .cards import MANIFEST, placeholder
from .project import Project


@dataclass(frozen=True)
class BookFacts:
    """The facts every card's citation and provenance name."""

    title: str
    authors: str
    version: str
    year: str
    url: str
    commit: str
    data_fingerprint: str


def _commit(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def book_facts(project: Project, title: str, data_fingerprint: str) -> BookFacts:
    """The book's facts from its CITATION.cff and git, and the data's fingerprint."""
    cff = {}
    if project.citation.is_file():
        cff = yaml.safe_load(project.citation.read_text(encoding="utf-8")) or {}
    names = []
    for a in cff.get("authors", []):
        names.append(a.get("name") or " ".join(x for x in (a.get("given-names"), a.get("family-names")) if x))
    return BookFacts(
        title=title,
        authors=", ".join(names),
        version=str(cff.get("version", "")),
        year=str(cff.get("date-released", ""))[:4],
        url=str(cff.get("url", "")),
        commit=_commit(project.root),
        data_fingerprint=data_fingerprint,
    )


def first_sentence(text: str) -> str:
    """The caption's first sentence, for a citation's title."""
    head = text.split(". ")[0].strip()
    return head if head.endswith(".") else head + "."


def card_citation(facts: BookFacts, page: str, page_title: str, card: dict) -> str:
    """A ready citation of one card, plain text; `page` is the page's path in the book (book/votes)."""
    authors = facts.authors or "The compendium's authors"
    where = f"{page}.html#{card['id']}"
    if facts.url:
        where = f"{facts.url.rstrip('/')}/{where}"
    parts = [
        f"{authors} ({facts.year})." if facts.year else f"{authors}.",
        f"{card['number']}: {first_sentence(card['caption'])}",
        f"In: {facts.title}" + (f", version {facts.version}" if facts.version else "") + ".",
        f"Page “{page_title}”.",
        where,
    ]
    return " ".join(p for p in parts if p)


def cite_block(facts: BookFacts, page: str, page_title: str, template: str, card: dict) -> str:
    """The HTML that replaces a card's placeholder: its citation and provenance, escaped."""
    e = html.escape
    made = [f"made by <code>{e(template)}</code>"] if template else []
    if facts.commit:
        made.append(f"commit <code>{e(facts.commit[:12])}</code>")
    if facts.data_fingerprint:
        made.append(f"data sha256 <code>{e(facts.data_fingerprint[:16])}</code>")
    provenance = f'<p class="card-provenance">{"; ".join(made).capitalize()}.</p>' if made else ""
    citation = e(card_citation(facts, page, page_title, card))
    return (
        f'<details class="card-cite"><summary>Cite this {e(card["kind"])}</summary>'
        f'<p class="card-citation">{citation}</p>{provenance}</details>'
        f'<p class="card-citation-print">Cite as: {citation}</p>'
    )


def page_cards(static: Path, page_id: str) -> list[dict]:
    """The cards a page made, from the manifest its notebook wrote."""
    path = static / "figures" / page_id / MANIFEST
    return json.loads(path.read_text(encoding="utf-8"))["cards"] if path.is_file() else []


def fill(notebook: Path, cards: list[dict], facts: BookFacts, page: str, page_title: str, template: str):
    """Put each card's citation into its placeholder in an executed notebook; returns how many."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    blocks = {placeholder(c["id"]): cite_block(facts, page, page_title, template, c) for c in cards}
    filled = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/html")
            if not isinstance(text, str) or 'class="card-cite"' not in text:
                continue
            for marker, block in blocks.items():
                if marker in text:
                    text = text.replace(marker, block)
                    filled += 1
            output["data"]["text/html"] = text
    nbformat.write(nb, notebook)
    return filled
