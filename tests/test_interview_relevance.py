"""Question selection: a question the interview skips really cannot change the outcome.

The outcome here is recomputed with advisor.reference.decide, independently of the interview's own
incremental evaluator, and compared over every possible answer (and hypothesis-drawn numbers and
texts) to a question the selector skips.
"""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from advisor import facts, knowledge, links, reference
from advisor.interview.relevance import FRESH, HYPOTHETICAL, Relevance, get_value, with_value
from advisor.interview.session import Session
from advisor.interview.store import MemoryStore
from advisor.program import applies_unit, mitigation_unit, rule_unit
from advisor.schema import PARTNER, SECTIONS, STATUSES, SYSTEM_FUNCTIONS


@pytest.fixture(scope="module")
def kb():
    return knowledge.load()


def reference_outcome(kb, proposal):
    """Lessons fired, their mitigations that hold, checklist items that apply (docs/interview.md).
    Items a field answers take its status first, as in advice.advise."""
    fs = facts.build(proposal)
    derived = links.settle(kb, proposal, fs)
    fired = reference.decide(kb, fs)
    out = set()
    for rule in kb.rules.values():
        if rule.is_lesson and rule_unit(rule.id) in fired:
            out.add(rule.id)
            out.update(f"{rule.id}#{i}" for i in range(len(rule.mitigations)) if mitigation_unit(rule.id, i) in fired)
    out.update(f"item:{i}" for i, it in kb.items.items() if it.applies_when is None or applies_unit(i) in fired)
    # The status a field gives an item is reported by the audit, for an item that applies and is
    # not blocked (a prerequisite answered no), as the interview's own item questions are.
    answers = proposal.get("answers", {})
    out.update(f"status:{i}={status}" for i, (status, _) in derived.items()
               if f"item:{i}" in out and not any(answers.get(p.item, {}).get("status") == "no"
                                                 for p in kb.items[i].prerequisites))
    return frozenset(out)


def field_value(field):
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "enum":
        return st.sampled_from(field.values)
    if field.kind == "int":
        return st.integers(0, 2_000_000)
    if field.kind == "enumlist":
        return st.lists(st.sampled_from(field.values), unique=True)
    if field.kind == "name":
        return st.sampled_from(["conservative", "labour", "liberal_democrat", "no_overall_control"])
    if field.kind == "date":
        return st.sampled_from(["2015-04-01", "2024-01-31"])
    return st.sampled_from(["A", "B", "Integra", "SAP"])


def section(fields):
    """Any subset of the fields, each with a value of its kind (systems are drawn separately)."""
    return st.fixed_dictionaries({}, optional={k: field_value(f) for k, f in fields.items()
                                               if f.kind != "systems"})


partner = st.tuples(section(PARTNER), st.dictionaries(st.sampled_from(SYSTEM_FUNCTIONS),
                                                      st.sampled_from(["Integra", "SAP", "Agresso"]),
                                                      max_size=3)).map(
    lambda t: {**t[0], **({"systems": t[1]} if t[1] else {})})


@st.composite
def proposals(draw, kb_items):
    prop = {}
    for name, fields in SECTIONS.items():
        sec = draw(section(fields))
        if sec:
            prop[name] = sec
    if draw(st.booleans()):
        prop["partners"] = draw(st.lists(partner, min_size=1, max_size=4))
    answers = draw(st.dictionaries(st.sampled_from(kb_items), st.sampled_from(STATUSES), max_size=25))
    if answers:
        prop["answers"] = {k: {"status": v} for k, v in answers.items()}
    return prop


