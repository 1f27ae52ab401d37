"""The pipeline: validate, plan, execute the chapters with papermill, build the book, publish.

A failed validation, notebook, Sphinx warning or broken link stops the build with a message that
names what failed; the last good book in --out is replaced only once a new one is complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from . import queries
from .dates import label, to_day
from .load import coverage, data_fingerprint, load
from .paths import BOOK, BUILD, ROOT
from .validate import errors, validate

# The chapters in reading order: template stem -> page name(s). "snapshot" runs once per date.
CHAPTERS = ("index", "dataset", "coverage", "membership", "snapshots", "roles", "votes", "alignments")
SNAPSHOT_TEMPLATE = "snapshot"
STATIC = ("_config.yml", "_toc.yml", "CITATION.cff", "_static")


class BuildError(Exception):
    """A build step failed; the message says which and why."""


@dataclass
class Run:
    """One execution of a template notebook with its parameters, making one page."""

    template: str
    page: str
    parameters: dict = field(default_factory=dict)
    title: str = ""  # replaces the template's first heading (the pages of one template differ)

    def key(self, fingerprint: str, book_dir: Path = BOOK) -> str:
        """A hash of everything the page depends on, for the execution cache."""
        digest = hashlib.sha256()
        digest.update((book_dir / f"{self.template}.md").read_bytes())
        digest.update(json.dumps([self.parameters, self.title], sort_keys=True).encode())
        digest.update(fingerprint.encode())
        for path in sorted((ROOT / "analysis").glob("*.py")):
            digest.update(path.read_bytes())
        digest.update((ROOT / "requirements.lock").read_bytes())
        return digest.hexdigest()[:32]


def plan(data_dir: Path, body=None, start=None, end=None, snapshot_dates=None) -> tuple[dict, list[Run]]:
    """The book's settings (from the data unless given) and the notebook runs that make it."""
    ds = load(data_dir)
    try:
        cov = coverage(ds, body)
    except ValueError as exc:
        raise BuildError(f"--body: {exc}") from None
    body = cov["body_id"]
    if not cov["start"]:
        raise BuildError(f"body {body!r} has no memberships or votes to build a book from")
    start, end = start or cov["start"], end or cov["end"]
    days = snapshot_dates or queries.default_snapshot_days(ds, body, start, end)
    for name, value in [("--start", start), ("--end", end)] + [("--dates", d) for d in days]:
        try:
            to_day(value)
        except ValueError as exc:
            raise BuildError(f"{name}: {exc}") from None
    settings = {
        "data_dir": str(Path(data_dir).resolve()),
        "body": body,
        "body_name": cov["body_name"],
        "period_start": start,
        "period_end": end,
        "snapshot_dates": list(days),
        "title": ds.descriptor.get("title") or f"The {cov['body_name']}",
    }
    common = {
        "data_dir": settings["data_dir"],
        "body": body,
        "period_start": start,
        "period_end": end,
        "book_root": "..",
    }
    focus = days[len(days) // 2] if days else start
    runs = []
    for stem in CHAPTERS:
        extra = {"focus_date": focus}
        if stem == "snapshots":
            extra["snapshot_dates"] = list(days)
        runs.append(Run(stem, stem, common | extra))
    for day in days:
        runs.append(
            Run(SNAPSHOT_TEMPLATE, f"snapshot-{day}", common | {"focus_date": day}, title=f"On {label(day)}")
        )
    return settings, runs


def execute(
    run: Run, stage: Path, cache: Path, fingerprint: str, book_dir: Path = BOOK
) -> tuple[str, bool, float]:
    """Execute one run into the stage (or copy it from the cache); returns page, cached, seconds."""
    import jupytext
    import nbformat
    import papermill

    began = time.perf_counter()
    key = run.key(fingerprint, book_dir)
    hit = cache / key
    target = stage / "book" / f"{run.page}.ipynb"
    figures = stage / "_static" / "figures" / run.page
    if (hit / "page.ipynb").is_file():
        shutil.copy2(hit / "page.ipynb", target)
        if (hit / "figures").is_dir():
            shutil.copytree(hit / "figures", figures, dirs_exist_ok=True)
        return run.page, True, time.perf_counter() - began
    notebook = jupytext.read(book_dir / f"{run.template}.md")
    source = stage / "book" / f"_{run.page}.source.ipynb"
    nbformat.write(notebook, source)
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=run.parameters | {"page_id": run.page},
            cwd=str(stage / "book"),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except papermill.PapermillExecutionError as exc:
        raise BuildError(
            f"notebook book/{run.template}.md (page {run.page}) failed in cell {exc.exec_count}: "
            f"{exc.ename}: {exc.evalue}. The executed copy with the traceback is {target}"
        ) from None
    finally:
        source.unlink(missing_ok=True)
    tidy(target, run.title)
    tmp = cache / f".{key}.tmp{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    shutil.copy2(target, tmp / "page.ipynb")
    if figures.is_dir():
        shutil.copytree(figures, tmp / "figures")
    shutil.rmtree(hit, ignore_errors=True)
    tmp.rename(hit)
    return run.page, False, time.perf_counter() - began


def _quiet(log: Path) -> None:
    """Send a worker's stderr (and so its kernels' chatter) to a log: failures are raised, not printed."""
    handle = open(log, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the worker
    os.dup2(handle.fileno(), 2)


def tidy(path: Path, title: str = "") -> None:
    """Make an executed notebook deterministic and readable: no timings, parameters folded."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    if title:
        first = next(c for c in nb.cells if c.cell_type == "markdown")
        first.source = re.sub(r"^# .*$", lambda m: "# " + title, first.source, count=1, flags=re.M)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "parameters" in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
        if "injected-parameters" in tags:
            cell.metadata["tags"] = tags + ["hide-input"]
            cell.source = "# Parameters of this page, injected by the build\n" + cell.source
    nbformat.write(nb, path)


def build_info(settings: dict, fingerprint: str) -> dict:
    """Citation facts for the cards, from CITATION.cff, git and the data."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    names = []
    for a in cff.get("authors", []):
        names.append(a.get("name") or " ".join(x for x in (a.get("given-names"), a.get("family-names")) if x))
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {
        "title": settings["title"],
        "authors": ", ".join(names),
        "version": cff.get("version", ""),
        "year": str(cff.get("date-released", ""))[:4],
        "base_url": cff.get("url", ""),
        "commit": commit,
        "data_fingerprint": fingerprint,
        "data_dir": settings["data_dir"],
        "body": settings["body"],
        "period": [settings["period_start"], settings["period_end"]],
    }


def stage_book(stage: Path, settings: dict, info: dict, cache: Path) -> None:
    """Lay out the book's sources in the stage: config, toc, static files, the vega bundle."""
    for name in STATIC:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, stage / name, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy2(source, stage / name)
    (stage / "book").mkdir(exist_ok=True)
    config = yaml.safe_load((stage / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = settings["title"]
    (stage / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    (stage / "_build_info.json").write_text(json.dumps(info, indent=2, ensure_ascii=False))
    bundle = vega_bundle(cache)
    shutil.copy2(bundle, stage / "_static" / "vega-bundle.js")


def vega_bundle(cache: Path) -> Path:
    """Vega, Vega-Lite and vega-embed in one script for _static, made once per version."""
    import altair as alt
    import vl_convert as vlc

    path = cache / f"vega-bundle-{vlc.__version__}-{alt.VEGALITE_VERSION}.js"
    if not path.is_file():
        vl = "v" + "_".join(alt.VEGALITE_VERSION.split(".")[:2])
        text = "(function(){\n" + vlc.javascript_bundle(vl_version=vl) + "\n})();\n"
        text += (
            f'var VEGA_DEBUG = (typeof VEGA_DEBUG == "undefined") ? {{}} : VEGA_DEBUG;\n'
            f'VEGA_DEBUG.VEGA_VERSION = "{alt.VEGA_VERSION}"; '
            f'VEGA_DEBUG.VEGALITE_VERSION = "{alt.VEGALITE_VERSION}"; '
            f'VEGA_DEBUG.VEGAEMBED_VERSION = "{alt.VEGAEMBED_VERSION}";\n'
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.rename(path)
    return path


def sphinx(stage: Path) -> Path:
    """Run jupyter-book strictly (-W -n --keep-going) on the stage; returns the HTML folder."""
    cmd = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(stage),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True)
    log = stage / "jupyter-book.log"
    log.write_text(done.stdout + "\n" + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        lines = [
            re.sub(r"\x1b\[[0-9;]*m", "", ln)
            for ln in (done.stdout + done.stderr).splitlines()
            if re.search(r"WARNING|ERROR|Error|error:", ln)
        ]
        shown = "\n  ".join(lines[:20]) or (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise BuildError(f"jupyter-book build failed (log: {log}):\n  {shown}")
    return stage / "_build" / "html"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def broken_links(html_dir: Path) -> list[str]:
    """Local links and anchors in the HTML that lead nowhere."""
    pages = {}
    for path in html_dir.rglob("*.html"):
        if "_static" in path.relative_to(html_dir).parts:
            continue  # the themes' own templates, not pages
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken = []
    for path, parser in sorted(pages.items()):
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:", "javascript:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(html_dir)}: {link}")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{path.relative_to(html_dir)}: {link} (no such anchor)")
    return broken


def external_references(html_dir: Path) -> list[str]:
    """Scripts, styles, fonts and images the book would load from the network."""
    found = []
    pattern = re.compile(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["'](https?:)?//""", re.I)
    for path in sorted(html_dir.rglob("*.html")):
        if "_static" in path.relative_to(html_dir).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for m in pattern.finditer(text):
            tag = text[m.start() : m.start() + 160]
            if 'rel="canonical"' not in tag:
                found.append(f"{path.relative_to(html_dir)}: {tag.splitlines()[0]}")
    return found


def publish(new: Path, out: Path) -> None:
    """Replace out with new by renames, so that out is always a whole book."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    landing = out.parent / f".{out.name}.new"
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(landing, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(new, landing)
    if out.exists():
        out.rename(old)
    landing.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def build(
    data_dir: Path,
    out_dir: Path,
    body=None,
    start=None,
    end=None,
    snapshot_dates=None,
    jobs: int = 2,
    work: Path | None = None,
    book_dir: Path = BOOK,
) -> Path:
    """Validate, execute, build and publish the book; raises BuildError naming what failed."""
    began = time.perf_counter()
    data_dir = Path(data_dir)
    problems = validate(data_dir)
    bad = errors(problems)
    if bad:
        shown = "\n  ".join(str(p) for p in bad[:30])
        more = f"\n  ... and {len(bad) - 30} more" if len(bad) > 30 else ""
        raise BuildError(
            f"{data_dir} does not meet the data contract ({len(bad)} error(s)):\n  {shown}{more}"
        )
    for p in problems:
        print(p)
    settings, runs = plan(data_dir, body, start, end, snapshot_dates)
    fingerprint = data_fingerprint(data_dir)
    work = Path(work) if work else BUILD
    cache = work / "cache"
    stage = work / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    stage_book(stage, settings, build_info(settings, fingerprint), cache)
    print(
        f"book: {settings['title']} — body {settings['body']}, {settings['period_start']} to "
        f"{settings['period_end']}, {len(runs)} pages ({len(settings['snapshot_dates'])} dates)"
    )
    kernel_log = stage / "kernels.log"
    with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_quiet, initargs=(kernel_log,)) as pool:
        futures = [pool.submit(execute, run, stage, cache, fingerprint, Path(book_dir)) for run in runs]
        failures = []
        for future in futures:
            try:
                page, cached, seconds = future.result()
                print(f"  {page:<28} {'cached' if cached else 'executed'} {seconds:5.1f} s")
            except BuildError as exc:
                failures.append(str(exc))
    if failures:
        raise BuildError("\n".join(failures))
    html = sphinx(stage)
    broken = broken_links(html)
    if broken:
        raise BuildError("broken links in the built book:\n  " + "\n  ".join(broken[:30]))
    remote = external_references(html)
    if remote:
        raise BuildError("the book would load files from the network:\n  " + "\n  ".join(remote[:30]))
    publish(html, Path(out_dir))
    print(
        f"built {len(list(Path(out_dir).rglob('*.html')))} HTML pages into {out_dir} "
        f"in {time.perf_counter() - began:.0f} s"
    )
    return Path(out_dir)


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
