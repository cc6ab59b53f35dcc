"""The real `advisor interview` on a pseudo-terminal, driven with pexpect through questionary.

Ctrl-C in the middle and --resume must give the same proposal file as an uninterrupted run.
"""

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from advisor import knowledge
from advisor.interview import questions as Q

ADVISOR = str(Path(sys.executable).parent / "advisor")
ENV = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="120", LINES="40", NO_COLOR="1")
HEADER = re.compile(r"to go · ([\w.\[\]]+)")
DOWN, ENTER = "\x1b[B", "\r"
N = 34  # questions answered in each run: the service, the arrangement, two partners


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


def spawn(args, cwd):
    child = pexpect.spawn(ADVISOR, ["interview", *args], cwd=str(cwd), env=ENV, dimensions=(40, 120),
                          encoding="utf-8", timeout=60)
    child.logfile_read = open(Path(cwd) / "pty.log", "a")
    return child


def next_id(child):
    child.expect(HEADER)
    return child.match.group(1)


def answer(child, kb, qid, again=False):
    """A fixed answer per kind of question, typed the way a user would. Asked `again` (after back),
    a list or a choice starts at the earlier answer, so Enter alone keeps it."""
    q = Q.by_id(kb, {}, False, qid)
    if again and q.kind in ("more", "enum", "status", "bool", "enumlist"):
        child.expect(r"»|space ticks")
        child.send(ENTER)
    elif q.kind == "more":
        child.expect("another partner")
        child.send(ENTER if q.partner == 0 else DOWN + ENTER)  # two partners
    elif q.kind in ("enum", "status", "bool"):
        child.expect("»")
        child.send(DOWN + ENTER)  # the second choice
    elif q.kind == "enumlist":
        child.expect(r"space ticks")
        child.send(" " + ENTER)
    else:
        child.expect(r"\? why · back · skip")
        text = {"int": "7", "date": "2020-01-01", "name": "labour"}.get(q.kind, f"Org {q.partner + 1}" if q.partner >= 0 else "Payroll")
        child.send("\x15" + text + ENTER)  # ^U clears any default first


def drive(child, kb, count, tricks=False):
    """Answer `count` questions; with tricks, also ask why and go back once."""
    seen = []
    while len(seen) < count:
        qid = next_id(child)
        q = Q.by_id(kb, {}, False, qid)
        if tricks and qid == "service.name":
            child.expect(r"\? why · back · skip")
            child.send("?" + ENTER)
            child.expect("labels the proposal")  # the WHY of a label question
            child.expect(r"\? why · back · skip")
            child.send("Payroll" + ENTER)
            seen.append(qid)
            continue
        if tricks and q.kind == "int" and "back-done" not in seen:
            child.expect(r"\? why · back · skip")
            child.send("back" + ENTER)
            seen.append("back-done")
            prev = next_id(child)
            assert prev == [s for s in seen if s != "back-done"][-1]  # the previous question again
            answer(child, kb, prev, again=True)
            continue
        answer(child, kb, qid)
        seen.append(qid)
    return [s for s in seen if s != "back-done"]


def stop(child):
    next_id(child)
    child.expect(r"skip \(don't know\)|\? why · back · skip")  # the prompt is up, as before every answer
    # A ^C that lands while the prompt is still starting can be lost; a person presses it again.
    for _ in range(3):
        child.sendcontrol("c")
        if child.expect(["Continue with: advisor interview --resume", pexpect.TIMEOUT], timeout=10) == 0:
            break
    else:
        raise AssertionError("Ctrl-C did not stop the interview")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_ctrl_c_and_resume_give_the_same_file_as_one_run(kb, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()

    child = spawn(["-o", "p.yaml"], one)
    asked_one = drive(child, kb, N)
    stop(child)

    child = spawn(["-o", "p.yaml"], two)
    first = drive(child, kb, N // 2, tricks=True)
    stop(child)  # Ctrl-C in the middle of the interview
    saved = yaml.safe_load((two / "p.yaml").read_text())
    assert saved["service"]["name"] == "Payroll"
    child = spawn(["--resume", "p.yaml"], two)
    second = drive(child, kb, N - len(first))
    stop(child)

    assert first + second == asked_one  # the same questions, in the same order
    a = yaml.safe_load((one / "p.yaml").read_text())
    b = yaml.safe_load((two / "p.yaml").read_text())
    assert a == b
    assert len(a["partners"]) == 2, asked_one
    side_a = yaml.safe_load((one / "p.yaml.interview").read_text())
    side_b = yaml.safe_load((two / "p.yaml.interview").read_text())
    assert side_a["skipped"] == side_b["skipped"] and side_a["partners_done"] == side_b["partners_done"]


def test_skip_on_a_terminal_and_finish_with_review_and_report(kb, tmp_path):
    """A resumed, nearly complete proposal: skip the last questions, review, then see the report."""
    from advisor.interview.session import Session

    full = yaml.safe_load((Path(__file__).resolve().parent.parent / "examples" /
                           "herts-internal-audit.yaml").read_text())
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(full, sort_keys=False))
    s = Session.open(kb, str(tmp_path / "p.yaml"), str(tmp_path / "p.yaml"))
    s.partners_done = True
    s.save()
    # answer every open checklist question but the last three by file, so the terminal sees three
    pending = s.pending()
    assert all(q.is_item for q in pending[-3:])
    for q in pending[:-3]:
        s.set(q, "yes") if q.is_item else s.skip(q)
    child = spawn(["--resume", "p.yaml"], tmp_path)
    for _ in range(3):
        next_id(child)
        child.expect("»")
        child.send(DOWN * 7 + ENTER)  # past yes, partial, no, unknown, na, why, back: skip
    child.expect("Review your answers")
    child.send(ENTER)  # finish
    child.expect("Show the advice report")
    child.send("y")
    child.expect("Advice on ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert [out["answers"][q.ref[1]] for q in pending[-3:]] == ["unknown"] * 3


def test_a_killed_terminal_loses_only_the_answer_being_typed(kb, tmp_path):
    child = spawn(["-o", "p.yaml"], tmp_path)
    asked = drive(child, kb, 3)
    qid = next_id(child)
    child.expect(r"»|\? why · back · skip|space ticks")
    child.send("half an ans")  # typed, never confirmed
    child.close(force=True)  # hang up: SIGHUP, then SIGKILL
    assert not child.isalive()
    saved = yaml.safe_load((tmp_path / "p.yaml").read_text())
    assert saved["service"]["name"] == "Payroll"
    assert len(yaml.safe_load((tmp_path / "p.yaml.interview").read_text())["history"]) == 3
    child = spawn(["--resume", "p.yaml"], tmp_path)
    assert next_id(child) == qid  # resumes at the question that was being answered
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    assert asked[0] == "service.name"
