"""The presentation layer: a report as a document, an ordered list of blocks in plain English.

Every human format (text, markdown, html, docx, pdf) and the browser service render these blocks;
none of them walks the report dict or chooses a word of its own. So this module alone decides what
is shown, in what order, in which words (through advisor.labels) and at which --detail level:

    build(report, detail="summary" | "full", only=None) -> Document

Ids never appear in headings or prose: a block carries them in `ref` (a rule or checklist item id
for `advisor explain`), and tables put them in a reference column, which renderers set small and
never break. Colour is never the only signal: a Rating block carries its words.
"""

from dataclasses import dataclass, field

from .. import labels
from ..knowledge import SEVERITIES, SEVERITY_RANK
from ..labels import plural

DETAILS = ("summary", "full")
FIRST_ACTIONS_SHOWN = 5
# the "actions that can start now" section; the summary keeps four beyond the first five so that
# it stays within six A4 pages as the knowledge base grows (issue 12)
ACTIONS_SHOWN = {"summary": 9, "full": None}
UNKNOWNS_SHOWN = 5


# ---------------------------------------------------------------------------------------- blocks

@dataclass
class Heading:
    level: int  # 1: a part of the report (h2); 2: a group (h3); 3: one finding (h4)
    text: str
    ref: str = ""
    # which part of the report a level-1 heading starts ("summary", "poisons", "audit", ...; an
    # audit section: "section-<id>"), so that a renderer can leave parts out or link to them; the
    # browser's advice page leaves out the audit and the answers, which have pages of their own
    part: str = ""


@dataclass
class Para:
    text: str
    lead: str = ""  # a short bold lead-in: "Why:", "Coverage:"
    ref: str = ""
    small: bool = False  # notes and reference lines


@dataclass
class Bullets:
    items: list  # Para
    ordered: bool = False


@dataclass
class Table:
    caption: str
    head: list
    rows: list  # lists of str, one per column
    ref_column: int = -1  # the column holding ids (small, never broken), or -1
    widths: tuple = ()  # relative widths, one per column (docx and pdf)
    # (column, "severity" | "status"): columns whose words are a rating, which the browser shows
    # as a coloured tag next to the same words
    tag_columns: tuple = ()


@dataclass
class Quote:
    text: str
    source: str


@dataclass
class Rating:
    rating: str  # red, amber, green, grey: a class for colour; the words say it too
    words: str
    reason: str


@dataclass
class Callout:
    text: str
    lead: str = ""


@dataclass
class PageBreak:
    """The one-page summary ends here (a page break in docx and pdf)."""


@dataclass
class Document:
    kind: str
    title: str
    subject: str
    blocks: list = field(default_factory=list)
    footer: str = ""
    lang: str = "en-GB"

    def add(self, *blocks):
        self.blocks.extend(b for b in blocks if b is not None)


# ---------------------------------------------------------------------------------------- words

def sentence(text):
    text = (text or "").strip()
    return text if not text or text[-1] in ".!?" else text + "."


def severity(sev):
    return labels.severity_words(sev)


def status(st):
    return labels.status_words(st)


ORDER_SENTENCE = ("Poisons are grouped by how serious they are, most serious first. Within a group they "
                  "come in the order you can act on them: one whose remedy waits for other checklist "
                  "steps comes after those steps.")
REF_SENTENCE = ("The small references are for officers and auditors: `advisor explain REFERENCE` shows "
                "the rule or checklist item, its condition and its sources.")

ANSWER_WORDS = {"yes": "Yes", "no": "No", "partial": "Partly", "na": "Not applicable", "unknown": "Not known",
                "unanswered": "Not answered"}

VEHICLE_WORDS = {"vat_liability": "Creates a VAT liability", "employs_staff": "Employs staff",
                 "contracts_in_own_right": "Can contract in its own right",
                 "non_councils_may_join": "Bodies other than councils may join",
                 "separate_legal_entity": "Is a separate legal body"}


