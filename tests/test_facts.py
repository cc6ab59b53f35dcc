"""Facts derived before the engine: partner comparisons and review ages."""

import datetime

from click.testing import CliRunner

from advisor import dates, facts
from advisor.cli import main


def test_whole_years_counts_anniversaries():
    day = datetime.date(2026, 6, 1)
    assert dates.whole_years("2021-06-01", day) == 5
    assert dates.whole_years("2021-06-02", day) == 4
    assert dates.whole_years("2030-01-01", day) == -4


def test_review_ages_are_facts():
    fs = facts.build({"review": {"started": "2012-04-01", "last_review": "2020-03-31"}}, datetime.date(2026, 6, 1))
    assert fs.proposal["review.years_running"] == 14
    assert fs.proposal["review.years_since_last_review"] == 6
    assert "review.years_running" not in facts.build({}).proposal


def test_pairs_compare_partners_ignoring_case_and_spaces():
    fs = facts.build({"partners": [
        {"political_control": "labour", "development_stance": "growth", "systems": {"finance": "Integra "},
         "population": 135000},
        {"political_control": "labour", "development_stance": "restraint", "systems": {"finance": "INTEGRA"},
         "population": 120000}]})
    (pair,) = fs.pairs
    assert pair["same_political_control"] is True and pair["stance_conflict"] is True
    assert pair["same_system.finance"] is True and pair["population_ratio"] == 1.125
    assert fs.proposal["partners.count"] == 2


def test_today_decides_whether_a_review_is_overdue(write):
    path = write("old.yaml", "review:\n  started: 2015-04-01\n  last_review: 2019-05-01\n")

    def fired(today):
        r = CliRunner().invoke(main, ["advise", path, "--format", "json"], env={"ADVISOR_TODAY": today})
        assert r.exit_code == 0, r.output
        return "governance.review_overdue" in r.stdout
    assert not fired("2024-04-30") and fired("2024-05-01")
    r = CliRunner().invoke(main, ["advise", path], env={"ADVISOR_TODAY": "soon"})
    assert r.exit_code == 2 and "--today (or $ADVISOR_TODAY): expected a date YYYY-MM-DD, got 'soon'" in r.output


def test_pair_records_are_found_by_id_for_a_hundred_partners():
    # FactSet.record indexes pairs (issue 9: a linear scan per lookup made 100 partners slow);
    # every id must still find its own record.
    from advisor import facts

    partners = [{"name": f"Council {i}", "tier": "district" if i % 2 else "county"} for i in range(100)]
    fs = facts.build({"partners": partners})
    assert len(fs.pairs) == 4950
    for pair in fs.pairs[::97] + fs.pairs[-3:]:
        assert fs.record(pair["id"]) is pair


def test_reasons_are_listed_once_each_in_the_order_first_seen(kb):
    # findings._reasons dedups through a set of keys now (issue 9); the list must be what the old
    # `if reason not in out` scan gave: every distinct reason once, first occurrence first.
    import sys

    from conftest import ROOT
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import hundred

    from advisor import proposal
    from advisor.advice import advise

    advice = advise(kb, proposal.load_text(hundred.text(), kb))
    assert advice.findings
    for f in advice.findings:
        expected = []
        for r in f.why:
            assert r not in expected, (f.rule.id, r)
            expected.append(r)


def test_comparisons_over_all_partners_prefer_the_partners_own_entries():
    fs = facts.build({"alignment": {"political_control": "same", "systems_different": ["hr"]},
                      "partners": [{"political_control": "labour", "systems": {"hr": "iTrent"}},
                                   {"political_control": "conservative", "systems": {"hr": "itrent"}}]})
    assert fs.proposal["partners.same_political_control"] is False  # the partners differ, whatever is stated
    assert fs.proposal["partners.same_system.hr"] is True  # both named the same system
    stated = facts.build({"alignment": {"political_control": "different"}, "partners": [{}, {}]})
    assert stated.proposal["partners.same_political_control"] is False
    one_named = facts.build({"partners": [{"systems": {"finance": "SAP"}}, {}]})
    assert "partners.same_system.finance" not in one_named.proposal  # unknown, not "same"


def test_scope_functions_and_authorities_are_derived():
    fs = facts.build({"service": {"kind": ["management", "finance", "internal_audit"]},
                      "partners": [{"sector": "public"}, {"tier": "district"}, {"sector": "private"}, {}]})
    assert fs.proposal["service.functions"] == ["finance", "audit", "risk"]
    assert fs.proposal["partners.authority_count"] == 2  # the company and the unknown body are not counted
    assert facts.build({"service": {"kind": "waste"}}).proposal["service.functions"] == []  # known: none
    assert "service.functions" not in facts.build({"service": {}}).proposal  # scope unknown
