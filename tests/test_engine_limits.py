"""What durable-rules cannot take is refused before it reaches the engine (issue 9): one rule too
wide for the 255-property limit, reserved names (t, sid, id, $…, ~…), non-finite and oversized
constants. `kb check` and `advise` name the rule and exit 2; they never segfault or crash.

The knowledge-base tests run advisor as a process: before the fix these inputs segfaulted."""

import subprocess

import pytest

from advisor.compiler import MAX_KEYS, CompileError, Unit, compile_units
from advisor.conditions import And, Answer, Flag, parse
from conftest import EXAMPLE


def advisor(advisor_bin, *args):
    return subprocess.run([advisor_bin, *map(str, args)], capture_output=True, text=True, timeout=300)


def refused(out, *words):
    assert out.returncode == 2, (out.returncode, out.stderr[-3000:])  # not -11 (SIGSEGV), not 1
    assert "Traceback" not in out.stderr
    for w in words:
        assert w in out.stderr, out.stderr[-3000:]


def _derivation(kb_copy, name, when, derives="wide_flag"):
    (kb_copy / "rules" / "data" / f"data.{name}.yaml").write_text(
        f"id: data.{name}\ntitle: A test derivation\nwhen: {when}\nderives: [{derives}]\n")


# ---------------------------------------------------------------- the compiler itself

def test_one_rule_reading_too_many_answers_is_refused():
    wide = Unit("rule:wide", And(tuple(Answer(f"s.i{k}", frozenset({"no"})) for k in range(MAX_KEYS + 52))))
    with pytest.raises(CompileError) as exc:
        compile_units([wide])
    assert exc.value.unit == "rule:wide" and "at most" in exc.value.message


def test_a_rule_at_the_limit_still_compiles():
    ok = Unit("rule:ok", And(tuple(Answer(f"s.i{k}", frozenset({"no"})) for k in range(MAX_KEYS))))
    program = compile_units([ok])
    assert program.units["rule:ok"]


@pytest.mark.parametrize("name", ["t", "sid", "id", "$and", "$lt", "~h0", "~sink"])
def test_reserved_flag_names_are_refused(name):
    with pytest.raises(CompileError, match="choose another name"):
        compile_units([Unit("rule:a", Flag(name))])
    with pytest.raises(CompileError, match="choose another name"):
        compile_units([Unit("rule:b", Flag("fine"), (name,))])


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 2**64])
def test_constants_the_engine_cannot_compare_are_refused(value):
    with pytest.raises(CompileError, match="partners.count"):
        compile_units([Unit("rule:c", parse({"partners.count": {"ge": value}}))])


# ---------------------------------------------------------------- kb check and advise

def test_a_rule_testing_252_answers_is_rejected_by_kb_check_and_advise(kb_copy, advisor_bin):
    items = "\n".join(f"- id: basics.wide{k}\n  section: basics\n  question: Wide {k}?\n  severity: low\n"
                      f"  citations: [{{source: nhdc-2011, section: '§1', quote: shared services}}]"
                      for k in range(252))
    (kb_copy / "knowledge" / "checklist" / "zz-wide.yaml").write_text(items + "\n")
    when = "{all: [" + ", ".join(f"{{answer: {{item: basics.wide{k}, in: [no]}}}}" for k in range(252)) + "]}"
    _derivation(kb_copy, "wide", when)
    refused(advisor(advisor_bin, "kb", "check", "--kb", kb_copy), "data.wide.yaml", "252 checklist answers")
    refused(advisor(advisor_bin, "advise", EXAMPLE, "--kb", kb_copy), "252 checklist answers")


@pytest.mark.parametrize("name", ["t", "sid", "$and", "~h0"])
def test_kb_check_names_a_reserved_flag(kb_copy, advisor_bin, name):
    quoted = f"'{name}'"
    _derivation(kb_copy, "reserved", "{service.kind: payroll}", quoted)
    (kb_copy / "rules" / "data" / "data.uses_reserved.yaml").write_text(
        f"id: data.uses_reserved\ntitle: Uses it\nwhen: {{flag: {quoted}}}\nderives: [other_flag]\n")
    refused(advisor(advisor_bin, "kb", "check", "--kb", kb_copy), "data.", "choose another name")


def test_kb_check_names_an_infinite_constant(kb_copy, advisor_bin):
    _derivation(kb_copy, "infinite", "{partners.count: {ge: .inf}}")
    refused(advisor(advisor_bin, "kb", "check", "--kb", kb_copy), "data.infinite.yaml", "finite")
