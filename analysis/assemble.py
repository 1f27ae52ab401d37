"""Assembling the site's sources in the stage: configuration, contents, static files, the data the
notebooks read, and, once the pages are executed, the facts that change with every commit."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from . import citations, vega
from .load import read_descriptor
from .plan import Plan
from .project import DESCRIPTOR, Project


def stage_sources(
    project: Project, stage: Path, plan: Plan, facts: citations.BookFacts, data_dir: Path, cache: Path
) -> None:
    """Lay out the book's sources in an empty stage, and the data beside them (stage/data); the title
    and authors in the configuration are the book's own (from the data and CITATION.cff)."""
    shutil.copytree(project.static, stage / "_static", dirs_exist_ok=True)
    shutil.copy2(project.toc, stage / "_toc.yml")
    if project.citation.is_file():
        shutil.copy2(project.citation, stage / "CITATION.cff")
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    config["title"] = plan.title
    if facts.authors:
        config["author"] = facts.authors
    (stage / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    (stage / "book").mkdir()
    stage_data(Path(data_dir), stage / "data")
    shutil.copy2(vega.bundle(cache), stage / "_static" / "vega-bundle.js")


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
            template = f"book/{run.template.path.name}"
            notebook = stage / "book" / f"{run.page}.ipynb"
            filled += citations.fill(notebook, cards, facts, run.page, run.title, template)
    return filled
