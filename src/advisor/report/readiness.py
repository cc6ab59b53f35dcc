"""The overall readiness rating, decided by one rule (docs/report-format.md), and the coverage it needs.

    red    if any unmitigated critical finding, or any critical checklist item is missing;
    grey   else if too little is known to rate: the weighted coverage of the facts that can change
           the rating is below THRESHOLD ("not enough information to rate");
    amber  else if any unmitigated high finding, any high item missing, or any critical or high
           item that applies is unknown or only partly in place;
    green  otherwise.

Red comes first because a known critical problem is enough to rate: more facts cannot make it
safe. Grey comes before amber and green because both claim to know what is missing.

Silence is not compliance: a proposal that says nothing has nothing known, so it is grey, and a
proposal can never be green while a critical or high item that applies is unknown.

The FACTS THAT CAN CHANGE THE RATING are
  * every critical or high checklist item that applies, and every item whose answer a critical or
    high lesson (or one of its mitigations) tests;
  * every proposal or partner field that such a lesson or mitigation tests, directly, through a
    derived flag, or through the applies-when of a critical or high item. A field that answers one
    of the items above (knowledge-format: answered_by) is counted once, as the item.
Each has a weight: 3 for critical, 2 for high (an item or field feeding a critical lesson counts as
critical); an item that other applicable items need first weighs up to twice as much (prerequisites
are the plan's, graph.py). What is unknown weighs more the closer the start: twice as much within
three months or once the arrangement runs, 1.5 times within six, 1.25 within twelve.

    coverage = known weight / (known weight + urgency x unknown weight)

THRESHOLD is one half: below it, more of what decides the rating is unknown than known, so a colour
would say more about what the proposal leaves out than about the plan.
"""

from ..knowledge import SEVERITY_RANK
from .. import conditions, labels, links

THRESHOLD = 0.5

RULE = ("red if any unmitigated critical finding or any missing critical checklist item; otherwise "
        "grey (not enough information to rate) if less than half of what can change the rating is known, "
        "weighted by severity, by the items others depend on and by how close the start is; amber if any "
        "unmitigated high finding, any missing high item, or any critical or high item unknown or only "
        "partly in place; otherwise green")

LEVELS = (("red", "critical"), ("amber", "high"))
WEIGHT = {"critical": 3, "high": 2}
RATED = ("high", "critical")

# Derived facts -> the field a person gives (facts.build works them out).
_INPUT = {"partners.private_count": "partner.sector", "partners.public_count": "partner.sector",
          "partners.population_ratio": "partner.population", "partners.staff_ratio": "partner.staff",
          "review.years_running": "review.started", "review.years_since_last_review": "review.last_review",
          # issue 11's derived facts: the authorities come from each partner's sector, the functions
          # from the services in scope (partners.same_* are known exactly when they can be compared)
          "partners.authority_count": "partner.sector", "service.functions": "service.kind"}
# Fields that frame many facts: an item a field answers does not stand for them (coverage counts
# them on their own).
_CONTEXT = {"partners.count", "service.kind"}

_RELEVANT = {}  # kb.digest -> (fields, items)


def _input(subject, field):
    """The field a person gives, as coverage counts it: one fact for all of a partner's systems."""
    subject, field = links.asked_as(subject, field)
    if subject == "proposal":
        return _INPUT.get(field, field)
    return "partner.systems" if field.startswith("systems.") else f"partner.{field}"


def _worse(a, b):
    return a if b is None or SEVERITY_RANK[a] >= SEVERITY_RANK[b] else b


