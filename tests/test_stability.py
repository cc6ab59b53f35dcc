"""Engine stability (issue 6): one long-lived process gives every proposal exactly the findings a
fresh engine gives it, memory stays bounded, and fresh processes never crash."""

import gc
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT

from advisor import facts
from advisor.advice import advise
from advisor.engine import Engine
from advisor.program import compiled
from advisor.samples import proposals

sys.path.insert(0, str(ROOT / "benchmarks"))


def signature(advice):
    """Everything a report shows that the engine decides, in a comparable form."""
    return json.dumps({
        "findings": [(f.rule.id, f.severity, [r.words() for r in f.why], [m.text for m in f.mitigations])
                     for f in advice.findings],
        "audit": [(e.item.id, e.status, e.blocked_by) for e in advice.audit],
        "next": [(n.item.id, n.unblocks) for n in advice.next_actions],
        "model": advice.delivery_model.get("verdict"),
    }, sort_keys=True, default=str)


def fired(result):
    return {unit: sorted(matches) for unit, matches in result.fired.items()}


@pytest.fixture(scope="module")
def pool(kb):
    return proposals(2027, 1000, kb.items, density=0.6)


def test_a_thousand_proposals_in_one_process_match_fresh_engines(kb, pool):
    program, shared = compiled(kb)
    order = list(range(len(pool)))
    random.Random(1).shuffle(order)  # not the order the fresh runs use: neighbours differ too
    together = {}
    for i in order:
        together[i] = fired(shared.run(facts.build(pool[i])))
    mismatches = []
    for i, p in enumerate(pool):
        fresh = Engine(program)  # a fresh engine: new host, new rulesets in the C core
        try:
            alone = fired(fresh.run(facts.build(p)))
        finally:
            fresh.close()  # durable-rules never frees a ruleset: ~4 MB each otherwise
        if alone != together[i]:
            mismatches.append(i)
    assert mismatches == [], f"{len(mismatches)} proposals fired differently, e.g. #{mismatches[:5]}"


def test_full_advice_is_the_same_however_often_and_in_whatever_order(kb, pool):
    subset = pool[:150]
    first = [signature(advise(kb, p)) for p in subset]
    again = {}
    for i in reversed(range(len(subset))):
        again[i] = signature(advise(kb, subset[i]))
    assert [again[i] for i in range(len(subset))] == first


def test_twenty_separate_processes_agree_with_one_process(kb, pool, tmp_path):
    picked = list(range(0, 1000, 50))  # 20 proposals
    data = tmp_path / "pool.json"
    data.write_text(json.dumps([pool[i] for i in picked]))
    script = tmp_path / "one.py"
    script.write_text(textwrap.dedent(f"""
        import json, sys
        sys.path[:0] = [{str(ROOT / 'src')!r}, {str(ROOT / 'tests')!r}]
        from advisor import knowledge
        from advisor.advice import advise
        from test_stability import signature
        kb = knowledge.load({str(ROOT)!r})
        p = json.load(open({str(data)!r}))[int(sys.argv[1])]
        print(signature(advise(kb, p)))
    """))
    in_process = [signature(advise(kb, pool[i])) for i in picked]
    for n in range(len(picked)):
        out = subprocess.run([sys.executable, str(script), str(n)], capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.strip() == in_process[n], f"proposal #{picked[n]} differs in a fresh process"


def _rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover - not Linux


def test_memory_stays_bounded_over_ten_thousand_proposals(kb, pool):
    """10,000 engine runs in one process: a leaked session or fact would grow RSS steadily."""
    _, engine = compiled(kb)
    factsets = [facts.build(p) for p in pool[:500]]
    for fs in factsets * 2:  # warm-up: allocator arenas, caches, interned strings
        engine.run(fs)
    for p in pool[:100]:
        advise(kb, p)
    gc.collect()
    before = _rss_mb()
    for n in range(10_000):
        engine.run(factsets[n % len(factsets)])
        if n % 50 == 0:
            advise(kb, pool[n % len(pool)])  # the whole pipeline too, 200 times
    gc.collect()
    grown = _rss_mb() - before
    assert grown < 25, f"RSS grew by {grown:.1f} MB over 10,000 proposals"


def test_short_stress_run_of_fresh_cli_processes():
    """benchmarks/stress.py (`make stress` runs 300) with 20 fresh `advisor advise` processes."""
    import stress

    advisor = str(Path(sys.executable).parent / "advisor")
    if not os.path.exists(advisor):
        pytest.skip("advisor is not installed in this environment")
    assert stress.run(20, 2, EXAMPLE, advisor) == []


def test_closing_an_engine_frees_its_rulesets(kb):
    """durable-rules keeps every ruleset it ever created; Engine.close() gives the memory back."""
    program, _ = compiled(kb)
    fs = facts.build(proposals(4, 1, kb.items)[0])
    for _ in range(5):
        Engine(program).close()
    gc.collect()
    before = _rss_mb()
    for _ in range(50):
        e = Engine(program)
        e.run(fs)
        e.close()
    gc.collect()
    assert _rss_mb() - before < 40, f"50 closed engines kept {_rss_mb() - before:.0f} MB"
