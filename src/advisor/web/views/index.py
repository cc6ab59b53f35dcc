"""The start page and the accessibility statement: open to everyone."""

from flask import g, render_template

from ..auth import storage
from . import main


@main.route("/")
def index():
    recent = storage().proposals_for(g.user["id"])[:5] if g.user else []
    return render_template("views/index.html", recent=recent)


@main.route("/accessibility-statement")
def accessibility_statement():
    return render_template("views/accessibility-statement.html")
