"""`advisor explain ID`: a rule or a checklist item, with its condition in words and its sources."""

import textwrap

from . import conditions
from . import graph as graph_mod
from .errors import InputError
from .schema import did_you_mean


def _wrap(text, indent="  "):
    return textwrap.fill(text, 80, initial_indent=indent, subsequent_indent=indent)


def _citations(kb, cites):
    out = []
    for c in cites:
        src = kb.sources.get(c.source)
        out.append({"source": c.source, "section": c.section, "quote": c.quote,
                    "council": src.council if src else "", "title": src.title if src else ""})
    return out


def _cites(cites):
    out = []
    for c in cites:
        out.append(_wrap(f"\"{c['quote']}\""))
        out.append(_wrap(f"— {c['council'] + ', ' if c['council'] else ''}{c['source']} {c['section']}", "    "))
    return out


def explain(kb, ident):
    if ident in kb.rules:
        return _rule(rule_details(kb, kb.rules[ident]))
    if ident in kb.items:
        return _item(item_details(kb, kb.items[ident]))
    raise InputError(f"no rule or checklist item '{ident}'{did_you_mean(ident, [*kb.rules, *kb.items])}")


def rule_details(kb, r):
    """What there is to say about a rule, as data: `advisor explain` prints it, the browser
    service's rule page renders it."""
    users = [o.id for o in kb.rules.values() if set(r.derives) & conditions.flags_used(o.when)] if r.derives else []
    return {
        "id": r.id, "title": r.title, "family": r.family, "severity": r.severity, "file": r.file,
        "when": conditions.describe(r.when), "poison": r.poison,
        "antidotes": [{"action": a.action, "items": list(a.items)} for a in r.antidotes],
        "mitigations": [{"when": conditions.describe(m.when), "text": m.text, "severity": m.severity}
                        for m in r.mitigations],
        "derives": list(r.derives), "derived_used_by": users,
        "citations": _citations(kb, r.citations),
    }


def item_details(kb, item):
    """What there is to say about a checklist item, as data (see rule_details)."""
    g = graph_mod.build(kb)
    dependents = graph_mod.unblocks(g, item.id)
    used = [r.id for r in kb.rules.values()
            if any(item.id in a.items for a in r.antidotes)
            or item.id in conditions.answer_items(r.when)
            or any(item.id in conditions.answer_items(m.when) for m in r.mitigations)]
    return {
        "id": item.id, "question": item.question, "section": item.section,
        "section_title": kb.sections[item.section].title, "severity": item.severity, "file": item.file,
        "help": item.help or "",
        "applies_when": conditions.describe(item.applies_when) if item.applies_when is not None else None,
        "answered_by": [{"status": status, "when": conditions.describe(cond)} for status, cond in item.answered_by],
        "prerequisites": [{"item": p.item, "reason": p.reason} for p in item.prerequisites],
        "needed_by": [{"item": d, "reason": g.edges[item.id, d]["reason"]} for d in dependents],
        "rules": used,
        "citations": _citations(kb, item.citations),
    }


def _rule(r):
    out = [f"{r['id']}: {r['title']}", f"  family: {r['family']}   severity: {r['severity']}   file: {r['file']}", ""]
    out.append("When:")
    out.append(_wrap(r["when"]))
    if r["poison"]:
        out += ["", "Poison:", _wrap(r["poison"])]
    if r["antidotes"]:
        out += ["", "Antidotes:"]
        for a in r["antidotes"]:
            out.append(_wrap(f"- {a['action']}"))
            if a["items"]:
                out.append(_wrap(f"checklist: {', '.join(a['items'])}", "    "))
    for m in r["mitigations"]:
        out += ["", "Mitigated when:", _wrap(m["when"]), _wrap(f"{m['text']} (severity {m['severity']})")]
    if r["derives"]:
        users = r["derived_used_by"]
        out += ["", f"Derives: {', '.join(r['derives'])}" + (f"; used by {', '.join(users)}" if users else "")]
    if r["citations"]:
        out += ["", "Sources:"] + _cites(r["citations"])
    return "\n".join(out) + "\n"


def _item(item):
    out = [f"{item['id']}: {item['question']}", f"  section: {item['section_title']}   "
                                               f"severity when missing: {item['severity']}   file: {item['file']}"]
    if item["help"]:
        out += ["", _wrap(item["help"])]
    if item["applies_when"] is not None:
        out += ["", "Applies when:", _wrap(item["applies_when"])]
    if item["answered_by"]:
        out += ["", "Answered by the proposal's fields (the interview does not ask it):"]
        out += [_wrap(f"- {a['status'].replace('_', ' ')} when {a['when']}") for a in item["answered_by"]]
    if item["prerequisites"]:
        out += ["", "Needs first:"] + [_wrap(f"- {p['item']}: {p['reason']}") for p in item["prerequisites"]]
    if item["needed_by"]:
        out += ["", "Needed by:"] + [_wrap(f"- {d['item']}: {d['reason']}") for d in item["needed_by"]]
    if item["rules"]:
        out += ["", "Rules that use it:", _wrap(", ".join(item["rules"]))]
    out += ["", "Sources:"] + _cites(item["citations"])
    return "\n".join(out) + "\n"
