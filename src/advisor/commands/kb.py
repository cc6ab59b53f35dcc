"""`advisor kb ...`: check and describe the knowledge base."""

import click

from ..cli import UserError, kb_option, user_errors


@click.group()
def kb():
    """Check and describe the knowledge base."""


@kb.command("check")
@kb_option
@user_errors
def kb_check(kb_dir):
    """Validate the knowledge base: structure, every quote against its source, prerequisites (no
    dangling item, no cycle), conditions, and every rule's test cases run through the engine."""
    from .. import knowledge
    from ..kbcheck import all_citations, check

    kb = knowledge.load(kb_dir)
    problems = check(kb)
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        raise UserError(f"kb check failed: {len(problems)} problem(s) in {kb.root}")
    cites = sum(1 for _ in all_citations(kb))
    tests = sum(len(r.tests) for r in kb.rules.values())
    click.echo(f"ok: {len(kb.rules)} rules, {len(kb.items)} checklist items, {cites} quotes verified, "
               f"{tests} rule tests passed ({kb.root})")


command = kb
