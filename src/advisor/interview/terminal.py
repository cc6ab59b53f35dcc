"""The interview on a terminal, with questionary: select for choices and yes/no, text with
validation for numbers and words, checkbox for lists. Every prompt also offers `? why`, `back`
and `skip` (extra choices in a list, or typed into a text prompt)."""

import click
import questionary
from questionary import Choice, Separator

from ..errors import InputError
from .session import Reply, parse_answer, show_value, why_short

WHY, BACK, SKIP, FINISH = "\x00why", "\x00back", "\x00skip", "\x00finish"
CONTROLS = [Separator(), Choice("? why is this asked", WHY), Choice("« back", BACK),
            Choice("skip (don't know)", SKIP)]
WORDS = {"?": WHY, "why": WHY, "back": BACK, "skip": SKIP}


def _label(value):
    return str(value).replace("_", " ")


class TerminalUI:
    interactive = True

    def __init__(self, kb):
        self.kb = kb

    def _header(self, q, progress, current):
        click.echo("")
        click.secho(f"{progress().words()} · {q.id}", dim=True)
        click.secho(why_short(self.kb, q), dim=True)

    def ask(self, q, current, progress, why):
        self._header(q, progress, current)
        while True:
            answer = self._prompt(q, current)
            if answer == WHY:
                click.echo(why())
                continue
            if answer == BACK:
                return Reply("back")
            if answer == SKIP:
                return Reply("skip")
            return Reply("answer", answer)

    def _prompt(self, q, current):
        if q.kind in ("enum", "status", "bool", "more"):
            if q.kind == "bool":
                options = [Choice("yes", True), Choice("no", False)]
            elif q.kind == "more":
                options = [Choice("yes, add another partner", "yes"), Choice("no, that is all", "no")]
            else:
                options = [Choice(_label(v), v) for v in q.values]
            default = next((o for o in options if o.value == current), None)
            return questionary.select(q.prompt, choices=options + CONTROLS, default=default,
                                      use_shortcuts=False, use_arrow_keys=True, use_jk_keys=False).unsafe_ask()
        if q.kind == "enumlist":
            options = [Choice(_label(v), v, checked=bool(current) and v in current) for v in q.values]
            picked = questionary.checkbox(q.prompt + "  (space ticks, enter confirms)",
                                          choices=options + CONTROLS).unsafe_ask()
            for control in (WHY, BACK, SKIP):
                if control in picked:
                    return control
            return picked

        def validate(text):
            if text.strip().lower() in WORDS:
                return True
            try:
                parse_answer(self.kb, q, text)
                return True
            except InputError as exc:
                return exc.message

        text = questionary.text(q.prompt + "  (? why · back · skip)",
                                default="" if current is None else show_value(current),
                                validate=validate).unsafe_ask()
        word = text.strip().lower()
        if word in WORDS:
            return WORDS[word]
        return parse_answer(self.kb, q, text)

    def review(self, session):
        rows = session.answered_list()
        choices = [Choice("✔ finish: the answers are right", FINISH)]
        group = None
        for title, q, value in rows:
            if title != group:
                choices.append(Separator(f"── {title}"))
                group = title
            choices.append(Choice(f"{q.prompt[:60]}  → {show_value(value)}", q.id))
        click.echo("")
        picked = questionary.select("Review your answers: pick one to change (type to search), or finish.",
                                    choices=choices, default=choices[0], use_search_filter=True,
                                    use_jk_keys=False).unsafe_ask()
        if picked == FINISH:
            return None
        return session.question(picked)

    def notice(self, text):
        click.echo(text)

    def confirm(self, text):
        return questionary.confirm(text, default=True).unsafe_ask()
