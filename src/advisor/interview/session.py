"""The interview's state, saved after every answer, and the loop that asks the next question.

The proposal file is the ordinary proposal format. Beside it, `<file>.interview` (YAML) keeps what
the proposal format has no place for: the profile questions the user skipped (so that a resumed
interview does not ask them again), whether the partner list is complete, and the questions
answered in order (so that `back` works after a resume). Losing the sidecar loses nothing of the
proposal: a resumed interview then asks the skipped questions again.
"""

import os
from dataclasses import dataclass

import yaml

from .. import schema, yamlio
from ..atomic import write_text
from ..errors import InputError
from ..findings import DONE, show
from . import questions as Q
from .relevance import Relevance, fields_fed, get_value, mentions, with_value

SIDECAR_FORMAT = "advisor-interview/1"
ORDER = ("format", "title", "service", "arrangement", "partners", "geography", "workforce", "risk",
         "business_case", "communications", "review", "answers")


def sidecar_path(path):
    return f"{path}.interview"


_SIDECAR_KEYS = {"format": str, "proposal": str, "partners_done": bool, "finished": bool,
                 "skipped": list, "history": list}


def read_sidecar(path):
    """The saved interview state in `path`, checked: a wrong type is an error naming the file, line
    and key (a `partners_done: maybe` must not be read as true, nor `skipped: 5` crash)."""
    doc = yamlio.load_file(path)
    data = doc.data
    hint = f"; fix it, or delete {path} (the proposal keeps every answer)"
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        raise InputError(f"not an interview state file (format: {SIDECAR_FORMAT}){hint}", path,
                         doc.line(()))
    for key, value in data.items():
        kind = _SIDECAR_KEYS.get(key)
        if kind is None:
            raise doc.error((key,), f"unknown key{hint}")
        if kind is list:
            ok = isinstance(value, list) and all(isinstance(x, str) for x in value)
            want = "a list of question ids"
        else:
            ok = isinstance(value, kind)
            want = "true or false" if kind is bool else "text"
        if not ok:
            raise doc.error((key,), f"expected {want}, got {repr(value)[:40]}{hint}")
    return data


@dataclass
class Reply:
    """What the user did at a question: answer (with value), skip, back, defer or stop."""

    action: str
    value: object = None


@dataclass
class Progress:
    group_index: int
    group_count: int
    group_title: str
    answered: int
    remaining: int

    def words(self):
        return (f"Section {self.group_index} of {self.group_count}: {self.group_title} · "
                f"{self.answered} answered, {self.remaining} to go")


