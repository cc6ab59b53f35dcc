"""The command line as a user meets it: output, exit codes, errors without tracebacks, help."""

import json

import subprocess
import sys

from click.testing import CliRunner

from advisor.cli import main
from conftest import EXAMPLE, ROOT


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


def test_advise_prints_poisons_antidotes_and_sources():
    r = run("advise", EXAMPLE)
    assert r.exit_code == 0
    assert "Poisons found:" in r.output and "What to do:" in r.output and "Source" in r.output
    assert all(len(line) <= 80 for line in r.output.splitlines())


def test_audit_json_is_valid_and_in_prerequisite_order(kb):
    r = run("audit", EXAMPLE, "--format", "json", "--fail-on", "never")
    assert r.exit_code == 0
    report = json.loads(r.output)
    assert report["schema"] == "advisor-report/1" and report["kind"] == "audit"
    position = {e["id"]: i for i, e in enumerate(report["items"])}
    edges = 0
    for e in report["items"]:
        for p in e["prerequisites"]:
            if p in position:
                assert position[p] < position[e["id"]], f"{p} must come before {e['id']}"
                edges += 1
    assert edges > 20


def test_audit_exit_code_follows_fail_on():
    assert run("audit", EXAMPLE).exit_code == 1  # the example misses high items
    assert run("audit", EXAMPLE, "--fail-on", "never").exit_code == 0
    # Its one critical item (full commitment) is partly in place: neither missing nor unknown.
    assert run("audit", EXAMPLE, "--fail-on", "critical").exit_code == 0


