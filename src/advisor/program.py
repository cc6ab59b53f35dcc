"""Knowledge base -> the units the engine decides -> a compiled, cached Program and Engine.

The Program is cached in memory per process and on disk (cache.py) per knowledge-base digest."""

from .compiler import Unit, compile_units

_CACHE = {}


def rule_unit(rule_id):
    return f"rule:{rule_id}"


def mitigation_unit(rule_id, index):
    return f"mit:{rule_id}:{index}"


def applies_unit(item_id):
    return f"applies:{item_id}"


def criterion_unit(criterion_id):
    return f"suit:{criterion_id}"


def units(kb):
    out = []
    for rule in kb.rules.values():
        out.append(Unit(rule_unit(rule.id), rule.when, tuple(rule.derives)))
        for i, m in enumerate(rule.mitigations):
            out.append(Unit(mitigation_unit(rule.id, i), m.when))
    for item in kb.items.values():
        if item.applies_when is not None:
            out.append(Unit(applies_unit(item.id), item.applies_when))
    for c in kb.suitability.values():
        out.append(Unit(criterion_unit(c.id), c.when))
    return out


def compiled(kb):
    """The Program and Engine for `kb`, built once per process for each knowledge-base content."""
    hit = _CACHE.get(kb.digest)
    if hit is None:
        from . import cache
        from .engine import Engine  # durable-rules loads only when rules are about to run

        program = cache.get("program", kb.digest)  # on disk, from an earlier run
        if program is None:
            program = compile_units(units(kb))
            cache.put("program", kb.digest, program)
        hit = (program, Engine(program))
        _CACHE[kb.digest] = hit
    return hit
