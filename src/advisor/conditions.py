"""The condition language: parsed from YAML into a small tree, checked against the field catalogue.

`evaluate` is the reference semantics in plain Python. The compiler turns the same tree into
durable-rules patterns; tests hold the two to the same answers.
"""

from dataclasses import dataclass

from .errors import InputError
from .schema import LEGACY, catalogue, did_you_mean, normalise_name

ANSWER_STATUSES = ("yes", "partial", "no", "unknown", "na", "unanswered")
OPS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "exists", "contains")
_OPS_BY_KIND = {
    "bool": ("eq", "ne", "exists"),
    "int": ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "exists"),
    "number": ("eq", "ne", "lt", "le", "gt", "ge", "exists"),
    "enum": ("eq", "ne", "in", "not_in", "exists"),
    "name": ("eq", "ne", "in", "not_in", "exists"),
    "text": ("exists",),
    "date": ("exists",),
    "enumlist": ("contains", "exists", "eq", "ne", "in", "not_in"),
}
QUANTIFIERS = {"any_partner": ("partner", False), "all_partners": ("partner", True),
               "any_pair": ("pair", False), "all_pairs": ("pair", True)}
CATALOGUE = catalogue()


# ---------------------------------------------------------------- the tree

@dataclass(frozen=True)
class Test:
    subject: str  # proposal, partner or pair
    field: str
    op: str
    value: object  # a scalar, a tuple for in/not_in, a bool for exists


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class Quantified:
    subject: str  # partner or pair
    every: bool
    child: object


@dataclass(frozen=True)
class Answer:
    item: str
    statuses: frozenset


@dataclass(frozen=True)
class Flag:
    name: str


# ---------------------------------------------------------------- parsing

class ConditionError(InputError):
    """A condition problem; `path` is relative to the condition's own position in its file."""

    def __init__(self, message, path):
        super().__init__(message)
        self.path = tuple(path)


def parse(raw, subject="proposal", path=()):
    """Parse a YAML condition into the tree. Raises ConditionError with the offending path."""
    if not isinstance(raw, dict) or not raw:
        raise ConditionError("a condition is a non-empty mapping", path)
    if len(raw) > 1:
        return And(tuple(parse({k: v}, subject, path) for k, v in raw.items()))
    (key, value), = raw.items()
    here = path + (key,)
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{key}' takes a non-empty list of conditions", here)
        children = tuple(parse(c, subject, here + (i,)) for i, c in enumerate(value))
        if len(children) == 1:
            return children[0]
        return And(children) if key == "all" else Or(children)
    if key == "not":
        return Not(parse(value, subject, here))
    if key in QUANTIFIERS:
        inner, every = QUANTIFIERS[key]
        if subject != "proposal":
            raise ConditionError(f"'{key}' cannot be nested inside a partner or pair condition", here)
        return Quantified(inner, every, parse(value, inner, here))
    if key == "answer":
        if subject != "proposal":
            raise ConditionError("'answer' cannot be nested inside a partner or pair condition", here)
        return _parse_answer(value, here)
    if key == "flag":
        if subject != "proposal":
            raise ConditionError("'flag' cannot be nested inside a partner or pair condition", here)
        if not isinstance(value, str) or not value:
            raise ConditionError("'flag' takes the name of a derived fact", here)
        return Flag(value)
    return _parse_test(subject, key, value, here)


def _parse_answer(value, here):
    if not isinstance(value, dict) or "item" not in value:
        raise ConditionError("'answer' takes {item: ID, in: [STATUS, ...]}", here)
    extra = set(value) - {"item", "in", "is"}
    if extra:
        raise ConditionError(f"unknown key '{sorted(extra)[0]}' in answer; use item and in", here)
    statuses = value.get("in", value.get("is"))
    if isinstance(statuses, (str, bool)):
        statuses = [statuses]
    if not isinstance(statuses, list) or not statuses:
        raise ConditionError("'answer' needs in: [STATUS, ...]", here)
    canon = []
    for s in statuses:
        s = "yes" if s is True else "no" if s is False else str(s)
        if s not in ANSWER_STATUSES:
            raise ConditionError(f"'{s}' is not an answer status{did_you_mean(s, ANSWER_STATUSES)}; "
                                 f"statuses are {', '.join(ANSWER_STATUSES)}", here + ("in",))
        canon.append(s)
    if not isinstance(value["item"], str):
        raise ConditionError("'item' is a checklist item id", here + ("item",))
    return Answer(value["item"], frozenset(canon))


