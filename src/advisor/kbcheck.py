"""`advisor kb check`: everything that must hold before a knowledge base gives advice."""

import datetime
import re
from dataclasses import dataclass

from . import facts as facts_mod
from . import graph as graph_mod
from . import links
from . import schema, yamlio
from .compiler import CompileError
from .errors import InputError, InputErrors
from .knowledge import Citation
from .program import compiled, mitigation_unit, rule_unit
from .stages import citations as stage_citations


@dataclass
class Problem:
    file: str
    line: int
    key: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}: " if self.line else (f"{self.file}: " if self.file else "")
        return f"{where}{self.key + ': ' if self.key else ''}{self.message}"


# Rule test cases are judged as of this date, so a case about a review five years ago stays true.
CASE_DATE = datetime.date(2026, 6, 1)


def normalise(text):
    return " ".join(text.split())


def check(kb):
    """Every problem found, as a list of Problem. An empty list means the check passes."""
    problems = []
    problems += check_quotes(kb)
    problems += check_actions(kb)
    problems += check_graph(kb)
    problems += check_links(kb)
    try:
        program, engine = compiled(kb)
    except CompileError as exc:
        file, line, key = _where(kb, getattr(exc, "unit", None))
        return problems + [Problem(file, line, key, str(exc.message))]
    problems += check_flags(kb)
    problems += check_thresholds(kb)
    problems += check_tensions(kb)
    problems += check_rule_tests(kb, program, engine)
    return problems


def _where(kb, unit):
    """(file, line, key) of the rule, item or criterion a compiled unit came from."""
    kind, _, rest = (unit or "").partition(":")
    if kind in ("rule", "mit"):
        rule = kb.rules.get(rest.rsplit(":", 1)[0] if kind == "mit" else rest)
        if rule is not None:
            return rule.file, rule.line, "when" if kind == "rule" else "mitigations"
    if kind == "applies" and rest in kb.items:
        return kb.items[rest].file, kb.items[rest].line, f"{rest}.applies_when"
    if kind == "suit" and rest in kb.suitability:
        return kb.suitability[rest].file, kb.suitability[rest].line, "when"
    return "rules/", 0, ""


def check_actions(kb):
    """Reports list what to do first as actions, so every item needs its `action:` sentence."""
    return [Problem(item.file, item.line, f"{item.id}.action",
                    "missing: add an imperative sentence after question:, e.g. 'Agree the exit terms.'")
            for item in kb.items.values() if not item.action.strip()]


def all_citations(kb):
    for item in kb.items.values():
        yield from item.citations
    for rule in kb.rules.values():
        yield from rule.citations
    for criterion in kb.suitability.values():
        yield from criterion.citations
    for model in kb.models.values():
        yield from _model_citations(model, "knowledge/models.yaml")
    yield from stage_citations(kb)
    for tension in kb.tensions.values():
        for side in tension.sides:
            yield from side.citations


def _model_citations(node, file):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "citations" and isinstance(value, list):
                for c in value:
                    if isinstance(c, dict):
                        yield Citation(str(c.get("source")), str(c.get("section")), str(c.get("quote", "")), file, 0)
            else:
                yield from _model_citations(value, file)
    elif isinstance(node, list):
        for value in node:
            yield from _model_citations(value, file)


def check_quotes(kb):
    texts = {sid: normalise(s.text()) for sid, s in kb.sources.items() if s.path.is_file()}
    out = []
    for c in all_citations(kb):
        if c.source not in texts:
            out.append(Problem(c.file, c.line, "citations", f"unknown source '{c.source}'"))
        elif not c.quote.strip():
            out.append(Problem(c.file, c.line, "citations", "empty quote"))
        elif normalise(c.quote) not in texts[c.source]:
            out.append(Problem(c.file, c.line, "citations",
                               f"quote not found in {c.source}: \"{c.quote[:70]}\""))
    return out


