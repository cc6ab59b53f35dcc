"""The report model: plain dicts with a schema version, the contract of `--format json`.

Documented in docs/report-format.md. Add keys freely; never rename or remove one without
bumping SCHEMA.
"""

from ..knowledge import SEVERITIES, SEVERITY_RANK
from . import readiness

UNKNOWN_POLICIES = ("fail", "warn", "pass")

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
        "knowledge_base": kb.identity(),
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
            "why": [{"fact": w.fact, "values": {k: v for k, v in w.values}, "text": w.words(), "kind": w.kind,
                     "ref": w.ref} for w in f.why],
            "antidotes": [{"action": a.action, "items": [_item_ref(entry_by_id, kb, i) for i in a.items]}
                          for a in r.antidotes],
            "citations": [_citation(kb, c) for c in r.citations],
            # advisor's own judgements behind this finding (never to be shown as a paper's words)
            "judgements": [_judgement(j) for j in judgements_of(kb, r)],
        })
        if r.id in in_tension:  # shown once, in `tensions`, with the other side
            findings[-1]["tension"] = in_tension[r.id][0]
            findings[-1]["tensions"] = in_tension[r.id]
    findings = [_contradiction_finding(c, entry_by_id, kb) for c in advice.contradictions] + findings
    out = _header("advice", advice, kb)
    out["summary"] = {
        "findings": len(findings),
        "counts": {s: sum(1 for f in findings if f["severity"] == s) for s in reversed(SEVERITIES)},
        "mitigated": sum(1 for f in advice.findings if f.mitigated),
        "audit": _totals(advice.audit),
    }
    out["delivery_model"] = advice.delivery_model
    out["findings"] = findings
    out["tensions"] = [_tension(kb, t) for t in tensions]
    out["contradictions"] = list(advice.contradictions)
    out["next_actions"] = next_report(advice, kb)["actions"]
    items = [_entry(e) for e in advice.audit]
    cover = _coverage(advice, kb)
    out["summary"]["coverage"] = cover
    out["summary"]["readiness"] = readiness.rating(findings, items, cover)
    from ..stages import plan

    out["stage_plan"] = plan(kb, advice.audit)
    out["answers"] = [_answer(e) for e in advice.audit if e.answer != "unanswered" or e.status == "waived"]
    out["waivers"] = list(advice.waivers)
    out["audit"] = {k: v for k, v in audit_report(advice, kb, None).items() if k in ("totals", "sections", "items")}
    from . import summary

    summary.complete(out)
    return out


def _coverage(advice, kb):
    from ..graph import plan

    if advice.facts is None:  # an Advice built by hand, without the pipeline
        return None
    return readiness.coverage(kb, advice.facts, advice.audit, plan(kb))


# A contradiction is about the evidence, not a lesson of the papers: it is reported at the item's
# severity, but never above high, since the proposal's own two statements cannot show that a
# critical failure will happen, only that the plan cannot be relied on until they agree.
_CONTRADICTION_CAP = "high"


def _contradiction_finding(c, entry_by_id, kb):
    severity = min(c["severity"], _CONTRADICTION_CAP, key=SEVERITY_RANK.get)
    return {
        "rule": f"contradiction.{c['item']}",
        "kind": "contradiction",
        "title": "The proposal says two different things about one checklist item",
        "family": "evidence",
        "severity": severity,
        "base_severity": severity,
        "mitigated": False,
        "mitigations": [],
        "poison": c["text"] + " Until the two agree, nobody can rely on either.",
        "why": [{"fact": "the proposal", "values": {c["field"]: c["field_value"], "answer": c["answer"]},
                 "text": c["text"]}],
        "antidotes": [{"action": "Correct the proposal so that the field and the checklist answer agree, and "
                                 "give evidence for the answer.",
                       "items": [_item_ref(entry_by_id, kb, c["item"])]}],
        "citations": [],
        "judgements": [{"text": "A proposal that contradicts itself cannot be relied on until the two "
                                "statements agree.",
                        "reason": "No paper discusses contradictory proposals; this is how an auditor treats "
                                  "two records of one control that disagree."}],
        "contradiction": c,
    }


