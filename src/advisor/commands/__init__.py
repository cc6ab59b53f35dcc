"""One module per top-level command group; each exposes `command`. cli.py finds them."""
