"""`make bench`: how fast advisor is, each figure against a baseline measured in the same run.

Prints a table of medians with the machine it ran on, and writes it to benchmarks/results.md.
Targets (issue 6), on 2 cores: --help <= 1.5x the click floor; one advise <= 1.3x the dependency
floor; >= 500 proposals/s in a batch; engine <= 2x raw durable-rules; 5,000 rules evaluated < 1 s.
Hostile inputs (issue 9, benchmarks/hostile.py): each < 1 s and < 400 MB; the inputs that were once
quadratic within 2-3x of a same-size benign input.

    .venv/bin/python benchmarks/bench.py [--quick] [--runs N] [--no-write]
"""

import argparse
import datetime
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(HERE)]
BIN = Path(sys.executable).parent
EXAMPLE = ROOT / "examples" / "herts-internal-audit.yaml"


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def rss_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _wall(cmd, env):
    t = time.perf_counter()
    out = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    dt = time.perf_counter() - t
    if out.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, cmd))} exited {out.returncode}: {out.stderr.decode()[-500:]}")
    return dt


def versus(cmd, floor, runs):
    """Median wall time of `cmd` and of `floor`, interleaved so load on the machine hits both."""
    env = dict(os.environ)
    for _ in range(2):  # warm the page cache and advisor's own cache
        _wall(cmd, env), _wall(floor, env)
    a, b = [], []
    for _ in range(runs):
        a.append(_wall(cmd, env))
        b.append(_wall(floor, env))
    return statistics.median(a), statistics.median(b)


def batch(runs, size):
    from advisor import knowledge
    from advisor.advice import advise
    from advisor.samples import proposals

    kb = knowledge.load(str(ROOT))
    pool = proposals(11, size, kb.items)
    for p in pool[:50]:  # warm-up: compile, caches, allocator
        advise(kb, p)
    gc.collect()
    before = rss_kb()
    rates = []
    for _ in range(runs):
        t = time.perf_counter()
        for p in pool:
            advise(kb, p)
        rates.append(len(pool) / (time.perf_counter() - t))
    gc.collect()
    return statistics.median(rates), rss_kb() - before, runs * len(pool)


def closed_engines(count):
    """RSS kept by `count` engines built, run once and closed, against the same engines left open
    (durable-rules never frees a ruleset itself; Engine.close does). Was an RSS assert in a unit test."""
    from advisor import facts, knowledge
    from advisor.engine import Engine
    from advisor.program import compiled
    from advisor.samples import proposals

    kb = knowledge.load(str(ROOT))
    program, _ = compiled(kb)
    fs = facts.build(proposals(4, 1, kb.items)[0])
    for _ in range(5):  # warm-up
        Engine(program).close()
    gc.collect()
    before = rss_kb()
    for _ in range(count):
        e = Engine(program)
        e.run(fs)
        e.close()
    gc.collect()
    closed = rss_kb() - before
    kept = []
    for _ in range(count):
        e = Engine(program)
        e.run(fs)
        kept.append(e)
    gc.collect()
    opened = rss_kb() - before - closed
    for e in kept:
        e.close()
    return closed / 1024, opened / 1024


def engine_vs_raw(runs, size):
    """Engine.run against the same compiled rulesets fired through a plain durable-rules Host."""
    from durable.engine import Host

    from advisor import facts, knowledge
    from advisor.engine import Engine, _facts_for
    from advisor.program import compiled
    from advisor.samples import proposals

    class RawHost(Host):  # durable-rules as shipped, minus the background timer threads
        def _run(self):
            pass

    kb = knowledge.load(str(ROOT))
    program, _ = compiled(kb)
    engine = Engine(program)
    fired = []
    definitions = {}
    for stratum in program.strata:
        for shard in stratum:
            d = shard.definition()
            for key, rule in d.items():
                rule["run"] = (lambda k: (lambda c: fired.append(k)))(key)
            definitions[shard.name] = d
    raw = RawHost(definitions)
    factsets = [facts.build(p) for p in proposals(12, size, kb.items)]
    # The exact batches the engine asserts, stratum by stratum, for each proposal.
    plans = []
    for n, fs in enumerate(factsets):
        result = engine.run(fs)
        flags, plan = set(), []
        for level, stratum in enumerate(program.strata):
            for shard in stratum:
                b = _facts_for(shard, fs, flags, f"raw{n}")
                if b:
                    plan.append((shard.name, b))
            for name in program.stratum_units[level]:
                if name in result.fired:
                    flags.update(program.units[name].derives)
        plans.append((plan, result))

    def run_raw():
        for plan, _ in plans:
            for name, b in plan:
                raw.assert_facts(name, b)
                raw.delete_state(name, b[0]["sid"])

    # Same answers first: the raw host fires exactly the engine's rules.
    for plan, result in plans:
        fired.clear()
        for name, b in plan:
            raw.assert_facts(name, b)
            raw.delete_state(name, b[0]["sid"])
        want = sorted(k for ms in result.fired.values() for k, _ in ms)
        assert sorted(k for k in fired if k != "~sink") == want, "raw durable-rules disagrees with Engine"
    ours, theirs = [], []
    for _ in range(runs):
        t = time.perf_counter()
        for fs in factsets:
            engine.run(fs)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        run_raw()
        theirs.append(time.perf_counter() - t)
    return statistics.median(ours) / size, statistics.median(theirs) / size


