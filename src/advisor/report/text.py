"""Plain text for a terminal, wrapped to 80 columns."""

import textwrap

WIDTH = 80


def _wrap(text, indent="", first=None):
    return textwrap.fill(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _title(text, char="="):
    return f"{text}\n{char * min(len(text), WIDTH)}"


def render(report):
    kind = report["kind"]
    if kind == "advice":
        return _advice(report)
    if kind == "audit":
        return _audit(report)
    return _next(report)


def _advice(r):
    out = [_title(f"Advice: {r['proposal']['title']}")]
    s = r["summary"]
    counts = ", ".join(f"{n} {sev}" for sev, n in s["counts"].items() if n)
    out.append(_wrap(f"{s['findings']} poisons found ({counts or 'none'}); {s['mitigated']} mitigated."))
    for i, f in enumerate(r["findings"], 1):
        out.append("")
        sev = f["severity"].upper() + (" (mitigated)" if f["mitigated"] else "")
        out.append(_wrap(f"{i}. [{sev}] {f['title']}  ({f['rule']})"))
        out.append(_wrap(f["poison"], "   "))
        if f["why"]:
            out.append("   Why:")
            out.extend(_wrap(w["text"], "       ", "     - ") for w in f["why"])
        for m in f["mitigations"]:
            out.append(_wrap(f"Mitigated: {m['text']}", "     ", "   "))
        if f["antidotes"]:
            out.append("   Antidotes:")
            for a in f["antidotes"]:
                out.append(_wrap(a["action"], "       ", "     - "))
                for it in a["items"]:
                    out.append(_wrap(f"[{it['status']}] {it['id']}", "           ", "         "))
        for c in f["citations"]:
            out.append(_wrap(f"\"{c['quote']}\" ({c['source']} {c['section']})", "       ", "   Source: "))
    if r["next_actions"]:
        out.append("")
        out.append(_title("Next actions (every prerequisite met)", "-"))
        for n in r["next_actions"][:15]:
            out.append(_wrap(f"[{n['severity']}] {n['id']}: {n['question']}", "     ", "  - "))
        more = len(r["next_actions"]) - 15
        if more > 0:
            out.append(f"  … and {more} more: advisor next FILE")
    return "\n".join(out) + "\n"


def _audit(r):
    out = [_title(f"Audit: {r['proposal']['title']}")]
    t = r["totals"]
    out.append(_wrap(f"{t['applicable']} applicable items: {t['present']} present, {t['partial']} partial, "
                     f"{t['missing']} missing, {t['unknown']} unknown, {t['not_applicable']} not applicable, "
                     f"{t['waived']} waived."))
    for e in r["items"]:
        line = f"[{e['status']:>14}] {e['severity']:<8} {e['id']}"
        out.append(line)
        if e["blocked_by"]:
            out.append(_wrap(f"blocked by: {', '.join(e['blocked_by'])}", "                  ", "                  "))
    if r["failing"]:
        out.append("")
        out.append(_wrap(f"{len(r['failing'])} missing at or above {r['fail_on']}: {', '.join(r['failing'])}"))
    return "\n".join(out) + "\n"


def _next(r):
    out = [_title(f"Next actions: {r['proposal']['title']}")]
    if not r["actions"]:
        out.append("Nothing can be started: every open item waits for a prerequisite.")
    for n in r["actions"]:
        out.append(_wrap(f"[{n['severity']}] {n['id']}: {n['question']}", "    ", "- "))
        if n["unblocks"]:
            out.append(_wrap(f"unblocks: {', '.join(n['unblocks'])}", "    ", "    "))
    return "\n".join(out) + "\n"
