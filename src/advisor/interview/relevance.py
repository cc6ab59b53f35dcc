"""Which questions can still change the advice: dependency satisfaction over the reference evaluator.

The OUTCOME of a proposal is what the reports are built from, minus the answers themselves:

  * rule:ID        every lesson (a rule with a poison) that fires,
  * mit:ID:i       every mitigation that holds for a lesson that fires,
  * item:ID        every checklist item that applies (no applies_when, or it holds).

Pure derivation rules are left out: they change nothing by themselves, only through the lessons
and items that test their flags, which are in the outcome.

A profile question (a proposal field, a partner field) is RELEVANT when two of its possible answers
(leaving it unknown counts as one) give different outcomes, the other answers staying as they are.
The possible answers are finite classes that cover every value the conditions can tell apart: each
choice of an enum, yes/no, every subset of a list, the integers around every constant a condition
compares the field with, for text and names each value another partner already gave plus a new one.
Population and staff feed ratios between partners; they are treated as relevant whenever any
condition tests a ratio (a safe over-approximation: asking too much loses nothing).

While the partner group is still open, partner fields are also tried against one more, hypothetical
partner holding each possible answer, so that a partner's political control is asked although no
second partner has been entered yet.

A checklist item's own status is itself reported by the audit, so an item question is relevant when
its answer changes the outcome above, OR the item applies and is not blocked: no prerequisite of it
has been answered `no`. An item whose prerequisite is known to be missing is reported as blocked
and cannot be the next action, so an experienced colleague would not ask about it yet.

One fact is asked once: an item that a proposal field answers (`answered_by` in the knowledge base,
advisor.links) is never asked; the field is, and it is relevant whenever an item it answers would
be (its answer sets that item's status, which the audit reports).
"""

import collections
import copy
import itertools
import json
import threading

from .. import conditions, dates, facts as facts_mod, links
from ..program import applies_unit, mitigation_unit, rule_unit, units
from ..schema import STATUSES, normalise_name

_CACHE = {}


def relevance(kb):
    """One Relevance per knowledge base and process: a stateless front end loads a Session per
    request, and building the stratification each time would cost more than the question."""
    hit = _CACHE.get(kb.digest)
    if hit is None:
        hit = _CACHE[kb.digest] = Relevance(kb)
    return hit


def ask_when(field_id):
    """The condition under which a field's question can apply at all (fields.yaml `ask_when`), or
    None. "When did it begin?" cannot apply to an arrangement that starts in 14 months."""
    from .. import labels

    raw = labels.entry(field_id).get("ask_when")
    if raw is None:
        return None
    return conditions.parse(raw)


FRESH = "~another value~"
HYPOTHETICAL = "~a partner still to come~"


