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
                 "workforce.pay_scales_different", "business_case.residual_services_uncosted",
                 "business_case.not_approved_near_start"],
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

    text = EXAMPLE.read_text() + "alignment: {stage_of_development: same}\n"
    section = advise(kb, proposal.load_text(text, kb)).delivery_model
    reason = next(r for r in section["reasons"] if r["id"] == "public.working_relationship")
    assert "Every partner has Commitment: fully committed or committed in principle" in reason["fact"]
    assert "not true that" not in reason["fact"]


# ---------------------------------------------------------------- issue 11: triggers in the right place
# Each situation is the one that showed a fault; the comment says what was wrong.

def fired(kb, text):
    return {f.rule.id: f for f in advise(kb, proposal.load_text(text, kb)).findings}


TWO_FINANCE_SYSTEMS = """
partners:
  - {name: A, systems: {finance: Integra, hr: iTrent}}
  - {name: B, systems: {finance: SAP, hr: ResourceLink}}
"""


def test_it_differences_count_only_for_services_in_scope(kb):
    # A waste service whose partners differ only in finance got "A shared finance service needs one
    # system" (high); different HR systems on a licensing service got it.different_service_systems.
    waste = fired(kb, "service: {kind: waste}\n" + TWO_FINANCE_SYSTEMS)
    assert not {"it.different_finance_systems", "it.different_service_systems"} & set(waste)
    licensing = fired(kb, "service: {kind: licensing}\n" + TWO_FINANCE_SYSTEMS)
    assert "it.different_service_systems" not in licensing
    # A shared chief executive got both.
    ceo = fired(kb, "service: {kind: management}\narrangement: {model: shared_management}\n" + TWO_FINANCE_SYSTEMS)
    assert not {"it.different_finance_systems", "it.different_service_systems", "it.no_convergence_roadmap"} & set(ceo)
    # Sharing finance and HR under a shared management team: both differences count.
    scope = fired(kb, "service: {kind: [management, finance, hr]}\n" + TWO_FINANCE_SYSTEMS)
    assert {"it.different_finance_systems", "it.different_service_systems"} <= set(scope)


def test_sharing_finance_with_a_partner_recording_no_finance_system_gives_an_it_finding(kb):
    # it.partner_systems_unknown fired only when a partner listed no systems at all.
    found = fired(kb, """
service: {kind: finance}
partners:
  - {name: A, systems: {finance: Integra}}
  - {name: B, systems: {planning: Uniform}}
""")
    assert "it.partner_systems_unknown" in found
    said = fired(kb, """
service: {kind: finance}
alignment: {systems_different: [finance]}
partners: [{name: A}, {name: B}]
""")
    assert "it.different_finance_systems" in said and "it.partner_systems_unknown" not in said


def test_different_political_control_says_what_nhdc_4_3_and_4_14_say(kb):
    # The poison claimed "priorities drift apart, each side suspects the other", in no paper.
    rule = kb.rules["political.different_political_control"]
    assert "joint member panel" in rule.poison and "suspects" not in rule.poison
    assert {c.section for c in rule.citations} == {"§4.3", "§4.14"}
    path = ROOT / "examples/scenarios/south-vale-shared-management.yaml"
    found = {f.rule.id: f for f in advise(kb, proposal.load(str(path), kb)).findings}
    assert found["political.different_political_control"].mitigated  # the panel is the antidote
    panel = [a for a in rule.antidotes if "governance.joint_member_panel" in a.items]
    assert panel and rule.mitigations[0].when == kb.rules["political.different_political_control"].mitigations[0].when


def test_merger_needs_time_only_for_merging_authorities(kb):
    # A shared senior team starting within 12 months got nhdc §5.4, which is about merging authorities.
    team = fired(kb, "arrangement: {model: shared_management, months_to_start: 6, pace: fast}\n")
    assert "political.merger_needs_time" not in team
    merger = fired(kb, "arrangement: {model: shared_management, merging_authorities: yes}\n")
    assert "political.merger_needs_time" in merger


def test_unduly_averse_only_when_the_service_can_bear_the_risk(kb):
    severe = fired(kb, "service: {failure_consequence: severe}\nrisk: {appetite: averse}\n")
    assert "risk.unduly_averse" not in severe and "suitability.severe_failure_consequence" in severe
    bearable = fired(kb, "service: {failure_consequence: significant}\nrisk: {appetite: averse}\n")
    assert "risk.unduly_averse" in bearable


def test_exit_and_cost_benefit_do_not_wait_for_a_business_case_stage(kb):
    # An interim arrangement starting next month with no business case got no exit warning.
    interim = fired(kb, "arrangement: {model: lead_authority, months_to_start: 1}\nbusiness_case: {stage: none}\n")
    assert "exit.no_exit_arrangements" in interim
    # An outline case with costs unknown got no cost-benefit warning.
    outline = fired(kb, "business_case: {stage: outline, costs_known: no}\n")
    assert "business_case.no_cost_benefit_analysis" in outline
    assert not outline["business_case.no_cost_benefit_analysis"].mitigated