def test_silence_is_not_compliance(tmp_path):
    """An empty proposal evidences nothing: the audit fails by default, passes under --unknown pass,
    and the report says which policy it used."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("title: Empty\n")
    assert run("audit", empty).exit_code == 1
    assert run("audit", empty, "--unknown", "pass").exit_code == 0
    warn = run("audit", empty, "--unknown", "warn", "--format", "json")
    assert warn.exit_code == 0
    report = json.loads(warn.output)
    assert report["unknown_policy"] == "warn" and report["failing"] == []
    assert report["not_evidenced"] and report["totals"]["unknown"] == report["totals"]["applicable"]
    strict = json.loads(run("audit", empty, "--format", "json").output)
    assert strict["unknown_policy"] == "fail" and set(strict["failing"]) == set(strict["not_evidenced"])
    assert strict["readiness"]["rating"] == "grey"
    assert "not known" in run("audit", empty, "--unknown", "pass").output  # the text report names the policy


def test_unknown_items_fail_only_at_or_above_fail_on(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("title: Empty\n")
    report = json.loads(run("audit", empty, "--format", "json", "--fail-on", "high").output)
    severities = {e["id"]: e["severity"] for e in report["items"]}
    assert report["failing"] and {severities[i] for i in report["failing"]} <= {"high", "critical"}
    assert {i for i, s in severities.items() if s in ("high", "critical")} == set(report["failing"])


def test_a_field_gives_the_item_its_status_and_says_so(tmp_path):
    prop = tmp_path / "p.yaml"
    prop.write_text("title: T\nrisk:\n  register: yes\n")
    report = json.loads(run("audit", prop, "--format", "json", "--fail-on", "never").output)
    item = next(e for e in report["items"] if e["id"] == "risk.register")
    assert item["status"] == "present" and item["answer"] == "unanswered"
    assert item["basis"] == {"kind": "field", "field": "risk.register", "value": True, "line": 3,
                             "text": "from the proposal: Risk register: kept"}


def test_a_contradiction_names_both_values_and_both_lines(tmp_path):
    prop = tmp_path / "p.yaml"
    prop.write_text("title: T\nbusiness_case:\n  detail: proportionate\nanswers:\n"
                    "  business_case.proportionate: no\n")
    advice = json.loads(run("advise", prop, "--format", "json").output)
    (c,) = advice["contradictions"]
    assert (c["item"], c["field"], c["field_value"], c["field_line"]) == (
        "business_case.proportionate", "business_case.detail", "proportionate", 3)
    assert (c["answer"], c["answer_line"], c["used"]) == ("no", 5, "field")  # no evidence: the field wins
    assert "line 3" in c["text"] and "line 5" in c["text"] and "business_case" not in c["text"]
    finding = next(f for f in advice["findings"] if f["rule"] == "contradiction.business_case.proportionate")
    assert finding["kind"] == "contradiction" and finding["severity"] == "medium"
    audit = json.loads(run("audit", prop, "--format", "json", "--fail-on", "never").output)
    assert audit["contradictions"] == advice["contradictions"]
    item = next(e for e in audit["items"] if e["id"] == "business_case.proportionate")
    assert item["status"] == "present" and "contradiction" in item["basis"]["text"]
    # An answer that carries evidence wins, and the contradiction is still reported.
    prop.write_text("title: T\nbusiness_case:\n  detail: proportionate\nanswers:\n"
                    "  business_case.proportionate: {status: no, evidence: Cabinet asked for 80 pages}\n")
    audit = json.loads(run("audit", prop, "--format", "json", "--fail-on", "never").output)
    item = next(e for e in audit["items"] if e["id"] == "business_case.proportionate")
    assert item["status"] == "missing" and audit["contradictions"][0]["used"] == "answer"


def test_next_lists_actions_whose_prerequisites_are_met(kb):
    report = json.loads(run("next", EXAMPLE, "--format", "json").output)
    answers = {"basics.scope": "partial", "basics.purpose": "yes"}
    assert report["actions"]
    for action in report["actions"]:
        for p in kb.items[action["id"]].prerequisites:
            assert answers.get(p.item) not in ("partial", "no")


def test_findings_come_prerequisite_first_then_by_severity(kb):
    from advisor import graph

    report = json.loads(run("advise", EXAMPLE, "--format", "json").output)
    depth = graph.generations(graph.build(kb))
    rank = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}
    keys = []
    for f in report["findings"]:
        items = [i["id"] for a in f["antidotes"] for i in a["items"]]
        keys.append((min((depth[i] for i in items), default=0), -rank[f["severity"]]))
    assert keys == sorted(keys)


def test_explain_a_rule_and_an_item():
    r = run("explain", "political.different_political_control")
    assert r.exit_code == 0 and "When:" in r.output and "Sources:" in r.output and "nhdc-2011" in r.output
    r = run("explain", "governance.terms_of_reference")
    assert r.exit_code == 0 and "Needs first:" in r.output
    r = run("explain", "governance.terms_of_referenc")
    assert r.exit_code == 2 and "did you mean 'governance.terms_of_reference'" in r.output


def test_bad_proposal_exits_2_with_file_line_key_and_no_traceback(write):
    path = write("bad.yaml", "service:\n  catgory: back_office\n")
    r = run("advise", path)
    assert r.exit_code == 2
    assert f"{path}:2: service.catgory: unknown key (did you mean 'category'?)" in r.output
    assert "Traceback" not in r.output


def test_missing_file_exits_2():
    r = run("advise", "no/such/file.yaml")
    assert r.exit_code == 2 and "no such file" in r.output


def test_schema_is_json_schema(kb):
    r = run("schema")
    s = json.loads(r.output)
    assert s["$schema"].endswith("2020-12/schema") and "governance.terms_of_reference" in s["properties"]["answers"]["properties"]


def test_kb_check_passes_on_the_bundled_kb():
    r = run("kb", "check")
    assert r.exit_code == 0 and r.stdout.startswith("ok:")


def test_kb_stats_counts_families_and_sources():
    r = run("kb", "stats")
    assert r.exit_code == 0 and "Rules per family" in r.output and "nhdc-2011" in r.output


def test_kb_env_var_points_at_another_knowledge_base(tmp_path):
    r = run("kb", "check", env={"ADVISOR_KB": str(tmp_path)})
    assert r.exit_code == 2 and "expected a folder holding knowledge/ and rules/" in r.output


def _commands(group, prefix=""):
    import click
    for name, cmd in group.commands.items():
        yield prefix + name
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + name + " ")


def test_every_command_is_documented_in_the_readme_and_has_help():
    readme = (ROOT / "README.md").read_text()
    for name in _commands(main):
        assert f"advisor {name}" in readme, f"README does not mention `advisor {name}`"
        r = run(*name.split(), "--help")
        assert r.exit_code == 0 and len(r.output) > 100


def test_help_is_fast_because_imports_are_lazy():
    out = subprocess.run([sys.executable, "-c", "import advisor.cli, sys; "
                          "print(sorted(m for m in ('networkx', 'durable', 'docx', 'prompt_toolkit') if m in sys.modules))"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_root_cli_py_runs_from_a_checkout():
    out = subprocess.run([sys.executable, str(ROOT / "cli.py"), "kb", "stats"], capture_output=True, text=True)
    assert out.returncode == 0 and "Rules per family" in out.stdout


def test_memcheck_classifier_fails_on_engine_reads_only(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import memcheck

    xml = tmp_path / "v.xml"
    xml.write_text("""<valgrindoutput>
      <error><kind>UninitCondition</kind><stack><frame><obj>/usr/lib/libpython3.11.so</obj><fn>maybe_small_long</fn></frame></stack></error>
      <error><kind>InvalidRead</kind><stack><frame><obj>/x/durable_rules_engine.so</obj><fn>reduceExpressionSequence</fn></frame></stack></error>
      <error><kind>UninitValue</kind><stack><frame><obj>/x/durable_rules_engine.cpython-311.so</obj><fn>deleteState</fn></frame></stack></error>
    </valgrindoutput>""")
    failing, tolerated = memcheck.classify(str(xml))
    assert failing == ["InvalidRead in reduceExpressionSequence", "UninitValue in deleteState"]
    assert tolerated == ["UninitCondition in maybe_small_long"]





def test_in_the_example_every_item_a_field_answers_takes_its_status_from_the_field(kb):
    report = json.loads(run("audit", EXAMPLE, "--format", "json", "--fail-on", "never").output)
    by_field = {e["id"]: e for e in report["items"] if e["basis"]["kind"] == "field"}
    linked = {i for i, item in kb.items.items() if item.answered_by}
    assert {"risk.register", "employment.tupe_secondment", "communications.plan"} <= set(by_field)
    assert set(by_field) <= linked and len(by_field) >= 15
    assert by_field["employment.tupe_secondment"]["basis"]["text"].endswith("the checklist answer agrees, with evidence")
    for e in by_field.values():
        assert e["basis"]["text"].startswith("from the proposal: ") and e["basis"]["line"]
        assert e["status"] != "unknown"
    assert report["contradictions"] == []


def test_explain_says_which_field_answers_an_item():
    r = run("explain", "risk.register")
    assert r.exit_code == 0 and "Answered by the proposal's fields" in r.output
    assert "- present when risk.register is yes" in r.output and "- missing when risk.register is no" in r.output
