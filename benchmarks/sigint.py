"""Ctrl-C at 20 moments of a 100-partner `advisor advise`: never a crash, always one clean line.

Before issue 9, Ctrl-C while the engine ran double-freed inside durable-rules (exit 134, `free():
invalid pointer`). This script times an uninterrupted run, then starts the same command again for
each of --moments moments spread evenly over that time (from the moment Python reaches advisor's
entry point, see below), sends SIGINT at that moment, and checks:
- exit 130 with exactly one line on stderr, advisor's "Interrupted" line, and no traceback; or
- exit 0 with the full report (the run finished before the signal landed), nothing on stderr.
Anything else (134 abort, 139 segfault, 1, a traceback, two lines) fails the script.

    .venv/bin/python benchmarks/sigint.py [--moments 20] [--advisor .venv/bin/advisor]
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE)]

import hundred  # noqa: E402
from advisor.__main__ import INTERRUPTED  # noqa: E402


def once(cmd, delay):
    """(exit status, stdout bytes, stderr text) of `cmd` sent SIGINT after `delay` seconds."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err.decode("utf-8", "replace")


def _timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def judge(code, out, err, full):
    lines = [line for line in err.splitlines() if line.strip()]
    if code == 130 and lines == [INTERRUPTED] and "Traceback" not in err:
        return "interrupted"
    if code == 0 and out == full and not lines:
        return "finished"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moments", type=int, default=20)
    ap.add_argument("--advisor", default=str(Path(sys.executable).parent / "advisor"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "hundred.yaml"
        big.write_text(hundred.text(), encoding="utf-8")
        cmd = [args.advisor, "advise", str(big)]
        env_note = f"ADVISOR_CACHE={os.environ.get('ADVISOR_CACHE', '(default)')}"
        times, full = [], None
        for _ in range(3):  # the first run may fill advisor's cache; time the warm ones
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(f"sigint: the uninterrupted run exited {done.returncode}: {done.stderr[-500:]!r}")
            full = done.stdout
        span = statistics.median(times[1:])
        # Until Python has started and reached advisor's entry point, Ctrl-C gets Python's own
        # behaviour (death by SIGINT, perhaps a KeyboardInterrupt traceback from `site`), which no
        # code of ours can change. The moments start once a bare import of the entry point is done.
        python = str(Path(args.advisor).resolve().parent / "python")
        floor = statistics.median(_timed([python, "-c", "import advisor.__main__"]) for _ in range(5))
        print(f"sigint: uninterrupted run {span * 1000:.0f} ms ({env_note}); Python reaches advisor's entry "
              f"point after {floor * 1000:.0f} ms; SIGINT at {args.moments} moments between", flush=True)
        failures, seen = 0, {}
        for i in range(args.moments):
            delay = floor + (span - floor) * (i + 0.5) / args.moments
            code, out, err = once(cmd, delay)
            verdict = judge(code, out, err, full)
            seen[verdict] = seen.get(verdict, 0) + 1
            shown = err.strip().replace("\n", " | ")[:160]
            print(f"  {delay * 1000:6.0f} ms  exit {code:4}  {verdict or 'FAIL'}  {shown}", flush=True)
            failures += verdict is None
    print(f"sigint: {seen.get('interrupted', 0)} interrupted cleanly (130), {seen.get('finished', 0)} finished "
          f"first (0), {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
