"""Compile condition trees into durable-rules ruleset definitions (plain JSON-able data).

The output stays inside the subset of durable-rules measured safe (../shared/docs/engine-notes.md):
- every pattern tests one fact against constants; nothing compares two facts' values;
- negation and "every partner" become helper flags computed in an earlier stratum, and each
  stratum receives every flag it tests as an explicit true/false fact, so no rule waits on the
  absence of a fact;
- every ruleset has a sink rule that accepts any fact we assert, so no fact goes unhandled;
- rulesets hold at most SHARD_SIZE rules (durable-rules breaks at 512), and no expression list is
  longer than MAX_SEQUENCE (durable-rules allows 32);
- a ruleset holds at most MAX_PATTERNS distinct patterns on any one kind of fact. Measured here:
  when one fact satisfies more than about 64 distinct patterns of a ruleset (even patterns of rules
  that then do not fire), assert_facts fails with error 303 and the process aborts soon after.
  Bounding the patterns per fact type bounds what any fact can satisfy, whatever the data.
This module does not import durable-rules; engine.py does.
"""

import json
from dataclasses import dataclass, field

from .conditions import ANSWER_STATUSES, And, Answer, Flag, Not, Or, Quantified, Test
from .errors import InputError

SHARD_SIZE = 200
MAX_PATTERNS = 48
MAX_KEYS = 200  # durable-rules allows 255 properties per fact
MAX_SEQUENCE = 30
MAX_DISJUNCTS = 64
MAX_INT = 2**63 - 1  # durable-rules keeps integers in 64 bits: past that, comparisons silently go wrong
SINK = "~sink"


@dataclass
class Unit:
    """Something the engine decides: a rule, a mitigation, an item's applies-when, or a helper."""

    name: str
    condition: object
    derives: tuple = ()


@dataclass
class Pattern:
    alias: str
    subject: str  # proposal, partner, pair, answers or flags
    expr: dict  # the durable-rules expression, including the type test
    keys: tuple  # fact keys the pattern reads (for projection and for the "why")


@dataclass
class EngineRule:
    key: str  # the durable-rules rule name
    unit: str
    patterns: list


@dataclass
class Shard:
    name: str
    stratum: int
    rules: dict = field(default_factory=dict)  # key -> EngineRule
    keys: dict = field(default_factory=dict)  # subject -> set of fact keys read (answers: item ids)

    def definition(self):
        out = {r.key: {"all": [{p.alias: p.expr} for p in r.patterns]} for r in self.rules.values()}
        out[SINK] = {"all": [{"m": {"$ex": {"t": 1}}}]}
        return out


@dataclass
class Program:
    strata: list  # list of lists of Shard
    units: dict  # name -> Unit
    stratum_units: list  # list of sets of unit names, per stratum

    def rule(self, key):
        for stratum in self.strata:
            for shard in stratum:
                if key in shard.rules:
                    return shard.rules[key]
        raise KeyError(key)


class CompileError(InputError):
    """Something durable-rules cannot safely be given. `unit` names what it came from (rule:ID,
    mit:ID:N, applies:ITEM, suit:ID), so kb check can point at the file."""

    def __init__(self, message, unit=None):
        super().__init__(message)
        self.unit = unit


# The engine's own keys on every fact; a flag, item or field by these names would be read as them.
RESERVED = ("t", "sid", "id")


def name_problem(name):
    """Why `name` cannot be a key of an engine fact (a flag, a checklist item id), or None.

    `t`, `sid` and `id` are the engine's own keys; a key starting with `$` is read as an operator
    (`$and` crashed the compiler, `$lt` gave error 102); `~` starts advisor's own helper flags
    (`~h0`) and the sink rule, so a flag called `~h0` would be confused with a helper."""
    if not isinstance(name, str) or not name:
        return "an empty name"
    if name in RESERVED:
        return f"'{name}' is one of the rule engine's own keys ({', '.join(RESERVED)}); choose another name"
    if name.startswith("$"):
        return f"'{name}' starts with $, which the rule engine reads as an operator; choose another name"
    if name.startswith("~"):
        return f"'{name}' starts with ~, which advisor keeps for its own helper facts; choose another name"
    return None


