"""The reference evaluator: the whole knowledge base decided in plain Python, without the engine.

Tests hold the engine to this on generated proposals. It shares only the condition tree and the
facts with the engine path, and orders derived flags by its own stratification.
"""

from . import conditions
from .program import units


def decide(kb, facts):
    """The set of unit names (rules, mitigations, applies-when) whose condition holds."""
    todo = {u.name: u for u in units(kb)}
    producers = {}
    for u in todo.values():
        for f in u.derives:
            producers.setdefault(f, set()).add(u.name)
    flags, fired, done = set(), set(), set()
    while len(done) < len(todo):
        ready = [n for n, u in todo.items() if n not in done and all(
            p in done for f in conditions.flags_used(u.condition) for p in producers.get(f, ()))]
        if not ready:
            raise ValueError("derived flags form a cycle")
        for name in ready:
            if conditions.evaluate(todo[name].condition, facts, flags):
                fired.add(name)
            done.add(name)
        for name in ready:
            if name in fired:
                flags.update(todo[name].derives)
    return fired
