"""`advisor explain ID`: one rule or checklist item, in full."""

import click

from ..cli_options import kb_option, user_errors


@click.command()
@click.argument("id")
@kb_option
@user_errors
def explain(id, kb_dir):
    """Show a rule or a checklist item by ID: its text, its condition in words, its citations with
    quotes, and what depends on it."""
    from .. import knowledge
    from ..explain import explain as run

    kb = knowledge.load(kb_dir)
    click.echo(run(kb, id), nl=False)


command = explain
