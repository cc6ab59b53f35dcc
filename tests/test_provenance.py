"""Every claim is a paper's or marked as advisor's judgement; advice that pulls both ways is shown once,
as a tension; the review table (docs/kb-review.tsv) stays an honest record of coverage (issue 11)."""

import fnmatch

from click.testing import CliRunner

from advisor import proposal
from advisor.advice import advise
from advisor.cli import main
from advisor.report.model import advice_report
from conftest import ROOT, kb_check

REVIEW = ROOT / "docs" / "kb-review.tsv"
HEADER = ["id", "section", "quote", "kb", "class", "note"]


def review_rows():
    lines = REVIEW.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines]
    assert rows[0] == HEADER
    return rows[1:]


def resolves(kb, ref):
    """A reference in the table's kb column: a rule or item id, a glob over them, models.yaml:ID,
    suitability.yaml:ID (or glob), stages.yaml, tensions.yaml:ID."""
    if ref == "stages.yaml":
        return (ROOT / "knowledge" / "stages.yaml").is_file()
    if ref == "models.yaml":
        return bool(kb.models)
    kind, _, name = ref.partition(":")
    if kind == "models.yaml":
        return name in kb.models
    if kind == "suitability.yaml":
        return bool(fnmatch.filter(kb.suitability, name))
    if kind == "tensions.yaml":
        return name in kb.tensions
    return bool(fnmatch.filter(list(kb.rules) + list(kb.items), ref))


def test_the_review_table_is_an_honest_coverage_record(kb):
    rows = review_rows()
    assert len(rows) == 200 and len({r[0] for r in rows}) == 200
    counts = {c: sum(1 for r in rows if r[4] == c) for c in ("W", "D", "M")}
    assert sum(counts.values()) == 200, "every row is W, D or M"
    assert counts["W"] >= 190
    for rid, _, quote, refs, cls, note in rows:
        assert quote.strip(), rid
        named = [r.strip() for r in refs.split(",") if r.strip() and r.strip() != "-"]
        for ref in named:
            assert resolves(kb, ref), f"{rid}: '{ref}' names no rule, item, model, criterion or tension"
        if cls == "W":
            assert named, f"{rid} is W but names no rule or item that encodes it"
        else:
            assert note.strip(), f"{rid} is {cls}: the note must say why it stays so"


def test_the_review_table_keeps_the_reviews_lessons_and_quotes():
    original = ROOT.parent / "shared" / "docs" / "kb-review-2026-12.tsv"  # ../shared, beside the clone
    old = [line.split("\t")[:3] for line in original.read_text(encoding="utf-8").splitlines()]
    new = [line.split("\t")[:3] for line in REVIEW.read_text(encoding="utf-8").splitlines()]
    assert old == new, "ids, sections and quotes are the review's; only kb, class and note change"


def report_for(kb, text):
    advice = advise(kb, proposal.load_text(text, kb))
    return advice_report(advice, kb)


def test_a_finding_carries_the_judgements_behind_it(kb):
    # close_to_start's six months are advisor's judgement, inherited by every rule that tests it.
    r = report_for(kb, "arrangement: {model: lead_authority, months_to_start: 3}\n")
    finding = next(f for f in r["findings"] if f["rule"] == "vehicles.lead_authority_delegation")
    assert any("Six months" in j["text"] and j["reason"] for j in finding["judgements"])
    assert all("Six months" not in c["quote"] for c in finding["citations"])
    plain = next(f for f in r["findings"] if f["rule"] == "exit.no_exit_arrangements")
    assert plain["judgements"] == []


LEADERS_OR_OFFICERS = """
business_case: {stage: outline}
communications: {members_briefed: no}
partners:
  - {name: A, officer_support: strong}
  - {name: B, officer_support: weak}
"""


def test_advice_pulling_both_ways_is_held_once_as_a_tension(kb):
    r = report_for(kb, LEADERS_OR_OFFICERS)
    tensions = [t for t in r["tensions"] if t["id"] == "leaders_or_officers_first"]
    assert len(tensions) == 1
    t = tensions[0]
    assert [s["rule"] for s in t["sides"]] == ["engagement.members_not_involved", "trust.weak_officer_buy_in"]
    assert all(s["advice"] and s["citations"] and s["title"] for s in t["sides"]) and t["reconcile"]
    marked = {f["rule"] for f in r["findings"] if f.get("tension") == "leaders_or_officers_first"}
    assert marked == {"engagement.members_not_involved", "trust.weak_officer_buy_in"}


