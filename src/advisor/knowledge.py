"""Load a knowledge base folder into typed objects, checking structure as it goes.

Structural problems (a missing key, a wrong type, an unknown field in a condition, a dangling
reference) stop loading with file, line and key. The deeper checks of `advisor kb check` (quotes in
sources, cycles, every rule's tests) live in kbcheck.py.
"""

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import conditions, yamlio
from .errors import InputError, InputErrors
from .schema import SECTIONS, did_you_mean

SEVERITIES = ("info", "low", "medium", "high", "critical")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
ENV_VAR = "ADVISOR_KB"
SOURCE_LIMIT = 20 * 1024 * 1024  # a source paper's text; the five bundled ones total under 1 MB


@dataclass(frozen=True)
class Citation:
    source: str
    section: str
    quote: str
    file: str = ""
    line: int = 0


@dataclass
class Source:
    id: str
    title: str
    council: str
    date: str
    file: str
    path: Path

    def text(self):
        """The paper's text. Read like any input: a regular file, bounded, UTF-8 or a clear error."""
        raw = yamlio.read_bytes(self.path, f"knowledge/{self.file}", limit=SOURCE_LIMIT)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte {exc.start}); save the source as UTF-8",
                             f"knowledge/{self.file}") from None


@dataclass
class Section:
    id: str
    title: str
    source: str


@dataclass
class Prerequisite:
    item: str
    reason: str


@dataclass
class Item:
    id: str
    section: str
    question: str
    help: str
    answer_type: str
    severity: str
    prerequisites: list
    applies_when: object  # a condition tree, or None
    citations: list
    file: str
    line: int
    action: str = ""  # the item as an imperative sentence, for "what to do first" (kb check requires it)
    # The proposal fields that answer this item (links.py): ((status, condition), ...) in the order
    # they are tried, the most cautious first; empty when no field answers it.
    answered_by: tuple = ()
    # Fields that look like this item but do not answer it, each with the reason (kb check).
    not_answered_by: tuple = ()  # ((field, reason), ...)


# The statuses a field can give an item, in the order they are tried: a field that says both
# "missing" and "present" (overlapping conditions) gives the more cautious one.
LINK_STATUSES = ("not_applicable", "missing", "partial", "present")


@dataclass(frozen=True)
class Judgement:
    """A claim that is the knowledge base's own judgement, not a paper's: reports show it as
    advisor's judgement, with its reason. `field` names the condition field whose threshold it is."""

    text: str
    reason: str
    field: str = ""
    file: str = ""
    line: int = 0


# An antidote's stance on timing, extent or detail; two rules whose antidotes take opposite stances
# pull a reader both ways, so kb check asks for a declared tension between them (knowledge/tensions.yaml).
STANCES = {"sooner": "later", "later": "sooner", "more_detail": "less_detail", "less_detail": "more_detail",
           "proceed": "hold_back", "hold_back": "proceed", "faster": "slower", "slower": "faster",
           "widen_scope": "narrow_scope", "narrow_scope": "widen_scope", "together": "apart",
           "apart": "together"}


@dataclass
class Antidote:
    action: str
    items: list
    stance: str = ""


@dataclass
class Mitigation:
    when: object
    text: str
    severity: str


@dataclass
class Rule:
    id: str
    family: str
    title: str
    severity: str
    when: object
    poison: str
    antidotes: list
    mitigations: list
    derives: list
    citations: list
    tests: dict  # case name -> (raw proposal, line)
    file: str
    line: int
    judgements: list = field(default_factory=list)

    @property
    def is_lesson(self):
        return bool(self.poison)


@dataclass
class Criterion:
    """A row of the DCLG suitability table: when it holds, it argues for `verdict`."""

    id: str
    verdict: str  # public_partner, private_partner or not_suitable
    text: str
    when: object
    citations: list
    file: str
    line: int
    judgements: list = field(default_factory=list)


@dataclass
class Side:
    rule: str
    advice: str
    citations: list


@dataclass
class Tension:
    """Two (or more) lessons whose advice pulls opposite ways, and how to reconcile them."""

    id: str
    title: str
    sides: list  # of Side
    reconcile: str
    file: str
    line: int


VERDICTS = ("public_partner", "private_partner", "not_suitable")


