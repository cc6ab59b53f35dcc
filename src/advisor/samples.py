"""Random but realistic proposals: evidence for kb check's anomaly search, the oracle and isolation
tests, and the benchmarks."""

import random

from .schema import PARTNER, SECTIONS, STATUSES


def _value(field, rng):
    kind = field.kind
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.choice([0, 1, 2, 3, 6, 12, 24, 30, 45, 60, 90, 120, 5000, 84000, 137000, 1100000])
    if kind == "enum":
        return rng.choice(field.values)
    if kind == "enumlist":
        return rng.sample(field.values, rng.randint(1, 3))
    if kind == "text":
        return rng.choice(["Hertfordshire CC", "Stevenage BC", "Integra", "SAP", "Agresso"])
    if kind == "name":
        return rng.choice(["conservative", "labour", "liberal_democrat", "no_overall_control"])
    if kind == "date":
        return rng.choice(["2009-04-01", "2015-06-30", "2024-01-15"])
    if kind == "systems":
        fns = rng.sample(field.values, rng.randint(0, 3))
        return {fn: rng.choice(["Integra", "SAP", "integra", "Agresso"]) for fn in fns}
    raise AssertionError(kind)


def proposal(rng, item_ids, density=0.7):
    out = {}
    for section, fields in SECTIONS.items():
        chosen = {k: _value(f, rng) for k, f in fields.items() if rng.random() < density}
        if chosen:
            out[section] = chosen
    if rng.random() < 0.9:
        out["partners"] = [{k: _value(f, rng) for k, f in PARTNER.items() if rng.random() < density}
                           for _ in range(rng.randint(0, 6))]
    answers = {}
    for item in item_ids:
        if rng.random() < density / 2:
            answers[item] = {"status": rng.choice(STATUSES)}
    if answers:
        out["answers"] = answers
    return out


def proposals(seed, count, item_ids, density=0.7):
    rng = random.Random(seed)
    return [proposal(rng, sorted(item_ids), density) for _ in range(count)]