def test_procurement_rules_mitigated_by_the_procurement_route(kb):
    # The mitigation read budget.procurement_processes, so answering the route left it critical.
    text = "arrangement: {model: outsourcing}\nanswers: {basics.procurement_route: yes}\n"
    finding = fired(kb, text)["private_sector.procurement_rules_apply"]
    assert finding.mitigated and finding.severity == "low"


def test_a_private_company_is_not_counted_as_an_authority(kb):
    # Three councils and SERCO wanting fast change were "four organisations" (rmbc counts authorities).
    found = fired(kb, """
arrangement: {pace: fast}
partners:
  - {name: Hertfordshire CC, sector: public, tier: county}
  - {name: North Herts, sector: public, tier: district}
  - {name: Stevenage, sector: public, tier: district}
  - {name: SERCO, sector: private}
""")
    assert "scale.large_partnership_fast_pace" not in found


def test_new_talks_to_join_an_existing_pair_get_the_joining_lesson(kb):
    # nhdc-2011 §3.5.2's own case could not fire: the rule needed review.started.
    found = fired(kb, """
title: North Herts joins Stevenage and East Herts in sharing financial transactions
service: {kind: finance}
arrangement: {joining_existing: yes}
partners: [{name: North Herts}, {name: Stevenage}, {name: East Herts}]
""")
    assert "parity.joining_established_partnership" in found


def test_adjacency_is_not_cited_to_the_lep_economic_geography_criterion(kb):
    # rmbc-2010's "appropriate geographical level ... LEP boundaries" is about economic geography.
    for rule in kb.rules.values():
        if "geography.adjacent" in str(rule.when):
            assert not any("geographical level" in c.quote for c in rule.citations), rule.id
    item = kb.items["partners.geography"]
    assert not any("geographical level" in c.quote for c in item.citations)


def test_one_fast_pace_does_not_swing_a_district_revenues_service_to_a_private_partner(kb):
    text = """
service: {kind: revenues_benefits}
arrangement: {pace: fast}
partners: [{name: A, tier: district, sector: public}, {name: B, tier: district, sector: public}]
"""
    section = advise(kb, proposal.load_text(text, kb)).delivery_model
    assert section["verdict"] != "private_partner"
    dramatic = text.replace("pace: fast", "pace: fast, dramatic_change: yes")
    section = advise(kb, proposal.load_text(dramatic, kb)).delivery_model
    assert section["verdict"] == "undetermined" and section["decided_by"]["rule"] == "one_private"


def test_delivery_model_groups_reasons_under_the_three_dclg_columns(kb):
    text = """
service: {standard_delivery: yes, recruitment_difficulty: yes, large_workforce: yes}
arrangement: {model: [lead_authority, outsourcing], pace: slow}
alignment: {stage_of_development: same}
partners:
  - {name: A, commitment: full, officer_support: strong}
  - {name: B, commitment: in_principle, officer_support: moderate}
"""
    dm = advise(kb, proposal.load_text(text, kb)).delivery_model
    columns = {c["verdict"]: c for c in dm["columns"]}
    assert [c["verdict"] for c in dm["columns"]] == ["public_partner", "private_partner", "not_suitable"]
    public = {r["id"] for r in columns["public_partner"]["reasons"]}
    assert public == {"public.standard_delivery", "public.recruitment", "public.slow_pace",
                      "public.working_relationship"}
    assert columns["public_partner"]["count"] == 4
    assert [r["id"] for r in columns["private_partner"]["reasons"]] == ["private.large_workforce"]
    assert dm["verdict"] == "public_partner" and dm["decided_by"]["rule"] == "more_public"
    assert set(dm["decided_by"]["reasons"]) == public
    assert "four for a public sector partner" in dm["sentence"]
    assert dm["judgements"] and dm["judgements"][0]["reason"]
    proxy = next(r for r in dm["reasons"] if r["id"] == "public.working_relationship")
    assert proxy["judgements"], "a proxy row is marked as advisor's judgement"
    assert [m["model"] for m in dm["models"]] == ["lead_authority", "outsourcing"]


def test_a_company_limited_by_guarantee_does_not_attract_vat_for_its_members(kb):
    # hdc-2011 §3.1; models.yaml said vat_liability: true and the report printed both.
    company = kb.models["company_limited_by_guarantee"]
    assert company["vehicle"]["vat_liability"] is False
    assert "do not attract VAT" in company["vehicle_notes"]["vat_liability"]


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
