"""`make stress`: many fresh `advisor advise` processes, none may crash.

durable-rules' C core crashed fresh processes when misused (engine-notes §1: 29 of 30 died with
SIGSEGV); a crash depends on heap layout, so only many fresh processes show it. Each run must exit 0
with the same report as the first; any signal, traceback or other exit fails the whole run.

    .venv/bin/python benchmarks/stress.py [--count 300] [--jobs 2] [FILE]
"""

import argparse
import hashlib
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "herts-internal-audit.yaml"


def one(cmd):
    out = subprocess.run(cmd, capture_output=True, timeout=120, cwd=ROOT)
    return out.returncode, hashlib.sha256(out.stdout).hexdigest(), out.stderr.decode(errors="replace")


def run(count, jobs, file, advisor=None):
    """Run `count` processes; return a list of failure descriptions (empty when all were fine)."""
    advisor = advisor or str(Path(sys.executable).parent / "advisor")
    cmd = [advisor, "advise", str(file)]
    first = one(cmd)
    failures = []
    if first[0] != 0:
        return [f"run 1: exit {first[0]}: {first[2][-500:]}"]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for n, (code, digest, err) in enumerate(pool.map(lambda _: one(cmd), range(count - 1)), start=2):
            if code != 0:
                what = f"signal {-code}" if code < 0 else f"exit {code}"
                failures.append(f"run {n}: {what}: {err[-500:]}")
            elif digest != first[1]:
                failures.append(f"run {n}: the report differs from run 1")
            elif err.strip():
                failures.append(f"run {n}: wrote to stderr: {err[-500:]}")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(EXAMPLE))
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2, help="processes at a time (default 2: one per core)")
    args = ap.parse_args()
    t = time.perf_counter()
    failures = run(args.count, args.jobs, args.file)
    took = time.perf_counter() - t
    for f in failures:
        print(f"stress: {f}", file=sys.stderr)
    print(f"stress: {args.count - len(failures)}/{args.count} fresh `advisor advise` processes ok "
          f"in {took:.1f} s ({len(failures)} failed)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
