"""The interview core: what to ask next, validation, saving, section status and review.

No terminal code lives here: the CLI (terminal.py, scripted.py) and the browser service drive the
same calls. Every call works from the stored state alone, so a stateless front end can load a
Session per request (`Session.load(kb, store)`), call one method and let it save:

  sections()                 the task list: each section with its status, counts and time
  suggested(after)           the section to take next
  next_question(section)     the next question of a section (the key facts are section "key")
  record(qid, raw)           validate and save an answer; errors come back as data (Outcome)
  dont_know(qid)             "I don't know": recorded and saved
  why(qid)                   why we ask it: the lessons and checklist items the answer feeds
  review(section)            the section's answers in words, to check and change
  preview(qid, raw)          what changing an answer would clear, without saving
  progress(q, section)       where the user is, in words

The state a store keeps beside the proposal (the sidecar, `<file>.interview` for the CLI):

  skipped        questions answered "I don't know" (a missing field already means unknown)
  partners_done  whether the partner list is complete
  history        questions answered, in order (`back` follows it; --quick's count is its length)
  key            the key facts asked so far, and whether they are done
"""

from dataclasses import dataclass, field

from .. import labels, schema, yamlio
from ..labels import plural
from ..errors import InputError
from ..findings import DONE, show
from . import keyfacts, questions as Q
from .relevance import Relevance, fields_fed, get_value, mentions, relevance, with_value
from .store import FileStore, proposal_text, sidecar_path

ORDER = ("format", "title", *schema.SECTIONS, "partners", "answers")

SECONDS = {"status": 30, "text": 25, "names": 60}  # a rough time per question, for the start screen


@dataclass
class Reply:
    """What the user did at a question: answer (with value), skip, back, defer or stop."""

    action: str
    value: object = None


@dataclass
class Outcome:
    """The result of recording an answer: `errors` (plain sentences) when it was refused;
    otherwise the questions that stopped mattering and were cleared, and those it added."""

    ok: bool
    value: object = None
    errors: list = field(default_factory=list)
    cleared: list = field(default_factory=list)  # [(question, the answer it had, in words)]
    added: list = field(default_factory=list)  # questions of the same section that now need an answer
    # (not for a key fact: recorded with section="key", it is asked across sections)


@dataclass
class SectionStatus:
    id: str
    title: str
    status: str  # not_started, in_progress, completed, cannot_start
    reason: str = ""  # why it cannot start yet, or why it has nothing to ask
    answered: int = 0
    left: int = 0
    minutes: int = 0
    checklist: bool = False

    def words(self):
        return labels.status_words(self.status)

    def size(self):
        """What is left, as the terminal's task list and start screen say it."""
        return f"{plural(self.left, 'question')}, about {self.minutes} min"


@dataclass
class Progress:
    section: str
    title: str
    answered: int
    left: int
    key: bool = False

    def words(self):
        if self.key:
            return f"{self.title} · question {self.answered + 1} of at most {self.answered + self.left}"
        return f"{self.title} · {self.answered} answered, {self.left} left in this section"


@dataclass
class Row:
    """One line of a section's review."""

    question: object
    text: str  # the whole question, with the partner it is about
    answer: str  # the answer in words