class Relevance:
    MEMO_STATES = 128  # proposals whose answers are kept (a few per person at work at once)

    def __init__(self, kb):
        self.kb = kb
        self._cache = {}
        self._memos = collections.OrderedDict()
        self._memos_lock = threading.Lock()
        self.tests = {}  # (subject, field) -> [Test]
        for cond in self._conditions():
            for node in conditions.walk(cond):
                if isinstance(node, conditions.Test):
                    self.tests.setdefault((node.subject, node.field), []).append(node)
        self.answer_items = set()
        for cond in self._conditions():
            self.answer_items |= conditions.answer_items(cond)
        self.ratio_tested = any(f.endswith("_ratio") for (_, f) in self.tests)
        self._order = _stratify(units(kb))
        self._affected = {}
        self._fired = {}
        self._lessons = [(rule_unit(r.id), [mitigation_unit(r.id, i) for i in range(len(r.mitigations))])
                         for r in kb.rules.values() if r.is_lesson]
        self._items = [(f"item:{i}", None if it.applies_when is None else applies_unit(i))
                       for i, it in kb.items.items()]
        self._producers = [u for batch in self._order for u in batch if u.derives]
        self._asks = {}
        self.answered_by = {}  # (subject, field) a question sets -> ids of the items it answers
        for item in links.linked(kb):
            for _, cond in item.answered_by:
                for node in conditions.walk(cond):
                    if isinstance(node, conditions.Test):
                        self.answered_by.setdefault(links.asked_as(node.subject, node.field), set()).add(item.id)

    def memo_for(self, proposal):
        """The relevance answers already worked out for exactly this proposal, shared by every
        Session of the process: relevance is a function of the knowledge base and the proposal
        alone (and today's date: years running), and a browser service rebuilds the Session on
        every request, so the page after an answer asks again what the answer's own request just
        worked out (on a full proposal, seconds). A dict the Session fills, {(question id, partners open): bool}."""
        key = dates.today().isoformat() + json.dumps(proposal, sort_keys=True, default=str)
        with self._memos_lock:
            memo = self._memos.get(key)
            if memo is None:
                memo = self._memos[key] = {}
                if len(self._memos) > self.MEMO_STATES:
                    self._memos.popitem(last=False)
            else:
                self._memos.move_to_end(key)
        return memo

    def facts(self, proposal):
        """facts.build, then the items fields answer (links.settle), as advice.advise does."""
        fs = facts_mod.build(proposal)
        links.settle(self.kb, proposal, fs)
        return fs

    def answers_items(self, q):
        """The items q's answer gives a status to (a field that answers checklist items)."""
        if not q.ref or q.ref[0] not in ("proposal", "partner"):
            return set()
        return self.answered_by.get((q.ref[0], q.ref[1]), set())

    def decide(self, fs):
        """Exactly reference.decide (tests hold the two equal), with the stratification done once."""
        flags, fired = set(), set()
        for batch in self._order:
            now = [u for u in batch if conditions.evaluate(u.condition, fs, flags)]
            fired.update(u.name for u in now)
            for u in now:
                flags.update(u.derives)
        return fired

    def _conditions(self):
        for rule in self.kb.rules.values():
            yield rule.when
            for m in rule.mitigations:
                yield m.when
        for item in self.kb.items.values():
            if item.applies_when is not None:
                yield item.applies_when

    # ------------------------------------------------------------------ outcome

    def affected(self, q):
        """The units q's answer can reach: those testing a field it sets, and, through derived
        flags, every unit downstream of them. Batches keep reference.decide's order."""
        hit = self._affected.get(q.ref)
        if hit is None:
            fields, flags, names = fields_fed(q), set(), set()
            fields |= {("answer", i) for i in self.answers_items(q)}
            batches = []
            for batch in self._order:
                now = [u for u in batch if mentions(u.condition, fields)
                       or conditions.flags_used(u.condition) & flags]
                for u in now:
                    flags.update(u.derives)
                    names.add(u.name)
                batches.append(now)
            hit = self._affected[q.ref] = (batches, names)
        return hit

    def _redecide(self, q, base_fired, proposal):
        """decide() for a proposal that differs from the base one only in q's answer."""
        batches, names = self.affected(q)
        fs = self.facts(proposal)
        fired = {n for n in base_fired if n not in names}
        flags = {f for u in self._producers if u.name in fired for f in u.derives}
        for batch in batches:
            now = [u for u in batch if conditions.evaluate(u.condition, fs, flags)]
            fired.update(u.name for u in now)
            for u in now:
                flags.update(u.derives)
        return fired

    def fired(self, proposal):
        """decide() on a proposal, remembered: the unchanged proposal is the base of every question."""
        key = json.dumps(proposal, sort_keys=True, default=str)
        hit = self._fired.get(key)
        if hit is None:
            if len(self._fired) > 500:
                self._fired.clear()
            hit = self._fired[key] = frozenset(self.decide(self.facts(proposal)))
        return hit

    def outcome(self, proposal, fired=None):
        key = None
        if fired is None:
            key = json.dumps(proposal, sort_keys=True, default=str)
            hit = self._cache.get(key)
            if hit is not None:
                return hit
            fired = self.decide(self.facts(proposal))
        out = set()
        for unit, mits in self._lessons:
            if unit in fired:
                out.add(unit)
                out.update(m for m in mits if m in fired)
        out.update(name for name, unit in self._items if unit is None or unit in fired)
        hit = frozenset(out)
        if key is not None:
            if len(self._cache) > 4000:
                self._cache.clear()
            self._cache[key] = hit
        return hit

    def applicable(self, proposal):
        return {x[5:] for x in self.outcome(proposal) if x.startswith("item:")}

    # ------------------------------------------------------------------ candidate answers

    def candidates(self, q, proposal):
        """Answers that cover every class of value the conditions can distinguish (None: unknown)."""
        kind = q.kind
        subject, fld = q.ref[0], q.ref[1] if len(q.ref) > 1 else None
        if kind == "status":
            return [None, *STATUSES]
        if kind == "bool":
            return [None, True, False]
        if kind == "enum":
            return [None, *q.values]
        if kind == "enumlist":
            if len(q.values) <= 6:  # every subset
                return [None] + [list(c) for n in range(len(q.values) + 1)
                                 for c in itertools.combinations(q.values, n)]
            # Longer lists (the services in scope, the functions) would give 2^17 subsets: try the
            # empty list, each value alone and all of them, which tell apart every condition that
            # tests one member at a time, as the knowledge base's conditions do.
            return [None, [], *([v] for v in q.values), list(q.values)]
        if kind == "int":
            consts = {0}
            for t in self.tests.get((subject, fld), ()):
                vals = t.value if isinstance(t.value, tuple) else (t.value,)
                for v in vals:
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        consts.update({int(v) - 1, int(v), int(v) + 1, int(v) + 2})
            if subject == "partner" and fld in ("population", "staff"):
                consts |= self._ratio_points(q, proposal)
            return [None, *sorted(c for c in consts if c >= 0)]
        if kind == "date":
            return [None, "2000-01-01", *self._date_points(fld)]
        if kind in ("text", "name"):
            values = [None, FRESH]
            for t in self.tests.get((subject, fld), ()):
                vals = t.value if isinstance(t.value, tuple) else (t.value,)
                values += [v for v in vals if isinstance(v, str)]
            if subject == "partner":
                for j, p in enumerate(proposal.get("partners", [])):
                    if j != q.partner:
                        v = _get(p, q.path[2:])
                        if v is not None:
                            values.append(v)
            return _unique(values)
        return [None]

    def _date_points(self, fld):
        """Dates either side of every whole-years threshold a condition tests on the facts derived
        from this date (facts.build: review.started -> review.years_running, and so on)."""
        derived = {"review.started": "review.years_running",
                   "review.last_review": "review.years_since_last_review"}.get(fld)
        day = dates.today()
        points = [day.isoformat()]
        for t in self.tests.get(("proposal", derived), ()):
            for v in (t.value if isinstance(t.value, tuple) else (t.value,)):
                if isinstance(v, int) and not isinstance(v, bool):
                    for years in (v - 1, v, v + 1):
                        points.append(dates.add_years(day, -years).isoformat())
        return points

    def _ratio_points(self, q, proposal):
        """Values of a partner's population or staff at which a ratio with the others (largest
        over smallest) crosses a threshold some condition tests, or the largest or smallest changes."""
        fld = q.ref[1]
        ratios = set()
        for key in ((("pair", f"{fld}_ratio")), ("proposal", f"partners.{fld}_ratio")):
            for t in self.tests.get(key, ()):
                vals = t.value if isinstance(t.value, tuple) else (t.value,)
                ratios.update(v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0)
        others = [p.get(fld) for j, p in enumerate(proposal.get("partners", []))
                  if j != q.partner and isinstance(p.get(fld), int)]
        points = {1, 2}
        for v in others:
            points.update({v - 1, v, v + 1})
            for r in ratios:
                for x in (v * r, v / r):
                    points.update({int(x) - 1, int(x), int(x) + 1, int(x) + 2})
        top = max(others, default=1)
        points.add(int(top * (max(ratios, default=1) + 1)) + 10)
        return points

    # ------------------------------------------------------------------ relevance

    def changes_outcome(self, q, proposal, partners_open=False):
        """True when some two candidate answers to q give different outcomes."""
        worlds = [proposal]
        if partners_open and q.ref and q.ref[0] == "partner":
            extras = [c for c in self.candidates(q, proposal) if c is not None]
            if q.kind in ("text", "name"):
                extras.append(HYPOTHETICAL)
            for c in extras:
                extra = _set({}, q.path[2:], c)
                w = dict(proposal)
                partners = list(proposal.get("partners", []))
                while len(partners) <= q.partner:
                    partners.append({})
                w["partners"] = partners + [extra]
                worlds.append(w)
        if q.ref and q.ref[0] == "partner" and _feeds_derived(q):
            # Two partners' answers make a pair: while other listed partners have not answered
            # this either, try them answering it too (each the same possible answer), as the
            # hypothetical partner above does for a list still open.
            partners = proposal.get("partners", [])
            missing = [j for j, p in enumerate(partners) if j != q.partner and _get(p, q.path[2:]) is None]
            if missing:
                for c in self.candidates(q, proposal):
                    if c is None:
                        continue
                    w = proposal
                    for j in missing:
                        w = with_value(w, ("partners", j) + tuple(q.path[2:]), HYPOTHETICAL if c == FRESH else c)
                    worlds.append(w)
        for world in worlds:
            seen = base = None
            for c in self.candidates(q, world):
                variant = with_value(world, q.path, c)
                if base is None:
                    base = self.fired(variant)
                    seen = self.outcome(variant, base)
                elif self.outcome(variant, self._redecide(q, base, variant)) != seen:
                    return True
        return False

    def blocked(self, item, proposal):
        answers = proposal.get("answers", {})
        return [p.item for p in item.prerequisites if answers.get(p.item, {}).get("status") == "no"]

    def can_apply(self, q, proposal):
        """False when the question cannot apply to this proposal (fields.yaml `ask_when`)."""
        if not q.field or q.is_item:
            return True
        if q.field not in self._asks:
            self._asks[q.field] = ask_when(q.field)
        cond = self._asks[q.field]
        if cond is None:
            return True
        return conditions.evaluate(cond, facts_mod.build(proposal), set())

    def relevant(self, q, proposal, partners_open=False):
        """Should q be asked, given the answers so far? See the module docstring."""
        if q.always or q.kind in ("more", "names"):
            return True
        if not self.can_apply(q, proposal):
            return False
        if q.is_item:
            item = self.kb.items[q.ref[1]]
            if item.answered_by:
                return False  # a field answers it: the field is asked instead, once
            if item.id in self.applicable(proposal) and not self.blocked(item, proposal):
                return True
            if item.id not in self.answer_items:
                return False
        else:
            answers = self.answers_items(q)
            if answers:
                applicable = self.applicable(proposal)
                live = [i for i in answers if i in applicable and not self.blocked(self.kb.items[i], proposal)]
                if live and self.changes_items(q, proposal, live):
                    return True  # it sets the status of an item the audit reports
            elif q.ref and (q.ref[0], q.ref[1]) not in self.tests and not _feeds_derived(q):
                return False
        return self.changes_outcome(q, proposal, partners_open)

    def changes_items(self, q, proposal, items):
        """True when two answers to q give one of `items` different statuses (links.derive)."""
        seen = set()
        for c in self.candidates(q, proposal):
            fs = facts_mod.build(with_value(proposal, q.path, c))
            seen.add(tuple(links.derive(self.kb.items[i], fs)[0] for i in items))
            if len(seen) > 1:
                return True
        return False