def why_words(w, item_question=None):
    """One "why" entry of a finding in words: 'Risk register: none kept'. Only the facts that made
    the rule fire are in the report (findings._reasons drops the ones that argued the other way)."""
    kind = w.get("kind")
    values = w.get("values") or {}
    if kind == "item" or (kind is None and str(w.get("fact", "")).startswith("checklist item ")):
        item = w.get("ref") or str(w.get("fact", "")).removeprefix("checklist item ")
        answer = ANSWER_WORDS.get(values.get("answer"), status(values.get("answer")))
        question = (item_question or {}).get(item)
        return f"{question} {answer}." if question else f"Checklist answer: {answer}."
    if kind == "flag" or (kind is None and str(w.get("fact", "")).startswith("derived fact ")):
        name = w.get("ref") or str(w.get("fact", "")).removeprefix("derived fact ")
        return sentence(labels.field_label(name) if labels.entry(name) else _flag_words(name))
    if kind == "group" or not values:
        return sentence(w.get("fact", ""))
    parts = []
    for key, value in values.items():
        fid = key if kind in (None, "proposal") else f"{kind}.{key}"
        parts.append(labels.statement(fid, value))
    who = w.get("fact", "")
    text = "; ".join(parts)
    return sentence(text if kind in (None, "proposal") or not who else f"{who}: {text}")


def _flag_words(name):
    return {"systems_divergent": "The partners run different systems for this service"}.get(
        name, name.replace("_", " ").capitalize())


def readiness_reason(rd, findings=()):
    """H10's `reason` when present; else a sentence naming what decided it, by title, never by id."""
    if rd.get("reason"):
        return sentence(rd["reason"])
    triggers = rd.get("triggers") or []
    if rd.get("rating") == "green" or not triggers:
        return ("No critical or high poison is open and no critical or high checklist item is missing, "
                "though items not yet known are not counted.")
    level = severity(rd.get("decided_by") or "").lower()
    finds = [t for t in triggers if t.get("kind") == "finding"]
    items = [t for t in triggers if t.get("kind") == "item"]
    parts = []
    if finds:
        parts.append(plural(len(finds), f"{level} poison") + " still open")
    if items:
        parts.append(plural(len(items), f"{level} checklist item") + " missing")
    first = (finds or items)[0].get("title", "")
    return sentence(f"{' and '.join(parts).capitalize()}, the first being: {first.rstrip('.?')}")


def coverage_text(report):
    cov = report.get("summary", {}).get("coverage") or report.get("coverage")
    if cov and cov.get("text"):
        return sentence(cov["text"])
    totals = report.get("summary", {}).get("audit") or report.get("totals")
    if not totals or not totals.get("applicable"):
        return ""
    known = totals["applicable"] - totals.get("unknown", 0)
    return (f"The proposal settles {known} of the {totals['applicable']} checklist items that apply; "
            f"the other {totals.get('unknown', 0)} are not known, and what is not known is never "
            "counted as done.")


def totals_text(t):
    order = ("present", "partial", "missing", "unknown", "not_applicable", "waived")
    parts = [f"{t[k]} {status(k).lower()}" for k in order if t.get(k)]
    return sentence(f"{plural(t.get('applicable', 0), 'checklist item')} apply: {', '.join(parts)}") \
        if parts else ""


def cite_source(c):
    who = c.get("council") or ""
    paper = c.get("title") or c.get("source", "")
    where = c.get("section", "")
    return ", ".join(x for x in (who, paper, where) if x)


# ---------------------------------------------------------------------------------------- build

def build(report, detail="summary", only=None):
    """The Document for an advice, audit or next report."""
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}")
    kind = report["kind"]
    doc = {"advice": _advice, "audit": _audit, "next": _next}[kind](report, detail, only)
    kb = report.get("knowledge_base") or {}
    doc.footer = (f"Made by advisor from {report['proposal'].get('file') or 'the proposal'}, with knowledge "
                  f"base {kb.get('digest', '')} ({plural(kb.get('rules', 0), 'rule')}, "
                  f"{plural(kb.get('items', 0), 'checklist item')}).")
    return doc


def _questions(report):
    out = {}
    for e in (report.get("audit") or {}).get("items", []) + report.get("items", []):
        out[e["id"]] = e["question"]
    for a in report.get("answers", []):
        out.setdefault(a["id"], a["question"])
    for f in report.get("findings", []):
        for a in f.get("antidotes", []):
            for it in a.get("items", []):
                out.setdefault(it["id"], it["question"])
    return out


