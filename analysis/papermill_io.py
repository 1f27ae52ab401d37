"""A papermill I/O handler that reads MyST Markdown notebooks (jupytext) as notebooks.

Registered in pyproject.toml (entry points `papermill.io`) for local paths that start with
`book/`, `./`, `../` or `/`, so that `papermill --help-notebook book/votes.md` lists a template's
parameters and `papermill book/votes.md out.ipynb -p focus_date 1927-06-20` runs one by hand.
"""

from __future__ import annotations

from papermill.iorw import LocalHandler

TEXT_NOTEBOOKS = (".md",)


class TextNotebookHandler(LocalHandler):
    """Local files; a Markdown notebook is converted to notebook JSON when read."""

    def read(self, path):
        """The notebook JSON of a local file (jupytext for Markdown notebooks)."""
        if str(path).endswith(TEXT_NOTEBOOKS):
            import jupytext
            import nbformat

            return nbformat.writes(jupytext.read(path))
        return super().read(path)


handler = TextNotebookHandler()
