"""`make memcheck`: the engine workload under valgrind; fails on any invalid or uninitialised read.

durable-rules' C core reads out of bounds when misused (engine-notes §1, §3); this catches a rule
compiled into an unsafe form long before it crashes in front of a user. PYTHONMALLOC=malloc lets
valgrind see Python's own allocations, so its reports are about real reads.

Which reports fail the check: every invalid read or write, wherever it is, and every use of
uninitialised memory whose stack passes through durable_rules_engine. CPython itself reports a few
uninitialised uses that are known false positives (for example int.from_bytes while `random` seeds
itself at import); those are counted and shown but do not fail the check.
"""

ENGINE = "durable_rules_engine"


def classify(xml_path):
    """(failing, tolerated) lists of one-line error summaries from valgrind's XML output."""
    failing, tolerated = [], []
    for error in ET.parse(xml_path).getroot().iter("error"):
        kind = error.findtext("kind", "")
        frames = [(f.findtext("obj", ""), f.findtext("fn", "?")) for f in error.iter("frame")]
        in_engine = any(ENGINE in obj for obj, _ in frames)
        where = next((fn for obj, fn in frames if ENGINE in obj), frames[0][1] if frames else "?")
        summary = f"{kind} in {where}"
        if kind.startswith("Invalid") or in_engine:
            failing.append(summary)
        else:
            tolerated.append(summary)
    return failing, tolerated

import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent


def under_valgrind(script, args=(), **run):
    """Run `python script args` under valgrind: (completed process, failing, tolerated)."""
    env = dict(os.environ, PYTHONMALLOC="malloc")
    with tempfile.TemporaryDirectory() as tmp:
        xml_path = os.path.join(tmp, "valgrind.xml")
        cmd = ["valgrind", "--xml=yes", f"--xml-file={xml_path}", "--errors-for-leak-kinds=none",
               "--leak-check=no", sys.executable, str(script), *args]
        proc = subprocess.run(cmd, env=env, **run)
        failing, tolerated = classify(xml_path)
    return proc, failing, tolerated


def main():
    if not shutil.which("valgrind"):
        print("memcheck: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    print("memcheck: valgrind ... memcheck_workload.py (a few minutes)", flush=True)
    proc, failing, tolerated = under_valgrind(HERE / "memcheck_workload.py", sys.argv[1:])
    for line in sorted(set(failing)):
        print(f"memcheck: {failing.count(line)} x {line}", file=sys.stderr)
    if tolerated:
        print(f"memcheck: {len(tolerated)} CPython-internal reports tolerated "
              f"({', '.join(sorted(set(tolerated)))})")
    if proc.returncode:
        print(f"memcheck: FAILED: the workload exited {proc.returncode}", file=sys.stderr)
        return proc.returncode
    if failing:
        print(f"memcheck: FAILED: {len(failing)} invalid or uninitialised reads in the engine", file=sys.stderr)
        return 9
    print(f"memcheck: ok: no invalid reads, no uninitialised reads in {ENGINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
