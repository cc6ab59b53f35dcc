"""Engine result -> findings and audit entries, each carrying why it was reached."""

from dataclasses import dataclass, field

from . import conditions
from .knowledge import SEVERITY_RANK
from .program import applies_unit, mitigation_unit, rule_unit

AUDIT_STATUS = {"yes": "present", "partial": "partial", "no": "missing", "unknown": "unknown",
                "unanswered": "unknown", "na": "not_applicable"}
DONE = ("present", "not_applicable", "waived")


@dataclass(slots=True)
class Reason:
    """One matched fact and the values that made the rule fire."""

    fact: str  # words: "the proposal", "North Herts and Stevenage", "checklist item basics.scope"
    values: list  # (field, value) pairs
    kind: str = "proposal"  # proposal, partner, pair (values are fields), item, flag, group (words only)
    ref: str = ""  # the item id or flag name a reason of kind item or flag is about

    def words(self):
        shown = "; ".join(f"{k} = {show(v)}" for k, v in self.values)
        return f"{self.fact}: {shown}" if shown else self.fact


@dataclass(slots=True)
class Finding:
    rule: object
    severity: str
    why: list
    mitigations: list = field(default_factory=list)

    @property
    def mitigated(self):
        return bool(self.mitigations)


@dataclass(slots=True)
class AuditEntry:
    item: object
    status: str  # present, partial, missing, unknown, not_applicable, waived
    answer: str  # the answer as the proposal gives it, or unanswered (a field may still set the status)
    evidence: str = ""
    date: str = ""
    blocked_by: list = field(default_factory=list)
    notice: str = ""


def findings(kb, program, result, facts):
    out = []
    for rule in kb.rules.values():
        if not rule.is_lesson or rule_unit(rule.id) not in result.fired:
            continue
        why = _reasons(program, result.matches(rule_unit(rule.id)), facts)
        fired_mits = [m for i, m in enumerate(rule.mitigations) if mitigation_unit(rule.id, i) in result.fired]
        severity = rule.severity
        if fired_mits:
            severity = min((m.severity for m in fired_mits), key=SEVERITY_RANK.get)
        out.append(Finding(rule, severity, why, fired_mits))
    return out


def applicable(kb, result):
    return [i for i, item in kb.items.items()
            if item.applies_when is None or applies_unit(i) in result.fired]


def audit(kb, ids, proposal, overrides=None, fs=None):
    """Audit entries for the applicable item `ids`; `overrides` (waivers.judge) may mark an item
    waived and attach a notice, before anything is worked out from the statuses. With the FactSet
    `fs` (after links.settle) an item takes the status the engine saw, which a field may have given."""
    answers = proposal.get("answers", {})
    overrides = overrides or {}
    entries = {}
    for i in ids:
        a = answers.get(i, {})
        raw = a.get("status", "unanswered")  # what the proposal answered, as written
        seen = fs.status(i) if fs is not None else raw  # what the rules saw: a field may answer it
        status, notice = overrides.get(i, (None, ""))
        entries[i] = AuditEntry(kb.items[i], status or AUDIT_STATUS[seen], raw, a.get("evidence", ""),
                                a.get("date", ""), notice=notice)
    for entry in entries.values():
        entry.blocked_by = [p.item for p in entry.item.prerequisites
                            if p.item in entries and entries[p.item].status not in DONE]
    return entries


def _reasons(program, matches, facts):
    # Each distinct reason once, in first-seen order. A set of hashable keys, not `reason in out`:
    # with 100 partners a rule matches thousands of pairs, and the list scan made 58 million
    # dataclass comparisons (14 s for one proposal; issue 9).
    out, seen = [], set()
    for key, ids in matches:
        rule = program.rule(key)
        for pattern, fact_id in zip(rule.patterns, ids):
            for reason in _reason(program, pattern, fact_id, facts):
                try:  # values are (field, value) pairs; a value is a list only for enumlists
                    mark = (reason.fact, *reason.values)
                    fresh = mark not in seen
                except TypeError:
                    mark = _hashable((reason.fact, *reason.values))
                    fresh = mark not in seen
                if fresh:
                    seen.add(mark)
                    out.append(reason)
    return out


def _hashable(value):
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value  # as with ==, True and 1 count as the same value


