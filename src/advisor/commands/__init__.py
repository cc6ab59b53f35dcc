"""One module per area of the command line; each exposes `command` (or `commands`, several), and
cli.py registers them. Options they share come from ..cli_options, never from ..cli."""