def fields_fed(q):
    """The fact fields (subject, field) that q's answer sets, directly or through facts.build."""
    if q.ref and q.ref[0] == "group":  # a section's yes/no facts, asked as one question
        out = set()
        for key in q.values:
            out |= facts_mod.fed_by("proposal", f"{q.ref[1]}.{key}")
        return out
    if not q.ref or q.ref[0] not in ("proposal", "answer", "partner"):
        return set()
    if q.ref[0] == "answer":
        return {("answer", q.ref[1])}
    return facts_mod.fed_by(q.ref[0], q.ref[1])


def mentions(cond, fields):
    if cond is None:
        return False
    for node in conditions.walk(cond):
        if isinstance(node, conditions.Test) and (node.subject, node.field) in fields:
            return True
        if isinstance(node, conditions.Answer) and ("answer", node.item) in fields:
            return True
    return False


def _stratify(all_units):
    """The batches reference.decide evaluates, in its order: a unit is ready once every producer of
    a flag it tests has been decided. Readiness never depends on results, so it is computed once."""
    todo = {u.name: u for u in all_units}
    producers = {}
    for u in todo.values():
        for f in u.derives:
            producers.setdefault(f, set()).add(u.name)
    done, batches = set(), []
    while len(done) < len(todo):
        ready = [n for n, u in todo.items() if n not in done and all(
            p in done for f in conditions.flags_used(u.condition) for p in producers.get(f, ()))]
        if not ready:
            raise ValueError("derived flags form a cycle")
        batches.append([todo[n] for n in ready])
        done.update(ready)
    return batches