def check_graph(kb):
    g = graph_mod.build(kb)
    return [Problem(kb.items[c[0]].file, kb.items[c[0]].line, f"{c[0]}.prerequisites",
                    "prerequisite cycle: " + " -> ".join(c + [c[0]])) for c in graph_mod.cycles(g)]


def check_flags(kb):
    derived = {f for r in kb.rules.values() for f in r.derives}
    from .conditions import flags_used

    out = []
    for owner in list(kb.rules.values()) + list(kb.items.values()):
        conds = [owner.applies_when] if not hasattr(owner, "when") else [owner.when] + [m.when for m in owner.mitigations]
        for cond in conds:
            for f in sorted(flags_used(cond) if cond is not None else ()):
                if f not in derived:
                    out.append(Problem(owner.file, owner.line, "flag", f"flag '{f}' is never derived by any rule"))
    return out


# ---------------------------------------------------------------- judgements and thresholds

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
          10: "ten", 11: "eleven", 12: "twelve", 20: "twenty", 30: "thirty", 36: "thirty-six", 45: "forty-five"}
# Comparing the number of partners with 0, 1 or 2 says whether there is a partnership at all
# ("a partnership between two or more organisations", enc-2017 §3.2); it is not a threshold.
_STRUCTURAL = {("partners.count", 0), ("partners.count", 1), ("partners.count", 2),
               ("partners.authority_count", 0), ("partners.authority_count", 1), ("partners.authority_count", 2)}


def _numbers(node):
    """(field, number) for every numeric constant a condition compares a field with."""
    from .conditions import Test, walk

    for n in walk(node):
        if isinstance(n, Test) and n.op not in ("exists", "contains"):
            for v in (n.value if isinstance(n.value, tuple) else (n.value,)):
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    yield n.field, v


def _quoted(number, quotes):
    import re

    text = " ".join(quotes).lower()
    word = _WORDS.get(int(number)) if float(number).is_integer() else None
    digits = str(int(number)) if float(number).is_integer() else str(number)
    return bool(re.search(rf"(?<![\d.]){re.escape(digits)}(?![\d])", text) or
                (word and re.search(rf"\b{word}\b", text)))


def judgement_owners(kb):
    """Everything that can carry judgements: rules and suitability criteria."""
    return list(kb.rules.values()) + list(kb.suitability.values())


def check_thresholds(kb):
    """A number a condition compares with must be the paper's (it appears in one of the owner's
    quotes, as digits or a word) or be marked as the knowledge base's judgement on that field."""
    out = []
    for owner in judgement_owners(kb):
        conds = [owner.when] + [m.when for m in getattr(owner, "mitigations", [])]
        quotes = [c.quote for c in owner.citations]
        covered = {j.field for j in owner.judgements if j.field}
        for cond in conds:
            if cond is None:
                continue
            for fld, number in _numbers(cond):
                if (fld, number) in _STRUCTURAL or fld in covered or _quoted(number, quotes):
                    continue
                out.append(Problem(owner.file, owner.line, "when",
                                   f"the threshold {fld} {number:g} is in no quote of this "
                                   f"{'rule' if hasattr(owner, 'poison') else 'criterion'}: cite the paper that "
                                   f"states it, or add a judgement {{field: {fld}, text, reason}}"))
    return out


def judgements(kb):
    """(owner id, Judgement) for every judgement in the knowledge base, for `kb check` to list."""
    out = [(o.id, j) for o in judgement_owners(kb) for j in o.judgements]
    return sorted(out, key=lambda x: x[0])


