"""Paths of the project, defined once."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
DESCRIPTOR = "datapackage.json"
