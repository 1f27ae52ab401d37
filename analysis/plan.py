"""The build plan: the book's scope settled from the data, and the runs (template x parameters)
that make its pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import dates
from .load import Dataset
from .params import Settled, settle
from .project import Project
from .templates import EACH, Template, book_templates

STAGED_DATA = "../data"  # the data as the notebooks see it: a copy beside the book's pages


@dataclass(frozen=True)
class Run:
    """One execution of a template with its parameters, making one page."""

    template: Template
    page: str
    parameters: dict = field(hash=False)
    title: str  # the page's title: the template's heading, or one made from the run's value


@dataclass(frozen=True)
class Plan:
    """What a build makes: the book's settled parameters and title, and its runs in reading order."""

    settled: Settled
    title: str
    runs: tuple[Run, ...]


def page_title(each: str, value: str) -> str:
    """The title of the page a template makes for one value of its `each` parameter."""
    if each == "focus_date":
        return f"On {dates.label(value)}"
    return value


def plan(project: Project, ds: Dataset, given: dict) -> Plan:
    """Settle the parameters from the data (ParamError names a bad one) and list every run."""
    settled = settle(ds, {k: v for k, v in given.items() if v not in (None, "", [], ())})
    title = ds.descriptor.get("title") or f"The {settled.body_name}"
    runs = []
    for template in book_templates(project.toc, project.book):
        base = settled.values(template.declared) | {"data_dir": STAGED_DATA}
        if template.each is None:
            runs.append(Run(template, template.stem, base | {"page_id": template.stem}, template.heading))
            continue
        for value in settled.values([EACH[template.each]])[EACH[template.each]]:
            page = f"{template.stem}-{value}"
            parameters = base | {template.each: value, "page_id": page}
            runs.append(Run(template, page, parameters, page_title(template.each, value)))
    return Plan(settled, title, tuple(runs))
