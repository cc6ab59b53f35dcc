"""Blueprints: `main` (every page, one views module per area) and `status` (unauthenticated, unstyled)."""

from flask import Blueprint, abort, flash, redirect, url_for

main = Blueprint("main", __name__)
status = Blueprint("status", __name__)


def confirmed_removal(found, remove, message, endpoint, **values):
    """What every "Remove" button does when pressed (CSRFProtect has checked its token): 404 when
    the thing is not there, as for anything a person may not see; else remove it, say so, and go
    back to the page the button was on."""
    if not found:
        abort(404)
    remove()
    flash(message)
    return redirect(url_for(endpoint, **values))

from . import (  # noqa: E402,F401 - the modules register their routes on the blueprints above
    index,
    interview,
    portfolio,
    proposals,
    reports,
    rules,
    sharing,
    sign_in,
    status_views,
    users,
    waivers,
)
