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
              help="Continue an interview (or any proposal file) at the first unanswered question.")
@click.option("--answers", "answers_file", type=click.Path(dir_okay=False, exists=True), default=None,
              help="Take answers from this YAML mapping of question ids to answers; no terminal needed.")
@click.option("--overwrite", is_flag=True,
              help="Let -o replace a file that exists (a fresh interview, or --resume A -o B). "
                   "Without it advisor refuses, so no proposal is replaced by accident.")
@click.option("--plain", is_flag=True, help="Plain line-by-line prompts even on a terminal.")
@click.option("--report/--no-report", default=None,
              help="Show the advice and the audit at the end without asking (default: ask on a terminal).")
@kb_option
@user_errors
def command(output, resume, answers_file, overwrite, plain, report, kb_dir):
    """Answer questions to build a proposal, then get the advice.

    Asks only what can still change the advice: questions whose every answer leads to the same
    lessons and the same checklist are skipped. At any question: `?` says why it is asked (the
    lessons and checklist items it feeds, with their sources), `back` returns to the previous
    question, `skip` records "don't know". Ctrl-C stops; every answer so far is already saved, and
    `--resume FILE` continues where you left off.

    \b
    Without a terminal:
      advisor interview -o p.yaml --answers answers.yaml
      printf 'Payroll\\npayroll\\n...' | advisor interview -o p.yaml
    """
    from .. import knowledge
    from ..interview.scripted import LineUI, MappingUI, NoAnswers, flatten, unknown_ids
    from ..interview.session import Interview, Session

    from ..atomic import checked_output
    from ..interview.session import sidecar_path

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
    started = os.path.exists(path)
    asked_before = len(session.history)
    if not isinstance(ui, MappingUI):
        click.echo(_welcome(kb, path, resume))
    try:
        completed = Interview(session, ui).run()
    except NoAnswers as exc:
        if not started and os.path.exists(path) and not session.history:
            _remove(path)
        raise UserError(exc.message) from None
    except (KeyboardInterrupt, EOFError):
        click.echo(f"\nStopped. Every answer so far is saved in {path}.\n"
                   f"Continue with: advisor interview --resume {path}", err=True)
        sys.exit(130)
    asked = len(session.history) - asked_before
    pending = session.pending()
    total_items = len(kb.items)
    applicable = len(session.rel.applicable(session.proposal))
    click.echo("")
    click.echo(f"Saved {path}: {asked} questions answered in this session; "
               f"{applicable} of {total_items} checklist items apply to this proposal.")
    if isinstance(ui, MappingUI):
        unused = ui.unused()
        if unused:
            click.echo(f"{len(unused)} answer(s) in {answers_file} were not needed: they cannot change the "
                       f"advice given the other answers ({', '.join(unused[:5])}{', …' if len(unused) > 5 else ''}).")
    if pending:
        click.echo(f"{len(pending)} question(s) still open, starting with {pending[0].id}; "
                   f"continue with: advisor interview --resume {path}")
    elif completed:
        click.echo("The interview is complete.")
    completed = completed and not pending
    show = report
    if show is None and terminal and not answers_file and completed:
        try:
            show = ui.confirm("Show the advice report and the audit now?")
        except (KeyboardInterrupt, EOFError):
            show = False
    if show:
        click.echo(_reports(kb, session.proposal, path), nl=False)
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
    from ..interview.session import sidecar_path

    for p in (path, sidecar_path(path)):
        try:
            os.unlink(p)
        except OSError:
            pass


def _welcome(kb, path, resume):
    lines = ["advisor interview: tell me about the shared service and I will tell you what the five council",
             "papers say can go wrong, and what to do about it. I ask only what can change the advice.",
             "At any question: ? = why I ask, back = previous question, skip = don't know. "
             "Ctrl-C stops; nothing is lost.",
             f"Answers are saved to {path} as you go."]
    if resume:
        lines.append(f"Resuming {resume}.")
    return "\n".join(lines)


def _reports(kb, proposal, path):
    from ..advice import advise
    from ..report import render
    from ..report.model import advice_report, audit_report

    advice = advise(kb, proposal, path)
    return render(advice_report(advice, kb), "text") + "\n" + render(audit_report(advice, kb), "text")
