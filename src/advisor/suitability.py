"""The delivery-model section: the DCLG suitability verdict with its reasons, and what the chosen
model is known to do well and badly (knowledge/models.yaml, knowledge/suitability.yaml)."""

from .findings import _reasons
from .program import criterion_unit

VERDICT_TEXT = {
    "public_partner": "Consider sharing with another public sector partner.",
    "private_partner": "Consider a private sector partner (then it is a contract, not a shared service).",
    "probably_not_suitable": "Sharing probably will not suit this service.",
    "undetermined": "The proposal does not yet say enough to place the service in the DCLG table.",
}


def verdict(reasons):
    """Any 'not suitable' reason decides; otherwise the side with more reasons; a tie favours a
    public partner, the model the five papers describe as a shared service."""
    kinds = [r["verdict"] for r in reasons]
    if "not_suitable" in kinds:
        return "probably_not_suitable"
    public, private = kinds.count("public_partner"), kinds.count("private_partner")
    if not public and not private:
        return "undetermined"
    return "private_partner" if private > public else "public_partner"


def section(kb, program, result, facts, proposal):
    reasons = []
    for c in kb.suitability.values():
        unit = criterion_unit(c.id)
        if unit not in result.fired:
            continue
        why = _reasons(program, result.matches(unit), facts)
        cite = c.citations[0]
        reasons.append({"id": c.id, "verdict": c.verdict, "text": c.text,
                        "fact": "; ".join(w.words() for w in why),
                        "citation": {"source": cite.source, "section": cite.section, "quote": cite.quote}})
    chosen = proposal.get("arrangement", {}).get("model")
    model = kb.models.get(chosen, {}) if chosen else {}
    v = verdict(reasons)
    return {
        "model": chosen,
        "title": model.get("title", chosen or "not chosen"),
        "description": model.get("description", ""),
        "verdict": v,
        "verdict_text": VERDICT_TEXT[v],
        "reasons": reasons,
        "vehicle": model.get("vehicle") or {},
        "advantages": model.get("advantages") or [],
        "disadvantages": model.get("disadvantages") or [],
        "average_saving": model.get("average_saving"),
    }
