"""Waivers: an auditor records a signed-off decision not to do a checklist item, with a reason and
an expiry date, as in a waivers file for `advisor audit --waivers`. The core judges them."""

from flask import flash, g, redirect, render_template, url_for

from ...errors import InputError
from .. import pipeline
from ..auth import proposal_or_404, storage, user_is_signed_in
from ..errors import form_page, sentence, user_errors
from ..forms import WaiverForm
from ..storage import StorageError
from . import confirmed_removal, main


@main.route("/proposals/<proposal_id>/waivers/add", methods=["GET", "POST"])
@user_is_signed_in
def add_waiver(proposal_id):
    proposal = proposal_or_404(proposal_id, "waive")
    store = storage()
    try:
        advice = pipeline.run(proposal, store.waivers(proposal["id"]))
    except InputError as exc:
        return render_template("views/reports/problem.html", proposal=proposal, errors=user_errors(exc)), 422
    waived = {w["item"] for w in store.waivers(proposal["id"])}
    # Only items that apply and are not done can be waived; the core decided which those are.
    items = [(e.item.id, e.item.question) for e in advice.audit
             if e.status not in ("present", "not_applicable", "waived") and e.item.id not in waived]
    form = WaiverForm(items=items)
    if form.validate_on_submit():
        try:
            store.add_waiver(proposal["id"], form.item.data, " ".join(form.justification.data.split()),
                             form.approved_by.data or "", form.expires.isoformat(), g.user["id"])
        except StorageError as exc:
            form.item.errors.append(sentence(exc))
        else:
            flash("Waiver added")
            return redirect(url_for("main.audit_page", proposal_id=proposal_id))
    return form_page("views/waivers/add.html", form, proposal=proposal)


@main.route("/proposals/<proposal_id>/waivers/<int:waiver_id>/remove", methods=["POST"])
@user_is_signed_in
def remove_waiver(proposal_id, waiver_id):
    proposal = proposal_or_404(proposal_id, "waive")
    store = storage()
    return confirmed_removal(store.waiver(proposal["id"], waiver_id) is not None,
                             lambda: store.delete_waiver(proposal["id"], waiver_id),
                             "Waiver removed", "main.audit_page", proposal_id=proposal_id)
