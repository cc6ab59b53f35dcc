"""The `advisor` command line. Imports stay inside commands so that `--help` is instant."""

import functools
import os
import sys

import click

from .errors import EXIT_BAD_INPUT, EXIT_FINDINGS, InputError
from .report.options import presentation_options, render_options, report_options, waiver_options

FORMATS = ("text", "markdown", "json")
SEVERITY_CHOICES = ("info", "low", "medium", "high", "critical", "never")


class UserError(click.ClickException):
    """Bad input or usage: one line per problem on stderr, exit 2, never a traceback."""

    exit_code = EXIT_BAD_INPUT


class Interrupted(click.ClickException):
    """Ctrl-C inside a command: one line and exit 130, not click's "Aborted!" and exit 1 (exit 1
    means "findings" here, so an interrupted audit must never look like one)."""

    exit_code = 130

    def __init__(self):
        from .__main__ import INTERRUPTED

        super().__init__(INTERRUPTED)

    def show(self, file=None):
        click.echo("\n" + self.message, err=True)


class AdvisorGroup(click.Group):
    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted() from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None


def user_errors(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            from .textsafe import terminal

            # Messages quote what the user's file says (keys, values): no escape sequence in one
            # may reach the terminal.
            raise UserError(terminal(str(exc))) from None
    return wrapper


def kb_option(fn):
    return click.option("--kb", "kb_dir", metavar="DIR", envvar="ADVISOR_KB", type=click.Path(file_okay=False),
                        help="Knowledge base folder (holding knowledge/ and rules/) to use instead of the "
                             "bundled one. Also read from $ADVISOR_KB.")(fn)


def format_option(fn):
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                        help="Output format. json is stable and carries a schema version.")(fn)


def output_option(fn):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
                        help="Write the report to this file instead of standard output.")(fn)


def _emit(text, output):
    if output:
        from .atomic import write_text

        write_text(output, text)
    else:
        click.echo(text, nl=False)


def pipeline_inputs(kb_dir, waivers_file, today):
    """(knowledge base, waivers, the date to judge by): what every report command starts from."""
    from . import dates, knowledge, waivers

    kb = knowledge.load(kb_dir)
    return kb, waivers.load(waivers_file, kb) if waivers_file else [], dates.today(today)


