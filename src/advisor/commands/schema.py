"""`advisor schema`: the proposal format as JSON Schema."""

import click

from ..cli_options import kb_option, user_errors


@click.command()
@kb_option
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the schema to this file.")
@user_errors
def schema(kb_dir, output):
    """Print the proposal format as JSON Schema, for editors that validate YAML.

    Checklist item ids in `answers` are listed from the knowledge base in use.
    """
    import json

    from .. import knowledge
    from ..schema import json_schema

    kb = knowledge.load(kb_dir)
    _emit(json.dumps(json_schema(set(kb.items)), indent=2) + "\n", output)


def _emit(text, output):
    if output:
        from ..atomic import write_text

        write_text(output, text)
    else:
        click.echo(text, nl=False)


command = schema
