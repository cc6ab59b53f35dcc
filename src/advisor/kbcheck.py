"""`advisor kb check`: everything that must hold before a knowledge base gives advice."""

from dataclasses import dataclass

from . import facts as facts_mod
from . import graph as graph_mod
from . import schema, yamlio
from .compiler import CompileError
from .errors import InputError, InputErrors
from .knowledge import Citation
from .program import compiled, mitigation_unit, rule_unit


@dataclass
class Problem:
    file: str
    line: int
    key: str
    message: str

    def __str__(self):
        where = f"{self.file}:{self.line}: " if self.line else (f"{self.file}: " if self.file else "")
        return f"{where}{self.key + ': ' if self.key else ''}{self.message}"


def normalise(text):
    return " ".join(text.split())


def check(kb):
    """Every problem found, as a list of Problem. An empty list means the check passes."""
    problems = []
    problems += check_quotes(kb)
    problems += check_graph(kb)
    try:
        program, engine = compiled(kb)
    except CompileError as exc:
        return problems + [Problem("rules/", 0, "", str(exc.message))]
    problems += check_flags(kb)
    problems += check_rule_tests(kb, program, engine)
    return problems


def all_citations(kb):
    for item in kb.items.values():
        yield from item.citations
    for rule in kb.rules.values():
        yield from rule.citations
    for model in kb.models.values():
        yield from _model_citations(model, "knowledge/models.yaml")


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


def run_case(kb, engine, rule, name, case, line, item_ids=None):
    """None when the case behaves as its name says, else a Problem."""
    try:
        proposal = schema.validate(_CaseDoc(case, rule.file, line), item_ids if item_ids is not None else set(kb.items))
    except InputError as exc:
        first = exc.errors[0] if isinstance(exc, InputErrors) else exc
        return Problem(rule.file, line, f"tests.{name}", f"not a valid proposal: {first.key}: {first.message}")
    result = engine.run(facts_mod.build(proposal))
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
