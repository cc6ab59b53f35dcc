"""Where reports go: --format/-o and repeatable --to FORMAT=PATH, rendered first, then written atomically."""

import os

import click

from ..atomic import checked_output
from ..errors import InputError
from . import BINARY, EXTENSIONS, FORMATS, render

TO_HELP = ("Also write the report in FORMAT to PATH; repeat for several formats in one run, "
           "e.g. --to html=audit.html --to junit=audit.xml. FORMAT may be left out when PATH's "
           "extension names it (.txt .md .html .docx .json .xml .csv).")

ALIASES = {"md": "markdown", "txt": "text", "htm": "html", "xml": "junit"}
_BY_EXT = {f".{ext}": fmt for fmt, ext in EXTENSIONS.items()}
_BY_EXT[".markdown"] = "markdown"
_BY_EXT[".htm"] = "html"


def _guess(path, kind):
    fmt = _BY_EXT.get(os.path.splitext(path)[1].lower())
    if fmt == "xml" or (fmt == "junit" and "junit" not in FORMATS[kind]):
        return None
    return fmt


def input_files(*paths):
    """The files a command reads, for targets(): each path named, and what is in each folder named."""
    out = []
    for path in paths:
        if not path or path == "-":
            continue
        out.append(path)
        if os.path.isdir(path):
            try:
                out += [os.path.join(path, name) for name in sorted(os.listdir(path))]
            except OSError:
                pass
    return out


def targets(kind, fmt, output, to, inputs=()):
    """[(format, path or None for standard output)], checked before anything is rendered.

    `inputs`: every file the command reads (proposals, waivers); no output may be one of them."""
    allowed = FORMATS[kind]
    out = []  # (format, path, how the user asked for it)
    for spec in to or ():
        name, sep, path = spec.partition("=")
        if not sep:
            name, path = _guess(spec, kind), spec
            if name is None:
                raise InputError(f"--to {spec}: say which format, e.g. --to {allowed[0]}={spec}")
        if not path:
            raise InputError(f"--to {spec}: expected FORMAT=PATH, "
                             f"e.g. --to {allowed[0]}=report.{EXTENSIONS[allowed[0]]}")
        name = name.strip().lower()
        out.append((ALIASES.get(name, name), path, f"--to {spec}"))
    if output:
        out.append((fmt or _guess(output, kind) or "text", output, "--format" if fmt else f"-o {output}"))
    elif fmt or not out:
        out.append((fmt or "text", None, "--format"))
    seen = set()
    for name, path, how in out:
        if name not in allowed:
            raise InputError(f"{how}: {kind} reports can be written as {', '.join(allowed)}, not '{name}'")
        if path is None and (name in BINARY or name == "html"):
            raise InputError(f"--format {name} writes a file, not the terminal: add -o FILE, "
                             f"e.g. -o report.{EXTENSIONS[name]}")
        if path is not None:
            key = os.path.abspath(path)
            if key in seen:
                raise InputError(f"{path}: named twice; give each format its own file")
            seen.add(key)
            checked_output(path, inputs)
            if not os.path.isdir(os.path.dirname(key)):
                raise InputError(f"{path}: cannot write: folder {os.path.dirname(path) or '.'} does not exist")
    return [(name, path) for name, path, _ in out]


def write(report, chosen, inputs=()):
    """Render every target first (so a failure writes nothing), then write each file atomically."""
    from ..atomic import write_bytes, write_text

    from ..textsafe import terminal

    # render() cleans the model of control characters (textsafe.clean); every text output is
    # checked again on its way out.
    rendered = [(fmt, path, render(report, fmt)) for fmt, path in chosen]
    rendered = [(fmt, path, data if isinstance(data, bytes) else terminal(data)) for fmt, path, data in rendered]
    for fmt, path, data in rendered:
        if path is None:
            click.echo(data, nl=False)
            continue
        try:
            (write_bytes if isinstance(data, bytes) else write_text)(path, data, inputs)
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror}", path) from None
        click.echo(f"wrote {path} ({fmt})", err=True)
