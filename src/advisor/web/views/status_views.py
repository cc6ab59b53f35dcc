"""/_status: for the IT person's monitoring. No session, no page, no data about anyone."""

from flask import current_app, jsonify

from . import status


@status.route("/_status")
def show_status():
    store = current_app.extensions["advisor.storage"]
    return jsonify(status="ok", schema=store.version())
