"""The start page and the accessibility statement: open to everyone."""

from flask import current_app, g, render_template

from ...interview import flow, keyfacts
from ..auth import storage
from . import main


@main.route("/")
def index():
    recent = storage().proposals_for(g.user["id"])[:5] if g.user else []
    # How long the key facts take and what to have to hand: the interview core's own figures and
    # words, as `advisor interview` shows them on its start screen.
    return render_template("views/index.html", recent=recent, key_questions=keyfacts.TARGET,
                           key_minutes=max(1, keyfacts.TARGET // 3), have_to_hand=flow.HAVE_TO_HAND,
                           checklist_items=len(current_app.extensions["advisor.kb"].items))


@main.route("/accessibility-statement")
def accessibility_statement():
    return render_template("views/accessibility-statement.html")
