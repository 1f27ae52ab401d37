"""Executing one run: papermill runs the template with its parameters in a fresh kernel, or the
page comes from the cache; the executed notebook is tidied for readers."""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .cache import Cache, Inputs, digests
from .plan import Run


class ExecutionError(Exception):
    """A notebook failed; the message names the template, the page, the cell and the error."""


@dataclass(frozen=True)
class Outcome:
    """What became of one run."""

    page: str
    cached: bool
    reason: str  # why it executed ("" when cached)
    seconds: float


KERNEL_STARTS = 3  # attempts at starting a page's kernel
KERNEL_START_FAILURES = ("before replying to kernel_info", "Kernel didn't respond")


def execute(run: Run, stage: Path, cache_dir: Path, shared: Inputs) -> Outcome:
    """Execute one run into the stage (or copy it from the cache)."""
    import papermill

    began = time.perf_counter()
    cache = Cache(cache_dir)
    parts = digests(run, shared)
    target = stage / run.folder / f"{run.page}.ipynb"
    figures = stage / "_static" / "figures" / run.page
    hit = cache.hit(parts)
    if hit:
        shutil.copy2(hit / "page.ipynb", target)
        if (hit / "figures").is_dir():
            shutil.copytree(hit / "figures", figures, dirs_exist_ok=True)
        cache.remember(run.page, parts)
        return Outcome(run.page, True, "", time.perf_counter() - began)
    reason = cache.why(run.page, parts)
    for attempt in range(1, KERNEL_STARTS + 1):
        try:
            papermill.execute_notebook(
                run.template.read(),
                str(target),
                parameters=run.parameters,
                cwd=str(stage / run.folder),
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
            )
            break
        except papermill.PapermillExecutionError as exc:
            raise ExecutionError(
                f"notebook {run.template.source} (page {run.page}) failed in cell {exc.exec_count}: "
                f"{exc.ename}: {exc.evalue}. The executed copy with the traceback is {target}"
            ) from None
        except (RuntimeError, TimeoutError) as exc:
            # a kernel that dies or hangs before it answers ran none of the page's code: start another
            if not any(sign in str(exc) for sign in KERNEL_START_FAILURES):
                raise
            if attempt == KERNEL_STARTS:
                raise ExecutionError(
                    f"notebook {run.template.source} (page {run.page}): its kernel did not start "
                    f"({exc}), {KERNEL_STARTS} times"
                ) from None
            reason += f"; its kernel was started again ({exc})"
    tidy(target, run.title)
    cache.store(run.page, parts, target, figures)
    return Outcome(run.page, False, reason, time.perf_counter() - began)


def quiet(log: Path) -> None:
    """Send a worker's stderr (and so its kernels' chatter) to a log: failures are raised, not printed."""
    handle = open(log, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the worker
    os.dup2(handle.fileno(), 2)


def tidy(path: Path, title: str = "") -> None:
    """Make an executed notebook deterministic and readable: no timings, the page's own title,
    headings made from data as real sections; the parameters stay in the notebook, off the page."""
    import nbformat

    from .present import markdown_text

    nb = nbformat.read(path, as_version=4)
    if title:
        first = next(c for c in nb.cells if c.cell_type == "markdown")
        first.source = re.sub(
            r"^# .*$", lambda m: "# " + markdown_text(title), first.source, count=1, flags=re.M
        )
    nb.metadata.pop("papermill", None)
    nb.cells = split_headings(nb.cells)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "parameters" in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
        if "injected-parameters" in tags:  # kept in the notebook a reader downloads, not on the page
            cell.metadata["tags"] = tags + ["remove-cell"]
    nbformat.write(nb, path)


CONTINUED = "# the outputs go on"  # a code cell myst-nb renders needs a source: hidden by remove-input


def split_headings(cells: list) -> list:
    """Turn each heading a code cell displayed (analysis.present.Heading) into a Markdown cell, so that
    it becomes a section of the page; the outputs after it go on in a code cell of their own."""
    import nbformat

    from .present import HEADING_MIME, markdown_text

    out = []
    for cell in cells:
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        if not any(HEADING_MIME in o.get("data", {}) for o in outputs):
            out.append(cell)
            continue
        current = cell
        current.outputs = []
        out.append(current)
        for output in outputs:
            heading = output.get("data", {}).get(HEADING_MIME)
            if heading is None:
                current.outputs.append(output)
                continue
            text = "#" * heading["level"] + " " + markdown_text(heading["text"])
            if heading.get("label"):
                text = f"({heading['label']})=\n{text}"
            out.append(nbformat.v4.new_markdown_cell(text))
            tags = [t for t in cell.metadata.get("tags", []) if t != "remove-input"] + ["remove-input"]
            current = nbformat.v4.new_code_cell(CONTINUED, metadata={"tags": tags})
            out.append(current)
    return [c for c in out if not (c.cell_type == "code" and c.source == CONTINUED and not c.outputs)]


def recorded(notebook: Path) -> dict:
    """The values a page recorded with myst_nb.glue, read back from its executed notebook."""
    import ast

    import nbformat

    values = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook", {})
            if scrap.get("name"):
                name = scrap["name"]
                text = output["data"].get(scrap.get("mime_prefix", "") + "text/plain", "")
                try:
                    values[name] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    values[name] = text
    return values
