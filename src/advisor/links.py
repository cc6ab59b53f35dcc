"""One fact, asked once: checklist items whose status a proposal field already gives.

An item declares the link in the knowledge base (`answered_by:` in knowledge/checklist/*.yaml,
docs/knowledge-format.md): a condition on proposal, partner or pair fields for each status it can
give. `settle` runs between facts.build and the engine, so the rules, the audit and the
questionnaire all see the same status for the item:

  * no explicit answer, or an explicit `unknown`: the field's status is used;
  * an explicit answer that agrees with the field: nothing changes;
  * an explicit answer that disagrees: a contradiction. The answer is used only when it carries
    evidence (an auditor prefers documented evidence to a profile field); otherwise the field is.

`explain` then says, for the reports, where each item's status came from (`basis`) and lists the
contradictions with both values and both lines, in plain words from advisor.labels.
"""

from . import conditions, labels
from .findings import AUDIT_STATUS

# An audit status given by a field, as the answer status rules test.
ANSWER_OF = {"present": "yes", "partial": "partial", "missing": "no", "not_applicable": "na"}

# Pair fields are worked out from one partner field each (facts._pair); a basis shows the inputs.
_PAIR_INPUT = {"same_political_control": "political_control", "same_tier": "tier",
               "stance_conflict": "development_stance", "population_ratio": "population",
               "staff_ratio": "staff"}


def asked_as(subject, field):
    """The (subject, field) a person gives for a fact a condition tests: a pair fact is worked out
    from one partner field (same_system.finance from systems.finance)."""
    if subject != "pair":
        return subject, field
    if field.startswith("same_system."):
        return "partner", "systems." + field.split(".", 1)[1]
    return "partner", _PAIR_INPUT.get(field, field)

NOT_ANSWERED = {"kind": "none", "text": "not answered, and no field of the proposal answers it"}


def linked(kb):
    return [item for item in kb.items.values() if item.answered_by]


def derive(item, fs):
    """(audit status, condition) the proposal's fields give `item`, or (None, None)."""
    for status, cond in item.answered_by:
        if conditions.evaluate(cond, fs, ()):
            return status, cond
    return None, None


def _has_evidence(answer):
    return bool((answer or {}).get("evidence", "").strip())


def settle(kb, proposal, fs):
    """Put the status each linked item takes into fs.answers, before the engine runs. Returns
    {item id: (field status, condition)} for the items a field answers."""
    answers = proposal.get("answers", {})
    derived = {}
    for item in linked(kb):
        status, cond = derive(item, fs)
        if status is None:
            continue
        derived[item.id] = (status, cond)
        given = answers.get(item.id)
        if given and given["status"] != "unknown" and AUDIT_STATUS[given["status"]] != status \
                and _has_evidence(given):
            continue  # a documented answer outweighs a profile field (reported as a contradiction)
        fs.answers[item.id] = ANSWER_OF[status]
    return derived


