"""A figure's files for download (SVG, PNG, PDF), each with its source line under the chart: the
book, its edition, the licence and the figure's address, as a picture pasted into an article or a
slide keeps where it came from.

They name the edition and the address, which change with a release, not with the page's code, so
the site's assembly makes them (not the page's execution), from the chart's Vega-Lite spec, and keeps
them in the build's cache under a hash of the spec and the source line.
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path

from .cards import without_links

FORMATS = ("svg", "png", "pdf")
_TOP = ("$schema", "config", "datasets", "background", "padding", "usermeta")
LICENCES = {"CC-BY-4.0": "CC BY 4.0", "CC0-1.0": "CC0 1.0", "CC-BY-SA-4.0": "CC BY-SA 4.0"}


def source_lines(facts, page: str, card: dict) -> list[str]:
    """What a downloaded figure says of itself, in two short lines."""
    edition = f", edition {facts.version}" if facts.version else ""
    year = f" ({facts.year})" if facts.year else ""
    licence = LICENCES.get(facts.license, facts.license)
    first = f"Source: {facts.authors_text}{year}. {facts.title}{edition}."
    if licence:
        first += f" Licence: {licence}."
    url = facts.page_url(page)
    where = f"{url}#{card['id']}" if url else f"{card['number']} of the page {page}"
    if facts.doi:
        where += f" · doi:{facts.doi}"
    return [first, where]


def with_source(spec: dict, lines: list[str]) -> dict:
    """The chart with a text footer under it (the chart itself unchanged)."""
    chart = without_links(copy.deepcopy(spec))  # a picture or a file leads nowhere
    top = {k: chart.pop(k) for k in _TOP if k in chart}
    chart.pop("description", None)
    footer = {
        "data": {"values": [{}]},
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "top",
            "fontSize": 9,
            "lineHeight": 12,
            "color": "#444444",
            "limit": 0,
        },
        "encoding": {"text": {"value": lines}, "x": {"value": 0}, "y": {"value": 0}},
        "height": 12 * len(lines),
        "width": 10,
        "view": {"stroke": None},
    }
    return {**top, "vconcat": [chart, footer], "spacing": 8}


def render(spec: dict) -> dict[str, bytes]:
    """The chart as SVG, PNG (twice the pixels) and PDF. The PDF is drawn from the SVG by svglib and
    reportlab in its invariant mode: vl-convert's own PDF numbers its parts in an order that changes
    from run to run, so the same chart would not give the same bytes."""
    import io

    import vl_convert as vlc
    from reportlab import rl_config
    from reportlab.graphics import renderPDF
    from svglib.svglib import svg2rlg

    rl_config.invariant = 1  # no date, no random document id
    svg = vlc.vegalite_to_svg(spec)
    return {
        "svg": svg.encode("utf-8"),
        "png": vlc.vegalite_to_png(spec, scale=2),
        "pdf": renderPDF.drawToString(svg2rlg(io.StringIO(svg))),
    }


def make(folder: Path, card_id: str, lines: list[str], cache: Path) -> None:
    """Write <card_id>.svg, .png and .pdf with their source line into folder (the card's files),
    from <card_id>.vl.json there; from the cache when the spec and the lines were rendered before."""
    spec = json.loads((folder / f"{card_id}.vl.json").read_text(encoding="utf-8"))
    sourced = with_source(spec, lines)
    key = hashlib.sha256(json.dumps(sourced, sort_keys=True).encode()).hexdigest()
    kept = cache / "stills" / key
    if not all((kept / f"chart.{ext}").is_file() for ext in FORMATS):
        kept.mkdir(parents=True, exist_ok=True)
        for ext, content in render(sourced).items():
            (kept / f"chart.{ext}.part").write_bytes(content)
            (kept / f"chart.{ext}.part").replace(kept / f"chart.{ext}")
    for ext in FORMATS:
        shutil.copyfile(kept / f"chart.{ext}", folder / f"{card_id}.{ext}")


def make_all(jobs: list[tuple[Path, str, list[str]]], cache: Path, workers: int = 2) -> int:
    """Render every figure's files, on a pool of processes; returns how many figures. The workers
    are spawned, not forked: a process that has rendered a chart holds vl-convert's threads, and a
    fork of it can hang."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if not jobs:
        return 0
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=spawn) as pool:
        folders, ids, lines = zip(*jobs, strict=True)
        list(pool.map(make, folders, ids, lines, [cache] * len(jobs)))
    return len(jobs)
