"""Engine.run interrupted again and again by SIGINT; every run that completes must be right.

Before issue 9, a KeyboardInterrupt between durable-rules' C calls was followed by delete_state on
the half-asserted session: a double free (exit 134; valgrind: Invalid free in deleteStateNode).
Now SIGINT is held while the engine runs and re-raised afterwards. This workload sends SIGINT at
random moments while Engine.run is running, catches each KeyboardInterrupt, runs the proposal
again, and compares every completed run with an uninterrupted one.

tests/test_interrupts.py runs it plainly and under valgrind (the latter in `make memcheck`).

    python benchmarks/interrupt_workload.py [--rounds N] [--gap SECONDS] [--min-interrupts N]
"""

import argparse
import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from advisor import facts, knowledge  # noqa: E402
from advisor.kbcheck import CASE_DATE  # noqa: E402
from advisor.program import compiled  # noqa: E402
from advisor.samples import proposals  # noqa: E402


class Pester:
    """Sends SIGINT to this process at random moments, but only while `armed` (the main thread
    is inside Engine.run), and under a lock the main thread takes to disarm: so no signal can
    land outside the main thread's try block, and the workload itself never dies of one."""

    def __init__(self, gap, seed):
        self.gap = gap
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.armed = False
        self.stop = threading.Event()
        self.sent = 0
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self):
        while not self.stop.is_set():
            time.sleep(self.rng.uniform(0, 2 * self.gap))
            with self.lock:
                if self.armed:
                    os.kill(os.getpid(), signal.SIGINT)  # delivered before kill returns
                    self.sent += 1
                    self.armed = False  # one at a time

    def arm(self):
        with self.lock:
            self.armed = True

    def disarm(self):
        with self.lock:
            self.armed = False


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--gap", type=float, default=0.002, help="mean seconds between signals")
    ap.add_argument("--min-interrupts", type=int, default=20)
    ap.add_argument("--seed", type=int, default=9)
    args = ap.parse_args()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    kb = knowledge.load(str(ROOT))
    _, engine = compiled(kb)
    factsets = [facts.build(p, CASE_DATE) for p in proposals(args.seed, 8, kb.items)]
    expected = [sorted(engine.run(fs).fired) for fs in factsets]
    pester = Pester(args.gap, args.seed)
    pester.thread.start()
    interrupted = completed = wrong = 0
    for _ in range(args.rounds):
        for fs, want in zip(factsets, expected):
            while True:
                try:
                    pester.arm()
                    got = sorted(engine.run(fs).fired)
                    pester.disarm()
                    wrong += got != want
                    completed += 1
                    break
                except KeyboardInterrupt:
                    interrupted += 1
    pester.stop.set()
    print(f"interrupts: {pester.sent} SIGINT sent, {interrupted} KeyboardInterrupt caught, "
          f"{completed} runs completed, {wrong} wrong")
    ok = wrong == 0 and interrupted >= args.min_interrupts and completed == args.rounds * len(factsets)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