TITLES = {"advice": "Advice on {}", "audit": "Checklist audit of {}", "next": "What can be done now on {}"}


def title(kind, name):
    """A report's title for the proposal called `name` (the browser names a saved proposal itself)."""
    return TITLES[kind].format(name)


def _advice(r, detail, _only):
    s = r["summary"]
    doc = Document("advice", title("advice", r["proposal"]["title"]), "Poisons and antidotes for a shared service")
    doc.add(*_summary_page(r, s))
    doc.add(PageBreak())
    doc.add(*_contradictions(r.get("contradictions")))
    doc.add(*_poisons(r, detail))
    doc.add(*_tensions(r.get("tensions")))
    doc.add(*_actions(r.get("next_actions") or [], detail))
    if detail == "full":
        doc.add(*_delivery_model(r.get("delivery_model")))
        doc.add(*_stage_plan(r.get("stage_plan")))
        audit = r.get("audit")
        if audit:
            doc.add(Heading(1, "Checklist audit", part="audit"))
            doc.add(*_audit_body(audit, 2))
        doc.add(*_answers(r.get("answers")))
        doc.add(*_waivers(r.get("waivers")))
    return doc


def _summary_page(r, s):
    out = [Heading(1, "Summary", part="summary")]
    rd = s.get("readiness")
    if rd:
        out.append(Rating(rd["rating"], labels.readiness_words(rd["rating"]), readiness_reason(rd, r["findings"])))
    cov = coverage_text(r)
    if cov:
        out.append(Para(cov, lead="Coverage:"))
    dm = r.get("delivery_model")
    if dm:
        out.append(Para(_verdict_sentence(dm), lead="Delivery model:"))
    top = s.get("top_poisons")
    if top is None:
        from .summary import top_poisons

        top = top_poisons(r.get("findings") or [])
    if top:
        out.append(Heading(2, "The most serious poisons"))
        out.append(_table("The most serious poisons", ["Poison", "How serious"],
                          [[sentence(p["title"]), severity(p["severity"])] for p in top], widths=(9, 2)))
    first = s.get("first_actions")
    if first is None:
        from .summary import first_actions

        first = first_actions(r.get("next_actions") or [])
    if first:
        out.append(Heading(2, f"The {_count_words(len(first))} to take first" if len(first) > 1
                           else "The action to take first"))
        out.append(Bullets([Para(sentence(a["action"])) for a in first[:FIRST_ACTIONS_SHOWN]], ordered=True))
    unknown = _unknowns(r, s)
    if unknown:
        out.append(Heading(2, "Still unknown, and it matters"))
        out.append(Bullets([Para(sentence(u)) for u in unknown]))
    counts = s.get("counts") or {}
    found = [f"{n} {severity(sev).lower()}" for sev, n in counts.items() if n]
    if found:
        mitigated = s.get("mitigated") or 0
        extra = f"; {mitigated} of them lowered by what the proposal already does" if mitigated else ""
        out.append(Para(sentence(f"{plural(s.get('findings', 0), 'poison')} in all ({', '.join(found)}){extra}"),
                        lead="Poisons found:"))
    return out


def _count_words(n):
    return {2: "two actions", 3: "three actions", 4: "four actions", 5: "five actions"}.get(n, f"{n} actions")


def _verdict_sentence(dm):
    if dm.get("sentence"):
        return sentence(dm["sentence"])
    title = dm.get("title") or labels.value_words("arrangement.model", dm.get("model"))
    return sentence(f"{title}. {dm.get('verdict_text') or ''}".strip())


def _unknowns(r, s):
    """H10's summary.readiness.unknown_that_matter when present; else the critical and high items
    of the audit that are not known, most severe first."""
    listed = (s.get("readiness") or {}).get("unknown_that_matter")
    if listed is not None:
        return [u.get("label") or u.get("id") for u in listed[:UNKNOWNS_SHOWN]]
    items = (r.get("audit") or {}).get("items") or []
    unknown = [e for e in items if e["status"] == "unknown" and e["severity"] in ("critical", "high")]
    unknown.sort(key=lambda e: -SEVERITY_RANK[e["severity"]])
    return [e["question"] for e in unknown[:UNKNOWNS_SHOWN]]