def synthetic(n_rules, evals):
    """Load (cold: parse; warm: advisor's cache), compile and evaluate a synthetic knowledge base."""
    import synthkb
    from advisor import compiler, facts, knowledge
    from advisor.engine import Engine
    from advisor.program import units
    from advisor.samples import proposals

    old = os.environ.get("ADVISOR_CACHE")
    with tempfile.TemporaryDirectory() as d, tempfile.TemporaryDirectory() as cache_dir:
        os.environ["ADVISOR_CACHE"] = cache_dir
        try:
            synthkb.write_kb(d, rules=n_rules, items=60, seed=n_rules)
            t = time.perf_counter()
            kb = knowledge.load(d)
            cold = time.perf_counter() - t
            t = time.perf_counter()
            knowledge.load(d)
            warm = time.perf_counter() - t
        finally:
            if old is None:
                del os.environ["ADVISOR_CACHE"]
            else:
                os.environ["ADVISOR_CACHE"] = old
    t = time.perf_counter()
    program = compiler.compile_units(units(kb))
    comp = time.perf_counter() - t
    t = time.perf_counter()
    engine = Engine(program)
    rulesets = time.perf_counter() - t
    shards = [s for stratum in program.strata for s in stratum]
    assert max(len(s.rules) for s in shards) <= compiler.SHARD_SIZE < 512
    times = []
    for p in proposals(n_rules, evals, kb.items):
        fs = facts.build(p)
        t = time.perf_counter()
        engine.run(fs)
        times.append(time.perf_counter() - t)
    return cold, warm, comp, rulesets, statistics.median(times), len(shards)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs, smaller batches (a smoke test)")
    ap.add_argument("--runs", type=int, default=None, help="runs per process measurement (default 21)")
    ap.add_argument("--no-write", action="store_true", help="do not write benchmarks/results.md")
    args = ap.parse_args()
    runs = args.runs or (5 if args.quick else 21)
    py = sys.executable
    advisor = str(BIN / "advisor")
    rows = []

    def row(name, value, baseline, ratio, target, met):
        rows.append((name, value, baseline, ratio, target, "met" if met else "NOT met"))
        print(f"  {name}: {value} vs {baseline} ({ratio}) target {target}: {'met' if met else 'NOT met'}",
              file=sys.stderr, flush=True)

    print(f"bench: {machine()}", file=sys.stderr)
    a, b = versus([advisor, "--help"], [py, "-c", "import click"], runs)
    row("`advisor --help`", f"{a * 1000:.0f} ms", f"`python -c 'import click'` {b * 1000:.0f} ms",
        f"{a / b:.2f}x", "<= 1.5x", a / b <= 1.5)
    a, b = versus([advisor, "advise", str(EXAMPLE)], [py, "-c", "import yaml, click, networkx, durable.engine"], runs)
    row("one `advisor advise` (example)", f"{a * 1000:.0f} ms",
        f"`import yaml, click, networkx, durable.engine` {b * 1000:.0f} ms", f"{a / b:.2f}x", "<= 1.3x", a / b <= 1.3)
    with tempfile.TemporaryDirectory() as tmp:  # the worst case the schema allows (issue 9)
        import hundred

        big = Path(tmp) / "hundred.yaml"
        big.write_text(hundred.text(), encoding="utf-8")
        a, b = versus([advisor, "advise", str(big)], [advisor, "advise", str(EXAMPLE)], runs)
    row("one `advisor advise`, 100 partners", f"{a * 1000:.0f} ms", f"the example (4 partners) {b * 1000:.0f} ms",
        f"{a / b:.2f}x", "< 1 s", a < 1.0)
    hostile_rows(row, py, 3 if args.quick else 7)
    size = 100 if args.quick else 400
    rate, grow, total = batch(3 if args.quick else 5, size)
    row("batch advise, generated proposals", f"{rate:.0f} proposals/s",
        f"RSS growth {grow / 1024:.1f} MB over {total} proposals", "-", ">= 500/s", rate >= 500)
    closed, opened = closed_engines(20 if args.quick else 50)
    n = 20 if args.quick else 50
    row(f"{n} engines built, run and closed", f"RSS +{closed:.1f} MB",
        f"the same {n} engines left open +{opened:.1f} MB", "-", "< 40 MB", closed < 40)
    ours, theirs = engine_vs_raw(3 if args.quick else 7, 50 if args.quick else 200)
    row("Engine.run per proposal", f"{ours * 1e3:.2f} ms", f"raw durable-rules Host {theirs * 1e3:.2f} ms",
        f"{ours / theirs:.2f}x", "<= 2x", ours / theirs <= 2)
    for n in (100, 1000, 5000):
        cold, warm, comp, rulesets, ev, shards = synthetic(n, 10 if args.quick else 30)
        row(f"synthetic KB, {n:,} rules", f"evaluate {ev * 1000:.1f} ms per proposal",
            f"load {cold:.2f} s cold / {warm:.3f} s cached; compile {comp:.2f} s; "
            f"{shards} rulesets built in {rulesets:.2f} s", "-", "< 1 s" if n == 5000 else "-", ev < 1.0)
    pages = pdf_pages(advisor)
    if pages:
        row("PDF pages, example advice (not timed)", f"{pages['summary']} pages at --detail summary",
            f"{pages['full']} pages at --detail full", "-", "<= 6 (summary)", pages["summary"] <= 6)
    write(rows, runs, args)


