"""The order of an interview for a front end that talks to one person at a time (the terminal, piped
answers, an answers file): the start screen, the key facts, the advice, then the task list, a
section at a time, each ended by a check of its answers. No terminal code: `ui` does the talking.

A UI provides:
  interactive               True when a person answers (a task list and reviews are offered)
  start(text)               show the start screen
  ask(q, ctx) -> Reply      one question; ctx: progress words, current answer, why(), error
  notice(text)              a line of information
  task_list(statuses, suggested) -> section id, or None to stop
  review(title, rows) -> question to change, or None when the answers are right
  confirm(text) -> bool

The browser service does not use this module: each page calls the Session directly (one question
per page), which is the same core without the loop.
"""

from dataclasses import dataclass

from ..labels import plural
from . import keyfacts, questions as Q
from .session import Reply

HAVE_TO_HAND = ("each partner's name, population and number of staff",
                "the IT systems each partner uses for the service",
                "how staff will move, and whether pay scales differ",
                "how far the business case has got, and when the service should start",
                "whether a risk register is kept")


@dataclass
class Context:
    progress: str
    current: object  # the answer now, in words (None when unanswered)
    why: object  # a callable giving the long "why we ask this"
    short_why: str
    error: str = ""
    caption: str = ""  # the partner the question is about
    partners: tuple = ()  # the captions of a question asked a line at a time (partner names, facts)
    rows: tuple = ()  # its lines: (caption, the line's own question)


def start_screen(session, checklist_only=False):
    """What advisor does with the answers, how long each part takes, what to have to hand."""
    s = session
    lines = ["advisor asks about the shared service you are planning and tells you what five council",
             "papers say can go wrong, what to do about it, and which governance checks are still open.",
             "Your answers are saved as you go, to " + str(s.path) + "; stop at any time and carry on later.",
             ""]
    statuses = s.sections(checklist_only)
    if not checklist_only:
        lines.append(f"First, the key facts: at most {keyfacts.TARGET} questions, about "
                     f"{max(1, keyfacts.TARGET // 3)} minutes. The advice is ready straight after them.")
        lines.append("Then, in any order you like, the rest as a task list:")
    else:
        lines.append("The governance checklist, as a task list, in any order you like:")
    for st in statuses:
        if st.id == Q.KEY:
            continue
        if st.status == "completed":
            lines.append(f"  - {st.title}: {st.words().lower()}")
        elif st.status == "cannot_start":
            lines.append(f"  - {st.title}: cannot start yet")
        else:
            lines.append(f"  - {st.title}: {st.size()}")
    lines += ["", "Have to hand, if you can: " + "; ".join(HAVE_TO_HAND) + ".",
              "At any question: ? why we ask it · back · skip (I don't know). Nothing is ever chosen for you."]
    return "\n".join(lines)


class Interview:
    """Drive a Session through its sections with a UI."""

    def __init__(self, session, ui, quick=False, checklist_only=False, report=None):
        self.s = session
        self.ui = ui
        self.quick = quick
        self.checklist_only = checklist_only
        self.report = report  # called to show the advice (after the key facts, and at the end)
        self.asked = 0
        self.visited = []  # sections taken in this run, in order

    def run(self):
        """True when the run ended normally; False when the user stopped (everything is saved)."""
        s, ui = self.s, self.ui
        if not self.checklist_only and not s.key_done:
            if self.section(Q.KEY) == "stop":
                return False
            s.finish_key_facts()
            ui.notice("The key facts are done: the advice is ready.")
            if self.quick:
                return True
            if ui.interactive and self.report and ui.confirm("See the advice now? (the task list follows)"):
                self.report()
        if self.quick:
            return True
        current = None
        while True:
            exclude = () if ui.interactive else self.visited  # a file's answers: each section once, in order
            suggested = s.suggested(after=current, checklist_only=self.checklist_only, exclude=exclude)
            if ui.interactive:
                sid = ui.task_list(s.sections(self.checklist_only), suggested)
            else:
                sid = suggested
            if sid is None:
                break
            self.visited.append(sid)
            if self.section(sid) == "stop":
                return False
            if ui.interactive and self.check(sid) == "stop":
                return False
            current = sid
        s.deferred.clear()  # questions passed over in this run are still open
        s.finished = not any(st.status in ("not_started", "in_progress") for st in s.sections())
        s.save()
        return True

    def section(self, sid, only=None):
        """Ask the section's questions until none is left; `only` asks just that one question."""
        s, ui = self.s, self.ui
        forced, error = only, ""
        while True:
            q = forced or (None if only else s.next_question(sid))
            forced = None
            if q is None:
                return "done"
            ctx = self.context(q, sid, error)
            error = ""
            reply = ui.ask(q, ctx)
            if reply.action == "stop":
                return "stop"
            if reply.action == "back":
                prev = s.previous(q, sid)
                if prev is None:
                    ui.notice("This is the first question of this section.")
                    forced = q
                else:
                    forced = prev
                continue
            if reply.action == "keep":  # Enter on an answer already given keeps it
                if only:
                    return "done"
                continue
            if reply.action == "defer":
                s.deferred.add(q.id)
                if sid == Q.KEY:
                    s.key_passed.append(q.id)
                if only:
                    return "done"
                continue
            if reply.action == "skip":
                out = s.dont_know(q.id, section=sid)
            else:
                out = s.record(q.id, reply.value, section=sid)
            if not out.ok:
                forced, error = q, " ".join(out.errors)
                continue
            self.asked += 1
            self.tell(out, sid)
            if only:
                return "done"

    def tell(self, out, sid):
        if out.cleared:
            lines = [f"Cleared {plural(len(out.cleared), 'answer')} that no longer {'matters' if len(out.cleared) == 1 else 'matter'}:"]
            lines += [f"  - {q.full_text()} (was: {words})" for q, words in out.cleared]
            self.ui.notice("\n".join(lines))
        if out.added and sid != Q.KEY:
            self.ui.notice(f"Your answer adds {plural(len(out.added), 'question')} to this section.")

    def context(self, q, sid, error=""):
        s = self.s
        current = None
        if s.answered(q):
            current = q.words(None if q.id in s.skipped else s.value(q))
        rows = tuple(Q.rows(q, s.proposal)) if q.grid else ()
        return Context(s.progress(q, sid).words(), current, lambda: s.why(q), _short_why(s, q), error,
                       q.caption, tuple(caption for caption, _ in rows), rows)

    def check(self, sid):
        """Check your answers: the section's answers in words; change any, then look again."""
        s, ui = self.s, self.ui
        while True:
            rows = s.review(sid)
            if not rows:
                return "done"
            q = ui.review(Q.section_title(sid, s.kb), rows)
            if q is None:
                return "done"
            if self.section(sid, only=q) == "stop":
                return "stop"
            if self.section(sid) == "stop":  # whatever the change made relevant in this section
                return "stop"


def _short_why(session, q):
    from .session import why_short

    return why_short(session.kb, q)


__all__ = ["Interview", "Context", "Reply", "start_screen"]
