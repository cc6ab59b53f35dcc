"""benchmarks/results.md holds the table `make bench` writes, then one `## ` section for each
other measure (interview_quick.py, load.py). Each writer replaces only its own part, so running
one never loses the others' last results."""

from pathlib import Path

PATH = Path(__file__).resolve().parent / "results.md"


def sections(text):
    """The `## ` sections of results.md's text (each with its heading), in order."""
    parts = ("\n" + text).split("\n## ")[1:]
    return ["## " + p.rstrip("\n") + "\n" for p in parts]


def write_head(text, path=PATH):
    """`make bench`'s table: the file's head, before every section."""
    old = path.read_text() if path.exists() else ""
    path.write_text("\n".join([text.rstrip("\n") + "\n", *sections(old)]))


def write_section(mark, text, path=PATH):
    """Replace the section that starts with `mark` where it stands (or add it at the end)."""
    old = path.read_text() if path.exists() else ""
    head = ("\n" + old).split("\n## ", 1)[0].lstrip("\n")
    new = text.rstrip("\n") + "\n"
    parts = sections(old)
    found = [n for n, s in enumerate(parts) if s.startswith(mark + "\n")]
    if found:
        parts[found[0]] = new
    else:
        parts.append(new)
    path.write_text("\n".join([head.rstrip("\n") + "\n", *parts]).lstrip("\n"))