def other_answers(q, proposal, data):
    """Every answer to q that a user could give, as classes plus drawn samples."""
    if q.kind == "status":
        return [None, *STATUSES]
    if q.kind == "bool":
        return [None, True, False]
    if q.kind == "enum":
        return [None, *q.values]
    if q.kind == "enumlist":
        return [None, [], list(q.values), *[[v] for v in q.values],
                data.draw(st.lists(st.sampled_from(q.values), unique=True))]
    if q.kind == "int":
        return [None, 0, 1, 2, 3, 4, 6, 12, 24, 60, 90, 200, 10_000_000,
                *data.draw(st.lists(st.integers(0, 5_000_000), min_size=3, max_size=3))]
    if q.kind == "date":
        return [None, "2001-02-03"]
    values = [None, "Integra", "SAP", "conservative", "labour", data.draw(st.text(min_size=1, max_size=8))]
    for p in proposal.get("partners", []):
        v = p.get(q.path[-1]) if q.path[-2] != "systems" else p.get("systems", {}).get(q.path[-1])
        if v is not None:
            values.append(v)
    return values


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(data=st.data())
def test_a_skipped_question_cannot_change_the_outcome(kb, data, tmp_path_factory):
    prop = data.draw(proposals(sorted(kb.items)))
    s = Session(kb, MemoryStore(), prop, {"partners_done": True})
    # Questions that cannot apply (fields.yaml ask_when: "when did it begin?" before the start)
    # are left out on purpose, and an item a field answers is never asked (the field carries that
    # fact; test below); every other skipped question must be unable to change the outcome.
    skipped = [q for q in s.questions() if not s.answered(q) and not s.is_relevant(q)
               and s.rel.can_apply(q, prop)
               and not (q.is_item and kb.items[q.ref[1]].answered_by)]
    assert all(not q.always for q in skipped)
    for q in skipped:
        outcomes = {reference_outcome(kb, with_value(prop, q.path, v)) for v in other_answers(q, prop, data)}
        if q.is_item and s.rel.blocked(kb.items[q.ref[1]], prop):
            # A blocked item (a prerequisite answered no) is not asked until that prerequisite is
            # answered yes or partly (docs/interview.md). Its own `no` could only block a later
            # item in turn, so what it may not change is every lesson, mitigation and item applying.
            outcomes = {frozenset(x for x in o if not x.startswith("status:")) for o in outcomes}
        assert len(outcomes) == 1, f"{q.id} was skipped but its answer changes the outcome"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_decide_equals_reference_decide(kb, data):
    prop = data.draw(proposals(sorted(kb.items)))
    rel = Relevance(kb)
    fs = facts.build(prop)
    assert rel.decide(fs) == reference.decide(kb, fs)


def test_every_asked_profile_question_can_change_the_outcome(kb, tmp_path):
    """The converse on a concrete case: a question asked (not a label) has two answers that differ."""
    prop = {"service": {"name": "Payroll", "kind": "payroll"}, "arrangement": {"model": "lead_authority"},
            "partners": [{"name": "A", "tier": "county"}, {"name": "B", "tier": "district"}]}
    s = Session(kb, MemoryStore(), prop, {"partners_done": True})
    asked = [q for q in s.pending() if not q.always and not q.is_item]
    assert asked
    for q in asked[:25]:
        assert any(len({reference_outcome(kb, with_value(world, q.path, v)) for v in s.rel.candidates(q, world)}) > 1
                   for world in pair_worlds(s, q, prop)), q.id


def pair_worlds(s, q, prop):
    """The proposal, and for a partner field that feeds a pair (political control, systems ...) the
    proposal with every other partner that has not answered it yet giving one same answer: one
    partner's answer only changes a pair once the others have answered too (docs/interview.md)."""
    yield prop
    if q.partner < 0:
        return
    rest = tuple(q.path[2:])
    others = [j for j, p in enumerate(prop.get("partners", []))
              if j != q.partner and get_value(p, rest) is None]
    for c in s.rel.candidates(q, prop):
        if c is not None and others:
            world = prop
            for j in others:  # "another value" for the others is one A's own answer can differ from
                world = with_value(world, ("partners", j) + rest, HYPOTHETICAL if c == FRESH else c)
            yield world


def test_irrelevant_partner_systems_are_not_asked(kb, tmp_path):
    """Once a partner names a system, the systems the service never uses stop mattering."""
    prop = {"service": {"name": "Payroll", "kind": "internal_audit"},
            "partners": [{"name": "A", "systems": {"audit": "TeamMate"}}, {"name": "B"}]}
    s = Session(kb, MemoryStore(), prop, {"partners_done": True})
    pending = {q.id for q in s.pending()}
    assert "partners[0].systems.licensing" not in pending
    assert "partners[1].systems.audit" in pending  # B's audit system can differ from A's