class Session:
    def __init__(self, kb, path, proposal=None, state=None):
        self.kb = kb
        self.path = path
        self.proposal = proposal or {}
        state = state or {}
        self.skipped = list(state.get("skipped", []))
        self.partners_done = bool(state.get("partners_done", False))
        self.history = list(state.get("history", []))
        self.finished = bool(state.get("finished", False))
        self.deferred = set()  # questions passed over in this run only (scripted answers missing)
        self.rel = Relevance(kb)
        self._version = 0  # bumped on every change, so relevance is computed once per state
        self._memo, self._memo_at = {}, None

    # ------------------------------------------------------------------ files

    @classmethod
    def open(cls, kb, path, resume=None):
        proposal, state = {}, {}
        if resume:
            from ..proposal import load

            proposal = load(resume, kb)
            side = sidecar_path(resume)
            if os.path.lexists(side):
                state = read_sidecar(side)
        return cls(kb, path, proposal, state)

    def check_writable(self):
        """Fail before the first question if the answers could not be saved (issue 9: into a
        read-only folder the first answer was lost with a traceback)."""
        from ..atomic import probe

        probe(self.path)
        probe(sidecar_path(self.path))

    def document(self):
        out = {"format": schema.FORMAT_ID}
        for key in ORDER[1:]:
            if key in self.proposal and self.proposal[key] not in ({}, [], None):
                out[key] = self.proposal[key]
        if "answers" in out:  # a bare status unless there is evidence or a date to keep
            out["answers"] = {k: (v["status"] if set(v) == {"status"} else v) for k, v in out["answers"].items()}
        return out

    def text(self):
        header = "# Written by `advisor interview`; edit freely. Resume with: advisor interview --resume FILE\n"
        return header + yaml.safe_dump(self.document(), sort_keys=False, allow_unicode=True, width=100)

    def save(self):
        self._version += 1
        text = self.text()
        # never write what the next resume could not read back
        schema.validate(yamlio.load_text(text, self.path), set(self.kb.items))
        state = {"format": SIDECAR_FORMAT, "proposal": os.path.basename(self.path),
                 "partners_done": self.partners_done, "finished": self.finished,
                 "skipped": self.skipped, "history": self.history[-500:]}
        for path, data in ((self.path, text), (sidecar_path(self.path), yaml.safe_dump(state, sort_keys=False))):
            try:
                write_text(path, data)
            except OSError as exc:
                raise InputError(f"cannot save the answers: {exc.strerror}", path) from None

    # ------------------------------------------------------------------ answers

    def questions(self):
        return Q.all_questions(self.kb, self.proposal, self.partners_done)

    def question(self, qid):
        return Q.by_id(self.kb, self.proposal, self.partners_done, qid)

    def value(self, q):
        if q.kind == "more":
            n = len(self.proposal.get("partners", []))
            if q.partner + 1 < n:
                return "yes"
            return "no" if self.partners_done and q.partner + 1 == n else None
        return get_value(self.proposal, q.path)

    def answered(self, q):
        return self.value(q) is not None or q.id in self.skipped

    def set(self, q, value):
        """Record an answer (None: clear it) and save at once."""
        if q.id in self.skipped:
            self.skipped.remove(q.id)
        if q.kind == "more":
            partners = list(self.proposal.get("partners", []))
            if value == "yes":
                self.partners_done = False
                if len(partners) <= q.partner + 1:
                    partners.append({})
            else:
                # "no more partners": drop partners added after this one while they are still empty
                while len(partners) > q.partner + 1 and not partners[-1]:
                    partners.pop()
                self.partners_done = value == "no"
            self.proposal["partners"] = partners
        else:
            if q.partner >= 0 and not self.proposal.get("partners"):
                self.proposal["partners"] = []
            self.proposal = with_value(self.proposal, q.path, value)
            if q.partner >= 0:  # keep the partner's entry even when its answers are all cleared
                partners = list(self.proposal.get("partners", []))
                while len(partners) <= q.partner:
                    partners.append({})
                self.proposal["partners"] = partners
        self.save()

    def skip(self, q):
        if q.is_item:
            self.set(q, "unknown")  # unknown is a real checklist status
            return
        if q.kind == "more":
            self.set(q, "no")
            return
        self.proposal = with_value(self.proposal, q.path, None)
        if q.id not in self.skipped:
            self.skipped.append(q.id)
        self.save()

    # ------------------------------------------------------------------ what to ask

    def partners_open(self):
        return not self.partners_done

    def is_relevant(self, q):
        if q.kind == "more":
            return True
        key = (q.id, self.partners_open())
        snapshot = (id(self.proposal), self._version)
        if self._memo_at != snapshot:
            self._memo, self._memo_at = {}, snapshot
        if key not in self._memo:
            self._memo[key] = self.rel.relevant(q, self.proposal, self.partners_open())
        return self._memo[key]

    def pending(self):
        """Unanswered questions that matter, in asking order."""
        return [q for q in self.questions()
                if not self.answered(q) and q.id not in self.deferred and self.is_relevant(q)]

    def next_question(self):
        for q in self.questions():
            if not self.answered(q) and q.id not in self.deferred and self.is_relevant(q):
                return q
        return None

    def progress(self, q):
        groups = Q.groups(self.kb)
        keys = [g for g, _ in groups]
        index = keys.index(q.group) + 1 if q.group in keys else 1
        answered = sum(1 for x in self.questions() if self.answered(x))
        remaining = len(self.pending())
        return Progress(index, len(groups), q.group_title, answered, max(remaining, 1))

    def answered_list(self):
        """(group title, question, value) for every answered question, in asking order."""
        return [(q.group_title, q, self.value(q) if q.id not in self.skipped else None)
                for q in self.questions() if self.answered(q)]

    def clear_dependants(self, before):
        """After a change: clear answers to questions that mattered before and no longer do.

        `before` is the set of ids of answered questions that were relevant before the change.
        Returns the questions cleared; the loop then asks whatever became relevant.
        """
        cleared = []
        for q in self.questions():
            if q.id in before and self.answered(q) and not q.always and not self.is_relevant(q):
                cleared.append(q)
                if q.id in self.skipped:
                    self.skipped.remove(q.id)
                self.proposal = with_value(self.proposal, q.path, None)
        if cleared:
            self.save()
        return cleared

    def relevant_answered(self):
        return {q.id for q in self.questions() if self.answered(q) and (q.always or self.is_relevant(q))}


