"""The store protocol (docs/interview.md): a stateless front end, such as a web page, rebuilds the
Session from the store on every request, asks one question, records one answer, renders a review,
and ends up where one long-lived Session would."""

import json
import re
from pathlib import Path

import pytest

from advisor import knowledge, proposal as proposal_mod, yamlio
from advisor.errors import InputError
from advisor.interview import questions as Q
from advisor.interview.flow import Context
from advisor.interview.scripted import MappingUI, flatten
from advisor.interview import session as session_mod
from advisor.interview.session import Session
from advisor.interview.store import MemoryStore, Store, proposal_text, read_proposal, read_state

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "herts-internal-audit.yaml"
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


@pytest.fixture(scope="module")
def answers(kb):
    return flatten(yamlio.load_file(str(EXAMPLE)).data, kb)


class RowStore(Store):
    """A database row as the browser service keeps one: two text columns, the proposal's YAML and
    the state as JSON. Everything a database store needs is here: the protocol and its two helpers."""

    def __init__(self):
        self.row = {"proposal": "", "state": ""}
        self.name = "row 1"

    def load(self, kb):
        return read_proposal(kb, self.row["proposal"], self.name), read_state(self.row["state"])

    def save(self, document, state):
        self.row = {"proposal": proposal_text(document), "state": json.dumps(state)}  # one transaction


def reply_for(kb, answers, session, q):
    """The example's answer to q, as a front end would receive it from a form; None: I don't know."""
    rows = tuple(Q.rows(q, session.proposal)) if q.grid else ()
    reply = MappingUI(kb, answers).ask(q, Context("", None, None, "", "", q.caption, (), rows))
    return reply.value if reply.action == "answer" else None


def key_facts(kb, answers, session_for):
    """Answer the key facts; `session_for()` gives the Session for each request."""
    asked = []
    while True:
        q = session_for().next_question(Q.KEY)  # GET: the page shows the next question
        if q is None:
            break
        assert q.id not in asked
        asked.append(q.id)
        value = reply_for(kb, answers, session_for(), q)
        s = session_for()  # POST: a new request records the answer
        out = s.dont_know(q.id, section=Q.KEY) if value is None else s.record(q.id, value, section=Q.KEY)
        assert out.ok, out.errors
    session_for().finish_key_facts()
    return asked


@pytest.mark.parametrize("store_class", [MemoryStore, RowStore])
def test_a_web_request_rebuilds_the_session_from_the_store(kb, answers, store_class):
    store = store_class()
    asked = key_facts(kb, answers, lambda: Session.load(kb, store))
    assert 10 <= len(asked) <= 25
    # the same answers to one long-lived Session give the same questions and the same proposal
    one = Session.load(kb, MemoryStore())
    assert key_facts(kb, answers, lambda: one) == asked
    rebuilt = Session.load(kb, store)
    assert rebuilt.proposal == one.proposal and rebuilt.key_done and rebuilt.key_asked == asked
    assert proposal_mod.load_text(proposal_text(rebuilt.document()), kb)  # advise reads what was kept

    # a checklist section: a request per question, the review rendered from a fresh Session
    sid = "checklist:governance"
    before = {st.id: st for st in Session.load(kb, store).sections()}[sid].answered  # some were key facts
    given = []
    for value in ("yes", "partial", "na"):
        q = Session.load(kb, store).next_question(sid)
        assert q is not None and q.section == sid
        assert Session.load(kb, store).record(q.id, value, section=sid).ok
        given.append(q)
    refused = Session.load(kb, store).record(Session.load(kb, store).next_question(sid).id, "perhaps")
    assert not refused.ok and refused.errors  # a refused answer comes back as data, nothing saved
    rows = Session.load(kb, store).review(sid)
    shown = {row.question.id: row for row in rows}
    assert [shown[q.id].answer for q in given] == ["Yes", "Partly", "Not needed"]
    for row in rows:  # in words: the whole question, no ids, no snake_case
        assert row.text == row.question.full_text() and not SNAKE.search(row.text + row.answer)
    status = {st.id: st for st in Session.load(kb, store).sections()}
    assert status[sid].status == "in_progress" and status[sid].answered == before + 3
    assert status[Q.KEY].status == "completed"


def test_stores_keep_text_and_give_back_the_normal_form(kb):
    store = MemoryStore()
    s = Session.load(kb, store)
    s.record("service.name", "Payroll")
    s.record("answers.governance.board", "partial")
    assert "governance.board: partial" in store.text  # the file form: a bare status
    proposal, state = store.load(kb)
    assert proposal["answers"]["governance.board"] == {"status": "partial"}  # the form a Session needs
    assert state["history"] == ["service.name", "answers.governance.board"]
    proposal["service"]["name"] = "changed"
    assert store.load(kb)[0]["service"]["name"] == "Payroll"  # every load is a fresh copy


