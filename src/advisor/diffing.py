"""What got better and what got worse between two versions of a proposal.

Compares the advice and audit reports (report/model.py) of OLD and NEW: findings that are new,
resolved, more or less severe, newly mitigated or no longer mitigated; checklist items whose status
moved up or down the ladder missing < unknown < partial < done (present, waived, not applicable).
"""

from .knowledge import SEVERITY_RANK

STATUS_RANK = {"missing": 0, "unknown": 1, "partial": 2, "present": 3, "waived": 3, "not_applicable": 3}
# Grey (not enough information to rate) sits where unknown sits on the item ladder: above a known
# critical problem, below a rating that rests on what is known.
READINESS_RANK = {"red": 0, "grey": 1, "amber": 2, "green": 3}


def _finding(f):
    return {"rule": f["rule"], "title": f["title"], "severity": f["severity"], "mitigated": f["mitigated"]}


def compare(old_advice, old_audit, new_advice, new_audit):
    from .report.model import SCHEMA

    old_f = {f["rule"]: f for f in old_advice["findings"]}
    new_f = {f["rule"]: f for f in new_advice["findings"]}
    findings = {"new": [], "resolved": [], "more_severe": [], "less_severe": [],
                "newly_mitigated": [], "no_longer_mitigated": []}
    for rule, f in new_f.items():
        if rule not in old_f:
            findings["new"].append(_finding(f))
            continue
        o = old_f[rule]
        change = dict(_finding(f), old_severity=o["severity"])
        if f["mitigated"] and not o["mitigated"]:
            findings["newly_mitigated"].append(change)
        elif o["mitigated"] and not f["mitigated"]:
            findings["no_longer_mitigated"].append(change)
        elif SEVERITY_RANK[f["severity"]] > SEVERITY_RANK[o["severity"]]:
            findings["more_severe"].append(change)
        elif SEVERITY_RANK[f["severity"]] < SEVERITY_RANK[o["severity"]]:
            findings["less_severe"].append(change)
    findings["resolved"] = [_finding(f) for rule, f in old_f.items() if rule not in new_f]

    old_i = {e["id"]: e for e in old_audit["items"]}
    new_i = {e["id"]: e for e in new_audit["items"]}
    items = {"better": [], "worse": [], "changed": [], "newly_applicable": [], "no_longer_applicable": []}
    for item_id, e in new_i.items():
        ref = {"id": item_id, "question": e["question"], "severity": e["severity"], "status": e["status"]}
        if item_id not in old_i:
            items["newly_applicable"].append(ref)
            continue
        before = old_i[item_id]["status"]
        if before == e["status"]:
            continue
        ref["old_status"] = before
        delta = STATUS_RANK[e["status"]] - STATUS_RANK[before]
        items["better" if delta > 0 else "worse" if delta < 0 else "changed"].append(ref)
    items["no_longer_applicable"] = [{"id": i, "question": e["question"], "severity": e["severity"],
                                      "status": e["status"]} for i, e in old_i.items() if i not in new_i]

    r_old = old_advice["summary"]["readiness"]["rating"]
    r_new = new_advice["summary"]["readiness"]["rating"]
    worse = (len(findings["new"]) + len(findings["more_severe"]) + len(findings["no_longer_mitigated"])
             + len(items["worse"]) + sum(1 for e in items["newly_applicable"] if e["status"] == "missing"))
    better = (len(findings["resolved"]) + len(findings["less_severe"]) + len(findings["newly_mitigated"])
              + len(items["better"]))
    return {"schema": SCHEMA, "kind": "diff",
            "old": old_advice["proposal"], "new": new_advice["proposal"],
            "knowledge_base": new_advice["knowledge_base"],
            "readiness": {"old": r_old, "new": r_new,
                          "change": _direction(READINESS_RANK[r_new] - READINESS_RANK[r_old])},
            "summary": {"better": better, "worse": worse},
            "findings": findings, "items": items}


def _direction(delta):
    return "better" if delta > 0 else "worse" if delta < 0 else "same"