def explain(kb, proposal, fs, derived, lines=None, only=None):
    """({item id: basis}, [contradiction]) for every item, or for the ids in `only`; `lines` maps
    proposal paths to lines. Contradictions can only arise on an item a field answers that the
    proposal also answers, so the pipeline asks for those alone and reports ask for the rest."""
    answers = proposal.get("answers", {})
    lines = lines or {}
    bases, contradictions = {}, []
    for item_id in (kb.items if only is None else only):
        given = answers.get(item_id)
        answer_line = _line(lines, ("answers", item_id)) if given else None
        if item_id not in derived:
            bases[item_id] = _answer_basis(given, answer_line) if given else NOT_ANSWERED
            continue
        status, cond = derived[item_id]
        shown = _shown(cond, fs, lines)
        field_basis = {"kind": "field", "field": shown[0]["field"] if shown else None,
                       "value": shown[0]["value"] if shown else None,
                       "line": shown[0]["line"] if shown else None,
                       "text": "from the proposal: " + "; ".join(s["text"] for s in shown)}
        if not given or given["status"] == "unknown" or AUDIT_STATUS[given["status"]] == status:
            if given and given["status"] != "unknown":  # said twice, the same way: the field is the source
                field_basis["text"] += "; the checklist answer agrees" + (
                    ", with evidence" if _has_evidence(given) else "")
            bases[item_id] = field_basis
            continue
        answer_wins = _has_evidence(given)
        item = kb.items[item_id]
        said = AUDIT_STATUS[given["status"]]
        text = (f"The proposal says {_join(s['text'] for s in shown)}"
                f"{_at(field_basis['line'])}, which means “{item.question}” is "
                f"{labels.status_words(status).lower()}; but its checklist answer is "
                f"{labels.status_words(said).lower()}{_at(answer_line)}. "
                + ("The answer is used because it gives evidence." if answer_wins else
                   "The field is used because the answer gives no evidence."))
        contradictions.append({
            "item": item_id, "question": item.question, "severity": item.severity,
            "field": field_basis["field"], "field_value": field_basis["value"], "field_line": field_basis["line"],
            "field_status": status, "answer": given["status"], "answer_status": said,
            "answer_line": answer_line, "used": "answer" if answer_wins else "field", "text": text})
        basis = _answer_basis(given, answer_line) if answer_wins else dict(field_basis)
        basis["text"] += "; the proposal also says otherwise (a contradiction)"
        bases[item_id] = basis
    return bases, contradictions


def _answer_basis(given, line):
    text = f"answered in the proposal: {labels.status_words(given['status'])}"
    if _has_evidence(given):
        text += ", with evidence"
    return {"kind": "answer", "value": given["status"], "line": line, "text": text}


def _line(lines, path):
    return lines.get(path)


def _at(line):
    return f" (line {line})" if line else ""


def _join(parts):
    parts = list(parts)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _shown(cond, fs, lines):
    """The fields `cond` tests that the proposal gives, each {field, value, line, text}, in the order
    the condition names them. Unknown values are left out: they did not decide anything."""
    out, seen = [], set()
    for subject, fld in _tests(cond, fs):
        subject, fld = asked_as(subject, fld)
        if (subject, fld) in seen:
            continue
        seen.add((subject, fld))
        if subject == "proposal":
            value = fs.proposal.get(fld)
            if value is None or fld.startswith("partners."):
                continue  # counts of partners are worked out, and the partners are shown elsewhere
            path = tuple(fld.split(".", 1))
            out.append({"field": fld, "value": value, "line": _line(lines, path),
                        "text": labels.statement(fld, value)})
            continue
        values = [(fs.labels.get(p["id"], p["id"]), p.get(fld)) for p in fs.partners]
        if not any(v is not None for _, v in values):
            continue
        first = next(i for i, (_, v) in enumerate(values) if v is not None)
        path = ("partners", first, *fld.split(".", 1)) if fld.startswith("systems.") else ("partners", first, fld)
        field_id = f"partner.{fld}"
        groups = {}
        for name, v in values:
            if v is not None:
                groups.setdefault(labels.value_words(field_id, v), []).append(name)
        said = "; ".join(f"{words} ({', '.join(names)})" for words, names in groups.items())
        out.append({"field": field_id, "value": [v for _, v in values], "line": _line(lines, path),
                    "text": f"{labels.field_label(field_id)}: {said}"})
    return out


def _tests(cond, fs=None):
    """The field tests that decided `cond`: of an `any`, only the first branch that holds (the
    others are about other kinds of service, say); of everything else, every test."""
    if isinstance(cond, conditions.Test):
        yield cond.subject, cond.field
    elif isinstance(cond, conditions.Or) and fs is not None:
        for child in cond.children:
            if conditions.evaluate(child, fs, ()):
                yield from _tests(child, fs)
                return
        for child in cond.children:
            yield from _tests(child)
    elif isinstance(cond, conditions.And):
        for child in cond.children:
            yield from _tests(child, fs)
    elif isinstance(cond, conditions.Not):
        yield from _tests(cond.child)
    elif isinstance(cond, conditions.Quantified):
        yield from _tests(cond.child)