@dataclass
class KnowledgeBase:
    root: Path
    sources: dict
    sections: dict
    items: dict
    rules: dict
    models: dict
    suitability: dict
    digest: str
    files: list = field(default_factory=list)
    tensions: dict = field(default_factory=dict)

    def identity(self):
        """What a report says it was made with. `rules` counts lessons, as `kb stats` does; the
        derivations that only compute facts for them are counted apart."""
        lessons = sum(1 for r in self.rules.values() if r.is_lesson)
        return {"digest": self.digest[:16], "rules": lessons, "derivations": len(self.rules) - lessons,
                "items": len(self.items)}


def locate(kb_dir=None):
    """The knowledge base folder: --kb, then $ADVISOR_KB, then the one bundled with advisor."""
    chosen = kb_dir or os.environ.get(ENV_VAR)
    if chosen:
        root = Path(chosen)
        where = "--kb" if kb_dir else ENV_VAR
        if not (root / "knowledge").is_dir() or not (root / "rules").is_dir():
            raise InputError(f"{where} {chosen}: expected a folder holding knowledge/ and rules/")
        return root
    here = Path(__file__).resolve().parent
    for root in (here / "_kb", here.parent.parent):  # installed wheel, then a source checkout
        if (root / "knowledge").is_dir() and (root / "rules").is_dir():
            return root
    raise InputError("cannot find the bundled knowledge base; pass --kb DIR")


def load(kb_dir=None):
    root = locate(kb_dir)
    fingerprint = _fingerprint(root)
    if fingerprint is not None:
        from . import cache

        kb = cache.get("kb", fingerprint)
        # Source texts are not part of the digest (quotes are checked by kb check): re-check here
        # the one thing loading checks about them, that each exists.
        if kb is not None and all(s.path.is_file() for s in kb.sources.values()):
            return kb
    kb = _Loader(root).run()
    if fingerprint is not None and fingerprint.endswith("\0" + kb.digest):
        cache.put("kb", fingerprint, kb)
    return kb


def _fingerprint(root):
    """What loading `root` depends on: where it is and the digest _Loader.run() will compute, from
    the same files in the same order, without parsing them. None when a file cannot be read."""
    kdir = root / "knowledge"
    paths = [kdir / "sources.yaml", kdir / "sections.yaml", *sorted((kdir / "checklist").glob("*.yaml")),
             *sorted((root / "rules").glob("*/*.yaml"))]
    paths += [p for p in (kdir / "models.yaml", kdir / "suitability.yaml", kdir / "tensions.yaml") if p.exists()]
    digest = hashlib.sha256()
    try:
        for path in paths:
            rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
            digest.update(rel.encode() + b"\0" + yamlio.read_bytes(path, rel, within=root) + b"\0")
        where = f"{root}\0{root.resolve()}"
    except (OSError, InputError):  # the real load reports it
        return None
    return f"{where}\0{digest.hexdigest()}"