def test_partner_fields_count_a_partner_still_to_come(kb, tmp_path):
    """While the partner list is open, political control matters before the second partner exists."""
    prop = {"service": {"name": "X", "kind": "payroll"}, "partners": [{"name": "A"}]}
    open_ = Session(kb, MemoryStore(), prop, {"partners_done": False})
    closed = Session(kb, MemoryStore(), prop, {"partners_done": True})
    q = open_.question("partners[0].political_control")
    assert open_.is_relevant(q)
    assert not closed.is_relevant(q)  # one partner alone has nobody to differ from


def test_blocked_and_inapplicable_items_are_skipped(kb, tmp_path):
    with_prereq = next(i for i in kb.items.values()
                       if i.prerequisites and i.id not in Relevance(kb).answer_items and i.applies_when is None)
    pre = with_prereq.prerequisites[0].item
    prop = {"answers": {pre: {"status": "no"}}}
    s = Session(kb, MemoryStore(), prop, {"partners_done": True})
    assert not s.is_relevant(s.question(f"answers.{with_prereq.id}"))
    prop["answers"][pre]["status"] = "yes"
    s = Session(kb, MemoryStore(), prop, {"partners_done": True})
    assert s.is_relevant(s.question(f"answers.{with_prereq.id}"))
    conditional = [i for i in kb.items.values() if i.applies_when is not None]
    assert conditional
    s = Session(kb, MemoryStore(), {}, {"partners_done": True})
    applicable = s.rel.applicable({})
    for item in conditional:
        if item.id not in applicable and item.id not in s.rel.answer_items:
            assert not s.is_relevant(s.question(f"answers.{item.id}"))


def test_changing_an_answer_clears_answers_that_no_longer_matter_and_says_which(kb):
    """record() on a changed answer clears what depended on it, saves, and names what it cleared;
    preview() says the same without saving."""
    item = next(i for i in kb.items.values() if i.applies_when is not None
                and "workforce.transfer" in str(i.applies_when))
    prop = {"service": {"name": "X", "kind": "payroll"}, "workforce": {"transfer": "tupe"},
            "answers": {item.id: {"status": "yes"}}}
    store = MemoryStore(prop, {"partners_done": True})
    s = Session.load(kb, store)
    assert s.is_relevant(s.question(f"answers.{item.id}"))
    preview = s.preview("workforce.transfer", "none")
    assert [q.id for q, _ in preview.cleared] == [f"answers.{item.id}"]
    assert store.document["answers"][item.id] == {"status": "yes"}  # a preview saves nothing
    out = s.record("workforce.transfer", "none")
    assert out.ok and [q.id for q, _ in out.cleared] == [f"answers.{item.id}"]
    assert out.cleared[0][1] == "Yes"  # the answer it had, in words
    assert store.document["workforce"]["transfer"] == "none"
    assert item.id not in (store.document.get("answers") or {})


def yaml_load(path):
    import yaml

    return yaml.safe_load(path.read_text())


def test_an_item_a_field_answers_is_never_asked_but_the_field_is(kb, tmp_path):
    """One fact, asked once: risk.register (the item) is answered by risk.register (the field)."""
    linked = [i for i in kb.items.values() if i.answered_by]
    assert len(linked) >= 15
    for prop in ({}, {"risk": {"register": True}}, {"answers": {"risk.register": {"status": "no"}}}):
        s = Session(kb, MemoryStore(), prop, {"partners_done": True})
        for item in linked:
            assert not s.is_relevant(s.question(f"answers.{item.id}")), item.id
    s = Session(kb, MemoryStore(), {}, {"partners_done": True})
    for field in ("risk.register", "communications.plan", "service.efficient_before_sharing",
                  "communications.unions_consulted", "business_case.cost_benefit_analysis"):
        assert s.is_relevant(s.question(field)), field
    pending = [q.id for q in s.pending()]
    assert "answers.risk.register" not in pending and "risk.register" in pending


def test_a_field_that_answers_an_item_sets_what_the_rules_see(kb):
    """The interview's evaluator sees the status the field gives the item, as advice does."""
    rel = Relevance(kb)
    fs = rel.facts({"risk": {"register": False}})
    assert fs.status("risk.register") == "no"
    assert rel.facts({}).status("risk.register") == "unanswered"
