"""The compiler emits only the durable-rules subset measured safe, with the reference semantics."""

import pytest

from advisor import facts
from advisor.compiler import MAX_PATTERNS, MAX_SEQUENCE, CompileError, Unit, compile_units, patterns_per_subject
from advisor.conditions import ConditionError, evaluate, parse
from advisor.engine import Engine


def run(cond, proposal):
    program = compile_units([Unit("rule:x", parse(cond))])
    fs = facts.build(proposal)
    engine_says = "rule:x" in Engine(program).run(fs).fired
    assert engine_says == evaluate(parse(cond), fs, set()), "engine and reference disagree"
    return engine_says


P = {"service": {"kind": "planning", "category": "front_office"},
     "arrangement": {"months_to_start": 4, "purposes": ["savings"]},
     "partners": [{"name": "A", "political_control": "labour", "development_stance": "growth",
                   "systems": {"finance": "Integra"}, "sector": "public"},
                  {"name": "B", "political_control": "Conservative", "development_stance": "restraint",
                   "systems": {"finance": "SAP"}, "sector": "private"}]}


@pytest.mark.parametrize("cond,expected", [
    ({"service.kind": "planning"}, True),
    ({"service.kind": {"ne": "planning"}}, False),
    ({"service.kind": {"in": ["payroll", "planning"]}}, True),
    ({"service.kind": {"not_in": ["payroll", "planning"]}}, False),
    ({"arrangement.months_to_start": {"lt": 6}}, True),
    ({"arrangement.months_to_start": {"ge": 6}}, False),
    ({"arrangement.purposes": {"contains": "savings"}}, True),
    ({"arrangement.purposes": {"contains": "income"}}, False),
    ({"not": {"arrangement.purposes": {"contains": "income"}}}, True),
    # a comparison with an unknown is false, whatever the operator
    ({"risk.appetite": {"ne": "open"}}, False),
    ({"risk.appetite": {"not_in": ["open"]}}, False),
    ({"risk.appetite": {"exists": False}}, True),
    ({"not": {"risk.appetite": "open"}}, True),
    ({"any_pair": {"same_political_control": False}}, True),
    ({"any_pair": {"stance_conflict": True}}, True),
    ({"any_pair": {"same_system.finance": False}}, True),
    ({"all_partners": {"sector": "public"}}, False),
    ({"not": {"all_partners": {"sector": "public"}}}, True),
    ({"not": {"any_partner": {"sector": "third"}}}, True),
    ({"all_partners": {"any": [{"sector": "public"}, {"sector": "private"}]}}, True),
    ({"any": [{"service.kind": "payroll"}, {"any_partner": {"sector": "private"}}]}, True),
    ({"all": [{"service.kind": "planning"}, {"answer": {"item": "basics.scope", "in": ["unanswered"]}}]}, True),
    ({"answer": {"item": "basics.scope", "in": ["yes"]}}, False),
    ({"not": {"answer": {"item": "basics.scope", "in": ["yes"]}}}, True),
    ({"partners.count": {"ge": 2}}, True),
])
def test_conditions(cond, expected):
    assert run(cond, P) is expected


def test_every_partner_is_vacuously_true_with_no_partners_listed():
    assert run({"all_partners": {"sector": "public"}}, {"partners": []}) is True


def test_derived_flags_cross_strata():
    units = [Unit("rule:a", parse({"service.kind": "planning"}), ("planning",)),
             Unit("rule:b", parse({"flag": "planning"})),
             Unit("rule:c", parse({"not": {"flag": "planning"}}))]
    program = compile_units(units)
    assert len(program.strata) == 2
    fired = Engine(program).run(facts.build({"service": {"kind": "planning"}})).fired
    assert "rule:b" in fired and "rule:c" not in fired
    fired = Engine(program).run(facts.build({"service": {"kind": "payroll"}})).fired
    assert "rule:b" not in fired and "rule:c" in fired


def test_flag_cycle_is_named():
    units = [Unit("rule:a", parse({"flag": "y"}), ("x",)), Unit("rule:b", parse({"flag": "x"}), ("y",))]
    with pytest.raises(CompileError, match="rule:a -> rule:b -> rule:a"):
        compile_units(units)


def test_one_fact_satisfying_hundreds_of_patterns_does_not_crash():
    """Regression: one fact satisfying more than ~64 distinct patterns of one ruleset made
    durable-rules fail with error 303 and abort. The compiler now bounds patterns per fact type."""
    units = [Unit(f"rule:r{i}", parse({"arrangement.months_to_start": {"ge": i}})) for i in range(450)]
    program = compile_units(units)
    shards = program.strata[0]
    assert all(len(s.rules) <= 200 and max(patterns_per_subject(s).values()) <= MAX_PATTERNS for s in shards)
    fired = Engine(program).run(facts.build({"arrangement": {"months_to_start": 300}})).fired
    assert len(fired) == 301


def test_shards_respect_the_rule_limit_when_patterns_are_shared():
    units = [Unit(f"rule:r{i}", parse({"service.kind": "payroll"})) for i in range(450)]
    shards = compile_units(units).strata[0]
    assert [len(s.rules) for s in shards] == [200, 200, 50]
    assert len(Engine(compile_units(units)).run(facts.build({"service": {"kind": "payroll"}})).fired) == 450


def test_long_lists_are_split_below_32_expressions():
    values = list(range(80))
    program = compile_units([Unit("rule:x", parse({"arrangement.months_to_start": {"in": values}}))])

    def longest(expr):
        if isinstance(expr, dict):
            return max([len(v) if k in ("$and", "$or") else 0 for k, v in expr.items()]
                       + [longest(v) for v in expr.values()])
        if isinstance(expr, list):
            return max(longest(v) for v in expr)
        return 0
    rule = program.strata[0][0].rules["rule:x#0"]
    assert longest(rule.patterns[0].expr) <= MAX_SEQUENCE
    assert "rule:x" in Engine(program).run(facts.build({"arrangement": {"months_to_start": 79}})).fired


@pytest.mark.parametrize("cond,message", [
    ({"service.knd": "planning"}, "did you mean 'service.kind'"),
    ({"service.kind": "plannning"}, "did you mean 'planning'"),
    ({"service.kind": {"gt": "planning"}}, "does not apply"),
    ({"any_partner": {"service.kind": "planning"}}, "proposal field"),
    ({"answer": {"item": "basics.scope", "in": ["maybe"]}}, "not an answer status"),
    ({"all": []}, "non-empty list"),
])
def test_bad_conditions_say_what_is_wrong(cond, message):
    with pytest.raises(ConditionError, match=message):
        parse(cond)


def test_many_and_alternatives_on_the_proposal_become_rules_of_their_own():
    """durable-rules keeps two entries per $and/$or of a pattern, however nested, and fails with error
    113 at 32: a long `any` of `all`s on the proposal is split into one engine rule per alternative."""
    fns = ["finance", "payroll", "hr", "planning", "revenues", "benefits", "licensing", "audit",
           "risk", "ict", "other", "customer_contact", "document_management", "building_control"]
    cond = parse({"any": [{"service.functions": {"contains": f}, f"partners.same_system.{f}": False} for f in fns]})
    program = compile_units([Unit("rule:x", cond)])
    assert len(program.strata[0][0].rules) == len(fns)
    engine = Engine(program)
    fs = facts.build({"service": {"kind": "hr"}, "alignment": {"systems_different": ["hr"]}})
    assert "rule:x" in engine.run(fs).fired
    assert "rule:x" not in engine.run(facts.build({"service": {"kind": "waste"},
                                                     "alignment": {"systems_different": ["hr"]}})).fired
