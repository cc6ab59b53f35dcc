"""Blueprints: `main` (every page, one views module per area) and `status` (unauthenticated, unstyled)."""

from flask import Blueprint

main = Blueprint("main", __name__)
status = Blueprint("status", __name__)

from . import (  # noqa: E402,F401 - the modules register their routes on the blueprints above
    index,
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