def _contradictions(items):
    if not items:
        return []
    out = [Heading(1, "Where the proposal contradicts itself", part="contradictions"),
           Para("These answers disagree with what the proposal says elsewhere; settle each before relying on "
                "this report.")]
    out.append(Bullets([Para(sentence(c.get("text")), ref=_line_ref(c)) for c in items]))
    return out


def _line_ref(c):
    lines = [str(x) for x in (c.get("field_line"), c.get("answer_line")) if x]
    return f"{c.get('item', '')}" + (f", lines {' and '.join(lines)}" if lines else "")


def _groups(findings):
    """Findings by (mitigated) severity, most serious first; inside a group, the report's order."""
    by = {}
    for f in findings:
        by.setdefault(f["severity"], []).append(f)
    return [(sev, by[sev]) for sev in reversed(SEVERITIES) if sev in by]


IN_FULL_AT_SUMMARY = ("critical", "high")  # --detail summary gives these poisons in full, the rest in a line


def _poisons(r, detail):
    findings = r.get("findings") or []
    if not findings:
        return [Heading(1, "Poisons and antidotes", part="poisons"), Para("No poison was found in this proposal.")]
    questions = _questions(r)
    tensions = {t["id"]: t for t in r.get("tensions") or []}
    out = [Heading(1, "Poisons and antidotes", part="poisons"), Para(ORDER_SENTENCE)]
    if detail == "summary" and any(f["severity"] not in IN_FULL_AT_SUMMARY for f in findings):
        out.append(Para("Critical and high poisons are given in full; the others in one line each, with the "
                        "first thing to do. The full report (--detail full) gives every poison in full. "
                        + REF_SENTENCE, small=True))
    else:
        out.append(Para(REF_SENTENCE, small=True))
    n = 0
    for sev, group in _groups(findings):
        out.append(Heading(2, f"{severity(sev)}: {plural(len(group), 'poison')}"))
        if detail == "summary" and sev not in IN_FULL_AT_SUMMARY:
            entries = []
            for f in group:
                first = (f.get("antidotes") or [{}])[0].get("action")
                entries.append(Para(sentence(f"What to do: {first}") if first else "",
                                    lead=f"{f['title'].rstrip('.')}.", ref=f["rule"]))
            out.append(Bullets(entries))
            continue
        for f in group:
            n += 1
            out += _finding(f, n, detail, questions, tensions)
    return out


def _finding(f, n, detail, questions, tensions):
    full = detail == "full"
    out = [Heading(3, f"{n}. {f['title'].rstrip('.')}", ref=f["rule"] if full else ""), Para(f["poison"])]
    whys = f.get("why") or []
    if not full:  # the summary counts the checklist items nobody has answered instead of asking each
        silent = [w for w in whys if w.get("kind") == "item"
                  and (w.get("values") or {}).get("answer") in ("unanswered", "unknown")]
        whys = [w for w in whys if w not in silent]
    why = [why_words(w, questions) for w in whys]
    if not full and silent:
        why.append(sentence(f"{plural(len(silent), 'related checklist item')} not answered"))
    if why and full:
        out.append(Para("", lead="Why it applies:"))
        out.append(Bullets([Para(w) for w in why]))
    elif why:
        out.append(Para(" ".join(why), lead="Why it applies:"))
    for m in f.get("mitigations") or []:
        out.append(Para(sentence(m["text"]), lead=f"Lowered to {severity(m['severity']).lower()}:"))
    for j in f.get("judgements") or []:
        out.append(Para(_judgement(j), lead="Advisor's judgement:"))
    if f.get("tension") and f["tension"] in tensions:
        out.append(Para(sentence(f"Another lesson pulls the other way; see “{tensions[f['tension']]['title']}”"),
                        lead="In tension:"))
    if len(f.get("antidotes") or []) == 1 and not full:
        out.append(Para(sentence(f["antidotes"][0]["action"]), lead="What to do:"))
    elif f.get("antidotes"):
        out.append(Para("", lead="What to do:"))
        items = []
        for a in f["antidotes"]:
            ref = ""
            if full and a.get("items"):
                ref = "; ".join(f"{it['id']} ({status(it['status']).lower()})" for it in a["items"])
            items.append(Para(sentence(a["action"]), ref=ref))
        out.append(Bullets(items))
    cites = f.get("citations") or []
    if full:
        out += [Quote(c["quote"], cite_source(c)) for c in cites]
    else:  # one small line: where it comes from, and the reference for `advisor explain`
        out.append(Para(_short_sources(cites) if cites else "", lead=("Sources:" if len(cites) > 1 else "Source:")
                        if cites else "", ref=f["rule"], small=True))
    return out


