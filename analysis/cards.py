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
        svg = vlc.vegalite_to_svg(spec)
        files = {
            "svg": svg.encode("utf-8"),
            "png": vlc.vegalite_to_png(spec, scale=2),
            "vl.json": (json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode(),
            "csv": data.to_csv(index=False, lineterminator="\n").encode("utf-8"),
        }
        self._write(fig_id, files)
        number = self._number("Figure")
        live = (
            f'<div class="card-live" id="{fig_id}-live"></div>'
            f'<script type="application/json" id="{fig_id}-spec">{_json_for_script(spec)}</script>'
            "<script>(function(){"
            f'var el=document.getElementById("{fig_id}-live");'
            "if(!window.vegaEmbed){return;}"
            f'var spec=JSON.parse(document.getElementById("{fig_id}-spec").textContent);'
            'window.vegaEmbed(el,spec,{actions:false,renderer:"svg"}).then(function(){'
            'el.parentNode.querySelector(".card-static").style.display="none";})'
            ".catch(function(e){console.error(e);});})();</script>"
        )
        static = f'<div class="card-static">{_strip_xml_header(svg)}</div>'
        labels = [
            ("svg", "SVG"),
            ("png", "PNG"),
            ("vl.json", "Vega-Lite JSON"),
            ("csv", "data (CSV)"),
        ]
        return self._card("figure", fig_id, number, caption, static + live, labels)

    def table(
        self,
        frame: pd.DataFrame,
        table_id: str,
        caption: str,
        max_rows: int | None = None,
        data: pd.DataFrame | None = None,
    ) -> HTML:
        """Write the table (or the fuller `data` behind it) as CSV; return its card, escaped."""
        self._check(table_id)
        full = frame if data is None else data
        self._write(table_id, {"csv": full.to_csv(index=False, lineterminator="\n").encode("utf-8")})
        number = self._number("Table")
        shown = frame if max_rows is None else frame.head(max_rows)
        body = shown.to_html(index=False, escape=True, na_rep="", border=0, classes=["card-table", "table"])
        more = ""
        if max_rows is not None and len(frame) > max_rows:
            more = f'<p class="card-more">First {max_rows} of {len(frame)} rows; the CSV has all.</p>'
        return self._card(
            "table",
            table_id,
            number,
            caption,
            f'<div class="card-scroll">{body}</div>{more}',
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

    def link(self, item_id: str, ext: str) -> str:
        """The link from this page (book/<page>.html) to one of the card's files."""
        return f"../{self.rel}/{item_id}.{ext}"


def _strip_xml_header(svg: str) -> str:
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)
