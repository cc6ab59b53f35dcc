"""Interviews without a terminal: --answers FILE (a mapping of question ids to answers) and
answers piped on standard input, one per line. The line UI also serves `--plain` on a terminal."""

import sys

import click

from ..errors import InputError
from ..schema import SECTIONS
from .. import labels
from .session import Reply, parse_answer

COMMANDS = {"?": "why", "why": "why", "back": "back", "b": "back", "skip": "skip", "s": "skip",
            "i don't know": "skip", "don't know": "skip"}


def flatten(data, kb=None):
    """A mapping of question ids to answers. Accepts flat ids (`service.kind: payroll`), nested
    sections (`service: {kind: payroll}`), a `partners:` list and an `answers:` mapping, so that a
    proposal file is itself a valid answers file. With `kb`, a flat checklist item id
    (`governance.board: yes`) answers the item; see _item_or_field for ids that are both."""
    out = {}
    if not isinstance(data, dict):
        raise InputError("an answers file is a mapping of question ids to answers")
    for key, value in data.items():
        key = str(key)
        if key in SECTIONS and isinstance(value, dict):
            for k, v in value.items():
                out[f"{key}.{k}"] = v
        elif key == "partners" and isinstance(value, list):
            for i, p in enumerate(value):
                if not isinstance(p, dict):
                    raise InputError(f"partners[{i}]: expected a mapping of partner fields")
                for k, v in p.items():
                    if k == "systems" and isinstance(v, dict):
                        for fn, system in v.items():
                            out[f"partners[{i}].systems.{fn}"] = system
                    else:
                        out[f"partners[{i}].{k}"] = v
                out.setdefault(f"partners[{i}].more", "yes" if i + 1 < len(value) else "no")
        elif key == "answers" and isinstance(value, dict):
            for item, v in value.items():
                out[f"answers.{item}"] = v
        elif key in ("format", "title"):
            continue
        elif kb is not None and key in kb.items and _item_or_field(kb, key, value) == "item":
            out[f"answers.{key}"] = value
        else:
            out[key] = value
    return out


def _item_or_field(kb, key, value):
    """Whether a flat `key: value` answers the checklist item `key` or the profile field `key`.

    A few ids are both (risk.appetite, risk.register, communications.plan). Where a field answers
    the item (knowledge base `answered_by`), they are one fact and the field takes it. Otherwise the
    value decides: `no` cannot be a risk appetite but is an answer status. `answers.<id>` (or an
    `answers:` mapping) always means the item."""
    from ..schema import STATUSES, _coerce, _status

    section, _, name = key.partition(".")
    if section not in SECTIONS or name not in SECTIONS[section]:
        return "item"
    if kb.items[key].answered_by:
        return "field"
    if isinstance(value, dict):
        return "item"
    try:
        _coerce(SECTIONS[section][name], value, InputError)
        return "field"
    except InputError:
        return "item" if _status(value) in STATUSES else "field"


class MappingUI:
    """Answers from a mapping; a question with no answer there is passed over (left for later)."""

    interactive = False

    def __init__(self, kb, answers, name="answers"):
        self.kb = kb
        self.answers = answers
        self.name = name
        self.used = set()

    def start(self, text):
        pass

    def ask(self, q, ctx):
        if ctx.error:  # the core refused the file's answer: say which question, and stop
            raise InputError(f"{self.name}: {q.id}: {ctx.error}")
        if q.kind == "names":
            names, i = [], 0
            while f"partners[{i}].name" in self.answers:
                self.used.add(f"partners[{i}].name")
                names.append(self.answers[f"partners[{i}].name"])
                i += 1
            if "partners" in self.answers and isinstance(self.answers["partners"], list):
                self.used.add("partners")
                names = self.answers["partners"]
            return Reply("answer", names) if names else Reply("defer")
        if q.grid:
            values, found = [], False
            for _, line in ctx.rows:
                qid = line.id
                raw = self.answers.get(qid)
                if qid in self.answers:
                    self.used.add(qid)
                    found = True
                values.append(None if raw is None or _is_skip(raw) else raw)
            if not found:
                return Reply("defer")
            if all(v is None for v in values):
                return Reply("skip")
            return Reply("answer", values)
        if q.id not in self.answers:
            return Reply("defer")
        raw = self.answers[q.id]
        self.used.add(q.id)
        if isinstance(raw, dict) and q.is_item:
            raw = raw.get("status")
        if _is_skip(raw):
            return Reply("skip")
        return Reply("answer", raw)

    def unused(self):
        return [k for k in self.answers if k not in self.used and not k.endswith(".more")]

    def task_list(self, statuses, suggested):
        return suggested

    def review(self, title, rows):
        return None

    def notice(self, text):
        click.echo(text, err=True)

    def confirm(self, text):
        return False


def _is_skip(raw):
    return isinstance(raw, str) and raw.strip().lower() == "skip"


class NoAnswers(InputError):
    pass


