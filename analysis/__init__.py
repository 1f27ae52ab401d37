"""Analysis package of the Politburo compendium: load, validate, query, draw and build."""

__version__ = "0.1.0"
