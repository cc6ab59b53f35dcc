"""`advisor advise`, `advisor audit` and `advisor next`: the reports on one proposal (or, for
audit, a portfolio). Each is thin: pipeline_inputs, the core's advise_file, report.model, write."""

import os
import sys

import click

from ..cli_options import (format_option, kb_option, output_option, presentation_options, report_options,
                           user_errors, waiver_options)
from ..errors import EXIT_FINDINGS

SEVERITY_CHOICES = ("info", "low", "medium", "high", "critical", "never")


@click.command()
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
    from ..advice import advise_file, pipeline_inputs
    from ..report import render_options
    from ..report.model import advice_report
    from ..report.output import input_files, targets, write

    inputs = input_files(file, waivers_file, template)
    chosen = targets("advice", fmt, output, to, inputs)
    shown = render_options(detail=detail, paper=paper, template=template)
    kb, ws, day = pipeline_inputs(kb_dir, waivers_file, today)
    report = advice_report(advise_file(kb, file, ws, day), kb)
    report["_options"] = shown
    write(report, chosen, inputs)


@click.command()
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
    from ..advice import advise_file, pipeline_inputs
    from ..report import render_options
    from ..report.output import input_files, targets, write

    severity = None if fail_on == "never" else fail_on
    single = len(files) == 1 and not os.path.isdir(files[0])
    inputs = input_files(*files, waivers_file, template)
    chosen = targets("audit" if single else "portfolio", fmt, output, to, inputs)
    shown = render_options(paper=paper, template=template, only=only)
    kb, ws, day = pipeline_inputs(kb_dir, waivers_file, today)
    if single:
        from ..report.model import audit_report

        report = audit_report(advise_file(kb, files[0], ws, day), kb, severity, unknown_policy)
        report["_options"] = shown
        failed = bool(report["failing"])
    else:
        from ..portfolio import build

        report = build(kb, files, severity, ws, day, unknown_policy)
        failed = bool(report["summary"]["failing"])
    write(report, chosen, inputs)
    if failed:
        sys.exit(EXIT_FINDINGS)


@click.command("next")
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
    from ..advice import advise_file, pipeline_inputs
    from ..report.model import next_report
    from ..report.output import input_files, targets, write

    inputs = input_files(file, waivers_file)
    chosen = targets("next", fmt, output, (), inputs)
    kb, ws, day = pipeline_inputs(kb_dir, waivers_file, today)
    write(next_report(advise_file(kb, file, ws, day), kb), chosen, inputs)


commands = (advise, audit, next_)