def check_tensions(kb):
    """Declared tensions name lessons; two lessons whose antidotes take opposite stances on the
    same checklist item must be declared as a tension (the report then shows them together)."""
    from .knowledge import STANCES

    out = []
    declared = set()
    for t in kb.tensions.values():
        rules = [s.rule for s in t.sides]
        for r in rules:
            if r in kb.rules and not kb.rules[r].is_lesson:
                out.append(Problem(t.file, t.line, f"{t.id}.sides", f"{r} is a derivation, not a lesson"))
        declared |= {frozenset((a, b)) for a in rules for b in rules if a != b}
    for a, b in undeclared_tensions(kb, declared, STANCES):
        out.append(Problem(kb.rules[b].file, 1, "antidotes",
                           f"its advice on {a[1]} pulls against {a[0]} ({a[2]} against {a[3]}): declare the "
                           f"pair in knowledge/tensions.yaml with how to reconcile them"))
    return out


def undeclared_tensions(kb, declared, stances):
    """((rule a, item, stance a, stance b), rule b) for lessons linking one item with opposite stances."""
    by_item = {}
    for r in kb.rules.values():
        if not r.is_lesson:
            continue
        for a in r.antidotes:
            if a.stance:
                for item in a.items:
                    by_item.setdefault(item, []).append((r.id, a.stance))
    found = []
    for item, uses in sorted(by_item.items()):
        for ra, sa in uses:
            for rb, sb in uses:
                if ra < rb and stances.get(sa) == sb and frozenset((ra, rb)) not in declared:
                    found.append(((ra, item, sa, sb), rb))
    return found


class _CaseDoc(yamlio.Document):
    def __init__(self, data, name, line):
        super().__init__(data, {}, name)
        self._line = line

    def line(self, path):
        return self._line


def check_rule_tests(kb, program, engine):
    out = []
    item_ids = set(kb.items)
    for rule in kb.rules.values():
        if not rule.is_lesson:
            continue
        names = list(rule.tests)
        if not any(n.startswith("test_fail_") for n in names):
            out.append(Problem(rule.file, 1, "tests", "needs at least one test_fail_* case (must fire)"))
        if not any(n.startswith("test_pass_") for n in names):
            out.append(Problem(rule.file, 1, "tests", "needs at least one test_pass_* case (must not fire)"))
        for name, (case, line) in rule.tests.items():
            problem = run_case(kb, engine, rule, name, case, line, item_ids)
            if problem:
                out.append(problem)
    return out


def _facts(kb, proposal):
    """The facts the engine sees, as advice.advise builds them: items a field answers included."""
    fs = facts_mod.build(proposal, CASE_DATE)
    links.settle(kb, proposal, fs)
    return fs


def run_case(kb, engine, rule, name, case, line, item_ids=None):
    """None when the case behaves as its name says, else a Problem."""
    try:
        proposal = schema.validate(_CaseDoc(case, rule.file, line), item_ids if item_ids is not None else set(kb.items))
    except InputError as exc:
        first = exc.errors[0] if isinstance(exc, InputErrors) else exc
        return Problem(rule.file, line, f"tests.{name}", f"not a valid proposal: {first.key}: {first.message}")
    result = engine.run(_facts(kb, proposal))
    fired = rule_unit(rule.id) in result.fired
    mitigated = any(mitigation_unit(rule.id, i) in result.fired for i in range(len(rule.mitigations)))
    if name.startswith("test_fail_") and not fired:
        return Problem(rule.file, line, f"tests.{name}", "the rule should fire but does not")
    if name.startswith("test_pass_") and fired:
        return Problem(rule.file, line, f"tests.{name}", "the rule fires but should not")
    if name.startswith("test_mitigated_"):
        if not fired:
            return Problem(rule.file, line, f"tests.{name}", "the rule should fire (mitigated) but does not")
        if not mitigated:
            return Problem(rule.file, line, f"tests.{name}", "the rule fires but no mitigation applies")
    if name.startswith("test_fail_") and mitigated:
        return Problem(rule.file, line, f"tests.{name}", "a test_fail_ case should not be mitigated; "
                                                        "name it test_mitigated_")
    return None


# ---------------------------------------------------------------- fields and items that ask one fact