def _check_unit(unit):
    """Refuse names and constants durable-rules cannot take, before anything is compiled."""
    import math

    from .conditions import walk

    def fail(message):
        raise CompileError(message, unit.name)

    for name in unit.derives:
        problem = name_problem(name)
        if problem:
            fail(f"derived flag {problem}")
    if unit.condition is None:
        return
    for node in walk(unit.condition):
        if isinstance(node, Flag):
            problem = name_problem(node.name)
            if problem:
                fail(f"flag {problem}")
        elif isinstance(node, Answer):
            problem = name_problem(node.item)
            if problem:
                fail(f"checklist item {problem}")
        elif isinstance(node, Test):
            values = node.value if isinstance(node.value, tuple) else (node.value,)
            for v in values:
                if isinstance(v, float) and not math.isfinite(v):
                    fail(f"{node.field}: {v} is not a finite number; the rule engine cannot compare with it")
                if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_INT:
                    fail(f"{node.field}: {v} is too large for the rule engine (at most {MAX_INT:,})")


# ---------------------------------------------------------------- entry point

def compile_units(units, shard_size=SHARD_SIZE):
    units = {u.name: u for u in units}
    for unit in units.values():
        _check_unit(unit)
    helpers = _Helpers(units)
    disjuncts = {}
    for name in list(units):
        disjuncts[name] = _to_dnf(units[name], helpers)
    while helpers.pending:  # helpers may need helpers of their own
        name = helpers.pending.pop()
        disjuncts[name] = _to_dnf(units[name], helpers)
    strata_of = _stratify(units, disjuncts)
    depth = max(strata_of.values(), default=-1) + 1
    strata, stratum_units = [], []
    for level in range(depth):
        names = sorted(n for n, s in strata_of.items() if s == level)
        stratum_units.append(set(names))
        rules = []
        for name in names:
            for k, conjunct in enumerate(disjuncts[name]):
                rules.append(_engine_rule(f"{name}#{k}", name, conjunct))
        strata.append(_pack(rules, level, shard_size))
    return Program(strata, units, stratum_units)


def _pack(rules, level, shard_size):
    """Fill shards in order, opening a new one when a rule would break either limit.

    A rule that alone reads more than MAX_KEYS keys of one fact cannot go in any shard: the fact
    would carry that many properties, and at 252 or more (255 with sid, t and id) durable-rules
    segfaults in assert_facts. It is refused, naming the rule, so kb check reports it."""
    shards, distinct = [], []
    for rule in rules:
        own = {}
        for p in rule.patterns:
            own.setdefault(p.subject, set()).update(p.keys)
        for subject, keys in own.items():
            if len(keys) > MAX_KEYS:
                what = {"answers": "checklist answers", "flags": "derived flags"}.get(subject, f"{subject} fields")
                raise CompileError(f"the condition tests {len(keys)} {what} at once; the rule engine takes at "
                                   f"most {MAX_KEYS} in one rule (255 properties per fact): split it with "
                                   "derived flags", rule.unit)
        new = {}
        for p in rule.patterns:
            new.setdefault(p.subject, set()).add(_pattern_key(p))
        fits = shards and len(shards[-1].rules) < shard_size and all(
            len(distinct[-1].get(subject, set()) | keys) <= MAX_PATTERNS for subject, keys in new.items()) and all(
            len(shards[-1].keys.get(p.subject, set()) | set(p.keys)) <= MAX_KEYS for p in rule.patterns)
        if not fits:
            shards.append(Shard(f"advisor_s{level}_{len(shards)}", level))
            distinct.append({})
        shard = shards[-1]
        shard.rules[rule.key] = rule
        for subject, keys in new.items():
            distinct[-1].setdefault(subject, set()).update(keys)
        for p in rule.patterns:
            shard.keys.setdefault(p.subject, set()).update(p.keys)
    return shards


def _pattern_key(pattern):
    return pattern.alias + json.dumps(pattern.expr, sort_keys=True)


def patterns_per_subject(shard):
    """Distinct patterns per fact type in one shard (what MAX_PATTERNS bounds)."""
    out = {}
    for rule in shard.rules.values():
        for p in rule.patterns:
            out.setdefault(p.subject, set()).add(_pattern_key(p))
    return {s: len(k) for s, k in out.items()}


# ---------------------------------------------------------------- disjunctive normal form

class _Helpers:
    def __init__(self, units):
        self.units = units
        self.by_condition = {}
        self.pending = []

    def flag_for(self, condition, owner):
        """A helper flag that is set exactly when `condition` (an existential) holds."""
        name = self.by_condition.get(condition)
        if name is None:
            name = f"~h{len(self.by_condition)}"
            self.by_condition[condition] = name
            self.units[name] = Unit(name, condition, (name,))
            self.pending.append(name)
        return name


def _proposal_only(node):
    if isinstance(node, Test):
        return node.subject == "proposal"
    if isinstance(node, (And, Or)):
        return all(_proposal_only(c) for c in node.children)
    if isinstance(node, Not):
        return _proposal_only(node.child)
    return False