class _Loader:
    def __init__(self, root):
        self.root = root
        self.errors = []
        self.digest = hashlib.sha256()
        self.files = []

    def doc(self, path):
        rel = str(path.relative_to(self.root)) if path.is_relative_to(self.root) else str(path)
        raw = yamlio.read_bytes(path, rel, within=self.root)  # a regular file, bounded, inside the kb
        self.digest.update(rel.encode() + b"\0" + raw + b"\0")
        self.files.append(rel)
        return yamlio.load_text(raw, rel)

    def error(self, doc, path, message):
        self.errors.append(doc.error(path, message))

    def run(self):
        kdir = self.root / "knowledge"
        try:
            sources = self.sources(kdir / "sources.yaml")
            sections = self.sections(kdir / "sections.yaml")
            items = {}
            for path in sorted((kdir / "checklist").glob("*.yaml")):
                self.items(path, items, sections)
            rules = {}
            for path in sorted((self.root / "rules").glob("*/*.yaml")):
                self.rule(path, rules)
            models_path = kdir / "models.yaml"
            models = self.models(models_path) if models_path.exists() else {}
            suit_path = kdir / "suitability.yaml"
            suitability = self.suitability(suit_path) if suit_path.exists() else {}
            tension_path = kdir / "tensions.yaml"
            tensions = self.tensions(tension_path) if tension_path.exists() else {}
        except InputError as exc:
            raise InputErrors(self.errors + [exc]) from None
        self.references(sources, items, rules)
        for t in tensions.values():
            for side in t.sides:
                if side.rule not in rules:
                    self.errors.append(InputError(f"tension side '{side.rule}' is not a rule"
                                                  f"{did_you_mean(side.rule, rules)}", t.file, t.line, f"{t.id}.sides"))
        if self.errors:
            raise InputErrors(self.errors)
        return KnowledgeBase(self.root, sources, sections, items, rules, models, suitability,
                             self.digest.hexdigest(), self.files, tensions)

    # -- pieces ---------------------------------------------------------------------------------

    def list_of_mappings(self, doc):
        if doc.data is None:
            return []
        if not isinstance(doc.data, list) or not all(isinstance(x, dict) for x in doc.data):
            raise doc.error((), "expected a list of mappings")
        return doc.data

    def fields(self, doc, path, data, required, optional=()):
        """Check keys; return True when all required keys are present."""
        problems = doc.check_keys(path, data, required, optional)
        self.errors.extend(problems)
        return not any(p.message.startswith("missing required") for p in problems)

    def text(self, doc, path, value):
        if not isinstance(value, str):
            self.error(doc, path, "expected text")
            return ""
        return " ".join(value.split()) if "\n" in value else value

    def severity(self, doc, path, value):
        if value not in SEVERITIES:
            self.error(doc, path, f"severity must be one of {', '.join(SEVERITIES)}"
                                  f"{did_you_mean(value, SEVERITIES)}")
            return "medium"
        return value

    def condition(self, doc, path, raw):
        try:
            return conditions.parse(raw)
        except conditions.ConditionError as exc:
            self.error(doc, path + exc.path, exc.message)
            return None

    def judgements(self, doc, path, raw):
        """`judgements: [{text, reason, field?}]`: the claims of a rule or criterion that are the
        knowledge base's own."""
        out = []
        if raw is None:
            return out
        if not isinstance(raw, list):
            self.error(doc, path, "expected a list of judgements, each {text, reason}")
            return out
        for i, j in enumerate(raw):
            here = path + (i,)
            if not isinstance(j, dict):
                self.error(doc, here, "a judgement is {text: the claim, reason: why advisor makes it}")
                continue
            if self.fields(doc, here, j, ("text", "reason"), ("field",)):
                fld = str(j.get("field") or "")
                if fld and not any(fld in names for names in conditions.CATALOGUE.values()):
                    self.error(doc, here + ("field",), f"unknown field '{fld}'")
                out.append(Judgement(self.text(doc, here + ("text",), j["text"]),
                                     self.text(doc, here + ("reason",), j["reason"]), fld, doc.name, doc.line(here)))
        return out

    def citations(self, doc, path, raw):
        out = []
        if not isinstance(raw, list) or not raw:
            self.error(doc, path, "expected a non-empty list of citations")
            return out
        for i, c in enumerate(raw):
            here = path + (i,)
            if not isinstance(c, dict):
                self.error(doc, here, "a citation is a mapping of source, section and quote")
                continue
            if self.fields(doc, here, c, ("source", "section", "quote")):
                out.append(Citation(str(c["source"]), str(c["section"]), self.text(doc, here + ("quote",),
                                    c["quote"]), doc.name, doc.line(here)))
        return out

    def sources(self, path):
        doc = self.doc(path)
        out = {}
        for i, s in enumerate(self.list_of_mappings(doc)):
            if not self.fields(doc, (i,), s, ("id", "title", "council", "date", "file")):
                continue
            file = self.root / "knowledge" / str(s["file"])
            real, home = os.path.realpath(file), os.path.realpath(self.root)
            if os.path.commonpath([real, home]) != home:
                # kb check would otherwise quote-check against any file on the machine (an oracle)
                self.error(doc, (i, "file"), f"source text {s['file']} is outside the knowledge base folder")
                file = self.root / "knowledge" / "sources" / "(outside the knowledge base)"
            elif not file.is_file():
                self.error(doc, (i, "file"), f"source text {s['file']} not found")
            out[s["id"]] = Source(s["id"], s["title"], s["council"], str(s["date"]), str(s["file"]), file)
        return out

    def sections(self, path):
        doc = self.doc(path)
        out = {}
        for i, s in enumerate(self.list_of_mappings(doc)):
            if self.fields(doc, (i,), s, ("id", "title"), ("source",)):
                if s["id"] in out:
                    self.error(doc, (i, "id"), f"duplicate section id {s['id']}")
                out[s["id"]] = Section(s["id"], s["title"], str(s.get("source", "")))
        return out

    def items(self, path, items, sections):
        doc = self.doc(path)
        for i, raw in enumerate(self.list_of_mappings(doc)):
            here = (i,)
            if not self.fields(doc, here, raw, ("id", "section", "question", "severity", "citations"),
                               ("help", "answer_type", "prerequisites", "applies_when", "action",
                                "answered_by", "not_answered_by")):
                continue
            item_id = str(raw["id"])
            if item_id in items:
                self.error(doc, here + ("id",), f"duplicate checklist item id {item_id} "
                                                f"(also in {items[item_id].file}:{items[item_id].line})")
                continue
            if raw["section"] not in sections:
                self.error(doc, here + ("section",), f"unknown section{did_you_mean(raw['section'], sections)}")
            if not item_id.startswith(f"{raw['section']}."):
                self.error(doc, here + ("id",), f"item ids start with their section: {raw['section']}.…")
            if raw.get("answer_type", "status") != "status":
                self.error(doc, here + ("answer_type",), "answer_type must be status")
            prereqs = []
            for j, p in enumerate(raw.get("prerequisites") or []):
                ph = here + ("prerequisites", j)
                if isinstance(p, dict) and self.fields(doc, ph, p, ("item", "reason")):
                    prereqs.append(Prerequisite(str(p["item"]), self.text(doc, ph + ("reason",), p["reason"])))
                elif not isinstance(p, dict):
                    self.error(doc, ph, "a prerequisite is {item: ID, reason: why}")
            applies = None
            if raw.get("applies_when") is not None:
                applies = self.condition(doc, here + ("applies_when",), raw["applies_when"])
            items[item_id] = Item(item_id, raw["section"], self.text(doc, here + ("question",), raw["question"]),
                                  self.text(doc, here + ("help",), raw.get("help") or ""),
                                  "status", self.severity(doc, here + ("severity",), raw["severity"]),
                                  prereqs, applies, self.citations(doc, here + ("citations",), raw["citations"]),
                                  doc.name, doc.line(here),
                                  action=self.text(doc, here + ("action",), raw.get("action") or ""),
                                  answered_by=self.answered_by(doc, here, raw),
                                  not_answered_by=self.not_answered_by(doc, here, raw))

    def answered_by(self, doc, here, raw):
        """`answered_by: {present: COND, missing: COND, ...}`: field conditions, never answers or flags
        (an item's status must not depend on another item's, nor on the rules)."""
        spec = raw.get("answered_by")
        if spec is None:
            return ()
        here = here + ("answered_by",)
        if not isinstance(spec, dict) or not spec:
            self.error(doc, here, f"expected a mapping from status ({', '.join(LINK_STATUSES)}) to a "
                                  "condition on proposal fields")
            return ()
        out = []
        for status in spec:
            if status not in LINK_STATUSES:
                self.error(doc, here + (status,), f"unknown status{did_you_mean(status, LINK_STATUSES)}; "
                                                  f"use {', '.join(LINK_STATUSES)}")
        for status in LINK_STATUSES:
            if status not in spec:
                continue
            cond = self.condition(doc, here + (status,), spec[status])
            if cond is None:
                continue
            if any(isinstance(n, (conditions.Answer, conditions.Flag)) for n in conditions.walk(cond)):
                self.error(doc, here + (status,), "answered_by tests proposal, partner and pair fields "
                                                  "only, never an answer or a derived flag")
                continue
            out.append((status, cond))
        return tuple(out)

    def not_answered_by(self, doc, here, raw):
        """`not_answered_by: [{field: ID, reason: why}]`: kb check's curated list of look-alikes."""
        spec = raw.get("not_answered_by")
        if spec is None:
            return ()
        out = []
        for j, entry in enumerate(spec if isinstance(spec, list) else [None]):
            ph = here + ("not_answered_by", j)
            if not isinstance(entry, dict):
                self.error(doc, ph, "expected {field: ID, reason: why}")
            elif self.fields(doc, ph, entry, ("field", "reason")):
                out.append((str(entry["field"]), self.text(doc, ph + ("reason",), entry["reason"])))
        return tuple(out)

    def rule(self, path, rules):
        doc = self.doc(path)
        raw = doc.data
        if not isinstance(raw, dict):
            self.error(doc, (), "a rule file is a mapping")
            return
        family = path.parent.name
        lesson = raw.get("poison") is not None
        required = ("id", "title", "when") + (("severity", "poison", "antidotes", "citations", "tests")
                                              if lesson else ("derives",))
        optional = ("severity", "poison", "antidotes", "mitigations", "derives", "citations", "tests", "judgements")
        if not self.fields(doc, (), raw, required, optional):
            return
        rule_id = str(raw["id"])
        if rule_id != path.stem:
            self.error(doc, ("id",), f"the id must match the file name ({path.stem})")
        if not rule_id.startswith(f"{family}."):
            self.error(doc, ("id",), f"the id must start with its family folder: {family}.…")
        if rule_id in rules:
            self.error(doc, ("id",), f"duplicate rule id {rule_id}")
            return
        when = self.condition(doc, ("when",), raw["when"])
        antidotes = []
        for i, a in enumerate(raw.get("antidotes") or []):
            here = ("antidotes", i)
            if isinstance(a, dict) and self.fields(doc, here, a, ("action",), ("items", "stance")):
                items = a.get("items") or []
                if not isinstance(items, list):
                    self.error(doc, here + ("items",), "expected a list of checklist item ids")
                    items = []
                stance = str(a.get("stance") or "")
                if stance and stance not in STANCES:
                    self.error(doc, here + ("stance",), f"stance must be one of {', '.join(STANCES)}"
                                                        f"{did_you_mean(stance, STANCES)}")
                antidotes.append(Antidote(self.text(doc, here + ("action",), a["action"]),
                                          [str(x) for x in items], stance))
            elif not isinstance(a, dict):
                self.error(doc, here, "an antidote is {action: text, items: [ids]}")
        mitigations = []
        for i, m in enumerate(raw.get("mitigations") or []):
            here = ("mitigations", i)
            if isinstance(m, dict) and self.fields(doc, here, m, ("when", "text"), ("severity",)):
                mitigations.append(Mitigation(self.condition(doc, here + ("when",), m["when"]),
                                              self.text(doc, here + ("text",), m["text"]),
                                              self.severity(doc, here + ("severity",), m.get("severity", "info"))))
        derives = raw.get("derives") or []
        if isinstance(derives, str):
            derives = [derives]
        tests = {}
        raw_tests = raw.get("tests") or {}
        if not isinstance(raw_tests, dict):
            self.error(doc, ("tests",), "tests is a mapping of case names to proposals")
            raw_tests = {}
        for name, case in raw_tests.items():
            if not str(name).startswith(("test_fail_", "test_pass_", "test_mitigated_")):
                self.error(doc, ("tests", name), "case names start with test_fail_, test_pass_ or test_mitigated_")
            tests[str(name)] = (case if case is not None else {}, doc.line(("tests", name)))
        citations = self.citations(doc, ("citations",), raw["citations"]) if raw.get("citations") else []
        rules[rule_id] = Rule(
            rule_id, family, self.text(doc, ("title",), raw["title"]),
            self.severity(doc, ("severity",), raw.get("severity", "info")), when,
            self.text(doc, ("poison",), raw["poison"]) if lesson else "", antidotes, mitigations,
            [str(d) for d in derives], citations, tests, doc.name, 1,
            self.judgements(doc, ("judgements",), raw.get("judgements")))

    def models(self, path):
        doc = self.doc(path)
        out = {}
        for i, m in enumerate(self.list_of_mappings(doc)):
            if "id" not in m:
                self.error(doc, (i,), "missing required key 'id'")
                continue
            if m["id"] not in SECTIONS["arrangement"]["model"].values:
                self.error(doc, (i, "id"), f"unknown model{did_you_mean(m['id'], SECTIONS['arrangement']['model'].values)}")
            out[m["id"]] = m
        return out

    def suitability(self, path):
        doc = self.doc(path)
        out = {}
        for i, c in enumerate(self.list_of_mappings(doc)):
            if not self.fields(doc, (i,), c, ("id", "verdict", "text", "when", "citations"), ("judgements",)):
                continue
            if c["verdict"] not in VERDICTS:
                self.error(doc, (i, "verdict"), f"verdict must be one of {', '.join(VERDICTS)}"
                                                f"{did_you_mean(c['verdict'], VERDICTS)}")
            if c["id"] in out:
                self.error(doc, (i, "id"), f"duplicate criterion id {c['id']}")
            out[c["id"]] = Criterion(str(c["id"]), c["verdict"], self.text(doc, (i, "text"), c["text"]),
                                     self.condition(doc, (i, "when"), c["when"]),
                                     self.citations(doc, (i, "citations"), c["citations"]), doc.name, doc.line((i,)),
                                     self.judgements(doc, (i, "judgements"), c.get("judgements")))
        return out

    def tensions(self, path):
        doc = self.doc(path)
        out = {}
        for i, t in enumerate(self.list_of_mappings(doc)):
            if not self.fields(doc, (i,), t, ("id", "title", "sides", "reconcile")):
                continue
            if t["id"] in out:
                self.error(doc, (i, "id"), f"duplicate tension id {t['id']}")
            sides = []
            raw_sides = t["sides"] if isinstance(t["sides"], list) else []
            if len(raw_sides) < 2:
                self.error(doc, (i, "sides"), "a tension has at least two sides")
            for j, side in enumerate(raw_sides):
                here = (i, "sides", j)
                if isinstance(side, dict) and self.fields(doc, here, side, ("rule", "advice", "citations")):
                    sides.append(Side(str(side["rule"]), self.text(doc, here + ("advice",), side["advice"]),
                                      self.citations(doc, here + ("citations",), side["citations"])))
                elif not isinstance(side, dict):
                    self.error(doc, here, "a side is {rule, advice, citations}")
            out[str(t["id"])] = Tension(str(t["id"]), self.text(doc, (i, "title"), t["title"]), sides,
                                        self.text(doc, (i, "reconcile"), t["reconcile"]), doc.name, doc.line((i,)))
        return out

    def references(self, sources, items, rules):
        """References that later stages rely on: sources, prerequisite and antidote items."""
        def check_citations(owner_file, cites):
            for c in cites:
                if c.source not in sources:
                    self.errors.append(InputError(f"unknown source '{c.source}'{did_you_mean(c.source, sources)}",
                                                  c.file, c.line, "citations"))
        for item in items.values():
            check_citations(item.file, item.citations)
            for p in item.prerequisites:
                if p.item not in items:
                    self.errors.append(InputError(f"prerequisite '{p.item}' is not a checklist item"
                                                  f"{did_you_mean(p.item, items)}", item.file, item.line,
                                                  f"{item.id}.prerequisites"))
        for rule in rules.values():
            check_citations(rule.file, rule.citations)
            for a in rule.antidotes:
                for ref in a.items:
                    if ref not in items:
                        self.errors.append(InputError(f"antidote item '{ref}' is not a checklist item"
                                                      f"{did_you_mean(ref, items)}", rule.file, None, "antidotes"))
        for owner in list(items.values()) + list(rules.values()):
            conds = [owner.applies_when] if isinstance(owner, Item) else [owner.when] + [m.when for m in owner.mitigations]
            for cond in conds:
                for ref in conditions.answer_items(cond) if cond is not None else ():
                    if ref not in items:
                        self.errors.append(InputError(f"condition asks about '{ref}', which is not a checklist item"
                                                      f"{did_you_mean(ref, items)}", owner.file, owner.line, "answer"))


def judgements_of(kb, rule):
    """A rule's own judgements and those of the derivations whose flags its condition tests (the
    six months of timing.close_to_start travel with every finding that relies on it)."""
    producers = {}
    for r in kb.rules.values():
        for f in r.derives:
            producers.setdefault(f, []).append(r)
    out, seen, todo = [], set(), [rule]
    while todo:
        r = todo.pop(0)
        if r.id in seen:
            continue
        seen.add(r.id)
        out += [j for j in r.judgements if j not in out]
        for cond in [r.when] + [m.when for m in r.mitigations]:
            for f in sorted(conditions.flags_used(cond) if cond is not None else ()):
                todo += producers.get(f, [])
    return out


def tensions_between(kb, fired):
    """The declared tensions all of whose sides are among the `fired` rule ids, in file order."""
    return [t for t in kb.tensions.values() if all(s.rule in fired for s in t.sides)]
