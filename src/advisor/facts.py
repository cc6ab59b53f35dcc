"""Proposal -> facts. Everything that compares two partners is computed here, before the engine,
because durable-rules reads out of bounds when one pattern refers to another fact's value."""

from dataclasses import dataclass, field
from itertools import combinations

from . import dates
from .schema import KIND_FUNCTIONS, PARTNER, SECTIONS, SYSTEM_FUNCTIONS, normalise_name

UNANSWERED = "unanswered"

# The derived fields each input feeds, as build() computes them. kb check (is an input used?) and
# the questionnaire (can this answer change an outcome?) read it, so it lives beside the code.
_SAME_SYSTEM = {("proposal", f"partners.same_system.{fn}") for fn in SYSTEM_FUNCTIONS}
FEEDS = {
    ("partner", "political_control"): {("pair", "same_political_control"),
                                       ("proposal", "partners.same_political_control")},
    ("proposal", "alignment.political_control"): {("proposal", "partners.same_political_control")},
    ("proposal", "alignment.systems_same"): _SAME_SYSTEM,
    ("proposal", "alignment.systems_different"): _SAME_SYSTEM,
    ("proposal", "service.kind"): {("proposal", "service.functions")},
    ("partner", "tier"): {("pair", "same_tier"), ("proposal", "partners.authority_count")},
    ("partner", "development_stance"): {("pair", "stance_conflict")},
    ("partner", "population"): {("pair", "population_ratio"), ("proposal", "partners.population_ratio")},
    ("partner", "staff"): {("pair", "staff_ratio"), ("proposal", "partners.staff_ratio")},
    ("partner", "sector"): {("proposal", "partners.private_count"), ("proposal", "partners.public_count"),
                            ("proposal", "partners.authority_count")},
    ("proposal", "review.started"): {("proposal", "review.years_running")},
    ("proposal", "review.last_review"): {("proposal", "review.years_since_last_review")},
}


def fed_by(subject, field):
    """The fields an answer to (subject, field) sets: itself and what build() derives from it."""
    out = {(subject, field)} | FEEDS.get((subject, field), set())
    if subject == "partner" and field.startswith("systems."):
        fn = field.split(".", 1)[1]
        out |= {("pair", "same_system." + fn), ("proposal", "partners.same_system." + fn)}
    return out


@dataclass
class FactSet:
    """The facts about one proposal. Records are flat dicts keyed by catalogue field names."""

    proposal: dict
    partners: list
    pairs: list
    answers: dict  # item id -> status
    labels: dict = field(default_factory=dict)  # fact id -> words for reports
    _pair_index: dict = field(default=None, repr=False, compare=False)

    def status(self, item):
        return self.answers.get(item, UNANSWERED)

    def record(self, fact_id):
        if fact_id == "proposal":
            return self.proposal
        kind, _, index = fact_id.partition(":")
        if kind == "partner":
            return self.partners[int(index)]
        if kind == "pair":
            # An index built on first use: 100 partners make 4,950 pairs, and a scan per lookup
            # made reading the matches quadratic (issue 9).
            if self._pair_index is None or len(self._pair_index) != len(self.pairs):
                self._pair_index = {p["id"]: p for p in self.pairs}
            return self._pair_index[fact_id]
        raise KeyError(fact_id)


