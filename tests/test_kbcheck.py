"""kb check fails, naming the problem, on each defect a knowledge-base author can make."""

from conftest import kb_check


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"fixture text not found in {path}"
    path.write_text(text.replace(old, new, 1))


def test_the_copy_passes(kb_copy):
    code, out = kb_check(kb_copy)
    assert code == 0, out


def test_quote_not_in_source(kb_copy):
    edit(kb_copy / "knowledge/checklist/basics.yaml", "What is the purpose of entering", "What is the porpoise of entering")
    code, out = kb_check(kb_copy)
    assert code == 2 and "knowledge/checklist/basics.yaml:" in out and "quote not found in enc-2017" in out


def test_dangling_prerequisite(kb_copy):
    edit(kb_copy / "knowledge/checklist/basics.yaml", "- id: basics.purpose\n",
         "- id: basics.purpose\n  prerequisites: [{item: basics.nowhere, reason: test}]\n")
    code, out = kb_check(kb_copy)
    assert code == 2 and "prerequisite 'basics.nowhere' is not a checklist item" in out


def test_prerequisite_cycle_is_named(kb_copy):
    edit(kb_copy / "knowledge/checklist/basics.yaml", "- id: basics.scope\n",
         "- id: basics.scope\n  prerequisites: [{item: basics.purpose, reason: one}]\n")
    edit(kb_copy / "knowledge/checklist/basics.yaml", "- id: basics.purpose\n",
         "- id: basics.purpose\n  prerequisites: [{item: basics.scope, reason: two}]\n")
    code, out = kb_check(kb_copy)
    assert code == 2 and "prerequisite cycle: basics.purpose -> basics.scope -> basics.purpose" in out \
        or "prerequisite cycle: basics.scope -> basics.purpose -> basics.scope" in out


def test_a_test_case_that_lies(kb_copy):
    path = kb_copy / "rules/shared_test/shared_test.lie.yaml"
    path.parent.mkdir()
    path.write_text("""id: shared_test.lie
title: A rule whose fail case does not fire
severity: low
when: {service.kind: payroll}
poison: Nothing.
antidotes: [{action: Nothing., items: [basics.scope]}]
citations: [{source: enc-2017, section: "§6.1", quote: at least every 5 years}]
tests:
  test_fail_wrong: {service: {kind: planning}}
  test_pass_right: {service: {kind: planning}}
""")
    code, out = kb_check(kb_copy)
    assert code == 2 and "shared_test.lie.yaml:" in out and "tests.test_fail_wrong: the rule should fire" in out


def test_duplicate_rules_are_an_error(kb_copy):
    src = kb_copy / "rules/geography/geography.long_journeys.yaml"
    dup = kb_copy / "rules/geography/geography.long_journeys_again.yaml"
    dup.write_text(src.read_text().replace("id: geography.long_journeys", "id: geography.long_journeys_again"))
    code, out = kb_check(kb_copy)
    assert code == 2 and "same condition as geography.long_journeys" in out


def test_a_condition_that_can_never_hold(kb_copy):
    path = kb_copy / "rules/geography/geography.never.yaml"
    path.write_text("""id: geography.never
title: Contradiction
derives: [never_flag]
when: {all: [{answer: {item: basics.scope, in: ["yes"]}}, {answer: {item: basics.scope, in: ["no"]}}]}
""")
    code, out = kb_check(kb_copy)
    assert code == 2 and "rule:geography.never: the condition can never hold" in out


def test_unknown_field_in_a_condition(kb_copy):
    edit(kb_copy / "rules/geography/geography.long_journeys.yaml", "geography.max_travel_minutes",
         "geography.max_travel_minute")
    code, out = kb_check(kb_copy)
    assert code == 2 and "unknown proposal field (did you mean 'geography.max_travel_minutes'?)" in out


def test_the_bundled_kb_declares_every_field_that_answers_an_item(kb_copy):
    """kb check warns about no field and item pair: each is linked (answered_by) or explained."""
    code, out = kb_check(kb_copy)
    assert code == 0 and "may ask the same fact" not in out


def test_a_field_and_an_item_asking_one_fact_without_a_link_are_reported(kb_copy):
    path = kb_copy / "knowledge/checklist/risk.yaml"
    edit(path, "  answered_by:\n    present: {risk.register: true}\n    missing: {risk.register: false}\n", "")
    code, out = kb_check(kb_copy)
    assert code == 0  # a warning: the words may mislead, so an author decides
    assert "field risk.register and checklist item risk.register may ask the same fact" in out
    # The check also finds pairs whose ids differ, from the words and the paragraph both quote.
    path = kb_copy / "knowledge/checklist/employment.yaml"
    edit(path, "  answered_by:\n    present: {communications.unions_consulted: true}\n"
               "    missing: {communications.unions_consulted: false}\n", "")
    code, out = kb_check(kb_copy)
    assert "field communications.unions_consulted and checklist item employment.union_consultation" in out
    # An entry in not_answered_by, with its reason, silences it.
    edit(path, "- id: employment.union_consultation\n",
         "- id: employment.union_consultation\n  not_answered_by: [{field: communications.unions_consulted, "
         "reason: test}]\n")
    code, out = kb_check(kb_copy)
    assert "communications.unions_consulted and checklist item employment.union_consultation" not in out


def test_answered_by_is_checked(kb_copy):
    path = kb_copy / "knowledge/checklist/risk.yaml"
    edit(path, "    present: {risk.register: true}\n", "    in_place: {risk.register: true}\n")
    code, out = kb_check(kb_copy)
    assert code == 2 and "answered_by.in_place: unknown status" in out
    edit(path, "    in_place: {risk.register: true}\n",
         "    present: {answer: {item: risk.appetite, in: [\"yes\"]}}\n")
    code, out = kb_check(kb_copy)
    assert code == 2 and "answered_by tests proposal, partner and pair fields only" in out


def test_not_answered_by_names_a_real_field(kb_copy):
    edit(kb_copy / "knowledge/checklist/risk.yaml", "    - field: risk.appetite\n", "    - field: risk.apetite\n")
    code, out = kb_check(kb_copy)
    assert code == 2 and "risk.appetite.not_answered_by: unknown field 'risk.apetite'" in out


def test_answered_by_conditions_that_overlap_are_reported(kb_copy):
    """Full commitment from every partner also satisfies 'every partner at least exploring': the
    partial condition must leave it out, or the item is never present."""
    edit(kb_copy / "knowledge/checklist/partners.yaml",
         "      any_partner: {commitment: {in: [in_principle, exploring]}}\n", "")
    code, out = kb_check(kb_copy)
    assert code == 0 and "answered_by: partial and present both hold for one sample proposal" in out
