"""The report model: plain dicts with a schema version, the contract of `--format json`.

Documented in docs/report-format.md. Add keys freely; never rename or remove one without
bumping SCHEMA.
"""

from ..knowledge import SEVERITIES
from . import readiness

SCHEMA = "advisor-report/1"


def _citation(kb, c):
    src = kb.sources.get(c.source)
    return {"source": c.source, "section": c.section, "quote": c.quote,
            "title": src.title if src else "", "council": src.council if src else ""}


def _header(kind, advice, kb):
    return {
        "schema": SCHEMA,
        "kind": kind,
        "proposal": {"title": advice.title, "file": advice.source},
        "knowledge_base": {"digest": kb.digest[:16], "rules": len(kb.rules), "items": len(kb.items)},
    }


def _item_ref(entry_by_id, kb, item_id):
    entry = entry_by_id.get(item_id)
    item = kb.items[item_id]
    return {"id": item_id, "question": item.question,
            "status": entry.status if entry else "not_applicable"}


def _judgement(j):
    return {"text": j.text, "reason": j.reason}


def _tension(kb, t):
    return {"id": t.id, "title": t.title, "reconcile": t.reconcile,
            "sides": [{"rule": s.rule, "title": kb.rules[s.rule].title, "advice": s.advice,
                       "citations": [_citation(kb, c) for c in s.citations]} for s in t.sides]}


def advice_report(advice, kb):
    from ..knowledge import judgements_of, tensions_between

    entry_by_id = {e.item.id: e for e in advice.audit}
    tensions = tensions_between(kb, {f.rule.id for f in advice.findings})
    in_tension = {}
    for t in tensions:
        for s in t.sides:
            in_tension.setdefault(s.rule, []).append(t.id)
    findings = []
    for f in advice.findings:
        r = f.rule
        findings.append({
            "rule": r.id,
            "title": r.title,
            "family": r.family,
            "severity": f.severity,
            "base_severity": r.severity,
            "mitigated": f.mitigated,
            "mitigations": [{"text": m.text, "severity": m.severity} for m in f.mitigations],
            "poison": r.poison,
            "why": [{"fact": w.fact, "values": {k: v for k, v in w.values}, "text": w.words()} for w in f.why],
            "antidotes": [{"action": a.action, "items": [_item_ref(entry_by_id, kb, i) for i in a.items]}
                          for a in r.antidotes],
            "citations": [_citation(kb, c) for c in r.citations],
            # advisor's own judgements behind this finding (never to be shown as a paper's words)
            "judgements": [_judgement(j) for j in judgements_of(kb, r)],
        })
        if r.id in in_tension:  # shown once, in `tensions`, with the other side
            findings[-1]["tension"] = in_tension[r.id][0]
            findings[-1]["tensions"] = in_tension[r.id]
    out = _header("advice", advice, kb)
    out["summary"] = {
        "findings": len(findings),
        "counts": {s: advice.counts.get(s, 0) for s in reversed(SEVERITIES)},
        "mitigated": sum(1 for f in advice.findings if f.mitigated),
        "audit": _totals(advice.audit),
    }
    out["delivery_model"] = advice.delivery_model
    out["findings"] = findings
    out["tensions"] = [_tension(kb, t) for t in tensions]
    out["next_actions"] = next_report(advice, kb)["actions"]
    items = [_entry(e) for e in advice.audit]
    out["summary"]["readiness"] = readiness.rating(findings, items)
    from ..stages import plan

    out["stage_plan"] = plan(kb, advice.audit)
    out["answers"] = [_answer(e) for e in advice.audit if e.answer != "unanswered" or e.status == "waived"]
    out["waivers"] = list(advice.waivers)
    return out


def _answer(e):
    return {"id": e.item.id, "question": e.item.question, "status": e.status, "answer": e.answer,
            "evidence": e.evidence, "date": e.date, "notice": e.notice}


def _entry(e):
    return {"id": e.item.id, "section": e.item.section, "question": e.item.question,
            "severity": e.item.severity, "status": e.status, "answer": e.answer,
            "evidence": e.evidence, "date": e.date, "blocked_by": list(e.blocked_by),
            "prerequisites": [p.item for p in e.item.prerequisites], "notice": e.notice}


def _totals(entries):
    totals = {s: 0 for s in ("present", "partial", "missing", "unknown", "not_applicable", "waived")}
    for e in entries:
        totals[e.status] += 1
    totals["applicable"] = len(entries)
    return totals


def failing(entries, fail_on):
    """Items missing at or above the fail-on severity (None: never fail)."""
    if fail_on is None:
        return []
    floor = SEVERITIES.index(fail_on)
    return [e for e in entries if e.status == "missing" and SEVERITIES.index(e.item.severity) >= floor]


def audit_report(advice, kb, fail_on="high"):
    out = _header("audit", advice, kb)
    out["fail_on"] = fail_on
    out["totals"] = _totals(advice.audit)
    out["sections"] = []
    for s in kb.sections.values():
        entries = [e for e in advice.audit if e.item.section == s.id]
        if entries:
            out["sections"].append({"id": s.id, "title": s.title, "totals": _totals(entries),
                                    "items": [e.item.id for e in entries]})
    out["items"] = [_entry(e) for e in advice.audit]
    out["failing"] = [e.item.id for e in failing(advice.audit, fail_on)]
    out["waivers"] = list(advice.waivers)
    return out


def next_report(advice, kb):
    out = _header("next", advice, kb)
    out["actions"] = [{"id": n.item.id, "section": n.item.section, "question": n.item.question,
                       "severity": n.item.severity, "unblocks": n.unblocks} for n in advice.next_actions]
    return out