def _feeds_derived(q):
    # answers that facts.build derives other facts from (facts.FEEDS: partner fields feed pair fields
    # and aggregates; alignment and the services in scope feed the partners' comparisons)
    return q.ref[0] in ("proposal", "partner") and len(facts_mod.fed_by(q.ref[0], q.ref[1])) > 1


def _unique(values):
    out, seen = [], set()
    for v in values:
        key = normalise_name(v).replace("_", "") if isinstance(v, str) else v
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


# ---------------------------------------------------------------------- paths into a proposal

def _get(obj, path):
    for part in path:
        if isinstance(obj, list):
            if not isinstance(part, int) or part >= len(obj):
                return None
            obj = obj[part]
        elif isinstance(obj, dict):
            obj = obj.get(part)
        else:
            return None
        if obj is None:
            return None
    return obj


def get_value(proposal, path):
    if path and path[0] == "answers":
        entry = proposal.get("answers", {}).get(path[1])
        return entry.get("status") if entry else None
    return _get(proposal, path)


def _set(obj, path, value):
    """A copy of obj (dict) with path set to value (None removes it); copies only along the path."""
    obj = dict(obj)
    key = path[0]
    if len(path) == 1:
        if value is None:
            obj.pop(key, None)
        else:
            obj[key] = value
        return obj
    child = obj.get(key)
    if isinstance(path[1], int):
        lst = list(child or [])
        while len(lst) <= path[1]:
            lst.append({})
        lst[path[1]] = _set(lst[path[1]], path[2:], value) if len(path) > 2 else value
        obj[key] = lst
    else:
        new = _set(child or {}, path[1:], value)
        if new:
            obj[key] = new
        else:
            obj.pop(key, None)
    return obj


def with_value(proposal, path, value):
    if path and path[0] == "answers":
        answers = dict(proposal.get("answers", {}))
        if value is None:
            answers.pop(path[1], None)
        else:
            entry = dict(answers.get(path[1], {}))
            entry["status"] = value
            answers[path[1]] = entry
        out = dict(proposal)
        if answers:
            out["answers"] = answers
        else:
            out.pop("answers", None)
        return out
    return _set(proposal, path, value)


def deep(proposal):
    return copy.deepcopy(proposal)
