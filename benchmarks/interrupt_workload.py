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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from advisor import facts, knowledge  # noqa: E402
from advisor.kbcheck import CASE_DATE  # noqa: E402
from advisor.program import compiled  # noqa: E402
from advisor.samples import proposals  # noqa: E402


class Pester:
    """Sends SIGINT to this process at random moments while `armed` (the main thread is inside
    Engine.run). A SIGALRM timer, not a thread: its handler runs in the main thread between two
    bytecodes, exactly where a real Ctrl-C's KeyboardInterrupt would be raised, and it needs no
    thread scheduling (under valgrind, which runs one thread at a time, a pestering thread hardly
    ever ran while the engine held the GIL)."""

    def __init__(self, gap, seed):
        self.gap = gap
        self.rng = random.Random(seed)
        self.armed = False
        self.sent = 0

    def start(self):
        signal.signal(signal.SIGALRM, self._tick)
        # Periodic, so the next alarm never waits for this handler; the moments still vary, as
        # the handler runs at whichever bytecode comes next.
        signal.setitimer(signal.ITIMER_REAL, self.rng.uniform(0.5, 1.5) * self.gap, self.gap)

    def stop(self):
        signal.setitimer(signal.ITIMER_REAL, 0)

    def _tick(self, signum, frame):
        if self.armed and self.rng.random() < 0.7:  # skip some, so runs also complete
            self.armed = False  # one at a time
            self.sent += 1
            os.kill(os.getpid(), signal.SIGINT)

    def arm(self):
        self.armed = True

    def disarm(self):
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
    pester.start()
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
    pester.stop()
    print(f"interrupts: {pester.sent} SIGINT sent, {interrupted} KeyboardInterrupt caught, "
          f"{completed} runs completed, {wrong} wrong")
    ok = wrong == 0 and interrupted >= args.min_interrupts and completed == args.rounds * len(factsets)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