class Session:
    def __init__(self, kb, store, proposal=None, state=None):
        self.kb = kb
        self.store = store
        self.proposal = proposal or {}
        state = state or {}
        self.skipped = [s for s in state.get("skipped", []) if isinstance(s, str)]
        self.partners_done = state.get("partners_done") is True
        self.history = [h for h in state.get("history", []) if isinstance(h, str)]
        self.finished = state.get("finished") is True
        key = state.get("key") if isinstance(state.get("key"), dict) else {}
        self.key_asked = [k for k in key.get("asked", []) if isinstance(k, str)]
        self.key_done = key.get("done") is True
        self.deferred = set()  # questions passed over in this run only (an answers file without them)
        self.key_passed = []  # key facts passed over in this run: they count against the key budget
        self.rel = relevance(kb)
        self._version = 0  # bumped on every change, so relevance is computed once per state
        self._memo, self._memo_at = {}, None

    # ------------------------------------------------------------------ loading and saving

    @classmethod
    def load(cls, kb, store):
        proposal, state = store.load(kb)
        return cls(kb, store, proposal, state)

    @classmethod
    def open(cls, kb, path, resume=None):
        """The CLI's session: the proposal file `path` (read from `resume` first, when given)."""
        return cls.load(kb, FileStore(path, resume))

    @property
    def path(self):
        return getattr(self.store, "path", self.store.name)

    def check_writable(self):
        """Fail before the first question if the answers could not be saved (issue 9: into a
        read-only folder the first answer was lost with a traceback). A store that can tell says."""
        check = getattr(self.store, "check_writable", None)
        if check is not None:
            check()

    def document(self):
        out = {"format": schema.FORMAT_ID}
        for key in ORDER[1:]:
            if key in self.proposal and self.proposal[key] not in ({}, [], None):
                out[key] = self.proposal[key]
        if "answers" in out:  # a bare status unless there is evidence or a date to keep
            out["answers"] = {k: (v["status"] if set(v) == {"status"} else v) for k, v in out["answers"].items()}
        return out

    def state(self):
        return {"format": "advisor-interview/1", "partners_done": self.partners_done, "finished": self.finished,
                "skipped": self.skipped, "history": self.history[-500:],
                "key": {"asked": self.key_asked, "done": self.key_done}}

    def text(self):
        return proposal_text(self.document())

    def save(self):
        self._version += 1
        document = self.document()
        # never store what the next resume could not read back
        schema.validate(yamlio.load_text(proposal_text(document), str(self.path)), set(self.kb.items))
        self.store.save(document, self.state())

    # ------------------------------------------------------------------ questions and answers

    def questions(self, section=None):
        if section is None:
            return Q.all_questions(self.kb, self.proposal, self.partners_done)
        if section == Q.KEY:
            return [q for q in (self.question(k) for k in self.key_asked) if q is not None]
        return Q.section_questions(self.kb, self.proposal, self.partners_done, section)

    def question(self, qid):
        return Q.by_id(self.kb, qid, self.proposal)

    def partners(self):
        return self.proposal.get("partners", [])

    def value(self, q):
        if q.kind == "more":
            n = len(self.partners())
            if q.partner + 1 < n:
                return "yes"
            return "no" if self.partners_done and q.partner + 1 == n else None
        if q.kind == "names":
            names = [p.get("name") for p in self.partners()]
            return names if names and all(names) and self.partners_done else None
        if q.kind == "group":  # answered once any line is; a line left unknown stays unknown
            values = [get_value(self.proposal, (q.path[0], k)) for k in q.values]
            return values if any(v is not None for v in values) else None
        if q.grid:
            values = [get_value(p, q.path[2:]) for p in self.partners()]
            return values if values and all(v is not None for v in values) else None
        return get_value(self.proposal, q.path)

    def answered(self, q):
        return self.value(q) is not None or q.id in self.skipped

    def set(self, q, value, save=True):
        """Store an answer (None clears it) and save at once (record() saves once, at its end)."""
        if q.id in self.skipped:
            self.skipped.remove(q.id)
        if q.kind == "more":
            partners = list(self.partners())
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
        elif q.kind == "names":
            partners = [dict(p) for p in self.partners()]
            names = list(value or [])
            keep = [p for p in partners[len(names):] if set(p) - {"name"}]
            if keep:  # never drop a partner's other answers silently: keep them, named as before
                names += [p.get("name", "") for p in keep]
            out = []
            for i, name in enumerate(names):
                p = partners[i] if i < len(partners) else {}
                p = dict(p)
                if name:
                    p["name"] = name
                out.append(p)
            self.proposal["partners"] = out
            self.partners_done = value is not None
        elif q.kind == "group":
            values = value if isinstance(value, list) else [value] * len(q.values)
            for k, v in zip(q.values, values):
                self.proposal = with_value(self.proposal, (q.path[0], k), v)
        elif q.grid:
            partners = [dict(p) for p in self.partners()]
            values = value if isinstance(value, list) else [value] * len(partners)
            for i, p in enumerate(partners):
                v = values[i] if i < len(values) else None
                partners[i] = with_value(p, q.path[2:], v)
            self.proposal["partners"] = partners
        else:
            if q.partner >= 0 and not self.partners():
                self.proposal["partners"] = []
            self.proposal = with_value(self.proposal, q.path, value)
            if q.partner >= 0:  # keep the partner's entry even when its answers are all cleared
                partners = list(self.partners())
                while len(partners) <= q.partner:
                    partners.append({})
                self.proposal["partners"] = partners
        self._saved(save)

    def _saved(self, save):
        if save:
            self.save()
        else:
            self._version += 1  # the proposal changed (maybe in place): relevance is decided afresh

    def skip(self, q, save=True):
        """"I don't know": a checklist item records the real status `unknown`; a profile question
        is left unknown and remembered, so that resuming does not ask it again."""
        if q.is_item:
            self.set(q, "unknown", save)
            return
        if q.kind == "more":
            self.set(q, "no", save)
            return
        if q.kind == "names":
            self.partners_done = True
        elif q.kind == "group":
            for k in q.values:
                self.proposal = with_value(self.proposal, (q.path[0], k), None)
        elif q.grid:
            partners = [with_value(p, q.path[2:], None) for p in self.partners()]
            if partners:
                self.proposal["partners"] = partners
        else:
            self.proposal = with_value(self.proposal, q.path, None)
        if q.id not in self.skipped:
            self.skipped.append(q.id)
        self._saved(save)

    def record(self, qid, raw, *, skip=False, section=None):
        """Validate `raw` (text typed, or a value) for question `qid`, store it, save, and say what
        it cleared and added. A refused answer changes nothing and comes back as errors."""
        q = self.question(qid) if isinstance(qid, str) else qid
        if q is None:
            return Outcome(False, errors=[f"There is no question {qid}."])
        if not skip:
            try:
                value = parse_answer(self.kb, q, raw)
            except InputError as exc:
                return Outcome(False, errors=[exc.message])
        else:
            value = None
        before = self.relevant_answered()
        # `added` is for a section's own walk: the key facts ask across sections and no front end
        # reports it there, and deciding the whole section (every partner's questions, for the
        # partners' names) cost seconds per key fact (benchmarks/load.py)
        counted = bool(q.section) and section != Q.KEY
        pending_before = {x.id for x in self.pending(q.section)} if counted else set()
        if skip:  # saved once, below, with the history and what the change cleared
            self.skip(q, save=False)
        else:
            self.set(q, value, save=False)
        self.history.append(q.id)
        if section == Q.KEY and q.id not in self.key_asked:
            self.key_asked.append(q.id)
        cleared = self.clear_dependants(before - {q.id})
        self.save()
        added = [x for x in self.pending(q.section) if x.id not in pending_before and x.id != q.id] if counted else []
        return Outcome(True, value, cleared=cleared, added=added)

    def dont_know(self, qid, section=None):
        return self.record(qid, None, skip=True, section=section)

    def preview(self, qid, raw):
        """What recording `raw` for `qid` would clear, without saving anything."""
        from .store import MemoryStore

        twin = Session(self.kb, MemoryStore(self.document(), self.state()), _copy(self.proposal), self.state())
        return twin.record(qid, raw)

    # ------------------------------------------------------------------ relevance

    def partners_open(self):
        return not self.partners_done

    def is_relevant(self, q):
        if q.kind in ("more", "names"):
            return True
        key = (q.id, self.partners_open())
        memo = self.state_memo()  # a new state: what this process already knows about it
        if key not in memo:
            if q.kind == "group":
                hit = any(self.is_relevant(x) for _, x in Q.rows(q, self.proposal))
            elif q.grid:
                hit = any(self.rel.relevant(x, self.proposal, self.partners_open())
                          for x in (self.question(f"partners[{i}].{q.id.split('.', 1)[1]}")
                                    for i in range(len(self.partners()))) if x is not None)
            else:
                hit = self.rel.relevant(q, self.proposal, self.partners_open())
            memo[key] = hit
        return memo[key]

    def state_memo(self):
        """What this process already worked out for the answers as they stand (Relevance.memo_for,
        shared by every Session): relevance, and the next key fact."""
        snapshot = (id(self.proposal), self._version)
        if self._memo_at != snapshot:
            self._memo, self._memo_at = self.rel.memo_for(self.proposal), snapshot
        return self._memo

    def pending(self, section=None):
        """Unanswered questions that matter, in asking order (one section, or all but key facts)."""
        if section == Q.KEY:
            q = self.key_next()
            return [q] if q else []
        return [q for q in self.questions(section)
                if not self.answered(q) and q.id not in self.deferred and self.is_relevant(q)]

    def next_question(self, section=None):
        """The next question of `section` (key facts: "key"), or of the whole interview."""
        if section == Q.KEY:
            return self.key_next()
        for q in self.questions(section):
            if not self.answered(q) and q.id not in self.deferred and self.is_relevant(q):
                return q
        return None

    def relevant_answered(self):
        return {q.id for q in self.questions() if self.answered(q) and (q.always or self.is_relevant(q))}

    def clear_dependants(self, before):
        """After a change: clear answers to questions that mattered before and no longer do.

        `before` is the set of ids of answered questions that were relevant before the change.
        Returns [(question, its answer in words)] for each answer cleared."""
        cleared = []
        for q in self.questions():
            if q.id in before and self.answered(q) and not q.always and not self.is_relevant(q):
                words = q.words(self.value(q)) if q.id not in self.skipped else labels.interview_words("dont_know")
                cleared.append((q, words))
                if q.id in self.skipped:
                    self.skipped.remove(q.id)
                self.proposal = with_value(self.proposal, q.path, None)
                self._version += 1
        return cleared

    # ------------------------------------------------------------------ key facts

    def _key_decided(self):
        """Key-fact ids already settled: answered, left unknown, or passed over in this run."""
        out = set(self.key_asked) | set(self.key_passed) | self.deferred | set(self.skipped)
        for qid in keyfacts.ranker(self.kb).order:
            q = self.question(qid)
            if q is not None and self.value(q) is not None:
                out.add(qid)
        for qid in ("service.name", "service.kind"):
            if self.value(self.question(qid)) is not None or qid in self.skipped:
                out.add(qid)
        return out

    def key_next(self):
        """The next key fact, or None when the key facts are done (see keyfacts.py)."""
        if self.key_done:
            return None
        ranker = keyfacts.ranker(self.kb)
        decided = self._key_decided()
        asked = self.key_asked + [k for k in self.key_passed if k not in self.key_asked]
        while len(asked) < keyfacts.LIMIT:
            after = asked[-1] if asked else None
            if after is not None and after not in ranker.order:
                after = None
            # the redirect, the question page and its answer each ask for the same answers (~20 ms)
            memo = self.state_memo()
            nxt = ("key next", frozenset(decided), len(asked), after)
            if nxt not in memo:
                memo[nxt] = ranker.next(self.proposal, decided, len(asked), after)
            qid = memo[nxt]
            if qid is None:
                return None
            q = self.question(qid)
            # a question about every partner at once changes pairs that no single partner's answer
            # can (two partners' systems), so the ranker's judgement stands for it
            if q is not None and qid not in self.deferred and (
                    q.always or q.kind == "names" or (q.grid and q.kind != "group") or self.is_relevant(q)):
                return q
            decided.add(qid)  # nothing to ask there: pass it over, uncounted
        return None

    def finish_key_facts(self):
        self.key_done = True
        self.save()

    # ------------------------------------------------------------------ sections

    def section_ids(self, checklist_only=False):
        ids = Q.sections(self.kb)
        return [s for s in ids if s.startswith("checklist:")] if checklist_only else ids

    def status(self, sid):
        title = Q.section_title(sid, self.kb)
        checklist = sid.startswith("checklist:")
        if sid == Q.KEY:
            asked = len(self.key_asked)
            if self.key_done:
                return SectionStatus(sid, title, "completed", answered=asked)
            left = max(keyfacts.TARGET - asked, 0)
            return SectionStatus(sid, title, "in_progress" if asked else "not_started", answered=asked, left=left,
                                 minutes=_minutes(left * 20))
        qs = self.questions(sid)
        answered = [q for q in qs if self.answered(q) and (q.always or self.is_relevant(q))]
        pending = [q for q in qs if not self.answered(q) and self.is_relevant(q)]
        seconds = sum(SECONDS.get(q.kind, 20) for q in pending)
        st = SectionStatus(sid, title, "", answered=len(answered), left=len(pending), minutes=_minutes(seconds),
                           checklist=checklist)
        if pending:
            st.status = "in_progress" if answered else "not_started"
            return st
        blocked = self._blocked_in(sid) if checklist else []
        if blocked:
            st.status = "cannot_start"
            first = blocked[0]
            st.reason = (f"First, \"{first.question}\" ({Q.section_title('checklist:' + first.section, self.kb)}) "
                         f"was answered No.")
            return st
        st.status = "completed"
        if not answered:
            st.reason = "Nothing in this section applies to this proposal."
        return st

    def _blocked_in(self, sid):
        """Prerequisites answered `no` that hold back this section's applicable items."""
        sec = sid.split(":", 1)[1]
        applicable = self.rel.applicable(self.proposal)
        out = []
        for item in self.kb.items.values():
            if item.section != sec or item.id not in applicable:
                continue
            if self.answered(Q.item_question(self.kb, item)):
                continue
            for p in self.rel.blocked(item, self.proposal):
                prereq = self.kb.items[p]
                if prereq not in out:
                    out.append(prereq)
        return out

    def sections(self, checklist_only=False):
        return [self.status(s) for s in self.section_ids(checklist_only)]

    def suggested(self, after=None, checklist_only=False, exclude=()):
        """The section to take next: the first one after `after` with something to answer (then
        from the start), never the key facts once they are done."""
        ids = [s for s in self.section_ids(checklist_only) if s not in exclude]
        if after in ids:
            i = ids.index(after) + 1
            ids = ids[i:] + ids[:i]
        for sid in ids:
            st = self.status(sid)
            if st.status in ("not_started", "in_progress"):
                return sid
        return None

    def progress(self, q, section=None):
        sid = section or q.section
        if sid == Q.KEY:
            asked = len(self.key_asked) + len(self.key_passed)
            if q.id in self.key_asked:  # one answered before (back, or a change): its own place
                asked = self.key_asked.index(q.id)
            return Progress(sid, Q.section_title(sid, self.kb), asked, max(keyfacts.TARGET - asked, 1), key=True)
        st = self.status(sid)
        return Progress(sid, st.title, st.answered, max(st.left, 1))

    def previous(self, current, section):
        """The question answered before `current` in the same section (for `back`), or None."""
        ids = {x.id for x in self.questions(section)} if section != Q.KEY else set(self.key_asked)
        history = [h for h in self.history if h in ids]
        if current.id in history:
            # an answered question (a page reached by going back): what came before its first
            # answer, so a back link always moves back and never round in a loop
            history = history[:history.index(current.id)]
        for qid in reversed(history):
            if qid != current.id:
                return self.question(qid)
        return None

    def review(self, sid):
        """The section's answers, in words, in asking order."""
        rows = []
        for q in self.questions(sid):
            if not self.answered(q):
                continue
            if q.kind == "more":
                continue  # the list of partners shows it
            if not (q.always or q.kind == "names" or sid == Q.KEY or self.is_relevant(q)):
                continue
            value = None if q.id in self.skipped else self.value(q)
            if q.grid and value is not None and q.kind != "group":
                names = [p.get("name") or f"partner {i + 1}" for i, p in enumerate(self.partners())]
                answer = "; ".join(f"{n}: {labels.value_words(q.field, v)}" for n, v in zip(names, value))
            else:
                answer = q.words(value)
            rows.append(Row(q, q.full_text(), answer))
        return rows

    # ------------------------------------------------------------------ why

    def why(self, qid):
        q = self.question(qid) if isinstance(qid, str) else qid
        return why(self.kb, q)


