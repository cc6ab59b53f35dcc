"""The key facts: the few questions whose answers can change the advice most, ranked from the KB.

Nothing here is a hand-picked list. Every outcome the advice is built from is a TARGET with a weight:

  * a lesson (a rule with a poison), weighted by its severity (critical 8, high 4, medium 2, low 1);
  * a mitigation, weighted by half of how far it lowers its lesson's severity;
  * a row of the suitability table (an argument for a delivery-model verdict), weight 1.

Which checklist items apply is not a target: the key facts are for the advice, and each section of
the task list asks what decides its own items when it is opened.

A question can settle several facts at once. Every partner field is one question for all the
partners ("For each partner: ..."), and a proposal section's yes/no facts are one question with a
line each ("About communications so far: has each of these happened?", questions.grouped): each
line is answered yes, no or I don't know, so nothing is inferred from a line left blank. The
ranker scores such a question as one input of every target any of its facts feeds.

The VALUE of a set of questions is the expected weight of the targets that hold once those questions
are answered, everything else staying as it is now. Each condition is scored with the schema's
values taken as equally likely (a yes/no field holds `true` half the time, an enum one value in n,
a comparison of a number half the time, a checklist answer each status equally) and independent;
answers already given are certain, and a field nobody answered is unknown, as the engine sees it
(every comparison with an unknown is false). "Some partner has" and "every pair" are scored over the
partners listed, or over three partners while the list is still to come.

The next key question is chosen greedily: the question that raises the value most, given every
answer so far, among those not earlier in the natural order than the last one asked (service,
partners, arrangement, people, money, risk, then the checklist), so the interview never jumps
back. A question is key while it adds at least MIN_GAIN and fewer than TARGET questions have been
asked; the key facts end there, or at LIMIT at the most.
"""

import heapq

from .. import conditions, facts as facts_mod
from ..conditions import CATALOGUE
from ..facts import FEEDS
from ..schema import SECTIONS, STATUSES
from . import questions as Q

SEVERITY_WEIGHT = {"critical": 8, "high": 4, "medium": 2, "low": 1, "info": 0}
TARGET = 22  # about twenty questions in all, the framing ones included
LIMIT = 25  # never more
MIN_GAIN = 0.25  # a question expected to change less than a quarter of a low lesson is not key
UNLISTED_PARTNERS = 3  # how many partners to expect while the list is still to come

ALWAYS = ("service.name", "service.kind")  # the name labels the report; the kind frames the rest


def _reverse_feeds():
    out = {}
    for (subject, fld), derived in FEEDS.items():
        for d in derived:
            out.setdefault(d, set()).add((subject, fld))
    return out


_DERIVED = _reverse_feeds()


def inputs_for(subject, fld):
    """The questions (key-fact ids) whose answers set the fact field (subject, fld)."""
    if subject == "proposal":
        if fld == "partners.count":
            return {"partners"}
        if (subject, fld) in _DERIVED:
            out = set()
            for s, f in _DERIVED[(subject, fld)]:
                out |= inputs_for(s, f)
            return out
        section, _, key = fld.partition(".")
        if key in Q.grouped(section):
            return {f"{section}.*"}  # asked with the section's other yes/no facts, as one question
        return {fld}
    if subject == "partner":
        return {"partners", f"partners[*].{fld}"}
    if subject == "pair":
        if fld.startswith("same_system."):
            return {"partners", f"partners[*].systems.{fld.split('.', 1)[1]}"}
        return {"partners"} | {f"partners[*].{f}" for _, f in _DERIVED.get((subject, fld), ())}
    return set()


def _prior(test):
    """How often `test` holds when its field's value is drawn uniformly from the schema's values."""
    field = CATALOGUE[test.subject][test.field]
    op, want = test.op, test.value
    if op == "exists":
        return 1.0 if want else 0.0
    if field.kind == "bool":
        return 0.5
    if field.kind in ("enum", "name"):
        n = len(field.values) or 4
        share = (len(want) if isinstance(want, tuple) else 1) / n
        return {"eq": share, "in": share, "ne": 1 - share, "not_in": 1 - share}.get(op, 0.5)
    if op == "eq":
        return 0.2
    if op == "ne":
        return 0.8
    return 0.5


