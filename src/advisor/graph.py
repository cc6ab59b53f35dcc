"""The checklist as a networkx DiGraph (prerequisite -> item), and the orders that come from it.

networkx builds the graph and finds its generations once per knowledge base. What a run needs from
them is kept as a Plan of plain data, cached in memory and on disk beside the compiled program
(cache.py), so a single `advisor advise` reads the plan and need not import networkx (~0.2 s).
"""

from dataclasses import dataclass

from .errors import InputError
from .knowledge import SEVERITY_RANK

_PLANS = {}  # kb.digest -> Plan


def build(kb):
    import networkx as nx

    g = nx.DiGraph()
    for item in kb.items.values():
        g.add_node(item.id, severity=item.severity, section=item.section)
    for item in kb.items.values():
        for p in item.prerequisites:
            g.add_edge(p.item, item.id, reason=p.reason)
    return g


def cycles(g, limit=10):
    """Prerequisite cycles, each as a list of item ids, shortest first."""
    import networkx as nx

    found = []
    for cycle in nx.simple_cycles(g):
        found.append(cycle)
        if len(found) >= limit:
            break
    return sorted(found, key=len)


def generations(g):
    """Item id -> depth: 0 for items with no prerequisites, else one more than the deepest."""
    import networkx as nx

    try:
        return {n: level for level, nodes in enumerate(nx.topological_generations(g)) for n in nodes}
    except nx.NetworkXUnfeasible:
        stuck = sorted(cycles(g, 1)[0]) if cycles(g, 1) else []
        raise InputError("the checklist's prerequisites form a cycle through " + ", ".join(stuck[:5])
                         + "; run `advisor kb check`") from None


def order_keys(kb, depth):
    """Item id -> sort key: generation first (every edge goes from a lower generation to a higher
    one, so this is a topological order), then the most severe, then checklist section order."""
    section_pos = {s: i for i, s in enumerate(kb.sections)}
    return {i: (depth.get(i, 0), -SEVERITY_RANK[item.severity], section_pos.get(item.section, 99), i)
            for i, item in kb.items.items()}


def order(g, ids, kb, depth=None):
    """`ids` in an order that can be acted on: prerequisites first, then the most severe first."""
    keys = order_keys(kb, generations(g) if depth is None else depth)
    return sorted(ids, key=keys.__getitem__)


def unblocks(g, item_id):
    return sorted(g.successors(item_id))


@dataclass
class Plan:
    """What advice needs from the graph, as plain data."""

    depth: dict  # item id -> generation
    keys: dict  # item id -> order key
    successors: dict  # item id -> sorted dependants
    reasons: dict  # (prerequisite, item) -> reason

    def order(self, ids):
        return sorted(ids, key=self.keys.__getitem__)

    def unblocks(self, item_id):
        return self.successors.get(item_id, [])


def plan(kb):
    hit = _PLANS.get(kb.digest)
    if hit is None:
        from . import cache

        hit = cache.get("plan", kb.digest)
        if hit is None:
            g = build(kb)
            depth = generations(g)
            hit = Plan(depth, order_keys(kb, depth), {n: unblocks(g, n) for n in g.nodes},
                       {(u, v): d["reason"] for u, v, d in g.edges(data=True)})
            cache.put("plan", kb.digest, hit)
        _PLANS[kb.digest] = hit
    return hit