# Words that say nothing about which fact a question asks.
_STOP = set("""a an the is are be been being of to for and or in on at by with it its this that there their
them they what which who whom how when where whether do does did has have had was were will would can
could should any each every other another than as from into out up so not no yes shared service
services council councils partner partners proposal""".split())


def _stem(word):
    word = word.lower()
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def _words(text):
    import re

    return {_stem(w) for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in _STOP and len(w) > 2}


def _field_tests(cond):
    from . import conditions

    for node in conditions.walk(cond):
        if isinstance(node, conditions.Test):
            if node.subject == "proposal":
                yield node.field
            elif node.subject == "partner":
                yield "partner." + ("systems" if node.field.startswith("systems.") else node.field)


def undeclared_links(kb):
    """Warnings for a proposal field and a checklist item that look like one fact asked twice, with
    no `answered_by` link (and no `not_answered_by` entry saying why not).

    Two signals, because neither is enough alone: the words (the field's label and question against
    the item's question and id, each word weighted by how rare it is among items, so "business case"
    counts for little), and the sources (a rule that tests the field quotes the paragraph the item
    quotes). A pair is reported when the last parts of their ids are the same, when the words
    overlap strongly (two words or more, at least 0.8 of the field's weight), or when they overlap
    (0.4, or two words and 0.3) and quote one paragraph."""
    import math

    from . import labels
    from .schema import PARTNER, SECTIONS

    fields = [f"{s}.{k}" for s, keys in SECTIONS.items() for k in keys]
    fields += [f"partner.{k}" for k in PARTNER if k not in ("name", "systems")]
    item_words = {i: _words(it.question + " " + i.split(".", 1)[1].replace("_", " ")) for i, it in kb.items.items()}
    n = len(item_words)
    rarity = {}
    for ws in item_words.values():
        for w in ws:
            rarity[w] = rarity.get(w, 0) + 1
    cited_by_field = {}
    for r in kb.rules.values():
        for cond in [r.when] + [m.when for m in r.mitigations]:
            for f in _field_tests(cond):
                cited_by_field.setdefault(f, []).extend(r.citations)

    def same_source(f, item):
        """A rule testing f and the item quote one paragraph, or overlapping words of one paper."""
        return any(a.source == b.source and (a.section == b.section or normalise(a.quote) in normalise(b.quote)
                                             or normalise(b.quote) in normalise(a.quote))
                   for a in cited_by_field.get(f, ()) for b in item.citations)
    out = []
    for f in fields:
        e = labels.entry(f)
        fw = _words(f"{e.get('label', '')} {e.get('question', '')} {f.rsplit('.', 1)[1].replace('_', ' ')}")
        weight = {w: math.log((n + 1) / (1 + rarity.get(w, 0))) for w in fw}
        total = sum(weight.values()) or 1.0
        for i, item in kb.items.items():
            declared = set()
            for _, cond in item.answered_by:
                declared.update(_field_tests(cond))
            if item.applies_when is not None:
                declared.update(_field_tests(item.applies_when))
            if f in declared or f in {x for x, _ in item.not_answered_by}:
                continue
            common = fw & item_words[i]
            score = sum(weight[w] for w in common) / total
            if f.rsplit(".", 1)[1] == i.rsplit(".", 1)[1] or (score >= 0.8 and len(common) >= 2) or (
                    (score >= 0.4 or (score >= 0.3 and len(common) >= 2)) and same_source(f, item)):
                out.append(Anomaly("warning", f"{item.file}:{item.line}",
                                   f"field {f} and checklist item {i} may ask the same fact; declare "
                                   f"answered_by on the item, or not_answered_by with the reason"))
    return out


def check_links(kb):
    """not_answered_by names real fields; answered_by conditions are checked when loading."""
    from .schema import PARTNER, SECTIONS

    known = {f"{s}.{k}" for s, keys in SECTIONS.items() for k in keys} | {f"partner.{k}" for k in PARTNER}
    return [Problem(item.file, item.line, f"{item.id}.not_answered_by", f"unknown field '{f}'")
            for item in kb.items.values() for f, _ in item.not_answered_by if f not in known]


