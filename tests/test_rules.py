"""Rule tests are data: every rule's test_fail_/test_pass_/test_mitigated_ cases, run by one test."""

import pytest

from advisor import knowledge
from advisor.kbcheck import run_case
from advisor.program import compiled
from conftest import ROOT

KB = knowledge.load(str(ROOT))
CASES = [(rule_id, name) for rule_id, rule in KB.rules.items() for name in rule.tests]


@pytest.mark.parametrize("rule_id,case", CASES, ids=[f"{r}::{c}" for r, c in CASES])
def test_rule_case(rule_id, case):
    _, engine = compiled(KB)
    rule = KB.rules[rule_id]
    proposal, line = rule.tests[case]
    problem = run_case(KB, engine, rule, case, proposal, line)
    assert problem is None, str(problem)


@pytest.mark.parametrize("rule_id", [r for r in KB.rules if KB.rules[r].is_lesson])
def test_every_lesson_has_cases_that_fire_and_cases_that_do_not(rule_id):
    names = KB.rules[rule_id].tests
    assert any(n.startswith("test_fail_") for n in names)
    assert any(n.startswith("test_pass_") for n in names)


@pytest.mark.parametrize("rule_id", [r for r in KB.rules if KB.rules[r].mitigations])
def test_every_mitigation_has_a_mitigated_case(rule_id):
    assert any(n.startswith("test_mitigated_") for n in KB.rules[rule_id].tests)


def test_run_case_reports_a_case_that_lies():
    rule = next(r for r in KB.rules.values() if r.is_lesson)
    passing = next(c for n, c in rule.tests.items() if n.startswith("test_pass_"))
    _, engine = compiled(KB)
    problem = run_case(KB, engine, rule, "test_fail_lie", passing[0], passing[1])
    assert problem is not None and "should fire" in problem.message
