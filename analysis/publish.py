"""Publishing a built book: the output folder is replaced by renames, so it always holds a whole
book, and a failed build never touches it."""

from __future__ import annotations

import shutil
from pathlib import Path


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
