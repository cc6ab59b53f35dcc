"""The checklist as a directed graph (prerequisite -> item), and the orders that come from it.

A small graph class of our own: `import networkx` costs ~0.2 s, more than the rest of a run, and
only `cycles` (kb check) needs it, so networkx is imported there and nowhere else. The class keeps
the parts of the networkx DiGraph interface that callers use (nodes, edges[u, v], successors,
predecessors) and can hand over a real networkx graph with to_networkx().
"""

from .errors import InputError
from .knowledge import SEVERITY_RANK


class Graph:
    def __init__(self):
        self.nodes = {}  # id -> attribute dict; g.nodes[n] as in networkx
        self.edges = {}  # (u, v) -> attribute dict; g.edges[u, v] as in networkx
        self._succ = {}
        self._pred = {}
        self._unblocks = {}  # id -> sorted successors, filled by unblocks()

    def add_node(self, n, **attrs):
        self.nodes.setdefault(n, {}).update(attrs)
        self._succ.setdefault(n, {})
        self._pred.setdefault(n, {})

    def add_edge(self, u, v, **attrs):
        self.add_node(u)
        self.add_node(v)
        self.edges.setdefault((u, v), {}).update(attrs)
        self._succ[u][v] = True
        self._pred[v][u] = True
        self._unblocks.pop(u, None)

    def successors(self, n):
        return iter(self._succ[n])

    def predecessors(self, n):
        return iter(self._pred[n])

    def has_node(self, n):
        return n in self.nodes

    def has_edge(self, u, v):
        return (u, v) in self.edges

    def __contains__(self, n):
        return n in self.nodes

    def __iter__(self):
        return iter(self.nodes)

    def __len__(self):
        return len(self.nodes)

    def to_networkx(self):
        import networkx as nx

        g = nx.DiGraph()
        for n, attrs in self.nodes.items():
            g.add_node(n, **attrs)
        for (u, v), attrs in self.edges.items():
            g.add_edge(u, v, **attrs)
        return g


def build(kb):
    g = Graph()
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
    for cycle in nx.simple_cycles(g.to_networkx() if isinstance(g, Graph) else g):
        found.append(cycle)
        if len(found) >= limit:
            break
    return sorted(found, key=len)


def generations(g):
    """Item id -> depth: 0 for items with no prerequisites, else one more than the deepest."""
    if not isinstance(g, Graph):
        g = _from_networkx(g)
    indegree = {n: len(g._pred[n]) for n in g.nodes}
    level = [n for n, d in indegree.items() if d == 0]
    depth = {}
    generation = 0
    while level:
        nxt = []
        for n in level:
            depth[n] = generation
            for s in g._succ[n]:
                indegree[s] -= 1
                if indegree[s] == 0:
                    nxt.append(s)
        level = nxt
        generation += 1
    if len(depth) != len(g.nodes):
        stuck = sorted(n for n in g.nodes if n not in depth)
        raise InputError("the checklist's prerequisites form a cycle through "
                         + ", ".join(stuck[:5]) + ("…" if len(stuck) > 5 else "")
                         + "; run `advisor kb check`")
    return depth


def order(g, ids, kb, depth=None):
    """`ids` in an order that can be acted on: prerequisites first, then the most severe first.

    Every edge goes from a lower generation to a higher one, so sorting by generation first is a
    topological order; within a generation the most severe item leads. `depth` is
    generations(g), when the caller already has it.
    """
    keys = order_keys(kb, generations(g) if depth is None else depth)
    return sorted(ids, key=keys.__getitem__)


def order_keys(kb, depth):
    """Item id -> the key `order` sorts by."""
    section_pos = {s: i for i, s in enumerate(kb.sections)}
    return {i: (depth.get(i, 0), -SEVERITY_RANK[item.severity], section_pos.get(item.section, 99), i)
            for i, item in kb.items.items()}


def unblocks(g, item_id):
    if isinstance(g, Graph):
        hit = g._unblocks.get(item_id)
        if hit is None:
            hit = g._unblocks[item_id] = sorted(g._succ[item_id])
        return list(hit)
    return sorted(g.successors(item_id))


def _from_networkx(nxg):
    g = Graph()
    for n, attrs in nxg.nodes(data=True):
        g.add_node(n, **attrs)
    for u, v, attrs in nxg.edges(data=True):
        g.add_edge(u, v, **attrs)
    return g
