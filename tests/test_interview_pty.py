"""The real `advisor interview` on a pseudo-terminal, driven with pexpect through prompt_toolkit.

Every key is sent only after the prompt it answers is on the screen, with generous timeouts: the
tests run on a loaded two-core machine.
"""

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from advisor import knowledge
from advisor.interview.session import Session
from advisor.interview import questions as Q

ADVISOR = str(Path(sys.executable).parent / "advisor")
ENV = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="120", LINES="40", NO_COLOR="1")
LIST = re.escape("Or type a number, ?, back or skip:")
TEXT = r"\(\? · back · skip\)"
ENTER = "\r"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "herts-internal-audit.yaml"


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


def spawn(args, cwd):
    child = pexpect.spawn(ADVISOR, ["interview", *args], cwd=str(cwd), env=ENV, dimensions=(40, 120),
                          encoding="utf-8", timeout=90)
    child.logfile_read = open(Path(cwd) / "pty.log", "a")
    return child


def ref(child):
    child.expect(r"\(ref ([\w.\[\]*]+)\)")
    return child.match.group(1)


def saved(cwd):
    return yaml.safe_load((Path(cwd) / "p.yaml").read_text()) or {}


def test_stray_enter_records_nothing_and_question_mark_in_a_list_says_why(kb, tmp_path):
    child = spawn(["-o", "p.yaml"], tmp_path)
    child.expect("Have to hand")  # the start screen
    assert ref(child) == "service.name"
    child.expect(TEXT)
    child.send(ENTER)  # a stray Enter on an empty box
    child.expect("Nothing recorded")
    child.expect(TEXT)
    child.send("Payroll" + ENTER)
    assert ref(child) == "service.kind"
    child.expect(LIST)
    child.send(ENTER)  # a stray Enter on a list where nothing is chosen
    child.expect("Nothing recorded")
    assert "kind" not in saved(tmp_path).get("service", {})  # nothing was recorded
    child.send("?" + ENTER)  # ? typed in the list
    child.expect("Your answer decides these lessons")
    child.expect(LIST)
    # the services in scope are a list to tick: 2 ticks payroll, then Enter confirms (keys are
    # handled in order, so both go at once)
    child.send("2" + ENTER + ENTER)
    nxt = ref(child)
    assert nxt != "service.kind"
    assert saved(tmp_path)["service"] == {"name": "Payroll", "kind": ["payroll"]}
    child.sendcontrol("c")
    child.expect("Continue with: advisor interview --resume p.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def _skip_key_facts(child, kb):
    """Answer every key fact with the typed word skip (I don't know), waiting for each prompt; a
    question with a line for each of a section's yes/no facts takes skip on every line."""
    count = 0
    while True:
        i = child.expect([r"\(ref ([\w.\[\]*]+)\)", "The key facts are done"])
        if i == 1:
            return count
        q = Q.by_id(kb, child.match.group(1))
        if q is not None and q.kind == "group":
            for caption, _ in Q.rows(q, {}):
                child.expect(re.escape(caption))  # the line's own question, then its list
                child.expect(LIST)
                child.send("skip" + ENTER)
        else:
            child.expect([LIST, TEXT, r"an empty line ends the list"])
            child.send("skip" + ENTER)
        count += 1
        assert count <= 25


def test_stop_after_the_key_facts_get_the_report_then_resume_into_the_task_list(kb, tmp_path):
    child = spawn(["--quick", "-o", "p.yaml"], tmp_path)
    child.expect("Have to hand")
    asked = _skip_key_facts(child, kb)
    assert 2 <= asked <= 25
    child.expect("Show the advice report now")
    child.expect(LIST)
    child.send("1" + ENTER)  # Yes
    child.expect("Advice on ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    side = yaml.safe_load((tmp_path / "p.yaml.interview").read_text())
    assert side["key"]["done"] is True and len(side["history"]) == asked

    child = spawn(["--resume", "p.yaml"], tmp_path)  # another day: straight into the task list
    child.expect("Your task list")
    child.expect("Key facts — Completed")
    child.expect("The service — ")
    child.expect(LIST)
    stop_number = len(Q.sections(kb)) + 1  # the last entry: stop for now
    child.send(f"{stop_number}" + ENTER)
    child.expect("continue with: advisor interview --resume p.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_section_review_change_clears_a_dependant_and_says_which(kb, tmp_path):
    """The arrangement has begun (0 months to go) and its start date is known; changing the months
    to 14 in the section's check clears the start date, which cannot apply any more."""
    from advisor.interview.store import FileStore

    prop = {"service": {"name": "Audit", "kind": "internal_audit"},
            "arrangement": {"model": "lead_authority", "months_to_start": 0},
            "review": {"started": "2015-04-01"},
            "partners": [{"name": "A"}, {"name": "B"}]}
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(prop))
    s = Session.load(kb, FileStore(str(tmp_path / "p.yaml"), str(tmp_path / "p.yaml")))
    s.partners_done = True
    s.key_done = True
    s.save()
    while True:  # everything else in the section: I don't know
        q = s.next_question("arrangement")
        if q is None:
            break
        s.dont_know(q.id, section="arrangement")
    rows = s.review("arrangement")
    ids = [r.question.id for r in rows]
    assert "review.started" in ids and "arrangement.months_to_start" in ids
    section_number = Q.sections(kb).index("arrangement") + 1

    child = spawn(["--resume", "p.yaml"], tmp_path)
    child.expect("Your task list")
    child.expect(LIST)
    child.send(f"{section_number}" + ENTER)
    child.expect("Check your answers: The arrangement")
    child.expect("When did the shared arrangement begin")
    child.expect(LIST)
    child.send(f"{ids.index('arrangement.months_to_start') + 2}" + ENTER)  # entry 1 is "right: continue"
    assert ref(child) == "arrangement.months_to_start"
    child.expect("Your answer now: 0")
    child.expect(TEXT)
    child.send("14" + ENTER)
    child.expect(r"Cleared \d answer")
    child.expect("When did the shared arrangement begin")  # which answer was cleared, in words
    child.expect("Check your answers: The arrangement")
    child.expect(LIST)
    child.send("1" + ENTER)  # the answers are right
    child.expect("Your task list")
    child.expect(LIST)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    out = saved(tmp_path)
    assert out["arrangement"]["months_to_start"] == 14
    assert "review" not in out  # the start date was cleared


def test_a_refused_answer_leaves_an_empty_box(kb, tmp_path):
    child = spawn(["-o", "p.yaml"], tmp_path)
    assert ref(child) == "service.name"
    child.expect(TEXT)
    child.send("Payroll" + ENTER)
    assert ref(child) == "service.kind"
    child.expect(LIST)
    child.send("widgets" + ENTER)  # typed words that are not a choice: refused, the line emptied
    child.expect("is not one of the choices")  # the list stays up, its typed line empty
    child.send("2" + ENTER + ENTER)  # tick payroll, confirm
    ref(child)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
