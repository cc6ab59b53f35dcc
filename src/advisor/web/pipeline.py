"""Stored proposal -> the core's pipeline -> the report model. The web's only way into the core.

The same calls as `advisor advise` and `advisor audit`: proposal.load_text (the CLI's loader, so an
error keeps its file, line and key), advice.advise, report.model; waivers stored in the database
become the core's Waiver objects, judged by the core exactly as a waivers file would be.
"""

import datetime
import posixpath

from flask import current_app

from .. import dates, proposal as proposal_mod
from ..advice import advise
from ..report import model
from ..waivers import Waiver


def kb():
    return current_app.extensions["advisor.kb"]


def file_name(proposal):
    """The name errors and downloads use: the title made safe for a file name."""
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in proposal["title"].lower()).strip("-")
    return f"{'-'.join(filter(None, stem.split('-')))[:60] or 'proposal'}.yaml"


def upload_name(filename):
    """An uploaded file's own name, without any folder a browser sent."""
    return posixpath.basename((filename or "").replace("\\", "/")) or "proposal.yaml"


def parse(text, name):
    """The proposal as the core reads it; InputError/InputErrors (file, line, key) when it is bad."""
    return proposal_mod.load_text(text, kb(), name)


def waivers(rows):
    return [Waiver(r["item"], r["justification"], r["approved_by"] or "",
                   datetime.date.fromisoformat(r["expires"]), 0) for r in rows]


def run(proposal, waiver_rows, today=None):
    """The core's Advice for a stored proposal and its stored waivers."""
    name = file_name(proposal)
    parsed = parse(proposal["yaml"], name)
    with current_app.extensions["advisor.engine_lock"]:
        return advise(kb(), parsed, name, today or dates.today(), waivers(waiver_rows))


def advice_report(advice):
    return model.advice_report(advice, kb())


def audit_report(advice, fail_on="high"):
    return model.audit_report(advice, kb(), fail_on)