class Model:
    """Probabilities of conditions for one state of the answers (see the module docstring)."""

    def __init__(self, kb, proposal, decided):
        self.kb = kb
        self.facts = facts_mod.build(proposal)
        self.decided = frozenset(decided)
        self.listed = "partners" in self.decided or bool(proposal.get("partners"))
        self.producers = {}
        for rule in kb.rules.values():
            for flag in rule.derives:
                self.producers.setdefault(flag, []).append(rule.when)
        self.memo = {}  # target -> each open question's share of it

    def p(self, node, asked, record=None):
        """P(node holds) once the questions in `asked` are answered."""
        if isinstance(node, conditions.Test):
            return self._test(node, asked, record)
        if isinstance(node, conditions.Not):
            return 1.0 - self.p(node.child, asked, record)
        if isinstance(node, conditions.And):
            out = 1.0
            for c in node.children:
                out *= self.p(c, asked, record)
                if out == 0.0:
                    break
            return out
        if isinstance(node, conditions.Or):
            miss = 1.0
            for c in node.children:
                miss *= 1.0 - self.p(c, asked, record)
                if miss == 0.0:
                    break
            return 1.0 - miss
        if isinstance(node, conditions.Quantified):
            return self._quantified(node, asked)
        if isinstance(node, conditions.Answer):
            qid = f"answers.{node.item}"
            if qid in self.decided:
                return 1.0 if self.facts.status(node.item) in node.statuses else 0.0
            if qid in asked:
                return len(node.statuses & set(STATUSES)) / len(STATUSES)
            return 1.0 if "unanswered" in node.statuses else 0.0
        if isinstance(node, conditions.Flag):
            miss = 1.0
            for when in self.producers.get(node.name, ()):
                miss *= 1.0 - self.p(when, asked)
            return 1.0 - miss
        raise AssertionError(node)

    def _test(self, node, asked, record):
        if record is not None:  # a partner or a pair, listed (a dict) or still to come ({})
            if node.field in record:
                return 1.0 if conditions.test_holds(node, record) else 0.0
            inputs = inputs_for(node.subject, node.field) - {"partners"}
            if inputs and inputs <= asked:
                return _prior(node)
            return 1.0 if conditions.test_holds(node, {}) else 0.0
        inputs = inputs_for(node.subject, node.field)
        if not inputs or inputs <= self.decided:
            return 1.0 if conditions.test_holds(node, self.facts.proposal) else 0.0
        if inputs <= (asked | self.decided):
            return _prior(node)
        return 1.0 if conditions.test_holds(node, self.facts.proposal) else 0.0

    def _quantified(self, node, asked):
        if self.listed:
            records = self.facts.partners if node.subject == "partner" else self.facts.pairs
        elif "partners" in asked:
            k = UNLISTED_PARTNERS
            records = [{}] * (k if node.subject == "partner" else k * (k - 1) // 2)
        else:
            records = []
        ps = [self.p(node.child, asked, r) for r in records]
        out = 1.0
        if node.every:
            for x in ps:
                out *= x
            return out
        for x in ps:
            out *= 1.0 - x
        return 1.0 - out


def _inputs(node, producers, seen=None):
    out = set()
    for n in conditions.walk(node):
        if isinstance(n, conditions.Test):
            out |= inputs_for(n.subject, n.field)
        elif isinstance(n, conditions.Answer):
            out.add(f"answers.{n.item}")
        elif isinstance(n, conditions.Flag):
            seen = seen if seen is not None else set()
            if n.name not in seen:
                seen.add(n.name)
                for when in producers.get(n.name, ()):
                    out |= _inputs(when, producers, seen)
    return out


def targets(kb, producers):
    """(weight, condition, negate, inputs) for every target (`negate` is kept for targets that
    score a condition not holding; none does today)."""
    out = []
    for rule in kb.rules.values():
        if not rule.is_lesson:
            continue
        w = SEVERITY_WEIGHT.get(rule.severity, 1)
        out.append((w, rule.when, False))
        for m in rule.mitigations:
            drop = w - SEVERITY_WEIGHT.get(m.severity, 0)
            if drop > 0:
                out.append((drop / 2, conditions.And((rule.when, m.when)), False))
    for crit in kb.suitability.values():
        out.append((1, crit.when, False))
    return [(w, c, neg, frozenset(_inputs(c, producers))) for w, c, neg in out if w > 0]


class Ranker:
    def __init__(self, kb):
        self.kb = kb
        self.model_producers = {}
        for rule in kb.rules.values():
            for flag in rule.derives:
                self.model_producers.setdefault(flag, []).append(rule.when)
        self.targets = targets(kb, self.model_producers)
        self.by_input = {}
        for n, t in enumerate(self.targets):
            for qid in t[3]:
                self.by_input.setdefault(qid, []).append(n)
        self.order = _order_keys(kb)

    def candidates(self):
        return [q for q in self.by_input if q in self.order]

    def rank(self, proposal, decided, budget, after=None):
        """Up to `budget` unanswered questions, by the value each adds (see `gain`); only questions
        after `after` in the natural order, when given."""
        model = Model(self.kb, proposal, decided)
        floor = self.order.get(after) if after else None
        scored = []
        for qid in self.candidates():
            if qid in decided or (floor is not None and self.order[qid] <= floor):
                continue
            gain = self.gain(model, qid)
            if gain >= MIN_GAIN:
                scored.append((-gain, self.order[qid], qid))
        scored.sort()
        return [qid for _, _, qid in scored[:budget]]

    def gain(self, model, qid):
        """What answering `qid` adds: for each target it feeds, the change in the target's expected
        weight between none and all of its open questions answered, shared among those questions
        by each one's average effect as the first and as the last to be answered (a lesson that
        needs two answers credits each half; one of two alternatives, by how much it alone does)."""
        total = 0.0
        for n in self.by_input[qid]:
            share = self._shares(model, n).get(qid)
            if share:
                total += share
        return total

    def _shares(self, model, n):
        memo = model.memo
        if n in memo:
            return memo[n]
        w, cond, neg, inputs = self.targets[n]
        open_ = inputs - model.decided
        if model.listed:
            open_ = open_ - {"partners"}
        none, every = model.p(cond, frozenset()), model.p(cond, open_)
        change = abs(every - none)
        shares = {}
        if change > 1e-9:
            effect = {q: (abs(every - model.p(cond, open_ - {q})) + abs(model.p(cond, frozenset({q})) - none)) / 2
                      for q in open_}
            total = sum(effect.values())
            for q, e in effect.items():
                shares[q] = w * change * (e / total if total > 1e-12 else 1 / len(open_))
        memo[n] = shares
        return shares

    def next(self, proposal, decided, asked_count, after=None):
        """The next key question after `after` (None: the key facts are done)."""
        for qid in ALWAYS:
            if qid not in decided:
                return qid
        budget = TARGET - asked_count
        if budget <= 0:
            return None
        picked = self.rank(proposal, decided, budget, after)
        if not picked:
            return None
        first = min(picked, key=self.order.get)
        if first.startswith("partners[*].") and "partners" not in decided:
            return "partners"
        return first


def _order_keys(kb):
    """Every key-fact candidate's place in the natural order."""
    ids = []
    for sid in Q.sections(kb)[1:]:
        if sid == "partners":
            ids += ["partners"] + [f"partners[*].{k}" for k in Q.partner_keys() if k != "name"]
        if sid.startswith("checklist:"):
            sec = sid.split(":", 1)[1]
            ids += [f"answers.{it.id}" for it in Q.items_in_order(kb) if it.section == sec]
            continue
        for s in SECTIONS:
            if Q.section_of(s) != sid:
                continue
            group = Q.grouped(s)
            for k in SECTIONS[s]:
                if k not in group:
                    ids.append(f"{s}.{k}")
                elif k == group[0]:
                    ids.append(f"{s}.*")  # the group, where its first fact would be
    return {qid: n for n, qid in enumerate(ids)}


_RANKERS = {}


def ranker(kb):
    hit = _RANKERS.get(kb.digest)
    if hit is None:
        hit = _RANKERS[kb.digest] = Ranker(kb)
    return hit
