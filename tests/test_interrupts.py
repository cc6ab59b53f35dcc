"""Ctrl-C never reaches durable-rules mid-call (issue 9, critical 5).

SIGINT is held while the engine runs and re-raised afterwards; a session whose assert did not
complete is never deleted; off the main thread (the web server's workers) the deferral does
nothing and breaks nothing; the command line exits 130 with one line. The valgrind run is marked
`memcheck`: `make memcheck` (and so CI) runs it, `make test` leaves it out for time."""

import os
import signal
import subprocess
import sys
import threading

import pytest

from advisor import engine as engine_mod
from advisor import facts
from advisor.kbcheck import CASE_DATE
from advisor.program import compiled
from advisor.samples import proposals
from conftest import ROOT

WORKLOAD = ROOT / "benchmarks" / "interrupt_workload.py"


def test_sigint_inside_the_deferral_is_raised_after_it():
    signal.signal(signal.SIGINT, signal.default_int_handler)
    reached_end = False
    with pytest.raises(KeyboardInterrupt):
        with engine_mod._sigint_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):  # plenty of bytecode boundaries where a handler would run
                pass
            reached_end = True
    assert reached_end
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_the_deferral_is_a_no_op_off_the_main_thread(kb):
    _, engine = compiled(kb)
    fs = facts.build(proposals(4, 1, kb.items)[0], CASE_DATE)
    want = sorted(engine.run(fs).fired)
    out, errors = [], []

    def work():
        try:
            with engine_mod._sigint_deferred():
                pass
            out.append(sorted(engine.run(fs).fired))
        except BaseException as exc:  # a ValueError from signal.signal would land here
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and out == [want] * 4


def test_a_session_whose_assert_was_cut_short_is_not_deleted(kb, monkeypatch):
    _, engine = compiled(kb)
    fs = facts.build(proposals(5, 1, kb.items)[0], CASE_DATE)
    deleted = []
    monkeypatch.setattr(engine.host, "delete_state", lambda name, sid: deleted.append(name))

    def cut_short(name, batch):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "_assert", cut_short)
    with pytest.raises(KeyboardInterrupt):
        engine.run(fs)
    assert deleted == []


def test_engine_run_interrupted_again_and_again_stays_right():
    out = subprocess.run([sys.executable, str(WORKLOAD), "--rounds", "30"], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert ", 0 wrong" in out.stdout


@pytest.mark.memcheck
def test_engine_run_interrupted_under_valgrind_frees_nothing_twice():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import memcheck

    proc, failing, _ = memcheck.under_valgrind(
        WORKLOAD, ["--rounds", "3", "--gap", "0.05", "--min-interrupts", "5"],
        capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert not failing, sorted(set(failing))
    assert ", 0 wrong" in proc.stdout


def test_the_command_line_exits_130_with_one_line(tmp_path, advisor_bin):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import hundred

    from advisor.__main__ import INTERRUPTED

    big = tmp_path / "hundred.yaml"
    big.write_text(hundred.text())
    # Once Python has started (a few tens of ms) advisor's entry point owns Ctrl-C; interrupt
    # during loading and during the run (benchmarks/sigint.py tries 20 moments).
    for delay in (0.3, 0.6):
        proc = subprocess.Popen([advisor_bin, "advise", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        lines = [x for x in err.decode().splitlines() if x.strip()]
        assert (proc.returncode, lines) in ((130, [INTERRUPTED]), (0, [])), (proc.returncode, err)


def test_ctrl_c_as_advisor_finishes_never_kills_it_by_signal(tmp_path, advisor_bin):
    """A Ctrl-C in a run's last milliseconds, while Python shuts down, used to kill advisor by the
    signal (status -2, no message; CI saw it once in the test above). The moments swept here
    straddle the end of a run; each must end in 0 with no message, or 130 with one line. (Before
    the fix, 2-4 of these 30 moments ended in -2.)"""
    import time

    from advisor.__main__ import INTERRUPTED

    args = [advisor_bin, "advise", str(ROOT / "examples" / "herts-internal-audit.yaml")]
    took = []
    for _ in range(3):
        start = time.monotonic()
        subprocess.run(args, capture_output=True, check=True, timeout=120)
        took.append(time.monotonic() - start)
    whole = sorted(took)[1]
    endings = []
    for i in range(30):
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            proc.wait(timeout=whole * (0.85 + 0.3 * i / 30))
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        lines = [x for x in err.decode().splitlines() if x.strip()]
        endings.append((proc.returncode, lines))
    assert all(e in ((130, [INTERRUPTED]), (0, [])) for e in endings), endings