def test_what_a_store_cannot_trust_is_refused_or_dropped(kb):
    with pytest.raises(InputError) as exc:
        read_proposal(kb, "service:\n  kind: widgets\n", "row 7")
    assert str(exc.value).startswith("row 7:2: ") and "widgets" in str(exc.value)  # where, and what
    assert read_proposal(kb, "", "row 7") == {}
    assert read_state("format: something-else\nhistory: [x]\n") == {}
    assert read_state("{not yaml") == {}
    assert read_state({"format": "advisor-interview/1", "partners_done": True})["partners_done"] is True


def test_why_details_is_the_same_content_as_why_as_data(kb):
    """A web page lays out "Why we ask this" itself: the lessons, their severity and the papers'
    quotes come as data, and every line of the terminal's text is in it."""
    s = Session.load(kb, MemoryStore())
    for qid in ("service.professional_judgement", "answers.governance.board", "partners", "service.name"):
        q = s.question(qid)
        d = session_mod.why_details(kb, q)
        text = s.why(q)
        words = [d["hint"], *d["notes"], d["items_title"], *d["items"]]
        for group in d["groups"]:
            words.append(group["title"])
            for lesson in group["lessons"]:
                words.append(lesson["title"])
                words += [c["quote"] for c in lesson["quotes"]]
        words += [c["quote"] for c in d.get("quotes", [])]
        assert all(w in text for w in words if w)
    judgement = session_mod.why_details(kb, s.question("service.professional_judgement"))
    lesson = judgement["groups"][0]["lessons"][0]
    assert lesson["title"] == "The service depends heavily on professional judgement"
    assert lesson["quotes"][0]["source"].startswith("Rotherham Metropolitan Borough Council (2010)")
    assert "professional judgement" in lesson["quotes"][0]["quote"]


def test_back_from_an_answered_question_goes_back_never_forward(kb):
    """A web page reached by a back link is an answered question: its back link goes to the one
    answered before it, and following back links always ends at the section's first question."""
    store = MemoryStore()
    sid = "checklist:governance"
    asked = []
    for value in ("yes", "no", "yes", "partial"):
        s = Session.load(kb, store)
        q = s.next_question(sid)
        asked.append(q.id)
        assert s.record(q.id, value, section=sid).ok
    s = Session.load(kb, store)
    assert s.previous(s.next_question(sid), sid).id == asked[3]  # from the next, unanswered question
    assert s.previous(s.question(asked[2]), sid).id == asked[1]
    assert s.record(asked[1], "partial", section=sid).ok  # a change: asked[1] is in the history twice
    s = Session.load(kb, store)
    trail, q = [], s.question(asked[3])
    while q is not None:
        trail.append(q.id)
        q = s.previous(q, sid)
    assert trail == [asked[3], asked[2], asked[1], asked[0]]  # no loop through the changed one


def test_a_key_fact_answered_before_keeps_its_place_in_the_progress(kb):
    store = MemoryStore()
    s = Session.load(kb, store)
    first = s.next_question(Q.KEY)
    assert s.progress(first, Q.KEY).words() == "Key facts · question 1 of at most 22"
    assert s.record(first.id, "Payroll", section=Q.KEY).ok
    s = Session.load(kb, store)
    assert s.progress(s.next_question(Q.KEY), Q.KEY).words() == "Key facts · question 2 of at most 22"
    assert s.progress(first, Q.KEY).words() == "Key facts · question 1 of at most 22"  # going back to it


def test_a_request_reuses_what_the_last_one_worked_out_about_the_same_proposal(kb, monkeypatch):
    """Relevance depends on the knowledge base, the proposal and today's date alone, so Sessions
    rebuilt per request share it; a different proposal or another day is worked out afresh."""
    from advisor import dates
    from advisor.interview.relevance import relevance

    store = MemoryStore()
    Session.load(kb, store).record("service.name", "Shared relevance memo")
    calls = []
    real = type(relevance(kb)).relevant
    monkeypatch.setattr(type(relevance(kb)), "relevant",
                        lambda self, *a, **k: calls.append(a[0].id) or real(self, *a, **k))
    first = Session.load(kb, store).next_question("checklist:governance")
    assert calls
    calls.clear()
    assert Session.load(kb, store).next_question("checklist:governance").id == first.id
    assert calls == []  # the second request asked nothing again
    Session.load(kb, store).record(first.id, "yes")
    assert Session.load(kb, store).next_question("checklist:governance").id != first.id
    calls.clear()
    tomorrow = dates.today() + __import__("datetime").timedelta(days=1)
    monkeypatch.setattr(dates, "today", lambda: tomorrow)
    Session.load(kb, store).next_question("checklist:governance")
    assert calls  # another day: years running may differ, so nothing is reused
