"""Situations the papers describe get the lessons the papers draw from them, and no lesson whose
mitigation the proposal states (issue: the full knowledge base)."""

import pytest

from advisor import proposal
from advisor.advice import advise
from conftest import ROOT

SCENARIOS = {
    # nhdc-2011 §3.4: three months to go-live, costs and savings unknown, officer-led board,
    # unclear who approves decisions, a county with far more buying power.
    "herts-internal-audit.yaml": {
        "fire": ["business_case.costs_unknown_near_start", "governance.officer_led_board",
                 "parity.equity_and_decisions_unsettled", "parity.county_buying_power",
                 "workforce.pay_scales_different"],
        "mitigated": [], "absent": ["business_case.too_detailed_at_outset"]},
    # nhdc-2011 §4: the joint member panel, the IT programme and pay alignment are stated remedies.
    "scenarios/south-vale-shared-management.yaml": {
        "fire": ["identity.meeting_schedules"],
        "mitigated": ["political.different_political_control", "it.different_finance_systems",
                      "it.different_planning_systems", "workforce.pay_scales_different"],
        "absent": ["business_case.too_detailed_at_outset", "parity.size_disparity",
                   "capacity.senior_management_structure_first"]},
    # nhdc-2011 §3.1: adjacent districts, response times manageable; pay differentials remain.
    "scenarios/building-control-cover.yaml": {
        "fire": ["workforce.pay_scales_different"], "mitigated": [],
        "absent": ["geography.emergency_response_distance", "geography.long_journeys"]},
    "scenarios/building-control-far.yaml": {
        "fire": ["geography.emergency_response_distance", "geography.long_journeys"], "mitigated": [],
        "absent": []},
    # nhdc-2011 §3.2, §6.5: opposed development policies; different planning systems (§3.2.1).
    "scenarios/planning-merger-opposed-policies.yaml": {
        "fire": ["political.development_policy_conflict", "it.different_planning_systems",
                 "suitability.professional_judgement"], "mitigated": [], "absent": []},
    # hdc-2011: "get your senior management structure sorted out first".
    "scenarios/shared-chief-executive.yaml": {
        "fire": ["capacity.senior_management_structure_first"], "mitigated": [], "absent": []},
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_gets_the_papers_lessons(kb, name):
    want = SCENARIOS[name]
    path = ROOT / "examples" / name
    result = advise(kb, proposal.load(str(path), kb), str(path))
    fired = {f.rule.id: f for f in result.findings}
    for rule in want["fire"]:
        assert rule in fired and not fired[rule].mitigated, f"{rule} should fire unmitigated"
    for rule in want["mitigated"]:
        assert rule in fired and fired[rule].mitigated, f"{rule} should fire mitigated"
        assert fired[rule].severity in ("info", "low"), "a mitigated lesson is reported lower"
    for rule in want["absent"]:
        assert rule not in fired, f"{rule} should not fire"


def test_a_shared_chief_executive_with_one_structure_is_not_warned(kb):
    text = (ROOT / "examples/scenarios/shared-chief-executive.yaml").read_text()
    text = text.replace("single_management_structure: no", "single_management_structure: yes")
    result = advise(kb, proposal.load_text(text, kb))
    assert "capacity.senior_management_structure_first" not in {f.rule.id for f in result.findings}


def test_the_delivery_model_section_gives_the_dclg_verdict_with_reasons(kb):
    path = ROOT / "examples/scenarios/planning-merger-opposed-policies.yaml"
    section = advise(kb, proposal.load(str(path), kb)).delivery_model
    assert section["verdict"] == "probably_not_suitable"
    assert [r["id"] for r in section["reasons"]] == ["unsuitable.professional_judgement"]
    assert "service.professional_judgement = high" in section["reasons"][0]["fact"]
    path = ROOT / "examples/scenarios/south-vale-shared-management.yaml"
    section = advise(kb, proposal.load(str(path), kb)).delivery_model
    assert section["title"] and section["disadvantages"]


def test_why_puts_every_partner_in_words(kb):
    """An `all_partners` condition is compiled to a negated helper flag; the why must still read
    as the author wrote it."""
    from conftest import EXAMPLE

    section = advise(kb, proposal.load(str(EXAMPLE), kb)).delivery_model
    reason = next(r for r in section["reasons"] if r["id"] == "public.working_relationship")
    assert "Every partner has Commitment: fully committed or committed in principle" in reason["fact"]
    assert "not true that" not in reason["fact"]


def _readiness(kb, name):
    from advisor.report.model import advice_report

    path = ROOT / "examples" / name
    data, lines = proposal.load_with_lines(str(path), kb)
    import datetime

    report = advice_report(advise(kb, data, str(path), datetime.date(2026, 6, 1), (), lines), kb)
    return report


def test_readiness_tells_a_well_run_arrangement_from_a_failing_one(kb):
    """Issue: a partnership that had run for 17 years came out amber with four highs, like the
    failed ones, because nobody had answered its items. With its governance answered it is rated,
    without a high finding; a failing one is red or amber with its highs."""
    well = _readiness(kb, "scenarios/long-running-joint-planning.yaml")
    assert well["summary"]["readiness"]["rating"] in ("green", "amber")
    assert not [f["rule"] for f in well["findings"] if f["severity"] in ("high", "critical") and not f["mitigated"]]
    assert well["summary"]["coverage"]["enough"]
    failing = _readiness(kb, "scenarios/failing-support-lost.yaml")
    rd = failing["summary"]["readiness"]
    assert rd["rating"] in ("red", "amber")
    fired = {f["rule"] for f in failing["findings"] if f["severity"] in ("high", "critical")}
    assert {"trust.political_opposition", "trust.commitment_before_details"} <= fired
    assert {t["id"] for t in rd["triggers"]} & fired


def test_unknowns_weigh_more_as_the_start_comes_closer(kb):
    from advisor.graph import plan
    from advisor.report.readiness import coverage

    base = proposal.load(str(ROOT / "examples/scenarios/failing-support-lost.yaml"), kb)
    ratios = []
    for months in (3, 6, 12, 24):
        p = dict(base, arrangement=dict(base["arrangement"], months_to_start=months))
        result = advise(kb, p)
        ratios.append(coverage(kb, result.facts, result.audit, plan(kb))["ratio"])
    assert ratios == sorted(ratios) and ratios[0] < ratios[-1]


def test_an_item_others_depend_on_matters_more_when_unknown(kb):
    """Of the unknown high items, those more items need first (up to four) are named first."""
    from advisor.graph import plan
    from advisor.report.model import advice_report

    result = advise(kb, {"title": "Empty"})
    order = [u["id"] for u in advice_report(result, kb)["summary"]["readiness"]["unknown_that_matter"]]
    needed = {i: min(4, len(plan(kb).unblocks(i))) for i in order if i in kb.items}
    highs = [i for i in order if i in kb.items and kb.items[i].severity == "high"]
    assert len(highs) >= 2 and [needed[i] for i in highs] == sorted((needed[i] for i in highs), reverse=True)
    assert needed[highs[0]] > 0