def _weight(expr):
    """Entries durable-rules keeps in a pattern's expression sequence: an opening and a closing entry
    for every $and and $or, however deeply nested (tests against constants take none). The sequence
    holds fewer than 32 (MAX_SEQUENCE_EXPRESSIONS in rete.h; error 113 when it fills)."""
    if isinstance(expr, dict) and len(expr) == 1:
        (key, value), = expr.items()
        if key in ("$and", "$or"):
            return 2 + sum(_weight(e) for e in value)
    return 0


def _dnf(node, neg, helpers, owner):
    """A list of conjuncts; each conjunct is a list of atoms (tuples)."""
    # A test of the proposal alone is one pattern, unless it is too long for durable-rules' 32
    # expressions: then its alternatives become rules of their own, as other alternatives do.
    if _proposal_only(node) and (isinstance(node, Test) or _weight(_expr(node, neg, "proposal")) <= MAX_SEQUENCE - 2):
        return [[("proposal", Not(node) if neg else node)]]
    if isinstance(node, (And, Or)):
        parts = [_dnf(c, neg, helpers, owner) for c in node.children]
        if isinstance(node, And) != neg:  # And, or a negated Or: every part must hold
            out = [[]]
            for part in parts:
                out = [a + b for a in out for b in part]
                if len(out) > MAX_DISJUNCTS:
                    raise CompileError(f"the condition expands to more than {MAX_DISJUNCTS} alternatives; "
                                       "simplify it or split it with a derived flag")
            return out
        return [c for part in parts for c in part]
    if isinstance(node, Not):
        return _dnf(node.child, not neg, helpers, owner)
    if isinstance(node, Quantified):
        if node.every:
            if neg:  # not every X holds == some X fails
                return [[(node.subject, Not(node.child))]]
            flag = helpers.flag_for(Quantified(node.subject, False, Not(node.child)), owner)
            return [[("flag", flag, False)]]
        if neg:
            flag = helpers.flag_for(Quantified(node.subject, False, node.child), owner)
            return [[("flag", flag, False)]]
        return [[(node.subject, node.child)]]
    if isinstance(node, Test):  # reached only for a long proposal condition split above
        return [[("proposal", Not(node) if neg else node)]]
    if isinstance(node, Answer):
        statuses = node.statuses if not neg else frozenset(ANSWER_STATUSES) - node.statuses
        return [[("answer", node.item, statuses)]] if statuses else []
    if isinstance(node, Flag):
        return [[("flag", node.name, not neg)]]
    raise AssertionError(node)


def _to_dnf(unit, helpers):
    out = []
    for conjunct in _dnf(unit.condition, False, helpers, unit.name):
        merged = _merge(conjunct)
        if merged is not None and merged not in out:
            out.append(merged)
    return out


def _merge(conjunct):
    """Fold the atoms of one conjunct: one proposal pattern, one pattern per answer item and flag."""
    proposal, answers, flags, others = [], {}, {}, []
    for atom in conjunct:
        kind = atom[0]
        if kind == "proposal":
            proposal.append(atom[1])
        elif kind == "answer":
            answers[atom[1]] = answers.get(atom[1], atom[2]) & atom[2]
            if not answers[atom[1]]:
                return None  # asks for two different statuses at once: can never hold
        elif kind == "flag":
            if flags.get(atom[1], atom[2]) != atom[2]:
                return None
            flags[atom[1]] = atom[2]
        elif atom not in others:
            others.append(atom)
    out = []
    if proposal:
        merged = proposal[0] if len(proposal) == 1 else And(tuple(proposal))
        if _weight(_expr(merged, False, "proposal")) > MAX_SEQUENCE - 2:
            raise CompileError("a condition on the proposal needs more than durable-rules' 32 expressions "
                               "in one alternative; split it with a derived flag")
        out.append(("proposal", merged))
    out.extend(others)
    out.extend(("answer", item, frozenset(s)) for item, s in sorted(answers.items()))
    out.extend(("flag", name, value) for name, value in sorted(flags.items()))
    return out


# ---------------------------------------------------------------- strata

