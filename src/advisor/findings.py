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
    answer: str  # the raw answer status, or unanswered
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


def audit(kb, ids, proposal, overrides=None):
    """Audit entries for the applicable item `ids`; `overrides` (waivers.judge) may mark an item
    waived and attach a notice, before anything is worked out from the statuses."""
    answers = proposal.get("answers", {})
    overrides = overrides or {}
    entries = {}
    for i in ids:
        a = answers.get(i, {})
        raw = a.get("status", "unanswered")
        status, notice = overrides.get(i, (None, ""))
        entries[i] = AuditEntry(kb.items[i], status or AUDIT_STATUS[raw], raw, a.get("evidence", ""),
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
                mark = _hashable((reason.fact, reason.values))
                if mark not in seen:
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
        return [Reason(f"checklist item {item}", [("answer", facts.status(item))]) for item in pattern.keys]
    if pattern.subject == "flags":
        wanted = {name: value for part in pattern.expr["$and"][1:] for name, value in part.items()}
        out = []
        for name in pattern.keys:
            if name.startswith("~h"):  # a helper flag stands for "every partner ..." or "no partner ..."
                out.append(Reason(_helper_words(program.units[name].condition, wanted[name]), []))
            else:
                out.append(Reason(f"derived fact {name}", [("holds", wanted[name])]))
        return out
    record = facts.record(fact_id)
    return [Reason(facts.labels.get(fact_id, fact_id), [(key, _value(record, key)) for key in pattern.keys])]


def _helper_words(cond, value):
    """Helpers are existentials (compiler._dnf); put "not any X has not C" as "every X has C"."""
    who = {"partner": "partner", "pair": "pair of partners"}[cond.subject]
    if value:
        return f"some {who} has {conditions.describe(cond.child)}"
    if isinstance(cond.child, conditions.Not):
        return f"every {who} has {conditions.describe(cond.child.child)}"
    return f"no {who} has {conditions.describe(cond.child)}"


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