# ---------------------------------------------------------------- statistics

# A paragraph number at the start of a line, after bullets and blanks on that same line only. The
# prefix cannot cross a newline, so each line start is tried against its own line and the scan
# is linear; with \s (which matches newlines) it ran on across lines, and 40,000 lines of "-"
# took 20 s (quadratic; issue 9). tests/test_inputs.py checks the prefix stays on its line.
NUMBERED_PARAGRAPH = re.compile(r"^(?:[^\S\n]|[-•*])*(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+\S", re.M)


def stats(kb):
    """Counts per family and per source, and the share of each source's numbered paragraphs cited."""
    from collections import Counter

    families = Counter(r.family for r in kb.rules.values() if r.is_lesson)
    sections = Counter(i.section for i in kb.items.values())
    per_source = Counter(c.source for c in all_citations(kb))
    coverage = {}
    for sid, src in kb.sources.items():
        paras = {m.group(1).rstrip(".") for m in NUMBERED_PARAGRAPH.finditer(src.text())}
        paras = {p for p in paras if "." in p or int(p) <= 60}
        cited = set()
        for c in all_citations(kb):
            if c.source == sid:
                for num in re.findall(r"(\d{1,2}(?:\.\d{1,2}){0,2})", c.section):
                    cited.add(num)
        hit = {p for p in paras if p in cited or any(c.startswith(p + ".") for c in cited)}
        coverage[sid] = (len(hit), len(paras))
    return {"families": dict(sorted(families.items())), "sections": dict(sections),
            "sources": dict(per_source), "coverage": coverage,
            "rules": sum(families.values()), "derivations": sum(1 for r in kb.rules.values() if not r.is_lesson),
            "items": len(kb.items), "criteria": len(kb.suitability), "models": len(kb.models)}


# ---------------------------------------------------------------- anomalies (issue: kb quality)

@dataclass
class Anomaly:
    level: str  # error or warning
    where: str
    message: str

    def __str__(self):
        return f"{self.level}: {self.where}: {self.message}"


def evidence(kb, generated=300, seed=2011):
    """Proposals to look for anomalies in: every rule's own test cases plus generated ones."""
    from .samples import proposals

    out = []
    for rule in kb.rules.values():
        for name, (case, line) in rule.tests.items():
            try:
                out.append(schema.validate(_CaseDoc(case, rule.file, line), set(kb.items)))
            except InputError:
                pass  # reported by check_rule_tests
    out.extend(proposals(seed, generated, kb.items))
    return out


# Inputs no condition tests but that still matter: they label reports.
DISPLAY_ONLY = {("partner", "name"), ("proposal", "service.name")}