def _answer(e):
    return {"id": e.item.id, "question": e.item.question, "status": e.status, "answer": e.answer,
            "evidence": e.evidence, "date": e.date, "notice": e.notice}


def _entry(e, bases=None):
    return {"id": e.item.id, "section": e.item.section, "question": e.item.question, "action": e.item.action,
            "severity": e.item.severity, "status": e.status, "answer": e.answer,
            "evidence": e.evidence, "date": e.date, "blocked_by": list(e.blocked_by),
            "prerequisites": [p.item for p in e.item.prerequisites], "notice": e.notice,
            "basis": dict((bases or {}).get(e.item.id) or _NO_BASIS)}


_NO_BASIS = {"kind": "none", "text": "not answered, and no field of the proposal answers it"}


def _totals(entries):
    totals = {s: 0 for s in ("present", "partial", "missing", "unknown", "not_applicable", "waived")}
    for e in entries:
        totals[e.status] += 1
    totals["applicable"] = len(entries)
    return totals


def failing(entries, fail_on, unknown="fail"):
    """Items missing at or above the fail-on severity (None: never fail), and, under the unknown
    policy `fail` (the default: silence is not compliance), items unknown at or above it."""
    if fail_on is None:
        return []
    floor = SEVERITIES.index(fail_on)
    bad = ("missing", "unknown") if unknown == "fail" else ("missing",)
    return [e for e in entries if e.status in bad and SEVERITIES.index(e.item.severity) >= floor]


def not_evidenced(entries, fail_on):
    """Unknown items at or above the fail-on severity, whatever the policy."""
    if fail_on is None:
        return []
    floor = SEVERITIES.index(fail_on)
    return [e for e in entries if e.status == "unknown" and SEVERITIES.index(e.item.severity) >= floor]


def audit_report(advice, kb, fail_on="high", unknown="fail"):
    if unknown not in UNKNOWN_POLICIES:
        raise ValueError(f"unknown policy {unknown!r}")
    out = _header("audit", advice, kb)
    out["fail_on"] = fail_on
    out["unknown_policy"] = unknown
    out["unknown_policy_text"] = _POLICY_TEXT[unknown]
    out["totals"] = _totals(advice.audit)
    out["sections"] = []
    for s in kb.sections.values():
        entries = [e for e in advice.audit if e.item.section == s.id]
        if entries:
            out["sections"].append({"id": s.id, "title": s.title, "totals": _totals(entries),
                                    "items": [e.item.id for e in entries]})
    bases = advice.bases(kb)
    out["items"] = [_entry(e, bases) for e in advice.audit]
    out["failing"] = [e.item.id for e in failing(advice.audit, fail_on, unknown)]
    out["not_evidenced"] = [e.item.id for e in not_evidenced(advice.audit, fail_on)]
    out["contradictions"] = list(advice.contradictions)
    cover = _coverage(advice, kb)
    out["coverage"] = cover
    entry_by_id = {e.item.id: e for e in advice.audit}
    findings = [_contradiction_finding(c, entry_by_id, kb) for c in advice.contradictions]
    findings += [{"rule": f.rule.id, "title": f.rule.title, "severity": f.severity, "mitigated": f.mitigated}
                 for f in advice.findings]
    out["readiness"] = readiness.rating(findings, out["items"], cover)
    out["waivers"] = list(advice.waivers)
    return out


_POLICY_TEXT = {
    "fail": "Items with no evidence (not known) fail like missing ones, at or above the fail-on severity.",
    "warn": "Items with no evidence (not known) are reported as warnings; only missing items fail.",
    "pass": "Items with no evidence (not known) are listed but do not fail; only missing items fail.",
}


def next_report(advice, kb):
    out = _header("next", advice, kb)
    out["actions"] = [{"id": n.item.id, "section": n.item.section, "question": n.item.question,
                       "action": n.item.action, "severity": n.item.severity, "unblocks": n.unblocks}
                      for n in advice.next_actions]
    return out
