"""`advisor interview --quick`: questions asked and advice recovered, on the bundled example and on
generated proposals of two kinds (advisor.samples): drawn uniformly (every field independent, 30%
left out) and realistic (anchored on the bundled examples, facts that hang together). Not a
timing: a measure of the key facts.

    .venv/bin/python benchmarks/interview_quick.py [--count 200] [--seed 13] [--no-write] [--only realistic]

For each proposal the key facts are answered from the proposal itself (as `--answers` does), and
the advice after them is compared with the advice on the whole proposal: the share of its high
and critical findings that the quick advice also gives. Writes its rows to benchmarks/results.md
under "Interview --quick".
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from advisor import knowledge, proposal as proposal_mod, samples, schema, yamlio  # noqa: E402
from advisor.interview import keyfacts  # noqa: E402
from advisor.interview.measure import quick  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "herts-internal-audit.yaml"
MARK = "## Interview --quick"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--only", choices=["uniform", "realistic"], help="one kind of generated proposal")
    args = ap.parse_args()
    kb = knowledge.load()
    started = time.time()
    ex = quick(kb, proposal_mod.load(EXAMPLE, kb))
    rows = [("bundled example", f"{ex.asked}", f"{ex.put}", f"{ex.facts}", f"{ex.recovered} of {ex.serious} ({ex.share:.0%})",
             "<= 25 asked, >= 80%", "met" if ex.asked <= 25 and ex.share >= 0.8 else "NOT met")]
    kinds = (("uniform", "drawn uniformly", samples.proposals(args.seed, args.count, kb.items)),
             ("realistic", "realistic", samples.realistic(args.seed, args.count, kb)))
    for name, words, raws in kinds:
        if args.only and name != args.only:
            continue
        runs = [quick(kb, schema.validate(yamlio.Document(raw, {}, "sample"), set(kb.items))) for raw in raws]
        rows.append(summary(runs, f"{len(runs)} proposals {words} (`samples.{'proposals' if name == 'uniform' else name}`, "
                                  f"seed {args.seed}), mean"))
    table = ["| proposals | questions answered (history) | questions put | facts given | "
             "high/critical findings recovered | target |  |",
             "|---|---|---|---|---|---|---|"]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    text = "\n".join([MARK, "", f"{time.strftime('%Y-%m-%d %H:%M')}; key facts target {keyfacts.TARGET}, "
                      f"limit {keyfacts.LIMIT}; {time.time() - started:.0f} s. "
                      "Run with `.venv/bin/python benchmarks/interview_quick.py`.", ""] + table) + "\n"
    print(text)
    if not args.no_write:
        sys.path.insert(0, str(HERE))
        from resultsfile import write_section

        write_section(MARK, text)


def summary(runs, title):
    with_serious = [r for r in runs if r.serious]
    share = statistics.mean(r.share for r in with_serious) if with_serious else 1.0
    return (title,
            f"{statistics.mean(r.asked for r in runs):.1f} (max {max(r.asked for r in runs)})",
            f"{statistics.mean(r.put for r in runs):.1f} (max {max(r.put for r in runs)})",
            f"{statistics.mean(r.facts for r in runs):.1f}",
            f"{share:.0%} over the {len(with_serious)} with any "
            f"(pooled {sum(r.recovered for r in runs)} of {sum(r.serious for r in runs)})",
            "<= 25 asked, >= 80%",
            "met" if max(r.asked for r in runs) <= 25 and share >= 0.8 else "NOT met")


if __name__ == "__main__":
    main()
