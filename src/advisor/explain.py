"""`advisor explain ID`: a rule or a checklist item, with its condition in words and its sources."""

import textwrap

from . import conditions
from . import graph as graph_mod
from .errors import InputError
from .schema import did_you_mean


def _wrap(text, indent="  "):
    return textwrap.fill(text, 80, initial_indent=indent, subsequent_indent=indent)


def _cites(kb, cites):
    out = []
    for c in cites:
        src = kb.sources.get(c.source)
        out.append(_wrap(f"\"{c.quote}\""))
        out.append(_wrap(f"— {src.council + ', ' if src else ''}{c.source} {c.section}", "    "))
    return out


def explain(kb, ident):
    if ident in kb.rules:
        return _rule(kb, kb.rules[ident])
    if ident in kb.items:
        return _item(kb, kb.items[ident])
    raise InputError(f"no rule or checklist item '{ident}'{did_you_mean(ident, [*kb.rules, *kb.items])}")


def _rule(kb, r):
    out = [f"{r.id}: {r.title}", f"  family: {r.family}   severity: {r.severity}   file: {r.file}", ""]
    out.append("When:")
    out.append(_wrap(conditions.describe(r.when)))
    if r.poison:
        out += ["", "Poison:", _wrap(r.poison)]
    if r.antidotes:
        out += ["", "Antidotes:"]
        for a in r.antidotes:
            out.append(_wrap(f"- {a.action}"))
            if a.items:
                out.append(_wrap(f"checklist: {', '.join(a.items)}", "    "))
    for m in r.mitigations:
        out += ["", "Mitigated when:", _wrap(conditions.describe(m.when)), _wrap(f"{m.text} (severity {m.severity})")]
    if r.derives:
        users = [o.id for o in kb.rules.values() if set(r.derives) & conditions.flags_used(o.when)]
        out += ["", f"Derives: {', '.join(r.derives)}" + (f"; used by {', '.join(users)}" if users else "")]
    if r.citations:
        out += ["", "Sources:"] + _cites(kb, r.citations)
    return "\n".join(out) + "\n"


def _item(kb, item):
    g = graph_mod.build(kb)
    out = [f"{item.id}: {item.question}", f"  section: {kb.sections[item.section].title}   "
                                           f"severity when missing: {item.severity}   file: {item.file}"]
    if item.help:
        out += ["", _wrap(item.help)]
    if item.applies_when is not None:
        out += ["", "Applies when:", _wrap(conditions.describe(item.applies_when))]
    if item.answered_by:
        out += ["", "Answered by the proposal's fields (the interview does not ask it):"]
        out += [_wrap(f"- {status.replace('_', ' ')} when {conditions.describe(cond)}")
                for status, cond in item.answered_by]
    if item.prerequisites:
        out += ["", "Needs first:"] + [_wrap(f"- {p.item}: {p.reason}") for p in item.prerequisites]
    dependents = graph_mod.unblocks(g, item.id)
    if dependents:
        out += ["", "Needed by:"] + [_wrap(f"- {d}: {g.edges[item.id, d]['reason']}") for d in dependents]
    used = [r.id for r in kb.rules.values()
            if any(item.id in a.items for a in r.antidotes)
            or item.id in conditions.answer_items(r.when)
            or any(item.id in conditions.answer_items(m.when) for m in r.mitigations)]
    if used:
        out += ["", "Rules that use it:", _wrap(", ".join(used))]
    out += ["", "Sources:"] + _cites(kb, item.citations)
    return "\n".join(out) + "\n"
