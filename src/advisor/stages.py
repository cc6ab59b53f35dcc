"""The udc-2007 implementation stages (knowledge/stages.yaml) and the stage plan of a proposal.

Each stage holds elements; each element cites udc-2007 and names the checklist items that show it
is done. The plan reports every element with the audit status of its items.
"""

from dataclasses import dataclass

from . import yamlio
from .errors import InputError, InputErrors
from .findings import DONE
from .knowledge import Citation
from .schema import did_you_mean

FILE = "knowledge/stages.yaml"
SOURCE = "udc-2007 §16"


@dataclass
class Element:
    id: str
    title: str
    citation: Citation
    items: list


@dataclass
class Stage:
    id: str
    title: str
    citation: Citation
    elements: list


def load(kb):
    """The stages of the knowledge base, or [] when it has no stages.yaml."""
    path = kb.root / FILE
    if not path.is_file():
        return []
    doc = yamlio.load_file(path, FILE)
    errors = []
    stages = []
    if not isinstance(doc.data, list):
        raise doc.error((), "expected a list of stages")
    for i, raw in enumerate(doc.data):
        stage = _node(doc, (i,), raw, ("id", "title", "citation", "elements"), errors)
        if stage is None:
            continue
        elements = []
        for j, el in enumerate(stage["elements"] if isinstance(stage["elements"], list) else []):
            here = (i, "elements", j)
            el = _node(doc, here, el, ("id", "title", "citation", "items"), errors)
            if el is None:
                continue
            for k, item in enumerate(el["items"] or []):
                if item not in kb.items:
                    errors.append(doc.error(here + ("items", k),
                                            f"'{item}' is not a checklist item{did_you_mean(item, kb.items)}"))
            elements.append(Element(str(el["id"]), str(el["title"]), _citation(doc, here, el["citation"], errors),
                                    [str(x) for x in el["items"] or []]))
        stages.append(Stage(str(stage["id"]), str(stage["title"]), _citation(doc, (i,), stage["citation"], errors),
                            elements))
    if errors:
        raise InputErrors(errors)
    return stages


def _node(doc, path, raw, keys, errors):
    if not isinstance(raw, dict):
        errors.append(doc.error(path, "expected a mapping"))
        return None
    problems = doc.check_keys(path, raw, keys)
    errors.extend(problems)
    return None if problems else raw


def _citation(doc, path, raw, errors):
    here = path + ("citation",)
    if not isinstance(raw, dict) or set(raw) != {"source", "section", "quote"}:
        errors.append(doc.error(here, "a citation is {source, section, quote}"))
        return Citation("", "", "", FILE, doc.line(here))
    return Citation(str(raw["source"]), str(raw["section"]), " ".join(str(raw["quote"]).split()),
                    FILE, doc.line(here))


def citations(kb):
    """Every citation in stages.yaml, for `advisor kb check`."""
    try:
        stages = load(kb)
    except InputError:
        return
    for stage in stages:
        yield stage.citation
        for el in stage.elements:
            yield el.citation


def _cite(kb, c):
    src = kb.sources.get(c.source)
    return {"source": c.source, "section": c.section, "quote": c.quote,
            "title": src.title if src else "", "council": src.council if src else ""}


def element_status(statuses):
    """done when every applicable item is done; not_started when none is; else in_progress."""
    applicable = [s for s in statuses if s != "not_applicable"]
    if not applicable:
        return "not_applicable"
    done = sum(1 for s in applicable if s in DONE)
    if done == len(applicable):
        return "done"
    started = done + sum(1 for s in applicable if s == "partial")
    return "in_progress" if started else "not_started"


def plan(kb, audit_entries):
    """The stage plan dict of the advice report (docs/report-format.md, `stage_plan`)."""
    entries = {e.item.id: e for e in audit_entries}
    out = []
    for stage in load(kb):
        elements = []
        for el in stage.elements:
            items = []
            for item_id in el.items:
                e = entries.get(item_id)
                items.append({"id": item_id, "question": kb.items[item_id].question,
                              "severity": kb.items[item_id].severity,
                              "status": e.status if e else "not_applicable"})
            statuses = [i["status"] for i in items]
            elements.append({"id": el.id, "title": el.title, "citation": _cite(kb, el.citation),
                             "status": element_status(statuses), "items": items})
        done = sum(1 for el in elements if el["status"] == "done")
        applicable = sum(1 for el in elements if el["status"] != "not_applicable")
        out.append({"id": stage.id, "title": stage.title, "citation": _cite(kb, stage.citation),
                    "elements": elements, "done": done, "total": applicable})
    return {"source": SOURCE, "stages": out}
