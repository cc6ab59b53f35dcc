"""What a web request costs the interview core: relevance and the next key fact remembered across
Sessions (Relevance.memo_for; a request loads its own Session) give the answers a fresh evaluator
gives; a key fact does not decide its whole section; an answer is saved once."""

import pytest

from advisor import knowledge, samples
from advisor.interview.relevance import Relevance
from advisor.interview.scripted import flatten
from advisor.interview.session import Session
from advisor.interview.store import MemoryStore


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


def _walk(kb, store, answers, steps):
    """Answer `steps` questions as a web page would: a Session per request."""
    for _ in range(steps):
        s = Session.load(kb, store)
        section = "key" if not s.key_done and s.next_question("key") else next(
            (sid for sid in s.section_ids() if s.next_question(sid)), None)
        if section is None:
            return
        q = s.next_question(section)
        value = answers.get(q.id)
        if value is None or q.grid or q.kind == "names" or isinstance(value, (dict, list)):
            s.dont_know(q.id, section=section)
        elif not s.record(q.id, value, section=section).ok:
            s.dont_know(q.id, section=section)


def test_remembered_relevance_is_what_a_fresh_evaluator_decides(kb):
    answers = flatten(samples.realistic(3, 1, kb)[0], kb)
    store = MemoryStore()
    fresh = Relevance(kb)  # nothing remembered, nothing shared with the sessions'
    for round_ in range(4):
        _walk(kb, store, answers, 8)
        s = Session.load(kb, store)
        for q in s.questions():
            if q.kind in ("group",) or q.grid:
                continue
            assert s.is_relevant(q) == fresh.relevant(q, s.proposal, s.partners_open()), (round_, q.id)


def test_a_second_session_on_the_same_answers_decides_nothing_again(kb, monkeypatch):
    answers = flatten(samples.realistic(5, 1, kb)[0], kb)
    store = MemoryStore()
    _walk(kb, store, answers, 12)
    first = Session.load(kb, store)
    asked = {q.id: first.is_relevant(q) for q in first.questions()}
    calls = []
    original = Relevance.relevant
    monkeypatch.setattr(Relevance, "relevant", lambda self, *a, **k: calls.append(a[0].id) or original(self, *a, **k))
    second = Session.load(kb, store)
    assert {q.id: second.is_relevant(q) for q in second.questions()} == asked
    assert calls == []
    # a change of answers is a new state: decided afresh
    _walk(kb, store, answers, 1)
    third = Session.load(kb, store)
    for q in third.questions():
        third.is_relevant(q)
    assert calls, "a new state is decided afresh"


def test_a_key_fact_is_recorded_without_deciding_its_whole_section(kb, monkeypatch):
    """`added` is for a section's own walk; for the key facts (asked across sections) nobody shows
    it, and deciding the partners section for the partners' names took seconds per answer."""
    store = MemoryStore()
    s = Session.load(kb, store)
    while (q := s.next_question("key")) is not None and q.kind != "names":
        s.dont_know(q.id, section="key")
        s = Session.load(kb, store)
    assert q is not None and q.id == "partners"
    decided = []
    original = Relevance.relevant
    monkeypatch.setattr(Relevance, "relevant", lambda self, q, *a, **k: decided.append(q.id) or original(self, q, *a, **k))
    out = Session.load(kb, store).record("partners", ["Stevenage", "North Herts"], section="key")
    assert out.ok and out.added == []
    assert not [d for d in decided if d.startswith("partners[")], decided
    # a section's own walk still says what an answer added to it
    twin = Session.load(kb, store)
    more = twin.record("partners", ["Stevenage", "North Herts", "Welwyn Hatfield"], section="partners")
    assert more.ok and any(q.id.startswith("partners[2].") for q in more.added)


def test_an_answer_is_saved_once_whole(kb):
    """One save per answer (a web store commits one transaction), holding the answer, the
    history and what the answer cleared."""
    store = MemoryStore()
    s = Session.load(kb, store)
    q = s.next_question("key")
    before = store.saves
    assert s.record(q.id, "Payroll", section="key").ok
    assert store.saves == before + 1
    again = Session.load(kb, store)
    assert again.history == [q.id] and again.value(again.question(q.id)) == "Payroll"
    q2 = again.next_question("key")
    assert again.dont_know(q2.id, section="key").ok and store.saves == before + 2
    reloaded = Session.load(kb, store)
    assert reloaded.answered(reloaded.question(q2.id)), "the I don't know was saved too"


def test_the_next_key_fact_is_remembered_for_the_same_answers(kb, monkeypatch):
    from advisor.interview import keyfacts

    store = MemoryStore()
    _walk(kb, store, flatten(samples.realistic(9, 1, kb)[0], kb), 5)
    first = Session.load(kb, store).next_question("key")
    ranked = []
    original = keyfacts.Ranker.next
    monkeypatch.setattr(keyfacts.Ranker, "next", lambda self, *a, **k: ranked.append(1) or original(self, *a, **k))
    assert Session.load(kb, store).next_question("key").id == first.id
    assert ranked == [], "the redirect, the page and its answer share one ranking"
    s = Session.load(kb, store)
    s.dont_know(first.id, section="key")
    after = Session.load(kb, store).next_question("key")
    assert ranked and (after is None or after.id != first.id)
