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
    assert run("audit", EXAMPLE, "--fail-on", "critical").exit_code in (0, 1)


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
                          "print(sorted(m for m in ('networkx', 'durable', 'docx', 'questionary') if m in sys.modules))"],
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



