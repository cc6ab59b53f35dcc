"""`advisor interview` without a terminal: --answers FILE, answers piped on stdin, and the files."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from advisor import knowledge, proposal as proposal_mod

ROOT = Path(__file__).resolve().parent.parent
ADVISOR = [sys.executable, "-c", "import sys; from advisor.cli import main; sys.argv[0] = 'advisor'; main()"]
EXAMPLE = ROOT / "examples" / "herts-internal-audit.yaml"


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


def run(args, cwd, stdin=None, input_text=None, timeout=240):
    return subprocess.run([*ADVISOR, "interview", *args], cwd=cwd, input=input_text, stdin=stdin,
                          capture_output=True, text=True, timeout=timeout)


def load(path):
    return yaml.safe_load(Path(path).read_text())


def test_answers_file_builds_a_valid_proposal_that_asks_less(kb, tmp_path):
    r = run(["-o", "p.yaml", "--answers", str(EXAMPLE), "--no-report"], tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "p.yaml"
    prop = proposal_mod.load(out, kb)  # valid under the schema, KB item ids included
    assert prop["service"]["kind"] == ["internal_audit"]  # a list field: the services in scope
    assert [p["name"] for p in prop["partners"]][:2] == ["Hertfordshire County Council",
                                                        "North Hertfordshire District Council"]
    assert len(prop["partners"]) == 4
    assert prop["answers"]["governance.board"]["status"] == "yes"
    # answers that cannot change the advice are reported, not stored; those a section still open
    # may ask are not called "not needed"
    needless = re.search(r"(was|were) not needed: (it|they) cannot change the advice .*\((.*)\)", r.stdout)
    later = re.search(r"were not asked yet: the sections still open may ask them \((.*)\)", r.stdout)
    assert needless and later, r.stdout
    assert "still open, starting with The partners" in r.stdout
    assert "partners[0]." in later.group(1) and "partners[" not in needless.group(3)
    side = load(str(out) + ".interview")
    assert side["partners_done"] is True
    # every answer that was stored came from the answers file, unchanged
    example = proposal_mod.load(EXAMPLE, kb)
    for section in ("service", "arrangement", "workforce", "business_case"):
        for key, value in prop.get(section, {}).items():
            assert example[section][key] == value


def test_answers_file_then_same_advice_as_original_for_stored_facts(kb, tmp_path):
    """The questions left out cannot change the advice: same lessons as the full example."""
    from advisor.interview.relevance import Relevance

    r = run(["-o", "p.yaml", "--answers", str(EXAMPLE), "--no-report"], tmp_path)
    assert r.returncode == 0, r.stderr
    rel = Relevance(kb)
    got = proposal_mod.load(tmp_path / "p.yaml", kb)
    full = proposal_mod.load(EXAMPLE, kb)
    assert rel.outcome(got) == rel.outcome(full)


def test_piped_answers_one_per_line_with_why_back_and_skip(kb, tmp_path):
    lines = ["Payroll",          # service.name
             "?",                 # why is the kind asked
             "payroll",           # service.kind
             "back",              # back to the kind
             "2",                 # kind by number: payroll again
             "skip",              # the next question is skipped (unknown)
             ]
    r = run(["-o", "p.yaml"], tmp_path, input_text="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    assert "Your answer feeds these lessons" in r.stdout or "frame" in r.stdout or "lesson" in r.stdout
    prop = proposal_mod.load(tmp_path / "p.yaml", kb)
    assert prop["service"] == {"name": "Payroll", "kind": ["payroll"]}
    side = load(tmp_path / "p.yaml.interview")
    assert len(side["skipped"]) == 1
    skipped = side["skipped"][0]
    # resuming does not ask the skipped question again: the first question shown is another one
    r2 = run(["--resume", "p.yaml"], tmp_path, input_text="skip\n")
    assert r2.returncode == 0, r2.stderr
    assert load(tmp_path / "p.yaml.interview")["skipped"][0] == skipped
    assert len(load(tmp_path / "p.yaml.interview")["skipped"]) == 2


def test_invalid_piped_answer_is_refused_and_asked_again(kb, tmp_path):
    r = run(["-o", "p.yaml"], tmp_path, input_text="Payroll\nwidgets\npayroll\n")
    assert r.returncode == 0, r.stderr
    assert "'widgets' is not one of" in r.stdout
    assert proposal_mod.load(tmp_path / "p.yaml", kb)["service"]["kind"] == ["payroll"]


def test_no_terminal_and_no_answers_is_a_clear_error(tmp_path):
    r = run(["-o", "p.yaml"], tmp_path, stdin=subprocess.DEVNULL)
    assert r.returncode == 2
    assert "no terminal and no answers" in r.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_existing_output_is_never_overwritten(tmp_path):
    (tmp_path / "p.yaml").write_text("title: mine\n")
    r = run(["-o", "p.yaml"], tmp_path, input_text="x\n")
    assert r.returncode == 2
    assert "--resume p.yaml" in r.stderr
    assert (tmp_path / "p.yaml").read_text() == "title: mine\n"


def test_bad_answer_in_answers_file_names_the_question(tmp_path):
    (tmp_path / "a.yaml").write_text("service.name: X\nservice.kind: widgets\n")
    r = run(["-o", "p.yaml", "--answers", "a.yaml"], tmp_path)
    assert r.returncode == 2
    assert "service.kind" in r.stderr and "widgets" in r.stderr


def test_flat_ids_and_skip_in_answers_file(kb, tmp_path):
    (tmp_path / "a.yaml").write_text(
        "service.name: Payroll\nservice.kind: payroll\narrangement.model: skip\n"
        "partners[0].name: A\npartners[0].more: yes\npartners[1].name: B\npartners[1].more: no\n"
        "answers.basics.scope: partial\n")
    r = run(["-o", "p.yaml", "--answers", "a.yaml", "--report"], tmp_path)
    assert r.returncode == 0, r.stderr
    prop = proposal_mod.load(tmp_path / "p.yaml", kb)
    assert [p["name"] for p in prop["partners"]] == ["A", "B"]
    assert "model" not in prop.get("arrangement", {})
    assert "arrangement.model" in load(tmp_path / "p.yaml.interview")["skipped"]
    assert prop["answers"]["basics.scope"]["status"] == "partial"
    assert "Advice on " in r.stdout  # --report prints the advice and the audit at the end
    assert "still open" in r.stdout  # questions the file did not answer are left for later


def test_resume_keeps_hand_edits_and_evidence(kb, tmp_path):
    (tmp_path / "p.yaml").write_text(
        "service: {name: Payroll, kind: payroll}\n"
        "answers:\n  basics.scope: {status: partial, evidence: Draft scope, date: 2026-01-02}\n")
    r = run(["--resume", "p.yaml"], tmp_path, input_text="skip\n")
    assert r.returncode == 0, r.stderr
    prop = proposal_mod.load(tmp_path / "p.yaml", kb)
    assert prop["answers"]["basics.scope"] == {"status": "partial", "evidence": "Draft scope", "date": "2026-01-02"}
    assert prop["service"] == {"name": "Payroll", "kind": ["payroll"]}
    skipped = load(tmp_path / "p.yaml.interview")["skipped"]
    assert len(skipped) == 1 and skipped[0] not in ("service.name", "service.kind")  # resumed past them


def test_ids_both_a_field_and_an_item_are_unambiguous_in_an_answers_file(kb, tmp_path):
    """risk.appetite is a profile field (averse ... open) and a checklist item (is it agreed?):
    `no` can only be the item's answer. risk.register is both too, but the field answers the item,
    so `no` there is the field: one fact."""
    (tmp_path / "a.yaml").write_text(
        "service.name: Payroll\nservice.kind: payroll\n"
        "risk.appetite: no\nrisk.register: no\ngovernance.board: yes\n")
    r = run(["-o", "p.yaml", "--answers", "a.yaml", "--no-report"], tmp_path)
    assert r.returncode == 0, r.stderr
    prop = proposal_mod.load(tmp_path / "p.yaml", kb)
    assert prop["answers"]["risk.appetite"]["status"] == "no"
    assert "appetite" not in prop.get("risk", {})
    assert prop["risk"]["register"] is False
    assert "risk.register" not in prop.get("answers", {})
    assert prop["answers"]["governance.board"]["status"] == "yes"  # a flat item id answers the item


def test_flat_id_that_is_a_field_value_stays_the_field(kb):
    from advisor.interview.scripted import flatten

    assert flatten({"risk.appetite": "cautious"}, kb) == {"risk.appetite": "cautious"}
    assert flatten({"risk.appetite": "no"}, kb) == {"answers.risk.appetite": "no"}
    assert flatten({"risk.appetite": {"status": "yes", "evidence": "Board minute"}}, kb) == {
        "answers.risk.appetite": {"status": "yes", "evidence": "Board minute"}}
    assert flatten({"answers": {"risk.appetite": "no"}}, kb) == {"answers.risk.appetite": "no"}
    assert flatten({"communications.plan": "yes"}, kb) == {"communications.plan": "yes"}