def _reason(program, pattern, fact_id, facts):
    if pattern.subject == "answers":
        return [Reason(f"checklist item {item}", [("answer", facts.status(item))], "item", item)
                for item in pattern.keys]
    if pattern.subject == "flags":
        wanted = {name: value for part in pattern.expr["$and"][1:] for name, value in part.items()}
        out = []
        for name in pattern.keys:
            if name.startswith("~h"):  # a helper flag stands for "every partner ..." or "no partner ..."
                out.append(Reason(_helper_words(program.units[name].condition, wanted[name]), [], "group"))
            else:
                out.append(Reason(f"derived fact {name}", [("holds", wanted[name])], "flag", name))
        return out
    record = facts.record(fact_id)
    # Only the keys of the branches that held: in "a or b" with only a true, b argued the other way.
    support = _support(pattern.expr, lambda key: _present(record, key))
    keys = [k for k in pattern.keys if support is None or k in support]
    return [Reason(facts.labels.get(fact_id, fact_id), [(key, _value(record, key)) for key in keys],
                   pattern.subject)]


_ORDER = {"$lt": lambda a, b: a < b, "$lte": lambda a, b: a <= b, "$gt": lambda a, b: a > b,
          "$gte": lambda a, b: a >= b}
_MISSING = object()


def _present(record, key):
    """A key as the engine saw it: absent when unknown; a list member ("purposes.capability")
    present only when it is in the list."""
    value = _value(record, key)
    if value is None or (value is False and key not in record and isinstance(
            record.get(key.rpartition(".")[0]), list)):
        return _MISSING
    return value


def _support(expr, get):
    """The fact keys that make a durable-rules expression hold (None when it does not hold)."""
    (op, arg), = expr.items() if len(expr) == 1 else ((None, None),)
    if op in ("$and", "$or"):
        parts = [_support(e, get) for e in arg]
        held = [p for p in parts if p is not None]
        if op == "$and":
            return set().union(*held) if len(held) == len(parts) else None
        return set().union(*held) if held else None
    if op == "t":
        return set()
    if op in ("$ex", "$nex"):
        (key, _), = arg.items()
        return {key} if (get(key) is not _MISSING) == (op == "$ex") else None
    if op == "$neq":
        (key, want), = arg.items()
        value = get(key)
        return {key} if value is not _MISSING and value != want else None
    if op in _ORDER:
        (key, want), = arg.items()
        value = get(key)
        try:
            return {key} if value is not _MISSING and _ORDER[op](value, want) else None
        except TypeError:
            return None
    if op is not None and not op.startswith("$"):
        return {op} if get(op) == arg else None
    return None


def _helper_words(cond, value):
    """Helpers are existentials (compiler._dnf); put "not any X has not C" as "every X has C",
    in the schema's words ("Every partner has Commitment: full or in principle")."""
    who = {"partner": "partner", "pair": "pair of partners"}[cond.subject]
    if value:
        return f"Some {who} has {_words(cond.child, cond.subject)}"
    if isinstance(cond.child, conditions.Not):
        return f"Every {who} has {_words(cond.child.child, cond.subject)}"
    return f"No {who} has {_words(cond.child, cond.subject)}"


_OP_WORDS = {"ne": "not ", "not_in": "none of ", "lt": "less than ", "le": "at most ", "gt": "more than ",
             "ge": "at least "}


def _words(node, subject):
    """A partner or pair condition in the words of advisor.labels."""
    from . import labels

    if isinstance(node, conditions.Test):
        field = f"{subject}.{node.field}"
        if node.op == "exists":
            return f"{labels.field_label(field)}: {'known' if node.value else 'not known'}"
        if node.op == "contains":
            return f"{labels.field_label(field)}: includes {labels.value_words(field, node.value)}"
        values = node.value if isinstance(node.value, tuple) else (node.value,)
        said = " or ".join(labels.value_words(field, v) for v in values)
        return f"{labels.field_label(field)}: {_OP_WORDS.get(node.op, '')}{said}"
    if isinstance(node, (conditions.And, conditions.Or)):
        joiner = "; " if isinstance(node, conditions.And) else ", or "
        return joiner.join(_words(c, subject) for c in node.children)
    if isinstance(node, conditions.Not):
        return f"not ({_words(node.child, subject)})"
    return conditions.describe(node)


def _value(record, key):
    if key in record:
        return record[key]
    base, _, member = key.rpartition(".")
    if isinstance(record.get(base), list):
        return member in record[base]
    return None


def show(value, unknown="unknown"):
    """A fact's value in words, for reports and the questionnaire."""
    if value is None:
        return unknown
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)