# ---------------------------------------------------------------------- the WHY of a question

def feeds(kb, q):
    """The lessons (rules) and checklist items whose conditions q's answer reaches."""
    fields = fields_fed(q)
    rules = [r for r in kb.rules.values()
             if any(mentions(c, fields) for c in [r.when] + [m.when for m in r.mitigations])]
    items = [i for i in kb.items.values() if i.applies_when is not None and mentions(i.applies_when, fields)]
    return rules, items


def why_short(kb, q):
    """One line under the question: what the answer is for."""
    if q.kind == "more":
        return "Every organisation taking part counts: how partners differ drives many lessons."
    rules, items = feeds(kb, q)
    lessons = [r for r in rules if r.is_lesson]
    if q.is_item:
        item = kb.items[q.ref[1]]
        extra = f"; it also feeds {len(lessons)} lesson(s)" if lessons else ""
        return f"Checklist item {item.id}, severity {item.severity}{extra}. Type ? for the source."
    if lessons:
        more = f" and {len(lessons) - 1} more" if len(lessons) > 1 else ""
        return f"This decides lessons such as \"{lessons[0].title}\"{more}. ? says why."
    if items:
        return f"This decides whether {len(items)} checklist item(s) apply. ? says why."
    return "This labels the proposal and frames the questions that follow."


def why(kb, q):
    """The help, and the lessons and checklist items the answer feeds, with their source quotes."""
    lines = []
    if q.help:
        lines.append(q.help)
    if q.kind == "more":
        lines.append("The number of partners, and how they differ, decide many of the lessons.")
        return "\n".join(lines)
    rules, items = feeds(kb, q)
    remedies = []
    if q.is_item:
        item = kb.items[q.ref[1]]
        remedies = [r for r in kb.rules.values() if r not in rules and any(item.id in a.items for a in r.antidotes)]
        lines.append(f"Checklist item {item.id} (severity {item.severity}) is part of the audit.")
        for p in item.prerequisites:
            lines.append(f"  needs first: {p.item} ({p.reason})")
        for c in item.citations:
            lines.append(f'  {c.source} {c.section}: "{c.quote}"')
    if not rules and not items and not q.is_item:
        lines.append("It labels the proposal in reports." if q.always else
                     "No lesson tests it directly; it completes the picture.")
    for title, group in (("Your answer feeds these lessons:", rules),
                         ("Doing this item is an antidote in these lessons:", remedies)):
        if not group:
            continue
        lines.append(title)
        for rule in group[:8]:
            lines.append(f"  - {rule.title} ({rule.id}, {rule.severity})")
            for c in rule.citations[:1]:
                lines.append(f'      {c.source} {c.section}: "{c.quote}"')
        if len(group) > 8:
            lines.append(f"  … and {len(group) - 8} more (advisor explain RULE shows each).")
    if items:
        lines.append("It decides whether these checklist items apply:")
        for item in items[:8]:
            lines.append(f"  - {item.id}: {item.question}")
    return "\n".join(lines)


# ---------------------------------------------------------------------- the loop