def _stratify(units, disjuncts):
    """Stratum of each unit: one more than the deepest unit deriving a flag it tests."""
    produced = {}
    for u in units.values():
        for f in u.derives:
            produced.setdefault(f, []).append(u.name)
    consumed = {name: {a[1] for conj in conjuncts for a in conj if a[0] == "flag"}
                for name, conjuncts in disjuncts.items()}
    level = {}

    def visit(name, path):
        if name in level:
            return level[name]
        if name in path:
            cycle = path[path.index(name):] + [name]
            raise CompileError("derived facts depend on themselves: " + " -> ".join(cycle))
        path.append(name)
        deps = [p for f in sorted(consumed[name]) for p in produced.get(f, [])]
        level[name] = 1 + max((visit(d, path) for d in deps), default=-1)
        path.pop()
        return level[name]

    for name in units:
        visit(name, [])
    return level


# ---------------------------------------------------------------- patterns

def _engine_rule(key, unit, conjunct):
    """One durable-rules rule for one conjunct. Checklist answers and derived flags each travel as
    one fact per proposal (item id -> status, flag -> true/false), so all of a conjunct's answer
    tests are one pattern on that fact, and likewise its flag tests."""
    patterns, answers, flags = [], [], []
    for atom in conjunct:
        kind = atom[0]
        if kind in ("proposal", "partner", "pair"):
            expr = _and([{"t": kind}, _expr(atom[1], False, kind)])
            patterns.append(Pattern(f"a{len(patterns)}", kind, expr, tuple(sorted(_keys(atom[1], kind)))))
        elif kind == "answer":
            answers.append(atom)
        else:
            flags.append(atom)
    if answers:
        expr = _and([{"t": "answers"}] + [_or([{item: s} for s in sorted(statuses)])
                                          for _, item, statuses in answers])
        patterns.append(Pattern(f"a{len(patterns)}", "answers", expr, tuple(a[1] for a in answers)))
    if flags:
        expr = _and([{"t": "flags"}] + [{name: value} for _, name, value in flags])
        patterns.append(Pattern(f"a{len(patterns)}", "flags", expr, tuple(f[1] for f in flags)))
    return EngineRule(key, unit, patterns)


def fact_key(test):
    """The key a test reads in the engine's copy of a fact."""
    if test.op == "contains":
        return f"{test.field}.{test.value}"
    return test.field


def _keys(node, subject):
    if isinstance(node, Test):
        return {fact_key(node)}
    if isinstance(node, (And, Or)):
        return set().union(*(_keys(c, subject) for c in node.children))
    if isinstance(node, Not):
        return _keys(node.child, subject)
    raise AssertionError(node)


_CMP = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_NEG_CMP = {"lt": "$gte", "le": "$gt", "gt": "$lte", "ge": "$lt"}


def _expr(node, neg, subject):
    if isinstance(node, Not):
        return _expr(node.child, not neg, subject)
    if isinstance(node, (And, Or)):
        parts = [_expr(c, neg, subject) for c in node.children]
        return _and(parts) if isinstance(node, And) != neg else _or(parts)
    if isinstance(node, Test):
        return _test(node, neg)
    raise CompileError(f"'{type(node).__name__}' cannot appear inside a {subject} condition")


def _test(t, neg):
    f, op, v = fact_key(t), t.op, t.value
    missing = {"$nex": {f: 1}}
    if op == "exists":
        return {"$ex" if v != neg else "$nex": {f: 1}}
    if op == "contains":
        return {"$nex": {f: 1}} if neg else {f: True}
    if op == "eq":
        return _or([missing, {"$neq": {f: v}}]) if neg else {f: v}
    if op == "ne":
        return _or([missing, {f: v}]) if neg else {"$neq": {f: v}}
    if op in _CMP:
        return _or([missing, {_NEG_CMP[op]: {f: v}}]) if neg else {_CMP[op]: {f: v}}
    if op == "in":
        hit = _or([{f: x} for x in v])
        return _or([missing, _and([{"$neq": {f: x}} for x in v])]) if neg else hit
    if op == "not_in":
        miss = _and([{"$neq": {f: x}} for x in v])
        return _or([missing, _or([{f: x} for x in v])]) if neg else miss
    raise AssertionError(op)


def _and(parts):
    return _group("$and", parts)


def _or(parts):
    return _group("$or", parts)


def _group(op, parts):
    flat = []
    for p in parts:  # $and inside $and (or $or inside $or) adds nothing
        flat.extend(p[op] if list(p) == [op] else [p])
    if len(flat) == 1:
        return flat[0]
    while len(flat) > MAX_SEQUENCE:  # durable-rules allows 32 expressions in one sequence
        flat = [{op: flat[i:i + MAX_SEQUENCE]} if len(flat[i:i + MAX_SEQUENCE]) > 1 else flat[i]
                for i in range(0, len(flat), MAX_SEQUENCE)]
    return {op: flat}
