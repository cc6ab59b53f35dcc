"""A team's portfolio: the same portfolio report `advisor audit DIR` builds, over the proposals
stored for the team."""

from flask import abort, g, render_template

from ... import dates
from ... import portfolio as portfolio_mod
from ...errors import InputError
from .. import pipeline
from ..auth import storage, user_is_signed_in
from . import main


@main.route("/teams")
@user_is_signed_in
def list_teams():
    return render_template("views/teams/list.html", teams=storage().teams_of(g.user["id"]))


@main.route("/teams/<int:team_id>/portfolio")
@user_is_signed_in
def team_portfolio(team_id):
    store = storage()
    team = store.team(team_id)
    if team is None or not store.is_member(team_id, g.user["id"]):
        abort(404)
    today = dates.today()
    advised, by_id, problems = [], {}, []
    for proposal in store.team_proposals(team_id):
        try:
            advice = pipeline.run(proposal, store.waivers(proposal["id"]), today)
        except InputError:
            problems.append(proposal)
            continue
        # The row's "file" is the proposal's id here: the page links each row to its proposal.
        advised.append((proposal["public_id"], advice))
        by_id[proposal["public_id"]] = proposal
    report = portfolio_mod.report(pipeline.kb(), advised, "high", today)
    return render_template("views/teams/portfolio.html", team=team, report=report, proposals=by_id,
                           problems=problems)
