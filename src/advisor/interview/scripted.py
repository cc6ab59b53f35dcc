"""Interviews without a terminal: --answers FILE (a mapping of question ids to answers) and
answers piped on standard input, one per line. The line UI also serves `--plain` on a terminal."""

import re
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


_PARTNER_ID = re.compile(r"partners\[(\d+)\]\.(.+)")


def unknown_ids(kb, answers):
    """[(id, did-you-mean suffix)] for each id in `answers` that names no question at all.

    Such an answer can never be used: reporting it as "not needed" hid typos (`service.kidn`),
    so the interview refuses them up front (issue 9)."""
    from ..schema import MAX_PARTNERS, PARTNER, SYSTEM_FUNCTIONS, did_you_mean

    profile = {f"{section}.{key}" for section, fields in SECTIONS.items() for key in fields}
    items = {f"answers.{item}" for item in kb.items}
    partner_keys = ({k for k, f in PARTNER.items() if f.kind != "systems"} | {"more"}
                    | {f"systems.{fn}" for fn in SYSTEM_FUNCTIONS})
    out = []
    for qid in answers:
        if qid in profile or qid in items:
            continue
        m = _PARTNER_ID.fullmatch(qid)
        if m and int(m.group(1)) < MAX_PARTNERS and m.group(2) in partner_keys:
            continue
        if m:
            hint = did_you_mean(m.group(2), partner_keys)
            hint = hint.replace("'", f"'partners[{m.group(1)}].", 1) if hint else ""
            if int(m.group(1)) >= MAX_PARTNERS and m.group(2) in partner_keys:
                hint = f" (advisor takes at most {MAX_PARTNERS} partners, numbered from 0)"
        else:
            hint = did_you_mean(qid, profile | items | set(SECTIONS))
        out.append((qid, hint))
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
            said = _compared(self.answers, q.id)
            return Reply("defer") if said is None else Reply("answer", said)
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


def _compared(answers, qid):
    """An answer to a question on how alike the partners are (alignment.*), from what the file says
    of each partner, or None. "Do the partners use the same finance system?" asks the fact that
    two partners' finance systems state (facts.build works it out from either), so a proposal used
    as an answers file answers it the way its author would."""
    from .. import facts

    if not qid.startswith("alignment.") or qid.split(".", 1)[1] not in ("political_control", "systems_same",
                                                                       "systems_different"):
        return None
    partners = {}
    for key, value in answers.items():
        m = _PARTNER_ID.fullmatch(key)
        if m and m.group(2) != "more" and value is not None and not _is_skip(value):
            partners.setdefault(int(m.group(1)), {})
            here = partners[int(m.group(1))]
            *parents, leaf = m.group(2).split(".")
            for part in parents:
                here = here.setdefault(part, {})
            here[leaf] = value
    if len(partners) < 2:
        return None
    from .. import yamlio
    from ..schema import validate

    try:  # the schema normalises names and systems ("Labour" and "labour" are one party)
        proposal = validate(yamlio.Document({"partners": [partners[i] for i in sorted(partners)]}, {}, "answers"))
    except InputError:  # a value the schema refuses: the question is asked instead
        return None
    fs = facts.build(proposal)
    flat = fs.proposal
    if qid == "alignment.political_control":
        same = flat.get("partners.same_political_control")
        return None if same is None else ("same" if same else "different")
    want = qid == "alignment.systems_same"
    known = {k.rsplit(".", 1)[1]: v for k, v in flat.items() if k.startswith("partners.same_system.") and v is not None}
    if not known:
        return None
    return [fn for fn, same in known.items() if same is want]


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
                f", {st.size()}" if st.status in ("not_started", "in_progress") else "")
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