def _short_sources(cites):
    """'East Northamptonshire Council §5.4, §6.1; Uttlesford District Council §19'."""
    by = {}
    for c in cites:
        sections = by.setdefault(c.get("council") or c.get("source", ""), [])
        if c.get("section") and c["section"] not in sections:
            sections.append(c["section"])
    return sentence("; ".join(f"{who} {', '.join(secs)}".strip() for who, secs in by.items()))


def _judgement(j):
    text = sentence(j.get("text"))
    return f"{text} Reason: {sentence(j['reason'])}" if j.get("reason") else text


def _tensions(tensions):
    if not tensions:
        return []
    out = [Heading(1, "Where the lessons pull in different directions", part="tensions")]
    for t in tensions:
        out.append(Heading(2, t["title"], ref=t.get("id", "")))
        out.append(Bullets([Para(sentence(side.get("advice")), lead=f"{side.get('title', '').rstrip('.')}:",
                                 ref=side.get("rule", "")) for side in t.get("sides") or []]))
        if t.get("reconcile"):
            out.append(Para(sentence(t["reconcile"]), lead="How to reconcile them:"))
    return out


def _actions(actions, detail):
    """All the actions that can start now (full); the summary's first five are on page one, so
    --detail summary goes on with the next few and says how many more there are."""
    skip = 0 if detail == "full" else FIRST_ACTIONS_SHOWN
    limit = ACTIONS_SHOWN[detail]
    shown = actions[skip:limit]
    if not shown:
        return []
    title = "Actions that can start now" if not skip else "More actions that can start now"
    out = [Heading(1, title, part="actions"),
           Para("Every step each of these depends on is done. Most serious first; then in the order the "
                "checklist puts them." + (" The first five are on the first page." if skip else ""))]
    def opens(a):
        return f" Opens the way to {plural(len(a['unblocks']), 'more item')}." if a.get("unblocks") else ""

    if skip:  # a short list goes on from page one's numbered five
        out.append(Bullets([Para(sentence(a.get("action") or a["question"]) + opens(a),
                                 lead=f"{severity(a['severity'])}:", ref=a["id"]) for a in shown]))
    else:
        rows = [[sentence(a.get("action") or a["question"]) + opens(a), severity(a["severity"]), a["id"]]
                for a in shown]
        out.append(_table(title, ["Action", "How serious", "Reference"], rows, widths=(12, 3, 8)))
    rest = len(actions) - skip - len(shown)
    if rest > 0:
        out.append(Para(f"{plural(rest, 'more action')} can start now: run `advisor next FILE`, or ask for "
                        "`--detail full`.", small=True))
    return out


def _table(caption, head, rows, widths=(), ref_column=None):
    """A table without the columns that are empty in every row ("no empty columns")."""
    if ref_column is None:
        ref_column = head.index("Reference") if "Reference" in head else -1
    keep = [i for i in range(len(head)) if any(str(row[i]).strip() for row in rows)] if rows else list(range(len(head)))
    ref = keep.index(ref_column) if ref_column in keep else -1
    heads = [head[i] for i in keep]
    tags = tuple((n, TAG_COLUMNS[h]) for n, h in enumerate(heads) if h in TAG_COLUMNS)
    return Table(caption, heads, [[str(row[i]) for i in keep] for row in rows], ref,
                 tuple(widths[i] for i in keep) if widths else (), tags)


TAG_COLUMNS = {"How serious": "severity", "Status": "status"}


