"""The overall readiness rating of an advice report, decided by one rule (docs/report-format.md).

    red    if any unmitigated critical finding, or any critical checklist item is missing;
    amber  else if any unmitigated high finding, or any high checklist item is missing;
    green  otherwise.

A waived item is not missing. Unknown and partial items do not set the rating (the audit lists
them); a mitigated finding is judged at its mitigated severity, so it never sets the rating here.
"""

RULE = ("red if any unmitigated critical finding or any missing critical checklist item; "
        "amber if any unmitigated high finding or any missing high checklist item; otherwise green")

LEVELS = (("red", "critical"), ("amber", "high"))


def rating(findings, items):
    """findings: report finding dicts; items: audit item dicts. Returns the `readiness` dict."""
    for colour, severity in LEVELS:
        triggers = [{"kind": "finding", "id": f["rule"], "title": f["title"], "severity": severity}
                    for f in findings if f["severity"] == severity and not f["mitigated"]]
        triggers += [{"kind": "item", "id": e["id"], "title": e["question"], "severity": severity}
                     for e in items if e["severity"] == severity and e["status"] == "missing"]
        if triggers:
            return {"rating": colour, "rule": RULE, "decided_by": severity, "triggers": triggers}
    return {"rating": "green", "rule": RULE, "decided_by": None, "triggers": []}


def sentence(readiness):
    """One line saying what decided the rating."""
    t = readiness["triggers"]
    if not t:
        return "Green: no unmitigated critical or high finding, and no critical or high item missing."
    names = ", ".join(x["id"] for x in t[:3]) + (f" and {len(t) - 3} more" if len(t) > 3 else "")
    return (f"{readiness['rating'].capitalize()}: {len(t)} unmitigated {readiness['decided_by']} "
            f"finding(s) or missing {readiness['decided_by']} item(s): {names}.")
