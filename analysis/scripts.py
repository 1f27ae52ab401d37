"""The scripts the book ships inside itself (no CDN): Vega, Vega-Lite and vega-embed for the charts,
and DataTables (as the itables package bundles it) for searching and sorting long tables."""

from __future__ import annotations

import re
from pathlib import Path

EXPORT_RE = re.compile(r"export\s*\{([^}]*)\}\s*;?\s*(/\*.*?\*/\s*)?$", re.S)  # then its licences


def vega_bundle(cache: Path) -> Path:
    """The charts' script, made once per version of vl-convert and Vega-Lite and kept in cache.

    altair's html output uses the global `vegaEmbed` when `VEGA_DEBUG` names the versions it wants.
    """
    import altair as alt
    import vl_convert as vlc

    path = Path(cache) / f"vega-bundle-{vlc.__version__}-{alt.VEGALITE_VERSION}.js"
    if not path.is_file():
        vl = "v" + "_".join(alt.VEGALITE_VERSION.split(".")[:2])
        text = "(function(){\n" + vlc.javascript_bundle(vl_version=vl) + "\n})();\n"
        text += (
            f'var VEGA_DEBUG = (typeof VEGA_DEBUG == "undefined") ? {{}} : VEGA_DEBUG;\n'
            f'VEGA_DEBUG.VEGA_VERSION = "{alt.VEGA_VERSION}"; '
            f'VEGA_DEBUG.VEGALITE_VERSION = "{alt.VEGALITE_VERSION}"; '
            f'VEGA_DEBUG.VEGAEMBED_VERSION = "{alt.VEGAEMBED_VERSION}";\n'
        )
        _write(path, text)
    return path


def datatables_bundle(cache: Path) -> tuple[Path, Path]:
    """DataTables' script and style from the itables package.

    itables ships DataTables as an ES module; a module cannot be loaded from a page opened from
    disk (file://), so its final `export {...}` becomes a global, `window.itables_dt`, in a classic
    script.
    """
    import itables

    folder = Path(itables.__file__).parent / "html"
    path = Path(cache) / f"datatables-itables-{itables.__version__}.js"
    if not path.is_file():
        source = (folder / "dt_bundle.js").read_text(encoding="utf-8")
        found = EXPORT_RE.search(source)
        if not found:
            raise RuntimeError(f"itables {itables.__version__}: its dt_bundle.js no longer ends in an export")
        pairs = []
        for item in found.group(1).split(","):
            local, _, exported = item.strip().partition(" as ")
            pairs.append(f"{(exported or local).strip()}:{local.strip()}")
        text = '(function(){"use strict";\n' + source[: found.start()] + "\n"
        text += "window.itables_dt={" + ",".join(pairs) + "};\n})();\n" + (found.group(2) or "")
        _write(path, text)
    return path, folder / "dt_bundle.css"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{id(text)}")
    tmp.write_text(text, encoding="utf-8")
    tmp.rename(path)
