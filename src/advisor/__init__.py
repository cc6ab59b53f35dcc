"""advisor: an expert system for shared services between UK councils."""

__version__ = "0.1.0"
