"""Vega, Vega-Lite and vega-embed in one script that ships inside the book (no CDN)."""

from __future__ import annotations

from pathlib import Path


def bundle(cache: Path) -> Path:
    """The script for _static, made once per version of vl-convert and Vega-Lite and kept in cache.

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
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{id(text)}")
        tmp.write_text(text, encoding="utf-8")
        tmp.rename(path)
    return path
