"""The delivery-model section: the DCLG suitability verdict with its reasons grouped under the
table's three columns, and what each chosen model is known to do well and badly
(knowledge/models.yaml, knowledge/suitability.yaml)."""

from .findings import _reasons
from .program import criterion_unit

VERDICT_TEXT = {
    "public_partner": "Consider sharing with another public sector partner.",
    "private_partner": "Consider a private sector partner (then it is a contract, not a shared service).",
    "probably_not_suitable": "Sharing probably will not suit this service.",
    "undetermined": "The proposal does not yet say enough to place the service in the DCLG table.",
}

# The three columns of the DCLG table (rmbc-2010 Appendix 1), in the table's order.
COLUMNS = (
    ("public_partner", "Reasons to consider another public sector partner"),
    ("private_partner", "Reasons to consider a private sector partner"),
    ("not_suitable", "Reasons sharing probably will not suit the service"),
)

# How the verdict is reached. The table gives the rows of each column but not how to weigh them, so
# this rule is advisor's own judgement, and every report says so.
VERDICT_JUDGEMENT = {
    "text": "Any reason in the 'probably not suitable' column decides the verdict. Otherwise the column "
            "with more reasons wins, a tie going to a public partner, and a private partner is suggested "
            "only when at least two reasons point to it.",
    "reason": "The DCLG table (rmbc-2010 Appendix 1) lists its rows in three columns without saying how to "
              "weigh them. A single row such as a wish for fast change is weak evidence on its own, and "
              "enc-2017 §3.3 says a shared service does not involve the private sector, so a private "
              "partner needs more than one reason.",
}

DECIDED_BY = {
    "not_suitable": "A reason in the 'probably not suitable' column decides the verdict.",
    "more_private": "At least two reasons point to a private partner, more than to a public partner.",
    "more_public": "At least as many reasons point to a public partner as to a private one.",
    "one_private": "Only one reason points anywhere, to a private partner; one reason is not enough to "
                   "suggest a private partner.",
    "none": "No row of the DCLG table is known to hold for this proposal.",
}


def verdict(reasons):
    """(verdict, rule): see VERDICT_JUDGEMENT."""
    kinds = [r["verdict"] for r in reasons]
    if "not_suitable" in kinds:
        return "probably_not_suitable", "not_suitable"
    public, private = kinds.count("public_partner"), kinds.count("private_partner")
    if private >= 2 and private > public:
        return "private_partner", "more_private"
    if public:
        return "public_partner", "more_public"
    if private:
        return "undetermined", "one_private"
    return "undetermined", "none"


def _sentence(columns, v):
    counts = {c["verdict"]: c["count"] for c in columns}
    parts = [f"{_number(counts['public_partner'])} for a public sector partner",
             f"{_number(counts['private_partner'])} for a private sector partner",
             f"{_number(counts['not_suitable'])} against sharing"]
    total = sum(counts.values())
    if not total:
        return "No reason from the DCLG table is known yet. " + VERDICT_TEXT[v]
    return (f"Of the DCLG table's reasons, {parts[0]}, {parts[1]} and {parts[2]} hold. "
            + VERDICT_TEXT[v])


def _number(n):
    words = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[n] if n < len(words) else str(n)


def _judgements(owner):
    return [{"text": j.text, "reason": j.reason} for j in getattr(owner, "judgements", ())]


def _model(kb, model_id):
    model = kb.models.get(model_id, {})
    return {
        "model": model_id,
        "title": model.get("title", model_id),
        "description": model.get("description", ""),
        "vehicle": model.get("vehicle") or {},
        "vehicle_notes": model.get("vehicle_notes") or {},
        "advantages": model.get("advantages") or [],
        "disadvantages": model.get("disadvantages") or [],
        "average_saving": model.get("average_saving"),
    }


def section(kb, program, result, facts, proposal):
    reasons = []
    titles = dict(COLUMNS)
    for c in kb.suitability.values():
        unit = criterion_unit(c.id)
        if unit not in result.fired:
            continue
        why = _reasons(program, result.matches(unit), facts)
        cite = c.citations[0]
        reasons.append({"id": c.id, "verdict": c.verdict, "column": titles[c.verdict], "text": c.text,
                        "fact": "; ".join(w.words() for w in why),
                        "citation": {"source": cite.source, "section": cite.section, "quote": cite.quote},
                        "judgements": _judgements(c)})
    v, rule = verdict(reasons)
    columns = []
    for key, title in COLUMNS:
        held = [r for r in reasons if r["verdict"] == key]
        columns.append({"verdict": key, "title": title, "count": len(held), "reasons": held})
    decisive = {"not_suitable": ("not_suitable",), "more_private": ("private_partner",),
                "more_public": ("public_partner",), "one_private": ("private_partner",)}.get(rule, ())
    chosen = proposal.get("arrangement", {}).get("model") or []
    if isinstance(chosen, str):
        chosen = [chosen]
    models = [_model(kb, m) for m in chosen]
    first = models[0] if models else _model(kb, None)
    return {
        # The first chosen model, as before models became a list; `models` holds every one.
        "model": chosen[0] if chosen else None,
        "models": models,
        "title": " and ".join(m["title"] for m in models) if models else "not chosen",
        "description": first["description"],
        "verdict": v,
        "verdict_text": VERDICT_TEXT[v],
        "sentence": _sentence(columns, v),
        "decided_by": {"rule": rule, "text": DECIDED_BY[rule],
                       "reasons": [r["id"] for r in reasons if r["verdict"] in decisive]},
        "judgements": [dict(VERDICT_JUDGEMENT)],
        "columns": columns,
        "reasons": reasons,
        "vehicle": first["vehicle"],
        "vehicle_notes": first["vehicle_notes"],
        "advantages": first["advantages"],
        "disadvantages": first["disadvantages"],
        "average_saving": first["average_saving"],
    }