class Interview:
    """Ask the next relevant question until none is left; `ui` does the talking."""

    def __init__(self, session, ui):
        self.s = session
        self.ui = ui

    def run(self):
        s = self.s
        forced = None
        while True:
            q = forced or s.next_question()
            forced = None
            if q is None:
                if not self.ui.interactive:
                    break
                change = self.ui.review(s)
                if change is None:
                    break
                before = s.relevant_answered()
                reply = self.ui.ask(change, s.value(change), lambda: s.progress(change), lambda q=change: why(s.kb, q))
                if self._apply(change, reply) == "stop":
                    return False
                cleared = s.clear_dependants(before)
                if cleared:
                    self.ui.notice(f"Cleared {len(cleared)} answer(s) that no longer matter: "
                                   + ", ".join(c.id for c in cleared))
                continue
            reply = self.ui.ask(q, s.value(q), lambda q=q: s.progress(q), lambda q=q: why(s.kb, q))
            if reply.action == "back":
                prev = self._previous(q)
                if prev is None:
                    self.ui.notice("This is the first question; there is nothing to go back to.")
                    forced = q
                else:
                    forced = prev
                continue
            if self._apply(q, reply) == "stop":
                return False
        s.deferred.clear()  # questions passed over in this run are still open
        s.finished = not s.pending()
        s.save()
        return True

    def _previous(self, current):
        s = self.s
        while s.history:
            qid = s.history.pop()
            if qid == current.id:
                continue
            q = s.question(qid)
            if q is not None:
                return q
        return None

    def _apply(self, q, reply):
        s = self.s
        if reply.action == "stop":
            return "stop"
        if reply.action == "defer":
            s.deferred.add(q.id)
            return "defer"
        if reply.action == "skip":
            s.skip(q)
        else:
            s.set(q, reply.value)
        s.history.append(q.id)
        s.save()
        return "ok"


def parse_answer(kb, q, raw):
    """Turn a raw answer (text typed, or a YAML value) into the canonical value, via the schema.

    Raises InputError with a short message when the answer does not fit the question.
    """
    if q.kind == "more":
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        text = str(raw).strip().lower()
        if text in ("y", "yes", "true", "on"):
            return "yes"
        if text in ("n", "no", "false", "off"):
            return "no"
        raise InputError("answer yes or no")
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            raise InputError("an answer is needed (or type skip)")
        if q.kind == "int":
            cleaned = raw.replace(",", "").replace("_", "")
            if cleaned.isdigit():
                raw = int(cleaned)
        if q.kind == "enumlist":  # each choice may be given by its number in the list, as for enum
            raw = [q.values[int(x) - 1] if x.isdigit() and 1 <= int(x) <= len(q.values) else x
                   for x in (x.strip() for x in raw.replace(";", ",").split(",")) if x]
        if q.kind == "enum":
            # a choice may be given by its number in the list
            if raw.isdigit() and 1 <= int(raw) <= len(q.values):
                raw = q.values[int(raw) - 1]
        if q.kind == "status" and raw.isdigit() and 1 <= int(raw) <= len(q.values):
            raw = q.values[int(raw) - 1]
    if q.kind == "status":
        data = {"answers": {q.ref[1]: raw}}
    elif q.partner >= 0:
        data = {"partners": [_nest(q.path[2:], raw)]}
    else:
        data = _nest(q.path, raw)
    doc = yamlio.Document(data, {}, "answer")
    try:
        out = schema.validate(doc, set(kb.items))
    except InputError as exc:
        msgs = [e.message for e in getattr(exc, "errors", [exc])]
        raise InputError("; ".join(msgs)) from None
    if q.kind == "status":
        return out["answers"][q.ref[1]]["status"]
    if q.partner >= 0:
        return get_value(out["partners"][0], q.path[2:])
    value = get_value(out, q.path)
    if value is None:
        raise InputError("an answer is needed (or type skip)")
    return value


def _nest(path, value):
    out = value
    for part in reversed(path):
        out = {part: out}
    return out


def show_value(value):
    return show(value, unknown="skipped (unknown)")


__all__ = ["Session", "Interview", "Reply", "why", "parse_answer", "show_value", "DONE"]
