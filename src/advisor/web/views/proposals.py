"""Proposals: the list, upload, one proposal's page, its name, its team, a new version, deletion."""

from flask import flash, g, redirect, render_template, request, url_for

from ...errors import InputError
from .. import pipeline
from ..auth import may, proposal_or_404, storage, user_is_signed_in
from ..errors import form_page, user_errors
from ..forms import ConfirmForm, TeamForm, TitleForm, UploadForm
from . import main

NO_TEAM = "none"


@main.route("/proposals")
@user_is_signed_in
def list_proposals():
    rows = storage().proposals_for(g.user["id"])
    for row in rows:
        row["relation"] = "owner" if row["owner_id"] == g.user["id"] else None
    return render_template("views/proposals/list.html", proposals=rows, teams=storage().teams_of(g.user["id"]))


def _read_upload(form, errors):
    """(text, parsed) from the uploaded file, or None with `errors` filled from the core's words."""
    upload = form.file.data
    name = pipeline.upload_name(upload.filename)
    raw = upload.read()
    try:
        parsed = pipeline.parse(raw, name)
        text = raw.decode("utf-8-sig")
    except InputError as exc:
        errors.extend(user_errors(exc, "#file"))
        form.file.errors = [errors[0]["text"] if len(errors) == 1 else
                            f"The file has {len(errors)} problems, listed at the top of the page"]
        return None
    return text, parsed


def _team_choices():
    return [(str(t["id"]), t["name"]) for t in storage().teams_of(g.user["id"])]


@main.route("/proposals/upload", methods=["GET", "POST"])
@user_is_signed_in
def upload_proposal():
    form = UploadForm()
    teams = _team_choices()
    form.team.choices = [(NO_TEAM, "No team")] + teams
    form.team.data = form.team.data or NO_TEAM  # no <select> when the person is in no team
    errors = None  # the form's own, unless the file itself is wrong
    if form.validate_on_submit():
        team_id = None if form.team.data == NO_TEAM else int(form.team.data)
        errors = []
        loaded = _read_upload(form, errors)
        if loaded:
            text, parsed = loaded
            name = pipeline.upload_name(form.file.data.filename)
            title = parsed.get("title") or (parsed.get("service") or {}).get("name") or name.rsplit(".", 1)[0]
            proposal = storage().add_proposal(g.user["id"], str(title)[:200], text, team_id)
            flash(f"Proposal uploaded: {proposal['title']}")
            return redirect(url_for("main.show_proposal", proposal_id=proposal["public_id"]))
    return form_page("views/proposals/upload.html", form, errors, teams=teams, replacing=None)


@main.route("/proposals/<proposal_id>")
@user_is_signed_in
def show_proposal(proposal_id):
    proposal = proposal_or_404(proposal_id)
    store = storage()
    problems = []
    sections = []
    readiness = None
    try:
        advice = pipeline.run(proposal, store.waivers(proposal["id"]))
    except InputError as exc:  # stored before a knowledge-base change made it invalid
        problems = user_errors(exc)
    else:
        audit = pipeline.audit_report(advice)
        sections = audit["sections"]
        readiness = pipeline.advice_report(advice)["summary"]["readiness"]
    team = store.team(proposal["team_id"]) if proposal["team_id"] else None
    owner = store.user(proposal["owner_id"])
    return render_template("views/proposals/show.html", proposal=proposal, owner=owner, team=team,
                           sections=sections, readiness=readiness, errors=problems,
                           shares=store.shares(proposal["id"]) if may(proposal, "share") else [],
                           can_edit=may(proposal, "edit"), can_share=may(proposal, "share"),
                           can_waive=may(proposal, "waive"), waivers=store.waivers(proposal["id"]))


@main.route("/proposals/<proposal_id>/name", methods=["GET", "POST"])
@user_is_signed_in
def change_title(proposal_id):
    proposal = proposal_or_404(proposal_id, "edit")
    form = TitleForm(data={"title": proposal["title"]} if request.method == "GET" else None)
    return _change(proposal, form, "views/proposals/name.html", "Name changed", lambda: {"title": form.title.data})


@main.route("/proposals/<proposal_id>/team", methods=["GET", "POST"])
@user_is_signed_in
def change_team(proposal_id):
    proposal = proposal_or_404(proposal_id, "share")
    teams = _team_choices()
    form = TeamForm(data={"team": str(proposal["team_id"] or NO_TEAM)} if request.method == "GET" else None)
    form.team.choices = teams + [(NO_TEAM, "No team")]
    return _change(proposal, form, "views/proposals/team.html", "Team changed",
                   lambda: {"team_id": None if form.team.data == NO_TEAM else int(form.team.data)})


def _change(proposal, form, template, message, changes):
    """One change to a proposal's details: saved (`changes()`, the columns to set) and back to its
    page, or the form again with its errors."""
    if form.validate_on_submit():
        storage().update_proposal(proposal["id"], **changes())
        flash(message)
        return redirect(url_for("main.show_proposal", proposal_id=proposal["public_id"]))
    return form_page(template, form, proposal=proposal)


@main.route("/proposals/<proposal_id>/new-version", methods=["GET", "POST"])
@user_is_signed_in
def replace_proposal(proposal_id):
    proposal = proposal_or_404(proposal_id, "edit")
    form = UploadForm()
    form.team.choices = [(NO_TEAM, "No team")]
    form.team.data = NO_TEAM  # a new version stays in its team
    errors = None  # the form's own, unless the file itself is wrong
    if form.validate_on_submit():
        errors = []
        loaded = _read_upload(form, errors)
        if loaded:
            storage().update_proposal(proposal["id"], yaml=loaded[0])
            flash("New version uploaded")
            return redirect(url_for("main.show_proposal", proposal_id=proposal_id))
    return form_page("views/proposals/upload.html", form, errors, teams=[], replacing=proposal)


@main.route("/proposals/<proposal_id>/delete", methods=["GET", "POST"])
@user_is_signed_in
def delete_proposal(proposal_id):
    proposal = proposal_or_404(proposal_id, "share")
    form = ConfirmForm()
    if form.validate_on_submit():
        storage().delete_proposal(proposal["id"])
        flash(f"Proposal deleted: {proposal['title']}")
        return redirect(url_for("main.list_proposals"))
    return render_template("views/proposals/delete.html", form=form, proposal=proposal)
