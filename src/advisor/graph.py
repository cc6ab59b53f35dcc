"""The checklist as a networkx DiGraph (prerequisite -> item), and the orders that come from it."""

import networkx as nx

from .knowledge import SEVERITY_RANK


def build(kb):
    g = nx.DiGraph()
    for item in kb.items.values():
        g.add_node(item.id, severity=item.severity, section=item.section)
    for item in kb.items.values():
        for p in item.prerequisites:
            g.add_edge(p.item, item.id, reason=p.reason)
    return g


def cycles(g, limit=10):
    """Prerequisite cycles, each as a list of item ids, shortest first."""
    found = []
    for cycle in nx.simple_cycles(g):
        found.append(cycle)
        if len(found) >= limit:
            break
    return sorted(found, key=len)


def generations(g):
    """Item id -> depth: 0 for items with no prerequisites, else one more than the deepest."""
    depth = {}
    for level, nodes in enumerate(nx.topological_generations(g)):
        for n in nodes:
            depth[n] = level
    return depth


def order(g, ids, kb):
    """`ids` in an order that can be acted on: prerequisites first, then the most severe first.

    Every edge goes from a lower generation to a higher one, so sorting by generation first is a
    topological order; within a generation the most severe item leads.
    """
    depth = generations(g)
    section_pos = {s: i for i, s in enumerate(kb.sections)}

    def key(i):
        item = kb.items[i]
        return (depth.get(i, 0), -SEVERITY_RANK[item.severity], section_pos.get(item.section, 99), i)

    return sorted(ids, key=key)


def unblocks(g, item_id):
    return sorted(g.successors(item_id))
