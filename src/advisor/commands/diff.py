"""`advisor diff OLD NEW`: what got better and what got worse between two versions of a proposal."""

import sys

import click

from ..cli_options import format_option, kb_option, output_option, user_errors, waiver_options
from ..errors import EXIT_FINDINGS


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@kb_option
@format_option
@output_option
@waiver_options
@click.option("--fail-on-worse", is_flag=True,
              help="Exit 1 when anything got worse (a new finding, a more severe one, an item that slipped).")
@user_errors
def command(old, new, kb_dir, fmt, output, waivers_file, today, fail_on_worse):
    """Compare two versions of a proposal, OLD and NEW.

    Findings: new, resolved, more or less severe, newly mitigated, no longer mitigated. Checklist
    items: status moved up (better) or down (worse) the ladder missing < unknown < partial <
    present/waived/not applicable, or the item started or stopped applying. Also the readiness
    rating before and after.

    \b
    Examples:
      advisor diff proposal-v1.yaml proposal-v2.yaml
      advisor diff old.yaml new.yaml --format markdown -o changes.md
      advisor diff old.yaml new.yaml --fail-on-worse     # for CI
    """
    from ..advice import advise_file, pipeline_inputs
    from ..diffing import compare
    from ..report.model import advice_report, audit_report
    from ..report.output import input_files, targets, write

    inputs = input_files(old, new, waivers_file)
    chosen = targets("diff", fmt, output, (), inputs)
    kb, ws, day = pipeline_inputs(kb_dir, waivers_file, today)
    a_old, a_new = advise_file(kb, old, ws, day), advise_file(kb, new, ws, day)
    report = compare(advice_report(a_old, kb), audit_report(a_old, kb),
                     advice_report(a_new, kb), audit_report(a_new, kb))
    write(report, chosen, inputs)
    if fail_on_worse and report["summary"]["worse"]:
        sys.exit(EXIT_FINDINGS)
