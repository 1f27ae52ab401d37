"""A Sphinx extension the book's configuration loads (_config.yml, sphinx.extra_extensions): what
the themes give that a reader of this book does not need, or needs done differently.

- no Thebe: the book runs no code in the browser, and sphinx-thebe's inline script is added twice
  (a page error on every page: `THEBE_JS_URL` declared twice) and names a CDN;
- the sidebar's expand/collapse toggles get an accessible name (axe: summary-name);
- the light or dark mode starts as "auto" (the book theme leaves it empty, and the page logs an
  error on a reader's first visit);
- the page title of the print header is escaped: sphinx-book-theme puts the title's plain text
  there unescaped, so a title made from data (a person's name) could inject markup.
"""

from __future__ import annotations

import html

from markupsafe import Markup

TOGGLE = '<summary><span class="toctree-toggle"'
NAMED_TOGGLE = '<summary aria-label="Show or hide the pages of this section"><span class="toctree-toggle"'


def _page(app, pagename, templatename, context, doctree) -> None:
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    if isinstance(context.get("pagetitle"), str) and not isinstance(context["pagetitle"], Markup):
        context["pagetitle"] = Markup(html.escape(context["pagetitle"]))
    _without_thebe(context)
    _named_toggles(context)


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
    app.connect("html-page-context", _page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
