"""Markdown for committee papers and wikis."""


def _esc(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(report):
    kind = report["kind"]
    if kind == "advice":
        return _advice(report)
    if kind == "audit":
        return _audit(report)
    return _next(report)


def _advice(r):
    s = r["summary"]
    out = [f"# Advice: {_esc(r['proposal']['title'])}", ""]
    out.append(f"**{s['findings']} poisons found**, {s['mitigated']} mitigated.")
    out.append("")
    out.append("| severity | count |")
    out.append("|---|---|")
    out.extend(f"| {sev} | {n} |" for sev, n in s["counts"].items())
    out.append("")
    out.append("## Poisons and antidotes")
    for i, f in enumerate(r["findings"], 1):
        out.append("")
        mit = " (mitigated)" if f["mitigated"] else ""
        out.append(f"### {i}. {_esc(f['title'])}: {f['severity']}{mit}")
        out.append("")
        out.append(f"`{f['rule']}`. {_esc(f['poison'])}")
        if f["why"]:
            out.append("")
            out.append("**Why it fired**")
            out.append("")
            out.extend(f"- {_esc(w['text'])}" for w in f["why"])
        for m in f["mitigations"]:
            out.append("")
            out.append(f"**Mitigated:** {_esc(m['text'])}")
        if f["antidotes"]:
            out.append("")
            out.append("**Antidotes**")
            out.append("")
            for a in f["antidotes"]:
                items = ", ".join(f"`{it['id']}` ({it['status']})" for it in a["items"])
                out.append(f"- {_esc(a['action'])}" + (f" Checklist: {items}." if items else ""))
        for c in f["citations"]:
            out.append("")
            out.append(f"> {_esc(c['quote'])}")
            out.append(f">\n> — {_esc(c['council'])}, *{_esc(c['title'])}*, {_esc(c['section'])} ({c['source']})")
    out.append("")
    out.append("## Next actions")
    out.append("")
    for n in r["next_actions"]:
        out.append(f"- **{n['severity']}** `{n['id']}`: {_esc(n['question'])}")
    return "\n".join(out) + "\n"


def _audit(r):
    t = r["totals"]
    out = [f"# Audit: {_esc(r['proposal']['title'])}", ""]
    out.append(f"{t['applicable']} applicable items: {t['present']} present, {t['partial']} partial, "
               f"{t['missing']} missing, {t['unknown']} unknown, {t['not_applicable']} not applicable, "
               f"{t['waived']} waived.")
    out.append("")
    out.append("| item | section | severity | status | evidence | blocked by |")
    out.append("|---|---|---|---|---|---|")
    for e in r["items"]:
        out.append(f"| `{e['id']}` | {e['section']} | {e['severity']} | {e['status']} | {_esc(e['evidence'])} "
                   f"| {', '.join(e['blocked_by'])} |")
    if r["failing"]:
        out.append("")
        out.append(f"**{len(r['failing'])} missing at or above {r['fail_on']}:** "
                   + ", ".join(f"`{i}`" for i in r["failing"]))
    return "\n".join(out) + "\n"


def _next(r):
    out = [f"# Next actions: {_esc(r['proposal']['title'])}", ""]
    for n in r["actions"]:
        extra = f" Unblocks: {', '.join(n['unblocks'])}." if n["unblocks"] else ""
        out.append(f"- **{n['severity']}** `{n['id']}`: {_esc(n['question'])}{extra}")
    return "\n".join(out) + "\n"
