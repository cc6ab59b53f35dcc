"""Plain text for a terminal, wrapped to 80 columns."""

import textwrap

from . import readiness as readiness_mod

WIDTH = 80


def _wrap(text, indent="", first=None):
    return textwrap.fill(str(text), WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_long_words=True, break_on_hyphens=False)


def _title(text, char="="):
    text = _wrap(text)
    return f"{text}\n{char * min(max(len(line) for line in text.splitlines()), WIDTH)}"




def _advice(r):
    out = [_title(f"Advice: {r['proposal']['title']}")]
    s = r["summary"]
    rd = s.get("readiness")
    if rd:
        out.append(_wrap(f"Readiness: {rd['rating'].upper()}. {readiness_mod.sentence(rd)}"))
        out.append(_wrap(f"Rule: {rd['rule']}.", "  "))
    if s.get("coverage"):  # H10: plain lines until the presentation layer renders coverage
        out.append(_wrap(s["coverage"]["text"]))
    if rd and rd["rating"] == "grey" and rd.get("unknown_that_matter"):
        out.append(_wrap("Find out first: " + "; ".join(u["label"] for u in rd["unknown_that_matter"][:3])))
    counts = ", ".join(f"{n} {sev}" for sev, n in s["counts"].items() if n)
    out.append(_wrap(f"{s['findings']} poisons found ({counts or 'none'}); {s['mitigated']} mitigated."))
    if "audit" in s:
        t = s["audit"]
        out.append(_wrap(f"Checklist: {t['applicable']} applicable items, {t['present']} present, "
                         f"{t['partial']} partial, {t['missing']} missing, {t['unknown']} unknown, "
                         f"{t['waived']} waived."))
    out += _delivery_model(r.get("delivery_model"))
    if r["findings"]:
        out += ["", _title("Poisons and antidotes", "-")]
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
    out += _stage_plan(r.get("stage_plan"))
    out += _appendix(r.get("answers"))
    return "\n".join(out) + "\n"


def _delivery_model(dm):
    if not dm:
        return []
    out = ["", _title(f"Delivery model: {dm.get('title') or dm.get('model')}", "-")]
    out.append(_wrap(f"Verdict: {dm.get('verdict', 'undetermined').replace('_', ' ')}. {dm.get('verdict_text', '')}"))
    for reason in dm.get("reasons") or []:
        c = reason.get("citation") or {}
        cite = f" (\"{c['quote']}\", {c.get('source', '')} {c.get('section', '')})" if c.get("quote") else ""
        fact = f" [{reason['fact']}]" if reason.get("fact") else ""
        out.append(_wrap(f"{reason.get('text', '')}{fact}{cite}", "     ", "   - "))
    vehicle = {k: v for k, v in (dm.get("vehicle") or {}).items() if v is not None}
    if vehicle:
        out.append(_wrap("Vehicle: " + "; ".join(f"{k.replace('_', ' ')}: {_yes(v)}" for k, v in vehicle.items()),
                         "     ", "   "))
    if dm.get("advantages"):
        out.append("   Advantages:")
        out.extend(_wrap(a["text"], "       ", "     + ") for a in dm["advantages"])
    if dm.get("disadvantages"):
        out.append("   Disadvantages (with antidote):")
        for d in dm["disadvantages"]:
            out.append(_wrap(d["text"], "       ", "     - "))
            if d.get("antidote"):
                out.append(_wrap(f"Antidote: {d['antidote']}", "         ", "       "))
    saving = dm.get("average_saving")
    if saving:
        out.append(_wrap(f"Average saving: {saving.get('figure', '')}. {saving.get('basis', '')}", "     ", "   "))
    return out


def _yes(v):
    return "yes" if v is True else "no" if v is False else str(v)


def _stage_plan(plan):
    if not plan or not plan.get("stages"):
        return []
    out = ["", _title(f"Stage plan ({plan['source']})", "-")]
    for stage in plan["stages"]:
        out.append("")
        out.append(_wrap(f"{stage['title']}: {stage['done']} of {stage['total']} elements done"))
        for el in stage["elements"]:
            out.append(_wrap(f"[{el['status']}] {el['title']} ({el['citation']['section']})", "       ", "  - "))
            for it in el["items"]:
                out.append(_wrap(f"[{it['status']}] {it['id']}", "           ", "      "))
    return out


def _appendix(answers):
    if not answers:
        return []
    out = ["", _title("Appendix: answers given", "-")]
    for a in answers:
        out.append(_wrap(f"{a['id']} [{a['status']}]" + (f" {a['date']}" if a["date"] else ""), "    ", "- "))
        out.append(_wrap(a["question"], "    "))
        if a["evidence"]:
            out.append(_wrap(f"Evidence: {a['evidence']}", "    "))
        if a.get("notice"):
            out.append(_wrap(f"Note: {a['notice']}", "    "))
    return out


def _audit(r):
    out = [_title(f"Audit: {r['proposal']['title']}")]
    t = r["totals"]
    out.append(_wrap(f"{t['applicable']} applicable items: {t['present']} present, {t['partial']} partial, "
                     f"{t['missing']} missing, {t['unknown']} unknown, {t['not_applicable']} not applicable, "
                     f"{t['waived']} waived."))
    if r.get("readiness"):  # H10: plain lines until the presentation layer renders them
        out.append(_wrap(f"Readiness: {r['readiness']['rating'].upper()}. {readiness_mod.sentence(r['readiness'])}"))
    for line in (r.get("coverage") or {}).get("text"), r.get("unknown_policy_text"):
        if line:
            out.append(_wrap(line))
    items = {e["id"]: e for e in r["items"]}
    for section in r["sections"]:
        st = section.get("totals", {})
        out.append("")
        out.append(_title(f"{section['title']} ({st.get('present', 0) + st.get('waived', 0)} of "
                          f"{st.get('applicable', len(section.get('items', [])))} done)", "-"))
        for item_id in section.get("items", [e["id"] for e in r["items"] if e["section"] == section["id"]]):
            e = items[item_id]
            out.append(_wrap(f"[{e['status']:>14}] {e['severity']:<8} {e['id']}", " " * 26, ""))
            if e["evidence"]:
                out.append(_wrap(f"evidence: {e['evidence']}", " " * 18))
            if (e.get("basis") or {}).get("kind") == "field":
                out.append(_wrap(e["basis"]["text"], " " * 18))
            if e["blocked_by"]:
                out.append(_wrap(f"blocked by: {', '.join(e['blocked_by'])}", " " * 18))
            if e.get("notice"):
                out.append(_wrap(f"note: {e['notice']}", " " * 18))
    for w in r.get("waivers") or []:
        if w["state"] == "not_applicable":
            out.append(_wrap(f"Waiver for {w['item']} not used: the item does not apply to this proposal."))
    if r["failing"]:
        out.append("")
        out.append(_wrap(f"{len(r['failing'])} failing (missing or not known) at or above {r['fail_on']}: {', '.join(r['failing'])}"))
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


BY_KIND = {"advice": _advice, "audit": _audit, "next": _next}
