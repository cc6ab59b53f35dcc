"""`advisor interview`: build a proposal by answering questions, then read the advice."""

import os
import sys

import click

from ..cli_options import UserError, kb_option, user_errors

DEFAULT_OUTPUT = "proposal.yaml"


@click.command("interview")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help=f"Proposal file to write (default: the --resume file, else {DEFAULT_OUTPUT}). "
                   "Every answer is saved to it at once.")
@click.option("--resume", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Continue an interview (or any proposal file) where it stopped: the key facts, then the task list.")
@click.option("--quick", is_flag=True,
              help="Only the key facts (about 20 questions, never more than 25), then the advice.")
@click.option("--checklist", "checklist_only", is_flag=True,
              help="Only the governance checklist sections, as a task list (for an auditor).")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Take answers from this YAML mapping of question ids to answers; no terminal needed.")
@click.option("--overwrite", is_flag=True,
              help="Let -o replace a file that exists (a fresh interview, or --resume A -o B). "
                   "Without it advisor refuses, so no proposal is replaced by accident.")
@click.option("--plain", is_flag=True, help="Plain line-by-line prompts even on a terminal.")
@click.option("--report/--no-report", default=None,
              help="Show the advice (and, after the whole interview, the audit) at the end without asking.")
@kb_option
@user_errors
def command(output, resume, quick, checklist_only, answers_file, overwrite, plain, report, kb_dir):
    """Answer questions to build a proposal, then get the advice.

    First the key facts: the few questions whose answers change the advice most, ranked from the
    knowledge base; the advice is ready straight after them (`--quick` stops there). Then the rest
    of the profile and the governance checklist as a task list: sections you take in any order,
    each ended by a check of its answers. At any question: `?` says why it is asked, `back` returns
    to the previous question, `skip` records "I don't know". Nothing is ever chosen for you: Enter
    on an unanswered question records nothing. Ctrl-C stops; every answer is already saved, and
    `--resume FILE` continues where you left off.

    \b
    Without a terminal:
      advisor interview -o p.yaml --answers answers.yaml
      printf 'Payroll\\npayroll\\n...' | advisor interview -o p.yaml
    """
    from .. import knowledge
    from ..atomic import checked_output
    from ..interview.flow import Interview, start_screen
    from ..interview.scripted import LineUI, MappingUI, NoAnswers, flatten, unknown_ids
    from ..interview.session import Session
    from ..interview.store import sidecar_path
    from ..labels import plural

    if quick and checklist_only:
        raise UserError("--quick asks the key facts and --checklist skips them: choose one")

    path = output or resume or DEFAULT_OUTPUT
    same = bool(resume) and _same_file(path, resume)
    if os.path.lexists(path) and not same and not overwrite:
        if resume:
            raise UserError(f"{path} already exists: --resume {resume} -o {path} would replace it; "
                            f"pick a new file with -o, or add --overwrite to replace it")
        raise UserError(f"{path} already exists; continue it with --resume {path}, or pick another file with -o")
    inputs = [answers_file] + ([resume] if resume and not same else [])
    checked_output(path, inputs, f"-o {path}")
    checked_output(sidecar_path(path), inputs)
    kb = knowledge.load(kb_dir)

    # Standard input or output may be closed altogether (`<&-`): Python then has None for them.
    terminal = all(s is not None and s.isatty() for s in (sys.stdin, sys.stdout))
    if answers_file:
        from .. import yamlio

        doc = yamlio.load_file(answers_file)
        answers = flatten(doc.data or {}, kb)
        unknown = unknown_ids(kb, answers)
        if unknown:
            from ..errors import InputError, InputErrors

            raise InputErrors([InputError(f"unknown question id{hint}", answers_file, _line(doc, qid), qid)
                               for qid, hint in unknown])
        ui = MappingUI(kb, answers, answers_file)
    elif terminal and not plain:
        from ..interview.terminal import TerminalUI

        ui = TerminalUI(kb)
    else:
        ui = LineUI(kb, interactive=terminal)

    session = Session.open(kb, path, resume)
    if answers_file is None and not terminal and _no_input():
        raise UserError("no terminal and no answers: run advisor interview in a terminal, pass "
                        "--answers FILE, or pipe answers one per line on standard input")
    session.check_writable()  # before the first question, so no answer is typed in vain
    if resume and not same:
        session.save()  # -o B holds the resumed answers from the start, as "saved in B" then says
    started = os.path.exists(path)
    asked_before = len(session.history)
    if not isinstance(ui, MappingUI):
        if resume:
            click.echo(f"Resuming {resume}; answers are saved to {path}.")
        if not resume or not session.history:
            ui.start(start_screen(session, checklist_only))

    def show_advice():
        click.echo(_advice(kb, session.proposal, path), nl=False)

    flow = Interview(session, ui, quick=quick, checklist_only=checklist_only,
                     report=show_advice if report is not False else None)
    try:
        completed = flow.run()
    except NoAnswers as exc:
        if not started and os.path.exists(path) and not session.history:
            _remove(path)
        raise UserError(exc.message) from None
    except (KeyboardInterrupt, EOFError):
        click.echo(f"\nStopped. Every answer so far is saved in {path}.\n"
                   f"Continue with: advisor interview --resume {path}", err=True)
        sys.exit(130)
    asked = len(session.history) - asked_before
    applicable = len(session.rel.applicable(session.proposal))
    click.echo("")
    click.echo(f"Saved {path}: {asked} questions answered in this session; "
               f"{applicable} of {len(kb.items)} checklist questions apply to this proposal.")
    open_sections = [st for st in session.sections(checklist_only)
                     if st.status in ("not_started", "in_progress") and st.id != "key"]
    if isinstance(ui, MappingUI):
        _say_unused(session, ui.unused(), answers_file, quick)
    if quick:
        click.echo(f"The key facts are {'done' if session.key_done else 'not finished'}. "
                   f"{plural(len(open_sections), 'section')} of the task list still open; "
                   f"carry on with: advisor interview --resume {path}")
    elif open_sections:
        click.echo(f"{plural(len(open_sections), 'section')} still open, starting with {open_sections[0].title}; "
                   f"continue with: advisor interview --resume {path}")
    elif completed:
        click.echo("The interview is complete.")
    show = report
    if show is None and terminal and not answers_file and completed and (quick or not open_sections):
        try:
            show = ui.confirm("Show the advice report now?")
        except (KeyboardInterrupt, EOFError):
            show = False
    if show:
        click.echo(_advice(kb, session.proposal, path, audit=not quick), nl=False)
    else:
        click.echo(f"See the advice with: advisor advise {path}   and the audit with: advisor audit {path}")


def _line(doc, qid):
    """The line of answer `qid` in an answers file, written flat (`service.kind:`) or nested."""
    item = qid.partition(".")[2]
    for path in ((qid,), tuple(qid.split(".", 1)), ("answers", item), (item,)):
        if path in doc.lines:
            return doc.lines[path]
    return None


def _same_file(a, b):
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def _no_input():
    """True when standard input can carry no answers (closed, or the null device)."""
    import stat

    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return True
    if stat.S_ISCHR(mode) and not sys.stdin.isatty():
        return True  # /dev/null
    return False


def _remove(path):
    from ..interview.store import sidecar_path

    for p in (path, sidecar_path(path)):
        try:
            os.unlink(p)
        except OSError:
            pass


def _advice(kb, proposal, path, audit=False):
    from ..advice import advise
    from ..report import render
    from ..report.model import advice_report, audit_report

    advice = advise(kb, proposal, path)
    out = render(advice_report(advice, kb), "text")
    if audit:
        out += "\n" + render(audit_report(advice, kb), "text")
    return out


def _say_unused(session, unused, answers_file, quick):
    """Answers in the file that the run did not use, in two kinds: those in a section still open
    (the task list may yet ask them) and those relevance passed over (they cannot change the
    advice). Calling the first kind "not needed" would tell an officer to drop a fact that counts."""
    from ..labels import plural  # here, not at the top: `advisor --help` imports this module
    open_ids = {st.id for st in session.sections() if st.status in ("not_started", "in_progress")}
    later, needless = [], []
    for qid in unused:
        q = session.question(qid)
        (later if quick or q is None or q.section in open_ids else needless).append(qid)
    for ids, one, many in ((later, "was not asked yet: a section still open may ask it",
                            "were not asked yet: the sections still open may ask them"),
                           (needless, "was not needed: it cannot change the advice given the other answers",
                            "were not needed: they cannot change the advice given the other answers")):
        if ids:
            some = f"{', '.join(ids[:5])}{', …' if len(ids) > 5 else ''}"
            click.echo(f"{plural(len(ids), 'answer')} in {answers_file} {one if len(ids) == 1 else many} ({some}).")
