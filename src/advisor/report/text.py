"""Plain text for a terminal: the blocks of document.py wrapped to 80 columns.

Words are never broken (an id or a long word overflows rather than splitting), so a reference can
be copied into `advisor explain` as it stands.
"""

import textwrap

from . import document as d

WIDTH = 80


def _wrap(text, indent="", first=None):
    return textwrap.fill(str(text), WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _underline(text, char):
    text = _wrap(text)
    return f"{text}\n{char * min(max(len(line) for line in text.splitlines()), WIDTH)}"


def _para(p, indent="", first=None):
    text = " ".join(x for x in (p.lead, p.text) if x)
    out = [_wrap(text, indent, first)] if text else []
    if p.ref:
        out.append(_wrap(f"[{p.ref}]", indent + "  "))
    return out


def _table(t):
    out = []
    for row in t.rows:
        cells = list(zip(t.head, row))
        first = next(((h, c) for i, (h, c) in enumerate(cells) if i != t.ref_column and c), None)
        if first is None:
            continue
        out.append(_wrap(first[1], "    ", "  - "))
        for i, (head, cell) in enumerate(cells):
            if (head, cell) == first or not cell:
                continue
            out.append(_wrap(f"[{cell}]" if i == t.ref_column else f"{head}: {cell}", "      ", "    "))
    return out


def _block(b):
    if isinstance(b, d.Heading):
        char = {1: "-", 2: "~"}.get(b.level)
        out = ["", _underline(b.text, char) if char else _wrap(b.text)]
        if b.ref:
            out.append(_wrap(f"[{b.ref}]", "  "))
        return out
    if isinstance(b, d.Para):
        return ([""] if b.lead or not b.small else []) + _para(b, "  " if b.small else "")
    if isinstance(b, d.Bullets):
        out = []
        for i, p in enumerate(b.items, 1):
            mark = f"{i}. " if b.ordered else "- "
            out += _para(p, "   " if b.ordered else "  ", mark)
        return out
    if isinstance(b, d.Table):
        return _table(b)
    if isinstance(b, d.Quote):
        return [_wrap(f"“{b.text}”", "    ", "  > "), _wrap(f"— {b.source}", "      ", "    ")]
    if isinstance(b, d.Rating):
        return [_wrap(f"Readiness: {b.words.upper()}. {b.reason}")]
    if isinstance(b, d.Callout):
        return [_wrap(" ".join(x for x in (b.lead, b.text) if x), "  ", "! ")]
    if isinstance(b, d.PageBreak):
        return [""]
    raise TypeError(type(b).__name__)


def render_document(doc, _options=None):
    out = [_underline(doc.title, "=")]
    for b in doc.blocks:
        out += _block(b)
    out += ["", _wrap(doc.footer)]
    return "\n".join(out) + "\n"