@click.group(cls=AdvisorGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="advisor")
def main():
    """Plan and check a shared service between councils.

    advisor reads a proposal (YAML; see `advisor schema` and docs/proposal-format.md), fires the
    lessons of five council papers against it, and reports what can go wrong (poisons), what to do
    (antidotes) and which governance items are missing, in an order you can act on.

    \b
    Start here:
      advisor advise examples/herts-internal-audit.yaml
      advisor audit examples/herts-internal-audit.yaml --format json
      advisor next examples/herts-internal-audit.yaml
      advisor explain political.different_political_control

    Exit status: 0 ok; 1 audit found items missing, or not known, at or above --fail-on; 2 bad
    input or usage.
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@kb_option
@report_options(("text", "markdown", "html", "docx", "pdf", "json"),
                 "html, docx and pdf need -o. json is stable and carries a schema version.")
@presentation_options(detail=True)
@user_errors
def advise(file, kb_dir, fmt, output, to, waivers_file, today, detail, paper, template):
    """Poisons and antidotes for the proposal FILE.

    The report opens with a one-page summary: the readiness rating in words (red, amber, green, or
    grey, "not enough information to rate", when less than half of what can change it is known,
    weighted by severity, prerequisites and how close the start is) and why, the coverage figure,
    how much of the checklist the proposal settles, the most serious poisons, the five actions to
    take first, the delivery-model verdict and what is still unknown that matters. Then each poison
    with why it applies, what to do and its source, and the actions that can start now. --detail
    full adds the delivery model in detail, the udc-2007 stage plan, the whole audit and the answers
    given.

    \b
    Examples:
      advisor advise examples/herts-internal-audit.yaml
      advisor advise examples/herts-internal-audit.yaml --format pdf -o advice.pdf
      advisor advise examples/herts-internal-audit.yaml -o advice.docx --template council.docx
      advisor advise proposal.yaml --detail full --to html=advice.html --to json=advice.json
      advisor advise proposal.yaml --waivers examples/waivers.yaml
    \b
    Word and PDF are A4 (--paper letter for US Letter), in en-GB, with real headings and marked
    table headers; the PDF is tagged (PDF/UA).
    """
    from .advice import advise_file
    from .report.model import advice_report
    from .report.output import input_files, targets, write

    inputs = input_files(file, waivers_file, template)
    chosen = targets("advice", fmt, output, to, inputs)
    shown = render_options(detail=detail, paper=paper, template=template)
    kb, ws, day = pipeline_inputs(kb_dir, waivers_file, today)
    report = advice_report(advise_file(kb, file, ws, day), kb)
    report["_options"] = shown
    write(report, chosen, inputs)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@kb_option
@report_options(("text", "markdown", "html", "docx", "pdf", "json", "junit", "csv"),
                 "html, docx and pdf need -o; junit is for CI; csv is for a portfolio (several files or a "
                 "folder).")
@presentation_options(only=True)
@click.option("--fail-on", type=click.Choice(SEVERITY_CHOICES), default="high", show_default=True,
              help="Exit 1 when an item of this severity or worse is missing, or not known (see "
                   "--unknown). 'never' always exits 0.")
@click.option("--unknown", "unknown_policy", type=click.Choice(("fail", "warn", "pass")), default="fail",
              show_default=True,
              help="What an item with no evidence (not known) does at or above --fail-on: fail, as a "
                   "missing item does; warn, reported but exit 0; or pass.")
@user_errors
def audit(files, kb_dir, fmt, output, to, waivers_file, today, fail_on, unknown_policy, only, paper, template):
    """Check proposals for missing governance items, and for items nobody has evidenced.

    With one FILE: every checklist item that applies, by its question, section by section, in
    prerequisite order, with its status in words (in place, partly in place, missing, not known,
    not applicable, waived), where the status came from (an answer or a field of the proposal),
    how serious it is, its evidence, what it waits for and its reference for `advisor explain`.
    --only failing gives just the failing items, each with that pointer. Unknown items are counted
    apart from missing ones; a field and an answer that disagree are reported as a contradiction.
    The report gives the readiness rating and its coverage: how much of what can change the rating
    is known (below half, weighted, the rating is "not enough information to rate").

    Silence is not compliance: by default an item at or above --fail-on that the proposal does
    not evidence fails the audit like a missing one. --unknown warn or pass changes that; every
    report says which policy was used.

    With several files or a folder: a portfolio, one row per proposal with poisons by severity,
    missing and unknown items, coverage, and whether a review is due (an arrangement that has
    started, last reviewed more than 5 years ago or never; enc-2017 §6.1).

    \b
    Examples:
      advisor audit examples/herts-internal-audit.yaml
      advisor audit proposal.yaml --unknown pass        # only missing items fail
      advisor audit proposal.yaml --to html=audit.html --to junit=audit.xml --to json=audit.json
      advisor audit proposal.yaml --waivers examples/waivers.yaml --fail-on critical
      advisor audit proposal.yaml --only failing
      advisor audit proposal.yaml --format pdf -o audit.pdf
      advisor audit examples/portfolio/ --format csv -o portfolio.csv

    Exit status: 0 ok; 1 an item at or above --fail-on is missing, or not known under --unknown
    fail (in any proposal); 2 bad input, including any one bad file in a portfolio.
    """
    from .report.output import input_files, targets, write

    severity = None if fail_on == "never" else fail_on
    single = len(files) == 1 and not os.path.isdir(files[0])
    inputs = input_files(*files, waivers_file, template)
    chosen = targets("audit" if single else "portfolio", fmt, output, to, inputs)
    shown = render_options(paper=paper, template=template, only=only)
    kb, ws, day = pipeline_inputs(kb_dir, waivers_file, today)
    if single:
        from .advice import advise_file
        from .report.model import audit_report

        report = audit_report(advise_file(kb, files[0], ws, day), kb, severity, unknown_policy)
        report["_options"] = shown
        failed = bool(report["failing"])
    else:
        from .portfolio import build

        report = build(kb, files, severity, ws, day, unknown_policy)
        failed = bool(report["summary"]["failing"])
    write(report, chosen, inputs)
    if failed:
        sys.exit(EXIT_FINDINGS)


@main.command("next")
@click.argument("file", type=click.Path(dir_okay=False))
@kb_option
@format_option
@output_option
@waiver_options
@user_errors
def next_(file, kb_dir, fmt, output, waivers_file, today):
    """The actions that can be done now for the proposal FILE.

    An action can be done now when every prerequisite is present, not applicable or waived. Each
    action says which items it unblocks.

    \b
    Example:
      advisor next examples/herts-internal-audit.yaml --waivers examples/waivers.yaml
    """
    from .advice import advise_file
    from .report.model import next_report
    from .report.output import input_files, targets, write

    inputs = input_files(file, waivers_file)
    chosen = targets("next", fmt, output, (), inputs)
    kb, ws, day = pipeline_inputs(kb_dir, waivers_file, today)
    write(next_report(advise_file(kb, file, ws, day), kb), chosen, inputs)


@main.command()
@click.argument("id")
@kb_option
@user_errors
def explain(id, kb_dir):
    """Show a rule or a checklist item by ID: its text, its condition in words, its citations with
    quotes, and what depends on it."""
    from . import knowledge
    from .explain import explain as run

    kb = knowledge.load(kb_dir)
    click.echo(run(kb, id), nl=False)


@main.command()
@kb_option
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the schema to this file.")
@user_errors
def schema(kb_dir, output):
    """Print the proposal format as JSON Schema, for editors that validate YAML.

    Checklist item ids in `answers` are listed from the knowledge base in use.
    """
    import json

    from . import knowledge
    from .schema import json_schema

    kb = knowledge.load(kb_dir)
    _emit(json.dumps(json_schema(set(kb.items)), indent=2) + "\n", output)


def _register_commands():
    """Add every click command defined in advisor/commands/*.py (a module-level `command`)."""
    import importlib
    import pkgutil

    from . import commands

    for mod in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
        module = importlib.import_module(f"{commands.__name__}.{mod}")
        main.add_command(module.command)


_register_commands()


if __name__ == "__main__":  # pragma: no cover
    main()


