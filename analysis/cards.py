"""Figure and table cards: the chart or table, a numbered caption, a stable id, downloads, a citation.

A chapter makes one `Page`; each `page.figure(...)` or `page.table(...)` writes its files under
`_static/figures/<page>/` of the book and returns an HTML display. All data is escaped: names and
notes may hold any text.

A card's citation and provenance name facts that change with every commit or release (version,
commit, address, authors). They are not written when the notebook runs, so that an executed page
can be cached: the card leaves a placeholder, and lists itself in `cards.json` beside its files;
the site's assembly (analysis.citations) fills the placeholder in.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import vl_convert as vlc

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MANIFEST = "cards.json"
LONG_TABLE = 15  # rows above which a table is searchable, sortable and paged in the browser


class HTML:
    """An HTML fragment that Jupyter and myst-nb display as is."""

    def __init__(self, text: str):
        self.data = text

    def _repr_html_(self) -> str:
        return self.data


def _json_for_script(obj) -> str:
    """JSON that is safe inside an HTML <script> element."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Cell:
    """A table cell with more than text: a link, a sort key (ISO dates sort as dates), or HTML
    that is already safe (made by the package from escaped parts)."""

    def __init__(self, text, href: str | None = None, sort=None, html_: str | None = None):
        self.text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
        self.href, self.sort, self.html = href, sort, html_

    def __str__(self) -> str:
        return self.text

    def render(self) -> str:
        """The cell's content as HTML."""
        if self.html is not None:
            return self.html
        text = html.escape(self.text)
        return f'<a href="{html.escape(self.href)}">{text}</a>' if self.href else text


