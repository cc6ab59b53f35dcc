"""Read a proposal file: safe YAML, then the v1 schema, with errors pointing at file, line and key."""

from . import schema, yamlio


def load(path, kb=None, name=None, follow=True):
    """`path` "-" reads standard input; follow=False refuses a symlink (a file found in a folder)."""
    return load_with_lines(path, kb, name, follow)[0]


def load_with_lines(path, kb=None, name=None, follow=True):
    """(proposal, lines): `lines` maps each path in the file (a tuple of keys and list indexes) to its
    line, so that a report can say where a contradiction is."""
    doc = yamlio.load_file(path, name, follow=follow)
    return schema.validate(doc, set(kb.items) if kb is not None else None), doc.lines


def load_text(text, kb=None, name="<proposal>"):
    doc = yamlio.load_text(text, name)
    return schema.validate(doc, set(kb.items) if kb is not None else None)
