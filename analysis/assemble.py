"""Assembling the site's sources in the stage: configuration, contents, static files, the data the
notebooks read, and, once the pages are executed, the facts that change with every commit."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from . import citations, scripts
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
        config["author"] = facts.authors
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
    shutil.copy2(data_dir / DESCRIPTOR, target / DESCRIPTOR)
    for resource in read_descriptor(data_dir)["resources"]:
        source = data_dir / resource["path"]
        if source.is_file():
            (target / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / resource["path"])


def finish_pages(stage: Path, plan: Plan, facts: citations.BookFacts) -> int:
    """Fill every card's citation into the executed pages; returns how many were filled."""
    filled = 0
    for run in plan.runs:
        cards = citations.page_cards(stage / "_static", run.page)
        if cards:
            notebook = stage / run.folder / f"{run.page}.ipynb"
            where = f"{run.folder}/{run.page}"
            filled += citations.fill(notebook, cards, facts, where, run.title, run.template.source)
    return filled


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
