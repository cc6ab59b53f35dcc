"""`advisor kb ...`: check and describe the knowledge base."""

import click

from ..cli_options import UserError, kb_option, user_errors


@click.group()
def kb():
    """Check and describe the knowledge base."""


@kb.command("check")
@kb_option
@user_errors
def kb_check(kb_dir):
    """Validate the knowledge base: structure, every quote against its source, prerequisites (no
    dangling item, no cycle), conditions, and every rule's test cases run through the engine.

    Every number a condition compares with must be in a quote of the rule or marked as advisor's
    judgement, and two lessons whose antidotes take opposite stances on one checklist item must be
    declared as a tension. It lists every judgement.

    It then looks for anomalies: rules with the same condition (an error), rules that fire exactly
    where another fires or only where another fires (warnings), conditions that can never hold,
    mitigations that never apply, and proposal fields that nothing uses. Exit 2 on any error.
    """
    from .. import knowledge
    from ..kbcheck import all_citations, check

    from ..kbcheck import anomalies

    kb = knowledge.load(kb_dir)
    problems = check(kb)
    found = [] if problems else anomalies(kb)
    errors = [a for a in found if a.level == "error"]
    for a in found:
        if a.level == "warning":
            click.echo(str(a), err=True)
    if problems or errors:
        for p in problems + errors:
            click.echo(str(p), err=True)
        raise UserError(f"kb check failed: {len(problems) + len(errors)} problem(s) in {kb.root}")
    cites = sum(1 for _ in all_citations(kb))
    tests = sum(len(r.tests) for r in kb.rules.values())
    click.echo(f"ok: {len(kb.rules)} rules, {len(kb.items)} checklist items, {cites} quotes verified, "
               f"{tests} rule tests passed ({kb.root})")
    from ..kbcheck import judgements
    from ..suitability import VERDICT_JUDGEMENT

    marked = judgements(kb)
    click.echo(f"Advisor's own judgements ({len(marked) + 1}), shown as such in every report:")
    for owner, j in marked:
        click.echo(f"  {owner}: {j.text}\n      reason: {j.reason}")
    click.echo(f"  delivery-model verdict: {VERDICT_JUDGEMENT['text']}\n      reason: {VERDICT_JUDGEMENT['reason']}")



@kb.command("stats")
@kb_option
@user_errors
def kb_stats(kb_dir):
    """Counts per rule family and per source, and how much of each source is cited.

    Coverage is the share of a source's numbered paragraphs (e.g. 3.4.1) that some citation names.
    Papers that number few paragraphs (rmbc-2010, the enc-2017 checklist) show a small base.
    """
    from .. import knowledge
    from ..kbcheck import stats

    s = stats(knowledge.load(kb_dir))
    click.echo(f"{s['rules']} rules, {s['derivations']} derivations, {s['items']} checklist items, "
               f"{s['criteria']} suitability criteria, {s['models']} delivery models")
    click.echo("\nRules per family:")
    for fam, n in s["families"].items():
        click.echo(f"  {fam:<16} {n:>4}")
    click.echo("\nChecklist items per section:")
    for sec, n in s["sections"].items():
        click.echo(f"  {sec:<16} {n:>4}")
    click.echo("\nCitations per source, and numbered paragraphs cited:")
    for sid, n in sorted(s["sources"].items()):
        hit, total = s["coverage"].get(sid, (0, 0))
        share = f"{hit}/{total} ({100 * hit // total}%)" if total else "no numbered paragraphs"
        click.echo(f"  {sid:<10} {n:>4} citations   {share}")


command = kb
