"""The pipeline, step by step: validate, plan, execute, assemble, render, check, publish.

Each step lives in the module named after it; this one runs them in order and stops at the first
that fails, with a message naming what failed. The last good book in the output folder is
replaced only once a new one is complete.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import assemble, cache, checks, citations, render
from .execute import ExecutionError, execute, quiet
from .load import load
from .params import ParamError
from .plan import Plan, plan
from .project import Project
from .publish import publish
from .templates import TemplateError
from .validate import errors, validate


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def check_data(data_dir: Path) -> list:
    """Validate the data; BuildError lists the errors. Returns the warnings."""
    problems = validate(data_dir)
    bad = errors(problems)
    if bad:
        shown = "\n  ".join(str(p) for p in bad[:30])
        more = f"\n  ... and {len(bad) - 30} more" if len(bad) > 30 else ""
        raise BuildError(
            f"{data_dir} does not meet the data contract ({len(bad)} error(s)):\n  {shown}{more}"
        )
    return problems


def make_plan(project: Project, data_dir: Path, given: dict | None = None) -> Plan:
    """Read the data once and plan the book; BuildError names a bad parameter or template."""
    try:
        return plan(project, load(data_dir), given or {})
    except ParamError as exc:
        raise BuildError(exc.for_command_line()) from None
    except TemplateError as exc:
        raise BuildError(str(exc)) from None


def run_all(book: Plan, stage: Path, cache_dir: Path, shared: cache.Inputs, jobs: int) -> list:
    """Execute every run on a pool of worker processes, printing each outcome as it comes."""
    log = stage / "kernels.log"
    failures, outcomes = [], []
    with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=quiet, initargs=(log,)) as pool:
        futures = [pool.submit(execute, run, stage, cache_dir, shared) for run in book.runs]
        for future in futures:
            try:
                outcome = future.result()
            except ExecutionError as exc:
                failures.append(str(exc))
                continue
            outcomes.append(outcome)
            said = "cached" if outcome.cached else f"executed ({outcome.reason})"
            print(f"  {outcome.page:<28} {outcome.seconds:5.1f} s  {said}", flush=True)
    if failures:
        raise BuildError("\n".join(failures))
    return outcomes


def build(
    project: Project,
    data_dir: Path,
    out_dir: Path,
    given: dict | None = None,
    jobs: int = 2,
    work: Path | None = None,
    base_url: str | None = None,
    site: bool = False,
) -> Path:
    """Validate, execute, assemble, render, check and publish the book; BuildError names what failed.

    `given`: page parameters (analysis.params) set by the caller; the rest are settled from the data.
    `base_url`: the book's public address (default: CITATION.cff's url); `site`: the book is an
    edition of a published site (analysis.publish), beside the others.
    """
    began = time.perf_counter()
    project = (project if isinstance(project, Project) else Project(project)).check()
    data_dir = Path(data_dir)
    for problem in check_data(data_dir):
        print(problem)
    book = make_plan(project, data_dir, given)
    for template, reason in book.left_out:
        print(f"left out {template.source}: {reason}")
    s = book.settled
    work = Path(work) if work else project.work
    cache_dir, stage = work / "cache", work / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    shared = cache.inputs(project, data_dir)
    facts = citations.book_facts(project, book.title, shared.data, base_url=base_url, site=site)
    assemble.stage_sources(project, stage, book, facts, data_dir, cache_dir)
    print(
        f"book: {book.title} — {s.body_name} ({s.body}), {s.period_start} to {s.period_end}, "
        f"{len(book.runs)} pages ({len(s.snapshot_dates)} dates)",
        flush=True,
    )
    outcomes = run_all(book, stage, cache_dir, shared, jobs)
    assemble.finish_pages(stage, book, facts, cache_dir, jobs)
    try:
        html = render.jupyter_book(stage)
    except render.RenderError as exc:
        raise BuildError(str(exc)) from None
    broken = checks.broken_links(html)
    if broken:
        raise BuildError("broken links in the built book:\n  " + "\n  ".join(broken[:30]))
    remote = checks.external_references(html)
    if remote:
        raise BuildError("the book would load files from the network:\n  " + "\n  ".join(remote[:30]))
    leaks = checks.machine_paths(html, [project.root, work, data_dir, stage])
    if leaks:
        raise BuildError("the book names folders of this machine:\n  " + "\n  ".join(leaks[:30]))
    publish(html, Path(out_dir))
    executed = sum(not o.cached for o in outcomes)
    print(
        f"built {len(list(Path(out_dir).rglob('*.html')))} HTML pages into {out_dir} in "
        f"{time.perf_counter() - began:.0f} s ({executed} executed, {len(outcomes) - executed} cached)"
    )
    return Path(out_dir)