def _delivery_model(dm):
    if not dm:
        return []
    title = dm.get("title") or labels.value_words("arrangement.model", dm.get("model"))
    out = [Heading(1, f"Delivery model: {title}", part="delivery-model"), Para(_verdict_sentence(dm), lead="Verdict:")]
    if dm.get("decided_by"):
        decided = dm["decided_by"]
        out.append(Para(sentence(decided if isinstance(decided, str) else decided.get("text", "")),
                        lead="What decided it:"))
    if dm.get("description"):
        out.append(Para(" ".join(str(dm["description"]).split())))
    columns = dm.get("columns")
    if columns:
        rows = [[c.get("title", ""), str(c.get("count", "")),
                 " ".join(sentence(x.get("text") if isinstance(x, dict) else x) for x in c.get("reasons") or [])]
                for c in columns]
        out.append(_table("The DCLG suitability table", ["Verdict", "Reasons counted", "Reasons"], rows,
                          widths=(4, 2, 12)))
    reasons = dm.get("reasons") or []
    if reasons and not columns:
        out.append(Para("", lead="Reasons:"))
        out.append(Bullets([Para(sentence(x.get("text"))) for x in reasons]))
    for x in reasons:
        for j in x.get("judgements") or []:
            out.append(Para(_judgement(j), lead="Advisor's judgement:"))
    vehicle = [(VEHICLE_WORDS.get(k, k.replace("_", " ").capitalize()), v)
               for k, v in (dm.get("vehicle") or {}).items() if v is not None]
    if vehicle:
        out.append(_table("The vehicle", ["Feature", "Yes or no"],
                          [[k, "Yes" if v is True else "No" if v is False else str(v)] for k, v in vehicle],
                          widths=(10, 3)))
    if dm.get("advantages"):
        out.append(Para("", lead="Advantages:"))
        out.append(Bullets([Para(sentence(a["text"])) for a in dm["advantages"]]))
    if dm.get("disadvantages"):
        out.append(_table("Disadvantages and what to do about each", ["Disadvantage", "What to do"],
                          [[sentence(d["text"]), sentence(d.get("antidote") or "")] for d in dm["disadvantages"]],
                          widths=(1, 1)))
    saving = dm.get("average_saving")
    if saving:
        out.append(Para(sentence(f"{saving.get('figure', '')}. {saving.get('basis', '')}"), lead="Average saving:"))
    return out


def _stage_plan(plan):
    stages = [s for s in (plan or {}).get("stages") or [] if s.get("total")]
    if not stages:
        return []
    out = [Heading(1, "Stage plan", part="stage-plan"),
           Para("The stages Uttlesford used to implement shared services, with what this proposal has done "
                "in each. An element is done when every checklist item it needs is in place, waived or does "
                "not apply.")]
    for st in stages:
        out.append(Heading(2, f"{st['title']}: {st['done']} of {plural(st['total'], 'element')} done"))
        rows = []
        for el in st["elements"]:
            if el["status"] == "not_applicable":
                continue
            items = [i for i in el["items"] if i["status"] != "not_applicable"]
            done = sum(1 for i in items if i["status"] in ("present", "waived"))
            rows.append([el["title"], status(el["status"]), f"{done} of {len(items)}",
                         ", ".join(i["id"] for i in items)])
        out.append(_table(st["title"], ["Element", "Status", "Checklist items done", "Reference"], rows,
                          widths=(7, 3, 3, 8)))
    return out


def _answers(answers):
    """Only what the proposal answered (not "unknown" with nothing said), and no empty column."""
    given = [a for a in answers or [] if a.get("answer") not in ("unanswered", "unknown") or a.get("evidence")
             or a.get("status") == "waived" or a.get("notice")]
    if not given:
        return []
    rows = [[a["question"], ANSWER_WORDS.get(a["answer"], status(a["answer"])) if a["status"] != "waived"
             else status("waived"), " ".join(x for x in (a.get("evidence") or "", a.get("notice") or "") if x),
             a.get("date") or "", a["id"]] for a in given]
    return [Heading(1, "Appendix: the answers given", part="answers"),
            _table("The answers given", ["Question", "Answer", "Evidence", "Date", "Reference"], rows,
                   widths=(10, 3, 8, 3, 6))]


def _waivers(waivers):
    if not waivers:
        return []
    state = {"applied": "Applied", "expired": "Expired: not applied", "not_applicable": "Not used: the item does "
                                                                                          "not apply"}
    rows = [[w.get("justification", ""), w.get("approved_by") or "", str(w.get("expires") or ""),
             state.get(w.get("state"), status(w.get("state"))), w.get("item", "")] for w in waivers]
    return [Heading(1, "Waivers", part="waivers"), _table("Waivers", ["Justification", "Approved by", "Expires", "State",
                                                      "Reference"], rows, widths=(10, 5, 3, 4, 6))]


