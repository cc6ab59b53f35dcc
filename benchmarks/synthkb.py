"""Synthetic knowledge bases in the documented format (docs/knowledge-format.md), for the
benchmarks (100 / 1,000 / 5,000 rules) and for the property tests (random acyclic prerequisites).

write_kb(root, rules, items, seed) writes knowledge/ and rules/ under `root` and returns the item
ids with their prerequisites. Conditions are drawn from the real field catalogue, so the rules
compile and fire like real ones.
"""

import random
from pathlib import Path

import yaml

from advisor.schema import PARTNER, SECTIONS

SOURCE_TEXT = "A synthetic paper. Shared services need a board. Partners must agree the costs.\n"
CITE = [{"source": "synth", "section": "§1", "quote": "Shared services need a board."}]
_PROPOSAL_KINDS = ("bool", "enum", "int")


def _proposal_fields():
    return [(f"{s}.{k}", f) for s, fields in SECTIONS.items() for k, f in fields.items() if f.kind in _PROPOSAL_KINDS]


def _partner_fields():
    return [(k, f) for k, f in PARTNER.items() if f.kind in ("enum", "int")]


def _test(rng, name, field):
    if field.kind == "bool":
        return {name: rng.random() < 0.5}
    if field.kind == "enum":
        if rng.random() < 0.3:
            return {name: {"in": rng.sample(field.values, min(2, len(field.values)))}}
        return {name: rng.choice(field.values)}
    op = rng.choice(["lt", "ge", "gt", "le"])
    return {name: {op: rng.choice([1, 3, 6, 12, 24, 100, 5000])}}


def condition(rng, item_ids, flags=()):
    pf, partner = _proposal_fields(), _partner_fields()
    shape = rng.random()
    if shape < 0.45:
        name, f = rng.choice(pf)
        return _test(rng, name, f)
    if shape < 0.65:
        parts = [_test(rng, *rng.choice(pf)) for _ in range(2)]
        return {"all": parts} if rng.random() < 0.5 else {"any": parts}
    if shape < 0.8:
        name, f = rng.choice(partner)
        return {"any_partner": _test(rng, name, f)}
    if shape < 0.9 or not flags:
        return {"answer": {"item": rng.choice(item_ids), "in": rng.sample(["no", "unknown", "unanswered"], 2)}}
    return {"all": [{"flag": rng.choice(flags)}, _test(rng, *rng.choice(pf))]}


def prerequisites(rng, ids, density=0.15):
    """A random acyclic prerequisite relation: each item may need items earlier in a random order."""
    order = list(ids)
    rng.shuffle(order)
    out = {i: [] for i in ids}
    for k, item in enumerate(order):
        for earlier in order[:k]:
            if rng.random() < density:
                out[item].append(earlier)
    return out


def write_kb(root, rules=100, items=30, seed=0, density=0.15):
    rng = random.Random(seed)
    root = Path(root)
    k, r = root / "knowledge", root / "rules" / "synth"
    (k / "checklist").mkdir(parents=True, exist_ok=True)
    (k / "sources").mkdir(exist_ok=True)
    r.mkdir(parents=True, exist_ok=True)
    (k / "sources" / "synth.txt").write_text(SOURCE_TEXT)
    dump = lambda path, data: path.write_text(yaml.safe_dump(data, sort_keys=False))  # noqa: E731
    dump(k / "sources.yaml", [{"id": "synth", "title": "Synthetic paper", "council": "Nowhere DC",
                               "date": "2020-01-01", "file": "sources/synth.txt"}])
    sections = ["alpha", "beta", "gamma"]
    dump(k / "sections.yaml", [{"id": s, "title": s.title()} for s in sections])
    ids = [f"{sections[i % 3]}.item_{i:04d}" for i in range(items)]
    prereqs = prerequisites(rng, ids, density)
    checklist = []
    for i in ids:
        entry = {"id": i, "section": i.split(".")[0], "question": f"Is {i} done?",
                 "severity": rng.choice(["low", "medium", "high", "critical"]), "citations": CITE}
        if prereqs[i]:
            entry["prerequisites"] = [{"item": p, "reason": "it comes first"} for p in prereqs[i]]
        if rng.random() < 0.2:
            entry["applies_when"] = condition(rng, ids)
        checklist.append(entry)
    dump(k / "checklist" / "items.yaml", checklist)
    flags = []
    for n in range(rules):
        rid = f"synth.r{n:05d}"
        if n % 10 == 9:  # a derivation now and then, so strata and flags are exercised
            flag = f"f{n}"
            dump(r / f"{rid}.yaml", {"id": rid, "title": f"Derivation {n}", "when": condition(rng, ids, flags),
                                     "derives": [flag]})
            flags.append(flag)
            continue
        dump(r / f"{rid}.yaml", {
            "id": rid, "title": f"Synthetic lesson {n}", "severity": rng.choice(["low", "medium", "high"]),
            "when": condition(rng, ids, flags), "poison": "Something goes wrong.",
            "antidotes": [{"action": "Do the thing.", "items": rng.sample(ids, 2)}],
            "citations": CITE, "tests": {"test_fail_a": {}, "test_pass_b": {}}})
    return ids, prereqs
