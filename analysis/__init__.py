"""Analysis package of the Politburo compendium: load, validate, query, draw and build."""

__version__ = "0.2.0"