def _parse_test(subject, field, spec, here):
    fields = CATALOGUE[subject]
    if field not in fields:
        hint = did_you_mean(field, fields)
        if not hint and field in CATALOGUE["proposal"] and subject != "proposal":
            hint = " (it is a proposal field; partner and pair conditions test only their own fields)"
        raise ConditionError(f"unknown {subject} field{hint}", here)
    legacy = _legacy_test(subject, field, spec, here)
    if legacy is not None:
        return legacy
    kind = fields[field].kind
    if isinstance(spec, dict):
        if len(spec) != 1:
            raise ConditionError("a comparison is one operator, e.g. {ge: 3}", here)
        (op, value), = spec.items()
        here = here + (op,)
        if op not in OPS:
            raise ConditionError(f"unknown operator '{op}'{did_you_mean(op, OPS)}", here)
    else:
        op, value = "eq", spec
    if op not in _OPS_BY_KIND[kind]:
        raise ConditionError(f"operator '{op}' does not apply to a {kind} field; "
                             f"use {', '.join(_OPS_BY_KIND[kind])}", here)
    if op == "exists":
        if not isinstance(value, bool):
            raise ConditionError("exists takes true or false", here)
        return Test(subject, field, op, value)
    if kind == "enumlist":
        return _list_test(subject, field, fields[field], op, value, here)
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{op}' takes a non-empty list", here)
        return Test(subject, field, op, tuple(_value(fields[field], v, here) for v in value))
    if op == "contains":
        return Test(subject, field, op, _value(type(fields[field])("enum", fields[field].values), value, here))
    return Test(subject, field, op, _value(fields[field], value, here))


def _legacy_test(subject, field, spec, here):
    """A condition written for a value that has moved (schema.LEGACY) keeps its meaning: the old
    stage `approved` is now `business_case.approved: true`. None when nothing old is asked."""
    section, _, key = field.partition(".")
    old = {o: moved for (s, k, o), moved in LEGACY.items() if subject == "proposal" and (s, k) == (section, key)}
    if not old:
        return None
    op, value = next(iter(spec.items())) if isinstance(spec, dict) and len(spec) == 1 else ("eq", spec)
    values = value if isinstance(value, list) else [value]
    hit = [v for v in values if isinstance(v, str) and normalise_name(v) in old]
    if not hit:
        return None
    if op not in ("eq", "in"):
        raise ConditionError(f"'{hit[0]}' is no longer a value of {field}; test "
                             + " and ".join(f"{section}.{k}" for k in old[normalise_name(hit[0])] if k != key)
                             + " instead", here)
    parts = []
    for v in hit:
        parts += [Test(subject, f"{section}.{k}", "eq", val) for k, val in old[normalise_name(v)].items() if k != key]
    rest = [v for v in values if v not in hit]
    if rest:
        parts.append(_parse_test(subject, field, {"in": rest}, here))
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


def _list_test(subject, field, fld, op, value, here):
    """A list field (service.kind, arrangement.model...) compared as if it held one value: `eq` and
    `in` hold when the list contains the value (any of them), `ne` and `not_in` when it is known and
    contains none. Fields that became lists keep the meaning their old conditions had."""
    member = type(fld)("enum", fld.values)

    def has(v):
        return Test(subject, field, "contains", _value(member, v, here))

    if op in ("contains", "eq", "ne"):
        found = has(value)
    else:
        if not isinstance(value, list) or not value:
            raise ConditionError(f"'{op}' takes a non-empty list", here)
        tests = tuple(has(v) for v in value)
        found = tests[0] if len(tests) == 1 else Or(tests)
    if op in ("contains", "eq", "in"):
        return found
    return And((Test(subject, field, "exists", True), Not(found)))


