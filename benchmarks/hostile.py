"""Hostile inputs in one place: proposals meant to break a parser, and inputs that once took
quadratic time.

tests/test_fuzz.py checks that each hostile proposal ends in advice or one clear error, in a
process of its own (`outcomes`), so that a hang fails as a hang. `make bench` times them here
(`measure`), each against a baseline measured in the same run, and reports the peak memory they
take: speed and memory are measured here, never asserted in unit tests.

    .venv/bin/python benchmarks/hostile.py outcomes          # JSON: case -> "advice" or the error
    .venv/bin/python benchmarks/hostile.py measure [--runs N] # JSON: the figures bench.py shows
"""

import argparse
import dataclasses
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
EXAMPLE = ROOT / "examples" / "herts-internal-audit.yaml"


def _laughs(levels=9, width=9, where="top"):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    body = "\n".join(lines) + "\n"
    if where == "top":
        return body
    indented = "\n".join("  " + line for line in lines)
    return {"service": "service:\n  name: x\n" + indented.replace("  a", "  x_a", 1),
            "answers": "answers:\n" + indented + f"\n  governance.board: {{status: yes, evidence: *a{levels - 1}}}\n",
            "partners": body + f"partners: *a{levels - 1}\n"}[where]


HOSTILE = {
    "billion laughs at top level": _laughs(),
    "billion laughs inside answers": _laughs(where="answers"),
    "billion laughs as the partner list": _laughs(where="partners"),
    "alias into evidence": "answers:\n  governance.board: {status: yes, evidence: &e [x, x, x]}\n"
                           "  basics.scope: {status: no, evidence: *e}\n",
    "recursive alias": "service: &s {name: x, kind: *s}\n",
    "merge key bomb": "base: &b {kind: payroll}\nservice: {<<: *b, <<: *b}\n",
    "deep flow lists": "service: " + "[" * 100_000 + "]" * 100_000,
    "deep flow maps": "service: " + "{a: " * 50_000 + "1" + "}" * 50_000,
    "deep block lists": "- " * 100_000 + "x\n",
    "deep but under the limit": "service:\n  name: " + "[" * 150 + "]" * 150 + "\n",
    "huge string field": "service:\n  name: " + "x" * 3_000_000 + "\n",
    "huge key": "x" * 1_000_000 + ": 1\n",
    "over the 5 MB limit": "service:\n  name: " + "x" * (6 * 1024 * 1024) + "\n",
    "huge integer": "arrangement:\n  months_to_start: " + "9" * 4000 + "\n",
    "float for an int": "arrangement:\n  months_to_start: 1.5e308\n",
    "unicode everywhere": "service:\n  name: \"Dacorum \u202e\U0001F600 \u0000 \uFFFF\"\n  kind: pa\u0443roll\n",
    "unicode keys": "sérvice:\n  nàme: x\n",
    "BOM and CRLF": "\ufeffservice:\r\n  kind: payroll\r\n",
    "tabs": "service:\n\tkind: payroll\n",
    "two documents": "service: {kind: payroll}\n---\nservice: {kind: hr}\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "a list, not a mapping": "- service\n- partners\n",
    "a scalar": "42\n",
    "null sections": "service:\npartners:\nanswers:\n",
    "partners as a mapping": "partners: {a: 1}\n",
    "partner as a string": "partners: [Hertfordshire]\n",
    "answers as a list": "answers: [governance.board]\n",
    "status of the wrong type": "answers: {governance.board: {status: [yes]}}\n",
    "duplicate keys": "service: {kind: payroll}\nservice: {kind: hr}\n",
    "python tag": "service: !!python/object/apply:os.system [echo pwned]\n",
    "binary tag": "service:\n  name: !!binary aGVsbG8=\n",
    "timestamp where text goes": "service:\n  name: 2024-01-01\n",
    "invalid utf-8": b"service:\n  name: \xff\xfe\xfa\n",
    "nul bytes": "service:\n  name: a\x00b\n",
}


# The schema takes at most 100 partners; 10,000 must be refused before any partner is checked.
TEN_THOUSAND_PARTNERS = "partners:\n" + "".join(f"  - {{name: Council {i}, sector: public, tier: district}}\n"
                                                for i in range(10_000))

# A bad date followed by 160,000 spaces took 61 s to report (a regex that backtracked over the
# spaces to find the line's key; issue 9). Baseline: the same spaces on a comment line of their own.
BAD_DATE_SPACES = "title: x\nmilestones:\n  - 2030-02-30" + " " * 160_000 + "\n"
BAD_DATE_BASELINE = "title: x\nmilestones:\n  - 2030-02-30\n#" + " " * 159_999 + "\n"

# `kb stats` over a source with 40,000 lines of "-" took 20 s (the paragraph-number regex ran on
# across lines). Baseline: the same source with 40,000 lines of one letter.
DASHES, PROSE = "-\n" * 40_000, "a\n" * 40_000


def outcome(kb, text):
    """"advice", or what the InputError it ends in says; anything else propagates."""
    from advisor import proposal
    from advisor.advice import advise
    from advisor.errors import InputError

    try:
        advise(kb, proposal.load_text(text, kb))
    except InputError as exc:
        return str(exc)
    return "advice"


def outcomes():
    from advisor import knowledge

    kb = knowledge.load(str(ROOT))
    return {name: outcome(kb, text) for name, text in HOSTILE.items()}


def _median(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _refused(text):
    from advisor import yamlio
    from advisor.errors import InputError

    try:
        yamlio.load_text(text, "p.yaml")
    except InputError:
        return
    raise AssertionError("a bad date was not reported")


def _parse_only(text):
    """PyYAML's C loader alone: the floor under any reading of `text` (only for flat texts: it has
    no depth limit of its own)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def measure(runs):
    """Medians, in seconds, each with its same-run baseline; and the peak memory the hostile set adds."""
    from advisor import kbcheck, knowledge

    kb = knowledge.load(str(ROOT))
    example = EXAMPLE.read_text(encoding="utf-8")
    base = _median(lambda: outcome(kb, example), runs)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    per_case = {name: _median(lambda: outcome(kb, text), runs) for name, text in HOSTILE.items()}
    peak_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    slowest = max(per_case, key=per_case.get)
    out = {"example": base, "slowest": [slowest, per_case[slowest]], "cases": len(per_case),
           "rss_before_mb": before / 1024, "peak_growth_mb": peak_growth_kb / 1024,
           "ten_thousand_partners": _median(lambda: outcome(kb, TEN_THOUSAND_PARTNERS), runs),
           "ten_thousand_yaml_floor": _median(lambda: _parse_only(TEN_THOUSAND_PARTNERS), runs),
           "bad_date_spaces": _median(lambda: _refused(BAD_DATE_SPACES), runs),
           "bad_date_baseline": _median(lambda: _refused(BAD_DATE_BASELINE), runs)}
    sid, src = next(iter(kb.sources.items()))
    with tempfile.TemporaryDirectory() as tmp:
        for key, extra in (("kb_stats_dashes", DASHES), ("kb_stats_prose", PROSE)):
            path = Path(tmp) / f"{key}.txt"
            path.write_text(src.text() + extra, encoding="utf-8")
            changed = dataclasses.replace(kb, sources={**kb.sources, sid: dataclasses.replace(src, path=path)})
            out[key] = _median(lambda: kbcheck.stats(changed), runs)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("outcomes", "measure"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(json.dumps(outcomes() if args.what == "outcomes" else measure(args.runs)))


if __name__ == "__main__":
    main()
