"""Who else can see a proposal: its owner adds colleagues (perhaps from a partner council) as
editors or readers, and removes them."""

from flask import flash, g, redirect, url_for

from ..auth import proposal_or_404, storage, user_is_signed_in
from ..errors import form_page
from ..forms import ConfirmForm, ShareForm
from . import confirmed_removal, main


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
    return form_page("views/proposals/sharing.html", form, proposal=proposal, shares=store.shares(proposal["id"]),
                     remove_form=ConfirmForm())


@main.route("/proposals/<proposal_id>/sharing/<int:user_id>/remove", methods=["POST"])
@user_is_signed_in
def stop_sharing(proposal_id, user_id):
    proposal = proposal_or_404(proposal_id, "share")
    store = storage()
    other = store.user(user_id)
    return confirmed_removal(store.access(proposal["id"], user_id) is not None,
                             lambda: store.unshare(proposal["id"], user_id),
                             f"{other['name']} can no longer see this proposal" if other else "Removed",
                             "main.sharing", proposal_id=proposal_id)


@main.app_context_processor
def _current_user():
    return {"current_user": g.get("user")}