def _value(field, value, here):
    kind = field.kind
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConditionError(f"expected true or false, got {value!r}", here)
        return value
    if kind in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConditionError(f"expected a number, got {value!r}", here)
        return value
    if kind == "enum":
        canon = normalise_name(value) if isinstance(value, str) else value
        if canon not in field.values:
            raise ConditionError(f"{value!r} is not one of: {', '.join(field.values)}"
                                 f"{did_you_mean(canon, field.values)}", here)
        return canon
    if kind == "name":
        if not isinstance(value, str):
            raise ConditionError(f"expected a name, got {value!r}", here)
        return normalise_name(value)
    raise ConditionError(f"cannot compare a {kind} field with a value", here)


# ---------------------------------------------------------------- walking the tree

def walk(node):
    yield node
    if isinstance(node, (And, Or)):
        for c in node.children:
            yield from walk(c)
    elif isinstance(node, (Not, Quantified)):
        yield from walk(node.child)


def answer_items(node):
    return {n.item for n in walk(node) if isinstance(n, Answer)}


def flags_used(node):
    return {n.name for n in walk(node) if isinstance(n, Flag)}


# ---------------------------------------------------------------- reference semantics

def test_holds(test, record):
    """Reference semantics of one field test on one fact record (a dict)."""
    value = record.get(test.field)
    if test.op == "exists":
        return (value is not None) == test.value
    if value is None:
        return False  # every comparison with an unknown is false
    op, want = test.op, test.value
    if op == "eq":
        return value == want
    if op == "ne":
        return value != want
    if op == "lt":
        return value < want
    if op == "le":
        return value <= want
    if op == "gt":
        return value > want
    if op == "ge":
        return value >= want
    if op == "in":
        return value in want
    if op == "not_in":
        return value not in want
    if op == "contains":
        return want in value
    raise AssertionError(op)


def evaluate(node, facts, flags, record=None):
    """True when `node` holds for `facts` (a facts.FactSet), given the derived `flags` that are set."""
    if isinstance(node, Test):
        return test_holds(node, facts.proposal if record is None else record)
    if isinstance(node, And):
        return all(evaluate(c, facts, flags, record) for c in node.children)
    if isinstance(node, Or):
        return any(evaluate(c, facts, flags, record) for c in node.children)
    if isinstance(node, Not):
        return not evaluate(node.child, facts, flags, record)
    if isinstance(node, Quantified):
        records = facts.partners if node.subject == "partner" else facts.pairs
        results = (evaluate(node.child, facts, flags, r) for r in records)
        return all(results) if node.every else any(results)
    if isinstance(node, Answer):
        return facts.status(node.item) in node.statuses
    if isinstance(node, Flag):
        return node.name in flags
    raise AssertionError(node)


# ---------------------------------------------------------------- words, for explain and reports

_OP_WORDS = {"eq": "is", "ne": "is not", "lt": "is less than", "le": "is at most", "gt": "is more than",
             "ge": "is at least", "in": "is one of", "not_in": "is none of", "contains": "includes"}


def describe(node):
    """The condition in words, for `advisor explain` and the reports."""
    if isinstance(node, Test):
        if node.op == "exists":
            return f"{node.field} is {'known' if node.value else 'unknown'}"
        value = ", ".join(map(_word, node.value)) if isinstance(node.value, tuple) else _word(node.value)
        return f"{node.field} {_OP_WORDS[node.op]} {value}"
    if isinstance(node, And):
        return " and ".join(_group(c) for c in node.children)
    if isinstance(node, Or):
        return " or ".join(_group(c) for c in node.children)
    if isinstance(node, Not):
        return f"not ({describe(node.child)})"
    if isinstance(node, Quantified):
        who = {"partner": ("some partner", "every partner"), "pair": ("some pair of partners",
                                                                       "every pair of partners")}
        return f"{who[node.subject][node.every]} has {describe(node.child)}"
    if isinstance(node, Answer):
        return f"checklist item {node.item} is {' or '.join(sorted(node.statuses))}"
    if isinstance(node, Flag):
        return f"{node.name} holds"
    raise AssertionError(node)


def _group(node):
    text = describe(node)
    return f"({text})" if isinstance(node, (And, Or)) else text


def _word(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
