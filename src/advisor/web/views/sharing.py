"""Who else can see a proposal: its owner adds colleagues (perhaps from a partner council) as
editors or readers, and removes them."""

from flask import abort, flash, g, redirect, render_template, url_for

from ..auth import proposal_or_404, storage, user_is_signed_in
from ..errors import form_errors
from ..forms import ConfirmForm, ShareForm
from . import main


@main.route("/proposals/<proposal_id>/sharing", methods=["GET", "POST"])
@user_is_signed_in
def sharing(proposal_id):
    proposal = proposal_or_404(proposal_id, "share")
    store = storage()
    form = ShareForm()
    if form.validate_on_submit():
        other = store.user_by_name(form.name.data)
        if other is None or other["disabled"]:
            form.name.errors.append("There is no user with that name. Check it with your colleague")
        elif other["id"] == proposal["owner_id"]:
            form.name.errors.append("You own this proposal already")
        else:
            store.share(proposal["id"], other["id"], form.access.data)
            flash(f"{other['name']} can now {'read and change' if form.access.data == 'editor' else 'read'} "
                  "this proposal")
            return redirect(url_for("main.sharing", proposal_id=proposal_id))
    errors = form_errors(form)
    return render_template("views/proposals/sharing.html", proposal=proposal, form=form, errors=errors,
                           shares=store.shares(proposal["id"]), remove_form=ConfirmForm()), 400 if errors else 200


@main.route("/proposals/<proposal_id>/sharing/<int:user_id>/remove", methods=["POST"])
@user_is_signed_in
def stop_sharing(proposal_id, user_id):
    proposal = proposal_or_404(proposal_id, "share")
    ConfirmForm()
    store = storage()
    if store.access(proposal["id"], user_id) is None:
        abort(404)
    store.unshare(proposal["id"], user_id)
    flash(f"{store.user(user_id)['name']} can no longer see this proposal" if store.user(user_id) else "Removed")
    return redirect(url_for("main.sharing", proposal_id=proposal_id))


@main.app_context_processor
def _current_user():
    return {"current_user": g.get("user")}
