"""Interviews without a terminal: --answers FILE (a mapping of question ids to answers) and
answers piped on standard input, one per line. The line UI also serves `--plain` on a terminal."""

import re
import sys

import click

from ..errors import InputError
from ..schema import SECTIONS
from .session import Reply, parse_answer, show_value, why_short

COMMANDS = {"?": "why", "why": "why", "back": "back", "b": "back", "skip": "skip", "s": "skip"}


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

    def ask(self, q, current, progress, why):
        if q.id not in self.answers:
            return Reply("defer")
        raw = self.answers[q.id]
        self.used.add(q.id)
        if isinstance(raw, dict) and q.is_item:
            raw = raw.get("status")
        if isinstance(raw, str) and raw.strip().lower() == "skip":
            return Reply("skip")
        try:
            return Reply("answer", parse_answer(self.kb, q, raw))
        except InputError as exc:
            raise InputError(f"{self.name}: {q.id}: {exc.message}") from None

    def unused(self):
        return [k for k in self.answers if k not in self.used]

    def review(self, session):
        return None

    def notice(self, text):
        click.echo(text, err=True)


class NoAnswers(InputError):
    pass


class LineUI:
    """One answer per line: a value, `?` (why), `back`, `skip`; an empty line skips."""

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

    def ask(self, q, current, progress, why):
        self._print("")
        self._print(f"[{progress().words()}]")
        self._print(q.prompt)
        self._print(f"  ({why_short(self.kb, q)})")
        if q.values:
            self._print("  " + "  ".join(f"{i}) {v}" for i, v in enumerate(q.values, 1)))
        if current is not None:
            self._print(f"  (now: {show_value(current)}; an empty line keeps it)")
        self._print("  ? why   back   skip")
        while True:
            line = self._line()
            if line is None:
                return Reply("stop")
            word = line.strip().lower()
            if word in COMMANDS:
                action = COMMANDS[word]
                if action == "why":
                    self._print(why())
                    continue
                return Reply(action)
            if word == "":
                return Reply("answer", current) if current is not None else Reply("skip")
            try:
                return Reply("answer", parse_answer(self.kb, q, line))
            except InputError as exc:
                self._print(f"  ! {exc.message}")

    def review(self, session):
        rows = session.answered_list()
        self._print("")
        self._print("Review: your answers by section")
        group = None
        for n, (title, q, value) in enumerate(rows, 1):
            if title != group:
                self._print(title)
                group = title
            self._print(f"  {n:3}. {q.prompt}  {show_value(value)}")
        self._print("Type a number to change that answer, or an empty line to finish.")
        while True:
            line = self._line()
            if line is None or line.strip() == "":
                return None
            if line.strip().isdigit() and 1 <= int(line) <= len(rows):
                return rows[int(line) - 1][1]
            self._print("  ! type a number from the list, or an empty line")

    def notice(self, text):
        self._print(text)

    def confirm(self, text):
        self._print(f"{text} [y/N]")
        line = self._line()
        return bool(line) and line.strip().lower() in ("y", "yes")