def _minutes(seconds):
    return max(1, round(seconds / 60)) if seconds else 0


def _copy(obj):
    import copy

    return copy.deepcopy(obj)


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
    if q.kind in ("more", "names"):
        return "Every organisation taking part counts: how partners differ decides many lessons."
    rules, items = feeds(kb, q)
    lessons = [r for r in rules if r.is_lesson]
    if q.is_item:
        item = kb.items[q.ref[1]]
        return f"{labels.severity_words(item.severity)} importance in the audit. Type ? to see why."
    if lessons:
        more = f" and {len(lessons) - 1} more" if len(lessons) > 1 else ""
        return f"This decides lessons such as \"{lessons[0].title}\"{more}. Type ? to see why."
    if items:
        return f"This decides whether {plural(len(items), 'checklist question')} apply. Type ? to see why."
    return "This labels the proposal and frames the questions that follow."


def why_details(kb, q):
    """Why we ask q, as data for a front end that lays it out itself (a web page's "Why we ask
    this"): {hint, notes: [sentences], groups: [{title, lessons: [{title, severity, quotes:
    [{source, quote}]}], more}], items: [checklist questions], items_title}. `why()` is the same
    content as text for the terminal."""
    out = {"hint": q.hint or "", "notes": [], "groups": [], "items": [], "items_title": "", "more_items": 0}
    if q.kind in ("more", "names"):
        out["notes"].append("The number of partners, and how they differ, decide many of the lessons.")
        return out
    rules, items = feeds(kb, q)
    remedies = []
    if q.is_item:
        item = kb.items[q.ref[1]]
        remedies = [r for r in kb.rules.values() if r not in rules and any(item.id in a.items for a in r.antidotes)]
        out["notes"].append(f"This is part of the governance checklist "
                            f"({labels.severity_words(item.severity).lower()} importance in the audit).")
        out["needs"] = [{"question": kb.items[p.item].question, "reason": p.reason} for p in item.prerequisites]
        out["quotes"] = [{"source": _source(kb, c), "quote": c.quote} for c in item.citations[:2]]
    if not rules and not items and not q.is_item:
        out["notes"].append("It labels the proposal in reports." if q.always else
                            "No lesson tests it directly; it completes the picture.")
    for title, group in (("Your answer decides these lessons:", rules),
                         ("Doing this is a remedy in these lessons:", remedies)):
        if not group:
            continue
        out["groups"].append({
            "title": title,
            "lessons": [{"title": rule.title, "severity": labels.severity_words(rule.severity).lower(),
                         "quotes": [{"source": _source(kb, c), "quote": c.quote} for c in rule.citations[:1]]}
                        for rule in group[:6]],
            "more": max(len(group) - 6, 0)})
    if items:
        out["items_title"] = "It decides whether these checklist questions apply:"
        out["items"] = [item.question for item in items[:6]]
    return out


