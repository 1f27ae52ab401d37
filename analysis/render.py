"""Rendering the stage into HTML with jupyter-book, strictly (-W -n --keep-going)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


class RenderError(Exception):
    """jupyter-book failed or warned; the message quotes its warnings and names its log."""


def jupyter_book(stage: Path) -> Path:
    """Build the stage's book into stage/_build/html; returns that folder."""
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
        raise RenderError(f"jupyter-book build failed (log: {log}):\n  {shown}")
    return stage / "_build" / "html"
