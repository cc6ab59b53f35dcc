"""Read a proposal file: safe YAML, then the v1 schema, with errors pointing at file, line and key."""

from . import schema, yamlio


def load(path, kb=None, name=None, follow=True):
    """`path` "-" reads standard input; follow=False refuses a symlink (a file found in a folder)."""
    doc = yamlio.load_file(path, name, follow=follow)
    return schema.validate(doc, set(kb.items) if kb is not None else None)


def load_text(text, kb=None, name="<proposal>"):
    doc = yamlio.load_text(text, name)
    return schema.validate(doc, set(kb.items) if kb is not None else None)