def test_a_tension_is_not_shown_when_only_one_side_fires(kb):
    r = report_for(kb, "business_case: {stage: outline}\ncommunications: {members_briefed: no}\n")
    assert not [t for t in r["tensions"] if t["id"] == "leaders_or_officers_first"]
    assert all("tension" not in f for f in r["findings"] if f["rule"] == "engagement.members_not_involved")


# A proposal on which every side of each declared tension fires: a tension that can never be shown
# would be dead knowledge.
TENSION_CASES = {
    "leaders_or_officers_first": LEADERS_OR_OFFICERS,
    "commitment_before_costs": """
arrangement: {months_to_start: 2}
business_case: {stage: full, costs_known: no}
partners: [{name: A, commitment: full}, {name: B, commitment: in_principle}]
""",
    "keep_out_or_proceed": """
service: {professional_judgement: high, failure_consequence: significant}
risk: {appetite: averse}
""",
    "short_case_or_exit_terms": """
arrangement: {model: joint_committee}
business_case: {stage: concept, detail: exhaustive}
""",
    "structure_first_or_measured_pace": """
arrangement: {model: shared_management}
workforce: {single_management_structure: no}
partners:
  - {name: A, population: 300000, member_support: strong}
  - {name: B, population: 100000, member_support: weak}
""",
    "size_or_speed": """
partners: [{name: A, sector: public}, {name: B, sector: public}, {name: C, sector: public}, {name: D, sector: public}]
""",
    "tell_early_or_announce_later": """
workforce: {transfer: tupe}
communications: {staff_engaged: no}
business_case: {stage: full}
partners: [{name: A, commitment: full}, {name: B, commitment: exploring}]
""",
    "colocate_or_local_base": """
service: {standard_delivery: no}
arrangement: {purposes: [savings]}
partners: [{name: A}, {name: B}]
answers: {implementation.asset_rationalisation: "no"}
""",
    "longer_discussion_or_structure_first": """
arrangement: {model: shared_management, merging_authorities: yes}
workforce: {single_management_structure: no}
""",
}


def test_every_declared_tension_has_a_case_and_shows_when_its_sides_fire(kb):
    assert set(TENSION_CASES) == set(kb.tensions)
    for tid, text in TENSION_CASES.items():
        r = report_for(kb, text)
        assert tid in {t["id"] for t in r["tensions"]}, tid


def test_kb_check_lists_every_judgement(kb):
    result = CliRunner().invoke(main, ["kb", "check"])
    assert result.exit_code == 0, result.output
    listed = result.stdout
    for owner in list(kb.rules.values()) + list(kb.suitability.values()):
        for j in owner.judgements:
            assert f"{owner.id}: {j.text}" in listed
    assert "delivery-model verdict" in listed


def test_kb_check_fails_on_a_threshold_no_paper_states(kb_copy):
    path = kb_copy / "rules/scale/scale.large_partnership_fast_pace.yaml"
    path.write_text(path.read_text().replace("partners.authority_count: {gt: 3}", "partners.authority_count: {gt: 7}"))
    code, out = kb_check(kb_copy)
    assert code == 2 and "the threshold partners.authority_count 7 is in no quote" in out


def test_kb_check_fails_on_an_undeclared_tension(kb_copy):
    path = kb_copy / "knowledge/tensions.yaml"
    text = path.read_text()
    start = text.index("- id: size_or_speed")
    end = text.index("- id: tell_early_or_announce_later")
    path.write_text(text[:start] + text[end:])
    code, out = kb_check(kb_copy)
    assert code == 2 and "pulls against" in out and "governance.joining_leaving" in out


def test_kb_check_fails_on_a_tension_naming_no_rule(kb_copy):
    path = kb_copy / "knowledge/tensions.yaml"
    path.write_text(path.read_text().replace("rule: scale.size_brings_flexibility", "rule: scale.size_brings_flex", 1))
    code, out = kb_check(kb_copy)
    assert code == 2 and "tension side 'scale.size_brings_flex' is not a rule" in out
