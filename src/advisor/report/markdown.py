"""Markdown for committee papers and wikis: the blocks of document.py. Every string goes through _esc."""

from ..textsafe import md_code as _code  # the escaping rules live in textsafe (issue 9)
from ..textsafe import md_text as _esc
from . import document as d


def _para(p):
    text = " ".join(x for x in (f"**{_esc(p.lead)}**" if p.lead else "", _esc(p.text)) if x)
    if p.ref:
        text += f" <small>{_code(p.ref)}</small>"
    return f"<small>{text}</small>" if p.small and not p.ref else text


def _block(b):
    if isinstance(b, d.Heading):
        out = ["", "#" * (b.level + 1) + " " + _esc(b.text)]
        if b.ref:
            out += ["", f"<small>Reference: {_code(b.ref)}</small>"]
        return out
    if isinstance(b, d.Para):
        return ["", _para(b)]
    if isinstance(b, d.Bullets):
        return [""] + [f"{f'{i}.' if b.ordered else '-'} {_para(p)}" for i, p in enumerate(b.items, 1)]
    if isinstance(b, d.Table):
        out = ["", "| " + " | ".join(_esc(h) for h in b.head) + " |", "|" + "---|" * len(b.head)]
        for row in b.rows:
            out.append("| " + " | ".join(_code(c) if i == b.ref_column and c else _esc(c)
                                         for i, c in enumerate(row)) + " |")
        return out
    if isinstance(b, d.Quote):
        return ["", f"> {_esc(b.text)}", ">", f"> — {_esc(b.source)}"]
    if isinstance(b, d.Rating):
        return ["", f"**Readiness: {_esc(b.words)}.** {_esc(b.reason)}"]
    if isinstance(b, d.Callout):
        return ["", f"> **{_esc(b.lead)}** {_esc(b.text)}"]
    if isinstance(b, d.PageBreak):
        return ["", "---"]
    raise TypeError(type(b).__name__)


def render_document(doc, _options=None):
    out = [f"# {_esc(doc.title)}"]
    for b in doc.blocks:
        out += _block(b)
    out += ["", f"<small>{_esc(doc.footer)}</small>"]
    return "\n".join(out) + "\n"
