"""Plain text for a terminal: the blocks of document.py wrapped to 80 columns.

Words are never broken (an id or a long word overflows rather than splitting), so a reference can
be copied into `advisor explain` as it stands.
"""

import textwrap

from . import document as d

WIDTH = 80
PAGE_BREAK = "- " * (WIDTH // 2)  # where the one-page summary ends


def _wrap(text, indent="", first=None):
    return textwrap.fill(str(text), WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _underline(text, char):
    text = _wrap(text)
    return f"{text}\n{char * min(max(len(line) for line in text.splitlines()), WIDTH)}"


def _para(p, indent="", first=None):
    text = " ".join(x for x in (p.lead, p.text) if x)
    if not text and not p.ref:
        return []
    return [_with_ref(text, f"[{p.ref}]" if p.ref else "", indent, indent if first is None else first)]


def _table(t):
    """A row as a bullet: its first column, then the other columns on one line ("How serious:
    High; Status: Missing") with the reference last, so a terminal table stays narrow."""
    out = []
    for row in t.rows:
        cells = [(i, h, c) for i, (h, c) in enumerate(zip(t.head, row)) if c]
        main = next(((i, h, c) for i, h, c in cells if i != t.ref_column), None)
        if main is None:
            continue
        out.append(_wrap(main[2], "    ", "  - "))
        rest = "; ".join(f"{h}: {c}" for i, h, c in cells if i not in (main[0], t.ref_column))
        ref = next((f"[{c}]" for i, h, c in cells if i == t.ref_column), "")
        if rest or ref:
            out.append(_with_ref(rest, ref, "      ", "    "))
    return out


def _with_ref(text, ref, indent, first):
    """Text, then the [reference] kept whole on one line (it is meant to be copied)."""
    lines = _wrap(text, indent, first).splitlines() if text else []
    if not ref:
        pass
    elif lines and len(lines[-1]) + 1 + len(ref) <= WIDTH:
        lines[-1] += " " + ref
    elif ref:  # on a line of its own; a list of references breaks only between them
        lines += _wrap(ref, indent + " ", indent if lines else first).splitlines()
    return "\n".join(lines)


def _block(b):
    if isinstance(b, d.Heading):
        char = {1: "-", 2: "~"}.get(b.level)
        out = ["", _underline(b.text, char) if char else _wrap(b.text)]
        if b.ref:
            out.append(_wrap(f"[{b.ref}]", "  "))
        return out
    if isinstance(b, d.Para):
        return [""] + _para(b, "  " if b.small else "")
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
        return [_wrap(f"Readiness: {b.words}. {b.reason}")]
    if isinstance(b, d.Callout):
        return [_wrap(" ".join(x for x in (b.lead, b.text) if x), "  ", "! ")]
    if isinstance(b, d.PageBreak):
        return ["", PAGE_BREAK.rstrip()]
    raise TypeError(type(b).__name__)


def render_document(doc, _options=None):
    out = [_underline(doc.title, "=")]
    previous = None
    for b in doc.blocks:
        if isinstance(b, (d.Bullets, d.Table)) and not (isinstance(previous, d.Para) and previous.lead
                                                         and not previous.text):
            out.append("")  # a list follows its lead-in ("What to do:") directly, else a blank line
        out += _block(b)
        previous = b
    out += ["", _wrap(doc.footer)]
    return "\n".join(out) + "\n"
