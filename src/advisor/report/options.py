"""The output options shared by the report commands (advise, audit). Only click is imported here."""

import click


def waiver_options(fn):
    """--waivers and the hidden --today, for every command that runs the pipeline."""
    fn = click.option("--today", hidden=True, envvar="ADVISOR_TODAY", metavar="YYYY-MM-DD",
                      help="Judge waiver expiry and review dates as of this day (for tests).")(fn)
    return click.option("--waivers", "waivers_file", metavar="FILE", type=click.Path(dir_okay=False),
                        help="YAML list of waivers {item, justification, approved_by, expires}; an "
                             "unexpired waiver marks its item waived (docs/reports.md).")(fn)


def report_options(formats, default_help):
    def deco(fn):
        fn = waiver_options(fn)
        fn = click.option("--to", "to", multiple=True, metavar="FORMAT=PATH",
                          help="Also write FORMAT to PATH, atomically; repeat for several formats in one run.")(fn)
        fn = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                          help="Write the report to this file (format from --format, else from the extension).")(fn)
        return click.option("--format", "fmt", type=click.Choice(formats), default=None,
                            help=f"Output format [default: text]. {default_help}")(fn)
    return deco
