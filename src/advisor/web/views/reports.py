"""The advice and audit pages and every download: renderings of the CLI's own report model.

A page calls the core once (pipeline.run), builds the report dict with report.model, exactly as
`advisor advise --format json` and `advisor audit --format json` do, and renders the report's
document (report.document.build), the same blocks the Word, PDF and HTML files are made of: so
the page and the files say the same things in the same words and order, and only the markup is
the web's (templates/views/reports/_document.html). Downloads go through report.render, the same
function the CLI writes files with.
"""

from dataclasses import dataclass, field

from flask import Response, abort, render_template, request

from ... import report as report_pkg
from ...errors import InputError
from .. import pipeline
from ..auth import may, proposal_or_404, storage, user_is_signed_in
from ..errors import user_errors
from . import main

# What a person can download, in the order the page offers them. PDF appears when the report
# package offers it (H12 adds one); the page asks report.FORMATS rather than assuming.
DOWNLOADS = (
    ("docx", "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("pdf", "PDF", "application/pdf"),
    ("html", "Web page (HTML)", "text/html; charset=utf-8"),
    ("markdown", "Markdown", "text/markdown; charset=utf-8"),
    ("json", "JSON (for other tools)", "application/json"),
)
MEDIA = {fmt: media for fmt, _, media in DOWNLOADS}
MEDIA["junit"] = "application/xml"


# The advice document's parts that have pages of their own (the audit page; the proposal's page
# and its check-answers pages), so the advice page leaves them out.
ADVICE_PARTS_ELSEWHERE = ("audit", "answers")


@dataclass
class Finding:
    """One poison given in full: its heading and the blocks under it, for a <section> of its own."""
    rule: str
    heading: object
    blocks: list = field(default_factory=list)


def page_items(doc, leave_out=()):
    """The document's blocks, without the parts `leave_out` names, each finding's blocks gathered
    into a Finding (from its heading, which carries the rule, to the next heading of its level or
    above)."""
    out, finding, skipping = [], None, False
    for b in doc.blocks:
        kind = type(b).__name__
        if kind == "Heading" and b.level == 1:
            skipping = b.part in leave_out
        if skipping or kind == "PageBreak":
            continue
        if kind == "Heading" and b.level <= 3:
            finding = None
            if b.level == 3 and b.ref:
                finding = Finding(b.ref, b)
                out.append(finding)
                continue
        (finding.blocks if finding else out).append(b)
    return out


def downloads(kind):
    offered = report_pkg.FORMATS.get(kind, ())
    return [{"format": fmt, "text": text, "extension": report_pkg.EXTENSIONS.get(fmt, fmt)}
            for fmt, text, _ in DOWNLOADS if fmt in offered]


def _advice_or_problem(proposal):
    try:
        return pipeline.run(proposal, storage().waivers(proposal["id"])), []
    except InputError as exc:
        return None, user_errors(exc)


def _problem_page(proposal, problems):
    return render_template("views/reports/problem.html", proposal=proposal, errors=problems), 422


@main.route("/proposals/<proposal_id>/advice")
@user_is_signed_in
def advice_page(proposal_id):
    proposal = proposal_or_404(proposal_id)
    advice, problems = _advice_or_problem(proposal)
    if problems:
        return _problem_page(proposal, problems)
    report = pipeline.advice_report(advice)
    doc = pipeline.document(advice, report, "full")
    return render_template("views/reports/advice.html", proposal=proposal, report=report, doc=doc,
                           items=page_items(doc, ADVICE_PARTS_ELSEWHERE), downloads=downloads("advice"))


@main.route("/proposals/<proposal_id>/audit")
@user_is_signed_in
def audit_page(proposal_id):
    proposal = proposal_or_404(proposal_id)
    only_failing = request.args.get("only-failing") == "yes"
    advice, problems = _advice_or_problem(proposal)
    if problems:
        return _problem_page(proposal, problems)
    report = pipeline.audit_report(advice)
    doc = pipeline.document(advice, report, "summary", "failing" if only_failing else None)
    waiver_ids = {w["item"]: w["id"] for w in storage().waivers(proposal["id"])}
    return render_template("views/reports/audit.html", proposal=proposal, report=report, doc=doc,
                           items=page_items(doc), only_failing=only_failing, can_waive=may(proposal, "waive"),
                           waiver_ids=waiver_ids, downloads=downloads("audit"))


@main.route("/proposals/<proposal_id>/download/<name>")
@user_is_signed_in
def download(proposal_id, name):
    proposal = proposal_or_404(proposal_id)
    stem = pipeline.file_name(proposal).rsplit(".", 1)[0]
    if name == "proposal.yaml":
        # Exactly the text that was uploaded: it works in the CLI as it did in the browser.
        return _attachment(proposal["yaml"], "application/yaml; charset=utf-8", f"{stem}.yaml")
    kind, _, ext = name.partition(".")
    offered = {report_pkg.EXTENSIONS.get(f, f): f for f in report_pkg.FORMATS.get(kind, ())}
    fmt = offered.get(ext)
    if kind not in ("advice", "audit") or fmt is None:
        abort(404)
    advice, problems = _advice_or_problem(proposal)
    if problems:
        return _problem_page(proposal, problems)
    report = pipeline.advice_report(advice) if kind == "advice" else pipeline.audit_report(advice)
    body = report_pkg.render(report, fmt)
    return _attachment(body, MEDIA.get(fmt, "application/octet-stream"), f"{stem}-{kind}.{ext}")


def _attachment(body, media, filename):
    response = Response(body, mimetype=None, content_type=media)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