def relevant(kb):
    """({field: severity}, {item: severity}): the inputs and the answers that critical and high
    lessons read, directly or through derived flags. Worked out once per knowledge base."""
    hit = _RELEVANT.get(kb.digest)
    if hit is not None:
        return hit
    derivers = {}
    for r in kb.rules.values():
        for f in r.derives:
            derivers.setdefault(f, []).append(r)
    fields, items = {}, {}

    def visit(cond, severity, seen):
        for node in conditions.walk(cond):
            if isinstance(node, conditions.Test):
                key = _input(node.subject, node.field)
                fields[key] = _worse(severity, fields.get(key))
            elif isinstance(node, conditions.Answer):
                items[node.item] = _worse(severity, items.get(node.item))
            elif isinstance(node, conditions.Flag):
                for r in derivers.get(node.name, ()):
                    if r.id not in seen:
                        seen.add(r.id)
                        visit(r.when, severity, seen)

    for r in kb.rules.values():
        if r.is_lesson and r.severity in RATED:
            visit(r.when, r.severity, {r.id})
            for m in r.mitigations:
                visit(m.when, r.severity, {r.id})
    for item in kb.items.values():
        if item.severity in RATED and item.applies_when is not None:
            visit(item.applies_when, item.severity, set())
    _RELEVANT[kb.digest] = hit = (fields, items)
    return hit


def _urgency(fs):
    """(factor, words): how much more an unknown weighs because the start is close."""
    months = fs.proposal.get("arrangement.months_to_start")
    if "review.started" in fs.proposal or months == 0:
        return 2.0, "an arrangement that has started"
    if months is None:
        return 1.0, ""
    if months <= 3:
        return 2.0, f"a start in {months} month{'s' if months != 1 else ''}"
    if months <= 6:
        return 1.5, f"a start in {months} months"
    if months <= 12:
        return 1.25, f"a start in {months} months"
    return 1.0, ""


def _known_field(fs, field):
    if field == "partners.count":
        return "partners.count" in fs.proposal
    if field.startswith("partner."):
        key = field[len("partner."):]
        if not fs.partners:
            return False
        if key == "systems":
            return all(any(k.startswith("systems.") for k in p) for p in fs.partners)
        return all(p.get(key) is not None for p in fs.partners)
    return fs.proposal.get(field) is not None


def coverage(kb, fs, entries, plan):
    """The coverage figure (report key `coverage`) and the unknown facts that matter most.

    `entries`: the applicable AuditEntry list; `plan`: graph.plan(kb)."""
    fields, tested_items = relevant(kb)
    by_id = {e.item.id: e for e in entries}
    urgency, urgency_words = _urgency(fs)
    facts = []  # (kind, id, label, severity, weight, known)
    stand_in = set()
    for e in entries:
        severity = e.item.severity if e.item.severity in RATED else None
        severity = _worse(tested_items[e.item.id], severity) if e.item.id in tested_items else severity
        if severity is None:
            continue
        needed_by = sum(1 for s in plan.unblocks(e.item.id) if s in by_id)
        weight = WEIGHT[severity] * (1 + min(needed_by, 4) / 4)
        facts.append(("item", e.item.id, e.item.question, severity, weight, e.status != "unknown"))
        for _, cond in e.item.answered_by:
            for node in conditions.walk(cond):
                if isinstance(node, conditions.Test):
                    stand_in.add(_input(node.subject, node.field))
    started = "review.started" in fs.proposal
    not_yet = not started and (fs.proposal.get("arrangement.months_to_start") or 0) > 0
    for field, severity in fields.items():
        if field in stand_in - _CONTEXT:
            continue  # the item it answers is counted instead: one fact, counted once
        if not_yet and field.startswith("review."):
            continue  # a review is for an arrangement that runs; this one has not started
        facts.append(("field", field, labels.field_label(field), severity, WEIGHT[severity],
                      _known_field(fs, field)))
    known_w = sum(f[4] for f in facts if f[5])
    unknown_w = sum(f[4] for f in facts if not f[5])
    ratio = known_w / (known_w + urgency * unknown_w) if facts else 0.0
    known = sum(1 for f in facts if f[5])
    items = [f for f in facts if f[0] == "item"]
    hc = [f for f in items if kb.items[f[1]].severity in RATED]
    hc_known = sum(1 for f in hc if f[5])
    order = {i: n for n, i in enumerate(e.item.id for e in entries)}
    unknown = sorted((f for f in facts if not f[5]),
                     key=lambda f: (-f[4], -SEVERITY_RANK[f[3]], f[0] != "item", order.get(f[1], 0), f[1]))
    plain = known / len(facts) if facts else 0.0
    weighted = f"weighted for {urgency_words} and " if urgency_words else "weighted "
    text = (f"{known} of the {len(facts)} facts that can change the rating are known ({_pct(plain)}), "
            f"including {hc_known} of the {len(hc)} critical and high checklist items that apply; "
            f"{weighted}for the items others depend on, that is {_pct(ratio)}, and a rating needs "
            f"at least {_pct(THRESHOLD)}.")
    return {
        "known": known, "total": len(facts), "ratio": round(ratio, 3), "plain_ratio": round(plain, 3),
        "high_critical": {"known": hc_known, "total": len(hc)},
        "items": {"known": sum(1 for f in items if f[5]), "total": len(items)},
        "fields": {"known": sum(1 for f in facts if f[0] == "field" and f[5]),
                   "total": sum(1 for f in facts if f[0] == "field")},
        "urgency": urgency, "threshold": THRESHOLD, "enough": ratio >= THRESHOLD, "text": text,
        "unknown_that_matter": [{"kind": f[0], "id": f[1], "label": f[2], "severity": f[3]} for f in unknown[:8]],
    }


