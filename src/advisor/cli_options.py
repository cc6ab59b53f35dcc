"""What every command shares: its options, as decorators defined once, and the one way a user's
mistake ends (UserError: one line, exit 2). Only click is imported here, so `--help` stays instant,
and commands/*.py import from here, never from cli.py (which imports them)."""

import functools

import click

from .errors import EXIT_BAD_INPUT, InputError

FORMATS = ("text", "markdown", "json")


class UserError(click.ClickException):
    """Bad input or usage: one line per problem on stderr, exit 2, never a traceback."""

    exit_code = EXIT_BAD_INPUT


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
    """--format for the reports written only as text, markdown or json (next, diff)."""
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                        help="Output format. json is stable and carries a schema version.")(fn)


def output_option(fn):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
                        help="Write the report to this file instead of standard output.")(fn)


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


DETAIL_HELP = ("How much to write: 'summary' is the one-page summary, the poisons and the actions (at "
               "most six A4 pages for the bundled example); 'full' adds the delivery model in detail, "
               "the stage plan, the whole audit and the answers. [default: full for json, else summary]")
PAPER_HELP = "Page size of docx and pdf (and of printed html): a4 or letter."
TEMPLATE_HELP = ("Build the Word report on this council template (.docx): its styles, header, footer "
                 "and logo are kept, its body replaced (docs/reports.md says how to make one).")
ONLY_HELP = "'failing': only the items that fail the audit, each with its `advisor explain` pointer."


def presentation_options(detail=False, only=False):
    """--paper and --template for every document report; --detail (advise) and --only (audit)."""
    def deco(fn):
        fn = click.option("--template", type=click.Path(dir_okay=False), metavar="FILE.docx", default=None,
                          help=TEMPLATE_HELP)(fn)
        fn = click.option("--paper", type=click.Choice(("a4", "letter")), default=None, help=PAPER_HELP)(fn)
        if only:
            fn = click.option("--only", type=click.Choice(("failing",)), default=None, help=ONLY_HELP)(fn)
        if detail:
            fn = click.option("--detail", type=click.Choice(("summary", "full")), default=None,
                              help=DETAIL_HELP)(fn)
        return fn
    return deco