def _cell(value) -> tuple[str, str]:
    if isinstance(value, Cell):
        order = "" if value.sort is None else f' data-order="{html.escape(str(value.sort))}"'
        return value.render(), order
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "", ""
    return html.escape(str(value)), ""


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame with every Cell replaced by its text, for a CSV."""
    return frame.map(lambda v: v.text if isinstance(v, Cell) else v)


def table_html(frame: pd.DataFrame, long: bool = False) -> str:
    """A frame as an HTML table, every value escaped; `long` marks it for search and sorting."""
    classes = "card-table table" + (" card-datatable" if long else "")
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = "".join(f"<td{order}>{content}</td>" for content, order in map(_cell, values))
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="{classes}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def placeholder(item_id: str) -> str:
    """Where a card's citation goes, until the site's assembly fills it in."""
    return f'<div class="card-cite" data-card="{item_id}"></div>'


class Page:
    """The cards of one page of the book, numbered in order."""

    def __init__(self, page_id: str, root: str | Path = ".."):
        """A page of the book; `root` is the book's root seen from the notebook (pages live in book/)."""
        if not ID_RE.match(page_id):
            raise ValueError(f"page id {page_id!r}: use lowercase letters, digits and hyphens")
        self.page_id = page_id
        self.rel = f"_static/figures/{page_id}"
        self.dir = Path(root) / self.rel
        self.dir.mkdir(parents=True, exist_ok=True)
        self.counts = {"Figure": 0, "Table": 0}
        self.cards: list[dict] = []
        self._save()

    # --- the two kinds of card -----------------------------------------------------------------

    def figure(self, chart, fig_id: str, caption: str, data: pd.DataFrame) -> HTML:
        """Write the chart as SVG, PNG, Vega-Lite JSON and CSV; return its card."""
        self._check(fig_id)
        spec = chart.to_dict()
        spec["description"] = describe(spec)  # the chart's text alternative, for screen readers
        still = without_links(spec)  # a file or a picture leads nowhere: the live chart links pages
        svg = vlc.vegalite_to_svg(still)
        # The SVG, PNG and PDF for download are made when the site is assembled, with their source
        # line (analysis.stills); the spec they are made from is the one without links.
        files = {
            "vl.json": (json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(),
            "csv": data.to_csv(index=False, lineterminator="\n").encode("utf-8"),
        }
        self._write(fig_id, files)
        number = self._number("Figure")
        alt_text = html.escape(spec["description"])
        live = (
            f'<div class="card-live" id="{fig_id}-live" data-spec="{fig_id}-spec"></div>'
            f'<script type="application/json" id="{fig_id}-spec">{_json_for_script(spec)}</script>'
        )
        static = (
            f'<div class="card-static" role="img" aria-label="{alt_text}">{_strip_xml_header(svg)}</div>'
            f'<p class="card-alt visually-hidden">{alt_text}</p>'
        )
        labels = [
            ("png", "PNG"),
            ("svg", "SVG"),
            ("pdf", "PDF"),
            ("vl.json", "Vega-Lite JSON"),
            ("csv", "data (CSV)"),
        ]
        return self._card("figure", fig_id, number, caption, static + live, labels)

    def table(
        self,
        frame: pd.DataFrame,
        table_id: str,
        caption: str,
        data: pd.DataFrame | None = None,
    ) -> HTML:
        """The whole table, escaped (a `Cell` may carry a link or a sort key), and its CSV (or the
        fuller `data` behind it). A long table can be searched and sorted in the browser."""
        self._check(table_id)
        full = plain(frame) if data is None else data
        self._write(table_id, {"csv": full.to_csv(index=False, lineterminator="\n").encode("utf-8")})
        number = self._number("Table")
        body = table_html(frame, long=len(frame) > LONG_TABLE)
        return self._card(
            "table",
            table_id,
            number,
            caption,
            f'<div class="card-scroll">{body}</div>',
            [("csv", "data (CSV)")],
        )

    # --- shared parts --------------------------------------------------------------------------

    def _check(self, item_id: str) -> None:
        if not ID_RE.match(item_id):
            raise ValueError(f"id {item_id!r}: use lowercase letters, digits and hyphens")

    def _number(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind} {self.counts[kind]}"

    def _write(self, item_id: str, files: dict[str, bytes]) -> None:
        for ext, content in files.items():
            (self.dir / f"{item_id}.{ext}").write_bytes(content)

    def _card(self, kind: str, item_id: str, number: str, caption: str, content: str, labels) -> HTML:
        e = html.escape
        links = " · ".join(
            f'<a href="{e(self.link(item_id, ext))}" download>{label}</a>' for ext, label in labels
        )
        self.cards.append(
            {
                "id": item_id,
                "kind": kind,
                "number": number,
                "caption": caption,
                "files": {ext: f"{self.rel}/{item_id}.{ext}" for ext, _ in labels},
            }
        )
        self._save()
        text = (
            f'<figure class="card card-{kind}" id="{item_id}">'
            f'<figcaption><span class="card-number">{e(number)}.</span> {e(caption)} '
            f'<a class="card-anchor" href="#{item_id}" title="Link to this {kind}">¶</a></figcaption>'
            f"{content}"
            f'<p class="card-downloads">Download: {links}</p>'
            f"{placeholder(item_id)}"
            "</figure>"
        )
        return HTML(text)

    def _save(self) -> None:
        manifest = {"page": self.page_id, "cards": self.cards}
        text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        (self.dir / MANIFEST).write_text(text, encoding="utf-8")

    def attach(self, filename: str, content: bytes) -> str:
        """Write a file for readers to download beside the page's cards; returns the link to it."""
        if "/" in filename or filename.startswith("."):
            raise ValueError(f"{filename!r}: a plain file name")
        (self.dir / filename).write_bytes(content)
        return f"../{self.rel}/{filename}"

    def link(self, item_id: str, ext: str) -> str:
        """The link from this page (book/<page>.html) to one of the card's files."""
        return f"../{self.rel}/{item_id}.{ext}"


def _values(spec: dict) -> list[dict]:
    """The rows a spec draws (altair keeps them in `datasets`)."""
    rows = []
    for value in (spec.get("datasets") or {}).values():
        rows += value
    return rows or (spec.get("data") or {}).get("values", [])


def _encodings(spec: dict) -> dict:
    found = {}
    for part in [spec, *spec.get("layer", [])]:
        for channel, enc in (part.get("encoding") or {}).items():
            if isinstance(enc, dict) and "field" in enc and channel not in found:
                found[channel] = enc
    return found


def _titles(spec: dict) -> dict[str, str]:
    """The words a chart's tooltips give its fields."""
    titles = {}
    for part in [spec, *spec.get("layer", [])]:
        tips = (part.get("encoding") or {}).get("tooltip") or []
        for tip in tips if isinstance(tips, list) else [tips]:
            if isinstance(tip, dict) and tip.get("title") and tip.get("field"):
                titles.setdefault(tip["field"], tip["title"])
    return titles


def _word(value) -> str:
    """A value for the text alternative: an ISO date in words."""
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        from .dates import label

        return label(value)
    return str(value)


def describe(spec: dict) -> str:
    """A chart in words, made from its spec and its data: what it draws, along which axes, over which
    values. The screen reader's text alternative of a card's chart."""
    title = spec.get("title") or ""
    title = title.get("text", "") if isinstance(title, dict) else title
    marks = [spec["mark"]] if spec.get("mark") else []
    marks += [p["mark"] for p in spec.get("layer", []) if p.get("mark")]
    marks = [m.get("type") if isinstance(m, dict) else m for m in marks]
    rows = _values(spec)
    titles = _titles(spec)
    said = [f"{title}: a chart of {len(rows)} rows drawn as {', '.join(dict.fromkeys(marks))}."]
    words = {
        "x": "across",
        "y": "down",
        "color": "coloured by",
        "xOffset": "grouped by",
        "opacity": "shaded by",
    }
    for channel, enc in _encodings(spec).items():
        if channel not in words:
            continue
        field, kind = enc["field"], enc.get("type", "")
        name = (
            enc.get("title")
            or titles.get(field)
            or ("dates" if kind == "temporal" else field.replace("_", " "))
        )
        values = [r.get(field) for r in rows if r.get(field) is not None and r.get(field) == r.get(field)]
        if not values:
            continue
        if kind in ("quantitative", "temporal"):
            low, high = (_word(v) for v in (min(values), max(values)))
            span = f"from {low} to {high}"
        else:
            distinct = list(dict.fromkeys(str(v) for v in values))
            span = (
                ", ".join(distinct)
                if len(distinct) <= 6
                else f"{len(distinct)} values: {', '.join(distinct[:3])} …"
            )
        said.append(f"{words[channel].capitalize()}: {name} ({span}).")
    return " ".join(said)


def without_links(spec):
    """A chart's spec without its `href` encodings, for the static SVG and PNG."""
    if isinstance(spec, dict):
        return {k: without_links(v) for k, v in spec.items() if k != "href"}
    if isinstance(spec, list):
        return [without_links(v) for v in spec]
    return spec


def _strip_xml_header(svg: str) -> str:
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)