def _pct(x):
    return f"{int(x * 100 + 0.5)}%"


def rating(findings, items, cover=None):
    """findings: report finding dicts; items: audit item dicts; cover: coverage() or None (no
    coverage check, as for a hand-made report). Returns the `readiness` dict."""
    unknown_that_matter = (cover or {}).get("unknown_that_matter", [])
    for colour, severity in LEVELS:
        triggers = [{"kind": "finding", "id": f["rule"], "title": f["title"], "severity": severity,
                     "status": "found"}
                    for f in findings if f["severity"] == severity and not f["mitigated"]]
        triggers += [{"kind": "item", "id": e["id"], "title": e["question"], "severity": severity,
                      "status": "missing"}
                     for e in items if e["severity"] == severity and e["status"] == "missing"]
        if colour == "amber":
            if cover is not None and not cover["enough"]:
                return _grey(cover)
            triggers += [{"kind": "item", "id": e["id"], "title": e["question"], "severity": e["severity"],
                          "status": e["status"]}
                         for e in items if e["severity"] in RATED and e["status"] in ("unknown", "partial")]
        if triggers:
            decided = "critical" if colour == "red" else "high"
            return {"rating": colour, "rule": RULE, "decided_by": decided, "triggers": triggers,
                    "reason": _reason(colour, triggers), "unknown_that_matter": unknown_that_matter}
    return {"rating": "green", "rule": RULE, "decided_by": None, "triggers": [],
            "reason": "No critical or high problem is known, and every critical and high checklist item "
                      "that applies is in place, waived or not applicable.",
            "unknown_that_matter": unknown_that_matter}


def _grey(cover):
    reason = (f"Advisor knows {_pct(cover['ratio'])} of what decides the rating, weighted, and needs at "
              f"least {_pct(cover['threshold'])} to rate it.")
    return {"rating": "grey", "rule": RULE, "decided_by": "coverage", "triggers": [], "reason": reason,
            "unknown_that_matter": cover["unknown_that_matter"]}


def _count(n, one, many):
    return f"{n} {one if n == 1 else many}"


def _reason(colour, triggers):
    found = [t for t in triggers if t["status"] == "found"]
    missing = [t for t in triggers if t["status"] == "missing"]
    unknown = [t for t in triggers if t["status"] == "unknown"]
    partial = [t for t in triggers if t["status"] == "partial"]
    level = "critical" if colour == "red" else "high"
    parts = []
    if found:
        parts.append(_count(len(found), f"{level} problem", f"{level} problems") + " found"
                     + (f" ({found[0]['title']}{' and others' if len(found) > 1 else ''})"))
    if missing:
        parts.append(_count(len(missing), f"{level} checklist item", f"{level} checklist items") + " missing")
    if unknown:
        parts.append(_count(len(unknown), "critical or high item", "critical or high items") + " not known")
    if partial:
        parts.append(_count(len(partial), "critical or high item", "critical or high items") + " only partly in place")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."
