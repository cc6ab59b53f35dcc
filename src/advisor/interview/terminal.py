"""The interview on a terminal, with prompt_toolkit.

A list starts with NOTHING chosen: Enter on an unanswered question records nothing. The arrow keys
move through the choices, or the user types a choice's number, `?` (why we ask this), `back` or
`skip` (I don't know) into the line under the list; the last three are list entries too. A text
answer that does not fit is refused with the reason and the box starts empty again.

prompt_toolkit rather than questionary (which the first version used): questionary's select always
points at a choice, so a stray Enter answered "yes", and it cannot take typed words; its text
prompt keeps a refused answer in the box. prompt_toolkit, which questionary is built on, is the
better kept of the two and gives both directly.
"""

import click
from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl

from .. import labels
from .session import Reply

WHY, BACK, SKIP, KEEP = "\x00why", "\x00back", "\x00skip", "\x00keep"
WORDS = {"?": WHY, "why": WHY, "back": BACK, "b": BACK, "skip": SKIP, "s": SKIP}
NOTHING = "Nothing recorded: choose an answer with the arrow keys and Enter, or type its number."


def choose(message, options, multi=False, ticked=(), controls=True):
    """A list with no pointer at first. `options`: [(value, words)]. Returns a value, a list of
    values (multi), or WHY/BACK/SKIP. Raises KeyboardInterrupt on Ctrl-C and EOFError on Ctrl-D."""
    entries = list(options)
    extra = [(SKIP, labels.interview_words("dont_know") + " (skip)")] if controls else []
    tail = [(WHY, "? " + labels.interview_words("why")), (BACK, "« " + labels.interview_words("back"))] \
        if controls else []
    rows = entries + extra + tail
    state = {"at": None, "typed": "", "note": "", "ticked": set(i for i, (v, _) in enumerate(entries) if v in ticked)}

    def text():
        out = [("bold", message + "\n")]
        for i, (value, words) in enumerate(rows):
            pointer = "» " if state["at"] == i else "  "
            if i == len(entries) + len(extra) and tail:
                out.append(("", "  ─────\n"))
            if multi and i < len(entries):
                box = "[x] " if i in state["ticked"] else "[ ] "
            else:
                box = ""
            number = f"{i + 1}. " if i < len(entries) + len(extra) else "   "
            style = "reverse" if state["at"] == i else ""
            out.append((style, f"{pointer}{number}{box}{words}\n"))
        hint = ("Space ticks, Enter confirms. " if multi else "") + "Or type a number, ?, back or skip: "
        out.append(("", hint))
        out.append(("bold", state["typed"] + "_\n"))
        if state["note"]:
            out.append(("fg:ansired", state["note"] + "\n"))
        return FormattedText(out)

    kb = KeyBindings()

    @kb.add("up")
    def _up(event):
        state["at"] = (len(rows) - 1) if state["at"] is None else max(0, state["at"] - 1)
        state["note"] = ""

    @kb.add("down")
    def _down(event):
        state["at"] = 0 if state["at"] is None else min(len(rows) - 1, state["at"] + 1)
        state["note"] = ""

    @kb.add("space")
    def _space(event):
        if multi and state["at"] is not None and state["at"] < len(entries) and not state["typed"]:
            state["ticked"] ^= {state["at"]}
        elif state["typed"]:
            state["typed"] += " "

    @kb.add("backspace")
    def _back(event):
        state["typed"] = state["typed"][:-1]

    @kb.add("c-c")
    def _interrupt(event):
        event.app.exit(exception=KeyboardInterrupt())

    @kb.add("c-d")
    def _eof(event):
        event.app.exit(exception=EOFError())

    @kb.add("<any>")
    def _type(event):
        ch = event.data
        if ch and ch.isprintable():
            state["typed"] += ch
            state["note"] = ""

    @kb.add("enter")
    def _enter(event):
        typed = state["typed"].strip().lower()
        state["typed"] = ""
        if typed:
            if typed in WORDS and controls:
                event.app.exit(result=WORDS[typed])
                return
            if typed.isdigit() and 1 <= int(typed) <= len(entries) + len(extra):
                i = int(typed) - 1
                if i >= len(entries):
                    event.app.exit(result=rows[i][0])
                elif multi:
                    state["ticked"] ^= {i}
                else:
                    event.app.exit(result=rows[i][0])
                return
            for i, (value, words) in enumerate(entries):
                if typed == str(words).lower():
                    if multi:
                        state["ticked"] ^= {i}
                    else:
                        event.app.exit(result=value)
                    return
            state["note"] = f"'{typed}' is not one of the choices; type a number from the list."
            return
        at = state["at"]
        if at is not None and at >= len(entries):
            event.app.exit(result=rows[at][0])
            return
        if multi:
            if state["ticked"]:
                event.app.exit(result=[entries[i][0] for i in sorted(state["ticked"])])
                return
            state["note"] = "Nothing recorded: tick at least one with Space, or choose I don't know."
            return
        if at is None:
            state["note"] = NOTHING
            return
        event.app.exit(result=rows[at][0])

    app = Application(layout=Layout(HSplit([Window(FormattedTextControl(text, focusable=True))])),
                      key_bindings=kb, full_screen=False, erase_when_done=False)
    return app.run()


