"""Sign in and sign out. Throttled: too many wrong passwords lock that name (and address) a while."""

from flask import g, redirect, render_template, request, url_for

from .. import auth
from ..errors import form_errors
from ..forms import ConfirmForm, SignInForm
from . import main


@main.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    next_page = auth.safe_next(request.args.get("next"))
    if g.user is not None:
        return redirect(next_page or url_for("main.list_proposals"))
    form = SignInForm()
    errors = []
    status = 200
    if form.validate_on_submit():
        try:
            user = auth.check_credentials(form.name.data, form.password.data)
        except auth.Throttled as exc:
            user = None
            errors = [{"text": f"Too many attempts to sign in. Wait {exc.minutes} "
                               f"minute{'s' if exc.minutes != 1 else ''} and try again.", "href": "#name"}]
            status = 429
        else:
            if user is not None:
                auth.sign_in(user)
                return redirect(next_page or url_for("main.list_proposals"))
            errors = [{"text": "The user name or password is not right", "href": "#name"}]
            form.name.errors.append("The user name or password is not right")
    else:
        errors = form_errors(form)
    return render_template("views/sign-in.html", form=form, errors=errors), status


@main.route("/sign-out", methods=["POST"])
def sign_out():
    ConfirmForm()  # CSRFProtect has checked the token already
    auth.sign_out()
    return redirect(url_for("main.signed_out"))


@main.route("/signed-out")
def signed_out():
    return render_template("views/signed-out.html")
