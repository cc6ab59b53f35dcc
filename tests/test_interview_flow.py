"""The whole interview on the bundled example's facts: nothing asked twice, nothing asked whose
answer an earlier answer already gives, and never back to an earlier section.

The run is the one `advisor interview --answers examples/herts-internal-audit.yaml` makes (the
same flow, the same MappingUI), in memory: every question put to the UI is recorded, with the
section it was put in, and the store's history is checked as well.
"""

from pathlib import Path

import pytest

from advisor import knowledge, proposal as proposal_mod, yamlio
from advisor.interview import questions as Q
from advisor.interview.flow import Interview
from advisor.interview.scripted import MappingUI, flatten
from advisor.interview.session import Session
from advisor.interview.store import MemoryStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "herts-internal-audit.yaml"


class Recording(MappingUI):
    """The answers file's UI, noting every question put: (section, question, what was known)."""

    def __init__(self, kb, answers, session):
        super().__init__(kb, answers, "example")
        self.session = session
        self.put = []

    def ask(self, q, ctx):
        s = self.session
        self.put.append({"id": q.id, "section": Q.KEY if not s.key_done else q.section, "home": q.section,
                         "can_apply": s.rel.can_apply(q, s.proposal), "answered": s.answered(q)})
        return super().ask(q, ctx)

    def notice(self, text):
        pass


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


@pytest.fixture(scope="module")
def run(kb):
    store = MemoryStore()
    session = Session.load(kb, store)
    ui = Recording(kb, flatten(yamlio.load_file(str(EXAMPLE)).data, kb), session)
    assert Interview(session, ui).run()
    return session, ui, store


def order(kb):
    """Each section's place in the task list: the key facts, the profile, then the checklist."""
    return {sid: i for i, sid in enumerate(Q.sections(kb))}


def test_the_run_answers_what_the_example_says(kb, run):
    session, ui, store = run
    example = proposal_mod.load(EXAMPLE, kb)
    assert store.document["service"]["kind"] == example["service"]["kind"]
    assert len(store.document["partners"]) == len(example["partners"])
    assert len(ui.put) > 60  # the key facts, the profile and the checklist items the example answers


def test_nothing_is_asked_twice(run):
    _, ui, _ = run
    ids = [p["id"] for p in ui.put]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert not [p["id"] for p in ui.put if p["answered"]]  # nor a question already answered


def test_no_item_a_field_answers_is_ever_asked(kb, run):
    """One fact, asked once: every item with `answered_by` takes its status from the field."""
    session, ui, store = run
    linked = {f"answers.{i.id}" for i in kb.items.values() if i.answered_by}
    assert len(linked) >= 15
    put = {p["id"] for p in ui.put}
    assert not put & linked, sorted(put & linked)
    assert not set(session.history) & linked
    # and the fields that answer them were asked where the example gives them
    assert {"risk.register", "workforce.transfer"} <= put


def test_no_question_is_asked_that_cannot_apply(run):
    """A question whose answer is implied by earlier ones (fields.yaml ask_when: "when did it
    begin?" for an arrangement that starts in 3 months) is never put."""
    _, ui, _ = run
    assert [p["id"] for p in ui.put if not p["can_apply"]] == []
    assert "review.started" not in {p["id"] for p in ui.put}


def test_never_back_to_an_earlier_section(kb, run):
    """The sections of the questions put never go back: first the key facts (themselves in the
    natural order of their home sections), then the task list's sections in order."""
    _, ui, _ = run
    rank = order(kb)
    sections = [rank[p["section"]] for p in ui.put]
    assert sections == sorted(sections)
    key = [rank[p["home"]] for p in ui.put if p["section"] == Q.KEY]
    assert key and key == sorted(key)
    assert ui.put[0]["section"] == Q.KEY and ui.put[-1]["section"].startswith("checklist:")


def test_the_stored_history_never_goes_back_either(kb, run):
    """The same over the history the store keeps (the sidecar's `history`, which `back` follows
    and --quick counts): the key facts first, in natural order, then each section in turn."""
    session, _, store = run
    history = store.state["history"]
    key = store.state["key"]["asked"]
    assert store.state["key"]["done"] is True
    assert history[:len(key)] == key
    rank = order(kb)
    home = [rank[session.question(h).section] for h in history[:len(key)]]
    assert home == sorted(home)
    rest = [rank[session.question(h).section] for h in history[len(key):]]
    assert rest == sorted(rest)
    assert len(history) == len(set(history))
