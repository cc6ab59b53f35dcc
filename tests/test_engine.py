"""The engine against the reference evaluator, and the durable-rules workarounds holding."""

import subprocess
import sys
import textwrap

import pytest

from advisor import facts, reference
from advisor.engine import Engine, QuietHost
from advisor.program import compiled
from advisor.samples import proposals


def _decide_engine(kb, fs):
    program, engine = compiled(kb)
    result = engine.run(fs)
    return {u for u in result.fired if not u.startswith("~")}


@pytest.mark.parametrize("seed", range(6))
def test_engine_agrees_with_reference_on_generated_proposals(kb, seed):
    disagreements = []
    for p in proposals(seed, 40, kb.items, density=0.3 + 0.1 * seed):
        fs = facts.build(p)
        want = reference.decide(kb, fs)
        got = _decide_engine(kb, fs)
        if want != got:
            disagreements.append((sorted(want - got), sorted(got - want)))
    assert disagreements == []


def test_generated_proposals_exercise_most_rules(kb):
    # The agreement test means little if generated proposals fire almost nothing.
    fired = set()
    for p in proposals(99, 200, kb.items):
        fired |= reference.decide(kb, facts.build(p))
    rules = {f"rule:{r}" for r in kb.rules}
    assert len(fired & rules) >= 0.6 * len(rules)


def test_two_proposals_in_one_process_get_only_their_own_findings(kb):
    a, b = proposals(7, 2, kb.items)
    alone_a = _decide_engine(kb, facts.build(a))
    alone_b = _decide_engine(kb, facts.build(b))
    assert alone_a != alone_b
    for _ in range(3):  # interleaved, repeatedly, in one process and one engine
        assert _decide_engine(kb, facts.build(a)) == alone_a
        assert _decide_engine(kb, facts.build(b)) == alone_b


def test_sessions_are_deleted_so_more_than_1024_runs_work(kb):
    # durable-rules holds at most 1,024 live sessions per ruleset; a leak fails well before 1,100.
    p = proposals(3, 1, kb.items)[0]
    fs = facts.build(p)
    first = _decide_engine(kb, fs)
    for _ in range(1100):
        _, engine = compiled(kb)
        engine.run(fs)
    assert _decide_engine(kb, fs) == first


def test_quiet_host_starts_no_threads():
    import threading

    before = threading.active_count()
    QuietHost({"r": {"x": {"all": [{"m": {"t": "a"}}], "run": lambda c: None}}})
    assert threading.active_count() == before


def test_an_action_error_is_raised_not_swallowed(monkeypatch):
    """durable-rules stores an action's exception and carries on; ours must surface it."""
    from advisor import engine as engine_mod
    from advisor.compiler import Unit, compile_units
    from advisor.conditions import parse
    from advisor.errors import EngineError

    program = compile_units([Unit("rule:x", parse({"service.kind": "payroll"}))])
    eng = Engine(program)
    fs = facts.build({"service": {"kind": "payroll"}})
    assert "rule:x" in eng.run(fs).fired
    real = engine_mod._project

    def without_id(*args):
        fact = real(*args)
        del fact["id"]  # the action reads the matched fact's id, so it raises KeyError
        return fact
    monkeypatch.setattr(engine_mod, "_project", without_id)
    with pytest.raises(EngineError, match="action failed"):
        eng.run(fs)


def test_no_fact_comparisons_in_compiled_patterns(kb):
    """engine-notes §1: no pattern may refer to another fact's value."""
    program, _ = compiled(kb)

    def refs(expr):
        if isinstance(expr, dict):
            for k, v in expr.items():
                if isinstance(v, dict) and k not in ("$and", "$or"):
                    for inner in v.values():
                        assert not isinstance(inner, dict), f"cross-fact reference in {expr}"
                yield from refs(v)
        elif isinstance(expr, list):
            for v in expr:
                yield from refs(v)
        return
        yield

    count = 0
    for stratum in program.strata:
        for shard in stratum:
            assert len(shard.rules) <= 200
            for rule in shard.rules.values():
                for p in rule.patterns:
                    list(refs(p.expr))
                    count += 1
    assert count > len(kb.rules)


def test_fresh_processes_do_not_crash(tmp_path):
    """A short version of the 300-process stress run (benchmarks/stress.py runs the full one)."""
    script = textwrap.dedent("""
        import sys
        sys.path.insert(0, %r)
        from advisor import knowledge, proposal
        from advisor.advice import advise
        kb = knowledge.load(%r)
        advise(kb, proposal.load(%r, kb))
        print("ok")
    """) % (str(__import__("conftest").ROOT / "src"), str(__import__("conftest").ROOT),
            str(__import__("conftest").EXAMPLE))
    path = tmp_path / "one.py"
    path.write_text(script)
    for _ in range(20):
        out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.strip() == "ok"