# ---------------------------------------------------------------------------------------- audit

def _audit(r, _detail, only):
    doc = Document("audit", title("audit", r["proposal"]["title"]), "Governance checklist audit")
    t = r["totals"]
    doc.add(Heading(1, "Summary", part="summary"))
    if totals_text(t):
        doc.add(Para(totals_text(t)))
    cov = coverage_text(r)
    if cov and (r.get("coverage") or {}).get("text"):
        doc.add(Para(cov, lead="Coverage:"))
    policy = r.get("unknown_policy")
    if policy:
        doc.add(Para({"fail": "An item that is not known counts as failing.",
                      "warn": "An item that is not known is reported but does not fail the audit.",
                      "pass": "An item that is not known does not fail the audit."}.get(policy, ""),
                     lead="Unknown items:"))
    doc.add(*_failing(r))
    doc.add(*_contradictions(r.get("contradictions")))
    if only == "failing":
        return doc
    doc.add(Para("Items are listed section by section, each after the items it depends on. "
                 + REF_SENTENCE, small=True))
    doc.add(*_audit_body(r, 1))
    not_used = [w for w in r.get("waivers") or [] if w.get("state") == "not_applicable"]
    if not_used:
        doc.add(Para(sentence(f"{plural(len(not_used), 'waiver')} not used, because the item does not apply: "
                              + ", ".join(w["item"] for w in not_used)), small=True))
    return doc


def _failing(r):
    failing = r.get("failing") or []
    floor = r.get("fail_on")
    if floor is None:
        return []
    items = {e["id"]: e for e in r["items"]}
    if not failing:
        return [Para(f"No item of {severity(floor).lower()} severity or worse is missing.", lead="Result:")]
    rows = [[items[i]["question"], severity(items[i]["severity"]), status(items[i]["status"]),
             f"advisor explain {i}"] for i in failing if i in items]
    return [Heading(1, f"Failing: {plural(len(failing), 'item')} at {severity(floor).lower()} severity or worse",
                    part="failing"),
            _table("Failing items", ["Item", "How serious", "Status", "Look it up"], rows, widths=(12, 3, 3, 8),
                   ref_column=3)]


def _audit_body(r, level):
    items = {e["id"]: e for e in r["items"]}
    out = []
    for section in r.get("sections") or []:
        ids = section.get("items") or [e["id"] for e in r["items"] if e["section"] == section["id"]]
        if not ids:
            continue
        st = section.get("totals") or {}
        done = st.get("present", 0) + st.get("waived", 0)
        out.append(Heading(level, f"{section['title']}: {done} of {plural(len(ids), 'item')} in place",
                           part=f"section-{section['id']}" if level == 1 else ""))
        rows = []
        for i in ids:
            e = items[i]
            basis = (e.get("basis") or {}).get("text") or ""
            evidence = " ".join(x for x in (e.get("evidence") or "", basis, e.get("notice") or "") if x)
            waits = ", ".join(e.get("blocked_by") or [])
            rows.append([e["question"], severity(e["severity"]), status(e["status"]), evidence,
                         i + (f" (waits for {waits})" if waits else "")])
        out.append(_table(section["title"], ["Item", "How serious", "Status", "Evidence", "Reference"], rows,
                          widths=(10, 3, 3, 6, 7)))
    return out


# ---------------------------------------------------------------------------------------- next

def _next(r, _detail, _only):
    doc = Document("next", title("next", r["proposal"]["title"]), "Next actions")
    actions = r.get("actions") or []
    if not actions:
        doc.add(Para("Nothing can be started: every open item waits for another step first."))
        return doc
    doc.add(Para("Every step each of these depends on is done. Most serious first; then in the order the "
                 "checklist puts them."))
    entries = []
    for a in actions:
        opens = f" Opens the way to {plural(len(a['unblocks']), 'more item')}." if a.get("unblocks") else ""
        entries.append(Para(sentence(a.get("action") or a["question"]) + opens,
                            lead=f"{severity(a['severity'])}:", ref=a["id"]))
    doc.add(Bullets(entries, ordered=True))
    return doc