class LineUI:
    """One answer per line: a value, a choice's number, `?` (why), `back`, `skip` (I don't know).
    An empty line records nothing (it keeps an answer already given)."""

    def __init__(self, kb, stream=None, out=None, interactive=False):
        self.kb = kb
        self.stream = stream or sys.stdin
        self.out = out or sys.stdout
        self.interactive = interactive
        self.read_any = False

    def _print(self, text=""):
        self.out.write(text + "\n")
        self.out.flush()

    def _line(self):
        self.out.write("> ")
        self.out.flush()
        line = self.stream.readline()
        if line == "":
            if not self.read_any:
                raise NoAnswers("no terminal and no answers: run advisor interview in a terminal, pass "
                                "--answers FILE, or pipe answers one per line on standard input")
            return None
        self.read_any = True
        return line.rstrip("\r\n")

    def start(self, text):
        self._print(text)

    def ask(self, q, ctx):
        self._print("")
        self._print(f"[{ctx.progress}]  (ref {q.id})")
        if ctx.caption:
            self._print(ctx.caption)
        self._print(q.text)
        if q.hint:
            self._print(f"  {q.hint}")
        self._print(f"  ({ctx.short_why})")
        if ctx.current is not None:
            self._print(f"  (your answer now: {ctx.current}; an empty line keeps it)")
        if ctx.error:
            self._print(f"  ! {ctx.error}")
        if q.grid:
            return self._grid(q, ctx)
        if q.kind == "names":
            self._print("  One name a line; an empty line ends the list.   ? why   back   skip")
            names = []
            while True:
                line = self._line()
                if line is None:
                    return Reply("answer", names) if names else Reply("stop")
                word = line.strip().lower()
                if not names and word in COMMANDS:
                    if COMMANDS[word] == "why":
                        self._print(ctx.why())
                        continue
                    return Reply(COMMANDS[word])
                if not word:
                    if names:
                        return Reply("answer", names)
                    if ctx.current is not None:
                        return Reply("keep")
                    self._print("  ! Nothing recorded: type a name, or skip for I don't know.")
                    continue
                names.append(line.strip())
        return self._single(q, ctx)

    def _choices_line(self, q):
        choices = q.choices()
        if choices:
            words = [f"{i}) {w}" for i, (_, w) in enumerate(choices, 1)]
            words.append(f"{len(choices) + 1}) {labels.interview_words('dont_know')}")
            self._print("  " + "  ".join(words))
        self._print("  ? why   back   skip")

    def _single(self, q, ctx, keep=True):
        self._choices_line(q)
        choices = q.choices()
        while True:
            line = self._line()
            if line is None:
                return Reply("stop")
            word = line.strip().lower()
            if word in COMMANDS:
                if COMMANDS[word] == "why":
                    self._print(ctx.why())
                    continue
                return Reply(COMMANDS[word])
            if choices and word.isdigit() and int(word) == len(choices) + 1:
                return Reply("skip")
            if word == "":
                if ctx.current is not None and keep:
                    return Reply("keep")
                self._print("  ! Nothing recorded: type an answer, or skip for I don't know.")
                continue
            try:
                return Reply("answer", parse_answer(self.kb, q, line))
            except InputError as exc:
                self._print(f"  ! {exc.message}")

    def _grid(self, q, ctx):
        values = []
        for name, single in ctx.rows:
            self._print(f"  {name}" if q.kind == "group" else f"  {name}:")
            reply = self._single(single, ctx, keep=False)
            if reply.action in ("stop", "back"):
                return reply
            values.append(reply.value if reply.action == "answer" else None)
        if all(v is None for v in values):
            return Reply("skip")
        return Reply("answer", values)

    def task_list(self, statuses, suggested):
        self._print("")
        self._print("Your task list:")
        for n, st in enumerate(statuses, 1):
            extra = f" ({st.reason})" if st.reason else (
                f", {st.left} question(s), about {st.minutes} min" if st.status in ("not_started", "in_progress") else "")
            self._print(f"  {n:2}. {st.title} — {st.words()}{extra}")
        if suggested:
            title = next(s.title for s in statuses if s.id == suggested)
            self._print(f"Type a number to open a section; an empty line takes the suggested next ({title}); "
                        "stop ends for now.")
        else:
            self._print("Type a number to open a section, or stop to end for now.")
        while True:
            line = self._line()
            if line is None or line.strip().lower() in ("stop", "q", "quit"):
                return None
            if line.strip() == "":
                return suggested
            if line.strip().isdigit() and 1 <= int(line) <= len(statuses):
                return statuses[int(line) - 1].id
            self._print("  ! type a number from the list, an empty line, or stop")

    def review(self, title, rows):
        self._print("")
        self._print(f"Check your answers: {title}")
        for n, row in enumerate(rows, 1):
            self._print(f"  {n:3}. {row.text} — {row.answer}")
        self._print("Type a number to change that answer, or an empty line if they are right.")
        while True:
            line = self._line()
            if line is None or line.strip() == "":
                return None
            if line.strip().isdigit() and 1 <= int(line) <= len(rows):
                return rows[int(line) - 1].question
            self._print("  ! type a number from the list, or an empty line")

    def notice(self, text):
        self._print(text)

    def confirm(self, text):
        self._print(f"{text} [y/N]")
        line = self._line()
        return bool(line) and line.strip().lower() in ("y", "yes")