def hostile_rows(row, py, runs):
    """Hostile inputs (benchmarks/hostile.py), in a process of their own so that its peak memory is
    theirs. These were timing asserts in unit tests; the tests now check what happens, this times it."""
    out = subprocess.run([py, str(HERE / "hostile.py"), "measure", "--runs", str(runs)], capture_output=True,
                         text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"benchmarks/hostile.py exited {out.returncode}: {out.stderr[-500:]}")
    h = json.loads(out.stdout)
    name, slowest = h["slowest"]
    row(f"slowest of {h['cases']} hostile proposals (in-process)", f"{slowest * 1000:.0f} ms ({name})",
        f"the example, in-process {h['example'] * 1000:.0f} ms", f"{slowest / h['example']:.1f}x", "< 1 s",
        slowest < 1.0)
    row("hostile proposals, peak memory", f"+{h['peak_growth_mb']:.0f} MB peak RSS",
        f"RSS with the knowledge base loaded {h['rss_before_mb']:.0f} MB", "-", "< 400 MB", h["peak_growth_mb"] < 400)
    a, b = h["ten_thousand_partners"], h["ten_thousand_yaml_floor"]
    row("10,000 partners, refused", f"{a * 1000:.0f} ms", f"PyYAML's C loader alone {b * 1000:.0f} ms",
        f"{a / b:.2f}x", "<= 2x", a / b <= 2)
    a, b = h["bad_date_spaces"], h["bad_date_baseline"]
    row("a bad date followed by 160,000 spaces, reported", f"{a * 1000:.1f} ms",
        f"the same spaces on a line of their own {b * 1000:.1f} ms", f"{a / b:.2f}x", "<= 3x", a / b <= 3)
    a, b = h["kb_stats_dashes"], h["kb_stats_prose"]
    row("kbcheck.stats, 40,000 lines of '-' in a source", f"{a * 1000:.0f} ms",
        f"40,000 lines of 'a' {b * 1000:.0f} ms", f"{a / b:.2f}x", "<= 3x", a / b <= 3)


def pdf_pages(advisor):
    """Pages of the bundled example's PDF advice at each --detail (issue #12: summary <= 6 A4 pages).
    A count, not a time; None when pdfinfo (poppler-utils) is missing."""
    import re
    import shutil
    import subprocess
    import tempfile

    if not shutil.which("pdfinfo"):
        print("  PDF pages: pdfinfo missing (apt-get install poppler-utils)", file=sys.stderr)
        return None
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for detail in ("summary", "full"):
            path = os.path.join(tmp, f"{detail}.pdf")
            subprocess.run([advisor, "advise", str(EXAMPLE), "--detail", detail, "-o", path], check=True,
                           capture_output=True)
            info = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
            out[detail] = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    return out


def write(rows, runs, args):
    head = ["measure (median)", "advisor", "baseline, same run", "ratio", "target", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(map(str, r)) + " |" for r in rows]
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    text = (f"# Benchmark results\n\n{when}, {machine()}; load average {load} at the end "
            f"(other jobs share this machine: ratios to the same-run baselines are the stable figures).\n"
            f"Process times are medians of {runs} interleaved runs after two warm-up runs each "
            f"(advisor's knowledge-base cache warm).\n"
            f"Run with `make bench`{' (--quick)' if args.quick else ''}.\n\n" + "\n".join(lines) + "\n")
    print(text)
    if not args.no_write:
        from resultsfile import write_head

        write_head(text)  # the other measures' sections stay
        print(f"written to {HERE / 'results.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
