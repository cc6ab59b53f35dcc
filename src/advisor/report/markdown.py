"""Markdown for committee papers and wikis."""

from ..textsafe import md_code as _code
from ..textsafe import md_text as _esc
from . import readiness




def _advice(r):
    s = r["summary"]
    out = [f"# Advice: {_esc(r['proposal']['title'])}", "", "## Summary", ""]
    rd = s.get("readiness")
    if rd:
        out.append(f"**Readiness: {rd['rating'].upper()}.** {_esc(readiness.sentence(rd))}")
        out.append("")
        out.append(f"*Rule:* {_esc(rd['rule'])}.")
        out.append("")
    out.append(f"**{s['findings']} poisons found**, {s['mitigated']} mitigated.")
    out.append("")
    out.append("| severity | count |")
    out.append("|---|---|")
    out.extend(f"| {sev} | {n} |" for sev, n in s["counts"].items())
    out += _delivery_model(r.get("delivery_model"))
    out.append("")
    out.append("## Poisons and antidotes")
    for i, f in enumerate(r["findings"], 1):
        out.append("")
        mit = " (mitigated)" if f["mitigated"] else ""
        out.append(f"### {i}. {_esc(f['title'])}: {f['severity']}{mit}")
        out.append("")
        out.append(f"{_code(f['rule'])}. {_esc(f['poison'])}")
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
                items = ", ".join(f"{_code(it['id'])} ({it['status']})" for it in a["items"])
                out.append(f"- {_esc(a['action'])}" + (f" Checklist: {items}." if items else ""))
        for c in f["citations"]:
            out.append("")
            out.append(f"> {_esc(c['quote'])}")
            out.append(f">\n> — {_esc(c['council'])}, *{_esc(c['title'])}*, {_esc(c['section'])} ({_esc(c['source'])})")
    out.append("")
    out.append("## Next actions")
    out.append("")
    for n in r["next_actions"]:
        out.append(f"- **{n['severity']}** {_code(n['id'])}: {_esc(n['question'])}")
    out += _stage_plan(r.get("stage_plan"))
    out += _appendix(r.get("answers"))
    return "\n".join(out) + "\n"


def _cite(c):
    return f"> {_esc(c['quote'])}\n>\n> — {_esc(c.get('source', ''))} {_esc(c.get('section', ''))}"


def _delivery_model(dm):
    if not dm:
        return []
    out = ["", f"## Delivery model: {_esc(dm.get('title') or dm.get('model'))}", ""]
    out.append(f"**Verdict: {_esc(dm.get('verdict', 'undetermined').replace('_', ' '))}.** "
               f"{_esc(dm.get('verdict_text', ''))}")
    for reason in dm.get("reasons") or []:
        c = reason.get("citation") or {}
        cite = f" (“{_esc(c['quote'])}”, {_esc(c.get('source', ''))} {_esc(c.get('section', ''))})" \
            if c.get("quote") else ""
        fact = f" Because: {_esc(reason['fact'])}." if reason.get("fact") else ""
        out.append(f"- {_esc(reason.get('text', ''))}{fact}{cite}")
    vehicle = {k: v for k, v in (dm.get("vehicle") or {}).items() if v is not None}
    if vehicle:
        out += ["", "| vehicle | |", "|---|---|"]
        out += [f"| {_esc(k.replace('_', ' '))} | {'yes' if v is True else 'no' if v is False else _esc(v)} |"
                for k, v in vehicle.items()]
    if dm.get("advantages"):
        out += ["", "**Advantages**", ""]
        out += [f"- {_esc(a['text'])}" for a in dm["advantages"]]
    if dm.get("disadvantages"):
        out += ["", "**Disadvantages and antidotes**", "", "| disadvantage | antidote |", "|---|---|"]
        out += [f"| {_esc(d['text'])} | {_esc(d.get('antidote') or '')} |" for d in dm["disadvantages"]]
    saving = dm.get("average_saving")
    if saving:
        out += ["", f"**Average saving:** {_esc(saving.get('figure', ''))}. {_esc(saving.get('basis', ''))}"]
    return out


def _stage_plan(plan):
    if not plan or not plan.get("stages"):
        return []
    out = ["", f"## Stage plan ({_esc(plan['source'])})"]
    for stage in plan["stages"]:
        out += ["", f"### {_esc(stage['title'])}: {stage['done']} of {stage['total']} elements done", "",
                "| element | status | checklist items |", "|---|---|---|"]
        for el in stage["elements"]:
            items = ", ".join(f"{_code(i['id'])} ({i['status']})" for i in el["items"])
            out.append(f"| {_esc(el['title'])} ({_esc(el['citation']['section'])}) | {el['status']} | {items} |")
    return out


def _appendix(answers):
    if not answers:
        return []
    out = ["", "## Appendix: answers given", "", "| item | question | status | evidence | date |",
           "|---|---|---|---|---|"]
    for a in answers:
        note = f" *{_esc(a['notice'])}*" if a.get("notice") else ""
        out.append(f"| {_code(a['id'])} | {_esc(a['question'])} | {a['status']} | {_esc(a['evidence'])}{note} "
                   f"| {_esc(a['date'])} |")
    return out


def _audit(r):
    t = r["totals"]
    out = [f"# Audit: {_esc(r['proposal']['title'])}", ""]
    out.append(f"{t['applicable']} applicable items: {t['present']} present, {t['partial']} partial, "
               f"{t['missing']} missing, {t['unknown']} unknown, {t['not_applicable']} not applicable, "
               f"{t['waived']} waived.")
    items = {e["id"]: e for e in r["items"]}
    for section in r["sections"]:
        st = section.get("totals", {})
        out += ["", f"## {_esc(section['title'])}", ""]
        if st:
            out += [f"{st['applicable']} items: {st['present']} present, {st['partial']} partial, "
                    f"{st['missing']} missing, {st['unknown']} unknown, {st['waived']} waived.", ""]
        out.append("| item | severity | status | evidence | blocked by |")
        out.append("|---|---|---|---|---|")
        for item_id in section.get("items", [e["id"] for e in r["items"] if e["section"] == section["id"]]):
            e = items[item_id]
            note = f" *{_esc(e['notice'])}*" if e.get("notice") else ""
            out.append(f"| {_code(e['id'])} | {e['severity']} | {e['status']} | {_esc(e['evidence'])}{note} "
                       f"| {_esc(', '.join(e['blocked_by']))} |")
    if r["failing"]:
        out.append("")
        out.append(f"**{len(r['failing'])} missing at or above {r['fail_on']}:** "
                   + ", ".join(f"{_code(i)}" for i in r["failing"]))
    return "\n".join(out) + "\n"


def _next(r):
    out = [f"# Next actions: {_esc(r['proposal']['title'])}", ""]
    for n in r["actions"]:
        extra = f" Unblocks: {_esc(', '.join(n['unblocks']))}." if n["unblocks"] else ""
        out.append(f"- **{n['severity']}** {_code(n['id'])}: {_esc(n['question'])}{extra}")
    return "\n".join(out) + "\n"


BY_KIND = {"advice": _advice, "audit": _audit, "next": _next}