def why(kb, q):
    """The help, and the lessons and checklist items the answer feeds, with their sources."""
    d = why_details(kb, q)
    lines = [d["hint"]] if d["hint"] else []
    if q.is_item:
        lines.append(d["notes"][0])
        lines += [f"  It needs first: {n['question']} ({n['reason']})" for n in d["needs"]]
        lines += [f'  {c["source"]}: "{c["quote"]}"' for c in d["quotes"]]
    else:
        lines += d["notes"]
    for group in d["groups"]:
        lines.append(group["title"])
        for lesson in group["lessons"]:
            lines.append(f"  - {lesson['title']} ({lesson['severity']})")
            lines += [f'      {c["source"]}: "{c["quote"]}"' for c in lesson["quotes"]]
        if group["more"]:
            lines.append(f"  … and {group['more']} more.")
    if d["items"]:
        lines.append(d["items_title"])
        lines += [f"  - {question}" for question in d["items"]]
    return "\n".join(lines)


def _source(kb, c):
    src = kb.sources.get(c.source)
    return f"{src.council} ({src.date[:4]}) {c.section}" if src else f"{c.source} {c.section}"


def parse_answer(kb, q, raw):
    """Turn a raw answer (text typed, or a YAML value) into the canonical value, via the schema.

    Raises InputError with a short message when the answer does not fit the question.
    """
    if q.kind == "more":
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        text = str(raw).strip().lower()
        if text in ("y", "yes", "true", "on", "1"):
            return "yes"
        if text in ("n", "no", "false", "off", "2"):
            return "no"
        raise InputError("answer yes or no")
    if q.kind == "names":
        if isinstance(raw, str):
            raw = [x.strip() for x in raw.replace(";", ",").replace("\n", ",").split(",")]
        if not isinstance(raw, list) or not all(isinstance(x, (str, int)) for x in raw):
            raise InputError("give the organisations' names, separated by commas")
        names = [str(x).strip() for x in raw if str(x).strip()]
        if not names:
            raise InputError("give at least one organisation's name")
        if len(names) > schema.MAX_PARTNERS:
            raise InputError(f"advisor handles at most {schema.MAX_PARTNERS} partners")
        for n in names:
            if len(n) > schema.MAX_TEXT:
                raise InputError(f"a name is {len(n)} characters; the limit is {schema.MAX_TEXT}")
        return names
    if q.kind == "group":
        if not isinstance(raw, list) or len(raw) != len(q.values):
            raise InputError(f"answer each of the {len(q.values)} lines (yes, no or I don't know)")
        return [None if v is None else parse_answer(kb, Q.profile_question(q.path[0], k), v)
                for k, v in zip(q.values, raw)]
    if q.grid:
        if not isinstance(raw, list):
            raw = [raw]
        single = Q.partner_question(0, q.id.split(".", 1)[1])
        return [None if v is None else parse_answer(kb, single, v) for v in raw]
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            raise InputError("an answer is needed (or choose I don't know)")
        choices = q.choices()
        if choices and raw.isdigit() and 1 <= int(raw) <= len(choices) and q.kind != "int":
            if q.kind == "enumlist":
                raw = [choices[int(raw) - 1][0]]
            else:
                raw = choices[int(raw) - 1][0]
        elif choices and q.kind != "enumlist":
            # the words of a choice are an answer too ("Partly", "not needed")
            for value, words in choices:
                if raw.lower() == str(words).lower():
                    raw = value
                    break
        if q.kind == "int" and isinstance(raw, str):
            cleaned = raw.replace(",", "").replace("_", "")
            if cleaned.isdigit():
                raw = int(cleaned)
        if q.kind == "enumlist" and isinstance(raw, str):
            parts = [x.strip() for x in raw.replace(";", ",").split(",") if x.strip()]
            words = {str(w).lower(): v for v, w in choices}
            raw = []
            for x in parts:
                if x.isdigit() and 1 <= int(x) <= len(choices):
                    raw.append(choices[int(x) - 1][0])
                else:
                    raw.append(words.get(x.lower(), x))
    if q.kind == "status":
        if raw == "not needed":
            raw = "na"
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
        raise InputError(_plain("; ".join(msgs), q)) from None
    if q.kind == "status":
        return out["answers"][q.ref[1]]["status"]
    if q.partner >= 0:
        value = get_value(out["partners"][0], q.path[2:])
    else:
        value = get_value(out, q.path)
    if value is None:
        raise InputError("an answer is needed (or choose I don't know)")
    return value


def _plain(message, q):
    """The schema's message, with the choices in words rather than as stored values."""
    choices = q.choices()
    if choices and ("is not one of" in message or "expected one of" in message):
        bad = message.split("'")[1] if message.count("'") >= 2 else ""
        words = "; ".join(str(w) for _, w in choices)
        return (f"'{bad}' is not one of the choices: {words}" if bad else f"choose one of: {words}")
    return message


def _nest(path, value):
    out = value
    for part in reversed(path):
        out = {part: out}
    return out


def show_value(value):
    return show(value, unknown="I don't know")


__all__ = ["Session", "Reply", "Outcome", "SectionStatus", "Progress", "Row", "why", "parse_answer", "show_value",
           "DONE", "sidecar_path", "labels"]