class TerminalUI:
    interactive = True

    def __init__(self, kb):
        self.kb = kb
        self.prompt = PromptSession()

    def start(self, text):
        click.echo(text)

    def notice(self, text):
        click.echo(text)

    def confirm(self, text):
        return choose(text, [(True, "Yes"), (False, "No")], controls=False) is True

    def _header(self, q, ctx):
        click.echo("")
        click.secho(f"{ctx.progress}   (ref {q.id})", dim=True)
        if ctx.caption:
            click.secho(ctx.caption, bold=True)
        if q.hint:
            click.secho(q.hint, dim=True)
        click.secho(ctx.short_why, dim=True)
        if ctx.current is not None:
            click.echo(f"Your answer now: {ctx.current} (Enter keeps it)")
        if ctx.error:
            click.secho(f"! {ctx.error}", fg="red")

    def ask(self, q, ctx):
        self._header(q, ctx)
        while True:
            answer = self._prompt(q, ctx)
            if answer == WHY:
                click.echo(ctx.why())
                continue
            if answer == BACK:
                return Reply("back")
            if answer == SKIP:
                return Reply("skip")
            if answer == KEEP:
                return Reply("keep")
            return Reply("answer", answer)

    def _prompt(self, q, ctx):
        if q.grid:
            values = []
            for name, single in ctx.rows:
                if q.kind != "group":  # a partner's name over the question; a group's line is the question
                    click.secho(name, bold=True)
                value = self._one(single, q.text if q.kind != "group" else name, None)
                if value in (WHY, BACK, SKIP):
                    if value != SKIP:
                        return value
                    value = None
                values.append(value)
            return SKIP if all(v is None for v in values) else values  # every line not known
        if q.kind == "names":
            click.secho(q.text + "  (one name a line; an empty line ends the list; ? · back · skip)", bold=True)
            names = []
            while True:
                line = self.prompt.prompt(f"{len(names) + 1}> ")
                word = line.strip().lower()
                if not names and word in WORDS:
                    return WORDS[word]
                if not line.strip():
                    if names:
                        return names
                    if ctx.current is not None:
                        return KEEP
                    click.secho(NOTHING.replace("choose an answer with the arrow keys and Enter, or type its number",
                                                "type a name"), fg="red")
                    continue
                names.append(line.strip())
        return self._one(q, q.text, ctx.current)

    def _one(self, q, text, current):
        if q.kind in ("enum", "status", "bool", "more", "enumlist"):
            return choose(text, q.choices(), multi=q.kind == "enumlist")
        while True:
            line = self.prompt.prompt([("bold", text + "  (? · back · skip)\n> ")], default="")
            word = line.strip().lower()
            if word in WORDS:
                return WORDS[word]
            if not word:
                if current is not None:
                    return KEEP
                click.secho("Nothing recorded: type an answer, or skip for I don't know.", fg="red")
                continue
            return line

    def task_list(self, statuses, suggested):
        click.echo("")
        options = []
        for st in statuses:
            tag = st.words()
            if st.status == "cannot_start":
                tag += f" ({st.reason})"
            elif st.status in ("not_started", "in_progress"):
                tag += f", {st.size()}"
            elif st.reason:
                tag += f" ({st.reason})"
            options.append((st.id, f"{st.title} — {tag}"))
        title = "Your task list. Choose a section"
        if suggested:
            title += " (suggested next: " + next(s.title for s in statuses if s.id == suggested) + ")"
        options.append(("\x00stop", "Stop for now (everything is saved)"))
        picked = choose(title + ":", options, controls=False)
        return None if picked == "\x00stop" else picked

    def review(self, title, rows):
        click.echo("")
        options = [(r.question, f"{r.text} — {r.answer}") for r in rows]
        options.insert(0, (None, "These answers are right: continue"))
        return choose(f"Check your answers: {title}. Choose one to change it.", options, controls=False)

