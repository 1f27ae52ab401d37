"""Assembling the site's sources in the stage: configuration, contents, static files, the data the
notebooks read, and, once the pages are executed, the facts that change with every commit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from . import citations, citeformats, citers, scripts, stills
from .load import read_descriptor
from .plan import Plan
from .project import DESCRIPTOR, Project


def stage_sources(
    project: Project, stage: Path, plan: Plan, facts: citations.BookFacts, data_dir: Path, cache: Path
) -> None:
    """Lay out the book's sources in an empty stage, and the data beside them (stage/data); the title
    and authors in the configuration are the book's own (from the data and CITATION.cff)."""
    shutil.copytree(project.static, stage / "_static", dirs_exist_ok=True)
    if project.citation.is_file():
        shutil.copy2(project.citation, stage / "CITATION.cff")
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    config["title"] = plan.title
    if facts.authors:
        config["author"] = facts.authors_text
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["compendium"] = facts.as_config()
    sphinx["compendium_pages"] = {f"{r.folder}/{r.page}": r.template.source for r in plan.runs}
    sphinx["compendium_period"] = f"{plan.settled.period_start}/{plan.settled.period_end}"
    if facts.url:
        sphinx["html_baseurl"] = facts.edition_url  # each page's canonical link: its edition's address
    if facts.repository:
        config.setdefault("repository", {})["url"] = facts.repository
        config.setdefault("html", {})["use_repository_button"] = True
    (stage / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    for folder in sorted({run.folder for run in plan.runs} | {"book"}):
        (stage / folder).mkdir()
    stage_data(Path(data_dir), stage / "data")
    shutil.copy2(scripts.vega_bundle(cache), stage / "_static" / "vega-bundle.js")
    script, style = scripts.datatables_bundle(cache)
    shutil.copy2(script, stage / "_static" / "datatables.js")
    shutil.copy2(style, stage / "_static" / "datatables.css")
    stage_toc(project.toc, stage / "_toc.yml", [t.source.removesuffix(".md") for t, _ in plan.left_out])


def stage_data(data_dir: Path, target: Path) -> None:
    """Copy a dataset's descriptor and the files it declares, and nothing else."""
    target.mkdir(parents=True)
    descriptor = read_descriptor(data_dir)  # its own, or the standard contract
    if (data_dir / DESCRIPTOR).is_file():
        shutil.copy2(data_dir / DESCRIPTOR, target / DESCRIPTOR)
    else:
        text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
        (target / DESCRIPTOR).write_text(text, encoding="utf-8")
    for resource in descriptor["resources"]:
        source = data_dir / resource["path"]
        if source.is_file():
            (target / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / resource["path"])


def finish_pages(stage: Path, plan: Plan, facts: citations.BookFacts, cache: Path, jobs: int = 2) -> int:
    """Fill every card's citation into the executed pages, write each card's citation files and
    each figure's downloads with their source line (analysis.stills), then the parts of the pages
    for citers (analysis.citers); returns how many cards."""
    filled, stills_to_make, index = 0, [], []
    static = stage / "_static"
    for run in plan.runs:
        cards = citations.page_cards(static, run.page)
        if not cards:
            continue
        notebook = stage / run.folder / f"{run.page}.ipynb"
        where = f"{run.folder}/{run.page}"
        filled += citations.fill(notebook, cards, facts, where, run.template.source, static)
        folder = static / "figures" / run.page
        for card in cards:
            if card["kind"] == "figure":
                stills_to_make.append((folder, card["id"], stills.source_lines(facts, where, card)))
            index.append(_index_row(facts, run, where, card))
    stills.make_all(stills_to_make, cache, jobs)
    _fill_parts(stage, plan, facts, index)
    return filled


def _index_row(facts: citations.BookFacts, run, where: str, card: dict) -> dict:
    """A card's row in the list of figures and tables: its files (as the card lists them, and its
    citation's) by their label, linked from a page."""
    labels = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "csv": "CSV", **dict(citeformats.FILES)}
    shown = [ext for ext in labels if ext in card["files"] or ext in ("bib", "ris")]
    return {
        "number": card["number"],
        "caption": card["caption"],
        "page": where,
        "title": run.title,
        "id": card["id"],
        "files": {labels[ext]: f"../_static/figures/{run.page}/{card['id']}.{ext}" for ext in shown},
        "citation": citations.card_citation(facts, where, card),
    }


def _fill_parts(stage: Path, plan: Plan, facts: citations.BookFacts, index: list[dict]) -> None:
    """The parts of the pages for citers, in whichever pages show them."""
    example = next((r["citation"] for r in index if r["number"].startswith("Figure")), "")
    data_title = read_descriptor(stage / "data").get("title") or f"{facts.title}: the data"
    makers = {
        "how-to-cite": lambda: citers.how_to_cite(facts, stage / "_static", data_title, example),
        "figure-index": lambda: citers.figure_index(index),
    }
    for run in plan.runs:
        notebook = stage / run.folder / f"{run.page}.ipynb"
        text = notebook.read_text(encoding="utf-8") if notebook.is_file() else ""
        # the marker as it stands in the notebook's JSON
        wanted = {
            citers.marker(n): make()
            for n, make in makers.items()
            if json.dumps(citers.marker(n))[1:-1] in text
        }
        if wanted:
            citations.replace_in_outputs(notebook, wanted)


def stage_toc(toc: Path, target: Path, left_out: list[str]) -> None:
    """The table of contents without the pages left out (and without parts they leave empty)."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))

    def keep(items):
        kept = []
        for item in items or []:
            if item.get("file") in left_out:
                continue
            for key in ("sections", "chapters"):
                if key in item:
                    item[key] = keep(item[key])
                    if not item[key]:
                        del item[key]
            if any(k in item for k in ("file", "glob", "sections", "chapters", "url")):
                kept.append(item)
        return kept

    for key in ("parts", "chapters", "sections"):
        if key in data:
            data[key] = keep(data[key])
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