def build(proposal, today=None):
    """Turn a validated, normalised proposal (schema.validate) into a FactSet.

    `today` (a date; default dates.today()) dates the review-age facts."""
    flat = {"id": "proposal"}
    for section, fields in SECTIONS.items():
        for key, value in proposal.get(section, {}).items():
            if isinstance(value, str) and fields.get(key) is not None and fields[key].kind == "enumlist":
                value = [value]  # a list field given one value, as schema.validate reads it
            flat[f"{section}.{key}"] = value
    review = proposal.get("review", {})
    if review:
        day = today or dates.today()
        if "last_review" in review:
            flat["review.years_since_last_review"] = dates.whole_years(review["last_review"], day)
        if "started" in review:
            flat["review.years_running"] = dates.whole_years(review["started"], day)
    partners = []
    labels = {"proposal": "the proposal"}
    for i, p in enumerate(proposal.get("partners", [])):
        rec = {"id": f"partner:{i}"}
        for key, value in p.items():
            if PARTNER[key].kind == "systems":
                for fn, system in value.items():
                    rec[f"systems.{fn}"] = system
            else:
                rec[key] = value
        labels[rec["id"]] = p.get("name") or f"partner {i + 1}"
        partners.append(rec)
    pairs = []
    for (i, a), (j, b) in combinations(enumerate(partners), 2):
        rec = _pair(a, b)
        rec["id"] = f"pair:{i}-{j}"
        labels[rec["id"]] = f"{labels[a['id']]} and {labels[b['id']]}"
        pairs.append(rec)
    if "partners" in proposal:  # no partners listed means the count is unknown, not zero
        flat.update(_aggregates(partners))
    flat.update(_comparisons(proposal.get("alignment", {}), partners, pairs))
    kinds = flat.get("service.kind")
    if kinds:
        flat["service.functions"] = sorted({fn for k in kinds for fn in KIND_FUNCTIONS[k]},
                                           key=SYSTEM_FUNCTIONS.index)
    answers = {item: a["status"] for item, a in proposal.get("answers", {}).items()}
    return FactSet(flat, partners, pairs, answers, labels)


def _pair(a, b):
    rec = {}
    if a.get("political_control") and b.get("political_control"):
        rec["same_political_control"] = a["political_control"] == b["political_control"]
    if a.get("tier") and b.get("tier"):
        rec["same_tier"] = a["tier"] == b["tier"]
    if a.get("development_stance") and b.get("development_stance"):
        rec["stance_conflict"] = {a["development_stance"], b["development_stance"]} == {"growth", "restraint"}
    for key in ("population", "staff"):
        ratio = _ratio([a.get(key), b.get(key)])
        if ratio is not None:
            rec[f"{key}_ratio"] = ratio
    for key in a:
        if key.startswith("systems.") and key in b:
            fn = key.split(".", 1)[1]
            rec[f"same_system.{fn}"] = _system(a[key]) == _system(b[key])
    return rec


def _system(name):
    # "Integra", "integra " and "INTEGRA" are one system; spaces and case say nothing.
    return normalise_name(name).replace("_", "")


def _ratio(values):
    known = [v for v in values if isinstance(v, int)]
    if len(known) < 2 or min(known) <= 0:
        return None
    return round(max(known) / min(known), 3)


def _compare(named, stated):
    """One comparison over all partners: the partners' own entries decide when they can (any pair
    differs, or every pair is known alike); otherwise what the proposal states (same/different)."""
    if False in named:
        return False
    if named and all(v is True for v in named):
        return True
    return {"same": True, "different": False}.get(stated)


def _comparisons(alignment, partners, pairs):
    out = {}
    control = _compare([p.get("same_political_control") for p in pairs], alignment.get("political_control"))
    if control is not None:
        out["partners.same_political_control"] = control
    for fn in SYSTEM_FUNCTIONS:
        stated = ("different" if fn in alignment.get("systems_different", ()) else
                  "same" if fn in alignment.get("systems_same", ()) else None)
        same = _compare([p.get(f"same_system.{fn}") for p in pairs], stated)
        if same is not None:
            out[f"partners.same_system.{fn}"] = same
    return out


def _is_authority(p):
    # A council, or another public body: the papers' partnership sizes count authorities, so a
    # private company or a voluntary body is not one (rmbc-2010 Appendix 1).
    return p.get("sector") == "public" or (p.get("sector") is None and p.get("tier") in ("county", "district", "unitary"))


def _aggregates(partners):
    out = {"partners.count": len(partners)}
    if not partners:
        return out
    out["partners.private_count"] = sum(p.get("sector") == "private" for p in partners)
    out["partners.public_count"] = sum(p.get("sector") == "public" for p in partners)
    out["partners.authority_count"] = sum(_is_authority(p) for p in partners)
    for key in ("population", "staff"):
        values = [p.get(key) for p in partners]
        if all(isinstance(v, int) for v in values):
            ratio = _ratio(values)
            if ratio is not None:
                out[f"partners.{key}_ratio"] = ratio
    return out