def anomalies(kb, samples=None):
    """Duplicate or subsumed rules, rules and mitigations that never fire, unused facts."""
    from . import conditions
    from .schema import catalogue

    program, engine = compiled(kb)
    out = []
    lessons = [r for r in kb.rules.values() if r.is_lesson]
    seen = {}
    for r in lessons:
        if r.when in seen:
            out.append(Anomaly("error", r.file, f"same condition as {seen[r.when].id}: keep one rule "
                                                "and merge their antidotes and citations"))
        else:
            seen[r.when] = r
    # Which unit fired for which evidence proposal.
    samples = samples if samples is not None else evidence(kb)
    fired = {}
    for n, p in enumerate(samples):
        for unit in engine.run(_facts(kb, p)).fired:
            fired.setdefault(unit, set()).add(n)
    for name, unit in program.units.items():
        if not any(r.unit == name for st in program.strata for sh in st for r in sh.rules.values()):
            out.append(Anomaly("error", name, "the condition can never hold (it contradicts itself)"))
    for a in lessons:
        fa = fired.get(rule_unit(a.id), set())
        for b in lessons:
            fb = fired.get(rule_unit(b.id), set())
            if a.id >= b.id or a.when == b.when or len(fb) < 3 or len(fa) < 3:
                continue
            if fa == fb:
                out.append(Anomaly("warning", b.file, f"fires exactly where {a.id} fires ({len(fa)} of "
                                                      f"{len(samples)} sample proposals): likely a duplicate"))
    for a in lessons:
        fa = fired.get(rule_unit(a.id), set())
        for b in lessons:
            fb = fired.get(rule_unit(b.id), set())
            if a is b or len(fb) < 3 or fa == fb or not fb < fa or a.family == b.family:
                continue
            out.append(Anomaly("warning", b.file, f"fires only where {a.id} also fires ({len(fb)} of "
                                                  f"{len(fa)}): subsumed; check the two do not repeat one lesson"))
    for r in kb.rules.values():
        for i, m in enumerate(r.mitigations):
            if mitigation_unit(r.id, i) not in fired:
                out.append(Anomaly("warning", r.file, f"mitigation {i + 1} never applied in "
                                                      f"{len(samples)} sample proposals"))
    used = {}
    for owner in list(kb.rules.values()) + list(kb.items.values()):
        conds = [getattr(owner, "applies_when", None), getattr(owner, "when", None)]
        conds += [m.when for m in getattr(owner, "mitigations", [])]
        for cond in conds:
            if cond is None:
                continue
            for node in conditions.walk(cond):
                if isinstance(node, conditions.Test):
                    used.setdefault(node.subject, set()).add(node.field)
    cat = catalogue()
    for subject, name in DISPLAY_ONLY:
        used.setdefault(subject, set()).add(name)
    for (subject, name), derived_fields in facts_mod.FEEDS.items():
        if any(f in used.get(s, set()) for s, f in derived_fields):
            used.setdefault(subject, set()).add(name)
    for c in kb.suitability.values():
        for node in conditions.walk(c.when):
            if isinstance(node, conditions.Test):
                used.setdefault(node.subject, set()).add(node.field)
    for subject in ("proposal", "partner", "pair"):
        unused = sorted(set(cat[subject]) - used.get(subject, set()))
        unused = [f for f in unused if not f.startswith(("systems.", "same_system."))] + (
            [] if any(f.startswith(("systems.", "same_system.")) for f in used.get(subject, set()))
            or subject == "proposal" else [f"{'systems' if subject == 'partner' else 'same_system'}.*"])
        for f in unused:
            derived = subject == "pair" or f.startswith("partners.")
            out.append(Anomaly("warning", f"{subject} field {f}",
                               "advisor derives it but no rule tests it" if derived else
                               "no rule and no checklist item tests it; the question gathers nothing"))
    derived = {f for r in kb.rules.values() for f in r.derives}
    tested = set()
    for owner in list(kb.rules.values()) + list(kb.items.values()):
        for cond in [getattr(owner, "applies_when", None), getattr(owner, "when", None)]:
            if cond is not None:
                tested |= conditions.flags_used(cond)
    for f in sorted(derived - tested):
        out.append(Anomaly("warning", f"flag {f}", "derived but never tested"))
    out += undeclared_links(kb)
    out += overlapping_links(kb, samples)
    return out


def overlapping_links(kb, samples):
    """Warnings for an item whose answered_by conditions hold together on a sample proposal: the
    more cautious status is used, but two statuses at once is usually a condition written too wide."""
    from . import conditions

    out = []
    for item in kb.items.values():
        if len(item.answered_by) < 2:
            continue
        for p in samples:
            fs = facts_mod.build(p, CASE_DATE)
            held = [status for status, cond in item.answered_by if conditions.evaluate(cond, fs, ())]
            if len(held) > 1:
                out.append(Anomaly("warning", f"{item.file}:{item.line}",
                                   f"answered_by: {' and '.join(held)} both hold for one sample proposal; "
                                   f"{held[0]} is used, but the conditions should not overlap"))
                break
    return out
