"""The pipeline, one way: proposal -> facts -> engine -> findings -> ordering -> Advice."""

from dataclasses import dataclass, field

from . import dates
from . import facts as facts_mod
from . import findings as findings_mod
from . import graph as graph_mod
from . import links, yamlio
from .knowledge import SEVERITY_RANK
from .program import compiled
from .suitability import section as delivery_model_section
from .waivers import judge

STANDARD_INPUT = "standard input"  # a report's name for the proposal read from `-`


@dataclass
class NextAction:
    item: object
    unblocks: list


@dataclass
class Advice:
    title: str
    source: str
    proposal: dict
    findings: list
    audit: list  # AuditEntry, in prerequisite order
    next_actions: list
    counts: dict = field(default_factory=dict)
    delivery_model: dict = field(default_factory=dict)
    waivers: list = field(default_factory=list)  # what happened to each waiver (waivers.judge)
    contradictions: list = field(default_factory=list)  # links.explain, for applicable items
    facts: object = None  # the FactSet the engine saw (coverage reads it)
    derived: dict = field(default_factory=dict)  # links.settle: item -> (status, condition)
    lines: dict = field(default_factory=dict)  # path in the proposal file -> line

    def bases(self, kb):
        """Where each item's status came from (links.explain), for the reports."""
        from . import links, yamlio

        return links.explain(kb, self.proposal, self.facts, self.derived, self.lines)[0] if self.facts else {}


def pipeline_inputs(kb_dir=None, waivers_file=None, today=None):
    """(knowledge base, waivers, the date to judge by): what every report starts from, whichever
    front end asks. `today`: a date, YYYY-MM-DD, or None ($ADVISOR_TODAY, else the real date)."""
    from . import knowledge, waivers

    kb = knowledge.load(kb_dir)
    return kb, waivers.load(waivers_file, kb) if waivers_file else [], dates.today(today)


def advise_file(kb, path, waivers=(), today=None):
    """Load the proposal at `path` and advise on it: the pipeline every report command runs."""
    from . import proposal

    data, lines = proposal.load_with_lines(path, kb)
    # "-" is how a command line says standard input; a report says it in words.
    source = STANDARD_INPUT if str(path) == yamlio.STDIN else path
    return advise(kb, data, source, today, waivers, lines)


def advise(kb, proposal, source="", today=None, waivers=(), lines=None):
    """`today` dates review ages and waiver expiry (default dates.today()); `lines` (path -> line in
    the proposal file) lets contradictions name their lines."""
    day = today or dates.today()
    program, engine = compiled(kb)
    fs = facts_mod.build(proposal, day)
    derived = links.settle(kb, proposal, fs)  # items a field answers: before the rules see the answers
    result = engine.run(fs)
    found = findings_mod.findings(kb, program, result, fs)
    ids = findings_mod.applicable(kb, result)
    overrides, record = judge(waivers, set(ids), day)
    answered = proposal.get("answers", {})
    _, contradictions = links.explain(kb, proposal, fs, derived, lines, [i for i in derived if i in answered])
    entries = findings_mod.audit(kb, ids, proposal, overrides, fs)
    plan = graph_mod.plan(kb)
    found.sort(key=lambda f: (_finding_depth(f, plan.depth), -SEVERITY_RANK[f.severity], f.rule.id))
    audit = [entries[i] for i in plan.order(entries)]
    nxt = next_actions(plan, audit, entries)
    counts = {s: sum(1 for f in found if f.severity == s) for s in reversed(list(SEVERITY_RANK))}
    title = proposal.get("title") or proposal.get("service", {}).get("name") or source or "Untitled proposal"
    model = delivery_model_section(kb, program, result, fs, proposal)
    applicable = set(ids)
    return Advice(title, source, proposal, found, audit, nxt, counts, model, record,
                  [c for c in contradictions if c["item"] in applicable], fs, derived, lines or {})


def _finding_depth(finding, depth):
    items = [i for a in finding.rule.antidotes for i in a.items]
    # A finding can be acted on once the earliest checklist item it links to can be started.
    return min((depth.get(i, 0) for i in items), default=0)


def next_actions(plan, audit, entries):
    """Open items whose prerequisites are all done, with the open items each one unblocks."""
    out = []
    for entry in audit:
        if entry.status in findings_mod.DONE or entry.blocked_by:
            continue
        opens = [s for s in plan.unblocks(entry.item.id)
                 if s in entries and entries[s].status not in findings_mod.DONE]
        out.append(NextAction(entry.item, opens))
    out.sort(key=lambda n: -SEVERITY_RANK[n.item.severity])  # stable: keeps prerequisite order in ties
    return out
