"""A Sphinx extension the book's configuration loads (_config.yml, sphinx.extra_extensions): what
the themes give that a reader of this book does not need, or needs done differently.

- no Thebe: the book runs no code in the browser, and sphinx-thebe's inline script is added twice
  (a page error on every page: `THEBE_JS_URL` declared twice) and names a CDN;
- the sidebar's expand/collapse toggles get an accessible name (axe: summary-name);
- the light or dark mode starts as "auto" (the book theme leaves it empty, and the page logs an
  error on a reader's first visit);
- the page title of the print header is escaped: sphinx-book-theme puts the title's plain text
  there unescaped, so a title made from data (a person's name) could inject markup;
- every page carries the citation_* meta tags of its edition, and a line naming its edition (with
  the latest edition, how to cite, and its source when the repository is set); the dataset chapter
  carries the data's schema.org description (analysis.metadata).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from markupsafe import Markup

from . import metadata

TOGGLE = '<summary><span class="toctree-toggle"'
NAMED_TOGGLE = '<summary aria-label="Show or hide the pages of this section"><span class="toctree-toggle"'


def _page(app, pagename, templatename, context, doctree) -> None:
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    if isinstance(context.get("pagetitle"), str) and not isinstance(context["pagetitle"], Markup):
        context["pagetitle"] = Markup(html.escape(context["pagetitle"]))
    _without_thebe(context)
    _named_toggles(context)
    _edition(app, pagename, context)


def _plain(title) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(title or ""))).strip()


def _edition(app, pagename, context) -> None:
    facts = app.config.compendium
    if not facts or "body" not in context:
        return
    root = "../" * pagename.count("/")
    head = [metadata.meta_tags(facts, _plain(context.get("title")), pagename)]
    if facts.get("site"):
        head.append(f'<meta name="compendium-site" content="{html.escape(root)}../" />')
    if pagename == "book/dataset":
        head.append(metadata.jsonld_script(_dataset(app, facts)))
    context["metatags"] = Markup(str(context.get("metatags", "")) + "\n" + "\n".join(head))
    source = app.config.compendium_pages.get(pagename, "")
    line = metadata.edition_line(facts, pagename, root, source)
    context["body"] = Markup(line + str(context["body"]))


def _dataset(app, facts) -> dict:
    """The data's schema.org description: the zip and each table, as the dataset chapter offers them."""
    src = Path(app.srcdir)
    descriptor = json.loads((src / "data" / "datapackage.json").read_text(encoding="utf-8"))
    folder = src / "_static" / "figures" / "dataset"
    files = [(p.name, f"_static/figures/dataset/{p.name}") for p in sorted(folder.glob("*.zip"))]
    for resource in descriptor.get("resources", []):
        name = Path(resource["path"]).name
        if (folder / name).is_file():
            files.append((name, f"_static/figures/dataset/{name}"))
    return metadata.dataset_jsonld(facts, descriptor, files, app.config.compendium_period)


def _without_thebe(context) -> None:
    scripts = context.get("script_files")
    if scripts is not None:
        scripts[:] = [
            js
            for js in scripts
            if "THEBE" not in str(getattr(js, "attributes", {}).get("body", ""))
            and not str(getattr(js, "filename", "") or "").endswith("sphinx-thebe.js")
            and "thebe" not in str(getattr(js, "filename", "") or "")
        ]


def _named_toggles(context) -> None:
    toctree = context.get("generate_toctree_html")
    if toctree is not None and not getattr(toctree, "_named_toggles", False):

        def named(*args, **kwargs):
            html = toctree(*args, **kwargs)
            return Markup(str(html).replace(TOGGLE, NAMED_TOGGLE))

        named._named_toggles = True
        context["generate_toctree_html"] = named


def setup(app):
    """Register the handlers (after the themes' own)."""
    app.add_config_value("compendium", {}, "html")  # analysis.citations.BookFacts.as_config()
    app.add_config_value("compendium_pages", {}, "html")
    app.add_config_value(
        "compendium_period", "", "html"
    )  # the book's period, start/end  # page name -> the file it is made from
    app.connect("html-page-context", _page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
